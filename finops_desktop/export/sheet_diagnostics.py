"""The Diagnostics sheet: the known traps the ratings show, most serious first."""

from __future__ import annotations

from openpyxl.worksheet.worksheet import Worksheet

from .content import ExportContent
from .styles import SEVERITY_FILLS, prepare_print, write_title
from .tables import Column, write_table

SHEET_TITLE = "Diagnostics"
HEADER_ROW = 4
COLUMNS = (
    Column("Severity", 11, wrap=False),
    Column("Business unit", 26),
    Column("Dimensions", 28),
    Column("Finding", 90),
)
_ORDER = {"high": 0, "medium": 1, "low": 2}


def write_diagnostics(ws: Worksheet, content: ExportContent) -> None:
    write_title(ws, "Diagnostics",
                "Known traps the ratings show: each is a reason the roadmap is ordered the way it is.")
    diagnostics = sorted(content.roadmap.diagnostics, key=lambda d: _ORDER.get(d.severity, len(_ORDER)))
    rows = [[d.severity.capitalize(), d.business_unit or "Whole organisation",
             ", ".join(content.dimension_label(dim) for dim in d.dimensions), d.message]
            for d in diagnostics]
    write_table(ws, HEADER_ROW, COLUMNS, rows, name="DiagnosticsTable",
                empty_message="No known trap shows in the ratings.")
    for row, diagnostic in enumerate(diagnostics, start=HEADER_ROW + 1):
        fill = SEVERITY_FILLS.get(diagnostic.severity)
        if fill:
            ws.cell(row, 1).fill = fill
    ws.freeze_panes = ws.cell(HEADER_ROW + 1, 1)
    prepare_print(ws, landscape=True, title_rows=f"{HEADER_ROW}:{HEADER_ROW}",
                  footer=f"{content.workshop.info.client} — diagnostics")
