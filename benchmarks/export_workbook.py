"""How long the Excel export takes (median of a few runs).

Run: ``.venv/bin/python -m benchmarks.export_workbook [--units N] [--runs N]``. The workshop
is the seeded synthetic one (:mod:`benchmarks.synthetic`) and its roadmap is planned
first; the time is writing the workbook, chart pictures included, to a scratch folder.
openpyxl and matplotlib are imported before the clock starts (the first export of a
session pays for that once). Aim: 1,000 business units in under 5 s.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from benchmarks.synthetic import cached_workshop
from benchmarks.timing import scratch_folder, summary, time_runs
from finops_desktop.domain.planner import plan_roadmap
from finops_desktop.domain.workshop import Workshop
from finops_desktop.storage.workshop_file import WorkshopFile


def measure(workshop: Workshop, folder: Path, runs: int = 3) -> dict[str, Any]:
    """Seconds to write the workbook of ``workshop`` into ``folder`` (median of ``runs``)."""
    import finops_desktop.charts  # noqa: F401 - matplotlib, loaded once a session
    from finops_desktop.export import write_workbook  # openpyxl

    roadmap = plan_roadmap(workshop)
    out = folder / "synthetic.xlsx"
    times = time_runs(lambda: write_workbook(workshop, out, roadmap=roadmap), runs)
    return {"export": summary(times), "workbook_mb": out.stat().st_size / 1e6}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--units", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", action="store_true", help="print the numbers as one line of JSON")
    args = parser.parse_args()
    with WorkshopFile.open(cached_workshop(args.units), read_only=True) as file:
        workshop = file.workshop
    with scratch_folder() as folder:
        results = measure(workshop, Path(folder), args.runs)
    if args.json:
        print(json.dumps(results))
        return
    export = results["export"]
    print(f"{args.units} business units, workbook {results['workbook_mb']:.1f} MB")
    print(f"export: median {export['median']:.2f} s over {export['runs']} runs "
          f"(min {export['min']:.2f} s, max {export['max']:.2f} s)")


if __name__ == "__main__":
    main()
