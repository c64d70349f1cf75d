"""The whole window, as the consultant uses it: create, add business units, rate, undo, close, reopen."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, QSize, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from finops_desktop.domain.catalogue import DEFAULT_MODEL_ID, find_model
from finops_desktop.domain.workshop import Rating, WorkshopInfo
from finops_desktop.storage.workshop_file import WorkshopFile
from finops_desktop.ui.dialogs import NewBusinessUnitRequest, NewRoundRequest, NewWorkshopRequest
from finops_desktop.ui.main_window import MainWindow, first_window_size
from finops_desktop.ui.workspace import ASSESS_TAB, BUSINESS_UNITS_TAB, CHARTS_TAB
from tests.helpers.ui_context import OFFSCREEN_PLATFORM_NOTICES, ScriptedDialogs, make_context
from tests.helpers.workshops import make_workshop_file

pytestmark = OFFSCREEN_PLATFORM_NOTICES


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path) -> Iterator[MainWindow]:
    window = MainWindow(make_context(tmp_path))
    qtbot.addWidget(window)
    window.resize(1280, 720)
    window.show()
    qtbot.wait_exposed(window)
    yield window
    window.close()


def dialogs(window: MainWindow) -> ScriptedDialogs:
    assert isinstance(window.context.dialogs, ScriptedDialogs)
    return window.context.dialogs


def rating_on_disk(path: Path, bu_name: str, dimension_id: str) -> Rating:
    with WorkshopFile.open(path, read_only=True) as file:
        bu = file.workshop.business_unit_named(bu_name)
        assert bu is not None
        return file.workshop.rating(bu.id, dimension_id)


def focus_grid(qtbot: QtBot, window: MainWindow, row: int, column: int) -> None:
    grid = window.workspace.assess.grid
    window.activateWindow()
    grid.setFocus()
    qtbot.wait_until(grid.hasFocus)
    grid.setCurrentIndex(grid.model().index(row, column))


def test_a_workshop_from_start_to_reopening(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    path = tmp_path / "Northwind FinOps workshop.finops"
    info = WorkshopInfo("Northwind Financial Group", "2026-11-27", "Alex Morgan", "EUR")
    assert window.stack.currentWidget() is window.start_screen

    # Create it through the start screen's "New workshop" button.
    dialogs(window).answer("new_workshop", NewWorkshopRequest(path, info, find_model(DEFAULT_MODEL_ID)))
    qtbot.mouseClick(window.start_screen.new_button, Qt.MouseButton.LeftButton)
    assert path.exists()
    assert window.stack.currentWidget() is window.workspace
    assert window.workspace.tabs.currentIndex() == BUSINESS_UNITS_TAB
    assert window.windowTitle() == "Northwind Financial Group — Northwind FinOps workshop.finops"
    assert window.status_text.text() == "Saved · no business units yet"

    # Add two business units.
    dialogs(window).answer("new_business_unit", NewBusinessUnitRequest("Retail Banking", 120_000.0, 12.0, "CIO"),
                           NewBusinessUnitRequest("Payments"))
    window.add_bu_action.trigger()
    window.add_bu_action.trigger()
    assert [bu.name for bu in window.context.workshop.business_units] == ["Retail Banking", "Payments"]
    first = window.context.workshop.business_units[0]
    assert (first.monthly_spend, first.annual_growth, first.owner) == (120_000.0, 12.0, "CIO")

    # Rate by keyboard on the Assess tab.
    window.tab_actions[ASSESS_TAB].trigger()
    assert window.workspace.tabs.currentIndex() == ASSESS_TAB
    focus_grid(qtbot, window, 0, 0)
    grid = window.workspace.assess.grid
    qtbot.keyClick(grid, Qt.Key.Key_2)  # Walk
    qtbot.keyClick(grid, Qt.Key.Key_3, Qt.KeyboardModifier.ShiftModifier)  # target Run
    qtbot.keyClick(grid, Qt.Key.Key_Right)
    qtbot.keyClick(grid, Qt.Key.Key_N)  # not applicable
    qtbot.keyClick(grid, Qt.Key.Key_Down)
    qtbot.keyClick(grid, Qt.Key.Key_1)  # Crawl
    assert window.status_text.text() == "Saved · 3 of 12 cells assessed"
    assert rating_on_disk(path, "Retail Banking", "cost_visibility") == Rating(current="walk", target="run")
    assert rating_on_disk(path, "Retail Banking", "tagging_coverage") == Rating(current="na", target="na")

    # Rate by clicking a stage card of the selected cell (Payments · Tagging).
    detail = window.workspace.assess.detail
    assert detail.title.text() == "Payments · Tagging coverage"
    qtbot.mouseClick(detail.cards.card("run"), Qt.MouseButton.LeftButton)
    assert rating_on_disk(path, "Payments", "tagging_coverage").current == "run"

    # Enter goes to the notes; typing there is saved.
    focus_grid(qtbot, window, 1, 1)
    qtbot.keyClick(grid, Qt.Key.Key_Return)
    assert detail.notes.hasFocus()
    qtbot.keyClicks(detail.notes, "Tag policy enforced at creation")
    qtbot.keyClick(detail.notes, Qt.Key.Key_Escape)
    assert grid.hasFocus()
    assert rating_on_disk(path, "Payments", "tagging_coverage").note == "Tag policy enforced at creation"

    # Undo and redo.
    window.undo_action.trigger()  # the note
    window.undo_action.trigger()  # the card
    assert rating_on_disk(path, "Payments", "tagging_coverage").current == "crawl"
    assert detail.cards.card("crawl").is_current
    assert window.statusBar().currentMessage().startswith("Undone: Rate Run")  # said, not silent
    window.redo_action.trigger()
    assert rating_on_disk(path, "Payments", "tagging_coverage").current == "run"
    assert window.statusBar().currentMessage().startswith("Redone: Rate Run")
    assert window.undo_action.text().startswith("&Undo Rate Run")

    # Close: back to the start screen, with the workshop first among the recent files.
    window.close_action.trigger()
    assert window.stack.currentWidget() is window.start_screen
    assert window.context.file is None
    assert window.start_screen.recent.count() == 1

    # Reopen from the recent files: everything is there.
    window.start_screen.recent.setCurrentRow(0)
    window.start_screen.recent.setFocus()
    qtbot.keyClick(window.start_screen.recent, Qt.Key.Key_Return)
    workshop = window.context.workshop
    assert workshop is not None
    retail, payments = workshop.business_units
    assert workshop.rating(retail.id, "cost_visibility") == Rating(current="walk", target="run")
    assert workshop.rating(retail.id, "tagging_coverage").not_applicable
    assert workshop.rating(payments.id, "tagging_coverage").current == "run"
    assert window.workspace.assess.grid_model.data(window.workspace.assess.grid_model.index(0, 0)) == "Walk → Run"


def test_save_as_carries_on_in_the_copy(window: MainWindow, tmp_path: Path) -> None:
    original = make_workshop_file(tmp_path / "a.finops", [("Retail", 10.0, {"tagging_coverage": ("crawl", None)})])
    copy = tmp_path / "b.finops"
    assert window.open_path(original)
    window.workspace.assess.rate_current("walk")
    dialogs(window).answer("choose_file_to_save", copy)
    window.save_as_action.trigger()
    assert window.context.file is not None and window.context.file.path == copy
    assert window.windowTitle().endswith("b.finops")
    window.workspace.assess.rate_current("run")
    assert rating_on_disk(copy, "Retail", "cost_visibility").current == "run"
    assert rating_on_disk(original, "Retail", "cost_visibility").current == "walk"
    window.undo_action.trigger()
    assert rating_on_disk(copy, "Retail", "cost_visibility").current == "walk"


def test_a_workshop_file_dropped_on_the_window_opens(window: MainWindow, tmp_path: Path) -> None:
    path = make_workshop_file(tmp_path / "dropped.finops", [("Retail", None, {})])
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(path))])
    enter = QDragEnterEvent(QPoint(50, 50), Qt.DropAction.CopyAction, data, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(window, enter)
    assert enter.isAccepted()
    drop = QDropEvent(QPointF(50, 50), Qt.DropAction.CopyAction, data, Qt.MouseButton.LeftButton,
                      Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(window, drop)
    assert window.context.file is not None and window.context.file.path == path


def test_other_files_dropped_are_refused(window: MainWindow, tmp_path: Path) -> None:
    other = tmp_path / "notes.txt"
    other.write_text("hello")
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(other))])
    enter = QDragEnterEvent(QPoint(5, 5), Qt.DropAction.CopyAction, data, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(window, enter)
    assert not enter.isAccepted()


def test_the_demo_is_written_once_into_the_data_folder(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.mouseClick(window.start_screen.demo_button, Qt.MouseButton.LeftButton)
    demo = window.context.data_dir / "Demo workshop.finops"
    assert window.context.file is not None and window.context.file.path == demo
    assert window.status_text.text() == "Saved · 36 of 36 cells assessed"
    assert window.workspace.header.client.full_text() == "Northwind Financial Group"
    window.workspace.assess.rate_current("run")
    window.close_action.trigger()
    window.open_demo()
    workshop = window.context.workshop
    assert workshop is not None
    assert workshop.rating(workshop.business_units[0].id, "cost_visibility").current == "run"


def test_a_new_round_is_assessed_apart_from_the_baseline(window: MainWindow, tmp_path: Path) -> None:
    path = make_workshop_file(tmp_path / "w.finops", [("Retail", None, {"cost_visibility": ("crawl", "walk")})])
    window.open_path(path)
    header = window.workspace.header
    assert not header.rounds.isEnabled()
    dialogs(window).answer("new_round", NewRoundRequest("Six months on", True))
    header.new_round_button.click()
    assert header.rounds.currentText() == "Six months on  (latest)"
    assert header.rounds.isEnabled()
    assert window.status_text.text() == "Saved · 1 of 6 cells assessed · round “Six months on”"
    assessment = window.workspace.assess
    assessment.select_cell(window.context.workshop.business_units[0].id, "cost_visibility")
    assessment.rate_current("walk")
    assert "In “Baseline”: Crawl → Walk" in assessment.detail.previous.text()
    header.rounds.setCurrentIndex(0)
    header.rounds.activated.emit(0)
    assert window.context.round is not None and window.context.round.name == "Baseline"
    assert assessment.grid_model.data(assessment.grid_model.index(0, 0)) == "Crawl → Walk"
    window.undo_action.trigger()  # undo goes back to the round it changed
    assert window.context.round is not None and window.context.round.name == "Six months on"


def test_workshop_details_are_edited_and_shown(window: MainWindow, tmp_path: Path) -> None:
    window.open_path(make_workshop_file(tmp_path / "w.finops"))
    dialogs(window).answer("workshop_details", WorkshopInfo("Contoso", "2027-01-15", "Sam Lee", "GBP"))
    window.details_action.trigger()
    assert window.workspace.header.client.full_text() == "Contoso"
    assert "15 January 2027" in window.workspace.header.details.full_text()
    assert window.windowTitle().startswith("Contoso — ")


def test_text_size_full_screen_appearance_and_help(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    window.open_path(make_workshop_file(tmp_path / "w.finops", [("Retail", None, {})]))
    base = QApplication.font().pointSizeF()
    try:
        window.change_font_scale(1.15)
        window.change_font_scale(1.15)
        assert QApplication.font().pointSizeF() == pytest.approx(base * 1.3225, rel=0.01)
        assert window.context.settings.font_scale == pytest.approx(1.3225, rel=0.01)
        card = window.workspace.assess.detail.cards.cards[0]
        assert card.title.font().pointSizeF() == pytest.approx(QApplication.font().pointSizeF() * 1.45, rel=0.01)
        for _ in range(8):  # the window is laid out for up to 200 %: Larger text stops there, and says so
            window.change_font_scale(1.15)
        assert window.context.settings.font_scale == 2.0
        assert QApplication.font().pointSizeF() == pytest.approx(base * 2.0, rel=0.01)
        assert window.statusBar().currentMessage() == "Text size 200 % (the largest)"
    finally:
        window.set_font_scale(1.0)
    assert QApplication.font().pointSizeF() == pytest.approx(base)
    window.full_screen_action.trigger()
    qtbot.wait_until(window.isFullScreen)
    window.full_screen_action.trigger()
    qtbot.wait_until(lambda: not window.isFullScreen())
    from finops_desktop.ui.palette import Scheme, is_dark

    try:
        window.set_scheme(Scheme.DARK)
        assert is_dark(QApplication.palette())
    finally:
        window.set_scheme(Scheme.LIGHT)
    assert not is_dark(QApplication.palette())
    window.show_shortcuts()
    assert window._shortcuts_dialog is not None and window._shortcuts_dialog.isVisible()


@pytest.mark.parametrize(("screen", "expected"), [((1280, 720), (1280, 688)), ((1920, 1080), (1280, 800)),
                                                  ((3840, 2160), (1280, 800)), ((1024, 700), (1024, 668)),
                                                  ((1280, 832), (1280, 800))])
def test_the_first_window_fits_the_screen(screen: tuple[int, int], expected: tuple[int, int]) -> None:
    """With the title bar above it, the window's status line stays on a 1280×720 screen."""
    size = first_window_size(QSize(*screen))
    assert (size.width(), size.height()) == expected


def test_a_first_window_is_sized_for_its_screen(qtbot: QtBot, tmp_path: Path) -> None:
    window = MainWindow(make_context(tmp_path))
    qtbot.addWidget(window)
    screen = window.screen()
    assert screen is not None
    expected = first_window_size(screen.availableGeometry().size()).expandedTo(window.minimumSize())
    assert window.size() == expected


def test_window_size_is_remembered(qtbot: QtBot, tmp_path: Path) -> None:
    context = make_context(tmp_path)
    first = MainWindow(context)
    qtbot.addWidget(first)
    first.resize(1100, 650)
    first.show()
    first.close()
    assert context.settings.window_state("geometry") is not None
    second = MainWindow(context)
    qtbot.addWidget(second)
    assert second.height() == 650  # (the offscreen screen is too narrow to give the width back)


def test_the_menus_offer_the_standard_commands(window: MainWindow) -> None:
    texts = {a.text().replace("&", "") for menu in window.menuBar().actions() if menu.menu()
             for a in menu.menu().actions()}  # type: ignore[union-attr]
    for expected in ("New workshop…", "Open…", "Open Recent", "Save As…", "Close workshop", "Quit", "Undo",
                     "Redo", "Full screen", "Keyboard shortcuts", "Larger text", "Smaller text"):
        assert expected in texts
    assert not window.save_as_action.isEnabled()
    assert window.undo_action.shortcut().toString()


def test_export_is_offered_when_the_export_module_is_there(window: MainWindow) -> None:
    import importlib.util

    assert window.export_action.isVisible() == (importlib.util.find_spec("finops_desktop.ui.export_action")
                                                is not None)
    assert window.export_action.shortcut().toString() == "Ctrl+E"


def test_the_charts_tab_loads_when_first_shown(window: MainWindow, tmp_path: Path) -> None:
    window.open_path(make_workshop_file(tmp_path / "w.finops", [("Retail", None, {})]))
    charts = window.workspace.charts
    assert charts.view is None
    window.tab_actions[CHARTS_TAB].trigger()
    import importlib.util

    if importlib.util.find_spec("finops_desktop.ui.charts_view") is None:
        assert charts.view is None and charts.placeholder.isVisible()
    else:
        assert charts.view is not None


def test_a_read_only_window_says_so_and_changes_nothing(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    path = make_workshop_file(tmp_path / "w.finops", [("Retail", None, {"cost_visibility": ("crawl", None)})])
    before = path.read_bytes()
    with WorkshopFile.open(path):
        dialogs(window).answer("offer_read_only", True)
        assert window.open_path(path)
        assert window.windowTitle().endswith("(read-only)")
        assert window.status_text.text().startswith("Read-only")
        assert window.workspace.header.read_only_badge.isVisible()
        assert not window.add_bu_action.isEnabled()
        focus_grid(qtbot, window, 0, 0)
        qtbot.keyClick(window.workspace.assess.grid, Qt.Key.Key_3)
        qtbot.mouseClick(window.workspace.assess.detail.cards.card("run"), Qt.MouseButton.LeftButton)
        assert "read-only" in window.statusBar().currentMessage()
        window.close_action.trigger()
    assert path.read_bytes() == before


def test_tab_goes_from_the_grid_through_the_cards_to_the_evidence(qtbot: QtBot, window: MainWindow,
                                                                   tmp_path: Path) -> None:
    window.open_path(make_workshop_file(tmp_path / "w.finops", [("Retail", None, {})]))
    focus_grid(qtbot, window, 0, 0)
    detail = window.workspace.assess.detail
    visited = []
    for _ in range(6):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        visited.append(QApplication.focusWidget())
    cards = detail.cards.cards
    assert visited[:3] == cards
    assert visited[3] is detail.target.button(None)
    visited[1].setFocus()
    qtbot.keyClick(visited[1], Qt.Key.Key_Space)
    assert window.context.workshop is not None
    assert window.context.workshop.rating(window.context.workshop.business_units[0].id, "cost_visibility").current \
        == "walk"


def test_the_assessment_menu_rates_the_selected_cell(window: MainWindow, tmp_path: Path) -> None:
    window.open_path(make_workshop_file(tmp_path / "w.finops", [("Retail", None, {})]))
    menu = window.assessment_menu
    actions = {a.text().split("\t")[0].replace("&", ""): a for a in menu.actions()}
    current = {a.text().split("\t")[0]: a for a in actions["Set current stage"].menu().actions()}
    target = {a.text().split("\t")[0]: a for a in actions["Set target"].menu().actions()}
    assert actions["Set current stage"].menu().actions()[1].text() == "Walk\t2"
    current["Walk"].trigger()
    target["Run"].trigger()
    workshop = window.context.workshop
    assert workshop is not None
    assert workshop.rating(workshop.business_units[0].id, "cost_visibility") == Rating(current="walk", target="run")
    actions["Not applicable"].trigger()
    assert workshop.rating(workshop.business_units[0].id, "cost_visibility").not_applicable
    actions["Next cell not assessed"].trigger()
    assert window.workspace.assess.current_cell() == (workshop.business_units[0].id, "tagging_coverage")


def test_export_hands_the_open_file_and_the_round_shown_to_the_export(window: MainWindow, tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    export_action = pytest.importorskip("finops_desktop.ui.export_action")
    calls: list[tuple] = []
    monkeypatch.setattr(export_action, "export_to_excel",
                        lambda parent, file, **options: calls.append((parent, file, options)))
    window.open_path(make_workshop_file(tmp_path / "w.finops", [("Retail", None, {})]))
    window.export_action.trigger()
    assert calls == [(window, window.context.file, {"round_id": window.context.round_id})]


def test_right_click_menus_on_names_and_cells(window: MainWindow, tmp_path: Path) -> None:
    window.open_path(make_workshop_file(tmp_path / "w.finops", [("Retail", None, {}), ("Payments", None, {})]))
    assessment = window.workspace.assess
    menu = assessment.business_unit_menu(1)
    assert menu is not None
    actions = {a.text(): a for a in menu.actions() if a.text()}
    assert not actions["Move down"].isEnabled()
    actions["Move up"].trigger()
    workshop = window.context.workshop
    assert workshop is not None
    assert [bu.name for bu in workshop.business_units] == ["Payments", "Retail"]
    dialogs(window).answer("text", "Card payments")
    actions["Rename…"].trigger()
    assert workshop.business_units[0].name == "Card payments"
    assessment.select_cell(workshop.business_units[0].id, "anomaly_detection")
    cell_menu = assessment.cell_menu()
    assert cell_menu is not None
    cell_actions = {a.text().split("\t")[0]: a for a in cell_menu.actions() if a.text()}
    cell_actions["Run"].trigger()
    cell_actions["Target: Run"].trigger()
    assert workshop.rating(workshop.business_units[0].id, "anomaly_detection") == Rating(current="run", target="run")
    dialogs(window).answer("confirm", True)
    menu = assessment.business_unit_menu(0)
    assert menu is not None
    next(a for a in menu.actions() if a.text() == "Remove…").trigger()
    assert [bu.name for bu in workshop.business_units] == ["Retail"]


def test_opening_the_workshop_already_open_keeps_it_open(window: MainWindow, tmp_path: Path) -> None:
    path = make_workshop_file(tmp_path / "w.finops", [("Retail", None, {})])
    assert window.open_path(path)
    window.workspace.assess.rate_current("walk")
    assert window.open_path(path)
    assert not window.context.read_only
    assert window.context.undo_stack.count() == 1
    assert dialogs(window).questions == []
