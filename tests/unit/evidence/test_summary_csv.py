"""A warehouse summary CSV as received: every figure a bill can have, or a refusal naming the line and column."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from finops_desktop.evidence.errors import EvidenceError
from finops_desktop.evidence.query import OUTPUT_COLUMNS, SUM_COLUMNS
from finops_desktop.evidence.summary_csv import read_summary

ROW = {"bu_value": "BU0", "currency": "EUR", "billing_period": "2026-01-01", "charge_day": "2026-01-02",
       "row_count": "5", "effective_cost": "100", "allocated_cost": "", "covered_cost": "0", "on_demand_cost": "0",
       "used_commitment_cost": "0", "unused_commitment_cost": "0", "usage_list_cost": "0",
       "usage_effective_cost": "0"}


def _summary_file(folder: Path, *rows: dict[str, str]) -> Path:
    path = folder / "summary.csv"
    lines = [",".join(OUTPUT_COLUMNS)] + [",".join({**ROW, **row}[c] for c in OUTPUT_COLUMNS) for row in rows]
    path.write_text("\n".join(lines) + "\n")
    return path


def _message(path: Path) -> str:
    with pytest.raises(EvidenceError) as caught:
        read_summary(path)
    return str(caught.value)


def test_a_plain_summary_is_read(tmp_path: Path) -> None:
    summary = read_summary(_summary_file(tmp_path, {}, {"charge_day": "2026-01-03", "row_count": "7.0"}))
    assert summary.record.row_count == 12
    assert [r.sums.effective_cost for r in summary.rows] == [100.0, 100.0]


@pytest.mark.parametrize(("cell", "expected"), [
    ({"row_count": "-5"}, "summary.csv, line 3: row_count is '-5', which is not a number of rows"),
    ({"row_count": "2.5"}, "summary.csv, line 3: row_count is '2.5', which is not a number of rows"),
    ({"row_count": "1e300"}, "summary.csv, line 3: row_count is '1e300', which is not a number of rows"),
    ({"row_count": "nan"}, "summary.csv, line 3: row_count is 'nan', which is not a finite number"),
    ({"effective_cost": "inf"}, "summary.csv, line 3: effective_cost is 'inf', which is not a finite number"),
    ({"covered_cost": "1e308"}, "summary.csv, line 3: covered_cost is 1e+308, beyond any bill (at most 1e+15"),
    ({"usage_list_cost": "-" + "9" * 400}, "summary.csv, line 3: usage_list_cost is '-99999999999999999999"),
    ({"allocated_cost": "lots"}, "summary.csv, line 3: allocated_cost is 'lots', which is not a number"),
])
def test_a_figure_no_bill_has_is_refused_naming_line_and_column(tmp_path: Path, cell: dict[str, str],
                                                                expected: str) -> None:
    message = _message(_summary_file(tmp_path, {}, {"charge_day": "2026-01-03", **cell}))
    assert message.startswith(expected)
    assert len(message) < 200


def test_sums_beyond_any_bill_only_together_are_refused(tmp_path: Path) -> None:
    path = _summary_file(tmp_path, {"effective_cost": "9e14"}, {"effective_cost": "9e14"})  # the same day twice
    assert _message(path).startswith("summary.csv, line 3: the effective cost comes to 1.8e+15, beyond any bill")


def test_nothing_is_written_when_the_summary_is_refused(tmp_path: Path) -> None:
    from finops_desktop.storage.workshop_file import WorkshopFile
    from tests.helpers.workshops import make_workshop_file

    workshop = make_workshop_file(tmp_path / "w.finops", [("BU0", 10.0, {})])
    before = workshop.read_bytes()
    path = _summary_file(tmp_path, {"row_count": "-5"})
    with WorkshopFile.open(workshop) as file:
        with pytest.raises(EvidenceError):
            read_summary(path)
        assert file.evidence_imports() == []
    assert workshop.read_bytes() == before


_NUMBER_TEXT = (st.floats(allow_nan=True, allow_infinity=True).map(repr)
                | st.integers(min_value=-(10**20), max_value=10**20).map(str)
                | st.text(st.sampled_from("0123456789-+.eE ninfa,"), max_size=12))


@settings(max_examples=200, deadline=None)
@given(column=st.sampled_from(SUM_COLUMNS), text=_NUMBER_TEXT)
def test_any_cell_gives_a_bill_or_a_refusal_naming_its_line_and_column(column: str, text: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = _summary_file(Path(folder), {column: text.replace(",", "")})
        try:
            summary = read_summary(path)
        except EvidenceError as exc:
            assert str(exc).startswith(f"summary.csv, line 2: {column} is ") and len(str(exc)) < 200
            return
    (row,) = summary.rows
    assert isinstance(row.sums.row_count, int) and 0 <= row.sums.row_count <= 2**53
    for name in SUM_COLUMNS[1:]:
        value = getattr(row.sums, name)
        cell = text if name == column else ROW[name]
        assert value is None if name == "allocated_cost" and not cell.strip() else abs(value) <= 1e15
