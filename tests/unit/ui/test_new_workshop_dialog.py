"""The forms: a new workshop, a new round, the workshop details; and how errors read."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from finops_desktop.domain.catalogue import DEFAULT_MODEL_ID
from finops_desktop.domain.workshop import WorkshopInfo
from finops_desktop.storage.errors import NotAWorkshopFile
from finops_desktop.ui.dialogs import Dialogs, describe_error, file_name_for
from finops_desktop.ui.workshop_forms import NewRoundDialog, NewWorkshopDialog, WorkshopDetailsDialog
from tests.helpers.ui_context import OFFSCREEN_PLATFORM_NOTICES

pytestmark = OFFSCREEN_PLATFORM_NOTICES


def test_a_new_workshop_needs_a_client_and_a_free_file_name(qtbot: QtBot, tmp_path: Path) -> None:
    dialog = NewWorkshopDialog(tmp_path, "Alex Morgan", Dialogs())
    qtbot.addWidget(dialog)
    assert not dialog.create_button.isEnabled()
    qtbot.keyClicks(dialog.client, "Northwind Financial")
    assert dialog.create_button.isEnabled()
    assert Path(dialog.path.text()) == tmp_path / "Northwind Financial FinOps workshop.finops"
    request = dialog.request()
    assert request.info.client == "Northwind Financial"
    assert request.info.facilitator == "Alex Morgan"
    assert request.model.id == DEFAULT_MODEL_ID
    assert len(request.info.date) == 10
    request.path.write_bytes(b"")
    dialog.path.setText(str(tmp_path / "elsewhere"))
    dialog.path.setText(str(request.path))
    assert not dialog.create_button.isEnabled()
    assert "already exists" in dialog.problem.text()
    dialog.path.setText(str(tmp_path / "missing" / "x"))
    assert "does not exist" in dialog.problem.text()
    dialog.path.setText(str(tmp_path / "Other name"))
    assert dialog.create_button.isEnabled()
    assert dialog.request().path == tmp_path / "Other name.finops"


def test_a_round_name_must_be_new(qtbot: QtBot) -> None:
    dialog = NewRoundDialog(["Baseline"], "Round 2")
    qtbot.addWidget(dialog)
    assert dialog.start.isEnabled()
    dialog.name.setText("baseline")
    assert not dialog.start.isEnabled()
    dialog.name.setText("Six months on")
    dialog.copy_previous.setChecked(False)
    request = dialog.request()
    assert (request.name, request.copy_previous) == ("Six months on", False)


def test_workshop_details_are_edited(qtbot: QtBot) -> None:
    dialog = WorkshopDetailsDialog(WorkshopInfo("Northwind", "2026-11-27", "Alex", "EUR"))
    qtbot.addWidget(dialog)
    dialog.facilitator.setText("Sam")
    dialog.currency.setCurrentText("gbp")
    assert dialog.info() == WorkshopInfo("Northwind", "2026-11-27", "Sam", "GBP")


def test_errors_read_as_sentences() -> None:
    error = NotAWorkshopFile("/tmp/x.finops", "not a workshop file (it is not a SQLite database)")
    assert describe_error(error) == "Not a workshop file (it is not a SQLite database)."
    assert describe_error(ValueError("bad")) == "bad"


@pytest.mark.parametrize(("client", "name"), [
    ("Northwind", "Northwind FinOps workshop.finops"),
    ("A/B: Test?", "A B Test FinOps workshop.finops"),
    ("  ", "Workshop FinOps workshop.finops"),
])
def test_file_names_from_client_names(client: str, name: str) -> None:
    assert file_name_for(client) == name


# Dates, folders and remembered choices -----------------------------------------------------

from datetime import date  # noqa: E402

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from finops_desktop.ui.date_field import DateField  # noqa: E402


def test_tab_leaves_the_date_for_the_facilitator(qtbot: QtBot, tmp_path: Path) -> None:
    dialog = NewWorkshopDialog(tmp_path, "", Dialogs())
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    dialog.client.setFocus()
    qtbot.wait_until(dialog.client.hasFocus)
    visited = []
    for _ in range(3):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        visited.append(QApplication.focusWidget())
    assert visited[0] is dialog.date
    assert visited[1] is dialog.facilitator
    assert visited[2] is dialog.currency or visited[2] is dialog.currency.lineEdit()


def test_a_folder_typed_as_save_as_gets_a_file_inside_it(qtbot: QtBot, tmp_path: Path) -> None:
    dialog = NewWorkshopDialog(tmp_path / "elsewhere", "", Dialogs())
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.client, "Northwind")
    (tmp_path / "Clients").mkdir()
    for typed in (str(tmp_path / "Clients"), str(tmp_path / "Clients") + "/"):
        dialog.path.setText(typed)
        assert dialog.create_button.isEnabled(), dialog.problem.text()
        assert dialog.request().path == tmp_path / "Clients" / "Northwind FinOps workshop.finops"


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet="/.\\~ ab", max_size=8))
def test_any_save_as_text_gives_a_path_or_a_message_never_a_traceback(qapp: object, typed: str) -> None:
    dialog = NewWorkshopDialog(Path("/nonexistent-folder"), "", Dialogs())
    dialog.client.setText("Northwind")
    dialog.path.setText(typed)
    if dialog.create_button.isEnabled():
        path = dialog.request().path
        assert path.suffix == ".finops" and path.parent.is_dir()
    else:
        assert dialog.problem.text()
    dialog.deleteLater()


def test_typing_a_slash_as_save_as_is_no_error(qtbot: QtBot, tmp_path: Path) -> None:
    dialog = NewWorkshopDialog(tmp_path, "", Dialogs())
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.client, "Northwind")
    dialog.path.clear()
    qtbot.keyClicks(dialog.path, "/")
    assert dialog.request().path == Path("/") / "Northwind FinOps workshop.finops"


def test_the_currency_offered_is_the_one_given(qtbot: QtBot, tmp_path: Path) -> None:
    dialog = NewWorkshopDialog(tmp_path, "", Dialogs(), currency="CHF")
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.client, "Northwind")
    assert dialog.request().info.currency == "CHF"


def test_the_details_date_is_picked_and_free_text_from_an_old_file_is_not_kept(qtbot: QtBot) -> None:
    dialog = WorkshopDetailsDialog(WorkshopInfo("Northwind", "next Tuesday", "Alex", "EUR"))
    qtbot.addWidget(dialog)
    assert "next Tuesday" in dialog.date_note.text() and not dialog.date_note.isHidden()
    assert isinstance(dialog.date, DateField)
    dialog.date.set_value(date(2026, 12, 3))
    assert dialog.info().date == "2026-12-03"


def test_the_date_field_refuses_typed_text_that_is_not_a_date(qtbot: QtBot) -> None:
    field = DateField(date(2026, 11, 27))
    qtbot.addWidget(field)
    field.lineEdit().selectAll()
    qtbot.keyClicks(field, "next Tuesday")
    field.interpretText()
    assert field.iso() == "2026-11-27"


def test_the_new_round_name_is_selected_so_typing_replaces_it(qtbot: QtBot) -> None:
    dialog = NewRoundDialog(["Baseline"], "Round 2")
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.name.setFocus()
    qtbot.keyClicks(dialog.name, "Logistics")
    assert dialog.request().name == "Logistics"


def _details_with_the_date_focused(qtbot: QtBot) -> WorkshopDetailsDialog:
    dialog = WorkshopDetailsDialog(WorkshopInfo("Northwind", "2026-11-27", "Jane Consultant", "EUR"))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.date.setFocus()
    qtbot.waitUntil(dialog.date.hasFocus)
    return dialog


def test_typing_in_the_details_date_never_reaches_the_facilitator(qtbot: QtBot) -> None:
    """Space and the other separators step through the date's day, month and year; only Tab
    leaves the field. Typed into the date, "30 February 2026" once replaced the facilitator."""
    dialog = _details_with_the_date_focused(qtbot)
    qtbot.keyClick(dialog.date, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(dialog.date, "30 February 2026")
    qtbot.keyClicks(dialog.date, " 12")
    assert dialog.date.hasFocus()
    assert dialog.info().facilitator == "Jane Consultant"
    assert dialog.date.iso() != "2026-02-30"


def test_the_date_steps_with_the_arrows_and_tab_leaves_it(qtbot: QtBot) -> None:
    dialog = _details_with_the_date_focused(qtbot)
    dialog.date.setCurrentSectionIndex(0)  # the day
    qtbot.keyClick(dialog.date, Qt.Key.Key_Up)
    assert dialog.date.iso() == "2026-11-28"
    qtbot.keyClick(dialog.date, Qt.Key.Key_Tab)
    assert not dialog.date.hasFocus()
    assert dialog.info().facilitator == "Jane Consultant"
