"""A demo workshop file and its exported workbook, and a way to edit the workbook's tracker."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest
from openpyxl import load_workbook

from finops_desktop.demo_workshop import write_demo
from finops_desktop.export import write_workbook
from finops_desktop.storage.workshop_file import WorkshopFile
from finops_desktop.tracker.layout import FIRST_ROW, HEADERS, SHEET_TITLE, parse_row_key


@pytest.fixture(scope="session")
def exported_demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(the demo workshop file, its workbook), made once; copy them before changing either."""
    folder = tmp_path_factory.mktemp("tracker")
    path = folder / "demo.finops"
    with write_demo(path) as file:
        write_workbook(file.workshop, folder / "demo.xlsx")
    return path, folder / "demo.xlsx"


@pytest.fixture
def demo(exported_demo: tuple[Path, Path], tmp_path: Path) -> Iterator[tuple[WorkshopFile, Path]]:
    """The demo workshop open for editing, and a copy of its workbook, in this test's folder."""
    source, workbook = exported_demo
    path = tmp_path / "demo.finops"
    path.write_bytes(source.read_bytes())
    copy = tmp_path / "Northwind roadmap.xlsx"
    copy.write_bytes(workbook.read_bytes())
    with WorkshopFile.open(path) as file:
        yield file, copy


def edit_tracker(workbook: Path, edits: Mapping[tuple[int, str], object], out: Path | None = None) -> Path:
    """Set tracker cells by (row offset from the first data row, column header); saved as ``out``."""
    book = load_workbook(workbook)
    ws = book[SHEET_TITLE]
    for (offset, header), value in edits.items():
        ws.cell(FIRST_ROW + offset, HEADERS.index(header) + 1).value = value
    target = out or workbook
    book.save(target)
    return target


def tracker_key(workbook: Path, offset: int) -> tuple[str, int]:
    """(step id, unit id) of a tracker row."""
    ws = load_workbook(workbook, read_only=True)[SHEET_TITLE]
    row = next(ws.iter_rows(min_row=FIRST_ROW + offset, max_row=FIRST_ROW + offset, values_only=True))
    key = parse_row_key(row[HEADERS.index("Key")])
    assert key is not None
    return key
