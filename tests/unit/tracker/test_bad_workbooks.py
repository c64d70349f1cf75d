"""A workbook that cannot be read back gets one clear message, and the workshop file stays byte for byte the same."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from finops_desktop.demo_workshop import write_demo
from finops_desktop.export import write_workbook
from finops_desktop.storage.workshop_file import WorkshopFile
from finops_desktop.tracker.importing import TrackerRefused, import_progress
from finops_desktop.tracker.layout import HEADER_ROW, HEADERS, SHEET_TITLE
from finops_desktop.tracker.reader import _sheet_rows

from .conftest import edit_tracker


def refused(file: WorkshopFile, workbook: Path, match: str) -> None:
    before = file.path.read_bytes()
    with pytest.raises(TrackerRefused, match=match) as caught:
        import_progress(file, workbook)
    assert "\n" not in str(caught.value)
    assert file.path.read_bytes() == before
    assert file.workshop.progress == {}


def test_a_workbook_not_made_by_the_app(demo: tuple[WorkshopFile, Path], tmp_path: Path) -> None:
    file, _ = demo
    other = tmp_path / "budget.xlsx"
    book = Workbook()
    book.active["A1"] = "Budget 2027"
    book.save(other)
    refused(file, other, "not a workbook exported by FinOps Maturity Workshop")


def test_a_workbook_with_a_tracker_sheet_but_no_mark(demo: tuple[WorkshopFile, Path]) -> None:
    file, workbook = demo
    book = load_workbook(workbook)
    book["FinOps workbook"]["A1"] = "something else"
    book.save(workbook)
    refused(file, workbook, "not a workbook exported by FinOps Maturity Workshop")


def test_the_workbook_of_another_workshop(demo: tuple[WorkshopFile, Path], tmp_path: Path) -> None:
    file, _ = demo
    with write_demo(tmp_path / "other.finops") as other:
        write_workbook(other.workshop, tmp_path / "other.xlsx")
    refused(file, tmp_path / "other.xlsx", "exported from another workshop")


def test_a_workbook_that_names_no_workshop(demo: tuple[WorkshopFile, Path]) -> None:
    file, workbook = demo
    book = load_workbook(workbook)
    book["FinOps workbook"]["B2"] = None
    book.save(workbook)
    refused(file, workbook, "names no workshop")


@pytest.mark.parametrize("change", ["renamed", "moved", "removed"])
def test_tracker_columns_renamed_moved_or_removed(demo: tuple[WorkshopFile, Path], change: str) -> None:
    file, workbook = demo
    book = load_workbook(workbook)
    ws = book[SHEET_TITLE]
    status = HEADERS.index("Status") + 1
    if change == "renamed":
        ws.cell(HEADER_ROW, status).value = "State"
    elif change == "moved":
        ws.move_range(f"A{HEADER_ROW}:L{ws.max_row}", cols=1)
    else:
        ws.delete_cols(status)
    book.save(workbook)
    refused(file, workbook, "columns were renamed or moved")


@pytest.mark.parametrize(("header", "value", "message"), [
    ("Status", "Almost done", "Status: the status is one of Not started, In progress, Done, Dropped"),
    ("Due date", "next week", "Due date: the due date must be a date"),
    ("Due date", "31/05/2027", "Due date: the due date must be a date written as YYYY-MM-DD"),
    ("Due date", True, "Due date: the due date must be a date"),
    ("% complete", 120, "% complete: the % complete lies between 0 and 100"),
    ("% complete", "lots", r"% complete: the % complete must be a number"),
    ("Savings realised", -5, "Savings realised: the savings realised cannot be negative"),
])
def test_a_bad_value_names_its_row_and_column(demo: tuple[WorkshopFile, Path], header: str, value: object,
                                               message: str) -> None:
    file, workbook = demo
    edit_tracker(workbook, {(0, "Status"): "Done", (3, header): value})
    refused(file, workbook, f"Tracker row {HEADER_ROW + 4}, {message}")


def test_the_same_step_and_unit_twice(demo: tuple[WorkshopFile, Path]) -> None:
    file, workbook = demo
    book = load_workbook(workbook)
    ws = book[SHEET_TITLE]
    key = HEADERS.index("Key") + 1
    ws.cell(HEADER_ROW + 2, key).value = ws.cell(HEADER_ROW + 1, key).value
    book.save(workbook)
    refused(file, workbook, "keep one of them")


def test_a_workbook_open_in_excel(demo: tuple[WorkshopFile, Path]) -> None:
    file, workbook = demo
    (workbook.parent / ("~$" + workbook.name)).write_bytes(b"owner")
    refused(file, workbook, "is open in a spreadsheet application")


def test_a_workbook_open_in_libreoffice(demo: tuple[WorkshopFile, Path]) -> None:
    file, workbook = demo
    (workbook.parent / f".~lock.{workbook.name}#").write_text("owner")
    refused(file, workbook, "is open in a spreadsheet application")


@pytest.mark.parametrize(("suffix", "what"), [(".xls", "Excel 97–2003"), (".ods", "OpenDocument")])
def test_other_spreadsheet_formats(demo: tuple[WorkshopFile, Path], suffix: str, what: str) -> None:
    file, workbook = demo
    other = workbook.with_suffix(suffix)
    other.write_bytes(workbook.read_bytes())
    refused(file, other, f"{what}.*save it as an Excel workbook")


def test_a_panic_of_the_reader_is_a_refusal_not_a_crash(tmp_path: Path) -> None:
    """python-calamine raises Rust panics (a BaseException, not an Exception) on some values out of range."""

    class Panic(BaseException):
        pass

    class Book:
        def get_sheet_by_name(self, title: str) -> object:
            raise Panic("TimeDelta::milliseconds out of bounds")

    with pytest.raises(TrackerRefused, match=r"the sheet 'Tracker' cannot be read .*Due date"):
        _sheet_rows(Book(), "Tracker", tmp_path / "book.xlsx")


@pytest.mark.parametrize("make", [
    lambda path: path.write_bytes(b"PK\x03\x04 this is no workbook"),
    lambda path: path.write_bytes(b""),
    lambda path: path.unlink(),
], ids=["damaged", "empty", "missing"])
def test_a_file_that_cannot_be_read(demo: tuple[WorkshopFile, Path], make: Callable[[Path], None]) -> None:
    file, workbook = demo
    make(workbook)
    refused(file, workbook, "not an Excel workbook that can be read|no such file")


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=st.one_of(st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=30),
                       st.floats(allow_nan=False, allow_infinity=False, width=32),
                       st.integers(-1000, 1000)),
       header=st.sampled_from(["Status", "Due date", "% complete", "Savings realised", "Owner", "Comment"]))
def test_any_value_is_read_or_refused_whole(demo: tuple[WorkshopFile, Path], value: object, header: str) -> None:
    """Whatever is typed into an editable cell, the import either takes it as valid or changes nothing."""
    file, workbook = demo
    if isinstance(value, str) and value.startswith("="):
        value = " " + value  # openpyxl would write a formula; the client typed text
    edited = edit_tracker(workbook, {(0, header): value}, out=workbook.with_name(f"fuzz-{header[:3]}.xlsx"))
    before = file.path.read_bytes()
    try:
        result = import_progress(file, edited)
    except TrackerRefused as exc:
        assert ("Tracker row" in str(exc) or "cannot be read" in str(exc)) and "\n" not in str(exc)
        assert file.path.read_bytes() == before
        return
    for progress in result.changed:
        assert progress.percent_complete is None or 0 <= progress.percent_complete <= 100
        assert progress.savings_realised is None or progress.savings_realised >= 0
