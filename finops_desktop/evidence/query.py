"""The one aggregation query: every figure of the evidence comes from its output, wherever it runs.

The query reads a table of FOCUS rows (``focus`` by default) and returns sums per data value
(the business unit as the data names it), currency, billing period and day. The app runs it in
DuckDB over the client's files; ``evidence sql`` prints it for a warehouse (sqlglot transpiles
the DuckDB text) and ``evidence import-summary`` reads that output back. The figures are
ratios of these sums (:mod:`.figures`), so both ways give the same numbers.
"""

from __future__ import annotations

import unicodedata

from ..domain.record import record
from .columns import check_identifier
from .errors import EvidenceError

DIALECTS = ("duckdb", "bigquery", "snowflake", "databricks", "athena", "postgres")
DEFAULT_TABLE = "focus"
DEFAULT_ELIGIBLE = ("Compute",)

#: The query's output columns, in order; the sums are what :class:`.figures.Sums` holds.
KEY_COLUMNS = ("bu_value", "currency", "billing_period", "charge_day")
SUM_COLUMNS = ("row_count", "effective_cost", "allocated_cost", "covered_cost", "on_demand_cost",
               "used_commitment_cost", "unused_commitment_cost", "usage_list_cost", "usage_effective_cost")
OUTPUT_COLUMNS = KEY_COLUMNS + SUM_COLUMNS


@record
class UnitSource:
    """Where the data names a row's business unit: a FOCUS (or custom) column, or a tag key."""

    kind: str  # "column" | "tag"
    key: str

    def __post_init__(self) -> None:
        if self.kind == "column":
            check_identifier(self.key, "business unit column")
            # A FOCUS column named in another case is that column.
            object.__setattr__(self, "key", _canonical(self.key))
        elif self.kind == "tag":
            check_tag_key(self.key)
        else:
            raise EvidenceError(f"business units come from a column or a tag, not '{self.kind}'")

    def describe(self) -> str:
        return f"column {self.key}" if self.kind == "column" else f"tag '{self.key}'"


@record
class QuerySettings:
    units: UnitSource
    allocation_tags: tuple[str, ...] = ()
    eligible_categories: tuple[str, ...] = DEFAULT_ELIGIBLE
    table: str = DEFAULT_TABLE

    def __post_init__(self) -> None:
        for key in self.allocation_tags:
            check_tag_key(key)
        if not self.eligible_categories:
            raise EvidenceError("at least one service category must be eligible for commitments")
        for category in self.eligible_categories:
            _check_literal(category, "service category")


def _canonical(key: str) -> str:
    """The FOCUS spelling of a column name given in any case (itself when it is no FOCUS column)."""
    from .columns import CONDITIONAL, PROVIDER, REQUIRED

    return next((n for n in (*REQUIRED, *PROVIDER, *CONDITIONAL) if n.casefold() == key.casefold()), key)


def check_tag_key(key: str) -> str:
    """A tag key every engine's JSON path can name."""
    if not key or not key.strip():
        raise EvidenceError("a tag key must not be empty")
    if any(c in key for c in "\"'\\") or any(unicodedata.category(c).startswith("C") for c in key):
        raise EvidenceError(f"the tag key '{key}' holds quotes, backslashes or control characters, "
                            "which a JSON path cannot name")
    return key


def _check_literal(text: str, what: str) -> str:
    if "'" in text or "\\" in text or any(unicodedata.category(c).startswith("C") for c in text):
        raise EvidenceError(f"the {what} '{text}' holds quotes, backslashes or control characters")
    return text


def _tag(key: str) -> str:
    path = f"$.{key}" if key.isidentifier() else f'$."{key}"'
    return f"json_extract_string(Tags, '{path}')"


def aggregation_sql(settings: QuerySettings) -> str:
    """The query as DuckDB runs it; :func:`transpiled` gives it for another engine."""
    units = settings.units
    unit_value = units.key if units.kind == "column" else _tag(units.key)
    if settings.allocation_tags:
        carried = " AND ".join(f"COALESCE({_tag(key)}, '') <> ''" for key in settings.allocation_tags)
        allocated = f"SUM(CASE WHEN {carried} THEN EffectiveCost ELSE 0 END)"
    else:
        allocated = "CAST(NULL AS DOUBLE)"
    eligible = ", ".join(f"'{c}'" for c in settings.eligible_categories)
    usage_eligible = f"ChargeCategory = 'Usage' AND ServiceCategory IN ({eligible})"
    return f"""SELECT
  NULLIF(CAST({unit_value} AS VARCHAR), '') AS bu_value,
  BillingCurrency AS currency,
  CAST(BillingPeriodStart AS DATE) AS billing_period,
  CAST(ChargePeriodStart AS DATE) AS charge_day,
  COUNT(*) AS row_count,
  SUM(CASE WHEN ChargeCategory = 'Purchase' AND CommitmentDiscountId IS NOT NULL THEN 0
      ELSE EffectiveCost END) AS effective_cost,
  {allocated} AS allocated_cost,
  SUM(CASE WHEN {usage_eligible} AND CommitmentDiscountStatus = 'Used'
      THEN ContractedCost ELSE 0 END) AS covered_cost,
  SUM(CASE WHEN {usage_eligible} AND CommitmentDiscountStatus IS NULL AND PricingCategory = 'Standard'
      THEN ContractedCost ELSE 0 END) AS on_demand_cost,
  SUM(CASE WHEN ChargeCategory = 'Usage' AND CommitmentDiscountStatus = 'Used'
      THEN EffectiveCost ELSE 0 END) AS used_commitment_cost,
  SUM(CASE WHEN ChargeCategory = 'Usage' AND CommitmentDiscountStatus = 'Unused'
      THEN EffectiveCost ELSE 0 END) AS unused_commitment_cost,
  SUM(CASE WHEN ChargeCategory = 'Usage' AND COALESCE(CommitmentDiscountStatus, '') <> 'Unused'
      THEN ListCost ELSE 0 END) AS usage_list_cost,
  SUM(CASE WHEN ChargeCategory = 'Usage' THEN EffectiveCost ELSE 0 END) AS usage_effective_cost
FROM {settings.table}
GROUP BY 1, 2, 3, 4"""


def transpiled(settings: QuerySettings, dialect: str) -> str:
    """The aggregation query in the SQL of ``dialect`` (one of :data:`DIALECTS`)."""
    if dialect not in DIALECTS:
        raise EvidenceError(f"unknown SQL dialect '{dialect}' (use one of {', '.join(DIALECTS)})")
    import sqlglot
    from sqlglot import exp
    from sqlglot.errors import ParseError

    try:
        table = exp.to_table(settings.table, dialect=dialect)
    except (ParseError, ValueError):
        raise EvidenceError(f"'{settings.table}' is not a table name") from None
    query = sqlglot.parse_one(aggregation_sql(QuerySettings(settings.units, settings.allocation_tags,
                                                            settings.eligible_categories)), read="duckdb")
    for found in query.find_all(exp.Table):
        found.replace(table.copy())
    return query.sql(dialect=dialect, pretty=True)
