"""The look of the workbook: fonts, fills, number formats, column widths and print setup.

One place for these, so every sheet reads as part of the same deliverable.
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Iterable, Sequence
from copy import copy

from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.worksheet import Worksheet

from .. import stage_palette
from ..domain.model import MaturityModel
from .cell_text import clean_text, put_text

#: The workbook's font, Excel's default (LibreOffice shows a metric-compatible substitute).
FONT = "Calibri"
NAVY = "1F3864"
GREY_TEXT = "595959"
LIGHT_GREY = "EDEDED"
RULE_GREY = "BFBFBF"


def font(**attributes: object) -> Font:
    """A font of the workbook's family."""
    return Font(name=FONT, **attributes)


TITLE_FONT = font(size=16, bold=True, color=NAVY)
SUBTITLE_FONT = font(size=11, italic=True, color=GREY_TEXT)
SECTION_FONT = font(size=12, bold=True, color=NAVY)
HEADER_FONT = font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor=NAVY)
SUBHEADER_FILL = PatternFill("solid", fgColor="D9E1F2")
LABEL_FONT = font(bold=True, color=GREY_TEXT)
BOLD = font(bold=True)
MUTED_FONT = font(italic=True, color="808080")
NOT_APPLICABLE_FILL = PatternFill("solid", fgColor=LIGHT_GREY)
HEADLINE_FILL = PatternFill("solid", fgColor="FFF2CC")

WRAP_TOP = Alignment(wrap_text=True, vertical="top")
TOP = Alignment(vertical="top")
LEFT_TOP = Alignment(horizontal="left", vertical="top")
CENTER_TOP = Alignment(horizontal="center", vertical="top")
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
HEADER_ALIGNMENT = Alignment(vertical="center", wrap_text=True)

_thin = Side(style="thin", color=RULE_GREY)
THIN_BORDER = Border(left=_thin, right=_thin, top=_thin, bottom=_thin)
ROW_RULE = Border(bottom=Side(style="hair", color=RULE_GREY))
SECTION_RULE = Border(bottom=Side(style="medium", color=NAVY))
RULE_BELOW = Border(left=_thin, right=_thin, top=_thin, bottom=Side(style="medium", color=NAVY))

SEVERITY_FILLS = {
    "high": PatternFill("solid", fgColor="F4B6B0"),
    "medium": PatternFill("solid", fgColor="FFE699"),
    "low": PatternFill("solid", fgColor="DDEBF7"),
}


INTEGER = "#,##0"
LINE_HEIGHT = 15.0  # points, for 11-point text
PERCENT = "0.0%"
SCORE = "0.0"


def stage_colour(model: MaturityModel, score: float) -> str:
    """The RGB hex colour of a stage score, as on screen and in the charts (fractional scores fall between two)."""
    return stage_palette.score_fill(score, model.lowest_stage.score, model.highest_stage.score).lstrip("#")


def stage_font_colour(model: MaturityModel, score: float) -> str:
    """Near-black or white, whichever reads better on the stage colour of ``score``."""
    return stage_palette.text_on(stage_colour(model, score)).lstrip("#")


def stage_fills(model: MaturityModel) -> dict[str, PatternFill]:
    """A fill per stage id of the model."""
    return {stage.id: PatternFill("solid", fgColor=stage_colour(model, stage.score)) for stage in model.stages}


def stage_fonts(model: MaturityModel) -> dict[str, Font]:
    """A font per stage id of the model, readable on its fill."""
    return {stage.id: font(color=stage_font_colour(model, stage.score)) for stage in model.stages}


_SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "CNY": "¥", "INR": "₹", "KRW": "₩",
            "AUD": "A$", "CAD": "C$", "NZD": "NZ$", "BRL": "R$", "ILS": "₪", "TRY": "₺"}
_CODE = re.compile(r"^[A-Za-z]{3}$")


def money_format(currency: str) -> str:
    """An Excel number format for whole amounts in the workshop's currency.

    The currency is typed by the user, so only letters and currency signs reach the
    format: quotes or backslashes in it would make the format invalid and the file
    would need a repair.
    """
    code = currency.strip()
    symbol = _SYMBOLS.get(code.upper())
    if symbol:
        return f'"{symbol}"#,##0'
    if _CODE.match(code):
        return f'#,##0 "{code.upper()}"'
    safe = "".join(c for c in code if c.isalnum() or c in "$€£¥₹₩₪₺ .")[:8].strip()
    return f'#,##0 "{safe}"' if safe else INTEGER


def wrapped_lines(text: str, width: float) -> int:
    """How many lines ``text`` takes in a wrapped cell ``width`` characters wide (a slightly generous guess)."""
    capacity = max(4.0, width * 1.1 - 1)
    lines = 0
    for paragraph in text.split("\n"):
        lines += 1
        used = 0.0
        for word in paragraph.split(" "):
            size = len(word)
            if used and used + 1 + size > capacity:
                lines += 1
                used = 0.0
            while size > capacity:  # a word longer than the column breaks anywhere
                lines += 1
                size -= int(capacity)
            used += size + (1 if used else 0)
    return max(1, lines)


def fit_row_height(ws: Worksheet, row: int, widths: dict[int, float], *, line_height: float = LINE_HEIGHT,
                   max_lines: int = 27) -> None:
    """Make ``row`` tall enough for its wrapped cells (``widths``: column → width in characters).

    Spreadsheet applications do not all fit row heights to wrapped text when they open a
    file, so the height is set from an estimate. Longer text shows its first ``max_lines``
    lines; the whole of it is in the cell.
    """
    lines = 1
    for column, width in widths.items():
        value = ws.cell(row, column).value
        if isinstance(value, str) and (len(value) > width - 2 or "\n" in value):
            lines = max(lines, wrapped_lines(value, width))
    if lines > 1:
        ws.row_dimensions[row].height = min(409.0, min(lines, max_lines) * line_height + 2)


class CellFormats:
    """Formats set once and then stamped onto many cells.

    Setting a font, a fill, a border and an alignment cell by cell makes openpyxl look each
    one up in the workbook's style lists; for a sheet of thousands of rows that is most of
    the export's time. The first cell of a kind is formatted the ordinary way and its
    style record (``cell._style``, openpyxl's own list of style ids) is copied to the
    others. Stamp a cell before writing text into it: the text may add a quote prefix.
    """

    def __init__(self) -> None:
        self._records: dict[Hashable, object] = {}

    def stamp(self, cell: Cell, key: Hashable, **formats: object) -> Cell:
        record = self._records.get(key)
        if record is None:
            for name, value in formats.items():
                setattr(cell, name, value)
            self._records[key] = copy(cell._style)
        else:
            cell._style = copy(record)
        return cell


def write_title(ws: Worksheet, title: str, subtitle: str = "") -> None:
    """Row 1: the sheet's title; row 2: one line saying what the sheet shows."""
    put_text(ws.cell(1, 1), title).font = TITLE_FONT
    ws.row_dimensions[1].height = 24
    if subtitle:
        put_text(ws.cell(2, 1), subtitle).font = SUBTITLE_FONT


def write_header(ws: Worksheet, row: int, labels: Sequence[str], *, first_column: int = 1) -> None:
    for offset, label in enumerate(labels):
        cell = put_text(ws.cell(row, first_column + offset), label)
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.alignment = HEADER_ALIGNMENT
        cell.border = THIN_BORDER


def set_widths(ws: Worksheet, widths: Iterable[float], *, first_column: int = 1) -> None:
    for offset, width in enumerate(widths):
        ws.column_dimensions[get_column_letter(first_column + offset)].width = width


def fitted_width(values: Iterable[str], *, minimum: float, maximum: float) -> float:
    """A column width (in characters) that shows the longest line of ``values``, within bounds."""
    longest = 0
    for value in values:
        for line in value.split("\n"):
            longest = max(longest, len(line))
            if longest >= maximum:
                return maximum
    return max(minimum, min(maximum, longest + 2))


def prepare_print(ws: Worksheet, *, landscape: bool, title_rows: str | None = None, footer: str = "",
                  fit_height: bool = False) -> None:
    """Fit the sheet to the page width, repeat the header rows, and number the pages."""
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 1 if fit_height else 0
    ws.page_margins = PageMargins(left=0.4, right=0.4, top=0.6, bottom=0.6, header=0.3, footer=0.3)
    ws.print_options.horizontalCentered = False
    if title_rows:
        ws.print_title_rows = title_rows
    if footer:
        # "&" starts a control code in headers and footers; Excel limits them to 255 characters.
        ws.oddFooter.left.text = clean_text(footer).replace("\n", " ")[:100].replace("&", "&&")
    ws.oddFooter.right.text = "&A · page &P of &N"
