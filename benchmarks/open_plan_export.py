"""Open, plan and export one workshop in one process, as the command line does: times and peak memory.

Run: ``.venv/bin/python -m benchmarks.open_plan_export [--units N] [--runs N] [--export-runs N]``.
:mod:`benchmarks.run_all` runs it once per size in a process of its own, so that the peak
memory it reports is that of opening, planning and exporting that workshop.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from benchmarks import export_workbook, open_workshop, plan_roadmap
from benchmarks.synthetic import cached_workshop
from benchmarks.timing import scratch_folder
from finops_desktop.storage.workshop_file import WorkshopFile


def measure(path: Path, runs: int = 5, export_runs: int = 3) -> dict[str, Any]:
    """Seconds to open, plan and export ``path`` (medians), and what the roadmap and workbook hold."""
    results = open_workshop.measure(path, runs)
    with WorkshopFile.open(path, read_only=True) as file:
        workshop = file.workshop
    results.update(plan_roadmap.measure(workshop, runs))
    with scratch_folder() as folder:
        results.update(export_workbook.measure(workshop, Path(folder), export_runs))
    results["business_units"] = len(workshop.business_units)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--units", type=int, default=1000)
    parser.add_argument("--path", type=Path, help="a workshop file (default: the synthetic one of --units)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--export-runs", type=int, default=3)
    parser.add_argument("--json", action="store_true", help="print the numbers as one line of JSON")
    args = parser.parse_args()
    results = measure(args.path or cached_workshop(args.units), args.runs, args.export_runs)
    if args.json:
        print(json.dumps(results))
        return
    print(f"{results['business_units']} business units: {results['items']} roadmap items, "
          f"workbook {results['workbook_mb']:.1f} MB")
    for name in ("open", "plan", "export"):
        numbers = results[name]
        print(f"{name:<7} median {numbers['median']:.3f} s over {numbers['runs']} runs "
              f"(min {numbers['min']:.3f} s, max {numbers['max']:.3f} s)")


if __name__ == "__main__":
    main()
