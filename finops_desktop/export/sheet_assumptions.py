"""The Assumptions sheet: the waste figures behind every money amount in the workbook."""

from __future__ import annotations

from openpyxl.worksheet.worksheet import Worksheet

from .cell_text import put_text
from .content import ExportContent
from .styles import LINE_HEIGHT, PERCENT, WRAP_TOP, font, prepare_print, wrapped_lines, write_title
from .tables import Column, write_table

SHEET_TITLE = "Assumptions"
HEADER_ROW = 5
EDITED = "Edited for this workshop"
MODEL_FIGURE = "Model"
COLUMNS = (
    Column("Dimension", 22),
    Column("Stage", 10, wrap=False),
    Column("Share of spend wasted", 13, wrap=False, number_format=PERCENT),
    Column("Reasoning", 80),
    Column("Source", 26),
)
_EDITED_FONT = font(bold=True, color="C55A11")


def write_assumptions(ws: Worksheet, content: ExportContent) -> None:
    workshop = content.workshop
    model = workshop.model
    write_title(ws, "Assumptions",
                f"Share of a business unit's monthly spend that immaturity at each stage typically wastes "
                f"({model.name}, version {model.version}).")
    explanation = put_text(ws.cell(3, 1),
                           "The money amounts in this workbook are estimates built on these figures: moving a "
                           "business unit up one stage recovers its monthly spend times the difference between the "
                           "shares of the two stages, shared among the roadmap steps of that move. They are "
                           "assumptions, to be challenged and edited; figures edited for this workshop are marked.")
    explanation.alignment = WRAP_TOP
    ws.merge_cells(start_row=3, start_column=1, end_row=3, end_column=len(COLUMNS))
    ws.row_dimensions[3].height = LINE_HEIGHT * wrapped_lines(explanation.value, sum(c.width for c in COLUMNS)) + 4

    rows: list[list[object]] = []
    edited_rows: list[int] = []
    for dimension in model.dimensions:
        for stage in sorted(model.stages, key=lambda s: s.score):
            if stage.id not in dimension.waste:
                continue
            figure = workshop.waste(dimension.id, stage.id)
            source = MODEL_FIGURE
            if (dimension.id, stage.id) in workshop.waste_overrides:
                source = f"{EDITED} (model: {dimension.waste[stage.id].share:.1%})"
                edited_rows.append(HEADER_ROW + 1 + len(rows))
            rows.append([dimension.name, stage.name, figure.share, figure.reasoning, source])
    write_table(ws, HEADER_ROW, COLUMNS, rows, name="AssumptionsTable",
                empty_message="The model holds no waste figures.")
    for row in edited_rows:
        ws.cell(row, 3).font = _EDITED_FONT
        ws.cell(row, 5).font = _EDITED_FONT
    ws.freeze_panes = ws.cell(HEADER_ROW + 1, 1)
    prepare_print(ws, landscape=True, title_rows=f"{HEADER_ROW}:{HEADER_ROW}",
                  footer=f"{workshop.info.client} — assumptions")
