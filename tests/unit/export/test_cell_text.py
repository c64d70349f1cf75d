"""Text typed by people is written as text: never a formula, never an error value, never a crash."""

from __future__ import annotations

import math

import pytest
from openpyxl import Workbook
from openpyxl.cell.cell import Cell

from finops_desktop.export.cell_text import MAX_CELL_CHARS, TRUNCATION_MARKER, clean_text, put, put_text

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
