"""The business units table: add, rename, edit spend and owner, reorder, remove with confirmation."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QByteArray, QMimeData, QModelIndex, Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from finops_desktop.ui.business_units_panel import (
    GROWTH,
    MIME_TYPE,
    NAME,
    OWNER,
    SPEND,
    BusinessUnitsPanel,
)
from finops_desktop.ui.context import ApplicationContext
from finops_desktop.ui.workshop_requests import NewBusinessUnitRequest
from tests.helpers.ui_context import OFFSCREEN_PLATFORM_NOTICES, ScriptedDialogs, make_context
from tests.helpers.workshops import make_workshop_file

pytestmark = OFFSCREEN_PLATFORM_NOTICES


@pytest.fixture
def context(qapp: object, tmp_path: Path) -> Iterator[ApplicationContext]:
    path = make_workshop_file(tmp_path / "w.finops", [("Retail", 1000.0, {"tagging_coverage": ("crawl", "walk")}),
                                                      ("Payments", 500.0, {}), ("Insurance", None, {})])
    context = make_context(tmp_path)
    assert context.open_path(path)
    yield context
    context.close_file()


@pytest.fixture
def panel(qtbot: QtBot, context: ApplicationContext) -> BusinessUnitsPanel:
    panel = BusinessUnitsPanel(context)
    qtbot.addWidget(panel)
    panel.resize(1000, 500)
    panel.show()
    return panel


def names(context: ApplicationContext) -> list[str]:
    assert context.workshop is not None
    return [bu.name for bu in context.workshop.business_units]


def dialogs(context: ApplicationContext) -> ScriptedDialogs:
    assert isinstance(context.dialogs, ScriptedDialogs)
    return context.dialogs


def test_the_model_passes_qts_checks(qtmodeltester: ModelTester, panel: BusinessUnitsPanel,
                                     context: ApplicationContext) -> None:
    qtmodeltester.check(panel.model, force_py=True)
    dialogs(context).answer("new_business_unit", NewBusinessUnitRequest("Treasury"))
    panel.add_business_unit()
    panel.model.setData(panel.model.index(0, SPEND), "2k")
    context.undo_stack.undo()
    context.undo_stack.undo()


def test_it_shows_name_spend_growth_owner_and_notes(panel: BusinessUnitsPanel) -> None:
    model = panel.model
    assert model.rowCount() == 3
    assert model.data(model.index(0, NAME)) == "Retail"
    assert model.data(model.index(0, SPEND)) == "USD 1,000"
    assert model.data(model.index(2, SPEND)) == ""
    assert model.headerData(OWNER, Qt.Orientation.Horizontal) == "Owner"


def test_add_rename_and_remove(qtbot: QtBot, panel: BusinessUnitsPanel, context: ApplicationContext) -> None:
    dialogs(context).answer("new_business_unit", NewBusinessUnitRequest("Treasury"))
    dialogs(context).answer("text", "Group Treasury")
    qtbot.mouseClick(panel.add_button, Qt.MouseButton.LeftButton)
    assert names(context) == ["Retail", "Payments", "Insurance", "Treasury"]
    assert panel.selected_row() == 3
    qtbot.mouseClick(panel.rename_button, Qt.MouseButton.LeftButton)
    assert names(context)[3] == "Group Treasury"
    dialogs(context).answer("confirm", False)
    qtbot.mouseClick(panel.remove_button, Qt.MouseButton.LeftButton)
    assert "Group Treasury" in names(context)
    dialogs(context).answer("confirm", True)
    qtbot.mouseClick(panel.remove_button, Qt.MouseButton.LeftButton)
    assert "Group Treasury" not in names(context)
    assert dialogs(context).questions[-1].title == "Remove “Group Treasury”?"
    context.undo_stack.undo()
    assert names(context)[3] == "Group Treasury"


def test_removing_says_how_many_ratings_go_with_it(panel: BusinessUnitsPanel, context: ApplicationContext) -> None:
    panel.table.selectRow(0)
    dialogs(context).answer("confirm", False)
    panel.remove_selected()
    assert "its 1 rating" in dialogs(context).questions[-1].message


def test_cells_are_edited_in_place(panel: BusinessUnitsPanel, context: ApplicationContext) -> None:
    model = panel.model
    assert model.setData(model.index(1, SPEND), "€ 12,500")
    assert model.setData(model.index(1, GROWTH), "12,5 %")
    assert model.setData(model.index(1, OWNER), "CTO Payments")
    assert context.workshop is not None
    payments = context.workshop.business_units[1]
    assert (payments.monthly_spend, payments.annual_growth, payments.owner) == (12500.0, 12.5, "CTO Payments")
    assert not model.setData(model.index(1, SPEND), "lots")
    assert dialogs(context).errors[-1].message == (
        "The monthly spend must be an amount such as 42000, 42,000 or 42k, not 'lots'.")
    assert not model.setData(model.index(1, NAME), "Retail")  # a name already taken
    assert "already exists" in dialogs(context).errors[-1].message
    assert context.undo_stack.count() == 3


def test_reorder_with_buttons_keys_and_drag(qtbot: QtBot, panel: BusinessUnitsPanel,
                                            context: ApplicationContext) -> None:
    panel.activateWindow()
    panel.table.setFocus()
    qtbot.wait_until(panel.table.hasFocus)
    panel.table.selectRow(0)
    qtbot.mouseClick(panel.down_button, Qt.MouseButton.LeftButton)
    assert names(context) == ["Payments", "Retail", "Insurance"]
    assert panel.selected_row() == 1
    panel.table.setFocus()
    qtbot.wait_until(panel.table.hasFocus)
    qtbot.keyClick(panel.table, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert names(context) == ["Payments", "Insurance", "Retail"]
    qtbot.keyClick(panel.table, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    assert names(context) == ["Payments", "Retail", "Insurance"]
    model = panel.model
    data = model.mimeData([model.index(2, NAME)])
    assert model.canDropMimeData(data, Qt.DropAction.MoveAction, 0, 0, QModelIndex())
    model.dropMimeData(data, Qt.DropAction.MoveAction, 0, 0, QModelIndex())
    assert names(context) == ["Insurance", "Payments", "Retail"]
    model.dropMimeData(model.mimeData([model.index(0, NAME)]), Qt.DropAction.MoveAction, 3, 0, QModelIndex())
    assert names(context) == ["Payments", "Retail", "Insurance"]
    foreign = QMimeData()
    foreign.setData("text/plain", QByteArray(b"x"))
    assert not model.canDropMimeData(foreign, Qt.DropAction.MoveAction, 0, 0, QModelIndex())
    assert model.mimeTypes() == [MIME_TYPE]


def test_buttons_follow_the_selection(panel: BusinessUnitsPanel) -> None:
    panel.table.clearSelection()
    assert not panel.remove_button.isEnabled()
    panel.table.selectRow(0)
    assert panel.remove_button.isEnabled() and not panel.up_button.isEnabled()
    assert panel.down_button.isEnabled()


def test_the_cell_with_the_focus_frame_is_the_row_the_buttons_act_on(panel: BusinessUnitsPanel) -> None:
    panel.table.clearSelection()
    panel.table.setCurrentIndex(panel.model.index(1, 0))  # a focus frame, nothing selected yet
    panel.table.clearSelection()
    assert not panel.table.selectionModel().selectedRows()
    assert panel.selected_row() == 1
    assert panel.rename_button.isEnabled() and panel.remove_button.isEnabled() and panel.up_button.isEnabled()
