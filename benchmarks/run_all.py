"""``make bench``: every benchmark, on workshops of 10, 100, 1,000 and 10,000 business units, in one table.

Run: ``QT_QPA_PLATFORM=offscreen .venv/bin/python -m benchmarks.run_all [--sizes 10 100 ...] [--quick]``.
Each measurement runs in a process of its own (the numbers are its medians; the peak
memory is the process's, measured from outside). The synthetic workshops are written once
and kept under ``out/bench/workshops/``; the first run takes a minute longer for that.
``--quick`` runs everything once, to check that the benchmarks work, not to measure.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from benchmarks import startup
from benchmarks.synthetic import cached_workshop
from benchmarks.timing import bench_dir, run_module

SIZES = (10, 100, 1_000, 10_000)
#: The workshop the start-up is measured with, and the one the targets for size are set for.
WINDOW_SIZE = 100
TARGET_SIZE = 1_000
CHART_UNITS = 10


@dataclass(frozen=True)
class Plan:
    """How many times each thing is measured."""

    window_runs: int = 9
    chart_runs: int = 5
    runs: dict[int, int] = field(default_factory=lambda: {10: 7, 100: 7, 1_000: 5, 10_000: 3})
    export_runs: dict[int, int] = field(default_factory=lambda: {10: 3, 100: 3, 1_000: 3, 10_000: 1})
    edits: int = 60
    #: For sizes not listed above.
    default_runs: int = 3

    def runs_for(self, size: int) -> int:
        return self.runs.get(size, self.default_runs)

    def export_runs_for(self, size: int) -> int:
        return self.export_runs.get(size, 1)


QUICK = Plan(window_runs=1, chart_runs=1, runs={}, export_runs={}, edits=3, default_runs=1)


@dataclass(frozen=True)
class Row:
    """One line of the table: a median (seconds, MB or a ratio) and the target it is held to."""

    measure: str
    value: float
    unit: str  # "s", "MB" or "x"
    low: float | None = None
    high: float | None = None
    runs: int = 1
    limit: float | None = None  # the target: at most this much
    target: str = ""

    @property
    def met(self) -> str:
        if self.limit is None:
            return ""
        return "yes" if self.value <= self.limit else "NO"


def _seconds(label: str, numbers: dict[str, float], limit: float | None = None, target: str = "") -> Row:
    return Row(label, numbers["median"], "s", numbers["min"], numbers["max"], int(numbers["runs"]), limit, target)


def _size_label(size: int) -> str:
    return f"{size:,} BUs"


def _say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def collect(sizes: Sequence[int] = SIZES, plan: Plan | None = None) -> list[Row]:
    """Measure everything on workshops of ``sizes`` business units; the rows of the table."""
    plan = plan or Plan()
    sizes = sorted(sizes)
    paths = {}
    for size in sizes:
        _say(f"workshop of {_size_label(size)} (written once, then kept in {bench_dir() / 'workshops'})")
        paths[size] = cached_workshop(size)
    window_size = WINDOW_SIZE if WINDOW_SIZE in sizes else sizes[0]
    target_size = TARGET_SIZE if TARGET_SIZE in sizes else max(sizes)
    cached_workshop(CHART_UNITS)  # the charts' workshop, written before anything is timed
    rows: list[Row] = []

    _say(f"start-up: {plan.window_runs} bare windows and {plan.window_runs} main windows, alternately")
    started = startup.measure(paths[window_size], plan.window_runs, plan.chart_runs)
    rows.append(_seconds("Bare PySide6 window shown (the floor)", started["bare"]))
    rows.append(_seconds(f"Main window shown, {_size_label(window_size)} open", started["window"]))
    rows.append(Row("  ratio to the bare window", started["ratio"], "x", runs=plan.window_runs, limit=2.0,
                    target="<= 2x"))
    rows.append(_seconds("First chart drawn (from process start)", started["first_chart"]))
    rows.append(_seconds("  of which Charts tab opened -> chart drawn", started["chart_tab"]))

    headless = {}
    for size in sizes:
        _say(f"open, plan, export: {_size_label(size)}")
        headless[size] = run_module("benchmarks.open_plan_export", "--path", str(paths[size]),
                                    "--runs", str(plan.runs_for(size)),
                                    "--export-runs", str(plan.export_runs_for(size)))
    for step, limit, target in (("open", 0.5, "< 0.5 s"), ("plan", 0.1, "< 100 ms"),
                                ("plan_cold", 0.1, "< 100 ms"), ("export", 5.0, "< 5 s")):
        for size in sizes:
            held = size == target_size
            label = "Plan, nothing kept" if step == "plan_cold" else step.capitalize()
            rows.append(_seconds(f"{label}, {_size_label(size)}", headless[size][0][step],
                                 limit if held else None, target if held else ""))

    _say(f"edit -> grid: {plan.edits} ratings, {_size_label(target_size)}")
    grid, _ = run_module("benchmarks.grid_edit", "--units", str(target_size), "--edits", str(plan.edits))
    rows.append(_seconds(f"Edit -> grid shows it, {_size_label(target_size)}", grid["edit_to_grid"], 0.016,
                         "< 16 ms"))
    _say(f"edit -> charts: {plan.edits} ratings, {CHART_UNITS} units overlaid")
    chart, _ = run_module("benchmarks.chart_refresh", "--units", str(CHART_UNITS), "--edits", str(plan.edits))
    rows.append(_seconds(f"Edit -> charts show it, {CHART_UNITS} BUs overlaid", chart["edit_to_chart"], 0.100,
                         "< 100 ms"))

    _say(f"peak memory: the window with {_size_label(target_size)} and its first chart")
    rows.append(Row(f"Peak memory, window + first chart, {_size_label(target_size)}",
                    startup.window_peak_memory(paths[target_size]), "MB", limit=250.0, target="< 250 MB"))
    for size in sizes:
        held = size == target_size
        rows.append(Row(f"Peak memory, open + plan + export, {_size_label(size)}", headless[size][1], "MB",
                        limit=250.0 if held else None, target="< 250 MB" if held else ""))
    return rows


def _format(value: float | None, unit: str) -> str:
    if value is None:
        return ""
    if unit == "s":
        return f"{value * 1000:.1f} ms" if value < 1 else f"{value:.2f} s"
    if unit == "x":
        return f"{value:.2f}x"
    return f"{value:.0f} MB"


def table(rows: Sequence[Row]) -> str:
    """The rows as a plain-text table (also valid Markdown)."""
    header = ("Measure", "Median", "Min – max", "Runs", "Target", "Met")
    cells = [header] + [
        (row.measure, _format(row.value, row.unit),
         f"{_format(row.low, row.unit)} – {_format(row.high, row.unit)}" if row.low is not None else "",
         str(row.runs), row.target, row.met)
        for row in rows]
    widths = [max(len(line[column]) for line in cells) for column in range(len(header))]
    lines = ["| " + " | ".join(text.ljust(width) for text, width in zip(line, widths, strict=True)) + " |"
             for line in cells]
    lines.insert(1, "|" + "|".join("-" * (width + 2) for width in widths) + "|")
    return "\n".join(lines)


def machine() -> list[str]:
    """What the numbers were measured on."""
    model = next((line.split(":", 1)[1].strip() for line in _read("/proc/cpuinfo").splitlines()
                  if line.startswith("model name")), platform.processor() or "unknown")
    memory_kb = next((int(line.split()[1]) for line in _read("/proc/meminfo").splitlines()
                      if line.startswith("MemTotal:")), 0)
    versions = ", ".join(f"{name} {_version(name)}" for name in ("PySide6-Essentials", "matplotlib", "openpyxl",
                                                                  "sqlite-utils"))
    return [f"{os.cpu_count()} CPUs ({model}), {memory_kb / 1024 / 1024:.1f} GiB memory, "
            f"{platform.system()} {platform.release()}",
            f"Python {platform.python_version()}, {versions}",
            "Qt platform: offscreen (QT_QPA_PLATFORM=offscreen); bytecode compiled (cached under out/bench/pycache)"]


def _read(path: str) -> str:
    try:
        return Path(path).read_text()
    except OSError:
        return ""


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "not installed"


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES), help="business units per workshop")
    parser.add_argument("--quick", action="store_true", help="measure everything once (a check, not a benchmark)")
    args = parser.parse_args(argv)
    rows = collect(args.sizes, QUICK if args.quick else None)
    print("\n".join(machine()))
    print()
    print(table(rows))


if __name__ == "__main__":
    main()
