"""Whatever people type — formula-like text, control characters, huge notes — comes back as text."""

from __future__ import annotations

import zipfile
from dataclasses import replace
from pathlib import Path

import pytest
from openpyxl import load_workbook

from finops_desktop.domain.model import WasteAssumption
from finops_desktop.domain.roadmap import Diagnostic, Headline, Roadmap, RoadmapItem
from finops_desktop.domain.workshop import AssessmentRound, BusinessUnit, Rating, Workshop, WorkshopInfo
from finops_desktop.export import write_workbook
from finops_desktop.export.cell_text import MAX_CELL_CHARS, TRUNCATION_MARKER
from tests.helpers.workshops import default_model

from .conftest import HOSTILE, all_text, formula_cells


def _as_stored(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def hostile_workshop() -> Workshop:
    model = default_model()
    info = WorkshopInfo(client='=HYPERLINK("http://x","y")', date="@SUM(A1)", facilitator="+1",
                        currency='EUR";@')
    workshop = Workshop(info, model, rounds=[AssessmentRound(1, "-1"), AssessmentRound(2, "=2")])
    for index, name in enumerate(HOSTILE, start=1):
        workshop.business_units.append(BusinessUnit(index, name, index - 1, 1000.0 * index, owner=name,
                                                    notes=f"{name}"))
        for dimension in model.dimensions:
            for round_id in (1, 2):
                workshop.ratings[(round_id, index, dimension.id)] = Rating(
                    "crawl", "walk", "low", note=name, participants=name)
    workshop.waste_overrides[("commitment_strategy", "crawl")] = WasteAssumption(0.2, "=1+1")
    return workshop


def hostile_roadmap(workshop: Workshop) -> Roadmap:
    names = tuple(bu.name for bu in workshop.business_units)
    items = tuple(
        RoadmapItem(rank, f"step-{rank}", text, text, "tagging_coverage", "crawl", "walk", names, text, text, text,
                    (1, 2), 10.0, text, text, (text,))
        for rank, text in enumerate(HOSTILE, start=1))
    diagnostics = tuple(Diagnostic(f"d{i}", "high", text, ("tagging_coverage",), text)
                        for i, text in enumerate(HOSTILE))
    return Roadmap(Headline("commitment_strategy", 1.0, "=cmd|' /C calc'!A0"), items, diagnostics)


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    workshop = hostile_workshop()
    path = tmp_path_factory.mktemp("hostile") / "hostile.xlsx"
    write_workbook(workshop, path, roadmap=hostile_roadmap(workshop))
    return path


def test_no_formula_but_the_progress_counters(exported: Path) -> None:
    formulas = formula_cells(exported)
    assert all(key.startswith(("Summary!", "Progress!")) for key in formulas)
    assert all(value.startswith('=SUMPRODUCT(--(Tracker[Status]="') for key, value in formulas.items()
               if key.startswith("Summary!"))
    assert all(value.startswith(("=SUMPRODUCT(--(Tracker[", "=IF(B")) for key, value in formulas.items()
               if key.startswith("Progress!"))
    assert all("HYPERLINK" not in value and "SUM(A1)" not in value for value in formulas.values())


def test_hostile_text_comes_back_as_the_same_text(exported: Path) -> None:
    texts = all_text(exported)
    for text in HOSTILE:
        assert _as_stored(text) in texts, text
    assert "=cmd|' /C calc'!A0" in texts
    assert "=1+1" in texts


def test_no_cell_is_an_error_value(exported: Path) -> None:
    book = load_workbook(exported)
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "e", f"{ws.title}!{cell.coordinate}"


def test_formula_like_text_is_quote_prefixed(exported: Path) -> None:
    book = load_workbook(exported)
    ws = book["Scores"]
    cell = next(c for row in ws.iter_rows() for c in row if c.value == '=HYPERLINK("http://x","y")')
    assert cell.quotePrefix
    assert cell.data_type == "s"


def test_the_raw_xml_holds_no_formula_element_outside_the_summary_and_progress(exported: Path) -> None:
    counters = {"xl/worksheets/sheet1.xml", "xl/worksheets/sheet5.xml"}  # Summary, Progress
    with zipfile.ZipFile(exported) as archive:
        names = archive.namelist()
        for name in names:
            if name.startswith("xl/worksheets/sheet") and name not in counters:
                assert b"<f>" not in archive.read(name) and b"<f " not in archive.read(name), name


def test_an_odd_currency_gives_a_valid_number_format(exported: Path) -> None:
    book = load_workbook(exported)
    ws = book["Roadmap"]
    number_format = ws.cell(5, 10).number_format
    assert '"' not in number_format.replace('"EUR"', "")


def test_control_characters_are_dropped_and_huge_text_is_cut(tmp_path: Path) -> None:
    workshop = hostile_workshop()
    bu = workshop.business_units[0]
    huge = "word " * 10_000
    workshop.business_units[0] = replace(bu, notes=huge)
    workshop.ratings[(2, bu.id, "cost_visibility")] = Rating("crawl", "walk", note="bell\x07 null\x00 \ud83d end")
    workshop.info = replace(workshop.info, client="Client\x01 with \x1b escape")
    path = tmp_path / "odd.xlsx"
    write_workbook(workshop, path, roadmap=hostile_roadmap(workshop))
    texts = all_text(path)
    assert "bell null  end" in texts
    assert "Client with  escape" in texts
    cut = [t for t in texts if t.endswith(TRUNCATION_MARKER)]
    assert cut and all(len(t) == MAX_CELL_CHARS for t in cut)
    assert load_workbook(path).properties.title == "FinOps roadmap — Client with  escape"


def test_a_chart_that_cannot_be_drawn_leaves_a_note_not_a_failed_export(tmp_path: Path,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    import finops_desktop.charts as charts

    def broken(*args: object, **kwargs: object) -> None:
        raise ValueError("Unknown symbol: \\x")

    # Every business unit's radar (overlaid or alone) fails when it is laid out.
    monkeypatch.setattr(charts.RadarChart, "layout", broken)
    workshop = hostile_workshop()
    path = tmp_path / "broken-chart.xlsx"
    write_workbook(workshop, path, roadmap=hostile_roadmap(workshop))
    book = load_workbook(path)
    notes = [c.value for row in book["Charts"].iter_rows() for c in row
             if isinstance(c.value, str) and c.value.startswith("This chart could not be drawn")]
    assert len(notes) == 1 + len(workshop.business_units)
    assert "Unknown symbol" in notes[0]
    assert len(book["Summary"]._images) == 1  # the organisation radar still drew
