"""The Model sheet: the workbook explains itself — each dimension's question, what each stage means, the legend."""

from __future__ import annotations

from openpyxl.worksheet.worksheet import Worksheet

from ..domain.labels import stage_label
from .cell_text import put_text
from .content import ExportContent
from .styles import (
    BOLD,
    CENTER,
    SECTION_FONT,
    THIN_BORDER,
    WRAP_TOP,
    fit_row_height,
    prepare_print,
    set_widths,
    stage_fills,
    write_header,
    write_title,
)

SHEET_TITLE = "Model"
_DIMENSION_WIDTH, _QUESTION_WIDTH, _STAGE_WIDTH = 20, 30, 34


def write_model(ws: Worksheet, content: ExportContent) -> None:
    model = content.workshop.model
    write_title(ws, f"The maturity model — {model.name} {model.version}",
                "What each dimension asks and what each stage means; the colours are those of the Scores sheet.")
    set_widths(ws, [_DIMENSION_WIDTH, _QUESTION_WIDTH] + [_STAGE_WIDTH] * len(model.stages))
    fills = stage_fills(model)

    put_text(ws.cell(4, 1), "Legend").font = SECTION_FONT
    for offset, stage in enumerate(model.stages):
        cell = put_text(ws.cell(5, 3 + offset), f"{stage.name} ({stage.score})")
        cell.fill, cell.font, cell.alignment, cell.border = fills[stage.id], BOLD, CENTER, THIN_BORDER
    put_text(ws.cell(5, 1), "Stages, lowest to highest")
    put_text(ws.cell(6, 1), f"Not assessed: left blank, never counted as {stage_label(model, model.lowest_stage.id)}. "
             "Not applicable: the dimension does not apply to the unit.").alignment = WRAP_TOP
    ws.merge_cells(start_row=6, start_column=1, end_row=6, end_column=2 + len(model.stages))

    header = 8
    write_header(ws, header, ["Dimension", "The question"] + [stage.name for stage in model.stages])
    widths = {1: float(_DIMENSION_WIDTH), 2: float(_QUESTION_WIDTH)}
    widths.update({3 + i: float(_STAGE_WIDTH) for i in range(len(model.stages))})
    for row, dimension in enumerate(model.dimensions, start=header + 1):
        name = dimension.name + (" (foundation)" if dimension.foundation else "")
        put_text(ws.cell(row, 1), name).font = BOLD
        put_text(ws.cell(row, 2), dimension.question)
        for offset, stage in enumerate(model.stages):
            put_text(ws.cell(row, 3 + offset), dimension.descriptions.get(stage.id, ""))
        for column in widths:
            ws.cell(row, column).alignment = WRAP_TOP
            ws.cell(row, column).border = THIN_BORDER
        fit_row_height(ws, row, widths)
    ws.freeze_panes = ws.cell(header + 1, 2)
    prepare_print(ws, landscape=True, title_rows=f"{header}:{header}",
                  footer=f"{content.workshop.info.client} — maturity model")
