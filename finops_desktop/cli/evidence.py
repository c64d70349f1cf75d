"""``evidence import|show|sql|import-summary``: figures measured from the client's FOCUS billing data."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..storage.workshop_file import WorkshopFile
from .base import CommandError, Parser


def register(sub: Any) -> None:
    evidence = sub.add_parser("evidence", help="measure spend and coverage from FOCUS billing data")
    ev_sub = evidence.add_subparsers(dest="evidence_command", required=True, parser_class=Parser)

    imp = ev_sub.add_parser("import", help="read FOCUS files (CSV, gzip CSV, Parquet, or a folder of them)")
    imp.add_argument("file", type=Path)
    imp.add_argument("billing", type=Path, nargs="+", help="billing data files or folders")
    _unit_options(imp)
    imp.add_argument("--bu-map", type=Path, help="CSV of 'value,business_unit' rows")
    _figure_options(imp)
    imp.add_argument("--apply-spend", action="store_true", help="set each matched unit's monthly spend")
    imp.set_defaults(run=_guarded(_import))

    show = ev_sub.add_parser("show", help="the imports and the figures per business unit")
    show.add_argument("file", type=Path)
    show.add_argument("--json", action="store_true")
    show.add_argument("--daily", action="store_true", help="the daily spend per unit as CSV (day,business_unit,spend)")
    show.set_defaults(run=_guarded(_show))

    sql = ev_sub.add_parser("sql", help="print the aggregation query for a warehouse")
    from ..evidence.query import DEFAULT_TABLE, DIALECTS  # light: no DuckDB, no sqlglot
    sql.add_argument("--dialect", required=True, choices=DIALECTS)
    sql.add_argument("--table", default=DEFAULT_TABLE, help=f"the table of FOCUS rows (default {DEFAULT_TABLE})")
    _unit_options(sql)
    _figure_options(sql)
    sql.set_defaults(run=_guarded(_sql))

    summary = ev_sub.add_parser("import-summary", help="read back the CSV output of the warehouse query")
    summary.add_argument("file", type=Path)
    summary.add_argument("summary", type=Path)
    summary.add_argument("--bu-map", type=Path, help="CSV of 'value,business_unit' rows")
    summary.add_argument("--apply-spend", action="store_true", help="set each matched unit's monthly spend")
    summary.set_defaults(run=_guarded(_import_summary))


def _unit_options(parser: argparse.ArgumentParser) -> None:
    units = parser.add_mutually_exclusive_group(required=True)
    units.add_argument("--bu-column", help="the column naming each row's unit, e.g. SubAccountName")
    units.add_argument("--bu-tag", help="the tag key naming each row's unit")


def _figure_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--allocation-tags", default="", help="tag keys a cost needs to count as allocated "
                        "(comma-separated; default: the --bu-tag key)")
    parser.add_argument("--eligible", default="Compute",
                        help="service categories eligible for commitments (comma-separated; default Compute)")


def _guarded(command: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
    def run(args: argparse.Namespace) -> int:
        from ..evidence.errors import EvidenceError

        try:
            return command(args)
        except EvidenceError as exc:
            raise CommandError(str(exc)) from None
    return run


def _settings(args: argparse.Namespace) -> Any:
    from ..evidence.query import QuerySettings, UnitSource

    units = UnitSource("column", args.bu_column) if args.bu_column else UnitSource("tag", args.bu_tag)
    tags = tuple(t.strip() for t in args.allocation_tags.split(",") if t.strip())
    if not tags and units.kind == "tag":
        tags = (units.key,)
    eligible = tuple(c.strip() for c in args.eligible.split(",") if c.strip())
    return QuerySettings(units, tags, eligible, getattr(args, "table", "focus"))


def _import(args: argparse.Namespace) -> int:
    from ..evidence.reader import BillingReader

    settings = _settings(args)
    with WorkshopFile.open(args.file) as file:
        mapping = _mapping(args, file)
        summary = BillingReader(args.billing, settings).read()
        return _keep(file, summary, mapping, args.apply_spend)


def _import_summary(args: argparse.Namespace) -> int:
    from ..evidence.summary_csv import read_summary

    with WorkshopFile.open(args.file) as file:
        mapping = _mapping(args, file)
        return _keep(file, read_summary(args.summary), mapping, args.apply_spend)


def _mapping(args: argparse.Namespace, file: WorkshopFile) -> dict[str, int] | None:
    from ..evidence.matching import read_mapping

    return read_mapping(args.bu_map, file.workshop.business_units) if args.bu_map else None


def _keep(file: WorkshopFile, summary: Any, mapping: dict[str, int] | None, apply_spend: bool) -> int:
    """Keep the import and say in one line what it holds; ``evidence show`` lists the figures."""
    from ..evidence.importer import keep_import

    record, report = keep_import(file, summary, mapping=mapping, apply_spend=apply_spend)
    versions = ", ".join(record.focus_versions)
    files = len(record.files)
    units = len(report.units)
    unmatched = sum(u.figures.monthly_spend for u in report.unmatched)
    rest = (f"; {len(report.unmatched)} value{'s' if len(report.unmatched) != 1 else ''} matching no unit "
            f"({unmatched:,.2f} {record.currency} a month)") if report.unmatched else ""
    spend = " and their monthly spend set" if apply_spend else ""
    print(f"Imported {record.row_count:,} rows from {files} file{'s' if files != 1 else ''}"
          f"{f' (FOCUS {versions})' if versions else ''}: {record.period_label}, {record.currency}; "
          f"{units} business unit{'s' if units != 1 else ''} matched{spend}{rest} "
          "(see 'finops-workshop evidence show')")
    return 0


def _show(args: argparse.Namespace) -> int:
    from ..evidence.report import evidence_report

    with WorkshopFile.open(args.file, read_only=True) as file:
        imports = file.evidence_imports()
        stored = file.latest_evidence()
        report = evidence_report(stored, file.workshop) if stored else None
    if args.json:
        print(json.dumps(_json(imports, report), indent=2, ensure_ascii=False))
        return 0
    if args.daily:
        _print_daily(report)
        return 0
    if not imports or report is None:
        print("No billing data imported yet (see 'finops-workshop evidence import --help').")
        return 0
    for record in imports:
        print(f"Import {record.id}, {record.imported_at}: {record.row_count:,} rows, {record.period_label}, "
              f"{record.currency}, units by {record.unit_source}")
        for f in record.files:
            version = f", FOCUS {f.focus_version}" if f.focus_version else ""
            print(f"  {f.name} ({f.size:,} bytes, {f.row_count:,} rows{version}) sha256 {f.sha256}")
    print(f"\nFigures of import {report.record.id}:")
    _print_report(report)
    return 0


def _print_report(report: Any) -> None:
    from ..evidence.report import indicator_json

    def pct(value: float | None) -> str:
        return "—" if value is None else f"{value:.1f} %"

    currency = report.record.currency
    if report.units:
        print(f"{'Business unit':30} {'Monthly spend':>16} {'Allocated':>10} {'Coverage':>10} {'Used':>10} "
              f"{'Savings':>10}")
        for unit in report.units:
            values = indicator_json(unit.figures)
            print(f"{unit.business_unit.name[:30]:30} {unit.figures.monthly_spend:>12,.2f} {currency:3} "
                  f"{pct(values['allocation_coverage']):>10} {pct(values['commitment_coverage']):>10} "
                  f"{pct(values['commitment_utilisation']):>10} {pct(values['effective_savings_rate']):>10}")
    if report.unmatched:
        print(f"Matching no business unit ({len(report.unmatched)}):")
        for item in report.unmatched[:20]:
            label = item.value if item.value is not None else "(no value)"
            print(f"  {label[:40]:40} {item.figures.monthly_spend:>12,.2f} {currency} a month")
        if len(report.unmatched) > 20:
            print(f"  … and {len(report.unmatched) - 20} more (see 'evidence show --json')")


def _json(imports: list[Any], report: Any) -> dict[str, Any]:
    from ..evidence.report import indicator_json

    return {
        "imports": [{
            "id": r.id, "imported_at": r.imported_at, "source": r.source, "rows": r.row_count,
            "focus_versions": list(r.focus_versions), "currency": r.currency,
            "billing_periods": [p.isoformat() for p in r.billing_periods], "unit_source": r.unit_source,
            "allocation_tags": list(r.allocation_tags),
            "files": [{"name": f.name, "size": f.size, "sha256": f.sha256, "rows": f.row_count, "format": f.format,
                       "focus_version": f.focus_version} for f in r.files],
        } for r in imports],
        "business_units": [{"name": u.business_unit.name, "monthly_spend": round(u.figures.monthly_spend, 2),
                            "indicators": indicator_json(u.figures),
                            "billing_periods": [{"period": period.isoformat(), "spend": round(sums.effective_cost, 2),
                                                 "indicators": _rounded(sums.indicators())}
                                                for period, sums in sorted(u.figures.by_period.items())]}
                           for u in (report.units if report else ())],
        "unmatched": [{"value": u.value, "monthly_spend": round(u.figures.monthly_spend, 2)}
                      for u in (report.unmatched if report else ())],
    }


def _rounded(values: dict[str, float | None]) -> dict[str, float | None]:
    return {name: None if value is None else round(value, 4) for name, value in values.items()}


def _print_daily(report: Any) -> None:
    """The daily spend series (anomaly evidence), one row per unit and day; no rows before an import."""
    import csv
    import sys

    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(["day", "business_unit", "spend"])
    if report is None:
        return
    named = [(u.business_unit.name, u.figures) for u in report.units]
    named += [(f"(matches no unit) {u.value if u.value is not None else '(no value)'}", u.figures)
              for u in report.unmatched]
    for name, figures in named:
        for day, spend in figures.daily_spend:
            writer.writerow([day.isoformat(), name, f"{spend:.2f}"])


def _sql(args: argparse.Namespace) -> int:
    from ..evidence.query import transpiled

    print(transpiled(_settings(args), args.dialect) + ";")
    return 0
