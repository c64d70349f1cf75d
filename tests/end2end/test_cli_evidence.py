"""``finops-workshop evidence``: import, show, sql and import-summary; bad input is one line and changes nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import sqlglot
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.helpers.billing import FOCUS_SAMPLE, two_units
from tests.helpers.commands import digest, run
from tests.helpers.workshops import make_workshop_file

IMPORT_OPTIONS = ("--bu-column", "SubAccountName", "--allocation-tags", "business_unit,cost_center")


@pytest.fixture
def workshop(tmp_path: Path) -> Path:
    return make_workshop_file(tmp_path / "acme.finops", [("Retail", 100.0, {}), ("Payments", None, {})])


def _show(capsys: pytest.CaptureFixture[str], path: Path) -> dict:
    code, out, err = run(capsys, "evidence", "show", path, "--json")
    assert code == 0, err
    return json.loads(out)


def test_import_then_show_json(workshop: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    export = two_units()
    data = export.write(tmp_path / "export.csv.gz", "csv.gz")
    code, out, err = run(capsys, "evidence", "import", workshop, data, *IMPORT_OPTIONS)
    assert code == 0, err
    rows = sum(1 for _ in export.rows())
    assert out.startswith(f"Imported {rows:,} rows from 1 file (FOCUS 1.0): Sep–Oct 2026, USD; "
                          "2 business units matched (see ")
    assert out.count("\n") == 1
    shown = _show(capsys, workshop)
    assert set(shown) == {"imports", "business_units", "unmatched"}
    (record,) = shown["imports"]
    assert record["rows"] == rows and record["currency"] == "USD"
    assert record["billing_periods"] == ["2026-09-01", "2026-10-01"]
    assert record["files"][0]["name"] == "export.csv.gz" and len(record["files"][0]["sha256"]) == 64
    units = {u["name"]: u for u in shown["business_units"]}
    expected = export.expected("Retail")
    assert units["Retail"]["monthly_spend"] == pytest.approx(expected.monthly_spend, abs=0.01)
    assert units["Retail"]["indicators"] == pytest.approx({
        "allocation_coverage": expected.allocation_coverage, "commitment_coverage": expected.commitment_coverage,
        "commitment_utilisation": expected.commitment_utilisation,
        "effective_savings_rate": expected.effective_savings_rate}, abs=1e-3)
    assert units["Payments"]["indicators"]["commitment_utilisation"] is None
    assert shown["unmatched"] == []
    september, october = units["Retail"]["billing_periods"]
    assert september["period"] == "2026-09-01" and october["period"] == "2026-10-01"
    retail_daily = export.units[0].daily_effective
    assert september["spend"] == pytest.approx(30 * retail_daily, abs=0.01)
    assert october["spend"] == pytest.approx(31 * retail_daily, abs=0.01)
    assert october["indicators"]["commitment_coverage"] == pytest.approx(expected.commitment_coverage, abs=1e-3)
    code, out, err = run(capsys, "evidence", "show", workshop, "--daily")
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0] == "day,business_unit,spend"
    assert f"2026-09-01,Retail,{retail_daily:.2f}" in lines and len(lines) == 1 + 2 * 61
    # Without --apply-spend the typed spend stays.
    code, out, _ = run(capsys, "show", workshop, "--json")
    assert {u["name"]: u["monthly_spend"] for u in json.loads(out)["business_units"]}["Retail"] == 100.0


def test_apply_spend_and_unmatched_values(workshop: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    export = two_units()
    data = export.write(tmp_path / "export.parquet", "parquet")
    code, out, err = run(capsys, "evidence", "import", workshop, data, "--bu-tag", "business_unit", "--apply-spend")
    assert code == 0, err
    shown = _show(capsys, workshop)
    assert shown["unmatched"] == [{"value": None, "monthly_spend": round(export.untagged_monthly_spend(), 2)}]
    code, out, _ = run(capsys, "show", workshop, "--json")
    spend = {u["name"]: u["monthly_spend"] for u in json.loads(out)["business_units"]}
    assert spend["Retail"] == pytest.approx(export.expected("Retail", by_tag=True).monthly_spend, abs=0.01)


def test_a_mapping_csv_maps_values_to_units(workshop: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = two_units().write(tmp_path / "export.csv")
    mapping = tmp_path / "map.csv"
    mapping.write_text("value,business_unit\n100000,Retail\n100001,payments\n")
    code, _, err = run(capsys, "evidence", "import", workshop, data, "--bu-column", "SubAccountId",
                       "--bu-map", mapping)
    assert code == 0, err
    shown = _show(capsys, workshop)
    assert [u["name"] for u in shown["business_units"]] == ["Retail", "Payments"]
    assert shown["unmatched"] == []


def test_the_real_sample_reports_what_matches_no_unit(workshop: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "evidence", "import", workshop, FOCUS_SAMPLE, "--bu-tag", "business_unit")
    assert code == 0, err
    assert "0 business units matched; 302 values matching no unit (" in out
    code, out, err = run(capsys, "evidence", "show", workshop)
    assert code == 0 and "Matching no business unit (302):" in out
    shown = _show(capsys, workshop)
    assert shown["business_units"] == []
    assert {u["value"] for u in shown["unmatched"]} >= {None, "ViennaAI"}


def test_sql_prints_a_query_that_parses(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "evidence", "sql", "--dialect", "bigquery", "--table", "proj.billing.focus",
                         "--bu-tag", "team", "--allocation-tags", "team,env")
    assert code == 0, err
    assert "JSON_EXTRACT_SCALAR" in out and "proj.billing.focus" in out
    sqlglot.parse_one(out.rstrip().rstrip(";"), read="bigquery")


def test_import_summary_gives_the_figures_of_import(workshop: Path, tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    import csv

    import duckdb

    data = two_units().write(tmp_path / "export.parquet", "parquet")
    assert run(capsys, "evidence", "import", workshop, data, *IMPORT_OPTIONS)[0] == 0
    from_files = _show(capsys, workshop)
    code, query, _ = run(capsys, "evidence", "sql", "--dialect", "duckdb", "--table", "focus_rows", *IMPORT_OPTIONS)
    assert code == 0
    with duckdb.connect() as con:
        con.execute(f"CREATE TABLE focus_rows AS SELECT * FROM read_parquet('{data}')")
        cursor = con.execute(query)
        header = [d[0] for d in cursor.description]
        rows = cursor.fetchall()
    summary = tmp_path / "summary.csv"
    with open(summary, "w", newline="") as handle:
        csv.writer(handle).writerows([header, *rows])
    code, _, err = run(capsys, "evidence", "import-summary", workshop, summary)
    assert code == 0, err
    from_summary = _show(capsys, workshop)
    assert len(from_summary["imports"]) == 2
    assert from_summary["imports"][1]["source"] == "warehouse summary"
    assert from_summary["business_units"] == from_files["business_units"]


def _corrupt_cost(path: Path) -> None:
    lines = path.read_text().splitlines()
    header = lines[0].split(",")
    cells = lines[3].split(",")
    cells[header.index("ListCost")] = "n/a"
    lines[3] = ",".join(cells)
    path.write_text("\n".join(lines) + "\n")


def _bad_inputs(tmp_path: Path) -> dict[str, tuple[list[object], str]]:
    not_focus = tmp_path / "invoice.csv"
    not_focus.write_text("Date,Amount\n2026-09-01,3\n")
    header_only = tmp_path / "header.csv"
    header_only.write_text(",".join(two_units().columns()) + "\n")
    truncated = two_units().write(tmp_path / "cut.parquet", "parquet")
    truncated.write_bytes(truncated.read_bytes()[:-100])
    usd = two_units().write(tmp_path / "usd.csv")
    eur = two_units(currency="EUR").write(tmp_path / "eur.csv")
    words = two_units().write(tmp_path / "words.csv")
    _corrupt_cost(words)
    bad_tags = tmp_path / "tags.csv"
    bad_tags.write_text(FOCUS_SAMPLE.read_text().replace('"{""application"": ""BrightLensMatrix""',
                                                         '"application: BrightLensMatrix ""', 1))
    mapping = tmp_path / "map.csv"
    mapping.write_text("value,business_unit\n100000,Retial\n100001,Finance\n")
    empty_folder = tmp_path / "empty"
    empty_folder.mkdir()
    (empty_folder / "notes.txt").write_text("no data")
    good = two_units().write(tmp_path / "good.csv")
    column = ["--bu-column", "SubAccountName"]
    return {
        "not focus": ([not_focus, *column], "invoice.csv is not a FOCUS cost and usage file: it lacks the columns "),
        "empty": ([header_only, *column], "the billing data holds no rows"),
        "truncated": ([truncated, *column], "cut.parquet is not a readable Parquet file; it may be truncated"),
        "currencies": ([usd, eur, *column], "the billing data mixes currencies (EUR, USD)"),
        "words": ([words, *column], "words.csv: the column ListCost holds 'n/a', which is not a number"),
        "tags": ([bad_tags, "--bu-tag", "business_unit"], "tags.csv: the column Tags holds 'application: "),
        "mapping": ([good, "--bu-column", "SubAccountId", "--bu-map", mapping],
                    "the mapping map.csv names business units the workshop does not have: 'Retial', 'Finance'; "
                    "did you mean 'Retail' for 'Retial'?"),
        "folder": ([empty_folder, *column], "holds no billing data files (.csv, .csv.gz or .parquet)"),
        "no tags": ([good, "--bu-tag", "team", "--allocation-tags", "a'b"], "holds quotes"),
        "apply in another currency": ([eur, *column, "--apply-spend"], "the billing data is in EUR and the "
                                      "workshop's figures in USD"),
    }


@pytest.mark.parametrize("case", ["not focus", "empty", "truncated", "currencies", "words", "tags", "mapping",
                                  "folder", "no tags", "apply in another currency"])
def test_bad_input_is_one_line_and_leaves_the_file_unchanged(workshop: Path, tmp_path: Path,
                                                            capsys: pytest.CaptureFixture[str], case: str) -> None:
    args, message = _bad_inputs(tmp_path)[case]
    before = digest(workshop)
    code, _, err = run(capsys, "evidence", "import", workshop, *args)
    assert code == 2
    assert err.startswith("error: ") and err.count("\n") == 1
    assert message in err
    assert digest(workshop) == before


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300))
def test_any_summary_text_is_read_or_refused_in_one_line(workshop: Path, tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str], text: str) -> None:
    header = "bu_value,currency,billing_period,charge_day,row_count,effective_cost,allocated_cost,covered_cost," \
             "on_demand_cost,used_commitment_cost,unused_commitment_cost,usage_list_cost,usage_effective_cost\n"
    summary = tmp_path / "summary.csv"
    summary.write_text(header + text, encoding="utf-8")
    before = digest(workshop)
    code, _, err = run(capsys, "evidence", "import-summary", workshop, summary)
    if code != 0:
        assert code == 2 and err.startswith("error: ") and err.count("\n") == 1
        assert digest(workshop) == before


@pytest.mark.slow
def test_duckdb_and_sqlglot_load_only_when_evidence_is_used(workshop: Path, tmp_path: Path,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    import os
    import subprocess
    import sys
    import textwrap

    data = two_units().write(tmp_path / "export.csv")
    assert run(capsys, "evidence", "import", workshop, data, *IMPORT_OPTIONS)[0] == 0
    probe = textwrap.dedent("""
        import sys
        from pathlib import Path
        from finops_desktop.cli import main
        main(["show", sys.argv[1]])
        main(["evidence", "show", sys.argv[1]])
        print("cli:", "duckdb" in sys.modules, "sqlglot" in sys.modules)
        from finops_desktop import app as desktop
        app = desktop.application()
        window = desktop.open_window(Path(sys.argv[1]))
        app.processEvents()
        print("window:", "duckdb" in sys.modules, "sqlglot" in sys.modules)
    """)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": str(tmp_path / "config"),
           "XDG_DATA_HOME": str(tmp_path / "data"), "HOME": str(tmp_path / "home")}
    result = subprocess.run([sys.executable, "-c", probe, str(workshop)], capture_output=True, text=True,
                            env=env, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    assert "cli: False False" in lines and "window: False False" in lines
