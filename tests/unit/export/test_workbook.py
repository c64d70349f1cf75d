"""The workbook read back with openpyxl: every sheet, the roadmap table, validation, panes and pictures."""

from __future__ import annotations

import os
import stat
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.workbook.workbook import Workbook

from finops_desktop.domain.roadmap import Roadmap, UnplannedPrerequisite
from finops_desktop.domain.workshop import Workshop
from finops_desktop.export import ExportCancelled, ExportError, write_workbook
from finops_desktop.export import sheet_roadmap as roadmap_sheet

from .conftest import demo_workshop, formula_cells, sample_roadmap

SHEETS = ["Summary", "Scores", "Roadmap", "Tracker", "Progress", "Charts", "Diagnostics", "Evidence", "Assumptions",
          "Model"]
#: The hidden sheet naming the workshop, last.
ID_SHEET = "FinOps workbook"


@pytest.fixture(scope="module")
def roadmap(demo: Workshop) -> Roadmap:
    return sample_roadmap(demo)


@pytest.fixture(scope="module")
def exported(demo: Workshop, roadmap: Roadmap, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("out") / "Northwind.xlsx"
    write_workbook(demo, path, roadmap=roadmap)
    return path


@pytest.fixture(scope="module")
def book(exported: Path) -> Workbook:
    return load_workbook(exported)


def test_the_sheets_are_there_in_order(book: Workbook) -> None:
    assert book.sheetnames == [*SHEETS, ID_SHEET]
    assert book.active.title == "Summary"


def test_roadmap_rows_are_the_planned_items_in_order(book: Workbook, roadmap: Roadmap, demo: Workshop) -> None:
    ws = book["Roadmap"]
    headers = [c.value for c in ws[roadmap_sheet.HEADER_ROW]]
    assert headers == list(roadmap_sheet.HEADERS)
    # Progress is kept on the Tracker alone: nothing to fill in here that the workshop would never read back.
    assert "Status" not in headers and "Owner" not in headers and not ws.data_validations.dataValidation
    rows = list(ws.iter_rows(min_row=roadmap_sheet.FIRST_ROW, values_only=True))
    assert len(rows) == len(roadmap.items)
    column = {header: index for index, header in enumerate(headers)}
    for row, item in zip(rows, roadmap.items, strict=True):
        assert row[column["Rank"]] == item.rank
        assert row[column["Step"]] == item.title
        assert row[column["What to do"]] == item.description
        assert row[column["Wave"]] == item.wave
        assert row[column["Dimension"]] == demo.model.dimension(item.dimension_id).name
        assert row[column["Business units"]] == ", ".join(item.business_units)
        assert row[column["Owner role"]] == item.owner_role
        assert row[column["Unlocks a month"]] == pytest.approx(item.monthly_savings)
        assert row[column["KPI"]] == item.kpi
        assert row[column["KPI target"]] == item.kpi_target
    third = rows[2]
    assert third[column["Prerequisites"]] == "#2 Review commitments every quarter"
    assert rows[0][column["From → to"]] == "Crawl → Walk"
    assert rows[0][column["Effort"]] == "M (10–20 days)"


def test_roadmap_is_a_filterable_banded_table(book: Workbook, roadmap: Roadmap) -> None:
    ws = book["Roadmap"]
    table = ws.tables[roadmap_sheet.TABLE_NAME]
    last = roadmap_sheet.FIRST_ROW + len(roadmap.items) - 1
    assert table.ref == f"A{roadmap_sheet.HEADER_ROW}:M{last}"
    assert table.tableStyleInfo.showRowStripes
    assert table.autoFilter is not None
    assert [c.name for c in table.tableColumns] == list(roadmap_sheet.HEADERS)


def test_every_table_names_its_columns_as_its_header_cells_read(book: Workbook) -> None:
    """Excel repairs a file whose table columns are not named as the header cells read."""
    from openpyxl.utils.cell import range_boundaries

    tables = [(ws, table) for ws in book.worksheets for table in ws.tables.values()]
    assert {table.displayName for _, table in tables} >= {"RoadmapTable", "Tracker", "EvidenceTable"}
    for ws, table in tables:
        min_col, header_row, max_col, _ = range_boundaries(table.ref)
        headers = [ws.cell(header_row, c).value for c in range(min_col, max_col + 1)]
        assert [c.name for c in table.tableColumns] == headers, table.displayName
        assert [c.id for c in table.tableColumns] == list(range(1, len(headers) + 1))


def test_roadmap_is_ready_to_print(book: Workbook) -> None:
    ws = book["Roadmap"]
    assert ws.freeze_panes == f"D{roadmap_sheet.FIRST_ROW}"
    assert ws.page_setup.orientation == "landscape"
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.page_setup.fitToWidth >= 1  # as many pages across as keep the text readable (test_print_layout)
    assert ws.page_setup.fitToHeight == 0
    assert ws.print_title_rows == f"${roadmap_sheet.HEADER_ROW}:${roadmap_sheet.HEADER_ROW}"


def test_savings_are_shown_in_the_workshop_currency(book: Workbook) -> None:
    ws = book["Roadmap"]
    cell = ws.cell(roadmap_sheet.FIRST_ROW, roadmap_sheet.SAVINGS_COLUMN)
    assert "€" in cell.number_format


def test_scores_show_every_unit_and_the_organisation(book: Workbook, demo: Workshop) -> None:
    ws = book["Scores"]
    assert ws.freeze_panes == "B9"
    names = [ws.cell(row, 1).value for row in range(6, 9 + len(demo.business_units))]
    assert names[:3] == ["Organisation — mean", "Organisation — lowest", "Organisation — highest"]
    assert names[3:] == [bu.name for bu in demo.business_units]
    assert ws.cell(4, 4).value == "Cost visibility"
    assert [ws.cell(5, 4).value, ws.cell(5, 5).value] == ["Current", "Target"]
    # Retail Banking: cost visibility Walk -> Run; commitments Crawl -> Walk; Innovation Lab n/a.
    assert [ws.cell(9, 4).value, ws.cell(9, 5).value] == ["Walk", "Run"]
    crawl, walk, run = ws.cell(9, 8), ws.cell(9, 4), ws.cell(9, 5)
    assert crawl.value == "Crawl"
    colours = {crawl.fill.fgColor.rgb, walk.fill.fgColor.rgb, run.fill.fgColor.rgb}
    assert len(colours) == 3
    assert ws.cell(14, 8).value == "N/A"
    assert isinstance(ws.cell(6, 4).value, float)  # spend-weighted mean


def test_pictures_are_embedded(exported: Path, book: Workbook, demo: Workshop) -> None:
    assert len(book["Summary"]._images) == 1
    # The organisation, the overlay, and one radar per business unit.
    assert len(book["Charts"]._images) == 2 + len(demo.business_units)
    with zipfile.ZipFile(exported) as archive:
        media = [name for name in archive.namelist() if name.startswith("xl/media/")]
        assert len(media) == 3 + len(demo.business_units)
        assert all(archive.read(name).startswith(b"\x89PNG") for name in media)


def test_an_editable_excel_radar_chart_is_there(book: Workbook) -> None:
    charts = book["Charts"]._charts
    assert len(charts) == 1
    assert charts[0].tagname == "radarChart"


def test_headline_and_counts_are_on_the_summary(book: Workbook, demo: Workshop) -> None:
    ws = book["Summary"]
    values = {ws.cell(row, 1).value: ws.cell(row, 2).value for row in range(1, ws.max_row + 1)}
    assert values["Client"] == "Northwind Financial Group"
    assert values["Facilitator"] == "Alex Morgan"
    assert values["Maturity model"] == f"{demo.model.name}, version {demo.model.version}"
    assert values["Business units"] == 6
    assert values["Cells assessed"] == "36 of 36 (1 not applicable)"
    assert values["Monthly money at stake"] == 61_000
    assert values["Can start now"] == "yes, in the first wave"
    assert "Commitment strategy" in {ws.cell(row, 1).value for row in range(1, ws.max_row + 1)}


def test_the_summary_shows_the_plan_wave_by_wave(demo: Workshop, tmp_path: Path) -> None:
    from finops_desktop.domain.planner import plan_roadmap

    roadmap = plan_roadmap(demo, day_rate=1_000)
    path = tmp_path / "planned.xlsx"
    write_workbook(demo, path, roadmap=roadmap)
    ws = load_workbook(path)["Summary"]
    values = {ws.cell(row, 1).value: ws.cell(row, 2).value for row in range(1, ws.max_row + 1)}
    waves = [key for key in values if isinstance(key, str) and key.startswith("After ")]
    assert waves == ["After 0–90 days", "After 3–6 months", "After 6–12 months"]
    last = roadmap.money_by_wave[-1]
    assert f"{demo.info.currency} {last.monthly_run_rate:,.0f} a month by the end" in values["After 6–12 months"]
    assert "Organisation after it: Cost visibility" in values["After 6–12 months"]
    assert values["Payback"].endswith("months at the full monthly savings")
    assert values["Estimated monthly savings, whole plan"] == pytest.approx(
        round(sum(g.monthly_waste for g in roadmap.gaps), 2))


def test_the_only_formulas_are_the_progress_counters(exported: Path) -> None:
    formulas = formula_cells(exported)
    assert formulas
    assert all(key.startswith(("Summary!", "Progress!")) for key in formulas)
    assert all(value.startswith('=SUMPRODUCT(--(Tracker[Status]="') for key, value in formulas.items()
               if key.startswith("Summary!"))


def test_document_properties(book: Workbook) -> None:
    assert book.properties.title == "FinOps roadmap — Northwind Financial Group"
    assert book.properties.creator == "Alex Morgan"


def test_evidence_holds_every_note(book: Workbook, demo: Workshop) -> None:
    ws = book["Evidence"]
    rows = list(ws.iter_rows(min_row=5, values_only=True))
    notes = {(row[0], row[1]): row for row in rows}
    for bu, dimension_id, rating in demo.cells():
        if rating.note:
            row = notes[(bu.name, demo.model.dimension(dimension_id).name)]
            assert row[5] == rating.note
            assert row[4] == rating.confidence.capitalize()
            assert row[7] == rating.participants
    assert ("Retail Banking", "About the unit") in notes
    assert "Share of spend attributable to an owner: 41%" in notes[("Data & Analytics", "Tagging coverage")][6]


def test_assumptions_mark_the_figures_edited_for_this_workshop(book: Workbook) -> None:
    ws = book["Assumptions"]
    rows = [row for row in ws.iter_rows(min_row=6, values_only=True)]
    edited = [row for row in rows if str(row[7]).startswith("Edited")]
    assert edited == [("Commitment strategy", "Rate: commitment discounts", "Crawl", 0.2, "share of spend wasted",
                       "Many steady workloads at this client.", edited[0][6],
                       "Edited for this workshop (model: 5.5%)")]
    assert "FinOps Foundation" in edited[0][6] and "2023" in edited[0][6]
    # Six dimensions x three stages, the rate pool's two figures and its coverage and unused per
    # stage, and the cap: every one with its source.
    assert len(rows) == 18 + 2 + 6 + 1
    assert all(row[6] for row in rows)
    assert any(row[1] == "Enabler" and row[4] == "share of the pools' gaps captured" for row in rows)
    assert any(row[4] == "coverage of eligible spend" and row[3] == 0.6 for row in rows)
    assert any(row[1] == "Cap" and row[3] == 0.3 and "Flexera" in row[6] for row in rows)
    assert ws.cell(6, 4).number_format == "0.0%"


def test_diagnostics_most_serious_first(book: Workbook) -> None:
    ws = book["Diagnostics"]
    rows = list(ws.iter_rows(min_row=5, values_only=True))
    assert [row[0] for row in rows] == ["High", "Medium"]
    assert rows[1][1] == "Whole organisation"
    assert rows[1][2] == "Cost visibility, Commitment strategy"


def test_a_second_round_adds_the_comparison(tmp_path: Path) -> None:
    workshop = demo_workshop(tmp_path, second_round=True)
    path = tmp_path / "rounds.xlsx"
    write_workbook(workshop, path, roadmap=sample_roadmap(workshop))
    book = load_workbook(path)
    assert book.sheetnames == [*SHEETS, "Rounds", ID_SHEET]
    ws = book["Rounds"]
    rows = {(r[0], r[1]): r for r in ws.iter_rows(values_only=True) if r[0] and r[1]}
    assert rows[("Retail Banking", "Commitment strategy")][2:] == ("Crawl", "Walk", "Up")
    assert rows[("Payments", "Commitment strategy")][2:] == ("Run", "Run", "Same")
    assert "compared with Baseline" in str(book["Summary"]["B8"].value)


def test_the_rounds_sheet_says_what_moved_on_the_roadmap(tmp_path: Path) -> None:
    workshop = demo_workshop(tmp_path, second_round=True)  # Retail Banking's commitments: Crawl to Walk
    path = tmp_path / "rounds.xlsx"
    write_workbook(workshop, path)
    texts = [r for r in load_workbook(path)["Rounds"].iter_rows(values_only=True) if r[0]]
    summary = next(str(r[0]) for r in texts if str(r[0]).startswith("Since Baseline:"))
    assert summary.startswith("Since Baseline: 1 cell up, 0 down;")
    gone = [r for r in texts if r[1] and "Retail Banking" in str(r[1]) and r[2] == "No longer needed"]
    assert gone  # the Crawl-to-Walk commitment steps of Retail Banking


def test_progress_is_reported_to_the_end(demo: Workshop, tmp_path: Path) -> None:
    calls: list[tuple[int, int]] = []
    write_workbook(demo, tmp_path / "p.xlsx", roadmap=sample_roadmap(demo), progress=lambda d, t: calls.append((d, t)))
    total = calls[0][1]
    assert calls[0] == (0, total)
    assert calls[-1] == (total, total)
    assert [d for d, _ in calls] == list(range(total + 1))


def test_a_failed_export_leaves_no_file_behind(demo: Workshop, tmp_path: Path) -> None:
    def cancel(done: int, total: int) -> None:
        if done == 3:
            raise ExportCancelled

    target = tmp_path / "out.xlsx"
    with pytest.raises(ExportCancelled):
        write_workbook(demo, target, roadmap=sample_roadmap(demo), progress=cancel)
    assert list(tmp_path.iterdir()) == []


def test_a_failed_export_keeps_the_previous_workbook(demo: Workshop, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "out.xlsx"
    target.write_bytes(b"the earlier export")

    def broken_save(self: Workbook, filename: str) -> None:
        Path(filename).write_bytes(b"half")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Workbook, "save", broken_save)
    with pytest.raises(ExportError, match="No space left on device"):
        write_workbook(demo, target, roadmap=sample_roadmap(demo))
    assert target.read_bytes() == b"the earlier export"
    assert [p.name for p in tmp_path.iterdir()] == ["out.xlsx"]


def test_a_missing_folder_is_a_clear_error(demo: Workshop, tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="the folder does not exist"):
        write_workbook(demo, tmp_path / "nowhere" / "out.xlsx", roadmap=sample_roadmap(demo))
    with pytest.raises(ExportError, match="folder"):
        write_workbook(demo, tmp_path, roadmap=sample_roadmap(demo))


def test_an_unknown_round_is_refused(demo: Workshop, tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="round"):
        write_workbook(demo, tmp_path / "x.xlsx", roadmap=sample_roadmap(demo), round_id=999)
    with pytest.raises(ExportError, match="another round"):
        write_workbook(demo, tmp_path / "x.xlsx", roadmap=sample_roadmap(demo), compare_round_id=demo.rounds[0].id)


def test_an_empty_workshop_still_exports(tmp_path: Path) -> None:
    from tests.helpers.workshops import build_workshop

    workshop = build_workshop([])
    path = tmp_path / "empty.xlsx"
    write_workbook(workshop, path, roadmap=Roadmap(None, (), ()))
    book = load_workbook(path)
    assert book.sheetnames == [*SHEETS, ID_SHEET]
    assert book["Roadmap"].tables == {}
    assert book["Roadmap"].cell(roadmap_sheet.FIRST_ROW, 1).value.startswith("No steps")


def test_a_step_for_many_units_counts_them_first(roadmap: Roadmap) -> None:
    from dataclasses import replace

    names = tuple(f"Unit {n}" for n in range(1, 9))
    item = replace(roadmap.items[0], business_units=names, beyond_target=("Unit 8",))
    text = roadmap_sheet._business_units(item)
    assert text.startswith("8 business units: Unit 1, Unit 2")
    assert text.endswith("\nBeyond the agreed target, needed by a later step: Unit 8")


def test_the_subtitle_says_how_the_steps_are_ordered(book: Workbook) -> None:
    subtitle = book["Roadmap"].cell(2, 1).value
    assert "placed by its own foundations (Cost visibility, Tagging coverage, FinOps ownership) and " \
           "prerequisites" in subtitle
    assert "then by what each step unlocks per day of effort" in subtitle


def test_prerequisites_that_could_not_be_planned_are_listed_with_the_reason(demo: Workshop, roadmap: Roadmap,
                                                                          tmp_path: Path) -> None:
    unplanned = UnplannedPrerequisite("vis-billing-export", "Switch on the detailed billing export",
                                      "Cost visibility not assessed for Insurance")
    items = list(roadmap.items)
    items[1] = replace(items[1], unplanned_prerequisites=(unplanned,))
    path = tmp_path / "unplanned.xlsx"
    write_workbook(demo, path, roadmap=replace(roadmap, items=tuple(items)))
    ws = load_workbook(path)["Roadmap"]
    column = roadmap_sheet.HEADERS.index("Prerequisites") + 1
    assert ws.cell(roadmap_sheet.FIRST_ROW + 1, column).value == (
        "#1 Adopt a tagging policy\n"
        "Not planned: Switch on the detailed billing export (Cost visibility not assessed for Insurance)")


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX permissions")
def test_the_workbook_gets_the_permissions_of_a_new_file_or_of_the_one_it_replaces(
        demo: Workshop, roadmap: Roadmap, tmp_path: Path) -> None:
    new, shared = tmp_path / "new.xlsx", tmp_path / "shared.xlsx"
    shared.write_bytes(b"the earlier export")
    shared.chmod(0o664)
    umask = os.umask(0o022)
    try:
        write_workbook(demo, new, roadmap=roadmap)
        write_workbook(demo, shared, roadmap=roadmap)
    finally:
        os.umask(umask)
    assert stat.S_IMODE(new.stat().st_mode) == 0o644
    assert stat.S_IMODE(shared.stat().st_mode) == 0o664
    assert load_workbook(shared).sheetnames == [*SHEETS, ID_SHEET]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["new.xlsx", "shared.xlsx"]


def test_an_unset_target_reads_as_suggested_on_the_scores_sheet(demo: Workshop, tmp_path: Path) -> None:
    from finops_desktop.domain.workshop import WorkshopSettings

    key = next(k for k, r in demo.ratings.items() if r.current == "crawl" and k[0] == demo.active_round.id)
    ratings = dict(demo.ratings)
    ratings[key] = replace(ratings[key], target=None)
    for suggest, expected in ((True, "Walk (suggested)"), (False, "No target")):
        workshop = replace(demo, ratings=ratings, settings=WorkshopSettings(suggest_targets=suggest))
        path = tmp_path / f"scores-{suggest}.xlsx"
        write_workbook(workshop, path)
        ws = load_workbook(path)["Scores"]
        texts = [cell.value for row in ws.iter_rows() for cell in row]
        assert ("Walk (suggested)" in texts) is suggest
        assert expected in texts
