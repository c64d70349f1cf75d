"""``finops-workshop chart --heatmap`` of many business units: one picture per slide-sized page."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers.commands import digest, run
from tests.helpers.workshops import make_workshop_file


@pytest.fixture
def forty(tmp_path: Path) -> Path:
    units = [(f"Unit {i:02d}", 1000.0, {"cost_visibility": ("walk", "run")}) for i in range(1, 41)]
    return make_workshop_file(tmp_path / "forty.finops", units)


def test_every_page_is_its_own_picture(forty: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "chart", forty, "--heatmap", "--out", tmp_path / "heat.svg")
    assert (code, err) == (0, "")
    written = [tmp_path / f"heat-{page}.svg" for page in range(1, 5)]
    assert out.split("\n")[:4] == [f"wrote {path}" for path in written]
    assert not (tmp_path / "heat.svg").exists()
    texts = [path.read_text() for path in written]
    assert "units 1–10 of 40" in texts[0] and "units 31–40 of 40" in texts[3]
    assert "Unit 11" in texts[1] and "Unit 10" not in texts[1]


def test_one_page_asked_for_goes_to_out(forty: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "chart", forty, "--spread", "--page", "2", "--out", tmp_path / "votes.svg")
    assert (code, err) == (0, "")
    assert out.strip() == f"wrote {tmp_path / 'votes.svg'}"
    assert "units 11–20 of 40" in (tmp_path / "votes.svg").read_text()


@pytest.mark.parametrize(("args", "message"), [
    (["--heatmap", "--page", "5"], "error: --page 5: the heatmap has 4 pages (1 to 4)"),
    (["--heatmap", "--page", "0"], "error: --page 0: the heatmap has 4 pages (1 to 4)"),
    (["--org", "--page", "1"], "error: --page goes with --heatmap or --spread: only a heatmap comes in pages"),
])
def test_a_page_that_is_not_there_writes_nothing(forty: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                 args: list[str], message: str) -> None:
    before = digest(forty)
    code, out, err = run(capsys, "chart", forty, *args, "--out", tmp_path / "x.png")
    assert (code, out, err.strip()) == (2, "", message)
    assert list(tmp_path.glob("*.png")) == []
    assert digest(forty) == before
