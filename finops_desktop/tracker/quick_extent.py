"""A part's reach read from its bytes alone, where every cell names its own place.

Following a sheet's XML element by element (:mod:`.sheet_size`) costs about two microseconds
an element, over a second for the tracker of a 1,000-unit workshop. Excel, LibreOffice and
openpyxl write each ``<c>`` with its reference (``r="L12001"``), and calamine places such a cell
by that reference alone, whatever the markup around it. So when every cell tag of a part is
found, each with exactly one plain reference, the largest reference is how far the part
reaches: a cell cannot be missed, since every ``<c`` in the bytes is counted, and an empty
cell counted too only makes the answer larger. Anything less certain (a cell without its
reference, an attribute that could hide one, other encodings, an OpenDocument part, two
sheets in one part) answers ``None``, and the part is followed element by element.
"""

from __future__ import annotations

import re
from typing import IO

#: Every opening of a cell tag, ``<c`` or ``<x:c``, in any case (counted, never skipped): with a prefix,
#: ``:c`` is counted wherever it stands, which can only count more.
_CELL_OPENING = re.compile(rb"<[cC][\s/>]")
_PREFIXED_CELL_OPENING = re.compile(rb":[cC][\s/>]")
#: The end tags among those: each holds one ``:c>``, so taking them off still counts every opening.
_PREFIXED_CELL_END = re.compile(rb"</[A-Za-z_][\w.-]*:[cC]>")
#: An attribute's name, with at most one prefix (``t``, ``x:t``).
_NAME = rb"[A-Za-z_][\w.-]*(?::[A-Za-z_][\w.-]*)?"
_PLAIN_VALUE = rb'"[^"<>&\']*"'
_NOT_REFERENCE = rb"(?!(?:[A-Za-z_][\w.-]*:)?r=)"
#: A cell tag whose attributes are all double-quoted plain values (no quote, ``<``, ``>`` or entity
#: inside), exactly one of them ``r`` (with or without a prefix) holding a reference such as ``L12001``.
_PLAIN_CELL = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?c"
                         rb"(?:\s+" + _NOT_REFERENCE + _NAME + rb"=" + _PLAIN_VALUE + rb")*"
                         rb'\s+(?:[A-Za-z_][\w.-]*:)?r="([A-Z]{1,3})([1-9][0-9]{0,6})"'
                         rb"(?:\s+" + _NOT_REFERENCE + _NAME + rb"=" + _PLAIN_VALUE + rb")*\s*/?>")
#: A plain cell tag as writers make it: ``r`` first, then lower-case attributes only.
_WRITTEN_CELL = re.compile(rb'<c r="([A-Z]{1,3})([1-9][0-9]{0,6})"(?: [a-z]{1,16}="[^"<>&\']*")*/?>')
#: Markup of another kind of sheet, or of more than one, that only the element-by-element reading places.
_OTHER_MARKUP = (b"table-row", b"table-cell", b"table:table")
_SHEET_OPENING = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?sheetData(?=[\s/>])")
_CHUNK = 1 << 16
#: A tag this long is not one of a workbook's cells: the part is followed element by element.
_LONGEST_TAG = 4096


def quick_extent(stream: IO[bytes]) -> tuple[int, int, int] | None:
    """(rows, columns, cells) the part read from ``stream`` reaches from A1, or None when not certain."""
    rows = columns = cells = sheets = 0
    carried = b""
    while chunk := stream.read(_CHUNK):
        if b"\x00" in chunk:
            return None  # not UTF-8 text: UTF-16 or UTF-32, or not XML at all
        window = carried + chunk
        cut = window.rfind(b"<")
        if cut == -1 or window.find(b">", cut) != -1:
            cut = len(window)  # the window ends outside a tag
        elif len(window) - cut > _LONGEST_TAG:
            return None
        body, carried = window[:cut], window[cut:]
        if any(mark in body for mark in _OTHER_MARKUP):
            return None
        sheets += len(_SHEET_OPENING.findall(body))
        found = _measure(body)
        if found is None:
            return None
        rows, columns, cells = max(rows, found[0]), max(columns, found[1]), cells + found[2]
    # An unfinished tag at the very end holds no cell calamine can place, unless it is one.
    if carried and (_CELL_OPENING.search(carried) or _PREFIXED_CELL_OPENING.search(carried)
                    or any(mark in carried for mark in _OTHER_MARKUP)):
        return None
    return None if sheets > 1 else (rows, columns, cells)


def _measure(body: bytes) -> tuple[int, int, int] | None:
    """The farthest cell of ``body`` (whole tags only), or None if a cell tag is not a plain one."""
    openings = (len(_CELL_OPENING.findall(body)) + len(_PREFIXED_CELL_OPENING.findall(body))
                - len(_PREFIXED_CELL_END.findall(body)))
    if not openings:
        return 0, 0, 0
    references = _WRITTEN_CELL.findall(body)  # as the app, openpyxl and Excel write them: found twice as fast
    if len(references) != openings:
        references = _PLAIN_CELL.findall(body)
    if len(references) != openings:
        return None  # a cell without its reference, with two, or with an attribute that could hide one
    letters, numbers = zip(*references, strict=True)
    return max(map(int, numbers)), max(map(_column_number, set(letters))), openings


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number
