"""The Tracker and Progress sheets: the plan per step and business unit, for the client to keep and send back.

One row per roadmap step and business unit, with the columns the client fills in (Due date,
Status, Owner, % complete, Comment, Savings realised) and the ids the import matches rows by.
The Progress sheet counts the tracker by wave and by unit with formulas over the table's
columns (structured references), so rows the client adds are counted too. A hidden sheet
names the workshop and the tracker layout, so an import can refuse another workshop's workbook.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from openpyxl.formatting.rule import CellIsRule, FormulaRule
from openpyxl.styles import PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from ..domain.playbook import playbook_for
from ..domain.progress import DONE, DROPPED, IN_PROGRESS, STATUSES, StepProgress, due_date, untouched
from ..domain.record import record
from ..tracker.layout import (
    COLUMNS,
    EXPORTED_HEADERS,
    FIRST_ROW,
    HEADER_ROW,
    HEADERS,
    ID_MARK,
    ID_ROWS,
    ID_SHEET_TITLE,
    LAYOUT_VERSION,
    PROGRESS_SHEET_TITLE,
    SHEET_TITLE,
    TABLE_NAME,
    column,
    row_key,
)
from .cell_text import put, put_text
from .content import ExportContent
from .row_writer import RowWriter
from .styles import (
    BOLD,
    INTEGER,
    SECTION_FONT,
    WRAP_TOP,
    prepare_print,
    set_widths,
    write_header,
    write_title,
)
from .tables import add_table

__all__ = ["ID_SHEET_TITLE", "PROGRESS_SHEET_TITLE", "SHEET_TITLE", "TrackerRow", "tracker_rows", "write_id_sheet",
           "write_progress", "write_tracker"]

#: The wave shown for recorded progress on a step this plan no longer holds (done, or no longer needed).
NOT_IN_PLAN = "Not in this plan"
#: Rows below the table that keep the dropdown and checks, for rows the client adds.
SPARE_ROWS = 500
DATE_FORMAT = "yyyy-mm-dd"
_STATUS_FILLS = {DONE: "C6E0B4", IN_PROGRESS: "FFE699", DROPPED: "D9D9D9"}
_OVERDUE_FILL = PatternFill("solid", fgColor="F4B6B0", bgColor="F4B6B0")


@record
class TrackerRow:
    wave: str
    step_title: str
    business_unit: str
    dimension: str
    effort_days: float | None
    progress: StepProgress


def round_start(content: ExportContent) -> str:
    """The date the round's waves count from: the workshop's date for the first round, else the round's own."""
    return content.workshop.round_date(content.round)


def tracker_rows(content: ExportContent) -> Iterator[TrackerRow]:
    """The tracker: every planned step for every unit, then progress recorded on steps the plan no longer holds."""
    workshop = content.workshop
    units = {bu.name: bu for bu in workshop.business_units}
    start = round_start(content)
    wave_ids = {wave.name: wave.id for wave in content.roadmap.waves}
    seen: set[tuple[str, int]] = set()
    for item in content.roadmap.items:
        low, high = item.effort_days
        effort = (low + high) / 2 if high else None
        dimension = content.dimension_label(item.dimension_id)
        for name in item.business_units:
            bu = units.get(name)
            if bu is None:
                continue
            key = (item.step_id, bu.id)
            seen.add(key)
            progress = workshop.progress.get(key) or untouched(item.step_id, bu.id,
                                                               due_date(wave_ids.get(item.wave, ""), start))
            yield TrackerRow(item.wave, item.title, name, dimension, effort, progress)
    playbook = None
    for key, progress in sorted(workshop.progress.items(), key=lambda kv: (kv[0][1], kv[0][0])):
        if key in seen:
            continue
        if playbook is None:
            playbook = playbook_for(workshop.model)
        step = next((s for s in playbook.steps if s.id == progress.step_id), None)
        bu = workshop.business_unit(progress.bu_id)
        yield TrackerRow(NOT_IN_PLAN, step.title if step else progress.step_id, bu.name,
                         content.dimension_label(step.dimension_id) if step else "", None, progress)


def write_tracker(ws: Worksheet, content: ExportContent, rows: list[TrackerRow]) -> int:
    """The tracker table; the last row written."""
    rnd = content.round
    dated = f", {round_start(content)}" if round_start(content) else ""
    write_title(ws, f"Tracker — {content.workshop.info.client} — {rnd.name}{dated}",
                "One row per step and business unit. Fill in Due date, Status, Owner, % complete (0–100), "
                "Comment and Savings realised (monthly), then send the workbook back: the workshop reads "
                "these columns in. Add rows as you need; keep the columns as they are.")
    set_widths(ws, [c.width for c in COLUMNS])
    write_header(ws, HEADER_ROW, HEADERS)
    ws.row_dimensions[HEADER_ROW].height = 30
    money = content.money_format
    numbers = {column("Effort (days)"): "0.0", column("Due date"): DATE_FORMAT, column("% complete"): "0",
               column("Savings realised"): money}
    wrapped = {column("Step"), column("Comment")}
    # Only the cells that need a format get one: with thousands of rows, a style on every cell is
    # most of the time it takes to save the sheet (the table's banding draws the rows).
    cells = RowWriter(ws, [{**({"alignment": WRAP_TOP} if index in wrapped else {}),
                             **({"number_format": numbers[index]} if index in numbers else {})}
                            for index in range(len(COLUMNS))])
    for index in range(len(COLUMNS)):  # the columns' own formats, for the cells the client fills in later
        dimension = ws.column_dimensions[get_column_letter(index + 1)]
        dimension.number_format = numbers.get(index, "General")
        if index in wrapped:
            dimension.alignment = WRAP_TOP
    row_index = HEADER_ROW
    for row_index, row in enumerate(rows, start=FIRST_ROW):
        p = row.progress
        due = date.fromisoformat(p.due_date) if p.due_date else None
        cells.write(row_index, (row.wave, row.step_title, row.business_unit, row.dimension,
                                row.effort_days, due, p.status, p.owner, p.percent_complete, p.comment,
                                p.savings_realised, row_key(p.step_id, p.bu_id)))
    last_row = max(row_index, FIRST_ROW)
    add_table(ws, TABLE_NAME, HEADER_ROW, last_row, HEADERS, "TableStyleLight9")
    _checks(ws, last_row + SPARE_ROWS)
    ws.freeze_panes = ws.cell(FIRST_ROW, column("Business unit") + 2)
    ws.column_dimensions[_letter("Key")].hidden = True
    prepare_print(ws, landscape=True, title_rows=f"{HEADER_ROW}:{HEADER_ROW}",
                  footer=f"{content.workshop.info.client} — tracker")
    ws.print_area = f"A1:{get_column_letter(column('Savings realised') + 1)}{last_row}"
    ws.print_title_cols = "A:C"  # wave, step and unit on every page across
    return last_row


def _letter(header: str) -> str:
    return get_column_letter(column(header) + 1)


def _checks(ws: Worksheet, until: int) -> None:
    """Dropdown and value checks on the columns the client fills in; Status and overdue dates coloured."""
    def cells(header: str) -> str:
        return f"{_letter(header)}{FIRST_ROW}:{_letter(header)}{until}"

    status = DataValidation(type="list", formula1='"' + ",".join(STATUSES) + '"', allow_blank=True,
                            showErrorMessage=True, errorTitle="Status", error="Choose one of: " + ", ".join(STATUSES))
    status.add(cells("Status"))
    percent = DataValidation(type="decimal", operator="between", formula1="0", formula2="100", allow_blank=True,
                             showErrorMessage=True, errorTitle="% complete", error="A number from 0 to 100.")
    percent.add(cells("% complete"))
    due = DataValidation(type="date", operator="greaterThan", formula1="1", allow_blank=True, showErrorMessage=True,
                         errorTitle="Due date", error="A date, e.g. 2027-03-31.")
    due.add(cells("Due date"))
    savings = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True,
                             showErrorMessage=True, errorTitle="Savings realised",
                             error="An amount of money per month, 0 or more.")
    savings.add(cells("Savings realised"))
    for validation in (status, percent, due, savings):
        ws.add_data_validation(validation)
    for name, colour in _STATUS_FILLS.items():
        fill = PatternFill("solid", fgColor=colour, bgColor=colour)
        ws.conditional_formatting.add(cells("Status"), CellIsRule(operator="equal", formula=[f'"{name}"'], fill=fill))
    d, s = f"${_letter('Due date')}{FIRST_ROW}", f"${_letter('Status')}{FIRST_ROW}"
    overdue = f'AND({d}<>"",{d}<TODAY(),{s}<>"{DONE}",{s}<>"{DROPPED}")'
    ws.conditional_formatting.add(cells("Due date"), FormulaRule(formula=[overdue], fill=_OVERDUE_FILL))


def write_progress(ws: Worksheet, content: ExportContent, rows: list[TrackerRow]) -> None:
    """Progress by wave and by business unit, as formulas over the tracker table."""
    write_title(ws, f"Progress — {content.workshop.info.client}",
                "Counted from the Tracker sheet by formulas: rows added there are counted too. "
                "% complete is the mean over the rows, an empty cell counting as 0.")
    set_widths(ws, [28, 10, 10, 12, 14, 14])
    waves = [wave.name for wave in content.roadmap.waves]
    if any(row.wave == NOT_IN_PLAN for row in rows):
        waves.append(NOT_IN_PLAN)
    row = _progress_block(ws, 4, "By wave", "Wave", waves, content.money_format)
    _progress_block(ws, row + 2, "By business unit", "Business unit",
                    [bu.name for bu in content.workshop.business_units], content.money_format)
    ws.freeze_panes = "A4"
    prepare_print(ws, landscape=False, footer=f"{content.workshop.info.client} — progress")


def _progress_block(ws: Worksheet, row: int, title: str, by: str, groups: list[str], money: str) -> int:
    put_text(ws.cell(row, 1), title).font = SECTION_FONT
    header = row + 1
    write_header(ws, header, [by, "Steps", "Done", "% complete", "Effort (days)", "Savings realised"])
    ws.row_dimensions[header].height = 30
    t = TABLE_NAME

    def ref(name: str) -> str:
        return f"{t}[{name}]"

    for offset, group in enumerate(groups, start=1):
        r = header + offset
        key = f"$A{r}"
        put_text(ws.cell(r, 1), group).font = BOLD
        match = f"--({ref(by)}={key})"  # an exact match: COUNTIFS would read "=", "<" or "*" in a name
        ws.cell(r, 2, f"=SUMPRODUCT({match})").number_format = INTEGER
        ws.cell(r, 3, f'=SUMPRODUCT({match},--({ref("Status")}="{DONE}"))').number_format = INTEGER
        ws.cell(r, 4, f"=IF(B{r}=0,0,SUMPRODUCT({match},{ref('% complete')})/B{r}/100)").number_format = "0%"
        ws.cell(r, 5, f"=SUMPRODUCT({match},{ref('Effort (days)')})").number_format = "0.0"
        ws.cell(r, 6, f"=SUMPRODUCT({match},{ref('Savings realised')})").number_format = money
    return header + len(groups)


def write_id_sheet(book: Workbook, content: ExportContent, rows: list[TrackerRow]) -> None:
    """The hidden sheet that says which workshop and tracker layout the workbook holds.

    Below, each planned step's due date as exported: an import tells a date the client changed
    from the one the plan gave, even when the plan has moved since.
    """
    ws = book.create_sheet(ID_SHEET_TITLE)
    values = (ID_MARK, content.workshop.uid, LAYOUT_VERSION, content.round.name)
    for index, (label, value) in enumerate(zip(ID_ROWS, values, strict=True), start=1):
        put_text(ws.cell(index, 1), label)
        put(ws.cell(index, 2), value)
    ws.append([])
    ws.append(EXPORTED_HEADERS)
    wave_ids = {wave.name: wave.id for wave in content.roadmap.waves}
    start = round_start(content)
    for item in content.roadmap.items:
        ws.append([item.step_id, due_date(wave_ids.get(item.wave, ""), start)])
    ws.sheet_state = "hidden"
