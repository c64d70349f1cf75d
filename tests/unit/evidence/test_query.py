"""The one aggregation query: every dialect's text parses, and its output read back gives the same figures."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
import sqlglot

from finops_desktop.evidence.errors import EvidenceError
from finops_desktop.evidence.figures import figures_by_group
from finops_desktop.evidence.query import DIALECTS, OUTPUT_COLUMNS, QuerySettings, UnitSource, transpiled
from finops_desktop.evidence.reader import BillingReader
from finops_desktop.evidence.summary_csv import read_summary
from tests.helpers.billing import BY_ACCOUNT, BY_TAG, two_units

SETTINGS = (BY_ACCOUNT, BY_TAG, QuerySettings(UnitSource("tag", "team name"), ("aws:owner",), ("Compute", "Databases")),
            QuerySettings(UnitSource("column", "x_CostCentre")))


@pytest.mark.parametrize("dialect", DIALECTS)
@pytest.mark.parametrize("settings", SETTINGS, ids=["column", "tag", "odd-keys", "no-allocation"])
def test_every_dialect_parses(dialect: str, settings: QuerySettings) -> None:
    text = transpiled(QuerySettings(settings.units, settings.allocation_tags, settings.eligible_categories,
                                    "billing.focus_export"), dialect)
    parsed = sqlglot.parse_one(text, read=dialect)
    assert [e.alias_or_name.lower() for e in parsed.expressions] == list(OUTPUT_COLUMNS)
    assert "billing.focus_export" in text.replace('"', "").replace("`", "")


def test_an_unknown_dialect_is_refused() -> None:
    with pytest.raises(EvidenceError, match="unknown SQL dialect 'oracle'"):
        transpiled(BY_ACCOUNT, "oracle")


def _warehouse_summary(tmp_path: Path, settings: QuerySettings, *, upper: bool = False) -> Path:
    """Run the printed DuckDB query over a table of the export, as a warehouse would, and save its CSV."""
    import duckdb

    export = two_units(rows_per_charge=2).write(tmp_path / "export.parquet", "parquet")
    out = tmp_path / "summary.csv"
    with duckdb.connect() as con:
        con.execute(f"CREATE TABLE focus_table AS SELECT * FROM read_parquet('{export}')")
        query = transpiled(QuerySettings(settings.units, settings.allocation_tags, table="focus_table"), "duckdb")
        cursor = con.execute(query)
        names = [d[0].upper() if upper else d[0] for d in cursor.description]
        rows = cursor.fetchall()
    with open(out, "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(names)
        writer.writerows(["" if v is None else v for v in row] for row in rows)
    return out


@pytest.mark.parametrize("settings", [BY_ACCOUNT, BY_TAG], ids=["column", "tag"])
@pytest.mark.parametrize("upper", [False, True], ids=["as-named", "capitals"])
def test_the_summary_path_gives_the_figures_of_the_reader(tmp_path: Path, settings: QuerySettings,
                                                          upper: bool) -> None:
    summary_csv = _warehouse_summary(tmp_path, settings, upper=upper)
    from_files = BillingReader([tmp_path / "export.parquet"], settings).read()
    from_summary = read_summary(summary_csv)
    assert from_summary.record.row_count == from_files.record.row_count
    assert from_summary.record.billing_periods == from_files.record.billing_periods
    a = figures_by_group(from_files.rows, {})
    b = figures_by_group(from_summary.rows, {})
    assert a.keys() == b.keys()
    for value in a:
        assert b[value].monthly_spend == pytest.approx(a[value].monthly_spend)
        assert b[value].indicators == pytest.approx(a[value].indicators)
        assert [d for d, _ in b[value].daily_spend] == [d for d, _ in a[value].daily_spend]
        assert [c for _, c in b[value].daily_spend] == pytest.approx([c for _, c in a[value].daily_spend])


def test_a_summary_without_allocation_keys_has_no_allocation_coverage(tmp_path: Path) -> None:
    settings = QuerySettings(UnitSource("column", "SubAccountName"))
    figures = figures_by_group(read_summary(_warehouse_summary(tmp_path, settings)).rows, {})
    assert figures["Retail"].indicators["allocation_coverage"] is None
    assert figures["Retail"].indicators["commitment_coverage"] is not None


def test_a_summary_missing_columns_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "summary.csv"
    path.write_text("bu_value,currency,billing_period\nRetail,USD,2026-09-01\n")
    with pytest.raises(EvidenceError, match="is not the output of 'evidence sql': it lacks the columns charge_day"):
        read_summary(path)


def test_a_summary_with_a_word_for_a_number_is_refused(tmp_path: Path) -> None:
    path = _warehouse_summary(tmp_path, BY_ACCOUNT)
    lines = path.read_text().splitlines()
    cells = lines[1].split(",")
    cells[OUTPUT_COLUMNS.index("effective_cost")] = "lots"
    lines[1] = ",".join(cells)
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(EvidenceError, match=r"summary\.csv, line 2: effective_cost is 'lots', which is not a number"):
        read_summary(path)


def test_a_tag_key_with_quotes_is_refused() -> None:
    with pytest.raises(EvidenceError, match="quotes"):
        QuerySettings(UnitSource("tag", "team'); DROP TABLE focus; --"))
