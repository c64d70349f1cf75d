"""How long the tracker costs: the whole export, the tracker's sheets alone, and reading them back.

Run: ``.venv/bin/python -m benchmarks.tracker_round_trip [--units N ...] [--runs N]``. Sizes are
the demo workshop (``0``) and seeded synthetic workshops (:mod:`benchmarks.synthetic`); the
roadmap is planned first. "Tracker alone" builds and saves a workbook holding only the
Tracker, Progress and identity sheets, so the export without them costs about the whole
export less that. "Import" reads the workbook back (python-calamine) into a copy of the
workshop file: every row checked, nothing new to write. Aim: the tracker keeps the 1,000-unit
export under 5 s.
"""

from __future__ import annotations

import argparse
import gc
import json
import shutil
from pathlib import Path
from typing import Any

from benchmarks.synthetic import cached_workshop
from benchmarks.timing import scratch_folder, summary, time_runs
from finops_desktop.demo_workshop import write_demo
from finops_desktop.domain.planner import plan_roadmap
from finops_desktop.storage.workshop_file import WorkshopFile


def measure(path: Path, folder: Path, runs: int) -> dict[str, Any]:
    from openpyxl import Workbook

    import finops_desktop.charts  # noqa: F401 - matplotlib, loaded once a session
    from finops_desktop.export import sheet_tracker, write_workbook
    from finops_desktop.export.content import ExportContent
    from finops_desktop.tracker.importing import import_progress

    with WorkshopFile.open(path, read_only=True) as file:
        workshop = file.workshop
    roadmap = plan_roadmap(workshop)
    out = folder / "workbook.xlsx"
    export = time_runs(lambda: write_workbook(workshop, out, roadmap=roadmap), runs)
    content = ExportContent(workshop, roadmap, workshop.active_round.id)

    def tracker_alone() -> None:  # as the export does it: with the cycle collector paused
        gc.disable()
        try:
            build_tracker()
        finally:
            gc.enable()

    def build_tracker() -> None:
        book = Workbook()
        rows = list(sheet_tracker.tracker_rows(content))
        sheet_tracker.write_tracker(book.active, content, rows)
        sheet_tracker.write_progress(book.create_sheet("Progress"), content, rows)
        sheet_tracker.write_id_sheet(book, content, rows)
        book.save(folder / "tracker.xlsx")

    tracker = time_runs(tracker_alone, runs)
    rows = sum(len(item.business_units) for item in roadmap.items)
    copy = folder / "copy.finops"
    shutil.copyfile(path, copy)
    with WorkshopFile.open(copy) as file:
        reading = time_runs(lambda: import_progress(file, out), runs)
    return {"units": len(workshop.business_units), "tracker_rows": rows, "export": summary(export),
            "tracker_alone": summary(tracker), "import": summary(reading), "workbook_mb": out.stat().st_size / 1e6}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--units", type=int, nargs="*", default=[0, 1000], help="0 is the demo workshop")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    with scratch_folder() as scratch:
        folder = Path(scratch)
        for units in args.units:
            if units == 0:
                path = folder / "demo.finops"
                write_demo(path).close()
            else:
                path = cached_workshop(units)
            results = measure(path, folder, args.runs)
            if args.json:
                print(json.dumps(results))
                continue
            name = "demo" if units == 0 else f"{units} units"
            print(f"{name}: {results['tracker_rows']:,} tracker rows, workbook {results['workbook_mb']:.1f} MB")
            for key in ("export", "tracker_alone", "import"):
                s = results[key]
                print(f"  {key.replace('_', ' ')}: median {s['median']:.2f} s over {s['runs']} runs "
                      f"(min {s['min']:.2f} s, max {s['max']:.2f} s)")


if __name__ == "__main__":
    main()
