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
