"""The Rounds sheet: how the ratings moved between an earlier assessment round and this one."""

from __future__ import annotations

from openpyxl.worksheet.worksheet import Worksheet

from .cell_text import put_text
from .content import ExportContent
from .styles import SCORE, SECTION_FONT, font, prepare_print, write_title
from .tables import Column, write_table

SHEET_TITLE = "Rounds"
UP, DOWN, SAME = "Up", "Down", "Same"
_MOVEMENT_FONTS = {UP: font(bold=True, color="38761D"), DOWN: font(bold=True, color="C00000")}


def write_rounds(ws: Worksheet, content: ExportContent) -> None:
    before, after = content.compare_round, content.round
    assert before is not None, "a comparison needs an earlier round"
    workshop = content.workshop
    model = workshop.model
    write_title(ws, f"Rounds — {before.name} → {after.name}",
                f"How the current stages moved from round '{before.name}' to round '{after.name}'.")

    put_text(ws.cell(4, 1), "Organisation: spend-weighted mean score").font = SECTION_FONT
    org_columns = (Column("Dimension", 28), Column("Before", 24, wrap=False, number_format=SCORE),
                   Column("After", 14, wrap=False, number_format=SCORE),
                   Column("Change", 14, wrap=False, number_format="+0.0;-0.0;0.0"))
    old, new = content.organisation(before.id), content.organisation(after.id)
    org_rows: list[list[object]] = []
    for dimension in model.dimensions:
        a, b = old[dimension.id].mean, new[dimension.id].mean
        change = None if a is None or b is None else round(b - a, 2)
        org_rows.append([dimension.name, None if a is None else round(a, 2), None if b is None else round(b, 2),
                         change])
    last = write_table(ws, 5, org_columns, org_rows, name="OrganisationRounds", empty_message="No dimensions.")

    detail_header = last + 3
    put_text(ws.cell(detail_header - 1, 1), "Per business unit and dimension").font = SECTION_FONT
    detail_columns = (Column("Business unit", 28), Column("Dimension", 24), Column("Before", 14, wrap=False),
                      Column("After", 14, wrap=False), Column("Movement", 16, wrap=False))
    rows: list[list[object]] = []
    for bu in workshop.business_units:
        for dimension in model.dimensions:
            was = content.rating(bu.id, dimension.id, before.id).current
            now = content.rating(bu.id, dimension.id, after.id).current
            rows.append([bu.name, dimension.name, content.stage_label(was), content.stage_label(now),
                         _movement(model.score(was), model.score(now))])
    last = write_table(ws, detail_header, detail_columns, rows, name="BusinessUnitRounds",
                       empty_message="No business units.")
    for row_index, values in enumerate(rows, start=detail_header + 1):
        if values[4] in _MOVEMENT_FONTS:
            ws.cell(row_index, 5).font = _MOVEMENT_FONTS[values[4]]
    _write_roadmap_movement(ws, content, last + 3)
    prepare_print(ws, landscape=False, footer=f"{workshop.info.client} — assessment rounds")


def _write_roadmap_movement(ws: Worksheet, content: ExportContent, header: int) -> None:
    """The roadmap since the earlier round: the steps a unit no longer needs, and the new ones."""
    from ..domain.planner import plan_roadmap
    from ..domain.progress import done_steps
    from ..domain.roadmap_movement import roadmap_movement

    before = content.compare_round
    assert before is not None
    workshop = content.workshop
    earlier = plan_roadmap(workshop, round_id=before.id, done=done_steps(workshop.progress.values()))
    movement = roadmap_movement(workshop, before.id, content.round_id, earlier, content.roadmap)
    put_text(ws.cell(header - 2, 1), "The roadmap since then").font = SECTION_FONT
    put_text(ws.cell(header - 1, 1), movement.summary(workshop.info.currency))
    # One row per step and kind of change, however many units: a large workshop moves thousands of pairs.
    grouped: dict[tuple[str, str], list[str]] = {}
    for change in movement.changes:
        grouped.setdefault((change.title, change.change), []).append(change.business_unit)
    rows = [[title, _units(units), change.capitalize()] for (title, change), units in grouped.items()]
    columns = (Column("Step", 28), Column("Business units", 24), Column("Change", 14, wrap=False))
    write_table(ws, header, columns, rows, name="RoadmapRounds", max_lines=4,
                empty_message="The same steps for the same units in both rounds.")


def _units(names: list[str], listed: int = 12) -> str:
    text = ", ".join(names[:listed])
    return f"{len(names)}: {text}, and {len(names) - listed} more" if len(names) > listed else text


def _movement(before: int | None, after: int | None) -> str:
    if before is None and after is None:
        return ""
    if before is None:
        return "Newly assessed"
    if after is None:
        return "Not assessed now"
    if after > before:
        return UP
    if after < before:
        return DOWN
    return SAME
