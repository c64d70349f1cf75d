"""Printing at a readable size: a sheet too wide for one page spreads over as many as keep text at 8 pt or more.

Fitting a wide table to one page width shrinks an 11-point font below what anyone can read on
paper. Each sheet that fits to the page width is given as many pages across as keep the scale
at or above ``MIN_SCALE``; the sheets say which columns repeat on every page (the step and the
unit), so each page still reads on its own.
"""

from __future__ import annotations

import math

from openpyxl.utils import column_index_from_string, get_column_letter
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

#: The workbook's text is 11 pt; printed at this scale or more it stays at 8 pt or more.
BODY_POINTS = 11.0
MIN_POINTS = 8.0
MIN_SCALE = MIN_POINTS / BODY_POINTS
#: Paper width and height in inches.
PAPER_INCHES = {"A4": (8.27, 11.69), "Letter": (8.5, 11.0)}
DEFAULT_WIDTH = 8.43  # Excel's default column width, in characters


def column_points(width: float) -> float:
    """A column's printed width in points, from its width in characters (Calibri 11: 7 pixels each, plus 5)."""
    return (width * 7 + 5) * 0.75


def printed_width(ws: Worksheet) -> float:
    """The width in points of the columns the sheet prints (its print area, else every used column)."""
    first, last = 1, ws.max_column
    if ws.print_area:
        area = str(ws.print_area).split(",")[0].split("!")[-1].replace("$", "")
        start, end = area.split(":")
        first = column_index_from_string("".join(c for c in start if c.isalpha()))
        last = column_index_from_string("".join(c for c in end if c.isalpha()))
    total = 0.0
    for index in range(first, last + 1):
        dimension = ws.column_dimensions.get(get_column_letter(index))
        width = dimension.width if dimension is not None and dimension.width else DEFAULT_WIDTH
        if dimension is not None and dimension.hidden:
            continue
        total += column_points(width)
    return total


def printable_points(ws: Worksheet, paper: str) -> float:
    short, long = PAPER_INCHES[paper]
    across = long if ws.page_setup.orientation == "landscape" else short
    margins = ws.page_margins.left + ws.page_margins.right
    return (across - margins) * 72


def print_scale(ws: Worksheet, paper: str) -> float:
    """The scale the sheet prints at, when it is fitted to its pages across."""
    pages = ws.page_setup.fitToWidth or 1
    return min(1.0, pages * printable_points(ws, paper) / max(1.0, printed_width(ws)))


def keep_readable(book: Workbook, paper: str) -> None:
    """Give each sheet fitted to the page width enough pages across to print at ``MIN_SCALE`` or more."""
    for ws in book.worksheets:
        if ws.sheet_state != "visible" or not ws.sheet_properties.pageSetUpPr.fitToPage:
            continue
        if ws.page_setup.fitToHeight == 1:  # a one-page sheet (the summary): it was laid out to fit
            continue
        needed = printed_width(ws) * MIN_SCALE / printable_points(ws, paper)
        ws.page_setup.fitToWidth = max(1, math.ceil(needed - 1e-9))
