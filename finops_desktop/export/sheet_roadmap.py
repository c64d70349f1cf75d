"""The Roadmap sheet: the plan the client keeps, as a filterable table; progress is kept on the Tracker."""

from __future__ import annotations

from dataclasses import replace

from openpyxl.worksheet.worksheet import Worksheet

from ..domain.roadmap import RoadmapItem
from .content import ExportContent
from .styles import BOLD, CENTER_TOP, prepare_print, write_title
from .tables import Column, write_table

SHEET_TITLE = "Roadmap"
TABLE_NAME = "RoadmapTable"
#: A step for many business units lists them all in its cell; the row shows this many lines.
MAX_ROW_LINES = 10
#: Beyond this many business units, their count comes first in the cell.
COUNT_UNITS_FROM = 6
HEADER_ROW = 4
FIRST_ROW = HEADER_ROW + 1

COLUMNS = (
    Column("Rank", 5.5, wrap=False),
    Column("Wave", 10),
    Column("Step", 24),
    Column("What to do", 40),
    Column("Dimension", 13),
    Column("From → to", 11),
    Column("Business units", 22),
    Column("Owner role", 15),
    Column("Effort", 12),
    Column("Unlocks a month", 12, wrap=False),
    Column("KPI", 20),
    Column("KPI target", 12),
    Column("Prerequisites", 20),
)
HEADERS = tuple(column.header for column in COLUMNS)
SAVINGS_COLUMN = HEADERS.index("Unlocks a month") + 1


def write_roadmap(ws: Worksheet, content: ExportContent) -> None:
    items = content.roadmap.items
    foundations = ", ".join(d.name for d in content.workshop.model.foundations)
    write_title(ws, f"Roadmap — {content.workshop.info.client}",
                "Steps in order, wave by wave. Each business unit's steps are placed by its own foundations"
                + (f" ({foundations})" if foundations else "") + " and prerequisites, so a step shared by units "
                "in different waves has a row per wave. What a step needs comes before it; the headline's steps "
                "first, then by what each step unlocks per day of effort. 'Unlocks a month' is the money of the "
                "gaps the step is needed for: the steps of a gap share it, so the column does not add up. "
                "Filter by wave, dimension or business unit. Progress is kept on the Tracker sheet, a row per step "
                "and business unit.")
    by_step: dict[str, RoadmapItem] = {}
    for item in items:
        by_step.setdefault(item.step_id, item)
    columns = [replace(column, number_format=content.money_format) if index == SAVINGS_COLUMN else column
               for index, column in enumerate(COLUMNS, start=1)]
    last_row = write_table(ws, HEADER_ROW, columns, [_row(content, item, by_step) for item in items],
                           name=TABLE_NAME, style="TableStyleMedium2", max_lines=MAX_ROW_LINES,
                           empty_message="No steps: every business unit assessed has reached its target.")
    prepare_print(ws, landscape=True, title_rows=f"{HEADER_ROW}:{HEADER_ROW}",
                  footer=f"{content.workshop.info.client} — FinOps roadmap")
    ws.print_title_cols = "A:C"  # rank, wave and step on every page across
    if not items:
        ws.freeze_panes = ws.cell(FIRST_ROW, 1)
        return
    for row in range(FIRST_ROW, last_row + 1):
        ws.cell(row, 1).alignment = CENTER_TOP
        ws.cell(row, 3).font = BOLD
    ws.freeze_panes = ws.cell(FIRST_ROW, 4)


def _row(content: ExportContent, item: RoadmapItem, by_step: dict[str, RoadmapItem]) -> list[object]:
    low, high = item.effort_days
    effort = item.effort
    if high:
        days = f"{low}–{high} days" if low != high else f"{low} days"
        effort = f"{effort} ({days})" if effort else days
    if item.effort_days_total and (len(item.business_units) > 1 or item.scope == "central"):
        scope = "once for all" if item.scope == "central" else "in all, by unit size"
        effort += f"\n{item.effort_days_total:,.1f} days {scope}"
    prerequisites = []
    for step_id in item.prerequisites:
        before = by_step.get(step_id)
        prerequisites.append(f"#{before.rank} {before.title}" if before else step_id)
    for unplanned in item.unplanned_prerequisites:
        prerequisites.append(f"Not planned: {unplanned.title} ({unplanned.reason})")
    return [
        item.rank,
        item.wave,
        item.title,
        item.description,
        content.dimension_label(item.dimension_id),
        f"{content.stage_label(item.from_stage)} → {content.stage_label(item.to_stage)}",
        _business_units(item),
        item.owner_role,
        effort,
        round(item.monthly_savings, 2),
        item.kpi,
        item.kpi_target,
        "\n".join(prerequisites),
    ]


def _business_units(item: RoadmapItem) -> str:
    text = ", ".join(item.business_units)
    if len(item.business_units) > COUNT_UNITS_FROM:
        text = f"{len(item.business_units)} business units: {text}"
    if item.beyond_target:
        text += "\nBeyond the agreed target, needed by a later step: " + ", ".join(item.beyond_target)
    return text
