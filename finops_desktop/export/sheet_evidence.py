"""The Evidence sheet: every note taken in the room, with who was there and how sure they were."""

from __future__ import annotations

from openpyxl.worksheet.worksheet import Worksheet

from .content import ExportContent
from .styles import prepare_print, write_title
from .tables import Column, write_table

SHEET_TITLE = "Evidence"
HEADER_ROW = 4
BUSINESS_UNIT_NOTE = "About the unit"
COLUMNS = (
    Column("Business unit", 24),
    Column("Dimension", 20),
    Column("Current", 12, wrap=False),
    Column("Target", 12, wrap=False),
    Column("Confidence", 12, wrap=False),
    Column("Note", 60),
    Column("Measured", 28),
    Column("Participants", 26),
)


def write_evidence(ws: Worksheet, content: ExportContent) -> None:
    write_title(ws, f"Evidence — {content.round.name}",
                "The notes behind each rating, the measured indicators, the confidence and who was in the room.")
    write_table(ws, HEADER_ROW, COLUMNS, evidence_rows(content), name="EvidenceTable",
                empty_message="No notes were taken in this round.")
    ws.freeze_panes = ws.cell(HEADER_ROW + 1, 2)
    prepare_print(ws, landscape=True, title_rows=f"{HEADER_ROW}:{HEADER_ROW}",
                  footer=f"{content.workshop.info.client} — evidence")


def evidence_rows(content: ExportContent) -> list[list[object]]:
    """One row per business unit note and per rating with a note or a measured indicator."""
    workshop = content.workshop
    rows: list[list[object]] = []
    for bu in workshop.business_units:
        if bu.notes:
            rows.append([bu.name, BUSINESS_UNIT_NOTE, None, None, None, bu.notes, None, None])
        for dimension in workshop.model.dimensions:
            rating = content.rating(bu.id, dimension.id)
            if not rating.note and not rating.indicators:
                continue  # who was in the room, with nothing noted, is not evidence on its own
            names = {i.id: i for i in dimension.indicators}
            measured = "\n".join(
                f"{names[i].name if i in names else i}: {value:g}{names[i].unit if i in names else ''}"
                for i, value in rating.indicators)
            rows.append([bu.name, dimension.name, content.stage_label(rating.current),
                         content.stage_label(rating.target), (rating.confidence or "").capitalize() or None,
                         rating.note, measured, rating.participants])
    return rows
