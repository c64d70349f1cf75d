"""The evidence of a workshop as people read it: figures per business unit, and what matched no unit."""

from __future__ import annotations

from ..domain.record import record
from ..domain.workshop import BusinessUnit, Workshop
from .figures import INDICATORS, SummaryRow, ValueFigures, figures_by_group
from .records import ImportRecord


@record
class StoredEvidence:
    """One import as the workshop file keeps it: its record, the query's sums, and each value's unit."""

    record: ImportRecord
    rows: tuple[SummaryRow, ...]
    matches: dict[str | None, int | None]


@record
class UnitEvidence:
    business_unit: BusinessUnit
    figures: ValueFigures


@record
class UnmatchedValue:
    value: str | None  # None: rows where the column or tag is empty
    figures: ValueFigures


@record
class EvidenceReport:
    record: ImportRecord
    units: tuple[UnitEvidence, ...]
    unmatched: tuple[UnmatchedValue, ...]

    def for_unit(self, bu_id: int) -> UnitEvidence | None:
        return next((u for u in self.units if u.business_unit.id == bu_id), None)

    def measured(self) -> dict[tuple[int, str], float]:
        """The indicator values measured per unit, as the planner takes them: (unit id, indicator id) -> value."""
        return {(u.business_unit.id, indicator): value for u in self.units
                for indicator, value in u.figures.indicators.items() if value is not None}

    def source_label(self) -> str:
        """Where the figures come from, short enough for a stage card: "FOCUS, Sep–Oct 2026"."""
        return f"FOCUS, {self.record.period_label}"


def evidence_report(stored: StoredEvidence, workshop: Workshop) -> EvidenceReport:
    """Figures per workshop unit (in the workshop's order) and per value that matches none (largest spend first)."""
    known = {bu.id for bu in workshop.business_units}
    groups: dict[str | None, object] = {}
    for value, bu_id in stored.matches.items():
        groups[value] = ("unit", bu_id) if bu_id in known else ("value", value)
    for row in stored.rows:
        groups.setdefault(row.bu_value, ("value", row.bu_value))
    figures = figures_by_group(stored.rows, groups)
    units = tuple(UnitEvidence(bu, figures[("unit", bu.id)]) for bu in workshop.business_units
                  if ("unit", bu.id) in figures)
    unmatched = sorted((UnmatchedValue(key[1], f) for key, f in figures.items()  # type: ignore[index]
                        if key[0] == "value"), key=lambda u: (-u.figures.monthly_spend, u.value or ""))  # type: ignore[index]
    return EvidenceReport(stored.record, units, tuple(unmatched))


def indicator_json(figures: ValueFigures) -> dict[str, float | None]:
    values = figures.indicators
    return {name: None if values[name] is None else round(values[name], 4) for name in INDICATORS}  # type: ignore[arg-type]
