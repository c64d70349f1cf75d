"""Workshops and roadmaps for the export tests, and a way to read a workbook back."""

from __future__ import annotations

from pathlib import Path

import pytest

from finops_desktop.demo_workshop import write_demo
from finops_desktop.domain.roadmap import Diagnostic, Headline, Roadmap, RoadmapItem, Wave
from finops_desktop.domain.workshop import Workshop

HOSTILE = (
    '=HYPERLINK("http://x","y")',
    "@SUM(A1)",
    "+1",
    "-1",
    "\t=1+1",
    "\r=2+2",
    "=",
    "#N/A",
    "#REF!",
    " =SUM(1)",
)


def demo_workshop(folder: Path, *, second_round: bool = False) -> Workshop:
    """The demo engagement, read from a real workshop file; optionally with a second round."""
    with write_demo(folder / "demo.finops") as file:
        file.set_waste_assumption("commitment_strategy", "crawl", 0.2, "Many steady workloads at this client.")
        if second_round:
            file.add_round("Six months on")
            bu = file.workshop.business_unit_named("Retail Banking")
            assert bu is not None
            rating = file.workshop.rating(bu.id, "commitment_strategy")
            file.set_rating(bu.id, "commitment_strategy", rating.edited(current="walk"))
        return file.workshop


def sample_roadmap(workshop: Workshop) -> Roadmap:
    """A small roadmap written by hand, so the tests know every row to expect."""
    names = [bu.name for bu in workshop.business_units]
    items = (
        RoadmapItem(1, "tagging-policy", "Adopt a tagging policy", "Agree mandatory tags and publish them.",
                    "tagging_coverage", "crawl", "walk", (names[2], names[4]), "0–90 days", "FinOps practitioner",
                    "M", (10, 20), 12_000.0, "Share of spend attributable", "at least 50%"),
        RoadmapItem(2, "commitment-review", "Review commitments every quarter",
                    "Analyse usage and buy savings plans for steady workloads.", "commitment_strategy", "crawl",
                    "walk", (names[0], names[4]), "0–90 days", "Cloud platform lead", "S", (5, 10), 45_500.5,
                    "Commitment coverage", "70%", ("tagging-policy",)),
        RoadmapItem(3, "anomaly-alerts", "Alert on anomalies", "Configure alerts per account.",
                    "anomaly_detection", "crawl", "walk", tuple(names[2:]), "3–6 months", "Platform engineering",
                    "L", (20, 40), 3_000.0, "Days to detect an anomaly", "under 2", ("commitment-review",)),
    )
    diagnostics = (
        Diagnostic("attribution-debt", "high", names[2], ("tagging_coverage",),
                   "Tagging is at Crawl while spend grows by 60% a year."),
        Diagnostic("dashboards-without-execution", "medium", None, ("cost_visibility", "commitment_strategy"),
                   "Dashboards without execution."),
    )
    return Roadmap(Headline("commitment_strategy", 61_000.0, "Steady workloads are paid at on-demand prices."),
                   items, diagnostics, (Wave("wave1", "0–90 days"), Wave("wave2", "3–6 months")))


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Workshop:
    return demo_workshop(tmp_path_factory.mktemp("demo"))


def formula_cells(path: Path) -> dict[str, str]:
    """Every formula in the workbook at ``path``: "Sheet!A1" → formula text."""
    from openpyxl import load_workbook

    book = load_workbook(path)
    found = {}
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == "f" or (isinstance(cell.value, str) and cell.value.startswith("=")
                                             and cell.data_type != "s"):
                    found[f"{ws.title}!{cell.coordinate}"] = str(cell.value)
    return found


def all_text(path: Path) -> set[str]:
    """Every text cell's value in the workbook at ``path``."""
    from openpyxl import load_workbook

    book = load_workbook(path)
    return {cell.value for ws in book.worksheets for row in ws.iter_rows() for cell in row
            if isinstance(cell.value, str)}
