"""Rating with the keyboard alone: digits, Shift+digits on any layout, 0/Delete, N, arrows, Enter."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from pytestqt.qtbot import QtBot

from finops_desktop.ui.assessment_grid import AssessmentGridModel, AssessmentGridView
from finops_desktop.ui.shortcuts import ShortcutsDialog, StageKey, shortcut_sections, stage_key
from tests.helpers.ui_context import OFFSCREEN_PLATFORM_NOTICES, make_context
from tests.helpers.workshops import make_workshop_file

Mod = Qt.KeyboardModifier

pytestmark = OFFSCREEN_PLATFORM_NOTICES


def key_event(key: Qt.Key, modifiers: Qt.KeyboardModifier = Mod.NoModifier, text: str = "") -> QKeyEvent:
    return QKeyEvent(QEvent.Type.KeyPress, key, modifiers, text)


@pytest.mark.parametrize(("key", "modifiers", "text", "expected"), [
    (Qt.Key.Key_1, Mod.NoModifier, "1", StageKey(1, False)),
    (Qt.Key.Key_3, Mod.NoModifier, "3", StageKey(3, False)),
    (Qt.Key.Key_0, Mod.NoModifier, "0", StageKey(0, False)),
    # Shift+1 as a French keyboard reports it: the digit itself, with Shift.
    (Qt.Key.Key_1, Mod.ShiftModifier, "1", StageKey(1, True)),
    # Shift+1, Shift+2 and Shift+3 as US, UK and German keyboards report them.
    (Qt.Key.Key_Exclam, Mod.ShiftModifier, "!", StageKey(1, True)),
    (Qt.Key.Key_At, Mod.ShiftModifier, "@", StageKey(2, True)),
    (Qt.Key.Key_QuoteDbl, Mod.ShiftModifier, '"', StageKey(2, True)),
    (Qt.Key.Key_NumberSign, Mod.ShiftModifier, "#", StageKey(3, True)),
    (Qt.Key.Key_sterling, Mod.ShiftModifier, "£", StageKey(3, True)),
    (Qt.Key.Key_section, Mod.ShiftModifier, "§", StageKey(3, True)),
    (Qt.Key.Key_2, Mod.KeypadModifier, "2", StageKey(2, False)),
    (Qt.Key.Key_1, Mod.ControlModifier, "", None),
    (Qt.Key.Key_1, Mod.AltModifier, "", None),
    (Qt.Key.Key_A, Mod.NoModifier, "a", None),
])
def test_stage_keys_on_common_layouts(qapp: object, key: Qt.Key, modifiers: Qt.KeyboardModifier, text: str,
                                      expected: StageKey | None) -> None:
    assert stage_key(key_event(key, modifiers, text)) == expected


@pytest.fixture
def grid(qtbot: QtBot, tmp_path: Path) -> Iterator[tuple[AssessmentGridView, AssessmentGridModel, list[tuple]]]:
    path = make_workshop_file(tmp_path / "w.finops", [("Retail", 1000.0, {}), ("Payments", None, {})])
    context = make_context(tmp_path)
    assert context.open_path(path)
    model = AssessmentGridModel(context)
    view = AssessmentGridView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.resize(900, 300)
    view.show()
    view.setFocus()
    view.setCurrentIndex(model.index(0, 0))
    requests: list[tuple] = []
    view.current_requested.connect(lambda stage: requests.append(("current", stage)))
    view.target_requested.connect(lambda stage: requests.append(("target", stage)))
    view.notes_requested.connect(lambda: requests.append(("notes",)))
    yield view, model, requests
    context.close_file()


def test_digits_and_letters_ask_for_ratings(qtbot: QtBot, grid: tuple) -> None:
    view, _model, requests = grid
    qtbot.keyClick(view, Qt.Key.Key_2)
    qtbot.keyClick(view, Qt.Key.Key_3, Mod.ShiftModifier)
    qtbot.keyClick(view, Qt.Key.Key_Exclam, Mod.ShiftModifier)
    qtbot.keyClick(view, Qt.Key.Key_0)
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    qtbot.keyClick(view, Qt.Key.Key_0, Mod.ShiftModifier)
    qtbot.keyClick(view, Qt.Key.Key_N)
    qtbot.keyClick(view, Qt.Key.Key_Return)
    qtbot.keyClick(view, Qt.Key.Key_4)  # the model has three stages
    assert requests == [("current", "walk"), ("target", "run"), ("target", "crawl"), ("current", None),
                        ("current", None), ("target", None), ("current", "na"), ("notes",)]


def test_arrows_move_between_cells(qtbot: QtBot, grid: tuple) -> None:
    view, model, _requests = grid
    qtbot.keyClick(view, Qt.Key.Key_Right)
    qtbot.keyClick(view, Qt.Key.Key_Right)
    qtbot.keyClick(view, Qt.Key.Key_Down)
    assert (view.currentIndex().row(), view.currentIndex().column()) == (1, 2)
    assert view.selectionModel().isSelected(model.index(1, 2))


def test_tab_leaves_the_grid_instead_of_moving_in_it(qapp: object, grid: tuple) -> None:
    view, _model, _requests = grid
    assert not view.tabKeyNavigation()


def test_the_help_lists_a_key_per_stage(qtbot: QtBot) -> None:
    sections = dict(shortcut_sections(["Crawl", "Walk", "Run", "Fly"]))
    keys = dict(sections["Assessing in the grid"])
    assert keys["4"] == "Current stage: Fly"
    assert keys["Shift+4"] == "Target: Fly"
    assert "N" in keys and "Enter" in keys
    dialog = ShortcutsDialog(["Crawl", "Walk", "Run"])
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.isVisible()
