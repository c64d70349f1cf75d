"""The Assess tab without traps: who is in the room is set on purpose, and Tab never clears a rating."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from finops_desktop.storage.workshop_file import WorkshopFile
from finops_desktop.ui.main_window import MainWindow
from finops_desktop.ui.workspace import ASSESS_TAB, CHARTS_TAB
from tests.helpers.ui_context import OFFSCREEN_PLATFORM_NOTICES, make_context
from tests.helpers.workshops import make_workshop_file

pytestmark = OFFSCREEN_PLATFORM_NOTICES


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path) -> Iterator[MainWindow]:
    path = make_workshop_file(tmp_path / "w.finops", [("Retail", 1000.0, {}), ("Payments", 500.0, {})])
    window = MainWindow(make_context(tmp_path))
    qtbot.addWidget(window)
    window.resize(1280, 720)
    window.show()
    qtbot.wait_exposed(window)
    assert window.open_path(path)
    yield window
    window.close()


def participants(window: MainWindow, row: int, dimension: str, round_id: int | None = None) -> str:
    workshop = window.context.workshop
    assert workshop is not None
    return workshop.rating(workshop.business_units[row].id, dimension, round_id).participants


def rate(qtbot: QtBot, window: MainWindow, row: int, column: int, key: Qt.Key = Qt.Key.Key_2) -> None:
    grid = window.workspace.assess.grid
    grid.setFocus()
    grid.setCurrentIndex(grid.model().index(row, column))
    qtbot.keyClick(grid, key)


def set_room(qtbot: QtBot, window: MainWindow, text: str) -> None:
    field = window.workspace.room_now.field
    field.setFocus()
    field.selectAll()
    qtbot.keyClicks(field, text)
    qtbot.keyClick(field, Qt.Key.Key_Return)


# In the room now ------------------------------------------------------------------------


def test_typing_in_one_cells_room_field_is_never_copied_into_other_cells(qtbot: QtBot, window: MainWindow) -> None:
    detail = window.workspace.assess.detail
    rate(qtbot, window, 0, 0)
    qtbot.keyClicks(detail.participants, "CFO office")
    detail.commit_participants()
    rate(qtbot, window, 1, 0)
    rate(qtbot, window, 0, 1)
    assert participants(window, 0, "cost_visibility") == "CFO office"
    assert participants(window, 1, "cost_visibility") == ""
    assert participants(window, 0, "tagging_coverage") == ""


def test_in_the_room_now_is_recorded_while_set_and_not_after_it_is_cleared(qtbot: QtBot, window: MainWindow) -> None:
    bar = window.workspace.room_now
    assert bar.isVisible() and not bar.property("active")
    set_room(qtbot, window, "CFO office, platform team")
    assert bar.property("active") and "recorded" in bar.status.text()
    rate(qtbot, window, 0, 0)
    rate(qtbot, window, 1, 0)
    assert participants(window, 0, "cost_visibility") == "CFO office, platform team"
    assert participants(window, 1, "cost_visibility") == "CFO office, platform team"
    qtbot.mouseClick(bar.clear_button, Qt.MouseButton.LeftButton)
    assert bar.field.text() == "" and not bar.property("active")
    rate(qtbot, window, 0, 1)
    assert participants(window, 0, "tagging_coverage") == ""


def test_in_the_room_now_is_not_recorded_in_an_earlier_round(qtbot: QtBot, window: MainWindow) -> None:
    file = window.context.file
    assert file is not None
    baseline = file.workshop.rounds[0].id
    file.add_round("Six months on")
    window.context.set_round(file.workshop.active_round.id)
    set_room(qtbot, window, "CFO office")
    window.context.set_round(baseline)
    bar = window.workspace.room_now
    assert "earlier round" in bar.status.text() and not bar.property("active")
    rate(qtbot, window, 0, 0)
    assert participants(window, 0, "cost_visibility", baseline) == ""


def test_in_the_room_now_ends_with_the_file(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    set_room(qtbot, window, "CFO office")
    path = window.context.file.path if window.context.file else None
    assert path is not None
    window.close_workshop()
    assert window.open_path(path)
    assert window.context.room_now == "" and window.workspace.room_now.field.text() == ""
    rate(qtbot, window, 0, 0)
    assert participants(window, 0, "cost_visibility") == ""
    with WorkshopFile.open(tmp_path / "w.finops", read_only=True) as reopened:
        assert all(r.participants == "" for r in reopened.workshop.ratings.values())


def test_escape_in_the_room_now_field_keeps_what_was_set(qtbot: QtBot, window: MainWindow) -> None:
    set_room(qtbot, window, "CFO office")
    field = window.workspace.room_now.field
    field.setFocus()
    qtbot.keyClicks(field, " and half-typed")
    qtbot.keyClick(field, Qt.Key.Key_Escape)
    assert field.text() == "CFO office" and window.context.room_now == "CFO office"


# The keyboard path ----------------------------------------------------------------------


def tab_path(qtbot: QtBot, window: MainWindow, steps: int) -> list[QWidget]:
    visited = []
    for _ in range(steps):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        visited.append(QApplication.focusWidget())
    return visited


def test_tab_from_the_notes_returns_to_the_grid_and_never_reaches_the_clearing_buttons(
        qtbot: QtBot, window: MainWindow) -> None:
    assess = window.workspace.assess
    detail = assess.detail
    rate(qtbot, window, 0, 1, Qt.Key.Key_2)  # tagging coverage has an indicator
    visited = tab_path(qtbot, window, 9)
    cards = detail.cards.cards
    assert visited[:3] == cards
    assert visited[3] is detail.target.tab_stop()
    assert visited[4] is detail.confidence.tab_stop()
    assert visited[5] is detail.indicator_fields()[0]
    assert visited[6] is detail.participants
    assert visited[7] is detail.notes
    assert visited[8] is assess.grid
    assert detail.not_assessed_button not in visited and detail.not_applicable_button not in visited
    workshop = window.context.workshop
    assert workshop is not None
    assert workshop.rating(workshop.business_units[0].id, "tagging_coverage").current == "walk"


def test_each_toggle_group_is_one_stop_walked_with_the_arrow_keys(qtbot: QtBot, window: MainWindow) -> None:
    detail = window.workspace.assess.detail
    rate(qtbot, window, 0, 0, Qt.Key.Key_1)
    target = detail.target
    stops = [b for _, b in target.buttons if b.focusPolicy() & Qt.FocusPolicy.TabFocus]
    assert stops == [target.button(None)]
    target.button(None).setFocus()
    qtbot.keyClick(target.button(None), Qt.Key.Key_Right)
    assert target.button("crawl").hasFocus()
    qtbot.keyClick(target.button("crawl"), Qt.Key.Key_Right)
    assert target.button("walk").hasFocus()
    assert target.value() is None  # moving chooses nothing
    qtbot.keyClick(target.button("walk"), Qt.Key.Key_Space)
    workshop = window.context.workshop
    assert workshop is not None
    assert workshop.rating(workshop.business_units[0].id, "cost_visibility").target == "walk"
    assert [b for _, b in target.buttons if b.focusPolicy() & Qt.FocusPolicy.TabFocus] == [target.button("walk")]


def test_the_focus_ring_differs_from_the_fill_of_a_chosen_button(window: MainWindow) -> None:
    sheet = window.workspace.assess.detail.target.styleSheet()
    checked = sheet.split("QPushButton:checked {")[1].split("}")[0]
    focused = sheet.split("QPushButton:checked:focus {")[1].split("}")[0]
    fill = checked.split("border-color:")[1].split(";")[0].strip()
    assert fill not in focused


def test_the_grid_has_the_focus_whenever_the_assess_tab_shows(qtbot: QtBot, window: MainWindow) -> None:
    window.workspace.show_tab(CHARTS_TAB)
    window.workspace.tabs.setCurrentIndex(ASSESS_TAB)  # as a click on the tab does
    qtbot.wait_until(window.workspace.assess.grid.hasFocus, timeout=2000)


# Flags ----------------------------------------------------------------------------------


def test_a_target_below_the_current_stage_is_flagged(qtbot: QtBot, window: MainWindow) -> None:
    detail = window.workspace.assess.detail
    rate(qtbot, window, 0, 0, Qt.Key.Key_3)
    assert detail.target_warning.isHidden()
    window.workspace.assess.rate_target("walk")
    assert not detail.target_warning.isHidden() and "below" in detail.target_warning.text()
    window.workspace.assess.rate_target("run")
    assert detail.target_warning.isHidden()


@pytest.mark.parametrize("active", [False, True])
def test_the_room_bar_follows_a_switch_to_the_dark_scheme(qtbot: QtBot, window: MainWindow, active: bool) -> None:
    """Its label, field and button are drawn in the dark colours once the window switches to them,
    whether the bar is set (outlined) or not."""
    from PySide6.QtGui import QColor, QPalette

    from finops_desktop.ui.palette import Scheme

    bar = window.workspace.room_now
    if active:
        set_room(qtbot, window, "CFO office")
    window.set_scheme(Scheme.DARK)
    try:
        qtbot.wait(20)

        def lightness_at_middle(widget: QWidget, x: int = 3) -> float:
            return QColor(widget.grab().toImage().pixel(x, widget.height() // 2)).lightnessF()

        assert lightness_at_middle(bar.field) < 0.5  # the field's background is dark
        label_text = bar.label.palette().color(QPalette.ColorRole.WindowText)
        assert label_text.lightnessF() > 0.5
        image = bar.label.grab().toImage()
        brightest = max(QColor(image.pixel(x, y)).lightnessF()
                        for x in range(image.width()) for y in range(image.height()))
        assert brightest > 0.6  # the label's text is drawn light on the dark bar
    finally:
        window.set_scheme(Scheme.LIGHT)
