"""How long one rating takes to show on the radar with 10 business units overlaid (median).

Run: ``QT_QPA_PLATFORM=offscreen .venv/bin/python -m benchmarks.chart_refresh [--units N] [--edits N]``.
The Charts view is shown with every unit ticked; each edit is written through the workshop
file (committed to disk, as in the app) and timed until the canvas has drawn it. The chart
part (from the file telling its listeners to the finished drawing) is reported apart from
the whole edit, which includes the durable write. Aim: the whole edit under 100 ms.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from benchmarks.synthetic import write_synthetic_workshop
from finops_desktop.domain.workshop import Rating
from finops_desktop.storage.workshop_file import WorkshopFile

_STAGES = ("crawl", "walk", "run", "na", None)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--units", type=int, default=10)
    parser.add_argument("--edits", type=int, default=60)
    parser.add_argument("--mode", choices=("units", "organisation", "heatmap"), default="units")
    args = parser.parse_args()

    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    from finops_desktop.ui.charts_view import ChartsView

    with tempfile.TemporaryDirectory() as folder:
        path = write_synthetic_workshop(Path(folder) / "refresh.finops", args.units)
        file = WorkshopFile.open(path)
        notified: list[float] = []
        file.add_listener(lambda change: notified.append(time.perf_counter()))  # runs before the view's

        start = time.perf_counter()
        view = ChartsView()
        view.resize(1280, 800)
        view.set_file(file)
        view.set_mode(args.mode)
        view.show()
        view.set_selected_units([bu.id for bu in file.workshop.business_units])
        app.processEvents()
        canvas = view.canvas
        assert canvas is not None and view.chart is not None
        canvas.draw()
        first = time.perf_counter() - start

        drawn: list[float] = []
        canvas.mpl_connect("draw_event", lambda event: drawn.append(time.perf_counter()))
        dimensions = [d.id for d in file.workshop.model.dimensions]
        units = [bu.id for bu in file.workshop.business_units]
        totals, chart_parts = [], []
        for index in range(args.edits):
            bu_id = units[index % len(units)]
            dimension_id = dimensions[(index * 5) % len(dimensions)]
            stage = _STAGES[index % len(_STAGES)]
            began = time.perf_counter()
            file.set_rating(bu_id, dimension_id, Rating(current=stage, target="run" if stage else None))
            # A partial redraw reaches the screen before set_rating returns; a full one is
            # drawn and painted on the next turns of the event loop.
            app.processEvents()
            app.processEvents()
            finished = time.perf_counter()
            totals.append(finished - began)
            chart_parts.append(finished - notified[-1])
        file.close()
        view.set_file(None)

    print(f"{args.units} business units, {len(dimensions)} dimensions, chart: {args.mode}; "
          f"first chart shown in {first * 1000:.0f} ms (matplotlib imported)")
    print(f"edit -> chart drawn: median {statistics.median(totals) * 1000:.1f} ms over {args.edits} edits "
          f"(min {min(totals) * 1000:.1f}, max {max(totals) * 1000:.1f})")
    print(f"  of which the chart (update + draw + paint): median {statistics.median(chart_parts) * 1000:.1f} ms; "
          f"full redraws of the figure: {len(drawn)} of {args.edits} edits")


if __name__ == "__main__":
    main()
