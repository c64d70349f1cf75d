"""Text values of the edit gate: names and free text, and what a message may quote of them.

Part of :mod:`finops_desktop.domain.values`, which is where callers take these kinds from.
"""

from __future__ import annotations

import re
import unicodedata

from .record import record

#: Characters that reorder or hide the text around them: in a name or a handed-over workbook
#: they make one text read as another.
BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
#: Characters that take no room and join nothing: two names that differ only by these look the same.
#: (The zero-width joiner and non-joiner shape emoji and several scripts, so they stay.)
INVISIBLE_IN_NAMES = frozenset("\u00ad\u034f\u180e\u200b\u2060\u2061\u2062\u2063\u2064\ufeff")

#: A month's cloud spend beyond any organisation's (a trillion): larger figures are typing errors.
MAX_MONTHLY_SPEND = 1e12
MAX_NAME_LENGTH = 200
#: A note fits in one spreadsheet cell (32,767 characters) with room to spare.
MAX_NOTE_LENGTH = 32_000
MAX_REASONING_LENGTH = 2_000
MAX_PARTICIPANTS_LENGTH = 2_000
CONFIDENCE_LEVELS = ("low", "medium", "high")


class ValueRefused(ValueError):
    """A value that cannot be used; the message says why, in one line for a person."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


# Text -------------------------------------------------------------------------------------


def shown(value: object, limit: int = 40) -> str:
    """What was typed, as a message may quote it: one line, control characters escaped, cut short."""
    text = value if isinstance(value, str) else repr(value)
    visible = "".join(c if unicodedata.category(c)[0] != "C" else f"\\u{ord(c):04x}" for c in text)
    return visible if len(visible) <= limit else visible[:limit] + "…"


_ASCII_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_ASCII_CONTROL_BUT_LINES = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def _odd_character(text: str, *, allow_newlines: bool, in_name: bool) -> str | None:
    """The first character that has no place in such a text, described for a person."""
    if text.isascii():  # most text: only control characters can be odd, found without a loop in Python
        found = (_ASCII_CONTROL_BUT_LINES if allow_newlines else _ASCII_CONTROL).search(text)
        return None if found is None else f"a control character (U+{ord(found.group()):04X})"
    for character in text:
        category = unicodedata.category(character)
        if category == "Cc" and not (allow_newlines and character in "\n\t"):
            return f"a control character (U+{ord(character):04X})"
        if category == "Cs":
            return f"a broken character (a lone surrogate, U+{ord(character):04X})"
        if character in BIDI_CONTROLS:
            return f"an invisible direction mark (U+{ord(character):04X} {unicodedata.name(character, '')})".rstrip()
        if in_name and character in INVISIBLE_IN_NAMES:
            return f"an invisible character (U+{ord(character):04X})"
        if category == "Co" or (ord(character) & 0xFFFE == 0xFFFE) or 0xFDD0 <= ord(character) <= 0xFDEF:
            return f"a character no text may hold (U+{ord(character):04X})"
    return None


def odd_character(text: str, *, allow_newlines: bool = True) -> str | None:
    """The first character no text of a workshop may hold (control, direction mark, noncharacter), described."""
    return _odd_character(text, allow_newlines=allow_newlines, in_name=False)


@record
class Name:
    """A one-line name: of the client, a business unit, a round, a participant."""

    what: str
    max_length: int = MAX_NAME_LENGTH

    def parse(self, text: str) -> str:
        return self.check(text)

    def check(self, value: object) -> str:
        if not isinstance(value, str):
            raise ValueRefused(f"the {self.what} must be text")
        text = unicodedata.normalize("NFC", value).strip()
        if not text:
            raise ValueRefused(f"the {self.what} must not be empty")
        if len(text) > self.max_length:
            raise ValueRefused(f"the {self.what} is too long ({len(text):,} characters; at most {self.max_length:,})")
        odd = _odd_character(text, allow_newlines=False, in_name=True)
        if odd:
            raise ValueRefused(f"the {self.what} contains {odd}; names are one line of visible text")
        return text


@record
class FreeText:
    """Text as typed (notes, reasoning, who was in the room); may be empty."""

    what: str
    max_length: int = MAX_NOTE_LENGTH
    multiline: bool = True
    required: bool = False

    def parse(self, text: str) -> str:
        return self.check(text)

    def check(self, value: object) -> str:
        if value is None:
            value = ""
        if not isinstance(value, str):
            raise ValueRefused(f"the {self.what} must be text")
        text = value.replace("\r\n", "\n")
        if not self.multiline:
            text = text.strip()
        if self.required and not text.strip():
            raise ValueRefused(f"the {self.what} must not be empty")
        if len(text) > self.max_length:
            raise ValueRefused(f"the {self.what} is too long ({len(text):,} characters; at most {self.max_length:,})")
        odd = _odd_character(text, allow_newlines=self.multiline, in_name=False)
        if odd:
            raise ValueRefused(f"the {self.what} contains {odd}; remove it")
        return text
