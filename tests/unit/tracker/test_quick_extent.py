"""The quick measure of a part is never smaller than following its XML element by element, and
answers only when every cell names its place; the app's own workbooks never need the slow way."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from finops_desktop.tracker import sheet_size
from finops_desktop.tracker.quick_extent import quick_extent

HEAD = b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
TAIL = b"</sheetData></worksheet>"


def _column_name(index: int) -> str:
    name = ""
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name


def _slow_extent(part: bytes) -> int:
    """Cells from A1 that the element-by-element reading finds the part reaches."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("xl/worksheets/sheet1.xml", part)
    measure = sheet_size._Extents()
    with zipfile.ZipFile(buffer) as archive, pytest.MonkeyPatch.context() as patch:
        patch.setattr(sheet_size, "quick_extent", lambda stream: None)
        measure.read(archive, archive.infolist()[0])
    return int(measure.total)


_cells = st.lists(st.tuples(st.booleans(), st.integers(1, 40), st.booleans(), st.sampled_from(["", "x:"])),
                  max_size=6)
_rows = st.lists(st.tuples(st.booleans(), st.integers(1, 60), _cells), max_size=8)


@settings(max_examples=300, deadline=None)
@given(rows=_rows)
def test_the_quick_measure_is_never_smaller_than_the_markup_followed(rows: list[Any]) -> None:
    markup = []
    for row_has_reference, row, cells in rows:
        cell_markup = []
        for has_reference, column, filled, prefix in cells:
            reference = f' r="{_column_name(column)}{row}"' if has_reference else ""
            content = "<v>1</v>" if filled else ""
            cell_markup.append(f"<{prefix}c{reference}>{content}</{prefix}c>" if content or prefix
                               else f"<c{reference}/>")
        row_reference = f' r="{row}"' if row_has_reference else ""
        markup.append(f"<row{row_reference}>{''.join(cell_markup)}</row>")
    part = HEAD + "".join(markup).encode() + TAIL
    quick = quick_extent(io.BytesIO(part))
    every_cell_named = all(has_reference for _, _, cells in rows for has_reference, *_ in cells)
    assert (quick is not None) == every_cell_named
    if quick is not None:
        rows_reached, columns_reached, _ = quick
        assert rows_reached * columns_reached >= _slow_extent(part)


@pytest.mark.parametrize("cell", [
    b'<c r="A1"/><c/>',  # a cell placed by counting
    b'<c r="A1" x:r="B2"/>',  # two references
    b'<c a:b:r="XFD1048576" r="A1"/>',  # a name a reader may take for r
    b'<c r = "XFD1048576"/>',  # spaces around =
    b'<c r="&#88;FD1048576"/>',  # an entity the reader would turn into XFD1048576
    b'<c t="a>b" r="XFD1048576"/>',  # a quote-hidden >
    b"<c r='XFD1048576'/>",  # single quotes
    b'<C r="XFD1048576"/>',  # another case
    b'<c r="A0"/>',  # no such row
])
def test_a_cell_that_does_not_plainly_name_its_place_is_left_to_the_slow_way(cell: bytes) -> None:
    assert quick_extent(io.BytesIO(HEAD + b"<row>" + cell + b"</row>" + TAIL)) is None


def test_other_encodings_sheets_and_kinds_of_sheet_are_left_to_the_slow_way() -> None:
    utf16 = (HEAD + b'<row><c r="A1"/></row>' + TAIL).decode().encode("utf-16")
    assert quick_extent(io.BytesIO(utf16)) is None
    two = HEAD + b'<row><c r="A1"/></row></sheetData><sheetData><row><c r="B2"/></row>' + TAIL
    assert quick_extent(io.BytesIO(two)) is None
    ods = b'<table:table><table:table-row><table:table-cell office:value-type="string"/></table:table-row>'
    assert quick_extent(io.BytesIO(ods)) is None


def test_a_cell_split_across_reads_is_measured_whole() -> None:
    padding = b"<row>" + b'<c r="A1"/>' * 7000  # past one read of 64 KB
    part = HEAD + padding + b'<c r="XFD1048576"/></row>' + TAIL
    assert quick_extent(io.BytesIO(part)) == (1_048_576, 16_384, 7001)


def test_the_apps_own_workbook_is_measured_without_following_its_markup(tmp_path: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    from finops_desktop.demo_workshop import write_demo
    from finops_desktop.export import write_workbook

    file = write_demo(tmp_path / "demo.finops")
    workbook = tmp_path / "demo.xlsx"
    write_workbook(file.workshop, workbook)
    file.close()
    followed: list[str] = []
    monkeypatch.setattr(sheet_size._Extents, "_start", lambda self, name, attributes: followed.append(name))
    sheet_size.check_sheet_sizes(workbook)
    assert followed == []
