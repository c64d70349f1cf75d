"""How long the Excel export of a 1,000-business-unit workshop takes (median of a few runs).

Run: ``.venv/bin/python -m benchmarks.export_workbook [--units N] [--runs N]``. The workshop
is a seeded synthetic one written to a temporary folder; planning is timed apart from
writing the workbook, which includes rendering the chart pictures.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from benchmarks.synthetic import write_synthetic_workshop
from finops_desktop.domain.planner import plan_roadmap
from finops_desktop.export import write_workbook
from finops_desktop.storage.workshop_file import WorkshopFile


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--units", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        path = write_synthetic_workshop(Path(folder) / "synthetic.finops", args.units)
        with WorkshopFile.open(path, read_only=True) as file:
            workshop = file.workshop
        plan_times, export_times = [], []
        out = Path(folder) / "synthetic.xlsx"
        for _ in range(args.runs):
            start = time.perf_counter()
            roadmap = plan_roadmap(workshop)
            planned = time.perf_counter()
            write_workbook(workshop, out, roadmap=roadmap)
            plan_times.append(planned - start)
            export_times.append(time.perf_counter() - planned)
        size = out.stat().st_size
    print(f"{args.units} business units, {len(roadmap.items)} roadmap items, workbook {size / 1e6:.1f} MB")
    print(f"plan:   median {statistics.median(plan_times):.2f} s over {args.runs} runs")
    print(f"export: median {statistics.median(export_times):.2f} s over {args.runs} runs "
          f"(min {min(export_times):.2f} s, max {max(export_times):.2f} s)")


if __name__ == "__main__":
    main()
