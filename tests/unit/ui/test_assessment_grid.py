"""The grid's item model follows the workshop file edit by edit, and passes Qt's model checks."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from finops_desktop.demo_workshop import write_demo
from finops_desktop.domain.workshop import Rating
from finops_desktop.ui.assessment_grid import (
    BUSINESS_UNIT_ID_ROLE,
    DIMENSION_ID_ROLE,
    PREVIOUS_RATING_ROLE,
    RATING_ROLE,
    AssessmentGridModel,
    AssessmentGridView,
    cell_text,
)
from finops_desktop.ui.context import ApplicationContext
from tests.helpers.ui_context import OFFSCREEN_PLATFORM_NOTICES, make_context
from tests.helpers.workshops import make_workshop_file

pytestmark = OFFSCREEN_PLATFORM_NOTICES


@pytest.fixture
def context(qapp: object, tmp_path: Path) -> Iterator[ApplicationContext]:
    write_demo(tmp_path / "demo.finops").close()
    context = make_context(tmp_path)
    assert context.open_path(tmp_path / "demo.finops")
    yield context
    context.close_file()


@pytest.fixture
def model(context: ApplicationContext) -> AssessmentGridModel:
    return AssessmentGridModel(context)


def test_the_model_passes_qts_checks(qtmodeltester: ModelTester, model: AssessmentGridModel) -> None:
    qtmodeltester.check(model, force_py=True)


def test_the_model_stays_valid_through_edits(qtmodeltester: ModelTester, model: AssessmentGridModel,
                                             context: ApplicationContext) -> None:
    qtmodeltester.check(model, force_py=True)
    file = context.file
    assert file is not None
    added = file.add_business_unit("Treasury")
    file.set_rating(added.id, "tagging_coverage", Rating(current="walk"))
    file.move_business_unit(added.id, 0)
    removed = file.remove_business_unit(added.id)
    file.restore_business_unit(removed)
    file.add_round("Six months on")
    context.set_round(file.workshop.rounds[-1].id)
    context.close_file()
    assert model.rowCount() == 0


def test_rows_are_business_units_and_columns_dimensions(model: AssessmentGridModel,
                                                        context: ApplicationContext) -> None:
    workshop = context.workshop
    assert workshop is not None
    assert model.rowCount() == 6
    assert model.columnCount() == 6
    assert model.headerData(0, Qt.Orientation.Vertical) == "Retail Banking"
    assert model.headerData(2, Qt.Orientation.Horizontal) == "Commitments"
    index = model.index(0, 2)
    assert model.data(index) == "Crawl → Walk"
    assert model.data(index, BUSINESS_UNIT_ID_ROLE) == workshop.business_units[0].id
    assert model.data(index, DIMENSION_ID_ROLE) == "commitment_strategy"
    assert model.data(index, RATING_ROLE).note.startswith("Savings plans")
    assert model.data(model.index(5, 2)) == "N/A"
    assert "Savings plans" in model.data(index, Qt.ItemDataRole.ToolTipRole)


def test_cell_text_names_every_state(context: ApplicationContext) -> None:
    workshop = context.workshop
    assert workshop is not None
    model = workshop.model
    assert cell_text(model, Rating()) == "Not assessed"
    assert cell_text(model, Rating(current="na", target="na")) == "N/A"
    assert cell_text(model, Rating(current="walk")) == "Walk"
    assert cell_text(model, Rating(current="walk", target="walk")) == "Walk"
    assert cell_text(model, Rating(current="crawl", target="run")) == "Crawl → Run"
    assert cell_text(model, Rating(target="run")) == "Not assessed → Run"


def test_a_rating_changes_exactly_its_cell(qtbot: QtBot, model: AssessmentGridModel,
                                           context: ApplicationContext) -> None:
    workshop = context.workshop
    assert workshop is not None and context.file is not None
    bu = workshop.business_units[3]
    with qtbot.wait_signal(model.dataChanged) as blocker:
        context.file.set_rating(bu.id, "automation_level", Rating(current="run"))
    top_left, bottom_right = blocker.args[0], blocker.args[1]
    assert (top_left.row(), top_left.column()) == (3, 5)
    assert (bottom_right.row(), bottom_right.column()) == (3, 5)
    assert model.data(model.index(3, 5)) == "Run"


def test_new_removed_and_moved_units_are_row_signals_not_resets(qtbot: QtBot, model: AssessmentGridModel,
                                                                 context: ApplicationContext) -> None:
    file = context.file
    assert file is not None
    resets: list[bool] = []
    model.modelReset.connect(lambda: resets.append(True))
    with qtbot.wait_signal(model.rowsInserted) as inserted:
        bu = file.add_business_unit("Treasury")
    assert inserted.args[1:] == [6, 6]
    with qtbot.wait_signal(model.rowsMoved):
        file.move_business_unit(bu.id, 1)
    assert model.headerData(1, Qt.Orientation.Vertical) == "Treasury"
    with qtbot.wait_signal(model.headerDataChanged):
        file.rename_business_unit(bu.id, "Group Treasury")
    assert model.headerData(1, Qt.Orientation.Vertical) == "Group Treasury"
    with qtbot.wait_signal(model.rowsRemoved) as removed:
        file.remove_business_unit(bu.id)
    assert removed.args[1:] == [1, 1]
    assert resets == []
    assert model.rowCount() == 6


def test_the_grid_shows_the_chosen_round(qtbot: QtBot, model: AssessmentGridModel,
                                         context: ApplicationContext) -> None:
    file = context.file
    assert file is not None
    baseline = file.workshop.active_round.id
    later = file.add_round("Six months on")
    bu = file.workshop.business_units[0]
    file.set_rating(bu.id, "commitment_strategy", Rating(current="walk"), later.id)
    context.set_round(later.id)
    index = model.index(0, 2)
    assert model.data(index) == "Walk ⇢ Run?"  # no target set: the next stage, suggested
    assert "Target: Run (suggested" in model.data(index, Qt.ItemDataRole.ToolTipRole)
    assert model.data(index, PREVIOUS_RATING_ROLE).current == "crawl"
    assert "Previous round: Crawl" in model.data(index, Qt.ItemDataRole.ToolTipRole)
    with qtbot.wait_signal(model.dataChanged):
        context.set_round(baseline)
    assert model.data(index) == "Crawl → Walk"


def test_the_model_is_empty_without_a_file(qapp: object, tmp_path: Path) -> None:
    model = AssessmentGridModel(make_context(tmp_path))
    assert model.rowCount() == 0
    assert model.columnCount() == 0
    assert model.data(model.index(0, 0)) is None
    assert model.headerData(0, Qt.Orientation.Horizontal) is None
    assert not model.index_of(1, "tagging_coverage").isValid()


def test_every_cell_paints_without_errors(qtbot: QtBot, model: AssessmentGridModel) -> None:
    view = AssessmentGridView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.resize(1100, 400)
    view.show()
    view.setCurrentIndex(model.index(0, 0))
    image = view.grab()
    assert not image.isNull()
    assert view.rowHeight(0) >= view.fontMetrics().height() * 1.5
    assert model.index_of(-1, "x") == QModelIndex()


def test_a_suggested_target_is_said_so_and_the_setting_turns_it_off(qapp: object, tmp_path: Path) -> None:
    path = make_workshop_file(tmp_path / "s.finops", [("Retail", 100.0, {"tagging_coverage": ("walk", None),
                                                                          "cost_visibility": ("run", None)})])
    context = make_context(tmp_path)
    assert context.open_path(path)
    model = AssessmentGridModel(context)
    assert context.workshop is not None
    bu_id = context.workshop.business_units[0].id
    tagging, visibility = model.index_of(bu_id, "tagging_coverage"), model.index_of(bu_id, "cost_visibility")
    assert model.data(tagging) == "Walk ⇢ Run?"
    assert model.data(visibility) == "Run"  # nothing beyond Run to suggest
    assert context.file is not None
    context.file.set_setting("suggest_targets", False)
    assert model.data(tagging) == "Walk"
    context.close_file()


@pytest.mark.parametrize("change", ["larger text", "smaller grid"])
def test_the_current_cell_stays_in_view(qtbot: QtBot, model: AssessmentGridModel, change: str) -> None:
    """The panel below the grid describes the current cell: growing text or a shorter grid never
    scrolls that cell out of sight."""
    view = AssessmentGridView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.resize(900, 600)
    view.show()
    qtbot.waitExposed(view)
    last = model.index(model.rowCount() - 1, 2)
    view.select_cell(last)
    # Just room for every row: the last scrolls out if the rows grow and nothing follows it.
    view.resize(900, view.horizontalHeader().height() + view.verticalHeader().length() + 2 * view.frameWidth() + 24)
    qtbot.wait(20)
    assert view.viewport().rect().contains(view.visualRect(last))
    original = QApplication.font()
    try:
        if change == "larger text":  # as View → Larger text does: the application's font
            font = QFont(original)
            font.setPointSizeF(original.pointSizeF() * 2)
            QApplication.setFont(font)
        else:
            view.resize(900, 160)
        qtbot.wait(20)
        assert view.viewport().rect().contains(view.visualRect(last))
    finally:
        QApplication.setFont(original)
