"""``finops-workshop progress import``: the tracker read back from the command line, refusals in one line."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from finops_desktop.demo_workshop import write_demo
from finops_desktop.storage.workshop_file import WorkshopFile
from finops_desktop.tracker.layout import FIRST_ROW, HEADERS, SHEET_TITLE
from tests.helpers.commands import digest, run


@pytest.fixture
def exported(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[Path, Path]:
    path = tmp_path / "demo.finops"
    write_demo(path).close()
    workbook = tmp_path / "Northwind.xlsx"
    assert run(capsys, "export", path, "--xlsx", workbook)[0] == 0
    return path, workbook


def test_import_reads_the_edits_then_a_second_import_changes_nothing(
        exported: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    path, workbook = exported
    book = load_workbook(workbook)
    ws = book[SHEET_TITLE]
    ws.cell(FIRST_ROW, HEADERS.index("Status") + 1).value = "Done"
    ws.cell(FIRST_ROW + 1, HEADERS.index("Owner") + 1).value = "Ana"
    step_id = ws.cell(FIRST_ROW, HEADERS.index("Key") + 1).value.rpartition("/")[0]
    book.save(workbook)

    code, out, err = run(capsys, "progress", "import", path, workbook)
    assert (code, err) == (0, "")
    assert "2 changed" in out
    with WorkshopFile.open(path, read_only=True) as file:
        assert {p.step_id for p in file.workshop.progress.values() if p.status == "Done"} == {step_id}
    before = digest(path)
    code, out, _ = run(capsys, "progress", "import", path, workbook)
    assert code == 0 and "nothing new" in out
    assert digest(path) == before
    # The roadmap of the command line no longer plans the step for that unit.
    code, out, _ = run(capsys, "roadmap", path, "--json")
    assert code == 0


def test_a_refused_workbook_is_one_error_line_and_changes_nothing(
        exported: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    path, workbook = exported
    book = load_workbook(workbook)
    book[SHEET_TITLE].cell(FIRST_ROW, HEADERS.index("% complete") + 1).value = 150
    book.save(workbook)
    before = digest(path)
    code, out, err = run(capsys, "progress", "import", path, workbook)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith("error: ")
    assert "% complete" in err and "nothing was changed" in err
    assert digest(path) == before


def test_the_command_line_starts_without_the_workbook_reader() -> None:
    probe = ("import sys; from finops_desktop.cli import main; main(['models']); "
             "print('python_calamine' in sys.modules, 'openpyxl' in sys.modules)")
    loaded = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert loaded.stdout.strip().splitlines()[-1] == "False False"
