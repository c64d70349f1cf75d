"""The workbook prints readably: no text under 8 pt on paper, on the paper the workshop's setting chooses."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from finops_desktop.domain.workshop import WorkshopInfo
from finops_desktop.export import write_workbook
from finops_desktop.export.print_layout import MIN_POINTS, MIN_SCALE, print_scale
from finops_desktop.storage.workshop_file import WorkshopFile
from tests.helpers.workshops import default_model

from .conftest import demo_workshop


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("print")
    workshop = demo_workshop(folder, second_round=True)
    path = folder / "demo.xlsx"
    write_workbook(workshop, path)
    return path


def test_every_sheet_prints_at_8_points_or_more(exported: Path) -> None:
    book = load_workbook(exported)
    for ws in book.worksheets:
        if ws.sheet_state != "visible":
            continue
        scale = print_scale(ws, "A4") if ws.sheet_properties.pageSetUpPr.fitToPage and \
            ws.page_setup.fitToHeight != 1 else 1.0
        assert scale >= MIN_SCALE, ws.title
        for row in ws.iter_rows():
            for cell in row:
                if cell.value is not None:
                    assert (cell.font.sz or 11) * scale >= MIN_POINTS, f"{ws.title}!{cell.coordinate}"


def test_the_wide_tables_repeat_their_key_columns_on_every_page(exported: Path) -> None:
    book = load_workbook(exported)
    assert book["Roadmap"].page_setup.fitToWidth >= 2  # too wide for one page at a readable size
    assert book["Roadmap"].print_title_cols == "$A:$C"
    assert book["Tracker"].print_title_cols == "$A:$C"


@pytest.mark.parametrize(("currency", "setting", "paper"), [
    ("EUR", None, 9), ("USD", None, 1), ("CAD", None, 1), ("USD", "A4", 9), ("EUR", "Letter", 1)])
def test_the_paper_follows_the_setting_or_the_currency(tmp_path: Path, currency: str, setting: str | None,
                                                       paper: int) -> None:
    with WorkshopFile.create(tmp_path / "w.finops", WorkshopInfo("Acme", currency=currency),
                             default_model()) as file:
        file.add_business_unit("Retail", monthly_spend=1000.0)
        if setting:
            file.set_setting("paper_size", setting)
        write_workbook(file.workshop, tmp_path / "w.xlsx")
    book = load_workbook(tmp_path / "w.xlsx")
    assert {int(ws.page_setup.paperSize) for ws in book.worksheets} == {paper}  # 9: A4, 1: Letter


def test_a_later_round_is_labelled_with_its_own_date(exported: Path) -> None:
    book = load_workbook(exported)
    label = next(str(row[1]) for row in book["Summary"].iter_rows(values_only=True) if row[0] == "Assessment round")
    assert label.startswith("Six months on, 20")
    assert "Six months on, 20" in str(book["Tracker"]["A1"].value)


def test_the_model_sheet_explains_each_dimension_and_stage(exported: Path) -> None:
    ws = load_workbook(exported)["Model"]
    texts = [str(v) for row in ws.iter_rows(values_only=True) for v in row if v]
    assert any(t.startswith("Cost visibility") for t in texts)
    assert "Crawl (1)" in texts and "Run (3)" in texts
    assert any("When someone asks what this business unit spent" in t for t in texts)
