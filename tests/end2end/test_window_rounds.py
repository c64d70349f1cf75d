"""Rounds without traps: a new round can be undone, a round renamed, and one with nothing of its own removed."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from finops_desktop.domain.workshop import Rating
from finops_desktop.storage.workshop_file import WorkshopFile
from finops_desktop.ui.dialogs import NewRoundRequest
from finops_desktop.ui.main_window import MainWindow
from tests.helpers.ui_context import OFFSCREEN_PLATFORM_NOTICES, ScriptedDialogs, make_context
from tests.helpers.workshops import make_workshop_file

pytestmark = OFFSCREEN_PLATFORM_NOTICES


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return make_workshop_file(tmp_path / "w.finops", [("Retail", 10.0, {"cost_visibility": ("crawl", "walk")})])


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path, path: Path) -> Iterator[MainWindow]:
    window = MainWindow(make_context(tmp_path))
    qtbot.addWidget(window)
    window.resize(1280, 720)
    window.show()
    assert window.open_path(path)
    yield window
    window.close()


def dialogs(window: MainWindow) -> ScriptedDialogs:
    assert isinstance(window.context.dialogs, ScriptedDialogs)
    return window.context.dialogs


def round_names(window: MainWindow) -> list[str]:
    assert window.context.workshop is not None
    return [r.name for r in window.context.workshop.rounds]


def rounds_on_disk(path: Path) -> list[str]:
    with WorkshopFile.open(path, read_only=True) as file:
        return [r.name for r in file.workshop.rounds]


def test_a_new_round_is_undone_and_redone(qtbot: QtBot, window: MainWindow, path: Path) -> None:
    dialogs(window).answer("new_round", NewRoundRequest("Six months on", True))
    qtbot.mouseClick(window.workspace.header.new_round_button, Qt.MouseButton.LeftButton)
    workshop = window.context.workshop
    assert workshop is not None
    new_id = workshop.active_round.id
    assert round_names(window) == ["Baseline", "Six months on"] and window.context.round_id == new_id
    window.undo_action.trigger()
    assert round_names(window) == ["Baseline"] and rounds_on_disk(path) == ["Baseline"]
    assert window.context.round_id == workshop.rounds[0].id
    assert window.workspace.header.rounds.count() == 1
    window.redo_action.trigger()
    assert round_names(window) == ["Baseline", "Six months on"] and window.context.round_id == new_id
    bu = workshop.business_units[0].id
    assert workshop.rating(bu, "cost_visibility", new_id).current == "crawl"  # the copy came back with it


def test_a_round_is_renamed_and_the_rename_undone(window: MainWindow, path: Path) -> None:
    dialogs(window).answer("text", "Kick-off & baseline")
    window.rename_round_action.trigger()
    assert round_names(window) == ["Kick-off & baseline"] and rounds_on_disk(path) == ["Kick-off & baseline"]
    texts = [a.text() for a in window.rounds_menu.actions()]
    assert texts == ["Kick-off && baseline"]  # shown literally, not as a mnemonic
    window.undo_action.trigger()
    assert round_names(window) == ["Baseline"]


def test_a_round_with_nothing_of_its_own_is_removed_after_asking(window: MainWindow, path: Path) -> None:
    file = window.context.file
    assert file is not None
    file.add_round("Six months on")
    window.context.set_round(file.workshop.active_round.id)
    dialogs(window).answer("confirm", False)
    window.remove_round_action.trigger()
    assert round_names(window) == ["Baseline", "Six months on"]
    dialogs(window).answer("confirm", True)
    window.remove_round_action.trigger()
    assert round_names(window) == ["Baseline"] and rounds_on_disk(path) == ["Baseline"]
    assert window.context.round_id == file.workshop.rounds[0].id
    window.undo_action.trigger()
    assert rounds_on_disk(path) == ["Baseline", "Six months on"]


def test_a_round_with_ratings_of_its_own_is_kept_and_says_why(window: MainWindow, path: Path) -> None:
    file = window.context.file
    assert file is not None
    later = file.add_round("Six months on")
    file.set_rating(file.workshop.business_units[0].id, "cost_visibility", Rating("walk", "run"), later.id)
    window.context.set_round(later.id)
    before = path.read_bytes()
    window.remove_round_action.trigger()
    assert round_names(window) == ["Baseline", "Six months on"]
    (shown,) = dialogs(window).errors
    assert "ratings of its own" in shown.message
    assert path.read_bytes() == before


def test_the_only_round_cannot_be_removed(window: MainWindow, path: Path) -> None:
    before = path.read_bytes()
    window.remove_round_action.trigger()
    assert "at least one round" in dialogs(window).errors[0].message
    assert path.read_bytes() == before


def test_after_a_new_round_the_next_key_rates_a_cell_of_it(qtbot: QtBot, window: MainWindow, path: Path) -> None:
    """Started with the header's button, the round takes the next key in the grid, not on the button."""
    qtbot.waitExposed(window)
    window.activateWindow()
    grid = window.workspace.assess.grid
    grid.select_cell(grid.model().index(0, 1))  # Tagging coverage, not rated
    dialogs(window).answer("new_round", NewRoundRequest("Six months on", True))
    button = window.workspace.header.new_round_button
    button.setFocus()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.wait_until(lambda: grid.hasFocus())
    qtbot.keyClick(window.focusWidget(), Qt.Key.Key_2)
    workshop = window.context.workshop
    assert workshop is not None
    bu = workshop.business_units[0].id
    assert workshop.rating(bu, "tagging_coverage", workshop.active_round.id).current == "walk"
    assert window.workspace.assess.detail.isEnabled()


def test_an_ampersand_in_a_round_name_is_shown_in_the_edit_menu_not_taken_for_a_shortcut(
        qtbot: QtBot, window: MainWindow) -> None:
    dialogs(window).answer("new_round", NewRoundRequest("Q3 review & budget", True))
    qtbot.mouseClick(window.workspace.header.new_round_button, Qt.MouseButton.LeftButton)
    text = window.undo_action.text()
    assert text.startswith("&Undo ") and "review && budget" in text  # shown as "Undo Start round “Q3 review & budget”"
    window.undo_action.trigger()
    assert "&&" in window.redo_action.text()


def test_a_long_name_in_the_edit_menu_ends_in_an_ellipsis_so_the_menu_stays_on_screen(
        qtbot: QtBot, window: MainWindow) -> None:
    from finops_desktop.ui.menu_actions import MENU_TEXT_LIMIT

    long_name = "Six months on, with every business unit of the group & its suppliers, " * 2
    dialogs(window).answer("new_round", NewRoundRequest(long_name[:100].strip(), True))
    qtbot.mouseClick(window.workspace.header.new_round_button, Qt.MouseButton.LeftButton)
    shown = window.undo_action.text().removeprefix("&Undo ").replace("&&", "&")
    assert shown.endswith("…") and len(shown) <= MENU_TEXT_LIMIT
    assert shown.startswith("Start round “Six months on")


def show_the_baseline_beside_a_new_round(qtbot: QtBot, window: MainWindow) -> None:
    """Start a round, then show the baseline: an earlier round, read-only."""
    dialogs(window).answer("new_round", NewRoundRequest("Six months on", True))
    qtbot.mouseClick(window.workspace.header.new_round_button, Qt.MouseButton.LeftButton)
    workshop = window.context.workshop
    assert workshop is not None
    window.context.set_round(workshop.rounds[0].id)


def test_undoing_a_round_while_the_baseline_shows_read_only_leaves_its_cards_editable(
        qtbot: QtBot, window: MainWindow) -> None:
    show_the_baseline_beside_a_new_round(qtbot, window)
    detail = window.workspace.assess.detail
    assert not window.context.round_editable and not detail.cards.isEnabled()
    window.undo_action.trigger()  # the new round goes: the baseline is the latest round again
    assert window.context.round_editable
    assert detail.cards.isEnabled() and detail.target.isEnabled()


def test_the_earlier_round_strip_follows_the_text_size(qtbot: QtBot, window: MainWindow) -> None:
    from PySide6.QtGui import QFontMetrics
    from PySide6.QtWidgets import QApplication

    from finops_desktop.ui.round_lock import EarlierRoundBar

    show_the_baseline_beside_a_new_round(qtbot, window)
    bar = window.findChild(EarlierRoundBar)
    assert bar is not None and bar.isVisible()
    small = bar.edit_button.sizeHint().height()
    window.set_font_scale(2.0)
    try:
        qtbot.wait(20)
        button = bar.edit_button
        assert button.font().pointSizeF() >= QApplication.font().pointSizeF() - 0.01
        assert button.sizeHint().height() > small * 1.4
        assert button.width() >= QFontMetrics(button.font()).horizontalAdvance("Edit this round")
    finally:
        window.set_font_scale(1.0)


def test_typing_in_a_field_of_a_read_only_round_says_why_nothing_happens(qtbot: QtBot, window: MainWindow) -> None:
    from finops_desktop.ui.context import EARLIER_ROUND_MESSAGE

    show_the_baseline_beside_a_new_round(qtbot, window)
    detail = window.workspace.assess.detail
    said: list[str] = []
    window.context.message.connect(said.append)
    for field in (detail.notes, detail.participants):
        assert field.isReadOnly()
        said.clear()
        qtbot.keyClicks(field, "x")
        assert said == [EARLIER_ROUND_MESSAGE]
    said.clear()
    qtbot.keyClick(detail.notes, Qt.Key.Key_Right)  # moving about in the text says nothing
    assert said == []
