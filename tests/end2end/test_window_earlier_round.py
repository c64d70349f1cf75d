"""An earlier round is the baseline later ones compare against: read-only until "Edit this round"."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from finops_desktop.storage.workshop_file import WorkshopFile
from finops_desktop.ui.main_window import MainWindow
from tests.helpers.ui_context import OFFSCREEN_PLATFORM_NOTICES, make_context
from tests.helpers.workshops import make_workshop_file

pytestmark = OFFSCREEN_PLATFORM_NOTICES


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path) -> Iterator[MainWindow]:
    path = make_workshop_file(tmp_path / "w.finops", [("Retail", 10.0, {"cost_visibility": ("crawl", "walk")})])
    with WorkshopFile.open(path) as file:
        file.add_round("Six months on")
    window = MainWindow(make_context(tmp_path))
    qtbot.addWidget(window)
    window.resize(1280, 720)
    window.show()
    qtbot.wait_exposed(window)
    assert window.open_path(path)
    yield window
    window.close()


def baseline_rating(window: MainWindow) -> str | None:
    workshop = window.context.workshop
    assert workshop is not None
    return workshop.rating(workshop.business_units[0].id, "cost_visibility", workshop.rounds[0].id).current


def show_baseline(qtbot: QtBot, window: MainWindow) -> None:
    workshop = window.context.workshop
    assert workshop is not None
    window.context.set_round(workshop.rounds[0].id)
    grid = window.workspace.assess.grid
    grid.setFocus()
    grid.setCurrentIndex(grid.model().index(0, 0))


def test_a_click_on_a_card_of_an_earlier_round_changes_nothing(qtbot: QtBot, window: MainWindow,
                                                               tmp_path: Path) -> None:
    before = (tmp_path / "w.finops").read_bytes()
    show_baseline(qtbot, window)
    bar = window.workspace.assess.earlier_round
    assert bar.isVisible() and "read-only" in bar.text.text()
    detail = window.workspace.assess.detail
    assert not detail.cards.isEnabled() and not detail.target.isEnabled() and detail.notes.isReadOnly()
    qtbot.mouseClick(detail.cards.card("run"), Qt.MouseButton.LeftButton)
    qtbot.keyClick(window.workspace.assess.grid, Qt.Key.Key_3)
    assert baseline_rating(window) == "crawl"
    assert "Edit this round" in window.statusBar().currentMessage()
    assert window.context.undo_stack.count() == 0
    assert (tmp_path / "w.finops").read_bytes() == before


def test_edit_this_round_opens_it_until_done_or_another_round(qtbot: QtBot, window: MainWindow) -> None:
    show_baseline(qtbot, window)
    bar = window.workspace.assess.earlier_round
    qtbot.mouseClick(bar.edit_button, Qt.MouseButton.LeftButton)
    assert "Editing" in bar.text.text()
    detail = window.workspace.assess.detail
    assert detail.cards.isEnabled() and not detail.notes.isReadOnly()
    qtbot.keyClick(window.workspace.assess.grid, Qt.Key.Key_3)
    assert baseline_rating(window) == "run"
    qtbot.mouseClick(bar.edit_button, Qt.MouseButton.LeftButton)  # Done editing
    qtbot.keyClick(window.workspace.assess.grid, Qt.Key.Key_2)
    assert baseline_rating(window) == "run"
    qtbot.mouseClick(bar.edit_button, Qt.MouseButton.LeftButton)
    workshop = window.context.workshop
    assert workshop is not None
    window.context.set_round(workshop.rounds[1].id)
    window.context.set_round(workshop.rounds[0].id)
    assert not window.context.round_editable  # read-only again each time it is shown


def test_the_latest_round_needs_no_unlocking(qtbot: QtBot, window: MainWindow) -> None:
    bar = window.workspace.assess.earlier_round
    assert not bar.isVisible()
    grid = window.workspace.assess.grid
    grid.setFocus()
    grid.setCurrentIndex(grid.model().index(0, 0))
    qtbot.keyClick(grid, Qt.Key.Key_2)
    workshop = window.context.workshop
    assert workshop is not None
    assert workshop.rating(workshop.business_units[0].id, "cost_visibility").current == "walk"


def test_notes_typed_in_one_round_stay_in_it_when_another_is_shown(qtbot: QtBot, window: MainWindow) -> None:
    workshop = window.context.workshop
    assert workshop is not None
    grid = window.workspace.assess.grid
    grid.setFocus()
    grid.setCurrentIndex(grid.model().index(0, 0))
    detail = window.workspace.assess.detail
    detail.focus_notes()
    qtbot.keyClicks(detail.notes, "Said in the latest round")
    window.context.set_round(workshop.rounds[0].id)
    bu = workshop.business_units[0].id
    assert workshop.rating(bu, "cost_visibility", workshop.rounds[1].id).note == "Said in the latest round"
    assert workshop.rating(bu, "cost_visibility", workshop.rounds[0].id).note == ""
