"""FOCUS exports with known answers, for tests, benchmarks and demonstrations.

:class:`SyntheticExport` writes, for each business unit and day, on-demand compute, compute
covered by a commitment, the unused part of that commitment, Spot compute and untagged storage,
plus an upfront commitment purchase each billing period; :meth:`SyntheticExport.expected`
gives the figures those rows must yield, computed from the daily amounts, not from the rows.
:func:`write_large_parquet` writes millions of rows with DuckDB for the benchmarks.
"""

from __future__ import annotations

import csv
import gzip
import json
import os
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path

from ..domain.record import record
from .offline_duckdb import connect_offline, literal_path

#: Spot capacity costs this share of its list price.
SPOT_PRICE = 0.3


@record
class UnitSpend:
    """One unit's daily amounts, in the export's currency."""

    name: str
    on_demand: float = 100.0  # compute at on-demand prices (contracted cost)
    committed: float = 300.0  # compute covered by a commitment, at on-demand-equivalent prices
    discount: float = 0.4  # the commitment's discount on that compute
    unused: float = 20.0  # the effective cost of the commitment left unused
    spot_list: float = 50.0  # Spot compute at list prices
    storage: float = 30.0  # storage (not commitment-eligible), without tags
    purchase: float = 5_000.0  # upfront commitment purchase in each billing period (billed, not spend)

    @property
    def daily_effective(self) -> float:
        return self.on_demand + self.committed * (1 - self.discount) + self.unused + \
            self.spot_list * SPOT_PRICE + self.storage


@record
class Expected:
    monthly_spend: float
    allocation_coverage: float | None
    commitment_coverage: float | None
    commitment_utilisation: float | None
    effective_savings_rate: float | None


@record
class SyntheticExport:
    units: tuple[UnitSpend, ...]
    periods: tuple[date, ...] = (date(2026, 9, 1), date(2026, 10, 1))
    version: str = "1.0"  # "1.0" … "1.3": which columns the file has
    currency: str = "USD"
    #: Each day's amount split over this many rows (hours, resources).
    rows_per_charge: int = 1
    #: Purchases carrying their upfront amount as effective cost (against the specification), to show
    #: that a commitment purchase is not counted as spend twice either way.
    purchase_effective_cost: bool = False

    def days(self, period: date) -> list[date]:
        end = _next_month(period)
        return [period + timedelta(days=n) for n in range((end - period).days)]

    def expected(self, name: str, *, by_tag: bool = False) -> Expected:
        """The figures of one unit, found by ``SubAccountName`` or (``by_tag``) the ``business_unit`` tag,
        with allocation keys ``business_unit`` and ``cost_center``."""
        unit = next(u for u in self.units if u.name == name)
        storage_is_units = not by_tag or self.version == "1.3"  # 1.3 tags the split storage through AllocatedTags
        daily = unit.daily_effective - (0 if storage_is_units else unit.storage)
        day_count = sum(len(self.days(p)) for p in self.periods)
        allocated = unit.on_demand + unit.committed * (1 - unit.discount)
        used = unit.committed * (1 - unit.discount)
        list_cost = unit.on_demand + unit.committed + unit.spot_list + (unit.storage if storage_is_units else 0)
        return Expected(
            monthly_spend=daily * day_count / len(self.periods),
            allocation_coverage=100 * allocated / daily,
            commitment_coverage=_percent(unit.committed, unit.committed + unit.on_demand),
            commitment_utilisation=_percent(used, used + unit.unused),
            effective_savings_rate=_percent(list_cost - daily, list_cost),
        )

    def untagged_monthly_spend(self) -> float:
        """What no ``business_unit`` tag names, per month (the storage before 1.3)."""
        if self.version == "1.3":
            return 0.0
        day_count = sum(len(self.days(p)) for p in self.periods)
        return sum(u.storage for u in self.units) * day_count / len(self.periods)

    def columns(self) -> list[str]:
        provider = "ServiceProviderName" if self.version == "1.3" else "ProviderName"
        extra = {"1.0": [], "1.1": ["ServiceSubcategory"], "1.2": ["ServiceSubcategory", "InvoiceId"],
                 "1.3": ["ServiceSubcategory", "InvoiceId", "AllocatedTags"]}[self.version]
        return ["BilledCost", "BillingAccountId", "BillingCurrency", "BillingPeriodEnd", "BillingPeriodStart",
                "ChargeCategory", "ChargeClass", "ChargeDescription", "ChargePeriodEnd", "ChargePeriodStart",
                "CommitmentDiscountId", "CommitmentDiscountStatus", "ContractedCost", "EffectiveCost", "ListCost",
                "PricingCategory", provider, "ServiceCategory", "ServiceName", "SubAccountId", "SubAccountName",
                "Tags", *extra]

    def rows(self) -> Iterator[dict[str, object]]:
        for period in self.periods:
            for number, unit in enumerate(self.units):
                yield from self._unit_rows(period, number, unit)

    def _unit_rows(self, period: date, number: int, unit: UnitSpend) -> Iterator[dict[str, object]]:
        tags = {"business_unit": unit.name, "cost_center": f"cc-{number}"}
        owner_only = {"business_unit": unit.name}
        commitment = f"commitment-{number}"
        base = {"BillingAccountId": "billing-1", "BillingCurrency": self.currency,
                "BillingPeriodStart": _stamp(period), "BillingPeriodEnd": _stamp(_next_month(period)),
                "SubAccountId": f"{100000 + number}", "SubAccountName": unit.name, "ChargeClass": None,
                "ServiceProviderName" if self.version == "1.3" else "ProviderName": "Synthetic Cloud",
                "ServiceSubcategory": "Virtual Machines", "InvoiceId": f"invoice-{period:%Y%m}",
                "AllocatedTags": None}
        yield {**base, "ChargeCategory": "Purchase", "ChargeDescription": "Commitment purchase",
               "ChargePeriodStart": _stamp(period), "ChargePeriodEnd": _stamp(_next_month(period)),
               "BilledCost": unit.purchase, "EffectiveCost": unit.purchase if self.purchase_effective_cost else 0,
               "ListCost": unit.purchase, "ContractedCost": unit.purchase, "PricingCategory": "Standard",
               "CommitmentDiscountId": commitment, "CommitmentDiscountStatus": None, "ServiceCategory": "Compute",
               "ServiceName": "Commitments", "Tags": json.dumps(owner_only)}
        n = self.rows_per_charge
        unused_list = unit.unused / (1 - unit.discount) if unit.discount < 1 else unit.unused
        for day in self.days(period):
            charge = {**base, "ChargeCategory": "Usage", "ChargePeriodStart": _stamp(day),
                      "ChargePeriodEnd": _stamp(day + timedelta(days=1))}
            kinds = (
                # (description, billed, effective, list, contracted, pricing, status, category, tags, allocated)
                ("On-demand compute", unit.on_demand, unit.on_demand, unit.on_demand, unit.on_demand,
                 "Standard", None, "Compute", tags, None),
                ("Committed compute", 0.0, unit.committed * (1 - unit.discount), unit.committed, unit.committed,
                 "Committed", "Used", "Compute", tags, None),
                # Unused rows carry list and contracted amounts: the figures must leave them out.
                ("Unused commitment", 0.0, unit.unused, unused_list, unused_list,
                 "Committed", "Unused", "Compute", owner_only, None),
                ("Spot compute", unit.spot_list * SPOT_PRICE, unit.spot_list * SPOT_PRICE, unit.spot_list,
                 unit.spot_list * SPOT_PRICE, "Dynamic", None, "Compute", owner_only, None),
                ("Shared storage", unit.storage, unit.storage, unit.storage, unit.storage,
                 "Standard", None, "Storage", None, owner_only if self.version == "1.3" else None),
            )
            for description, billed, effective, list_cost, contracted, pricing, status, category, tag, split in kinds:
                for _ in range(n):
                    yield {**charge, "ChargeDescription": description, "BilledCost": billed / n,
                           "EffectiveCost": effective / n, "ListCost": list_cost / n,
                           "ContractedCost": contracted / n, "PricingCategory": pricing,
                           "CommitmentDiscountId": commitment if status else None,
                           "CommitmentDiscountStatus": status, "ServiceCategory": category,
                           "ServiceName": category, "Tags": json.dumps(tag) if tag else None,
                           "AllocatedTags": json.dumps(split) if split else None}

    def write(self, path: Path | str, format: str = "csv") -> Path:
        """Write the export as ``csv``, ``csv.gz`` or ``parquet``."""
        path = Path(path)
        columns = self.columns()
        if format == "parquet":
            staging = path.with_name(path.name + ".staging.csv")
            self.write(staging, "csv")
            try:
                _csv_to_parquet(staging, path)
            finally:
                staging.unlink()
            return path
        opener = gzip.open if format == "csv.gz" else open
        with opener(path, "wt", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(columns)
            for row in self.rows():
                writer.writerow(["" if row.get(c) is None else row.get(c) for c in columns])
        return path


def _csv_to_parquet(source: Path, target: Path) -> None:
    with connect_offline([source, target]) as con:
        con.execute(f"COPY (SELECT * FROM read_csv(?, header = true, types = {{'SubAccountId': 'VARCHAR'}})) "
                    f"TO '{_sql_text(target)}' (FORMAT parquet)", [literal_path(source)])


def _sql_text(path: Path) -> str:
    """The absolute path as SQL text (a file written is not a pattern: only reading expands one)."""
    return os.path.abspath(path).replace("'", "''")


def _percent(part: float, whole: float) -> float | None:
    return 100 * part / whole if whole > 0 else None


def _next_month(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


def _stamp(day: date) -> str:
    return datetime(day.year, day.month, day.day).strftime("%Y-%m-%dT%H:%M:%SZ")


def write_large_parquet(path: Path | str, rows: int, *, units: int = 50, days: int = 61,
                        memory_limit: str = "1GB") -> Path:
    """``rows`` FOCUS rows (five kinds of charge, as above) for ``units`` units over ``days`` days from
    1 September 2026, written by DuckDB without holding them in memory."""
    path = Path(path)
    query = f"""
    WITH r AS (
      SELECT i, i % {units} AS u, (i // {units}) % 5 AS k, (i // ({units} * 5)) % {days} AS d,
             1 + (hash(i) % 1000) / 100.0 AS base
      FROM range({rows}) t(i))
    SELECT
      CASE WHEN k = 1 OR k = 2 THEN 0 WHEN k = 3 THEN base * {SPOT_PRICE} ELSE base END AS BilledCost,
      'billing-1' AS BillingAccountId,
      'USD' AS BillingCurrency,
      CAST(date_trunc('month', DATE '2026-09-01' + CAST(d AS INTEGER)) + INTERVAL 1 MONTH AS TIMESTAMP)
        AS BillingPeriodEnd,
      CAST(date_trunc('month', DATE '2026-09-01' + CAST(d AS INTEGER)) AS TIMESTAMP) AS BillingPeriodStart,
      'Usage' AS ChargeCategory,
      CAST(NULL AS VARCHAR) AS ChargeClass,
      CAST(DATE '2026-09-01' + CAST(d AS INTEGER) + 1 AS TIMESTAMP) AS ChargePeriodEnd,
      CAST(DATE '2026-09-01' + CAST(d AS INTEGER) AS TIMESTAMP) AS ChargePeriodStart,
      CASE WHEN k IN (1, 2) THEN 'commitment-' || u END AS CommitmentDiscountId,
      CASE k WHEN 1 THEN 'Used' WHEN 2 THEN 'Unused' END AS CommitmentDiscountStatus,
      CASE WHEN k = 3 THEN base * {SPOT_PRICE} ELSE base END AS ContractedCost,
      CASE k WHEN 1 THEN base * 0.6 WHEN 2 THEN base * 0.6 WHEN 3 THEN base * {SPOT_PRICE} ELSE base END
        AS EffectiveCost,
      base AS ListCost,
      CASE k WHEN 1 THEN 'Committed' WHEN 2 THEN 'Committed' WHEN 3 THEN 'Dynamic' ELSE 'Standard' END
        AS PricingCategory,
      'Synthetic Cloud' AS ProviderName,
      CASE WHEN k = 4 THEN 'Storage' ELSE 'Compute' END AS ServiceCategory,
      'res-' || (i % 200000) AS ResourceId,
      CAST(100000 + u AS VARCHAR) AS SubAccountId,
      'Unit ' || u AS SubAccountName,
      CASE WHEN k = 4 THEN '{{"business_unit":"Unit ' || u || '"}}'
           ELSE '{{"business_unit":"Unit ' || u || '","cost_center":"cc' || u || '"}}' END AS Tags
    FROM r"""
    with connect_offline([path], memory_limit=memory_limit, preserve_insertion_order=False) as con:
        con.execute(f"COPY ({query}) TO '{_sql_text(path)}' (FORMAT parquet, COMPRESSION zstd)")
    return path
