"""A real spreadsheet application opens the exported workbook: LibreOffice converts it to PDF and CSV.

A workbook Excel would want to repair fails to convert or loses content here. The CSV of a
sheet holding formula-like names shows whether LibreOffice read them as text (a formula
would show its result instead). Skipped only where LibreOffice is not installed
(Debian: ``apt-get install libreoffice-calc``).
"""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from finops_desktop.demo_workshop import write_demo
from finops_desktop.domain.planner import plan_roadmap
from finops_desktop.export import write_workbook

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
HOSTILE_NAMES = ('=HYPERLINK("http://x","y")', "@SUM(A1)", "+1", "-1", "=1+1")

pytestmark = [
    pytest.mark.slow,
    # On a laptop without LibreOffice these are skipped; CI installs it, so there they must run.
    pytest.mark.skipif(SOFFICE is None and not os.environ.get("CI"), reason="LibreOffice (soffice) is not installed"),
]


def convert(workbook: Path, out_dir: Path, target: str) -> Path:
    """Convert with a private LibreOffice profile, so parallel runs and the user's own settings don't interfere."""
    assert SOFFICE is not None
    profile = (out_dir / "lo-profile").resolve().as_uri()
    result = subprocess.run(
        [SOFFICE, f"-env:UserInstallation={profile}", "--headless", "--norestore", "--convert-to", target,
         "--outdir", str(out_dir), str(workbook)],
        capture_output=True, text=True, timeout=240, check=False)
    extension = target.split(":")[0]
    # With a sheet chosen, LibreOffice names the file after it: "<workbook>-<sheet>.csv".
    converted = sorted(out_dir.glob(f"{workbook.stem}*.{extension}"))
    assert result.returncode == 0 and len(converted) == 1, f"LibreOffice failed: {result.stdout}\n{result.stderr}"
    return converted[0]


@pytest.fixture(scope="module")
def workbook(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("libreoffice")
    with write_demo(folder / "demo.finops") as file:
        for name in HOSTILE_NAMES:
            file.add_business_unit(name, monthly_spend=1000.0, owner=name, notes=name)
        file.add_round("Six months on")
        workshop = file.workshop
    path = folder / "Northwind.xlsx"
    write_workbook(workshop, path, roadmap=plan_roadmap(workshop))
    return path


def test_the_workbook_converts_to_a_pdf_with_every_sheet(workbook: Path, tmp_path: Path) -> None:
    pdf = convert(workbook, tmp_path, "pdf").read_bytes()
    assert pdf.startswith(b"%PDF")
    pages = len(re.findall(rb"/Type\s*/Page(?!s)", pdf))
    assert pages >= 8  # one sheet or more per page, eight sheets


def test_libreoffice_reads_formula_like_names_as_text(workbook: Path, tmp_path: Path) -> None:
    # Filter options: comma-separated, UTF-8 (76), and the sheet to write (2 = Scores).
    options = "44,34,76,1,,0,false,true,false,false,false,2"
    text = convert(workbook, tmp_path, f"csv:Text - txt - csv (StarCalc):{options}").read_text(encoding="utf-8")
    rows = list(csv.reader(io.StringIO(text)))
    names = [row[0] for row in rows if row]
    for name in HOSTILE_NAMES:
        assert name in names
    assert "y" not in names and "2" not in names  # no formula was evaluated


def test_the_roadmap_sheet_reads_back_in_order(workbook: Path, tmp_path: Path) -> None:
    options = "44,34,76,1,,0,false,true,false,false,false,3"
    text = convert(workbook, tmp_path, f"csv:Text - txt - csv (StarCalc):{options}").read_text(encoding="utf-8")
    rows = list(csv.reader(io.StringIO(text)))
    header = next(i for i, row in enumerate(rows) if row and row[0] == "Rank")
    assert rows[header][:3] == ["Rank", "Wave", "Step"]
    ranks = [row[0] for row in rows[header + 1:] if row and row[0].isdigit()]
    assert ranks == [str(n) for n in range(1, len(ranks) + 1)] and len(ranks) > 10
