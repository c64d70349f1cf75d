"""The figures of the evidence, computed from the aggregation query's sums (pure Python).

Every figure is a ratio of sums, so it is the same whether the sums came from DuckDB over
the client's files or from their warehouse. Percentages are 0–100; ``None`` where a figure
has no data (nothing eligible, no commitments, no allocation keys given).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import fields
from datetime import date

from ..domain.record import record
from .errors import EvidenceError

#: Indicator ids, as the maturity model names them where it has them.
ALLOCATION_COVERAGE = "allocation_coverage"
COMMITMENT_COVERAGE = "commitment_coverage"
COMMITMENT_UTILISATION = "commitment_utilisation"
EFFECTIVE_SAVINGS_RATE = "effective_savings_rate"
INDICATORS = (ALLOCATION_COVERAGE, COMMITMENT_COVERAGE, COMMITMENT_UTILISATION, EFFECTIVE_SAVINGS_RATE)


@record
class Sums:
    """The query's sums over some rows; adding two gives the sums over both."""

    row_count: int = 0
    effective_cost: float = 0.0
    allocated_cost: float | None = None  # None: no allocation keys were given
    covered_cost: float = 0.0
    on_demand_cost: float = 0.0
    used_commitment_cost: float = 0.0
    unused_commitment_cost: float = 0.0
    usage_list_cost: float = 0.0
    usage_effective_cost: float = 0.0

    def __add__(self, other: Sums) -> Sums:
        values: dict[str, object] = {}
        for f in fields(self):
            a, b = getattr(self, f.name), getattr(other, f.name)
            values[f.name] = b if a is None else a if b is None else a + b
        return Sums(**values)  # type: ignore[arg-type]

    def indicators(self) -> dict[str, float | None]:
        """The four percentages these sums give."""
        return {
            ALLOCATION_COVERAGE: None if self.allocated_cost is None else
            _percent(self.allocated_cost, self.effective_cost),
            COMMITMENT_COVERAGE: _percent(self.covered_cost, self.covered_cost + self.on_demand_cost),
            COMMITMENT_UTILISATION: _percent(self.used_commitment_cost,
                                             self.used_commitment_cost + self.unused_commitment_cost),
            EFFECTIVE_SAVINGS_RATE: _percent(self.usage_list_cost - self.usage_effective_cost, self.usage_list_cost),
        }


def _percent(part: float, whole: float) -> float | None:
    if whole <= 0 or abs(whole) < 1e-9:
        return None
    return 100.0 * part / whole


@record
class SummaryRow:
    """One output row of the aggregation query."""

    bu_value: str | None
    currency: str
    billing_period: date
    charge_day: date
    sums: Sums


@record
class ValueFigures:
    """What the data says about one value of the business-unit column or tag (or several mapped to a unit)."""

    monthly_spend: float
    total: Sums
    by_period: dict[date, Sums]
    daily_spend: tuple[tuple[date, float], ...]

    @property
    def indicators(self) -> dict[str, float | None]:
        return self.total.indicators()


def billing_periods(rows: Iterable[SummaryRow]) -> list[date]:
    return sorted({row.billing_period for row in rows})


def check_currency(rows: Iterable[SummaryRow]) -> str:
    """The one currency of the data; several are refused, since their sums mean nothing."""
    currencies = sorted({row.currency for row in rows})
    if not currencies:
        raise EvidenceError("the billing data holds no rows")
    if len(currencies) > 1:
        raise EvidenceError(f"the billing data mixes currencies ({', '.join(currencies)}); "
                            "import the data of one currency at a time")
    from ..domain.values import CURRENCY, ValueRefused

    try:
        return CURRENCY.check(currencies[0])
    except ValueRefused as exc:
        raise EvidenceError(f"BillingCurrency: {exc}") from None


def figures_by_group(rows: Iterable[SummaryRow], group_of: Mapping[str | None, object]) -> dict[object, ValueFigures]:
    """The figures of each group of data values (a business unit, or one value that matches none).

    Monthly spend is the effective cost over all billing periods of the data divided by how
    many there are, so a unit with no cost in one period has a lower monthly mean.
    """
    rows = list(rows)
    period_count = len(billing_periods(rows)) or 1
    totals: dict[object, Sums] = defaultdict(Sums)
    by_period: dict[object, dict[date, Sums]] = defaultdict(lambda: defaultdict(Sums))
    daily: dict[object, dict[date, float]] = defaultdict(lambda: defaultdict(float))
    for row in rows:
        group = group_of.get(row.bu_value, row.bu_value)
        totals[group] = totals[group] + row.sums
        by_period[group][row.billing_period] = by_period[group][row.billing_period] + row.sums
        daily[group][row.charge_day] += row.sums.effective_cost
    return {
        group: ValueFigures(total.effective_cost / period_count, total, dict(by_period[group]),
                            tuple(sorted(daily[group].items())))
        for group, total in totals.items()
    }


def check_finite(value: float, what: str) -> float:
    if not math.isfinite(value):
        raise EvidenceError(f"{what} is not a finite number")
    return value


def check_sums(sums: Sums, where: str) -> Sums:
    """Sums a bill can have, or refused naming ``where``: a count of rows, every amount finite and within any bill.

    DuckDB reads 'nan', 'inf' and '1e308' in a cost column as numbers; figures made of them mean nothing.
    """
    from ..domain.values import BILLING_AMOUNT, amount_text

    count = sums.row_count
    if isinstance(count, bool) or not isinstance(count, int) or count < 0:
        raise EvidenceError(f"{where}: the row count is {count!r}, which is not a number of rows")
    for f in fields(sums):
        value = getattr(sums, f.name)
        if f.name == "row_count" or value is None:
            continue
        what = f.name.replace("_", " ")
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
            shown = amount_text(value, 2) if isinstance(value, float) else repr(value)
            raise EvidenceError(f"{where}: the {what} comes to {shown}, which is not an amount (a cost column "
                                "holds 'nan', 'inf' or a number beyond any bill)")
        if abs(value) > BILLING_AMOUNT.maximum:
            raise EvidenceError(f"{where}: the {what} comes to {amount_text(value, 2)}, beyond any bill (at most "
                                f"{amount_text(BILLING_AMOUNT.maximum, 2)} either way)")
    return sums
