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


def test_a_round_started_while_the_charts_are_hidden_is_the_one_charted_when_they_show(qtbot: QtBot,
                                                                                      window: MainWindow) -> None:
    """Started from the Assess tab and rated there, the new round is the heatmap's round on return."""
    from finops_desktop.charts.heatmap import HeatmapChart
    from finops_desktop.ui import undo_commands
    from finops_desktop.ui.round_commands import AddRoundCommand
    from finops_desktop.ui.workspace import ASSESS_TAB

    view = window.workspace.charts.view
    view.set_mode("heatmap")
    window.workspace.show_tab(ASSESS_TAB)
    context = window.context
    context.undo_stack.push(AddRoundCommand(context, "Q3 review", copy_previous=True))
    workshop = context.workshop
    assert workshop is not None and workshop.active_round.name == "Q3 review"
    bu = workshop.business_units[0]
    assert undo_commands.rate_current(context, bu.id, "tagging_coverage", "walk")
    drawn = []
    view.canvas.mpl_connect("draw_event", lambda event: drawn.append(event))
    window.workspace.show_tab(CHARTS_TAB)
    chart = view.chart
    assert isinstance(chart, HeatmapChart)
    assert "Q3 review" in chart.frame.subtitle.get_text()
    assert view.round_note.text() == "Round: Q3 review"
    # And on screen: the whole chart is drawn again, not only the cell rated while it was hidden
    # (its title and subtitle would otherwise still show the round before).
    qtbot.wait_until(lambda: bool(drawn))
