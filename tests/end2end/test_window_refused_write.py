"""A write the disk refuses: one clear dialog, and the window shows the file as it is."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from finops_desktop.ui.main_window import MainWindow
from tests.helpers.ui_context import OFFSCREEN_PLATFORM_NOTICES, ScriptedDialogs, make_context
from tests.helpers.workshops import make_workshop_file

pytestmark = OFFSCREEN_PLATFORM_NOTICES


def refuse_writes(path: Path, statement: str) -> None:
    """From now on the file refuses one kind of write, as a full disk or another program's lock would."""
    conn = sqlite3.connect(path)
    conn.execute(f"CREATE TRIGGER refuse {statement} BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END")
    conn.commit()
    conn.close()


def test_a_refused_rating_shows_an_error_and_the_grid_keeps_the_old_stage(qtbot: QtBot, tmp_path: Path) -> None:
    path = make_workshop_file(tmp_path / "w.finops", [("Retail", 100.0, {"cost_visibility": ("crawl", "walk")}),
                                                     ("Payments", 50.0, {})])
    window = MainWindow(make_context(tmp_path))
    qtbot.addWidget(window)
    window.resize(1280, 720)
    window.show()
    qtbot.wait_exposed(window)
    window.open_path(path)
    grid = window.workspace.assess.grid
    model = grid.model()
    cell = model.index(0, 0)
    before = model.data(cell)
    assert "Crawl" in str(before)

    refuse_writes(path, "BEFORE INSERT ON rating_history")

    window.activateWindow()
    grid.setFocus()
    qtbot.wait_until(grid.hasFocus)
    grid.setCurrentIndex(cell)
    qtbot.keyClick(grid, Qt.Key.Key_3)

    dialogs = window.context.dialogs
    assert isinstance(dialogs, ScriptedDialogs)
    assert dialogs.errors and "could not be saved" in " ".join(
        f"{e.message} {e.detail}" for e in dialogs.errors)
    assert model.data(model.index(0, 0)) == before
    assert window.context.workshop is not None
    assert window.context.workshop.rating(window.context.workshop.business_units[0].id, "cost_visibility").current \
        == "crawl"
    assert not window.context.undo_stack.canUndo()
    window.close()


def test_a_refused_move_leaves_the_order_on_screen_as_in_the_file(qtbot: QtBot, tmp_path: Path) -> None:
    path = make_workshop_file(tmp_path / "w.finops", [("Retail", 100.0, {}), ("Payments", 50.0, {}),
                                                     ("Lab", None, {})])
    window = MainWindow(make_context(tmp_path))
    qtbot.addWidget(window)
    window.show()
    qtbot.wait_exposed(window)
    window.open_path(path)
    refuse_writes(path, "BEFORE UPDATE ON business_units")
    panel = window.workspace.business_units
    panel.select_business_unit(window.context.workshop.business_units[0].id)  # type: ignore[union-attr]
    panel.move_selected(+1)

    dialogs = window.context.dialogs
    assert isinstance(dialogs, ScriptedDialogs)
    assert any("could not be saved" in f"{e.message} {e.detail}" for e in dialogs.errors)
    names = [panel.model.business_unit(row).name for row in range(panel.model.rowCount())]  # type: ignore[union-attr]
    assert names == ["Retail", "Payments", "Lab"]
    grid = window.workspace.assess.grid.model()
    shown = [grid.headerData(row, Qt.Orientation.Vertical) for row in range(grid.rowCount())]
    assert shown == ["Retail", "Payments", "Lab"]
    window.close()
