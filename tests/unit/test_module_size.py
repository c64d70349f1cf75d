"""No module of the app grows past 500 lines: a file that does everything is the next god class."""

from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "finops_desktop"
LIMIT = 500


def test_every_module_stays_under_500_lines() -> None:
    sizes = {str(path.relative_to(PACKAGE)): len(path.read_text(encoding="utf-8").splitlines())
             for path in PACKAGE.rglob("*.py")}
    assert len(sizes) > 50
    assert {name: lines for name, lines in sizes.items() if lines > LIMIT} == {}
