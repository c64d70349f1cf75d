"""One round for the window and its chart: the chart follows the window's round, "Compare with" is the chart's."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from finops_desktop.storage.workshop_file import WorkshopFile
from finops_desktop.ui.main_window import MainWindow
from finops_desktop.ui.workspace import CHARTS_TAB
from tests.helpers.ui_context import OFFSCREEN_PLATFORM_NOTICES, make_context
from tests.helpers.workshops import make_workshop_file

pytestmark = OFFSCREEN_PLATFORM_NOTICES


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path) -> Iterator[MainWindow]:
    path = make_workshop_file(tmp_path / "w.finops", [("Retail", 10.0, {"cost_visibility": ("crawl", "walk")})])
    with WorkshopFile.open(path) as file:
        file.add_round("Six months on")
        file.add_round("A year on")
    window = MainWindow(make_context(tmp_path))
    qtbot.addWidget(window)
    window.resize(1280, 720)
    window.show()
    assert window.open_path(path)
    window.workspace.show_tab(CHARTS_TAB)
    qtbot.wait_until(lambda: window.workspace.charts.view is not None and window.workspace.charts.view.chart
                     is not None, timeout=10000)
    yield window
    window.close()


def charted(window: MainWindow) -> tuple[object, object]:
    view = window.workspace.charts.view
    key = view._wanted_chart()
    return key[2], key[3]


def test_the_chart_follows_the_round_the_window_shows(window: MainWindow) -> None:
    workshop = window.context.workshop
    assert workshop is not None
    baseline, middle, latest = (r.id for r in workshop.rounds)
    view = window.workspace.charts.view
    assert charted(window) == (None, None) and view.round_note.text() == "Round: A year on"
    window.context.set_round(middle)
    assert charted(window) == (middle, None)
    assert view.round_note.text() == "Round: Six months on"
    assert [view.compare_combo.itemData(i) for i in range(view.compare_combo.count())] == [None, baseline, latest]
    assert window.workspace.header.rounds.currentData() == middle


def test_compare_with_stays_the_charts_own_choice(window: MainWindow) -> None:
    workshop = window.context.workshop
    assert workshop is not None
    baseline, middle, _latest = (r.id for r in workshop.rounds)
    view = window.workspace.charts.view
    view.set_round(None, baseline)
    window.context.set_round(middle)
    assert charted(window) == (middle, baseline)
    window.context.set_round(baseline)  # the round compared with is now the round shown: nothing to compare
    assert charted(window) == (baseline, None)
    assert window.context.round_id == baseline
