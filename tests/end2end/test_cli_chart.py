"""``finops-workshop chart``: valid PNG and SVG files from a real workshop; errors are one line, exit 2."""

from __future__ import annotations

import struct
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from finops_desktop.demo_workshop import write_demo
from tests.helpers.commands import digest, run

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"




def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == PNG_SIGNATURE and data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    path = tmp_path / "demo.finops"
    write_demo(path).close()
    return path


@pytest.mark.parametrize("what", [["--bu", "Payments"], ["--bu", "Payments", "Retail Banking", "--bu", "Insurance"],
                                  ["--org"], ["--heatmap"], ["--spread"]])
def test_png_at_print_size_and_svg_that_parses(demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                               what: list[str]) -> None:
    before = digest(demo)
    png, svg = tmp_path / "chart.png", tmp_path / "chart.svg"
    code, out, err = run(capsys, "chart", demo, *what, "--out", png)
    assert (code, err) == (0, "")
    assert out.strip() == f"wrote {png}"
    width, height = png_size(png)
    assert width >= 1600 and height >= 1000  # at least 8 × 5 inches at 200 dpi
    assert run(capsys, "chart", demo, *what, "--out", svg)[0] == 0
    root = ET.parse(svg).getroot()
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert digest(demo) == before  # read only


def test_rounds_can_be_chosen_and_compared(demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from finops_desktop.storage.workshop_file import WorkshopFile

    with WorkshopFile.open(demo) as file:
        file.add_round("Six months on")
    out = tmp_path / "compare.png"
    code, _, err = run(capsys, "chart", demo, "--bu", "Insurance", "--round", "six months on", "--compare",
                       "Baseline", "--out", out)
    assert (code, err) == (0, "")
    assert png_size(out)[0] > 1000
    assert run(capsys, "chart", demo, "--org", "--round", "Baseline", "--out", tmp_path / "o.svg")[0] == 0


def test_the_organisation_and_the_heatmap_compare_rounds(demo: Path, tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    from finops_desktop.domain.workshop import Rating
    from finops_desktop.storage.workshop_file import WorkshopFile

    with WorkshopFile.open(demo) as file:
        file.add_round("Six months on")
        bu = file.workshop.business_unit_named("Insurance")
        assert bu is not None
        file.set_rating(bu.id, "tagging_coverage", Rating("walk", "run"))
    org, heat = tmp_path / "org.svg", tmp_path / "heat.svg"
    assert run(capsys, "chart", demo, "--org", "--compare", "Baseline", "--out", org)[0] == 0
    assert run(capsys, "chart", demo, "--heatmap", "--compare", "Baseline", "--out", heat)[0] == 0
    org_svg = org.read_text()
    assert 'id="earlier"' in org_svg and "Mean in Baseline" in org_svg
    heat_svg = heat.read_text()
    assert "was Crawl" in heat_svg and "moved since Baseline (1 cell)" in heat_svg


@pytest.mark.parametrize(("args", "message"), [
    (["--bu", "Nobody"], "no business unit named 'Nobody'"),
    (["--org", "--heatmap"], "not allowed with"),
    ([], "one of the arguments --bu --org --heatmap --spread is required"),
    (["--org", "--round", "Later"], "no round named 'Later'"),
    (["--org", "--compare", "Baseline"], "--compare needs another round than the one drawn"),
    (["--heatmap", "--compare", "Nope"], "no round named 'Nope'"),
])
def test_bad_arguments_exit_2_with_one_line(demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                            args: list[str], message: str) -> None:
    out = tmp_path / "chart.png"
    code, stdout, err = run(capsys, "chart", demo, *args, "--out", out)
    assert code == 2 and stdout == ""
    assert err.startswith("error: ") and err.count("\n") == 1 and message in err
    assert not out.exists()


def test_bad_output_paths(demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "chart", demo, "--org", "--out", tmp_path / "chart.pdf")
    assert code == 2 and ".png or .svg" in err and err.count("\n") == 1
    code, _, err = run(capsys, "chart", demo, "--org", "--out", tmp_path / "missing" / "chart.png")
    assert code == 2 and "folder does not exist" in err
    code, _, err = run(capsys, "chart", tmp_path / "nothing.finops", "--org", "--out", tmp_path / "c.png")
    assert code == 2 and "no such file" in err


@pytest.mark.slow
def test_the_installed_command(demo: Path, tmp_path: Path) -> None:
    command = Path(sys.executable).with_name("finops-workshop")
    if not command.exists():
        pytest.skip("finops-workshop is not installed beside this Python")
    out = tmp_path / "radar.png"
    result = subprocess.run([str(command), "chart", str(demo), "--bu", "Payments", "--out", str(out)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert out.read_bytes()[:8] == PNG_SIGNATURE
    bad = subprocess.run([str(command), "chart", str(demo), "--bu", "Nobody", "--out", str(out)],
                         capture_output=True, text=True, timeout=120)
    assert bad.returncode == 2
    assert bad.stderr.startswith("error: ") and len(bad.stderr.strip().splitlines()) == 1
