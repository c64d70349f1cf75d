"""How long opening a workshop file takes: checking it, taking the edit lock, reading it into memory.

Run: ``.venv/bin/python -m benchmarks.open_workshop [--units N] [--runs N]``. The file is
opened for editing, as the window does, and closed again. Aim: 1,000 business units in
under 0.5 s.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from benchmarks.synthetic import cached_workshop
from benchmarks.timing import summary, time_runs
from finops_desktop.storage.workshop_file import WorkshopFile


def open_and_close(path: Path) -> None:
    WorkshopFile.open(path).close()


def measure(path: Path, runs: int = 7) -> dict[str, Any]:
    """Seconds to open ``path`` for editing (median of ``runs``)."""
    return {"open": summary(time_runs(lambda: open_and_close(path), runs))}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--units", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--json", action="store_true", help="print the numbers as one line of JSON")
    args = parser.parse_args()
    results = measure(cached_workshop(args.units), args.runs)
    if args.json:
        print(json.dumps(results))
        return
    opened = results["open"]
    print(f"open {args.units} business units: median {opened['median'] * 1000:.1f} ms over {opened['runs']} runs "
          f"(min {opened['min'] * 1000:.1f}, max {opened['max'] * 1000:.1f})")


if __name__ == "__main__":
    main()
