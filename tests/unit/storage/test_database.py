"""sqlite-utils loads with the first write, without numpy; numpy imports as usual afterwards."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.helpers.workshops import make_workshop_file

REPO = Path(__file__).resolve().parents[3]


def run_python(code: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code), *args], cwd=REPO, capture_output=True,
                          text=True, timeout=120, check=False)


@pytest.mark.slow
def test_reading_needs_no_sqlite_utils_and_writing_loads_it_without_numpy(tmp_path: Path) -> None:
    path = make_workshop_file(tmp_path / "w.finops", [("Retail", 1000.0, {"cost_visibility": ("walk", "run")})])
    # The schema check's reference is built with sqlite-utils once, then kept in the user's cache.
    warm = run_python("from finops_desktop.storage.schema_check import reference_schema; reference_schema(1)")
    assert warm.returncode == 0, warm.stderr
    result = run_python("""
        import sys
        from finops_desktop.domain.workshop import Rating
        from finops_desktop.storage.workshop_file import WorkshopFile

        with WorkshopFile.open(sys.argv[1]) as file:
            bu = file.workshop.business_units[0]
            print("read:", file.workshop.rating(bu.id, "cost_visibility").current, "sqlite_utils" in sys.modules)
            file.set_rating(bu.id, "tagging_coverage", Rating("crawl"))
            print("written:", "sqlite_utils" in sys.modules, "numpy" in sys.modules)
        import numpy
        print("numpy afterwards:", numpy.arange(3).sum())
        with WorkshopFile.open(sys.argv[1], read_only=True) as file:
            print("kept:", file.workshop.rating(bu.id, "tagging_coverage").current)
    """, str(path))
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["read: walk False", "written: True False", "numpy afterwards: 3",
                                          "kept: crawl"]


@pytest.mark.slow
def test_numpy_loaded_already_stays_as_it_is(tmp_path: Path) -> None:
    path = make_workshop_file(tmp_path / "w.finops", [("Retail", None, {})])
    result = run_python("""
        import sys
        import numpy
        from finops_desktop.domain.workshop import Rating
        from finops_desktop.storage.workshop_file import WorkshopFile

        with WorkshopFile.open(sys.argv[1]) as file:
            file.set_rating(file.workshop.business_units[0].id, "tagging_coverage", Rating("run"))
        print("same numpy:", sys.modules["numpy"] is numpy)
    """, str(path))
    assert result.returncode == 0, result.stderr
    assert "same numpy: True" in result.stdout
