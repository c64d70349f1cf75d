"""File → Export to Excel…: the questions are answered by the test; the workbook is real."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtWidgets import QProgressDialog, QWidget
from pytestqt.qtbot import QtBot

from finops_desktop.domain.workshop import WorkshopInfo
from finops_desktop.storage.workshop_file import WorkshopFile
from finops_desktop.ui.export_action import default_file_name, export_to_excel
from tests.helpers.workshops import make_workshop_file


@pytest.fixture
def workshop_file(tmp_path: Path) -> Iterator[WorkshopFile]:
    """A small workshop: the window's part is tested here, the workbook's content elsewhere."""
    path = make_workshop_file(tmp_path / "demo.finops", [("Retail", 1000.0, {"tagging_coverage": ("crawl", "walk")})],
                              client="Northwind Financial Group")
    file = WorkshopFile.open(path)
    file.set_info(date="2026-11-27")
    yield file
    file.close()


@pytest.fixture
def window(qtbot: QtBot) -> QWidget:
    widget = QWidget()
    qtbot.addWidget(widget)
    return widget


class Answers:
    """What a person would click, and what they were asked."""

    def __init__(self, path: Path | None, open_it: bool = False) -> None:
        self.path, self.open_it = path, open_it
        self.suggested: Path | None = None
        self.offered: Path | None = None
        self.errors: list[str] = []
        self.opened: list[Path] = []

    def ask_path(self, parent: QWidget, suggested: Path) -> Path | None:
        self.suggested = suggested
        return self.path

    def ask_open(self, parent: QWidget, path: Path) -> bool:
        self.offered = path
        return self.open_it

    def tell_error(self, parent: QWidget, message: str) -> None:
        self.errors.append(message)

    def open_file(self, path: Path) -> bool:
        self.opened.append(path)
        return self.can_open

    can_open = True

    def export(self, window: QWidget, workshop_file: WorkshopFile, **kwargs: object) -> Path | None:
        return export_to_excel(window, workshop_file, ask_path=self.ask_path, ask_open=self.ask_open,
                               tell_error=self.tell_error, open_file=self.open_file, **kwargs)  # type: ignore[arg-type]


def test_default_name_names_client_and_date() -> None:
    info = WorkshopInfo("Northwind Financial Group", date="2026-11-27")
    assert default_file_name(info) == "Northwind Financial Group - FinOps roadmap - 2026-11-27.xlsx"


@pytest.mark.parametrize(("client", "when", "expected"), [
    ('A/B: "C" <D>|E?*', "27/11/2026", "A B C D E - FinOps roadmap - 27-11-2026.xlsx"),
    ("...", "", "Workshop - FinOps roadmap - 2026-01-02.xlsx"),
    ("Tab\tand\nnewline", "", "Tab and newline - FinOps roadmap - 2026-01-02.xlsx"),
    ("x" * 300, "", "x" * 80 + " - FinOps roadmap - 2026-01-02.xlsx"),
])
def test_default_name_is_safe_on_every_file_system(client: str, when: str, expected: str) -> None:
    assert default_file_name(WorkshopInfo(client, date=when), today=date(2026, 1, 2)) == expected


def test_export_writes_the_workbook_and_offers_to_open_it(window: QWidget, workshop_file: WorkshopFile,
                                                          tmp_path: Path) -> None:
    target = tmp_path / "deliverable.xlsx"
    answers = Answers(target, open_it=True)
    assert answers.export(window, workshop_file) == target
    assert answers.suggested == tmp_path / "Northwind Financial Group - FinOps roadmap - 2026-11-27.xlsx"
    assert answers.offered == target
    assert answers.opened == [target]
    assert answers.errors == []
    assert load_workbook(target).sheetnames[:3] == ["Summary", "Scores", "Roadmap"]


def test_declining_to_open_opens_nothing(window: QWidget, workshop_file: WorkshopFile, tmp_path: Path) -> None:
    answers = Answers(tmp_path / "out.xlsx", open_it=False)
    assert answers.export(window, workshop_file) is not None
    assert answers.opened == []


def test_the_xlsx_suffix_is_added(window: QWidget, workshop_file: WorkshopFile, tmp_path: Path) -> None:
    answers = Answers(tmp_path / "roadmap")
    assert answers.export(window, workshop_file) == tmp_path / "roadmap.xlsx"
    assert (tmp_path / "roadmap.xlsx").is_file()


def test_cancelling_the_file_dialog_writes_nothing(window: QWidget, workshop_file: WorkshopFile,
                                                   tmp_path: Path) -> None:
    answers = Answers(None)
    assert answers.export(window, workshop_file) is None
    assert answers.offered is None
    assert sorted(p.name for p in tmp_path.iterdir()) == ["demo.finops"]


def test_a_failure_is_shown_and_nothing_is_offered(window: QWidget, workshop_file: WorkshopFile,
                                                   tmp_path: Path) -> None:
    answers = Answers(tmp_path / "missing" / "out.xlsx", open_it=True)
    assert answers.export(window, workshop_file) is None
    assert len(answers.errors) == 1 and "the folder does not exist" in answers.errors[0]
    assert answers.offered is None and answers.opened == []


def test_an_earlier_round_can_be_exported(window: QWidget, workshop_file: WorkshopFile, tmp_path: Path) -> None:
    baseline = workshop_file.workshop.rounds[0].id
    workshop_file.add_round("Six months on")
    answers = Answers(tmp_path / "baseline.xlsx")
    path = answers.export(window, workshop_file, round_id=baseline)
    assert path is not None
    book = load_workbook(path)
    assert "Rounds" not in book.sheetnames
    assert book["Scores"]["A1"].value == "Scores — Baseline"


def test_the_window_module_does_not_load_openpyxl() -> None:
    probe = "import sys, finops_desktop.ui.export_action; print('openpyxl' in sys.modules, 'matplotlib' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False False"


def test_no_application_to_open_it_is_said(window: QWidget, workshop_file: WorkshopFile, tmp_path: Path) -> None:
    answers = Answers(tmp_path / "out.xlsx", open_it=True)
    answers.can_open = False
    assert answers.export(window, workshop_file) == tmp_path / "out.xlsx"
    assert answers.opened == [tmp_path / "out.xlsx"]
    assert len(answers.errors) == 1 and "no application here opens .xlsx files" in answers.errors[0]


def test_cancelling_the_progress_leaves_nothing(window: QWidget, workshop_file: WorkshopFile, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(QProgressDialog, "wasCanceled", lambda self: True)
    answers = Answers(tmp_path / "out.xlsx", open_it=True)
    assert answers.export(window, workshop_file) is None
    assert answers.errors == [] and answers.offered is None
    assert sorted(p.name for p in tmp_path.iterdir()) == ["demo.finops"]
