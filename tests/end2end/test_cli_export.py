"""``finops-workshop export``: the demo workshop to a workbook with the planner's roadmap, read back."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from finops_desktop.demo_workshop import write_demo
from finops_desktop.domain.planner import plan_roadmap
from finops_desktop.domain.workshop import Rating
from finops_desktop.export import sheet_roadmap
from finops_desktop.storage.workshop_file import WorkshopFile
from tests.helpers.commands import digest, run


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    path = tmp_path / "demo.finops"
    write_demo(path).close()
    return path


def test_export_writes_the_planners_roadmap(demo: Path, tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    before = digest(demo)
    out = tmp_path / "Northwind.xlsx"
    code, stdout, stderr = run(capsys, "export", demo, "--xlsx", out)
    assert (code, stderr) == (0, "")
    assert stdout.strip() == f"wrote {out}"
    assert digest(demo) == before  # the workshop file is only read

    with WorkshopFile.open(demo, read_only=True) as file:
        roadmap = plan_roadmap(file.workshop)
    book = load_workbook(out)
    assert book.sheetnames == ["Summary", "Scores", "Roadmap", "Tracker", "Progress", "Charts", "Diagnostics",
                               "Evidence", "Assumptions", "Model", "FinOps workbook"]
    ws = book["Roadmap"]
    rows = list(ws.iter_rows(min_row=sheet_roadmap.FIRST_ROW, values_only=True))
    assert [(row[0], row[2], row[1]) for row in rows] == [(i.rank, i.title, i.wave) for i in roadmap.items]
    assert [row[9] for row in rows] == pytest.approx([round(i.monthly_savings, 2) for i in roadmap.items])
    assert len(list(book["Diagnostics"].iter_rows(min_row=5))) == len(roadmap.diagnostics)
    assert roadmap.headline is not None
    summary = book["Summary"]
    assert summary["A1"].value == "FinOps maturity assessment"
    assert book.properties.title == "FinOps roadmap — Northwind Financial Group"


def test_export_compares_rounds(demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with WorkshopFile.open(demo) as file:
        file.add_round("Six months on")
        bu = file.workshop.business_unit_named("Insurance")
        assert bu is not None
        file.set_rating(bu.id, "tagging_coverage", Rating("walk", "run"))
    latest, baseline = tmp_path / "latest.xlsx", tmp_path / "baseline.xlsx"
    assert run(capsys, "export", demo, "--xlsx", latest)[0] == 0
    assert run(capsys, "export", demo, "--xlsx", baseline, "--round", "baseline")[0] == 0

    book = load_workbook(latest)
    assert book.sheetnames[-2:] == ["Rounds", "FinOps workbook"]  # the workshop's hidden mark last
    moved = [row for row in book["Rounds"].iter_rows(values_only=True) if row[-1] == "Up"]
    assert moved == [("Insurance", "Tagging coverage", "Crawl", "Walk", "Up")]
    assert "Rounds" not in load_workbook(baseline).sheetnames  # nothing before the first round


@pytest.mark.parametrize(("args", "message"), [
    (["--round", "Nope"], "no round named 'Nope'"),
    (["--compare", "Baseline"], "another round"),
])
def test_bad_rounds_are_one_line_errors(demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                        args: list[str], message: str) -> None:
    out = tmp_path / "out.xlsx"
    code, stdout, stderr = run(capsys, "export", demo, "--xlsx", out, *args)
    assert stdout == ""
    assert code == 2
    assert stderr.startswith("error: ") and message in stderr and stderr.count("\n") == 1
    assert not out.exists()


def test_bad_targets_are_one_line_errors(demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, stderr = run(capsys, "export", demo, "--xlsx", tmp_path / "out.xls")
    assert code == 2 and "written as .xlsx" in stderr
    code, _, stderr = run(capsys, "export", demo, "--xlsx", tmp_path / "missing" / "out.xlsx")
    assert code == 2 and "the folder does not exist" in stderr
    not_a_workshop = tmp_path / "notes.finops"
    not_a_workshop.write_text("hello")
    code, _, stderr = run(capsys, "export", not_a_workshop, "--xlsx", tmp_path / "out.xlsx")
    assert code == 2 and "not a workshop file" in stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["demo.finops", "notes.finops"]


@pytest.mark.slow
def test_export_in_a_subprocess_and_the_cli_starts_without_openpyxl(demo: Path, tmp_path: Path) -> None:
    out = tmp_path / "sub.xlsx"
    result = subprocess.run([sys.executable, "-m", "finops_desktop.cli", "export", str(demo), "--xlsx", str(out)],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert out.stat().st_size > 10_000
    probe = ("import sys; from finops_desktop.cli import main; main(['models']); "
             "print('openpyxl' in sys.modules, 'matplotlib' in sys.modules)")
    loaded = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert loaded.stdout.strip().splitlines()[-1] == "False False"
