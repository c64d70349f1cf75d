"""Billing files as received: a name DuckDB could take as a pattern, figures no bill has, and no network.

A file named ``*.csv`` must be read as that one file (DuckDB expands ``*``, ``?`` and ``[``
in the paths it is given); ``nan``, ``inf`` and ``1e308`` are numbers to DuckDB but no cost,
so they are refused with the file's name before anything is shown or kept.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import duckdb
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from finops_desktop.evidence import reader as reader_module
from finops_desktop.evidence.errors import EvidenceError
from finops_desktop.evidence.offline_duckdb import connect_offline, literal_path
from finops_desktop.evidence.reader import BillingReader
from finops_desktop.evidence.synthetic import SyntheticExport
from tests.helpers.billing import BY_ACCOUNT, two_units

EXPORT: SyntheticExport = two_units()
ROWS = sum(1 for _ in EXPORT.rows())


def _rows_and_cost(paths: list[Path]) -> tuple[int, float, list[int]]:
    summary = BillingReader(paths, BY_ACCOUNT).read()
    return (summary.record.row_count, sum(r.sums.effective_cost for r in summary.rows),
            [f.row_count for f in summary.record.files])


def _message(paths: list[Path]) -> str:
    with pytest.raises(EvidenceError) as caught:
        BillingReader(paths, BY_ACCOUNT).read()
    return str(caught.value)


@pytest.fixture(scope="module")
def one_export(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, float]:
    path = EXPORT.write(tmp_path_factory.mktemp("one") / "jan.csv")
    rows, cost, _ = _rows_and_cost([path])
    assert rows == ROWS
    return path, cost


# -- 8: a name DuckDB would expand as a pattern ----------------------------------------------------------------------

@pytest.mark.parametrize("name", ["*.csv", "?an.csv", "[jb]an.csv", "j[!x]n.csv", "**.csv", "{jan,feb}.csv",
                                  "[.csv", "]an.csv"])
def test_a_file_named_like_a_pattern_reads_only_itself(tmp_path: Path, one_export: tuple[Path, float],
                                                       name: str) -> None:
    source, cost = one_export
    shutil.copy(source, tmp_path / "jan.csv")
    shutil.copy(source, tmp_path / "ban.csv")
    shutil.copy(source, tmp_path / name)
    rows, total, per_file = _rows_and_cost([tmp_path])
    assert per_file == [ROWS, ROWS, ROWS]  # each file read once, as itself
    assert rows == 3 * ROWS and total == pytest.approx(3 * cost)


@pytest.mark.parametrize("folder", ["Q1 [final]", "sub*", "a?b", "[x]"])
def test_a_folder_named_like_a_pattern_reads_only_its_files(tmp_path: Path, one_export: tuple[Path, float],
                                                            folder: str) -> None:
    source, _ = one_export
    for sibling in ("Q1 f", "sub1", "axb", "x"):  # what each pattern would match instead
        (tmp_path / sibling).mkdir()
        shutil.copy(source, tmp_path / sibling / "jan.csv")
    (tmp_path / folder).mkdir()
    shutil.copy(source, tmp_path / folder / "jan.csv")
    assert _rows_and_cost([tmp_path / folder / "jan.csv"])[0] == ROWS
    assert _rows_and_cost([tmp_path / folder])[2] == [ROWS]


def test_a_relative_path_starting_with_a_tilde_is_not_the_home_folder(tmp_path: Path, one_export: tuple[Path, float],
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    source, _ = one_export
    (tmp_path / "~").mkdir()
    shutil.copy(source, tmp_path / "~" / "jan.csv")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HOME", str(tmp_path / "elsewhere"))
    assert _rows_and_cost([Path("~/jan.csv")])[0] == ROWS


_NAME_CHARACTERS = st.sampled_from("ab*?[]{}!^-,~ .'\\é")


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(stem=st.text(_NAME_CHARACTERS, min_size=1, max_size=8))
@example(stem="\\?")  # DuckDB cannot make a path of it at all
@example(stem="*")
def test_any_file_name_is_read_as_that_one_file(one_export: tuple[Path, float], stem: str) -> None:
    source, cost = one_export
    name = stem + ".csv"
    with tempfile.TemporaryDirectory() as folder:
        shutil.copy(source, Path(folder) / "a.csv")
        shutil.copy(source, Path(folder) / "ab.csv")
        if name.startswith(".") or name in ("a.csv", "ab.csv"):
            return  # a hidden file is not part of a folder; a name taken already is the same file
        try:
            shutil.copy(source, Path(folder) / name)
        except OSError:
            return  # a name this file system refuses
        try:
            _, total, per_file = _rows_and_cost([Path(folder)])
        except EvidenceError as exc:  # DuckDB cannot be told that a backslash beside * ? [ is literal
            assert "\\" in name and any(c in name for c in "*?[")
            assert str(exc).startswith(f"{name} cannot be read as one file: its path holds characters")
            return
    assert per_file == [ROWS, ROWS, ROWS]
    assert total == pytest.approx(3 * cost)


def test_a_name_the_reader_cannot_take_literally_is_refused_naming_it(tmp_path: Path,
                                                                     one_export: tuple[Path, float]) -> None:
    source, _ = one_export
    shutil.copy(source, tmp_path / "?.csv")  # what '?\.csv' would match, were the backslash an escape
    shutil.copy(source, tmp_path / "?\\.csv")
    message = _message([tmp_path / "?\\.csv"])
    assert message.startswith("?\\.csv cannot be read as one file: its path holds characters (* ? [ and \\)")


def test_the_synthetic_export_writes_parquet_under_a_pattern_name(tmp_path: Path) -> None:
    (tmp_path / "tx.parquet.staging.csv").write_text("not,a,focus\nexport,at,all\n")  # what 't*' would also match
    path = EXPORT.write(tmp_path / "t*.parquet", "parquet")
    assert _rows_and_cost([path])[0] == ROWS


# -- DuckDB stays offline and reads only the files named -------------------------------------------------------------

def test_the_connection_installs_and_loads_nothing_and_reads_only_its_files(tmp_path: Path) -> None:
    mine = EXPORT.write(tmp_path / "mine.csv")
    other = EXPORT.write(tmp_path / "other.csv")
    with connect_offline([mine], memory_limit="256MB") as con:
        names = ("autoinstall_known_extensions", "autoload_known_extensions", "enable_external_access",
                 "lock_configuration", "allow_community_extensions")
        found = {name: value for name, value in con.execute("SELECT name, value FROM duckdb_settings()").fetchall()
                 if name in names}
        assert found == {"autoinstall_known_extensions": "false", "autoload_known_extensions": "false",
                         "enable_external_access": "false", "lock_configuration": "true",
                         "allow_community_extensions": "false"}
        assert con.execute("SELECT count(*) FROM read_csv(?)", [literal_path(mine)]).fetchone() == (ROWS,)
        for refused in (f"SELECT count(*) FROM read_csv('{literal_path(other)}')",
                        f"SELECT count(*) FROM read_csv('{tmp_path}/*.csv')",
                        "SELECT * FROM read_csv('https://example.invalid/export.csv')",
                        "INSTALL httpfs", "LOAD httpfs",
                        f"COPY (SELECT 1) TO '{tmp_path}/written.csv'",
                        "SET enable_external_access = true", "SET autoinstall_known_extensions = true"):
            with pytest.raises(duckdb.Error):
                con.execute(refused)
    assert not (tmp_path / "written.csv").exists()


def test_the_reader_uses_the_offline_connection(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = EXPORT.write(tmp_path / "export.csv")
    seen: list[dict[str, str]] = []
    real = reader_module.connect_offline

    def recording(*args: object, **kwargs: object) -> duckdb.DuckDBPyConnection:
        con = real(*args, **kwargs)  # type: ignore[arg-type]
        seen.append(dict(con.execute("SELECT name, value FROM duckdb_settings()").fetchall()))
        return con

    monkeypatch.setattr(reader_module, "connect_offline", recording)
    assert BillingReader([path], BY_ACCOUNT).read().record.row_count == ROWS
    (found,) = seen
    assert found["autoinstall_known_extensions"] == found["autoload_known_extensions"] == "false"
    assert found["enable_external_access"] == "false" and found["lock_configuration"] == "true"
    assert found["memory_limit"] != "" and found["preserve_insertion_order"] == "false"


# -- 12: figures no bill has ------------------------------------------------------------------------------------------

def _with_cost(tmp_path: Path, value: str, *, name: str = "export.csv", line: int = 5) -> Path:
    path = EXPORT.write(tmp_path / name)
    lines = path.read_text().splitlines()
    header = lines[0].split(",")
    cells = lines[line].split(",")
    cells[header.index("EffectiveCost")] = value
    lines[line] = ",".join(cells)
    path.write_text("\n".join(lines) + "\n")
    return path


@pytest.mark.parametrize(("value", "expected"), [
    ("nan", "export.csv: the effective cost comes to nan, which is not an amount"),
    ("inf", "export.csv: the effective cost comes to inf, which is not an amount"),
    ("-inf", "export.csv: the effective cost comes to -inf, which is not an amount"),
    ("1e308", "export.csv: the effective cost comes to 1e+308, beyond any bill (at most 1e+15 either way)"),
    ("-2e15", "export.csv: the effective cost comes to -2e+15, beyond any bill"),
])
def test_a_cost_no_bill_has_is_refused_naming_the_file(tmp_path: Path, value: str, expected: str) -> None:
    message = _message([_with_cost(tmp_path, value)])
    assert message.startswith(expected)
    assert len(message) < 200  # a number of three hundred digits is no message


def test_costs_beyond_any_bill_only_together_are_refused(tmp_path: Path) -> None:
    first = _with_cost(tmp_path, "9e14", name="first.csv")
    second = _with_cost(tmp_path, "9e14", name="second.csv")
    for path in (first, second):
        assert _rows_and_cost([path])[0] == ROWS
    assert _message([first, second]).startswith("the billing files together: the effective cost comes to 1.8e+15")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=st.floats(allow_nan=True, allow_infinity=True) | st.sampled_from(["nan", "NaN", "inf", "-Infinity",
                                                                                  "1e309", "-1e308"]))
def test_a_read_gives_finite_figures_within_any_bill_or_a_clear_refusal(value: float | str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = _with_cost(Path(folder), repr(value) if isinstance(value, float) else value)
        try:
            summary = BillingReader([path], BY_ACCOUNT).read()
        except EvidenceError as exc:
            assert str(exc).startswith("export.csv: the effective cost comes to ") and len(str(exc)) < 200
            return
    for row in summary.rows:
        for cost in (row.sums.effective_cost, row.sums.usage_effective_cost):
            assert abs(cost) <= 1e15  # and so finite: nan fails every comparison
