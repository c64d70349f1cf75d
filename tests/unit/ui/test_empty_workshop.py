"""A new workshop with no business units yet says what to do next, not what a finished one would say."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from finops_desktop.ui.main_window import MainWindow
from finops_desktop.ui.workspace import BUSINESS_UNITS_TAB, ROADMAP_TAB
from tests.helpers.ui_context import OFFSCREEN_PLATFORM_NOTICES, make_context
from tests.helpers.workshops import make_workshop_file

pytestmark = OFFSCREEN_PLATFORM_NOTICES


def test_an_empty_workshop_says_to_add_business_units_and_then_to_rate_them(qtbot: QtBot, tmp_path: Path) -> None:
    from finops_desktop.ui import undo_commands

    path = make_workshop_file(tmp_path / "empty.finops", [])
    window = MainWindow(make_context(tmp_path))
    qtbot.addWidget(window)
    window.show()
    assert window.open_path(path)
    window.workspace.show_tab(BUSINESS_UNITS_TAB)
    panel = window.workspace.business_units
    assert panel is not None and panel.hint.text().startswith("No business units yet")
    window.workspace.show_tab(ROADMAP_TAB)
    roadmap = window.workspace.roadmap
    qtbot.wait_until(lambda: "No steps yet: add the business units" in roadmap.headline.text())
    file = window.context.file
    assert file is not None
    file.add_business_unit("Retail", monthly_spend=1000.0)
    assert panel.hint.text().startswith("Double-click a cell")
    qtbot.wait_until(lambda: "No steps yet: rate the business units" in roadmap.headline.text())
    assert undo_commands.rate_current(window.context, file.workshop.business_units[0].id, "cost_visibility", "walk")
    qtbot.wait_until(lambda: "No steps yet" not in roadmap.headline.text())
    window.context.close_file()
