"""Keeping an import in the workshop file, and setting each matched unit's monthly spend from it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .errors import EvidenceError
from .matching import match_values
from .records import BillingSummary, ImportRecord
from .report import EvidenceReport, StoredEvidence, evidence_report

if TYPE_CHECKING:
    from ..storage.workshop_file import WorkshopFile


def preview(summary: BillingSummary, file: WorkshopFile, mapping: dict[str, int] | None = None) -> EvidenceReport:
    """What the import would show, matched to the workshop's units, without writing anything."""
    matches = match_values(_values(summary), file.workshop.business_units, mapping)
    return evidence_report(StoredEvidence(summary.record, summary.rows, matches), file.workshop)


def keep_import(file: WorkshopFile, summary: BillingSummary, *, mapping: dict[str, int] | None = None,
                apply_spend: bool = False) -> tuple[ImportRecord, EvidenceReport]:
    """Write the import, and with ``apply_spend`` each matched unit's monthly spend, in one transaction."""
    workshop = file.workshop
    matches = match_values(_values(summary), workshop.business_units, mapping)
    report = evidence_report(StoredEvidence(summary.record, summary.rows, matches), workshop)
    if apply_spend:
        check_spend_applies(report, workshop.info.currency)
    with file.batch():
        record = file.record_evidence(summary, matches)
        if apply_spend:
            for unit in report.units:
                file.update_business_unit(unit.business_unit.id, monthly_spend=round(unit.figures.monthly_spend, 2))
    return record, report


def check_spend_applies(report: EvidenceReport, currency: str) -> None:
    """Spend is set only in the workshop's currency and only where it is a positive amount."""
    if report.record.currency.casefold() != currency.strip().casefold():
        raise EvidenceError(f"the billing data is in {report.record.currency} and the workshop's figures in "
                            f"{currency}; set the workshop's currency to {report.record.currency} to apply its spend")
    if not report.units:
        raise EvidenceError("no value of the data matches a business unit of the workshop, so no spend was set")
    negative = [u.business_unit.name for u in report.units if u.figures.monthly_spend < 0]
    if negative:
        raise EvidenceError(f"the billing data gives {', '.join(repr(n) for n in negative)} a negative monthly "
                            "spend (more credits than charges); no spend was set")


def _values(summary: BillingSummary) -> list[str | None]:
    return sorted({row.bu_value for row in summary.rows}, key=lambda v: (v is None, v or ""))
