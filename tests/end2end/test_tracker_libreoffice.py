"""The tracker round trip through a real spreadsheet application: LibreOffice writes the workbook back.

The client's edits are made with openpyxl, then LibreOffice converts the workbook (it reads
it, recalculates it and writes it as its own .xlsx): the import must find every edit in
LibreOffice's file, a second import must change nothing, and the Progress sheet's formulas,
as LibreOffice computed them, must give the same progress as the app.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections import defaultdict
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from finops_desktop.demo_workshop import write_demo
from finops_desktop.domain.planner import plan_roadmap
from finops_desktop.domain.progress import StepProgress, totals
from finops_desktop.export import write_workbook
from finops_desktop.export.content import ExportContent
from finops_desktop.export.sheet_tracker import tracker_rows
from finops_desktop.storage.workshop_file import WorkshopFile
from finops_desktop.tracker.importing import import_progress
from finops_desktop.tracker.layout import FIRST_ROW, HEADERS, PROGRESS_SHEET_TITLE, SHEET_TITLE, parse_row_key

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(SOFFICE is None and not os.environ.get("CI"), reason="LibreOffice (soffice) is not installed"),
]

#: (row offset, column) → value the client types.
EDITS: dict[tuple[int, str], object] = {
    (0, "Status"): "Done", (0, "Owner"): "Ana Silva", (0, "% complete"): 100, (0, "Savings realised"): 1200,
    (0, "Comment"): "Done in January",
    (1, "Status"): "In progress", (1, "% complete"): 50, (1, "Due date"): date(2027, 6, 30),
    (5, "Status"): "Dropped", (5, "Comment"): "Not worth it for this unit",
    (9, "Status"): "In progress", (9, "% complete"): 25, (9, "Owner"): "Jonas",
    (30, "Status"): "Done", (30, "% complete"): 100, (30, "Savings realised"): 300.5,
}


def libreoffice_round_trip(workbook: Path, out_dir: Path) -> Path:
    """``workbook`` as LibreOffice writes it after opening it (a private profile, headless)."""
    assert SOFFICE is not None
    out_dir.mkdir()
    profile = (out_dir.parent / "lo-profile").resolve().as_uri()
    result = subprocess.run([SOFFICE, f"-env:UserInstallation={profile}", "--headless", "--norestore",
                             "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", str(out_dir), str(workbook)],
                            capture_output=True, text=True, timeout=240, check=False)
    converted = out_dir / workbook.name
    assert result.returncode == 0 and converted.exists(), f"LibreOffice failed: {result.stdout}\n{result.stderr}"
    return converted


@pytest.fixture(scope="module")
def round_trip(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(the workshop file, the workbook as LibreOffice wrote it after the client's edits)."""
    folder = tmp_path_factory.mktemp("tracker-lo")
    path = folder / "demo.finops"
    with write_demo(path) as file:
        write_workbook(file.workshop, folder / "exported.xlsx")
    book = load_workbook(folder / "exported.xlsx")
    ws = book[SHEET_TITLE]
    for (offset, header), value in EDITS.items():
        ws.cell(FIRST_ROW + offset, HEADERS.index(header) + 1).value = value
    book.save(folder / "edited.xlsx")
    return path, libreoffice_round_trip(folder / "edited.xlsx", folder / "lo")


def _keys(workbook: Path) -> list[tuple[str, int]]:
    ws = load_workbook(workbook, read_only=True)[SHEET_TITLE]
    keys = [parse_row_key(r[HEADERS.index("Key")]) for r in ws.iter_rows(min_row=FIRST_ROW, values_only=True)]
    return [key for key in keys if key is not None]


def test_every_edit_comes_back_through_libreoffice_and_a_reimport_changes_nothing(
        round_trip: tuple[Path, Path], tmp_path: Path) -> None:
    source, converted = round_trip
    path = tmp_path / "demo.finops"
    path.write_bytes(source.read_bytes())
    keys = _keys(converted)
    with WorkshopFile.open(path) as file:
        result = import_progress(file, converted)
        assert result.reading.skipped == ()
        assert {p.key for p in result.changed} == {keys[offset] for offset, _ in EDITS}
        for (offset, header), value in EDITS.items():
            progress = file.workshop.progress[keys[offset]]
            got = {"Status": progress.status, "Owner": progress.owner, "% complete": progress.percent_complete,
                   "Savings realised": progress.savings_realised, "Comment": progress.comment,
                   "Due date": progress.due_date}[header]
            assert got == (value.isoformat() if isinstance(value, date) else value), (offset, header)
    before = path.read_bytes()
    with WorkshopFile.open(path) as file:
        assert import_progress(file, converted).changed == ()
    assert path.read_bytes() == before


def _imported(round_trip: tuple[Path, Path], tmp_path: Path) -> tuple[ExportContent, Path]:
    """A copy of the workshop with LibreOffice's workbook imported, as the export saw it; and that workbook.

    The rows are those exported (the plan before any step was reported done), with the progress now known.
    """
    source, converted = round_trip
    path = tmp_path / "demo.finops"
    path.write_bytes(source.read_bytes())
    with WorkshopFile.open(path) as file:
        import_progress(file, converted)
        workshop = file.workshop
    return ExportContent(workshop, plan_roadmap(workshop), workshop.active_round.id), converted


def test_libreoffice_computes_the_same_progress_as_the_app(round_trip: tuple[Path, Path], tmp_path: Path) -> None:
    content, converted = _imported(round_trip, tmp_path)
    by_wave: dict[str, list[StepProgress]] = defaultdict(list)
    by_unit: dict[str, list[StepProgress]] = defaultdict(list)
    for row in tracker_rows(content):
        by_wave[row.wave].append(row.progress)
        by_unit[row.business_unit].append(row.progress)

    ws = load_workbook(converted, data_only=True)[PROGRESS_SHEET_TITLE]
    computed = {}
    for row in ws.iter_rows(min_row=1, values_only=True):
        if row[0] and isinstance(row[1], int | float):
            computed[row[0]] = row[1:6]
    assert set(by_wave) | set(by_unit) <= set(computed)
    checked_done = 0
    for group, progress in [*by_wave.items(), *by_unit.items()]:
        expected = totals(progress)
        steps, done, percent, _effort, savings = computed[group]
        assert steps == expected.rows, group
        assert done == expected.done, group
        assert percent == pytest.approx(expected.percent_complete / 100), group
        assert (savings or 0) == pytest.approx(expected.savings_realised), group
        checked_done += expected.done
    assert checked_done == 4  # two done rows, counted once by wave and once by unit


def test_libreoffice_counts_the_summary_s_progress_from_the_tracker(round_trip: tuple[Path, Path],
                                                                     tmp_path: Path) -> None:
    """The Summary's counters read the Tracker's Status column: they count what the client set there."""
    from collections import Counter

    from finops_desktop.domain.progress import STATUSES

    content, converted = _imported(round_trip, tmp_path)
    expected = Counter(row.progress.status for row in tracker_rows(content))
    assert expected["Done"] == 2 and expected["In progress"] >= 1

    ws = load_workbook(converted, data_only=True)["Summary"]
    counted = {row[0]: row[1] for row in ws.iter_rows(min_row=1, max_col=2, values_only=True)
               if isinstance(row[0], str) and row[0].startswith("Steps × business units ")}
    assert counted == {f"Steps × business units {status.lower()}": expected[status] for status in STATUSES}
