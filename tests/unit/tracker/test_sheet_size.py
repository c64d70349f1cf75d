"""A workbook whose sheets reach further than any the app writes is refused before it is laid out in memory.

A few KB can hold one cell at XFD1048576; laid out from A1 that is 17 billion cells, and the
process that tried was killed. The far cases run in a child process with a memory limit, so
without the check they fail as a test (the child is killed), never taking pytest with them.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from finops_desktop.storage.workshop_file import WorkshopFile
from finops_desktop.tracker.importing import TrackerRefused, import_progress
from finops_desktop.tracker.layout import HEADERS, ID_SHEET_TITLE, SHEET_TITLE

from .conftest import edit_tracker

ROOT = Path(__file__).resolve().parents[3]
#: Imports the workbook into the workshop file in a process allowed 4 GB of address space: enough
#: to start, nowhere near the 512 GB one far cell asks for. Prints the refusal, or what was read.
CHILD = textwrap.dedent("""
    import resource, sys
    resource.setrlimit(resource.RLIMIT_AS, (4 << 30, 4 << 30))
    from finops_desktop.storage.workshop_file import WorkshopFile
    from finops_desktop.tracker.importing import TrackerRefused, import_progress
    with WorkshopFile.open(sys.argv[1]) as file:
        try:
            print("read:", import_progress(file, sys.argv[2]).summary())
        except TrackerRefused as exc:
            print("refused:", exc)
""")


def with_cell(workbook: Path, sheet: str, row: int, column: int, out: Path) -> Path:
    book = load_workbook(workbook)
    book[sheet].cell(row, column).value = "x"
    book.save(out)
    return out


def replace_sheet(workbook: Path, title: str, xml: str, out: Path) -> Path:
    """``workbook`` with the XML of one sheet replaced (openpyxl writes sheet N as sheetN.xml)."""
    part = f"xl/worksheets/sheet{load_workbook(workbook, read_only=True).sheetnames.index(title) + 1}.xml"
    with zipfile.ZipFile(workbook) as original, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        assert part in original.namelist()
        for info in original.infolist():
            target.writestr(info, xml if info.filename == part else original.read(info))
    return out


def import_in_child(workshop: Path, workbook: Path) -> str:
    done = subprocess.run([sys.executable, "-c", CHILD, str(workshop), str(workbook)], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, f"the import killed its process ({done.returncode}): {done.stderr[-300:]}"
    return done.stdout.strip()


@pytest.mark.parametrize(("sheet", "row", "column", "corner"), [
    (SHEET_TITLE, 1_048_576, 16_384, "XFD1048576"),
    (ID_SHEET_TITLE, 1_048_576, 16_384, "XFD1048576"),
    (SHEET_TITLE, 400_000, 16_384, "XFD400000"),  # 6.5 billion cells
], ids=["tracker", "identity sheet", "far right"])
def test_one_far_cell_is_refused_not_a_crash(exported_demo: tuple[Path, Path], tmp_path: Path, sheet: str,
                                             row: int, column: int, corner: str) -> None:
    source, workbook = exported_demo
    workshop = tmp_path / "demo.finops"
    workshop.write_bytes(source.read_bytes())
    far = with_cell(workbook, sheet, row, column, tmp_path / "far.xlsx")
    assert far.stat().st_size < 2 * workbook.stat().st_size  # the file stays small; only the sheet is vast
    shown = import_in_child(workshop, far)
    assert shown == (f"refused: far.xlsx: a sheet reaches cell {corner} ({row:,} rows × {column:,} columns); "
                     "no workbook exported by FinOps Maturity Workshop is that large, so it was not read")
    assert workshop.read_bytes() == source.read_bytes()


def test_a_sheet_wider_than_any_tracker_is_refused(demo: tuple[WorkshopFile, Path]) -> None:
    """50,000 rows × 60 columns: readable, but no tracker is that wide; refused, and nothing changes."""
    file, workbook = demo
    wide = with_cell(workbook, SHEET_TITLE, 50_000, 60, workbook.with_name("wide.xlsx"))
    before = file.path.read_bytes()
    with pytest.raises(TrackerRefused) as caught:
        import_progress(file, wide)
    assert str(caught.value) == ("wide.xlsx: the sheet 'Tracker' reaches cell BH50000 (50,000 rows × 60 columns); "
                                 "no workbook exported by FinOps Maturity Workshop is that large, so it was not read")
    assert file.path.read_bytes() == before
    assert file.workshop.progress == {}


def test_a_tracker_with_columns_and_rows_of_the_clients_own_is_read(demo: tuple[WorkshopFile, Path]) -> None:
    file, workbook = demo
    book = load_workbook(workbook)
    ws = book[SHEET_TITLE]
    ws.cell(4, 48).value = "Ticket"  # column AV, the widest a tracker may be
    ws.cell(20_000, HEADERS.index("Comment") + 1).value = "A row far below, added by the client"
    book.save(workbook)
    edited = edit_tracker(workbook, {(0, "Status"): "Done"})
    result = import_progress(file, edited)
    assert len(result.changed) == 1 and result.changed[0].status == "Done"
    assert "added in the workbook" in " ".join(result.reading.skipped)


def test_a_far_cell_written_without_its_reference_is_found(exported_demo: tuple[Path, Path], tmp_path: Path) -> None:
    """A cell's place may be given by its row and the cells before it instead of a reference like B7."""
    source, workbook = exported_demo
    workshop = tmp_path / "demo.finops"
    workshop.write_bytes(source.read_bytes())
    cells = "".join("<c/>" for _ in range(19)) + '<c t="inlineStr"><is><t>x</t></is></c>'
    sheet = ('<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
             '<row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row>'
             f'<row r="1048576">{cells}</row></sheetData></worksheet>')
    far = replace_sheet(workbook, SHEET_TITLE, sheet, tmp_path / "unreferenced.xlsx")
    assert import_in_child(workshop, far) == (
        "refused: unreferenced.xlsx: a sheet reaches cell T1048576 (1,048,576 rows × 20 columns); "
        "no workbook exported by FinOps Maturity Workshop is that large, so it was not read")


@pytest.mark.parametrize(("far_cell", "refusal"), [
    ('<c r="XFD1048576" t="inlineStr">', "a sheet reaches cell XFD1048576 (1,048,576 rows × 16,384 columns); no "
                                          "workbook exported by FinOps Maturity Workshop is that large, so it was "
                                          "not read"),
    ('<c t="inlineStr">', "a part of it is damaged; open it and save it as an Excel workbook (.xlsx)"),
])
def test_a_far_cell_behind_broken_markup_is_refused_not_a_crash(exported_demo: tuple[Path, Path], tmp_path: Path,
                                                                far_cell: str, refusal: str) -> None:
    """The workbook reader reads on past an end tag that closes nothing; the check does not guess, it refuses:
    a cell that names its place is placed there, and one that does not, behind broken markup, is not guessed at."""
    source, workbook = exported_demo
    workshop = tmp_path / "demo.finops"
    workshop.write_bytes(source.read_bytes())
    sheet = ('<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
             '<row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row></row>'
             f'<row r="1048576">{far_cell}<is><t>x</t></is></c></row></sheetData></worksheet>')
    broken = replace_sheet(workbook, SHEET_TITLE, sheet, tmp_path / "broken.xlsx")
    assert import_in_child(workshop, broken) == f"refused: broken.xlsx: {refusal}"
    assert workshop.read_bytes() == source.read_bytes()


def test_a_workbook_saved_as_xls_under_an_xlsx_name_is_refused(demo: tuple[WorkshopFile, Path]) -> None:
    """``.XLSX`` in capitals: the reader would try every format; an .xls inside cannot be measured first."""
    file, workbook = demo
    old = workbook.with_name("OLD.XLSX")
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))
    with pytest.raises(TrackerRefused, match=r"OLD\.XLSX: saved in an older Excel format .*save it as an Excel "
                                             r"workbook \(\.xlsx\)"):
        import_progress(file, old)
