"""How long one rating takes to show on the charts with 10 business units overlaid (median).

Run: ``QT_QPA_PLATFORM=offscreen .venv/bin/python -m benchmarks.chart_refresh [--units N] [--edits N]
[--mode units|organisation|heatmap]``. The app's main window opens a copy of the synthetic
workshop on the Charts tab with every unit ticked; each rating is made as the grid makes
it (an undo command, written to the file at once) and timed until the chart has been
drawn and painted. Aim: under 100 ms.
"""

from __future__ import annotations

import argparse
import json
import shutil
import time
from pathlib import Path
from typing import Any

from benchmarks.synthetic import cached_workshop
from benchmarks.timing import scratch_folder, summary

_STAGES = ("crawl", "walk", "run", "na", None)


def measure(path: Path, edits: int = 60, mode: str = "units") -> dict[str, Any]:
    """Seconds from a rating to the chart showing it, over ``edits`` ratings, and the full redraws among them."""
    from PySide6.QtCore import QSettings

    from finops_desktop.app import application, open_window
    from finops_desktop.ui.app_settings import AppSettings
    from finops_desktop.ui.context import ApplicationContext
    from finops_desktop.ui.undo_commands import rate_current
    from finops_desktop.ui.workspace import CHARTS_TAB

    app = application()
    with scratch_folder() as scratch:
        folder = Path(scratch)
        copy = Path(shutil.copy2(path, folder / path.name))
        settings = AppSettings(QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat))
        context = ApplicationContext(settings=settings, data_dir=folder)
        window = open_window(copy, context)
        window.workspace.show_tab(CHARTS_TAB)
        app.processEvents()
        view = window.workspace.charts.view
        workshop = context.workshop
        assert view is not None and workshop is not None
        view.set_mode(mode)
        view.set_selected_units([bu.id for bu in workshop.business_units])
        app.processEvents()
        canvas = view.canvas
        assert canvas is not None and view.chart is not None
        canvas.draw()
        app.processEvents()

        drawn: list[float] = []
        canvas.mpl_connect("draw_event", lambda _event: drawn.append(time.perf_counter()))
        dimensions = [d.id for d in workshop.model.dimensions]
        units = [bu.id for bu in workshop.business_units]
        times = []
        for index in range(edits):
            bu_id = units[index % len(units)]
            dimension_id = dimensions[(index * 5) % len(dimensions)]
            stage = _STAGES[index % len(_STAGES)]
            if workshop.rating(bu_id, dimension_id, context.round_id).current == stage:
                stage = "walk" if stage != "walk" else "run"
            start = time.perf_counter()
            rate_current(context, bu_id, dimension_id, stage)
            # A partial redraw is on screen when the edit returns; a full one is drawn on the
            # next turn of the event loop (matplotlib's idle draw) and painted on the one after.
            app.processEvents()
            while getattr(canvas, "_draw_pending", False):
                app.processEvents()
            app.processEvents()
            times.append(time.perf_counter() - start)
        window.close()
    return {"edit_to_chart": summary(times), "full_redraws": len(drawn), "business_units": len(units), "mode": mode}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--units", type=int, default=10)
    parser.add_argument("--edits", type=int, default=60)
    parser.add_argument("--mode", choices=("units", "organisation", "heatmap"), default="units")
    parser.add_argument("--json", action="store_true", help="print the numbers as one line of JSON")
    args = parser.parse_args()
    results = measure(cached_workshop(args.units), args.edits, args.mode)
    if args.json:
        print(json.dumps(results))
        return
    chart = results["edit_to_chart"]
    print(f"{args.units} business units, chart: {args.mode}: edit -> chart shown: median "
          f"{chart['median'] * 1000:.1f} ms over {chart['runs']} edits (min {chart['min'] * 1000:.1f}, "
          f"max {chart['max'] * 1000:.1f}); full redraws of the figure: {results['full_redraws']}")


if __name__ == "__main__":
    main()
