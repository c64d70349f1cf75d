"""How long a rating takes from the key press to the grid showing it (median of many edits).

Run: ``QT_QPA_PLATFORM=offscreen .venv/bin/python -m benchmarks.grid_edit [--units N] [--edits N]``.
The app's main window opens a copy of the synthetic workshop on the Assess tab; each edit
selects a cell (not timed), presses a stage key on the grid, and is timed until the grid
has painted the cell with its new stage. The edit goes the whole way the window's does:
the undo command, the durable write to the file, every view that follows the file. The
window is left alone for a second before the first edit, as a person would look at it
first; the first edit is reported apart. Aim: under 16 ms, one frame.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import time
from pathlib import Path
from typing import Any

from benchmarks.synthetic import cached_workshop
from benchmarks.timing import scratch_folder, summary

_KEYS = {"crawl": "Key_1", "walk": "Key_2", "run": "Key_3"}
#: Give up on an edit that has not shown after this long (seconds).
_PATIENCE = 10.0
#: How long the window is left alone after it shows, before the first edit (seconds).
_IDLE_FIRST = 1.0


def measure(path: Path, edits: int = 60, *, seed: int = 7) -> dict[str, Any]:
    """Seconds from a stage key pressed on the grid to the cell painted anew, for ``edits`` edits."""
    from PySide6.QtCore import QSettings, Qt
    from PySide6.QtTest import QTest

    from finops_desktop.app import application, open_window
    from finops_desktop.ui.app_settings import AppSettings
    from finops_desktop.ui.assessment_grid import RATING_ROLE, RatingDelegate
    from finops_desktop.ui.context import ApplicationContext
    from finops_desktop.ui.workspace import ASSESS_TAB

    painted: set[tuple[int, int, str | None]] = set()

    class WatchingDelegate(RatingDelegate):
        """The grid's own painting, noting which cell was painted with which stage."""

        def paint(self, painter: Any, option: Any, index: Any) -> None:
            super().paint(painter, option, index)
            rating = index.data(RATING_ROLE)
            painted.add((index.row(), index.column(), getattr(rating, "current", None)))

    app = application()
    rng = random.Random(seed)
    times: list[float] = []
    with scratch_folder() as scratch:
        folder = Path(scratch)
        copy = Path(shutil.copy2(path, folder / path.name))
        settings = AppSettings(QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat))
        window = open_window(copy, ApplicationContext(settings=settings, data_dir=folder))
        window.workspace.show_tab(ASSESS_TAB)
        grid = window.workspace.assess.grid
        grid.setItemDelegate(WatchingDelegate(grid))
        model = window.workspace.assess.grid_model
        idle_until = time.perf_counter() + _IDLE_FIRST
        while time.perf_counter() < idle_until:  # as a person looks at the window before the first key
            app.processEvents()
        for _ in range(edits + 1):
            index = model.index(rng.randrange(model.rowCount()), rng.randrange(model.columnCount()))
            grid.select_cell(index)
            app.processEvents()
            rating = model.rating_at(index)
            stage = rng.choice([s for s in _KEYS if rating is None or s != rating.current])
            wanted = (index.row(), index.column(), stage)
            painted.clear()
            start = time.perf_counter()
            QTest.keyClick(grid, getattr(Qt.Key, _KEYS[stage]))
            while wanted not in painted:
                if time.perf_counter() - start > _PATIENCE:
                    raise RuntimeError(f"the grid did not show the edit of row {index.row()} within {_PATIENCE} s")
                app.processEvents()
            times.append(time.perf_counter() - start)
        window.close()
    return {"edit_to_grid": summary(times[1:]), "first_edit": times[0], "business_units": model.rowCount()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--units", type=int, default=1000)
    parser.add_argument("--edits", type=int, default=60)
    parser.add_argument("--json", action="store_true", help="print the numbers as one line of JSON")
    args = parser.parse_args()
    results = measure(cached_workshop(args.units), args.edits)
    if args.json:
        print(json.dumps(results))
        return
    grid = results["edit_to_grid"]
    print(f"{args.units} business units: edit -> grid shows it: median {grid['median'] * 1000:.1f} ms over "
          f"{grid['runs']} edits (min {grid['min'] * 1000:.1f}, max {grid['max'] * 1000:.1f}); "
          f"first edit {results['first_edit'] * 1000:.1f} ms")


if __name__ == "__main__":
    main()
