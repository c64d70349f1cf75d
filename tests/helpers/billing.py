"""FOCUS exports with known answers in temporary folders, and the real sample's path."""

from __future__ import annotations

from pathlib import Path

from finops_desktop.evidence.query import QuerySettings, UnitSource
from finops_desktop.evidence.synthetic import SyntheticExport, UnitSpend

#: FOCUS sample data © FinOps Foundation, CC BY 4.0 (see tests/data/focus/README.md).
FOCUS_SAMPLE = Path(__file__).resolve().parent.parent / "data" / "focus" / "focus-1.0-sample.csv"
#: :func:`two_units` written as CSV, kept for tests whose command line names a file (see the data README).
TWO_UNITS_CSV = FOCUS_SAMPLE.with_name("synthetic-two-units.csv")

ALLOCATION_TAGS = ("business_unit", "cost_center")
BY_ACCOUNT = QuerySettings(UnitSource("column", "SubAccountName"), ALLOCATION_TAGS)
BY_TAG = QuerySettings(UnitSource("tag", "business_unit"), ALLOCATION_TAGS)


def two_units(**options: object) -> SyntheticExport:
    """Retail with every kind of charge; Payments with no commitment at all."""
    return SyntheticExport((
        UnitSpend("Retail", on_demand=120, committed=360, discount=0.35, unused=25, spot_list=80, storage=40,
                  purchase=9000),
        UnitSpend("Payments", on_demand=70, committed=0, unused=0, spot_list=0, storage=10, purchase=0),
    ), **options)  # type: ignore[arg-type]
