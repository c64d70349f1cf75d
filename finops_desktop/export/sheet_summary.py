"""The Summary sheet: the engagement on one page — who, when, what to do first, and where to look."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.worksheet import Worksheet

from ..domain.progress import STATUSES
from ..tracker.layout import TABLE_NAME as TRACKER_TABLE
from .cell_text import put, put_text
from .content import ExportContent
from .images import Picture, place_picture
from .styles import (
    HEADLINE_FILL,
    INTEGER,
    LABEL_FONT,
    LEFT_TOP,
    SECTION_FONT,
    SECTION_RULE,
    SUBTITLE_FONT,
    TITLE_FONT,
    TOP,
    WRAP_TOP,
    fit_row_height,
    font,
    prepare_print,
    set_widths,
)

SHEET_TITLE = "Summary"
IMAGE_ANCHOR = "D4"
IMAGE_WIDTH_PX = 430
VALUE_COLUMN_WIDTHS = (34, 50)

_CLIENT_FONT = font(size=14, bold=True)
_HEADLINE_FONT = font(size=13, bold=True, color="1F3864")
_LINK_FONT = font(color="0563C1", underline="single")


def write_summary(ws: Worksheet, content: ExportContent, sheets: Sequence[tuple[str, str]],
                  organisation: Picture | None) -> None:
    """``sheets``: (sheet title, what it holds) for the contents list; ``organisation``: its radar."""
    workshop = content.workshop
    info, model, roadmap = workshop.info, workshop.model, content.roadmap
    money = content.money_format

    put_text(ws.cell(1, 1), "FinOps maturity assessment").font = TITLE_FONT
    ws.row_dimensions[1].height = 24
    put_text(ws.cell(2, 1), info.client).font = _CLIENT_FONT
    set_widths(ws, [VALUE_COLUMN_WIDTHS[0], VALUE_COLUMN_WIDTHS[1], 3])

    row = 4
    row = _pairs(ws, row, [
        ("Client", info.client, None),
        ("Workshop date", info.date or "—", None),
        ("Facilitator", info.facilitator or "—", None),
        ("Maturity model", f"{model.name}, version {model.version}", None),
        ("Assessment round", _round_text(content), None),
        ("Business units", len(workshop.business_units), INTEGER),
        ("Cells assessed", _assessed_text(content), None),
        ("Total monthly cloud spend", content.total_spend, money),
    ])

    row = _section(ws, row + 1, "Advance first")
    headline = roadmap.headline
    if headline is None:
        put_text(ws.cell(row, 1), "No gap between current and target stages wastes money on these figures.")
        ws.cell(row, 1).font = SUBTITLE_FONT
        row += 1
    else:
        name = put_text(ws.cell(row, 1), content.dimension_label(headline.dimension_id))
        name.font, name.fill = _HEADLINE_FONT, HEADLINE_FILL
        ws.cell(row, 2).fill = HEADLINE_FILL
        ws.row_dimensions[row].height = 20
        pairs: list[tuple[str, object, str | None]] = [
            ("Monthly money at stake", round(headline.monthly_waste, 2), money),
            ("Can start now", "yes, in the first wave" if headline.actionable_now
             else "no: its steps cannot start in the first wave", None),
            ("Why", headline.reason, None),
        ]
        if headline.costliest_dimension_id is not None:
            pairs.append(("Worth more, but must wait", content.dimension_label(headline.costliest_dimension_id)
                          + (f" (waits for {', '.join(headline.waits_for)})" if headline.waits_for else ""), None))
        row = _pairs(ws, row + 1, pairs)

    row = _section(ws, row + 1, "Roadmap")
    high = sum(1 for d in roadmap.diagnostics if d.severity == "high")
    waves = len({item.wave for item in roadmap.items})
    steps = f"{len(roadmap.items)} in {waves} wave{'s' if waves != 1 else ''}" if roadmap.items else "none"
    if roadmap.items and waves < len(roadmap.money_by_wave):
        steps += " (the plan by wave below shows the waves without steps too)"
    row = _pairs(ws, row, [
        ("Steps", steps, None),
        ("Estimated monthly savings, whole plan", round(content.total_savings, 2), money),
        ("Diagnostics", f"{len(roadmap.diagnostics)} ({high} high)" if roadmap.diagnostics else "none", None),
    ])
    if roadmap.items:
        row = _section(ws, row + 1, "Progress (counted from the Status column of the Tracker sheet)")
        for status in STATUSES:
            label = put_text(ws.cell(row, 1), f"Steps × business units {status.lower()}")
            label.font, label.alignment = LABEL_FONT, TOP
            # An exact match: COUNTIF would read "=", "<" or "*" in a status the client typed.
            cell = ws.cell(row, 2, f'=SUMPRODUCT(--({TRACKER_TABLE}[Status]="{status}"))')
            cell.number_format, cell.alignment = INTEGER, LEFT_TOP
            row += 1

    row = _plan_by_wave(ws, row, content)

    row = _section(ws, row + 1, "Contents")
    for title, description in sheets:
        link = put_text(ws.cell(row, 1), title)
        link.hyperlink = Hyperlink(ref=link.coordinate, location=f"'{title}'!A1", display=title)
        link.font, link.alignment = _LINK_FONT, TOP
        put_text(ws.cell(row, 2), description).alignment = WRAP_TOP
        fit_row_height(ws, row, {2: VALUE_COLUMN_WIDTHS[1]})
        row += 1

    if organisation is not None:
        place_picture(ws, organisation, IMAGE_ANCHOR, width_px=IMAGE_WIDTH_PX)
    prepare_print(ws, landscape=False, fit_height=True, footer=f"{info.client} — FinOps maturity assessment")


def _plan_by_wave(ws: Worksheet, row: int, content: ExportContent) -> int:
    """Per wave: savings, cost and where the organisation stands once its stages are reached."""
    roadmap = content.roadmap
    if not roadmap.items:
        return row
    row = _section(ws, row + 1, "Plan by wave (a stage counts once its steps' KPIs can show)")
    pairs: list[tuple[str, object, str | None]] = []
    projected = {p.wave: p for p in roadmap.projected}
    steps = Counter(item.wave for item in roadmap.items)
    for wave in roadmap.money_by_wave:
        count = steps.get(wave.wave, 0)
        # A wave with no steps of its own still counts: the savings of the waves before it go on.
        own = f"{count} step{'s' if count != 1 else ''}; " if count else "no steps of its own, earlier savings go on; "
        text = (f"{own}{content.money_text(wave.monthly_run_rate)} a month by the end; "
                f"{content.money_text(wave.cumulative)} saved so far"
                + (f"; {wave.effort_days:,.1f} days of effort" if count else ""))
        if wave.cost is not None:
            text += f" costing {content.money_text(wave.cost)}"
        where = projected.get(wave.wave)
        if where is not None:
            scores = [f"{content.dimension_label(d)} {score:.1f}" for d, score in where.organisation
                      if score is not None]
            text += ". Organisation after it: " + ", ".join(scores)
        pairs.append((f"After {wave.wave}", text, None))
    if roadmap.payback_months is not None:
        pairs.append(("Payback", f"{roadmap.payback_months:,.1f} months at the full monthly savings", None))
    return _pairs(ws, row, pairs)


def _pairs(ws: Worksheet, row: int, pairs: Sequence[tuple[str, object, str | None]]) -> int:
    """Label in column A, value in column B, one pair a row; the next free row."""
    for label, value, number_format in pairs:
        put_text(ws.cell(row, 1), label).font = LABEL_FONT
        ws.cell(row, 1).alignment = TOP
        cell = put(ws.cell(row, 2), value)
        cell.alignment = LEFT_TOP if number_format else WRAP_TOP
        if number_format:
            cell.number_format = number_format
        fit_row_height(ws, row, {2: VALUE_COLUMN_WIDTHS[1]})
        row += 1
    return row


def _section(ws: Worksheet, row: int, title: str) -> int:
    cell = put_text(ws.cell(row, 1), title)
    cell.font = SECTION_FONT
    for column in (1, 2):
        ws.cell(row, column).border = SECTION_RULE
    return row + 1


def _round_text(content: ExportContent) -> str:
    """The round and, for a later round, the date it began (the first is dated by the workshop's date)."""
    text = content.round.name
    if content.round.id != content.workshop.rounds[0].id and content.round.began_on:
        text += f", {content.round.began_on}"
    compare = content.compare_round
    if compare is not None:
        text += f" (compared with {compare.name})"
    return text


def _assessed_text(content: ExportContent) -> str:
    workshop = content.workshop
    assessed = workshop.assessed_count(content.round_id)
    not_applicable = sum(1 for _, _, r in workshop.cells(content.round_id) if r.not_applicable)
    text = f"{assessed:,} of {workshop.cell_count:,}"
    if not_applicable:
        text += f" ({not_applicable:,} not applicable)"
    return text
