"""Lists written as Excel tables: a styled header, filters, banded rows, wrapped text."""

from __future__ import annotations

from collections.abc import Sequence

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.table import Table, TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet

from ..domain.record import record
from .cell_text import put
from .row_writer import RowWriter
from .styles import MUTED_FONT, ROW_RULE, TOP, WRAP_TOP, fit_row_height, set_widths, write_header


@record
class Column:
    header: str
    width: float
    wrap: bool = True
    number_format: str | None = None


def write_table(ws: Worksheet, header_row: int, columns: Sequence[Column], rows: Sequence[Sequence[object]], *,
                name: str, empty_message: str, style: str = "TableStyleLight9", header_height: float = 30,
                max_lines: int = 27) -> int:
    """Write ``rows`` under a header at ``header_row`` as an Excel table; the last row written.

    The table's banding shows in Excel; a hairline under each row keeps the rows apart
    where the table style is not drawn (LibreOffice, print preview of some viewers). An
    Excel table needs at least one data row, so an empty list is shown as a message.
    """
    set_widths(ws, [column.width for column in columns])
    write_header(ws, header_row, [column.header for column in columns])
    if any(len(column.header) > column.width - 2 for column in columns):
        ws.row_dimensions[header_row].height = header_height
    if not rows:
        put(ws.cell(header_row + 1, 1), empty_message).font = MUTED_FONT
        return header_row + 1
    wrapped = {index: column.width for index, column in enumerate(columns, start=1) if column.wrap}
    writer = RowWriter(ws, [{"alignment": WRAP_TOP if column.wrap else TOP, "border": ROW_RULE,
                             **({"number_format": column.number_format} if column.number_format else {})}
                            for column in columns], keep_empty=True)
    for row_index, values in enumerate(rows, start=header_row + 1):
        writer.write(row_index, values)
        fit_row_height(ws, row_index, wrapped, max_lines=max_lines)
    last_row = header_row + len(rows)
    add_table(ws, name, header_row, last_row, [column.header for column in columns], style)
    return last_row


def add_table(ws: Worksheet, name: str, header_row: int, last_row: int, headers: Sequence[str], style: str) -> Table:
    """An Excel table over columns A… from ``header_row`` (its ``headers``) to ``last_row``.

    The table's columns are named here, from the headers just written: left to openpyxl, it
    would read them back when saving by making a cell object for every cell of the table.
    """
    table = Table(displayName=name, ref=f"A{header_row}:{get_column_letter(len(headers))}{last_row}")
    table.tableStyleInfo = TableStyleInfo(name=style, showRowStripes=True, showColumnStripes=False,
                                          showFirstColumn=False, showLastColumn=False)
    table._initialise_columns()
    for table_column, header in zip(table.tableColumns, headers, strict=True):
        table_column.name = header
    ws.add_table(table)
    return table
