"""Start the desktop app: ``finops-desktop [FILE]`` (or ``python -m finops_desktop [FILE]``).

With a file, the window opens it; without, it shows the start screen. Only Qt and the
workshop's own modules load here: matplotlib and openpyxl wait until the charts or the
export are first used, so the window shows at once.
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

    from .ui.context import ApplicationContext
    from .ui.main_window import MainWindow

APP_NAME = "FinOps Maturity Workshop"


def parse_arguments(argv: Sequence[str]) -> Path | None:
    """The file the command line names, if any; ``--help`` or a wrong command line ends the program."""
    import argparse  # PySide6 imports it too; the command line is read before Qt loads

    parser = argparse.ArgumentParser(prog="finops-desktop", description="Open the FinOps Maturity Workshop window.")
    parser.add_argument("file", nargs="?", type=Path, help="a workshop file (.finops) to open")
    file: Path | None = parser.parse_args(list(argv)).file
    return file


def application() -> QApplication:
    """The running QApplication, created with the app's name, style, colours and text size."""
    from PySide6.QtWidgets import QApplication

    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    QApplication.setApplicationName(APP_NAME)
    QApplication.setOrganizationName(APP_NAME)
    QApplication.setApplicationDisplayName(APP_NAME)
    QApplication.setDesktopFileName("finops-desktop")
    # The style is named on the command line Qt reads, so that Qt makes it as its first: set
    # afterwards, a second style is made and every widget's look worked out again.
    return QApplication([sys.argv[0] if sys.argv else "finops-desktop", "-style", "Fusion"])


#: How long after the window shows the writing side of the storage is loaded (milliseconds).
PRELOAD_DELAY_MS = 300


def open_window(file: Path | None = None, context: ApplicationContext | None = None) -> MainWindow:
    """Show the main window on the start screen, or on ``file`` if given."""
    from PySide6.QtCore import QTimer

    from .ui.context import ApplicationContext
    from .ui.main_window import MainWindow
    from .ui.palette import apply_scheme

    context = context if context is not None else ApplicationContext()
    app = application()
    apply_scheme(app, context.settings.scheme)
    window = MainWindow(context)
    if context.settings.font_scale != 1.0:
        window.set_font_scale(context.settings.font_scale)
    if file is not None:
        # Opened before the window shows, so that its first frame is the workshop; a message
        # about the file puts the window on screen first (see Dialogs), then shows over it.
        window.open_path(file)
    window.show()
    # Reading needs no sqlite-utils, so the window shows without it; load it while the room
    # looks at the window, so that the first rating does not wait for it. Then, in the
    # background, the charts (see chart_warmup), so that the Charts tab draws at once.
    QTimer.singleShot(PRELOAD_DELAY_MS, lambda: _preload(context))
    return window


def _preload(context: ApplicationContext) -> None:
    from .storage.database import load_sqlite_utils
    from .ui import chart_warmup

    load_sqlite_utils()  # first, and in this thread: it holds numpy back while it imports
    context.workshop_changed.connect(chart_warmup.workshop_changed)
    context.file_changed.connect(chart_warmup.workshop_changed)
    context.round_changed.connect(chart_warmup.workshop_changed)
    workshop = context.workshop
    latest = workshop is None or not workshop.rounds or context.round_id == workshop.active_round.id
    chart_warmup.warm_charts(workshop, None if latest else context.round_id)


#: The exit status when the window cannot start on this system (a library Qt needs is missing).
EXIT_NO_WINDOW = 3


def launch(argv: Sequence[str]) -> MainWindow | int:
    """All that ``finops-desktop`` does before its event loop: the window shown, or the exit status.

    Python's cycle collector waits until the window has had time to show (see
    :mod:`~finops_desktop.domain.collector`): the start makes tens of thousands of objects that
    all live on (modules, classes, Qt's types, the workshop), and each automatic run would walk
    them all to find nothing to free.
    """
    gc.disable()
    file = parse_arguments(argv)
    from .platform_check import check_platform_once

    problem = check_platform_once()  # before Qt starts: Qt's own report of a missing library is an abort
    if problem is not None:
        gc.enable()
        print(problem.line, file=sys.stderr)
        return EXIT_NO_WINDOW
    # The reading side before Qt: PySide reads the source of every module imported after it, to
    # see whether it uses Qt; these do not.
    from .storage import workshop_file  # noqa: F401

    app = application()
    window = open_window(file)
    app.aboutToQuit.connect(window.save_layout)
    from .ui.unexpected_error import install

    install(window.context.dialogs)
    from PySide6.QtCore import QTimer

    QTimer.singleShot(PRELOAD_DELAY_MS, gc.enable)
    return window


def main(argv: Sequence[str] | None = None) -> int:
    window = launch(sys.argv[1:] if argv is None else argv)
    if isinstance(window, int):
        return window
    from PySide6.QtWidgets import QApplication

    return QApplication.exec()
