"""A questionnaire answered and saved in LibreOffice Calc imports the same as one saved by Excel.

LibreOffice converts the filled workbook (headless) to its own .ods and back to .xlsx, as a
participant's "Save" in Calc would; both files must import to the same votes.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest

from tests.helpers.commands import run
from tests.helpers.workshops import make_workshop_file

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(SOFFICE is None and not os.environ.get("CI"), reason="LibreOffice (soffice) is not installed"),
]


def convert(workbook: Path, out_dir: Path, target: str) -> Path:
    assert SOFFICE is not None
    out_dir.mkdir(exist_ok=True)
    profile = (out_dir.parent / "lo-profile").resolve().as_uri()
    result = subprocess.run(
        [SOFFICE, f"-env:UserInstallation={profile}", "--headless", "--norestore", "--convert-to", target,
         "--outdir", str(out_dir), str(workbook)],
        capture_output=True, text=True, timeout=240, check=False)
    converted = sorted(out_dir.glob(f"{workbook.stem}.{target.split(':')[0]}"))
    assert result.returncode == 0 and len(converted) == 1, f"LibreOffice failed: {result.stdout}\n{result.stderr}"
    return converted[0]


def votes(capsys: pytest.CaptureFixture[str], path: Path) -> dict[str, object]:
    code, out, err = run(capsys, "show", path, "--json")
    assert code == 0, err
    return {f"{bu['name']}/{dimension}": (rating["votes"], rating["spread"], rating["in_disagreement"])
            for bu in json.loads(out)["business_units"] for dimension, rating in bu["ratings"].items()}


def test_a_questionnaire_saved_by_libreoffice_imports_the_same(tmp_path: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    original = make_workshop_file(tmp_path / "w.finops", [("Retail", 1000.0, {}), ("Платформа", 10.0, {})])
    assert run(capsys, "participant", "add", original, "Zoë")[0] == 0
    code, _, err = run(capsys, "questionnaire", "export", original, tmp_path / "out")
    assert code == 0, err
    (book,) = (tmp_path / "out").glob("*.xlsx")
    wb = openpyxl.load_workbook(book)
    for sheet, row, answer, confidence, comment in (("Retail", 4, "Walk", "high", "dashboards weekly"),
                                                    ("Retail", 6, "Crawl", None, "-no RIs yet"),
                                                    ("Платформа", 5, "Run", "low", "ça va")):
        ws = wb[sheet]
        ws.cell(row, 3).value, ws.cell(row, 4).value, ws.cell(row, 5).value = answer, confidence, comment
    wb.save(book)

    expected = None
    for source in (book, convert(book, tmp_path / "ods", "ods"),
                   convert(convert(book, tmp_path / "ods2", "ods"), tmp_path / "xlsx", "xlsx:Calc MS Excel 2007 XML")):
        copy = tmp_path / f"copy-{source.suffix[1:]}-{source.parent.name}.finops"
        shutil.copy(original, copy)
        code, out, err = run(capsys, "questionnaire", "import", copy, source)
        assert code == 0, err
        assert out.strip() == "read 3 answers from 1 participant, 0 cells now in disagreement"
        found = votes(capsys, copy)
        expected = expected or found
        assert found == expected
    assert expected is not None
    assert expected["Retail/cost_visibility"][0] == [  # type: ignore[index]
        {"participant": "Zoë", "stage": "walk", "confidence": "high", "comment": "dashboards weekly",
         "source": "questionnaire"}]
