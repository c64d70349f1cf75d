"""Text from a file, made safe for a terminal: a crafted file cannot send escape sequences through it."""

from __future__ import annotations

import unicodedata


def safe_text(text: str, *, in_json: bool = False) -> str:
    """``text`` with control, format-direction and unpaired surrogate characters shown as ``\\xNN`` / ``\\uNNNN``.

    Newlines and tabs are kept (the output is laid out with them); everything else that a
    terminal would act on instead of print (ESC, CSI, bell, backspace, bidi overrides) is
    written out visibly; ``in_json`` writes them as JSON escapes, so the document stays valid.
    """
    if text.isprintable():
        return text
    out = []
    for character in text:
        category = unicodedata.category(character)
        if character in "\n\t" or not (category in ("Cc", "Cs") or (category == "Cf" and _reorders(character))):
            out.append(character)
        elif 0xDC80 <= ord(character) <= 0xDCFF and not in_json:  # a byte of a name that is not UTF-8
            out.append(f"\\x{ord(character) - 0xDC00:02x}")
        elif ord(character) < 0x100 and not in_json:
            out.append(f"\\x{ord(character):02x}")
        else:
            out.append(f"\\u{ord(character):04x}")
    return "".join(out)


def _reorders(character: str) -> bool:
    return unicodedata.bidirectional(character) in ("LRE", "RLE", "LRO", "RLO", "PDF", "LRI", "RLI", "FSI", "PDI")
