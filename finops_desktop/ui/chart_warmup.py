"""Load and warm the charts while the window is idle, so that the Charts tab draws its first chart at once.

matplotlib takes most of a second to import and its first drawing fills font caches. The
window shows without it; once it is on screen and idle, a background thread imports the
chart modules, draws one small chart off screen, and builds the chart the Charts tab shows
first (the first unit's radar) from a copy of the workshop taken in the main thread. The tab
takes that chart if nothing changed in the workshop since the copy; any change discards it.
The thread creates no Qt object, and the main thread keeps the interpreter often enough that
keys and clicks are handled as they come (Python hands the lock between threads every few
milliseconds). The Charts tab waits for the thread if it is still at work, instead of importing
the same modules beside it.
"""

from __future__ import annotations

import importlib
import logging
import threading
from dataclasses import replace
from typing import Any

_done = threading.Event()
_thread: threading.Thread | None = None
_charts_loading = False  # the Charts tab loads them itself: no warm-up starts after that
#: The chart built ahead: (what it shows, its figure, the chart), until taken or discarded.
_prebuilt: tuple[tuple[object, ...], Any, Any] | None = None
_prebuilt_lock = threading.Lock()

#: What the charts view imports when first shown; a module here is imported by the warm-up.
MODULES = ("matplotlib.figure", "matplotlib.backends.backend_agg", "finops_desktop.charts",
           "finops_desktop.charts.screen_scheme", "finops_desktop.ui.chart_canvas", "finops_desktop.ui.charts_view")


def _sample_workshop() -> object:
    from ..domain.catalogue import DEFAULT_MODEL_ID, find_model
    from ..domain.workshop import AssessmentRound, BusinessUnit, Rating, Workshop, WorkshopInfo

    model = find_model(DEFAULT_MODEL_ID)
    workshop = Workshop(WorkshopInfo("Warm-up"), model, rounds=[AssessmentRound(1, "Baseline")])
    workshop.business_units.append(BusinessUnit(1, "Warm-up", 0, 1000.0))
    stages = sorted(model.stages, key=lambda s: s.score)
    for index, dimension in enumerate(model.dimensions):
        workshop.ratings[(1, 1, dimension.id)] = Rating(current=stages[index % len(stages)].id,
                                                        target=stages[-1].id)
    return workshop


def _warm(first: tuple[Any, int, int | None] | None) -> None:
    global _prebuilt
    try:
        for name in MODULES:
            importlib.import_module(name)
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure

        from .. import charts

        for figure in (charts.radar_figure(_sample_workshop(), [1]),):  # type: ignore[arg-type]
            FigureCanvasAgg(figure).draw()  # fonts, glyphs and text layout cached for the first real chart
        if first is not None:
            workshop, bu_id, round_id = first
            figure = Figure()
            chart = charts.RadarChart(workshop, [bu_id], round_id, figure=figure)
            with _prebuilt_lock:
                if _generation == first_generation():
                    _prebuilt = (("units", (bu_id,), round_id, None), figure, chart)
    except Exception:  # the charts still load when first shown; only the head start is lost
        logging.getLogger(__name__).exception("warming the charts failed")
    finally:
        _done.set()


_generation = 0
_started_at_generation = 0


def first_generation() -> int:
    return _started_at_generation


def workshop_changed(*_args: object) -> None:
    """Something changed in the workshop (or another opened): a chart built ahead no longer shows it."""
    global _generation, _prebuilt
    with _prebuilt_lock:
        _generation += 1
        _prebuilt = None


def take_prebuilt(key: tuple[object, ...]) -> tuple[Any, Any] | None:
    """The figure and chart built ahead for ``key`` (once), or ``None``."""
    global _prebuilt
    with _prebuilt_lock:
        found, _prebuilt = _prebuilt, None
    if found is None or found[0] != key:
        return None
    return found[1], found[2]


def warm_charts(workshop: Any = None, round_id: int | None = None) -> None:
    """Start warming the charts in the background (once), building the first chart of ``workshop`` too.

    Called in the main thread: the copy of the workshop the thread reads is taken here.
    """
    global _thread, _started_at_generation
    if _thread is not None or _charts_loading:
        return
    first = None
    if workshop is not None and workshop.business_units:
        copy = replace(workshop, business_units=list(workshop.business_units), rounds=list(workshop.rounds),
                       ratings=dict(workshop.ratings))
        first = (copy, copy.business_units[0].id, round_id)
    _started_at_generation = _generation
    # Not a daemon: a process that ends while matplotlib is at work in the thread waits for it,
    # instead of tearing the interpreter down under it (which aborts the process).
    _thread = threading.Thread(target=_warm, args=(first,), name="chart warm-up", daemon=False)
    _thread.start()


def is_warm() -> bool:
    return _done.is_set()


def charts_loading(timeout: float = 30.0) -> None:
    """The Charts tab is about to load the charts: let a warm-up under way finish, and start none after.

    matplotlib is not made to draw from two threads at once; called from the main thread, as
    :func:`warm_charts` is, so the two never overlap.
    """
    global _charts_loading
    _charts_loading = True
    if _thread is not None:
        _done.wait(timeout)


def wait_until_warm(timeout: float = 30.0) -> None:
    """Let a warm-up under way finish (no wait when none was started)."""
    if _thread is not None:
        _done.wait(timeout)
