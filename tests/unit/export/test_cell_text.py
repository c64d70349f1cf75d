"""Text typed by people is written as text: never a formula, never an error value, never a crash."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from openpyxl.cell.cell import Cell

from finops_desktop.export.cell_text import (
    MAX_CELL_CHARS,
    TRUNCATION_MARKER,
    clean_text,
    put,
    put_text,
    utf16_length,
)

from .conftest import HOSTILE


@pytest.fixture
def cell() -> Cell:
    return Workbook().active.cell(1, 1)


@pytest.mark.parametrize("text", HOSTILE)
def test_formula_like_text_is_a_string_cell(cell: Cell, text: str) -> None:
    put_text(cell, text)
    assert cell.data_type == "s"
    assert cell.value == text.replace("\r", "\n")


@pytest.mark.parametrize("text", ["=1", "+1", "-1", "@A1", "\tx", "\rx", "\nx", "  =x"])
def test_text_that_could_read_as_a_formula_gets_a_quote_prefix(cell: Cell, text: str) -> None:
    put_text(cell, text)
    assert cell.quotePrefix


def test_plain_text_has_no_quote_prefix(cell: Cell) -> None:
    put_text(cell, "Retail Banking")
    assert not cell.quotePrefix
    assert cell.data_type == "s"


def test_characters_xml_cannot_hold_are_dropped() -> None:
    assert clean_text("a\x00b\x01c\x0bd\x1fe\ud800f\ufffeg\uffff") == "abcdefg"
    assert clean_text("tab\tand\nnewline") == "tab\tand\nnewline"


def test_carriage_returns_become_line_feeds() -> None:
    assert clean_text("a\r\nb\rc") == "a\nb\nc"


def test_text_longer_than_excel_allows_is_cut_with_a_visible_marker() -> None:
    text = clean_text("x" * (MAX_CELL_CHARS + 10))
    assert len(text) == MAX_CELL_CHARS
    assert text.endswith(TRUNCATION_MARKER)
    assert clean_text("y" * MAX_CELL_CHARS) == "y" * MAX_CELL_CHARS


def test_excel_counts_utf16_units_so_emoji_count_twice() -> None:
    fits = "a" + "🚀" * ((MAX_CELL_CHARS - 1) // 2)  # 1 + 2 x 16,383 = 32,767 units
    assert utf16_length(fits) == MAX_CELL_CHARS
    assert clean_text(fits) == fits
    # 20,000 characters, but 40,000 (or 40,001) units: too long for a cell.
    for text in ("🚀" * 20_000, "a" + "🚀" * 20_000):
        cut = clean_text(text)
        assert MAX_CELL_CHARS - 1 <= utf16_length(cut) <= MAX_CELL_CHARS
        assert cut.endswith(TRUNCATION_MARKER)
        assert set(cut[: -len(TRUNCATION_MARKER)]) <= set(text)  # whole characters only
        assert cut.encode("utf-8")  # no half of a surrogate pair


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(["x", "é", "東", "🚀", "👩\u200d💻", "\n"]), max_size=40),
       st.integers(min_value=0, max_value=MAX_CELL_CHARS + 10))
def test_clean_text_always_fits_a_cell_and_keeps_what_fits(pieces: list[str], padding: int) -> None:
    text = "y" * padding + "".join(pieces) * 500
    cut = clean_text(text)
    assert utf16_length(cut) <= MAX_CELL_CHARS
    cut.encode("utf-8")
    if utf16_length(text) <= MAX_CELL_CHARS:
        assert cut == text
    else:
        assert cut.endswith(TRUNCATION_MARKER) and text.startswith(cut[: -len(TRUNCATION_MARKER)])


def test_unusual_unicode_survives() -> None:
    text = "Zürich 東京 🚀 e\u0301 \u202eevil"
    assert clean_text(text) == text


def test_numbers_stay_numbers_and_nan_is_left_empty(cell: Cell) -> None:
    assert put(cell, 12.5).value == 12.5
    assert put(cell, math.nan).value is None
    assert put(cell, math.inf).value is None
    assert put(cell, "=1+1").data_type == "s"


def test_empty_text_leaves_the_cell_empty(cell: Cell) -> None:
    assert put_text(cell, "").value is None
    assert put_text(cell, None).value is None
