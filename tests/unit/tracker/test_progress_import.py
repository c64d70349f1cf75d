"""The tracker comes back: every edit read into the workshop, once; the next export and plan start from it."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from openpyxl import load_workbook

from finops_desktop.domain.planner import plan_roadmap
from finops_desktop.domain.progress import DONE, IN_PROGRESS, done_steps
from finops_desktop.export import write_workbook
from finops_desktop.export.sheet_tracker import NOT_IN_PLAN
from finops_desktop.storage.workshop_file import WorkshopFile
from finops_desktop.tracker.importing import import_progress
from finops_desktop.tracker.layout import FIRST_ROW, HEADERS, SHEET_TITLE, parse_row_key

from .conftest import edit_tracker, tracker_key

EDITS = {
    (0, "Status"): "Done", (0, "Owner"): "Ana Silva", (0, "% complete"): 100, (0, "Comment"): "Billing export on",
    (0, "Savings realised"): 1250.5,
    (1, "Status"): "In progress", (1, "% complete"): 40, (1, "Due date"): date(2027, 5, 31),
    (2, "Owner"): "Priya", (2, "Comment"): "+ needs budget",
}


def test_every_edit_made_with_openpyxl_comes_back(demo: tuple[WorkshopFile, Path]) -> None:
    file, workbook = demo
    edit_tracker(workbook, EDITS)
    result = import_progress(file, workbook)
    assert len(result.changed) == 3
    first, second, third = (file.workshop.progress[tracker_key(workbook, i)] for i in range(3))
    assert (first.status, first.owner, first.percent_complete, first.comment, first.savings_realised) == (
        DONE, "Ana Silva", 100.0, "Billing export on", 1250.5)
    assert (second.status, second.percent_complete, second.due_date) == (IN_PROGRESS, 40.0, "2027-05-31")
    assert (third.owner, third.comment) == ("Priya", "+ needs budget")
    assert len(file.progress_history()) == 3


def test_the_progress_survives_reopening_and_a_reimport_changes_nothing(demo: tuple[WorkshopFile, Path]) -> None:
    file, workbook = demo
    edit_tracker(workbook, EDITS)
    import_progress(file, workbook)
    path = file.path
    file.close()
    before = path.read_bytes()
    with WorkshopFile.open(path) as again:
        assert len(again.workshop.progress) == 3
        result = import_progress(again, workbook)
        assert result.changed == ()
        assert "nothing new" in result.summary()
    assert path.read_bytes() == before


def test_an_untouched_workbook_changes_nothing(demo: tuple[WorkshopFile, Path]) -> None:
    file, workbook = demo
    before = file.path.read_bytes()
    result = import_progress(file, workbook)
    assert result.changed == () and len(result.reading.reports) > 50
    assert file.workshop.progress == {}
    assert file.path.read_bytes() == before


def test_the_next_export_shows_the_progress_and_the_plan_leaves_done_steps_out(
        demo: tuple[WorkshopFile, Path], tmp_path: Path) -> None:
    file, workbook = demo
    edit_tracker(workbook, EDITS)
    import_progress(file, workbook)
    step_id, bu_id = tracker_key(workbook, 0)
    bu_name = file.workshop.business_unit(bu_id).name
    replanned = plan_roadmap(file.workshop, done=done_steps(file.workshop.progress.values()))
    assert all(bu_name not in item.business_units for item in replanned.items if item.step_id == step_id)
    assert any(bu_name in item.business_units for item in plan_roadmap(file.workshop).items
               if item.step_id == step_id)

    again = tmp_path / "again.xlsx"
    write_workbook(file.workshop, again)
    ws = load_workbook(again)[SHEET_TITLE]
    rows = {parse_row_key(r[HEADERS.index("Key")]): r for r in ws.iter_rows(min_row=FIRST_ROW, values_only=True)}
    done_row = rows[(step_id, bu_id)]
    assert done_row[HEADERS.index("Wave")] == NOT_IN_PLAN
    assert done_row[HEADERS.index("Status")] == "Done"
    assert done_row[HEADERS.index("Owner")] == "Ana Silva"
    progressing = rows[tracker_key(workbook, 1)]
    assert progressing[HEADERS.index("% complete")] == 40
    # The new workbook reads back as the workshop already has it.
    assert import_progress(file, again).changed == ()


def test_a_row_whose_unit_is_gone_is_reported_not_guessed(demo: tuple[WorkshopFile, Path]) -> None:
    file, workbook = demo
    step_id, bu_id = tracker_key(workbook, 0)
    edit_tracker(workbook, {(0, "Status"): "Done", (1, "Status"): "Done"})
    other = tracker_key(workbook, 1)
    file.remove_business_unit(bu_id)
    result = import_progress(file, workbook)
    assert any("no longer in the workshop" in line for line in result.reading.skipped)
    assert (step_id, bu_id) not in file.workshop.progress
    if other[1] != bu_id:
        assert file.workshop.progress[other].status == DONE


def test_a_row_the_client_added_without_ids_is_reported(demo: tuple[WorkshopFile, Path]) -> None:
    file, workbook = demo
    book = load_workbook(workbook)
    ws = book[SHEET_TITLE]
    row = ws.max_row + 1
    ws.cell(row, HEADERS.index("Step") + 1).value = "Our own extra step"
    ws.cell(row, HEADERS.index("Status") + 1).value = "In progress"
    book.save(workbook)
    result = import_progress(file, workbook)
    assert any(line.startswith(f"row {row}:") and "without the hidden key" in line for line in result.reading.skipped)
    assert file.workshop.progress == {}
