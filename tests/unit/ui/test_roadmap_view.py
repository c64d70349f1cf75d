"""The Roadmap tab: waves and steps on screen, following every rating, filters, details, diagnostics to the grid."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from finops_desktop.demo_workshop import write_demo
from finops_desktop.domain.roadmap import RoadmapItem
from finops_desktop.domain.workshop import Rating
from finops_desktop.export import write_workbook
from finops_desktop.tracker.layout import FIRST_ROW, HEADERS, SHEET_TITLE, parse_row_key
from finops_desktop.ui.context import ApplicationContext
from finops_desktop.ui.main_window import MainWindow
from finops_desktop.ui.progress_import import import_progress_from_workbook
from finops_desktop.ui.roadmap_view import ITEM_ROLE, RoadmapView, roadmap_model
from finops_desktop.ui.workspace import ASSESS_TAB, ROADMAP_TAB
from tests.helpers.ui_context import OFFSCREEN_PLATFORM_NOTICES, ScriptedDialogs, make_context

pytestmark = OFFSCREEN_PLATFORM_NOTICES


@pytest.fixture
def context(qapp: object, tmp_path: Path) -> Iterator[ApplicationContext]:
    path = tmp_path / "demo.finops"
    write_demo(path).close()
    context = make_context(tmp_path)
    assert context.open_path(path)
    yield context
    context.close_file()


@pytest.fixture
def view(qtbot: QtBot, context: ApplicationContext) -> RoadmapView:
    view = RoadmapView(context)
    qtbot.addWidget(view)
    view.resize(1280, 680)
    view.show()
    qtbot.waitUntil(lambda: view.roadmap is not None)
    return view


def shown_items(view: RoadmapView) -> list[RoadmapItem]:
    items = []
    for band in range(view.proxy.rowCount()):
        parent = view.proxy.index(band, 0)
        items += [view.proxy.index(row, 0, parent).data(ITEM_ROLE) for row in range(view.proxy.rowCount(parent))]
    return items


def test_the_model_passes_qts_checks(qtmodeltester: ModelTester, view: RoadmapView,
                                     context: ApplicationContext) -> None:
    assert view.roadmap is not None and context.workshop is not None
    qtmodeltester.check(roadmap_model(view.roadmap, context.workshop))
    qtmodeltester.check(view.proxy)


def test_the_headline_waves_and_every_step_are_shown(view: RoadmapView, context: ApplicationContext) -> None:
    roadmap = view.roadmap
    assert roadmap is not None and roadmap.headline is not None
    assert context.workshop is not None
    dimension = context.workshop.model.dimension(roadmap.headline.dimension_id).name
    assert view.headline.text().startswith(f"Advance {dimension} first")
    total = sum(gap.monthly_waste for gap in roadmap.gaps)  # each gap once, however many steps share it
    assert f"{total:,.0f} a month in all" in view.headline.text()
    assert total < sum(item.monthly_savings for item in roadmap.items)
    assert view.reason.text() == roadmap.headline.reason
    assert [item.step_id for item in shown_items(view)] == [item.step_id for item in roadmap.items]
    band = view.proxy.index(0, 0).data()
    assert band.startswith(roadmap.waves[0].name)
    assert view.diagnostics.count() == len(roadmap.diagnostics) > 0


def test_it_follows_a_rating_after_the_events_of_the_edit(qtbot: QtBot, view: RoadmapView,
                                                          context: ApplicationContext) -> None:
    assert context.file is not None and context.workshop is not None
    before = view.roadmap
    bu = context.workshop.business_unit_named("Insurance")
    assert bu is not None
    context.file.set_rating(bu.id, "commitment_strategy", Rating("run", "run"))
    assert view.roadmap is before  # not planned inside the edit
    qtbot.waitUntil(lambda: view.roadmap is not before)
    assert view.roadmap is not None
    assert all("Insurance" not in item.business_units for item in view.roadmap.items
               if item.dimension_id == "commitment_strategy")


def test_a_hidden_tab_plans_only_when_shown_again(qtbot: QtBot, view: RoadmapView,
                                                  context: ApplicationContext) -> None:
    assert context.file is not None and context.workshop is not None
    view.hide()
    before = view.roadmap
    bu = context.workshop.business_units[0]
    context.file.set_rating(bu.id, "anomaly_detection", Rating("run", "run"))
    qtbot.wait(20)
    assert view.roadmap is before
    view.show()
    qtbot.waitUntil(lambda: view.roadmap is not before)


def test_filters_by_unit_dimension_and_wave(view: RoadmapView) -> None:
    view.unit_filter.setCurrentIndex(view.unit_filter.findText("Payments"))
    items = shown_items(view)
    assert items and all("Payments" in item.business_units for item in items)
    view.dimension_filter.setCurrentIndex(view.dimension_filter.findData("anomaly_detection"))
    assert all(item.dimension_id == "anomaly_detection" for item in shown_items(view))
    view.unit_filter.setCurrentIndex(0)
    view.dimension_filter.setCurrentIndex(0)
    assert view.roadmap is not None
    second = view.roadmap.waves[1].name
    view.wave_filter.setCurrentIndex(view.wave_filter.findText(second))
    assert shown_items(view) and all(item.wave == second for item in shown_items(view))


def test_selecting_a_step_shows_what_it_needs_and_the_gaps_it_closes(view: RoadmapView) -> None:
    assert view.roadmap is not None
    item = next(i for i in view.roadmap.items if i.prerequisites)
    assert view.select_step(item.step_id)
    text = view.details.toPlainText()
    assert item.title in text and item.description[:40] in text
    needed = next(i for i in view.roadmap.items if i.step_id == item.prerequisites[0])
    assert f"#{needed.rank} {needed.title}" in text
    assert "Gaps it closes" in text and item.business_units[0] in text
    # Stages by their names, as everywhere else ("Crawl → Walk"), never by their ids ("crawl → walk").
    assert not any(f"{stage} → " in text for stage in ("crawl", "walk", "run"))
    assert any(f"{stage} → " in text for stage in ("Crawl", "Walk"))


def test_a_diagnostic_selects_its_cells_in_the_grid(qtbot: QtBot, context: ApplicationContext) -> None:
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.resize(1280, 720)
    window.show()
    window.workspace.show_tab(ROADMAP_TAB)
    view = window.workspace.roadmap
    qtbot.waitUntil(lambda: view.roadmap is not None)
    assert view.roadmap is not None and context.workshop is not None
    diagnostic = next(d for d in view.roadmap.diagnostics if d.business_unit and len(d.dimensions) > 1)
    row = list(view.roadmap.diagnostics).index(diagnostic)
    view.diagnostics.itemClicked.emit(view.diagnostics.item(row))
    assert window.workspace.tabs.currentIndex() == ASSESS_TAB
    grid = window.workspace.assess
    selected = {(grid.grid_model.business_unit_id(i.row()), grid.grid_model.dimension_id(i.column()))
                for i in grid.grid.selectionModel().selectedIndexes()}
    bu = context.workshop.business_unit_named(diagnostic.business_unit or "")
    assert bu is not None
    assert selected == {(bu.id, d) for d in diagnostic.dimensions}


def test_import_progress_from_the_file_menu_and_the_roadmap_follows(
        qtbot: QtBot, view: RoadmapView, context: ApplicationContext, tmp_path: Path) -> None:
    assert context.file is not None and view.roadmap is not None
    workbook = tmp_path / "sent back.xlsx"
    write_workbook(context.file.workshop, workbook)
    book = load_workbook(workbook)
    ws = book[SHEET_TITLE]
    ws.cell(FIRST_ROW, HEADERS.index("Status") + 1).value = "Done"
    key = parse_row_key(ws.cell(FIRST_ROW, HEADERS.index("Key") + 1).value)
    assert key is not None
    step_id, unit = key[0], context.file.workshop.business_unit(key[1])
    book.save(workbook)
    before = view.roadmap

    assert import_progress_from_workbook(view, context, ask_path=lambda _parent, _folder: workbook)
    dialogs = context.dialogs
    assert isinstance(dialogs, ScriptedDialogs)
    assert dialogs.notices[-1].message.startswith("Read ") and "1 changed" in dialogs.notices[-1].message
    qtbot.waitUntil(lambda: view.roadmap is not before)
    assert all(unit.name not in item.business_units for item in view.roadmap.items if item.step_id == step_id)

    # A bad workbook: one message, nothing changed.
    book = load_workbook(workbook)
    book[SHEET_TITLE].cell(FIRST_ROW, HEADERS.index("% complete") + 1).value = 300
    book.save(workbook)
    data = context.file.path.read_bytes()
    assert not import_progress_from_workbook(view, context, ask_path=lambda _parent, _folder: workbook)
    assert "% complete" in dialogs.errors[-1].message and "Nothing was changed" in dialogs.errors[-1].message
    assert context.file.path.read_bytes() == data


def test_a_later_round_shows_what_moved_since_the_one_before(qtbot: QtBot, view: RoadmapView,
                                                             context: ApplicationContext) -> None:
    assert context.file is not None and not view.movement.isVisible()
    new = context.file.add_round("Six months on")
    context.set_round(new.id)
    bu = context.file.workshop.business_unit_named("Insurance")
    assert bu is not None
    context.file.set_rating(bu.id, "tagging_coverage", Rating("walk", "walk"), new.id)
    qtbot.waitUntil(lambda: view.movement.isVisible() and "1 cell up" in view.movement.text())
    assert view.movement.text().startswith("Since Baseline: 1 cell up, 0 down;")


@pytest.mark.parametrize("factor", [1.0, 2.0])
def test_every_column_heading_is_whole_at_every_text_size(qtbot: QtBot, context: ApplicationContext,
                                                          factor: float) -> None:
    from PySide6.QtGui import QFont
    from PySide6.QtWidgets import QApplication

    original = QApplication.font()
    try:
        font = QFont(original)
        font.setPointSizeF(original.pointSizeF() * factor)
        QApplication.setFont(font)
        view = RoadmapView(context)
        qtbot.addWidget(view)
        view.resize(1280, 680)
        view.show()
        qtbot.waitUntil(lambda: view.roadmap is not None)
        view.fit_columns()
        header = view.steps.header()
        for column in range(1, header.count()):
            assert header.sectionSize(column) >= header.sectionSizeHint(column), column
    finally:
        QApplication.setFont(original)


def test_a_gaps_money_from_a_typed_indicator_says_so_in_the_step(view: RoadmapView,
                                                                 context: ApplicationContext) -> None:
    from finops_desktop.domain.value_pools import ASSUMPTION, INDICATOR
    from finops_desktop.ui.roadmap_view import step_details

    roadmap, workshop = view.roadmap, context.workshop
    assert roadmap is not None and workshop is not None
    typed = next(g for g in roadmap.gaps if g.source == INDICATOR)  # the demo has one
    item = next(i for i in roadmap.items
                if i.dimension_id == typed.dimension_id and typed.business_unit in i.business_units)
    details = step_details(item, roadmap, workshop)
    assert f"{typed.business_unit}: " in details and "from the indicator typed in the room" in details

    def sources(step: RoadmapItem) -> set[str]:
        return {g.source for g in roadmap.gaps
                if g.dimension_id == step.dimension_id and g.business_unit in step.business_units}

    modelled = next(i for i in roadmap.items if sources(i) == {ASSUMPTION})
    assert "typed in the room" not in step_details(modelled, roadmap, workshop)
