"""Importing a 10-million-row FOCUS Parquet export: the app's import against the bare DuckDB query and pandas.

Run: ``.venv/bin/python -m benchmarks.evidence_import [--rows 10000000] [--runs 3]``. It writes the
export once (kept in ``out/bench/evidence/``), then measures, each in a process of its own and
taking turns, so that the peak memory is that process's (``ru_maxrss``, from outside):

- **import**: what ``evidence import`` does — find and check the file, aggregate it with DuckDB
  (memory limit 1 GB), hash it (SHA-256), match the values to a workshop's units and keep the
  sums in a copy of a workshop file;
- **bare DuckDB query**: the same aggregation query over ``read_parquet`` of the same file, in a
  connection with the same memory limit, and nothing else;
- **pandas**: the figures as an analyst would compute them in a notebook — read the columns
  needed, parse the tags as JSON, group by unit, period and day.

pandas and pyarrow are needed for the third row only (``pip install pandas pyarrow``); the app
does not use them. The numbers go into ``benchmarks/RESULTS.md``.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import time
from pathlib import Path

from benchmarks.timing import bench_dir, run_child

ROWS = 10_000_000
UNITS = 50
MEMORY_LIMIT = "1GB"
TARGET_RATIO = 1.5
TARGET_PEAK_MB = 1_000


def export_path(rows: int) -> Path:
    folder = bench_dir() / "evidence"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"focus-{rows}.parquet"
    if not path.exists():
        from finops_desktop.evidence.synthetic import write_large_parquet

        partial = path.with_name(path.name + ".partial")
        started = time.perf_counter()
        write_large_parquet(partial, rows, units=UNITS)
        partial.rename(path)
        print(f"wrote {path.name} ({path.stat().st_size / 1e6:.0f} MB) in {time.perf_counter() - started:.1f} s",
              file=sys.stderr)
    return path


def workshop_path() -> Path:
    """A workshop with the generated units (and one unit the data does not name)."""
    from finops_desktop.storage.file_format import SCHEMA_VERSION

    path = bench_dir() / "evidence" / f"workshop-{UNITS}-v{SCHEMA_VERSION}.finops"
    if not path.exists():
        from finops_desktop.domain.catalogue import DEFAULT_MODEL_ID, find_model
        from finops_desktop.domain.workshop import WorkshopInfo
        from finops_desktop.storage.workshop_file import WorkshopFile

        with WorkshopFile.create(path, WorkshopInfo("Benchmark client"), find_model(DEFAULT_MODEL_ID)) as file:
            for n in range(UNITS):
                file.add_business_unit(f"Unit {n}")
            file.add_business_unit("Not in the data")
    return path


def _settings() -> object:
    from finops_desktop.evidence.query import QuerySettings, UnitSource

    return QuerySettings(UnitSource("column", "SubAccountName"), ("business_unit", "cost_center"))


def run_import(data: Path) -> float:
    scratch = bench_dir() / "evidence" / "scratch.finops"
    scratch.unlink(missing_ok=True)
    shutil.copyfile(workshop_path(), scratch)
    started = time.perf_counter()
    from finops_desktop.evidence.importer import keep_import
    from finops_desktop.evidence.reader import BillingReader
    from finops_desktop.storage.workshop_file import WorkshopFile

    summary = BillingReader([data], _settings(), memory_limit=MEMORY_LIMIT).read()  # type: ignore[arg-type]
    with WorkshopFile.open(scratch) as file:
        _, report = keep_import(file, summary)
    elapsed = time.perf_counter() - started
    assert len(report.units) == UNITS, len(report.units)
    scratch.unlink()
    return elapsed


def run_bare(data: Path) -> float:
    started = time.perf_counter()
    import duckdb

    from finops_desktop.evidence.query import aggregation_sql

    con = duckdb.connect(config={"memory_limit": MEMORY_LIMIT})
    con.execute(f"CREATE VIEW focus AS SELECT * FROM read_parquet('{data}')")
    rows = con.execute(aggregation_sql(_settings())).fetchall()  # type: ignore[arg-type]
    con.close()
    elapsed = time.perf_counter() - started
    assert rows
    return elapsed


def run_pandas(data: Path) -> float:
    started = time.perf_counter()
    import pandas as pd

    df = pd.read_parquet(data, columns=[
        "SubAccountName", "BillingCurrency", "BillingPeriodStart", "ChargePeriodStart", "ChargeCategory",
        "ServiceCategory", "PricingCategory", "CommitmentDiscountStatus", "CommitmentDiscountId",
        "EffectiveCost", "ContractedCost", "ListCost", "Tags"])
    tags = df["Tags"].map(lambda t: json.loads(t) if t else {})
    allocated = tags.map(lambda t: bool(t.get("business_unit")) and bool(t.get("cost_center")))
    usage = df["ChargeCategory"] == "Usage"
    eligible = usage & (df["ServiceCategory"] == "Compute")
    status = df["CommitmentDiscountStatus"]
    purchase = (df["ChargeCategory"] == "Purchase") & df["CommitmentDiscountId"].notna()
    frame = pd.DataFrame({
        "bu_value": df["SubAccountName"], "currency": df["BillingCurrency"],
        "billing_period": df["BillingPeriodStart"].dt.date, "charge_day": df["ChargePeriodStart"].dt.date,
        "effective_cost": df["EffectiveCost"].where(~purchase, 0),
        "allocated_cost": df["EffectiveCost"].where(allocated, 0),
        "covered_cost": df["ContractedCost"].where(eligible & (status == "Used"), 0),
        "on_demand_cost": df["ContractedCost"].where(eligible & status.isna() & (df["PricingCategory"] == "Standard"),
                                                     0),
        "used_commitment_cost": df["EffectiveCost"].where(usage & (status == "Used"), 0),
        "unused_commitment_cost": df["EffectiveCost"].where(usage & (status == "Unused"), 0),
        "usage_list_cost": df["ListCost"].where(usage & (status.fillna("") != "Unused"), 0),
        "usage_effective_cost": df["EffectiveCost"].where(usage, 0),
    })
    sums = frame.groupby(["bu_value", "currency", "billing_period", "charge_day"]).sum()
    elapsed = time.perf_counter() - started
    assert len(sums)
    return elapsed


WAYS = {"import": run_import, "bare": run_bare, "pandas": run_pandas}
LABELS = {"import": "Import (evidence import)", "bare": "Bare DuckDB query", "pandas": "pandas, as an analyst would"}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=ROWS)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--one", choices=sorted(WAYS), help=argparse.SUPPRESS)
    parser.add_argument("--no-pandas", action="store_true")
    args = parser.parse_args(argv)
    data = export_path(args.rows)
    if args.one:
        print(json.dumps({"seconds": WAYS[args.one](data)}), flush=True)
        return 0
    workshop_path()
    ways = [w for w in WAYS if not (args.no_pandas and w == "pandas")]
    times: dict[str, list[float]] = {w: [] for w in ways}
    peaks: dict[str, list[float]] = {w: [] for w in ways}
    for _ in range(args.runs):
        for way in ways:
            run = run_child([sys.executable, "-m", "benchmarks.evidence_import", "--rows", str(args.rows),
                             "--one", way], timeout=1800)
            if run.returncode != 0 or not run.lines:
                raise RuntimeError(f"{way} failed: {run.stderr.strip()[-2000:]}")
            times[way].append(json.loads(run.lines[-1][0])["seconds"])
            peaks[way].append(run.peak_rss_mb)
    size = data.stat().st_size / 1e6
    print(f"{args.rows:,} rows, {UNITS} units, {size:.0f} MB Parquet (zstd); "
          f"medians of {args.runs} runs, taking turns\n")
    print("| Way                          | Median   | Min – max           | Peak memory | vs bare query |")
    print("|------------------------------|----------|---------------------|-------------|---------------|")
    bare = statistics.median(times["bare"])
    for way in ways:
        median = statistics.median(times[way])
        print(f"| {LABELS[way]:28} | {median:6.2f} s | {min(times[way]):6.2f} s – {max(times[way]):6.2f} s "
              f"| {max(peaks[way]):7.0f} MB | {median / bare:12.2f}x |")
    ratio = statistics.median(times["import"]) / bare
    peak = max(peaks["import"])
    print(f"\nimport / bare query: {ratio:.2f}x "
          f"(target <= {TARGET_RATIO}x: {'met' if ratio <= TARGET_RATIO else 'NOT met'}); "
          f"import peak memory {peak:.0f} MB (target < {TARGET_PEAK_MB} MB: "
          f"{'met' if peak < TARGET_PEAK_MB else 'NOT met'})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
