"""The Assumptions sheet: every figure behind the money in the workbook, with its reasoning and source.

The pools of recoverable spend (what each wastes at each stage of the dimension that owns it),
the enablers (how much of the pools a unit captures at each stage), the rate pool's coverage
figures, and the cap on what any unit can recover.
"""

from __future__ import annotations

from openpyxl.worksheet.worksheet import Worksheet

from ..domain.model import Figure, Source
from .cell_text import put_text
from .content import ExportContent
from .styles import LINE_HEIGHT, PERCENT, WRAP_TOP, font, prepare_print, wrapped_lines, write_title
from .tables import Column, write_table

SHEET_TITLE = "Assumptions"
HEADER_ROW = 5
EDITED = "Edited for this workshop"
MODEL_FIGURE = "Model"
COLUMNS = (
    Column("Dimension", 20),
    Column("Role", 22),
    Column("Stage", 9, wrap=False),
    Column("Figure", 10, wrap=False, number_format=PERCENT),
    Column("Figure is", 20),
    Column("Reasoning", 60),
    Column("Source", 40),
    Column("Edited", 22),
)
_EDITED_FONT = font(bold=True, color="C55A11")
WASTE_MEANING = "share of spend wasted"
CAPTURE_MEANING = "share of the pools' gaps captured"


def write_assumptions(ws: Worksheet, content: ExportContent) -> None:
    workshop = content.workshop
    model = workshop.model
    write_title(ws, "Assumptions",
                f"The figures behind every money amount ({model.name}, version {model.version}).")
    explanation = put_text(ws.cell(3, 1),
                           "Money sits on the gaps. Each pool of recoverable spend (rate, usage, anomalies) is owned "
                           "by one dimension: moving it up a stage recovers the drop in what the pool wastes, times "
                           "the unit's capture. Visibility, tagging and ownership are enablers: their stages set the "
                           "capture, the mean of their figures. Commitments are priced from coverage: eligible share "
                           "x (target coverage - current coverage) x average discount, plus unused commitment; a "
                           "coverage typed for a cell or measured from billing data replaces the stage's. No unit is "
                           "credited with more than the cap. These are assumptions, to be challenged and edited; "
                           "figures edited for this workshop are marked.")
    explanation.alignment = WRAP_TOP
    ws.merge_cells(start_row=3, start_column=1, end_row=3, end_column=len(COLUMNS))
    ws.row_dimensions[3].height = LINE_HEIGHT * wrapped_lines(explanation.value, sum(c.width for c in COLUMNS)) + 4

    rows: list[list[object]] = []
    edited_rows: list[int] = []
    stages = sorted(model.stages, key=lambda s: s.score)
    for dimension in model.dimensions:
        kind = model.figure_kind(dimension.id)
        if not kind:
            continue
        pool = model.pool_of(dimension.id)
        role = pool.name if pool else "Enabler"
        meaning = WASTE_MEANING if kind == "waste" else CAPTURE_MEANING
        for stage in stages:
            figure = workshop.waste(dimension.id, stage.id)
            model_figure = dimension.waste[stage.id]
            edited = ""
            if (dimension.id, stage.id) in workshop.waste_overrides:
                edited = f"{EDITED} (model: {model_figure.share:.1%})"
                edited_rows.append(HEADER_ROW + 1 + len(rows))
            rows.append([dimension.name, role, stage.name, figure.share, meaning, figure.reasoning,
                         _cite(model_figure.source), edited])
    for pool in model.pools:
        pricing = pool.coverage
        if pricing is None:
            continue
        name = model.dimension(pool.dimension_id).name
        for label, pool_figure in (("eligible share of spend", pricing.eligible_share),
                                   ("average discount", pricing.average_discount)):
            rows.append(_figure_row(name, pool.name, "All", pool_figure, label))
        for stage in stages:
            rows.append(_figure_row(name, pool.name, stage.name, pricing.coverage[stage.id],
                                    "coverage of eligible spend"))
            rows.append(_figure_row(name, pool.name, stage.name, pricing.unused[stage.id],
                                    "unused commitment, share of spend"))
    if model.cap_reasoning is not None:
        rows.append(_figure_row("All dimensions", "Cap", "All", model.cap_reasoning,
                                "most a unit can recover, share of spend"))
    write_table(ws, HEADER_ROW, COLUMNS, rows, name="AssumptionsTable",
                empty_message="The model holds no money figures.")
    for row in edited_rows:
        for column in (4, 8):
            ws.cell(row, column).font = _EDITED_FONT
    ws.freeze_panes = ws.cell(HEADER_ROW + 1, 1)
    prepare_print(ws, landscape=True, title_rows=f"{HEADER_ROW}:{HEADER_ROW}",
                  footer=f"{workshop.info.client} — assumptions")


def _figure_row(dimension: str, role: str, stage: str, figure: Figure, meaning: str) -> list[object]:
    return [dimension, role, stage, figure.value, meaning, figure.reasoning, _cite(figure.source), ""]


def _cite(source: Source | None) -> str:
    return source.citation if source is not None else MODEL_FIGURE
