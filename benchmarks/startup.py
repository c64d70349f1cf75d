"""How long the window takes to show, measured from outside, against a bare PySide6 window.

Run: ``.venv/bin/python -m benchmarks.startup [--units N] [--runs N]``. Each run starts a
new process (:mod:`benchmarks.window_driver`) and times it from starting it to the line it
prints once the window is on screen: a bare PySide6 window (the floor) and the app's main
window with a workshop of ``--units`` business units open, alternately, so that both see
the same machine. Then the Charts tab: from starting the process to the first chart drawn.
Aim: the main window within twice the bare window's time.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from pathlib import Path
from typing import Any

from benchmarks.synthetic import cached_workshop
from benchmarks.timing import ChildRun, run_child, summary

DRIVER = Path(__file__).with_name("window_driver.py")


def show_window(mode: str, path: Path | None = None) -> ChildRun:
    """One process showing a window: ``bare``, ``app`` (with ``path`` open) or ``chart``."""
    return run_child([sys.executable, str(DRIVER), mode, *([str(path)] if path is not None else [])], timeout=120)


def measure(path: Path, runs: int = 9, chart_runs: int = 5) -> dict[str, Any]:
    """Medians of the bare window, the main window with ``path`` open, and the first chart (seconds).

    One unmeasured run of each goes first, so that every run finds the files in the
    operating system's cache and the bytecode compiled.
    """
    for mode in ("bare", "app", "chart"):
        show_window(mode, None if mode == "bare" else path)
    bare: list[float] = []
    window: list[float] = []
    for index in range(runs):
        order = ("bare", "app") if index % 2 == 0 else ("app", "bare")
        for mode in order:
            run = show_window(mode, None if mode == "bare" else path)
            (bare if mode == "bare" else window).append(run.seconds_until("shown"))
    charts = [show_window("chart", path) for _ in range(chart_runs)]
    return {
        "bare": summary(bare),
        "window": summary(window),
        "ratio": statistics.median(window) / statistics.median(bare),
        "first_chart": summary([run.seconds_until("chart") for run in charts]),
        "chart_tab": summary([run.seconds_until("chart") - run.seconds_until("shown") for run in charts]),
    }


def window_peak_memory(path: Path) -> float:
    """Peak memory (MB) of the app showing ``path`` with its first chart drawn."""
    run = show_window("chart", path)
    run.seconds_until("chart")
    return run.peak_rss_mb


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--units", type=int, default=100)
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--json", action="store_true", help="print the numbers as one line of JSON")
    args = parser.parse_args()
    results = measure(cached_workshop(args.units), args.runs)
    if args.json:
        print(json.dumps(results))
        return
    bare, window = results["bare"], results["window"]
    print(f"bare PySide6 window shown:         median {bare['median'] * 1000:.0f} ms over {bare['runs']} runs")
    print(f"main window, {args.units} business units: median {window['median'] * 1000:.0f} ms "
          f"(min {window['min'] * 1000:.0f}, max {window['max'] * 1000:.0f}): {results['ratio']:.2f}x the bare window")
    print(f"first chart drawn:                 median {results['first_chart']['median'] * 1000:.0f} ms from the "
          f"start ({results['chart_tab']['median'] * 1000:.0f} ms after the window showed)")


if __name__ == "__main__":
    main()
