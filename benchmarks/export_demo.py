"""How long exporting the demo workshop to Excel takes, as File → Export to Excel… does it.

Run: ``.venv/bin/python -m benchmarks.export_demo [--runs N]``. The demo workshop (the one
``make run`` opens) is written to a scratch folder; openpyxl and matplotlib are imported
before the clock starts (the window loads matplotlib while idle; the first export of a
session pays for openpyxl once, reported apart). Each run writes the whole workbook, chart
pictures included. Aim: under 1 s.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path
from typing import Any

from benchmarks.timing import scratch_folder, summary, time_runs


def measure(folder: Path, runs: int = 5) -> dict[str, Any]:
    from finops_desktop.demo_workshop import write_demo

    with write_demo(folder / "demo.finops") as file:
        workshop = file.workshop
    import finops_desktop.charts  # noqa: F401 - matplotlib, warmed while the window is idle

    started = time.perf_counter()
    from finops_desktop.export import write_workbook  # openpyxl, once a session

    first_import = time.perf_counter() - started
    out = folder / "demo.xlsx"
    times = time_runs(lambda: write_workbook(workshop, out), runs)
    return {"export": summary(times), "openpyxl_import": first_import, "workbook_kb": out.stat().st_size / 1e3}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    with scratch_folder() as folder:
        results = measure(Path(folder), args.runs)
    if args.json:
        print(json.dumps(results))
        return
    export = results["export"]
    print(f"demo workshop, workbook {results['workbook_kb']:.0f} kB; importing openpyxl first: "
          f"{results['openpyxl_import'] * 1000:.0f} ms")
    print(f"export: median {export['median']:.2f} s over {export['runs']} runs "
          f"(min {export['min']:.2f} s, max {export['max']:.2f} s; aim: under 1 s)")


if __name__ == "__main__":
    main()
