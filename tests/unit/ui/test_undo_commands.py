"""Every edit goes through one undo stack, is written at once, and can be undone and redone."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from finops_desktop.domain.workshop import Rating, WorkshopInfo
from finops_desktop.storage.workshop_file import WorkshopFile
from finops_desktop.ui import undo_commands
from finops_desktop.ui.context import ApplicationContext
from finops_desktop.ui.undo_commands import (
    AddBusinessUnitCommand,
    RemoveBusinessUnitCommand,
    SetInfoCommand,
    UpdateBusinessUnitCommand,
)
from tests.helpers.ui_context import ScriptedDialogs, make_context
from tests.helpers.workshops import make_workshop_file


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return make_workshop_file(tmp_path / "w.finops", [("Retail", 1000.0, {"tagging_coverage": ("crawl", "walk")}),
                                                      ("Payments", 500.0, {})])


@pytest.fixture
def context(qapp: object, tmp_path: Path, path: Path) -> Iterator[ApplicationContext]:
    context = make_context(tmp_path)
    assert context.open_path(path)
    yield context
    context.close_file()


def on_disk(path: Path, bu_name: str, dimension_id: str) -> Rating:
    """The rating as another program reading the file would see it."""
    with WorkshopFile.open(path, read_only=True) as file:
        bu = file.workshop.business_unit_named(bu_name)
        assert bu is not None
        return file.workshop.rating(bu.id, dimension_id)


def bu_id(context: ApplicationContext, name: str) -> int:
    assert context.workshop is not None
    bu = context.workshop.business_unit_named(name)
    assert bu is not None
    return bu.id


def test_a_rating_is_written_at_once_and_undone_and_redone(context: ApplicationContext, path: Path) -> None:
    retail = bu_id(context, "Retail")
    assert undo_commands.rate_current(context, retail, "commitment_strategy", "walk")
    assert on_disk(path, "Retail", "commitment_strategy").current == "walk"
    assert context.undo_stack.undoText().startswith("Rate Walk (Retail · Commitments)")
    context.undo_stack.undo()
    assert on_disk(path, "Retail", "commitment_strategy").current is None
    context.undo_stack.redo()
    assert on_disk(path, "Retail", "commitment_strategy").current == "walk"


def test_target_not_applicable_and_not_assessed(context: ApplicationContext) -> None:
    retail = bu_id(context, "Retail")
    workshop = context.workshop
    assert workshop is not None
    undo_commands.rate_target(context, retail, "tagging_coverage", "run")
    assert workshop.rating(retail, "tagging_coverage") == Rating(current="crawl", target="run")
    undo_commands.rate_current(context, retail, "tagging_coverage", "na")
    assert workshop.rating(retail, "tagging_coverage") == Rating(current="na", target="na")
    undo_commands.rate_current(context, retail, "tagging_coverage", "walk")
    assert workshop.rating(retail, "tagging_coverage") == Rating(current="walk")
    undo_commands.rate_current(context, retail, "tagging_coverage", None)
    assert workshop.rating(retail, "tagging_coverage") == Rating()
    assert context.undo_stack.count() == 4
    for _ in range(4):
        context.undo_stack.undo()
    assert workshop.rating(retail, "tagging_coverage") == Rating(current="crawl", target="walk")


def test_an_edit_that_changes_nothing_is_not_stacked(context: ApplicationContext) -> None:
    retail = bu_id(context, "Retail")
    assert not undo_commands.rate_current(context, retail, "tagging_coverage", "crawl")
    assert context.undo_stack.count() == 0


def test_typing_notes_in_one_cell_is_one_undo_step(context: ApplicationContext) -> None:
    retail = bu_id(context, "Retail")
    for text in ("Tags", "Tags are optional", "Tags are optional; shared costs untagged"):
        undo_commands.edit_rating(context, retail, "tagging_coverage", "Edit notes", merge_field="note", note=text)
    assert context.undo_stack.count() == 1
    context.undo_stack.undo()
    assert context.workshop is not None
    assert context.workshop.rating(retail, "tagging_coverage").note == ""


def test_the_room_present_is_copied_into_cells_rated_next(context: ApplicationContext) -> None:
    retail = bu_id(context, "Retail")
    context.participants = "CFO, platform team"
    undo_commands.rate_current(context, retail, "anomaly_detection", "walk")
    assert context.workshop is not None
    assert context.workshop.rating(retail, "anomaly_detection").participants == "CFO, platform team"


def test_indicator_values_are_recorded(context: ApplicationContext) -> None:
    retail = bu_id(context, "Retail")
    assert undo_commands.set_indicator(context, retail, "tagging_coverage", "allocation_coverage", 84.0)
    assert context.workshop is not None
    assert context.workshop.rating(retail, "tagging_coverage").indicator("allocation_coverage") == 84.0
    context.undo_stack.undo()
    assert context.workshop.rating(retail, "tagging_coverage").indicator("allocation_coverage") is None


def test_business_unit_edits_undo_and_redo(context: ApplicationContext, path: Path) -> None:
    workshop = context.workshop
    assert workshop is not None
    add = AddBusinessUnitCommand(context, "Treasury", monthly_spend=250.0)
    assert context.edit(add)
    assert add.bu_id is not None
    treasury = add.bu_id
    undo_commands.rate_current(context, treasury, "cost_visibility", "run")
    assert context.edit(UpdateBusinessUnitCommand(context, treasury, "Rename", name="Group Treasury"))
    assert undo_commands.move_business_unit(context, treasury, 0)
    assert [bu.name for bu in workshop.business_units] == ["Group Treasury", "Retail", "Payments"]
    assert context.edit(RemoveBusinessUnitCommand(context, treasury))
    assert workshop.business_unit_named("Group Treasury") is None
    context.undo_stack.undo()  # remove
    assert [bu.name for bu in workshop.business_units] == ["Group Treasury", "Retail", "Payments"]
    assert workshop.rating(treasury, "cost_visibility").current == "run"
    context.undo_stack.undo()  # move
    context.undo_stack.undo()  # rename
    assert [bu.name for bu in workshop.business_units] == ["Retail", "Payments", "Treasury"]
    context.undo_stack.undo()  # rating
    context.undo_stack.undo()  # add
    assert [bu.name for bu in workshop.business_units] == ["Retail", "Payments"]
    for _ in range(5):
        context.undo_stack.redo()
    assert [bu.name for bu in workshop.business_units] == ["Retail", "Payments"]
    context.undo_stack.undo()
    assert [bu.name for bu in workshop.business_units] == ["Group Treasury", "Retail", "Payments"]
    assert on_disk(path, "Group Treasury", "cost_visibility").current == "run"


def test_workshop_details_undo(context: ApplicationContext) -> None:
    workshop = context.workshop
    assert workshop is not None
    before = workshop.info
    after = WorkshopInfo("Northwind", "2026-11-27", "Alex", "EUR")
    assert context.edit(SetInfoCommand(context, after))
    assert workshop.info == after
    context.undo_stack.undo()
    assert workshop.info == before


def test_a_refused_edit_is_shown_and_never_stacked(context: ApplicationContext, path: Path) -> None:
    dialogs = context.dialogs
    assert isinstance(dialogs, ScriptedDialogs)
    before = path.read_bytes()
    assert not context.edit(UpdateBusinessUnitCommand(context, bu_id(context, "Payments"), "Rename", name="Retail"))
    assert context.undo_stack.count() == 0
    assert [e.title for e in dialogs.errors] == ["The change was not made"]
    assert "already exists" in dialogs.errors[0].message
    assert path.read_bytes() == before


def test_undo_reselects_the_cell_it_changed(qtbot: QtBot, context: ApplicationContext) -> None:
    retail = bu_id(context, "Retail")
    undo_commands.rate_current(context, retail, "automation_level", "walk")
    with qtbot.wait_signal(context.cell_revisited) as blocker:
        context.undo_stack.undo()
    assert blocker.args == [retail, "automation_level"]


def test_a_read_only_file_takes_no_edit(qtbot: QtBot, tmp_path: Path, path: Path) -> None:
    context = make_context(tmp_path)
    with WorkshopFile.open(path):  # another window edits it
        context.dialogs.answer("offer_read_only", True)  # type: ignore[attr-defined]
        assert context.open_path(path)
    assert context.read_only
    retail = bu_id(context, "Retail")
    with qtbot.wait_signal(context.message) as blocker:
        assert not undo_commands.rate_current(context, retail, "tagging_coverage", "run")
    assert "read-only" in blocker.args[0]
    assert context.undo_stack.count() == 0
    context.close_file()


def test_undo_that_cannot_write_is_reported(context: ApplicationContext) -> None:
    retail = bu_id(context, "Retail")
    undo_commands.rate_current(context, retail, "automation_level", "walk")
    file = context.file
    assert file is not None
    file.read_only = True  # the file can no longer be written, e.g. the disk went away
    context.undo_stack.undo()
    dialogs = context.dialogs
    assert isinstance(dialogs, ScriptedDialogs)
    assert [e.title for e in dialogs.errors] == ["The change was not made"]
