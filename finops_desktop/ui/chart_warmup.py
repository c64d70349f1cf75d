"""Load and warm the charts while the window is idle, so that the Charts tab draws its first chart at once.

matplotlib takes most of a second to import and its first drawing fills font caches. The
window shows without it; once it is on screen and idle, a background thread imports the
chart modules and draws one small chart off screen. The thread creates no Qt object, and the
main thread keeps the interpreter often enough that keys and clicks are handled as they come
(Python hands the lock between threads every few milliseconds). The Charts tab waits for the
thread if it is still at work, instead of importing the same modules beside it.
"""

from __future__ import annotations

import importlib
import logging
import threading

_done = threading.Event()
_thread: threading.Thread | None = None
_charts_loading = False  # the Charts tab loads them itself: no warm-up starts after that

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


def _warm() -> None:
    try:
        for name in MODULES:
            importlib.import_module(name)
        from matplotlib.backends.backend_agg import FigureCanvasAgg

        from .. import charts

        for figure in (charts.radar_figure(_sample_workshop(), [1]),):  # type: ignore[arg-type]
            FigureCanvasAgg(figure).draw()  # fonts, glyphs and text layout cached for the first real chart
    except Exception:  # the charts still load when first shown; only the head start is lost
        logging.getLogger(__name__).exception("warming the charts failed")
    finally:
        _done.set()


def warm_charts() -> None:
    """Start warming the charts in the background (once)."""
    global _thread
    if _thread is not None or _charts_loading:
        return
    _thread = threading.Thread(target=_warm, name="chart warm-up", daemon=True)
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
