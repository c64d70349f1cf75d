"""A process that shows one window, says when it is on screen, and ends: timed from outside.

``python benchmarks/window_driver.py bare`` shows a plain PySide6 window (the floor);
``python benchmarks/window_driver.py floor`` shows the main window's first frame rebuilt from stock
widgets, with no code of the app (:mod:`benchmarks.floor_window`);
``python benchmarks/window_driver.py app FILE`` starts the app as ``finops-desktop FILE`` does
(:func:`finops_desktop.app.launch`: the platform check, then the main window with FILE open);
``python benchmarks/window_driver.py chart FILE`` does the same, then opens the Charts tab;
``python benchmarks/window_driver.py warm-chart FILE`` waits, once the window shows, until the
charts are warmed in the background (printing ``warm``), then opens the Charts tab.

The driver prints ``shown`` as soon as a top-level window is visible and exposed (for the
app: with the workshop open in it), and in ``chart`` mode ``chart`` once the first chart
has been drawn; then it leaves at once (``os._exit``), so no clean-up is counted. The
parent measures from starting the process to reading each line (see
:mod:`benchmarks.startup`). Run it as a file, not with ``-m``, so that nothing but the
window's own imports is loaded.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import Any


def _say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def _exposed_window(widgets: list[Any]) -> bool:
    for widget in widgets:
        handle = widget.windowHandle() if widget.isVisible() else None
        if handle is not None and handle.isExposed():
            return True
    return False


def _note_first_drawing(state: dict[str, bool]) -> None:
    """Set ``state["drawn"]`` once a chart canvas has drawn its figure (imports matplotlib)."""
    from finops_desktop.ui.chart_warmup import wait_until_warm

    wait_until_warm()  # matplotlib is imported by one thread at a time: a warm-up under way goes first
    from finops_desktop.ui.chart_canvas import ChartCanvas

    draw = ChartCanvas.draw

    def draw_and_note(canvas: Any) -> None:
        draw(canvas)
        state["drawn"] = True

    ChartCanvas.draw = draw_and_note  # type: ignore[method-assign]


def run(mode: str, path: Path | None) -> None:
    window: Any = None
    if mode not in ("bare", "floor"):
        # What ``finops-desktop FILE`` does before its event loop, in the same order.
        from finops_desktop.app import launch

        window = launch([str(path)])
        if isinstance(window, int):
            sys.exit(f"the window cannot start here (exit status {window})")
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QWidget

    if mode == "floor":  # the same start as the app's: Fusion named on Qt's command line
        app = QApplication([sys.argv[0], "-style", "Fusion"])
    else:
        app = QApplication([sys.argv[0]]) if mode == "bare" else QApplication.instance()
    assert app is not None
    poll = QTimer()
    poll.setInterval(0)
    state = {"shown": False, "drawn": False, "warm": False}
    cpu_at_warm: list[float] = []

    def check() -> None:
        if not state["shown"]:
            if not _exposed_window(QApplication.topLevelWidgets()):
                return
            if mode not in ("bare", "floor") and window.context.file is None:
                return  # shown, but not yet with the workshop in it
            state["shown"] = True
            _say("shown")
            if mode not in ("chart", "warm-chart"):
                os._exit(0)
            from finops_desktop.ui.workspace import CHARTS_TAB  # loaded with the window already

            if mode == "chart":
                state["warm"] = True
                _note_first_drawing(state)
                window.workspace.show_tab(CHARTS_TAB)
        elif not state["warm"]:
            from finops_desktop.ui.chart_warmup import is_warm
            from finops_desktop.ui.workspace import CHARTS_TAB

            poll.setInterval(10)  # idle, as a room looking at the window: the warm-up gets the interpreter
            if is_warm():
                poll.setInterval(0)
                state["warm"] = True
                _note_first_drawing(state)
                _say("warm")
                cpu_at_warm.append(time.thread_time())
                window.workspace.show_tab(CHARTS_TAB)
        elif state["drawn"]:
            _say("chart")
            if cpu_at_warm:  # the main thread's processor time from opening the tab to the chart drawn
                _say(f"chart-cpu {(time.thread_time() - cpu_at_warm[0]) * 1000:.1f}")
            os._exit(0)

    poll.timeout.connect(check)
    poll.start()
    if mode == "bare":
        window = QWidget()
        window.resize(1280, 800)
        window.setWindowTitle("Bare window")
        window.show()
    elif mode == "floor":
        sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
        from benchmarks.floor_window import floor_window

        window = floor_window()
    app.exec()
    os._exit(1)  # the event loop ended without the window showing


def main(argv: list[str]) -> None:
    plain = ("bare", "floor")
    if not argv or argv[0] not in (*plain, "app", "chart", "warm-chart") or \
            (argv[0] in plain) != (len(argv) == 1) or len(argv) > 2:
        sys.exit("usage: window_driver.py bare | floor | app FILE | chart FILE | warm-chart FILE")
    run(argv[0], Path(argv[1]) if len(argv) > 1 else None)


if __name__ == "__main__":
    main(sys.argv[1:])
