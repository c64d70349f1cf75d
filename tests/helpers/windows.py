"""The main window on a workshop file, as the window tests open it: 1280×720, on the Assess tab."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from finops_desktop.ui.main_window import MainWindow
from finops_desktop.ui.workspace import ASSESS_TAB
from tests.helpers.ui_context import make_context


def window_on(qtbot: QtBot, folder: Path, path: Path) -> MainWindow:
    """A shown 1280×720 main window with ``path`` open, on the Assess tab (settings kept in ``folder``)."""
    window = MainWindow(make_context(folder))
    qtbot.addWidget(window)
    window.resize(1280, 720)
    assert window.context.open_path(path)
    window.show()
    window.workspace.show_tab(ASSESS_TAB)
    return window


def settle(qtbot: QtBot) -> None:
    """Let the layouts that follow a change of text size run."""
    for _ in range(5):
        qtbot.wait(10)
        QApplication.processEvents()
