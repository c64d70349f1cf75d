"""At 1280 pixels wide, up to 200 % text: every tab title whole, column headers whole, the header's details kept."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from finops_desktop.ui.grid_header import split_label
from finops_desktop.ui.main_window import MainWindow
from tests.helpers.ui_context import OFFSCREEN_PLATFORM_NOTICES
from tests.helpers.windows import settle, window_on
from tests.helpers.workshops import make_workshop_file

pytestmark = OFFSCREEN_PLATFORM_NOTICES

SCALES = (1.0, 1.5, 2.0)
LONG_CLIENT = "Northwind Financial Group International Holdings and Subsidiaries Europe"


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path) -> Iterator[MainWindow]:
    path = make_workshop_file(tmp_path / "w.finops", [("Payments", 1000.0, {}), ("Retail", 2000.0, {})])
    window = window_on(qtbot, tmp_path, path)
    assert window.context.file is not None
    window.context.file.set_info(client=LONG_CLIENT, date="2026-11-27", facilitator="Alex Morgan")
    window.context.set_room_now("Ana (CFO), Ben from platform engineering")
    yield window
    window.set_font_scale(1.0)  # the application font is shared with the tests that follow
    window.context.close_file()


@pytest.mark.parametrize("scale", SCALES)
def test_every_tab_title_shows_whole_beside_the_room_bar(qtbot: QtBot, window: MainWindow, scale: float) -> None:
    window.set_font_scale(scale)
    settle(qtbot)
    tabs = window.workspace.tabs
    bar = tabs.tabBar()
    assert not bar.usesScrollButtons()
    last = bar.tabRect(bar.count() - 1)
    assert last.right() <= bar.width(), "the last tab lies outside the tab bar"
    for index in range(bar.count()):
        assert bar.tabRect(index).width() >= bar.tabSizeHint(index).width(), bar.tabText(index)
    room = window.workspace.room_now
    assert room.isVisible()
    assert room.geometry().left() >= bar.geometry().right(), "the room bar overlaps the tabs"
    assert room.geometry().right() <= tabs.width()
    assert room.field.width() >= room.field.minimumSizeHint().width()


@pytest.mark.parametrize("scale", SCALES)
def test_the_column_headers_show_each_dimension_whole_with_its_name_in_the_tooltip(
        qtbot: QtBot, window: MainWindow, scale: float) -> None:
    window.set_font_scale(scale)
    settle(qtbot)
    grid = window.workspace.assess.grid
    header = grid.dimension_header
    model = grid.model()
    workshop = window.context.workshop
    assert workshop is not None
    for section, dimension in enumerate(workshop.model.dimensions):
        lines = header.shown_lines(section)
        assert " ".join(lines) == dimension.label, f"{dimension.label} shown as {lines} at {scale:.0%}"
        assert dimension.name in model.headerData(section, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
    assert header.height() >= QFontMetrics(header.font()).height() * header.lines


def test_a_label_of_several_words_wraps_onto_two_lines_before_it_elides() -> None:
    metrics = QFontMetrics(QFont(QApplication.font()))
    text = "Commitment strategy and rates"
    one_line = metrics.horizontalAdvance(text)
    lines = split_label(text, metrics, one_line * 2 // 3)
    assert len(lines) == 2 and " ".join(lines) == text
    assert max(metrics.horizontalAdvance(line) for line in lines) <= one_line * 2 // 3
    assert split_label(text, metrics, one_line) == [text]
    assert split_label("Commitments", metrics, 5) == ["Commitments"]  # one word: elided when drawn


@pytest.mark.parametrize("scale", SCALES)
def test_a_long_client_name_elides_before_the_date_and_facilitator(
        qtbot: QtBot, window: MainWindow, scale: float) -> None:
    window.set_font_scale(scale)
    settle(qtbot)
    header = window.workspace.header
    assert header.client.text().endswith("…")
    assert header.details.text().startswith("27 November"), header.details.text()
    if scale == 1.0:
        assert "Alex Morgan" in header.details.text()
    assert header.client.toolTip() == LONG_CLIENT
