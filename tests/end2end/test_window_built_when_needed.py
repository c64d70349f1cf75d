"""Opened with a file, the window shows the workshop at once and builds the rest when first needed."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from finops_desktop.app import open_window
from finops_desktop.domain.workshop import Rating
from finops_desktop.ui.business_units_panel import BusinessUnitsPanel
from finops_desktop.ui.workspace import BUSINESS_UNITS_TAB, ROADMAP_TAB
from tests.helpers.ui_context import OFFSCREEN_PLATFORM_NOTICES, ScriptedDialogs, make_context
from tests.helpers.workshops import make_workshop_file

pytestmark = OFFSCREEN_PLATFORM_NOTICES


def test_a_file_given_at_start_shows_in_the_first_frame(qtbot: QtBot, tmp_path: Path) -> None:
    path = make_workshop_file(tmp_path / "w.finops", [("Retail", 100.0, {"cost_visibility": ("walk", "run")}),
                                                     ("Payments", None, {})])
    window = open_window(path, make_context(tmp_path))
    qtbot.addWidget(window)
    qtbot.wait_exposed(window)
    assert window.stack.currentWidget() is window.workspace
    assert window.workspace.assess.grid.model().rowCount() == 2
    assert window.windowTitle() == "Test client — w.finops"
    # Neither the start screen nor the Business units tab was needed yet.
    assert window._start_screen is None
    assert window.workspace._business_units is None
    window.close()


def test_the_business_units_tab_is_built_when_first_shown(qtbot: QtBot, tmp_path: Path) -> None:
    path = make_workshop_file(tmp_path / "w.finops", [("Retail", 100.0, {}), ("Payments", None, {})])
    window = open_window(path, make_context(tmp_path))
    qtbot.addWidget(window)
    qtbot.wait_exposed(window)
    window.workspace.tabs.setCurrentIndex(BUSINESS_UNITS_TAB)  # as a click on the tab does
    panel = window.workspace.business_units
    assert isinstance(panel, BusinessUnitsPanel)
    assert window.workspace.tabs.currentWidget().isAncestorOf(panel)
    qtbot.wait_until(panel.table.isVisible)
    assert [panel.model.index(row, 0).data() for row in range(panel.model.rowCount())] == ["Retail", "Payments"]
    assert panel.add_button.isEnabled()
    window.close()


def test_tabs_built_after_edits_show_those_edits(qtbot: QtBot, tmp_path: Path) -> None:
    path = make_workshop_file(tmp_path / "w.finops", [("Retail", 100.0, {}), ("Payments", None, {})])
    window = open_window(path, make_context(tmp_path))
    qtbot.addWidget(window)
    qtbot.wait_exposed(window)
    file = window.context.file
    assert file is not None
    retail = file.workshop.business_units[0]
    file.rename_business_unit(retail.id, "Retail & Stores")
    file.add_business_unit("Logistics")
    file.set_rating(retail.id, "tagging_coverage", Rating("crawl", "run"))
    assert window.workspace._business_units is None and window.workspace._roadmap is None

    window.workspace.show_tab(BUSINESS_UNITS_TAB)
    panel = window.workspace.business_units
    assert [panel.model.index(row, 0).data() for row in range(panel.model.rowCount())] == \
        ["Retail & Stores", "Payments", "Logistics"]

    window.workspace.show_tab(ROADMAP_TAB)
    roadmap = window.workspace.roadmap
    qtbot.wait_until(lambda: roadmap.roadmap is not None)
    assert roadmap.roadmap is not None
    tagging = [item for item in roadmap.roadmap.items if item.dimension_id == "tagging_coverage"]
    assert tagging and all(item.business_units == ("Retail & Stores",) for item in tagging)
    window.close()


def test_closing_the_workshop_shows_the_start_screen(qtbot: QtBot, tmp_path: Path) -> None:
    path = make_workshop_file(tmp_path / "w.finops", [("Retail", 100.0, {})])
    window = open_window(path, make_context(tmp_path))
    qtbot.addWidget(window)
    qtbot.wait_exposed(window)
    window.close_workshop()
    assert window.stack.currentWidget() is window.start_screen
    assert window.start_screen.recent.count() == 1
    window.close()


class _ErrorsSeen(ScriptedDialogs):
    """Records whether the window was on screen when each error was shown over it."""

    def __post_init__(self) -> None:
        super().__post_init__()
        self.window_shown: list[bool] = []
        self.page: list[QWidget | None] = []

    def error(self, title: str, message: str, detail: str = "") -> None:
        owner = self._owner()
        self.window_shown.append(owner is not None and owner.isVisible())
        stack = getattr(owner, "stack", None)
        self.page.append(stack.currentWidget() if stack is not None else None)
        super().error(title, message, detail)


def test_a_bad_file_given_at_start_is_refused_over_the_start_screen(qtbot: QtBot, tmp_path: Path) -> None:
    path = tmp_path / "not a workshop.finops"
    path.write_text("hello")
    dialogs = _ErrorsSeen()
    window = open_window(path, make_context(tmp_path, dialogs))
    qtbot.addWidget(window)
    qtbot.wait_exposed(window)
    assert [e.title for e in dialogs.errors] == ["Cannot open “not a workshop.finops”"]
    assert dialogs.window_shown == [True]
    assert dialogs.page == [window.start_screen]
    assert window.stack.currentWidget() is window.start_screen
    assert window.context.file is None
    window.close()
