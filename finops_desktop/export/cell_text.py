"""Putting text that people typed into cells, so that it stays text.

openpyxl turns any string that starts with ``=`` into a formula and strings such as
``#N/A`` into error values; a spreadsheet application may also treat text starting with
``+``, ``-`` or ``@`` as a formula when someone edits the cell. A workbook handed to a
client must contain no formula the app did not write, so every piece of text goes through
:func:`put_text`: it is stored as a string cell, marked with a quote prefix when it could
read as a formula, cleaned of characters XML cannot hold, and cut to the size Excel allows.
"""

from __future__ import annotations

import math
import re
from typing import Any

from openpyxl.cell.cell import Cell

#: Excel holds at most this many characters in one cell, counted in UTF-16 code units: a
#: character outside the Basic Multilingual Plane (most emoji) counts twice.
MAX_CELL_CHARS = 32_767
TRUNCATION_MARKER = " … [text cut: Excel holds at most 32,767 characters in a cell]"

# XML 1.0 holds tab, line feed and carriage return but no other control character, no
# lone surrogate and neither U+FFFE nor U+FFFF.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")


def clean_text(text: str) -> str:
    """``text`` as a cell can hold it: no characters XML refuses, Excel's line breaks, cut to size.

    A carriage return becomes a line feed (Excel's line break; XML would turn it into
    one when the file is read anyway).
    """
    text = _NOT_XML.sub("", text)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if len(text) > MAX_CELL_CHARS // 2 and utf16_length(text) > MAX_CELL_CHARS:
        text = _cut_utf16(text, MAX_CELL_CHARS - utf16_length(TRUNCATION_MARKER)) + TRUNCATION_MARKER
    return text


def utf16_length(text: str) -> int:
    """The length of ``text`` as Excel counts it: in UTF-16 code units."""
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def _cut_utf16(text: str, units: int) -> str:
    """The longest start of ``text`` that fits in ``units`` UTF-16 code units, never half a character."""
    encoded = text.encode("utf-16-le", "surrogatepass")[: 2 * units]
    if len(encoded) >= 2 and 0xD8 <= encoded[-1] <= 0xDB:  # a high surrogate whose pair was cut off
        encoded = encoded[:-2]
    return encoded.decode("utf-16-le", "surrogatepass")


def could_read_as_formula(text: str) -> bool:
    """Whether a spreadsheet application might take ``text`` for a formula when it is edited."""
    return text.lstrip(" ").startswith(_FORMULA_START)


def put_text(cell: Cell, text: str | None) -> Cell:
    """Write ``text`` into ``cell`` as a string, whatever it looks like."""
    if text is None or text == "":
        cell.value = None
        return cell
    text = clean_text(str(text))
    cell.value = text
    # openpyxl infers "f" (formula) for a leading "=" and "e" for error codes; force text.
    cell.data_type = "s"
    if could_read_as_formula(text):
        cell.quotePrefix = True
    return cell


def put(cell: Cell, value: Any) -> Cell:
    """Write a number, a bool, nothing, or text (through :func:`put_text`)."""
    if isinstance(value, float) and not math.isfinite(value):
        value = None  # Excel has no NaN or infinity; such a number would need a repair
    if value is None or isinstance(value, bool | int | float):
        cell.value = value
        return cell
    return put_text(cell, str(value))
