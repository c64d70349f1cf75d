"""``make bench`` keeps working: every benchmark runs once on the smallest workshop (no time is judged here)."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks import run_all


@pytest.mark.slow
def test_every_benchmark_runs_and_fills_its_row_of_the_table(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FINOPS_BENCH_DIR", str(tmp_path))
    rows = run_all.collect([10], run_all.QUICK)
    assert [row.measure for row in rows] == [
        "Bare PySide6 window shown (the floor)",
        "Main window shown, 10 BUs open",
        "  ratio to the bare window",
        "First chart drawn (from process start)",
        "  of which Charts tab opened -> chart drawn",
        "Open, 10 BUs",
        "Plan, 10 BUs",
        "Plan, nothing kept, 10 BUs",
        "Export, 10 BUs",
        "Edit -> grid shows it, 10 BUs",
        "Edit -> charts show it, 10 BUs overlaid",
        "Peak memory, window + first chart, 10 BUs",
        "Peak memory, open + plan + export, 10 BUs",
    ]
    for row in rows:
        assert row.value > 0, row
        assert row.low is None or 0 < row.low <= row.value <= (row.high or row.value), row
    printed = run_all.table(rows).splitlines()
    assert len(printed) == 2 + len(rows)
    assert all(row.measure.strip() in line for row, line in zip(rows, printed[2:], strict=True))
    assert list((tmp_path / "workshops").glob("synthetic-10-*.finops"))
