"""The Evidence sheet: every note taken in the room, with who was there and how sure they were,
and below it the figures measured from the client's billing data, with where they came from."""

from __future__ import annotations

from openpyxl.worksheet.worksheet import Worksheet

from .cell_text import put_text
from .content import ExportContent
from .styles import TITLE_FONT, prepare_print, write_title
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


#: The measured figures share the notes' column widths (one sheet, one set of widths).
MEASURED_COLUMNS = (
    Column("Business unit", 24),
    Column("Monthly spend", 20, wrap=False),
    Column("Allocated", 12, wrap=False, number_format="0.0%"),
    Column("Commitment coverage", 12, wrap=False, number_format="0.0%"),
    Column("Commitment use", 12, wrap=False, number_format="0.0%"),
    Column("Measured from", 60),
    Column("Effective savings rate", 28, wrap=False, number_format="0.0%"),
    Column("Billing periods", 26),
)
NO_UNIT = "Matches no unit"


def write_evidence(ws: Worksheet, content: ExportContent) -> None:
    write_title(ws, f"Evidence — {content.round.name}",
                "The notes behind each rating, the measured indicators, the confidence and who was in the room.")
    last = write_table(ws, HEADER_ROW, COLUMNS, evidence_rows(content), name="EvidenceTable",
                       empty_message="No notes were taken in this round.")
    if content.evidence is not None:
        title_row = last + 3
        put_text(ws.cell(title_row, 1), "Measured from billing data").font = TITLE_FONT
        measured = measured_rows(content)
        money = Column("Monthly spend", 20, wrap=False, number_format=content.money_format)
        columns = (MEASURED_COLUMNS[0], money, *MEASURED_COLUMNS[2:])
        write_table(ws, title_row + 1, columns, measured, name="MeasuredTable",
                    empty_message="The billing data names none of the business units.")
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


def measured_rows(content: ExportContent) -> list[list[object]]:
    """One row per unit the billing data names, then one per value matching no unit (percentages as fractions)."""
    report = content.evidence
    if report is None:
        return []
    record = report.record
    files = ", ".join(f"{f.name} (SHA-256 {f.sha256[:12]}…)" for f in record.files[:5])
    if len(record.files) > 5:
        files += f" and {len(record.files) - 5} more"
    source = (f"{report.source_label()}: {record.row_count:,} rows in {files}; units by {record.unit_source}; "
              f"imported {record.imported_at[:10]}")
    periods = ", ".join(f"{p:%b %Y}" for p in record.billing_periods[:6]) + \
        (" …" if len(record.billing_periods) > 6 else "")

    def fraction(value: float | None) -> float | None:
        return None if value is None else value / 100

    rows: list[list[object]] = []
    for unit in report.units:
        values = unit.figures.indicators
        rows.append([unit.business_unit.name, unit.figures.monthly_spend, fraction(values["allocation_coverage"]),
                     fraction(values["commitment_coverage"]), fraction(values["commitment_utilisation"]), source,
                     fraction(values["effective_savings_rate"]), periods])
    for item in report.unmatched:
        values = item.figures.indicators
        label = f"{NO_UNIT}: {item.value}" if item.value is not None else f"{NO_UNIT} (no value)"
        rows.append([label, item.figures.monthly_spend, fraction(values["allocation_coverage"]),
                     fraction(values["commitment_coverage"]), fraction(values["commitment_utilisation"]), source,
                     fraction(values["effective_savings_rate"]), periods])
    return rows
