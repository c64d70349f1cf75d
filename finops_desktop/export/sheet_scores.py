"""The Scores sheet: every business unit against every dimension, current and target, coloured by stage.

The organisation rows come first and stay in view with the headers: the spend-weighted
mean, and the lowest and highest stage across business units, because an average alone
hides that one unit can be Run where another is Crawl.
"""

from __future__ import annotations

from openpyxl.cell.cell import Cell
from openpyxl.styles import Border, PatternFill, Side
from openpyxl.worksheet.worksheet import Worksheet

from ..domain.aggregate import DimensionAggregate
from ..domain.model import NOT_APPLICABLE
from ..domain.workshop import Workshop
from .cell_text import put, put_text
from .content import ExportContent
from .styles import (
    BOLD,
    CENTER,
    HEADER_FILL,
    HEADER_FONT,
    LABEL_FONT,
    MUTED_FONT,
    NOT_APPLICABLE_FILL,
    RULE_BELOW,
    SCORE,
    SUBHEADER_FILL,
    THIN_BORDER,
    TOP,
    CellFormats,
    fitted_width,
    font,
    prepare_print,
    set_widths,
    stage_colour,
    stage_fills,
    stage_font_colour,
    stage_fonts,
    write_title,
)

SHEET_TITLE = "Scores"
GROUP_ROW = 4
HEADER_ROW = 5
FIRST_ORGANISATION_ROW = 6
FIRST_BU_ROW = FIRST_ORGANISATION_ROW + 3
LEADING_COLUMNS = ("Business unit", "Owner", "Monthly spend")
STAGE_COLUMN_WIDTH = 12.5

_SUBHEADER_FONT = font(bold=True, color="1F3864")
#: A cell whose votes disagree: a mark after its stage (it reads in print and without colour) and an orange frame.
DISAGREEMENT_MARK = "≠"
_ORANGE = Side(style="medium", color="D9480F")
DISAGREEMENT_BORDER = Border(left=_ORANGE, right=_ORANGE, top=_ORANGE, bottom=_ORANGE)


def write_scores(ws: Worksheet, content: ExportContent) -> None:
    workshop = content.workshop
    model = workshop.model
    dimensions = model.dimensions
    stages = " · ".join(f"{s.score} = {s.name}" for s in sorted(model.stages, key=lambda s: s.score))
    disagreements = {(key[1], key[2]) for key in workshop.votes.cells_in_disagreement(model, content.round_id)}
    write_title(ws, f"Scores — {content.round.name}",
                f"Current and target stage per business unit and dimension ({stages}; n/a: not applicable; "
                "'suggested': no target was set, and the plan takes the next stage). "
                "Organisation rows: spend-weighted mean score, lowest and highest stage across business units."
                + (f" {DISAGREEMENT_MARK} after a stage: the room's votes disagree on that cell (see Votes)."
                   if disagreements else ""))

    first_dim_column = len(LEADING_COLUMNS) + 1
    for offset, label in enumerate(LEADING_COLUMNS):
        column = offset + 1
        ws.merge_cells(start_row=GROUP_ROW, start_column=column, end_row=HEADER_ROW, end_column=column)
        _header(put_text(ws.cell(GROUP_ROW, column), label))
        _header(ws.cell(HEADER_ROW, column))
    for index, dimension in enumerate(dimensions):
        column = first_dim_column + 2 * index
        ws.merge_cells(start_row=GROUP_ROW, start_column=column, end_row=GROUP_ROW, end_column=column + 1)
        _header(put_text(ws.cell(GROUP_ROW, column), dimension.name))
        _header(ws.cell(GROUP_ROW, column + 1))
        for sub, label in enumerate(("Current", "Target")):
            cell = put_text(ws.cell(HEADER_ROW, column + sub), label)
            cell.font, cell.fill, cell.alignment, cell.border = _SUBHEADER_FONT, SUBHEADER_FILL, CENTER, THIN_BORDER
    ws.row_dimensions[GROUP_ROW].height = 32

    _organisation_rows(ws, content, first_dim_column)

    fills, fonts = stage_fills(model), stage_fonts(model)
    formats = CellFormats()
    stage_formats: dict[str | None, dict[str, object]] = {
        None: {"font": MUTED_FONT}, NOT_APPLICABLE: {"fill": NOT_APPLICABLE_FILL, "font": MUTED_FONT},
        **{stage_id: {"fill": fill, "font": fonts[stage_id]} for stage_id, fill in fills.items()}}
    for row, bu in enumerate(workshop.business_units, start=FIRST_BU_ROW):
        put_text(formats.stamp(ws.cell(row, 1), "name", alignment=TOP), bu.name)
        put_text(formats.stamp(ws.cell(row, 2), "name", alignment=TOP), bu.owner)
        put(formats.stamp(ws.cell(row, 3), "spend", number_format=content.money_format), bu.monthly_spend)
        for index, dimension in enumerate(dimensions):
            rating = content.rating(bu.id, dimension.id)
            suggested = _suggested_target(workshop, rating.current, rating.target)
            disputed = (bu.id, dimension.id) in disagreements
            for sub, stage in enumerate((rating.current, rating.target)):
                cell = ws.cell(row, first_dim_column + 2 * index + sub)
                if sub == 1 and suggested is not None:
                    # No target set: the plan takes the next stage as a suggestion, and says so.
                    formats.stamp(cell, ("suggested",), alignment=CENTER, border=THIN_BORDER, font=MUTED_FONT)
                    put_text(cell, f"{content.stage_label(suggested)} (suggested)")
                    continue
                if sub == 1 and stage is None and workshop.model.has_stage(rating.current):
                    formats.stamp(cell, ("no target",), alignment=CENTER, border=THIN_BORDER, font=MUTED_FONT)
                    put_text(cell, "No target")  # suggestions are off: no move
                    continue
                marked = disputed and sub == 0
                formats.stamp(cell, (stage, marked), alignment=CENTER,
                              border=DISAGREEMENT_BORDER if marked else THIN_BORDER, **stage_formats.get(stage, {}))
                put_text(cell, content.stage_label(stage) + (f" {DISAGREEMENT_MARK}" if marked else ""))

    names = [bu.name for bu in workshop.business_units] + ["Organisation — highest"]
    owners = [bu.owner for bu in workshop.business_units] + [LEADING_COLUMNS[1]]
    set_widths(ws, [fitted_width(names, minimum=18, maximum=40), fitted_width(owners, minimum=12, maximum=28), 15])
    set_widths(ws, [STAGE_COLUMN_WIDTH] * (2 * len(dimensions)), first_column=first_dim_column)
    ws.freeze_panes = ws.cell(FIRST_BU_ROW, 2)
    prepare_print(ws, landscape=True, title_rows=f"{GROUP_ROW}:{HEADER_ROW}",
                  footer=f"{workshop.info.client} — FinOps maturity scores")
    ws.print_title_cols = "A:A"


def _suggested_target(workshop: Workshop, current: str | None, target: str | None) -> str | None:
    """The suggested next stage of a rated cell without a target, when the workshop suggests targets."""
    model = workshop.model
    if target is not None or current is None or not model.has_stage(current) or not workshop.settings.suggest_targets:
        return None
    following = model.next_stage(current)
    return following.id if following else None


def _header(cell: Cell) -> None:
    cell.font, cell.fill, cell.alignment, cell.border = HEADER_FONT, HEADER_FILL, CENTER, THIN_BORDER


def _organisation_rows(ws: Worksheet, content: ExportContent, first_dim_column: int) -> None:
    model = content.workshop.model
    current, target = content.organisation(), content.organisation_targets()
    rows = (("Organisation — mean", "mean"), ("Organisation — lowest", "min"), ("Organisation — highest", "max"))
    for offset, (label, field) in enumerate(rows):
        row = FIRST_ORGANISATION_ROW + offset
        put_text(ws.cell(row, 1), label).font = BOLD
        if field == "mean":
            put_text(ws.cell(row, 2), "spend-weighted").font = LABEL_FONT
            spend = put(ws.cell(row, 3), content.total_spend)
            spend.number_format, spend.font = content.money_format, BOLD
        for index, dimension in enumerate(model.dimensions):
            for sub, figures in enumerate((current, target)):
                cell = ws.cell(row, first_dim_column + 2 * index + sub)
                _organisation_cell(cell, figures[dimension.id], field, content)
        if offset == len(rows) - 1:
            for column in range(1, first_dim_column + 2 * len(model.dimensions)):
                ws.cell(row, column).border = RULE_BELOW


def _organisation_cell(cell: Cell, figures: DimensionAggregate, field: str, content: ExportContent) -> None:
    model = content.workshop.model
    value = getattr(figures, field)
    cell.alignment = CENTER
    cell.border = THIN_BORDER
    if value is None:
        put_text(cell, "n/a" if figures.not_applicable else "Not assessed").font = MUTED_FONT
        return
    cell.font = font(bold=True, color=stage_font_colour(model, value))
    if field == "mean":
        put(cell, round(value, 2)).number_format = SCORE
    else:
        put_text(cell, model.stage_by_score(int(value)).name)
    cell.fill = PatternFill("solid", fgColor=stage_colour(model, value))
