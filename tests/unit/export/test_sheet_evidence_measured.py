"""The Evidence sheet carries the figures measured from billing data, with their source, below the notes."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from finops_desktop.evidence.importer import keep_import
from finops_desktop.evidence.reader import BillingReader
from finops_desktop.evidence.report import evidence_report
from finops_desktop.export import write_workbook
from finops_desktop.storage.workshop_file import WorkshopFile
from tests.helpers.billing import BY_ACCOUNT, two_units
from tests.helpers.workshops import make_workshop_file


def test_measured_figures_and_their_source(tmp_path: Path) -> None:
    path = make_workshop_file(tmp_path / "w.finops", [("Retail", 100.0, {"tagging_coverage": ("crawl", "walk")})])
    export = two_units()
    summary = BillingReader([export.write(tmp_path / "focus.csv")], BY_ACCOUNT).read()
    with WorkshopFile.open(path) as file:
        keep_import(file, summary)
        report = evidence_report(file.latest_evidence(), file.workshop)  # type: ignore[arg-type]
        workshop = file.workshop
    out = tmp_path / "w.xlsx"
    write_workbook(workshop, out, evidence=report)
    ws = load_workbook(out)["Evidence"]
    rows = [row for row in ws.iter_rows(values_only=True)]
    title = next(i for i, row in enumerate(rows) if row[0] == "Measured from billing data")
    header, *figures = rows[title + 1:]
    assert header[:3] == ("Business unit", "Monthly spend", "Allocated")
    retail = next(row for row in figures if row[0] == "Retail")
    expected = export.expected("Retail")
    assert retail[1] == pytest.approx(expected.monthly_spend)
    assert retail[2] == pytest.approx(expected.allocation_coverage / 100)  # type: ignore[operator]
    assert retail[3] == pytest.approx(expected.commitment_coverage / 100)  # type: ignore[operator]
    assert retail[4] == pytest.approx(expected.commitment_utilisation / 100)  # type: ignore[operator]
    assert retail[6] == pytest.approx(expected.effective_savings_rate / 100)  # type: ignore[operator]
    assert retail[5].startswith("FOCUS, Sep–Oct 2026: ") and "focus.csv (SHA-256 " in retail[5]
    assert any(row[0] == "Matches no unit: Payments" for row in figures)


def test_no_billing_data_no_measured_table(tmp_path: Path) -> None:
    path = make_workshop_file(tmp_path / "w.finops", [("Retail", 100.0, {})])
    with WorkshopFile.open(path, read_only=True) as file:
        workshop = file.workshop
    out = tmp_path / "w.xlsx"
    write_workbook(workshop, out)
    ws = load_workbook(out)["Evidence"]
    assert all(row[0] != "Measured from billing data" for row in ws.iter_rows(values_only=True))
