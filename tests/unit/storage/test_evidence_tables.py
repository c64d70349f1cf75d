"""Billing evidence in the workshop file: aggregates and provenance kept, raw rows never, damaged values refused."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from finops_desktop.evidence.figures import figures_by_group
from finops_desktop.evidence.importer import keep_import
from finops_desktop.evidence.reader import BillingReader
from finops_desktop.storage.changes import Change, EvidenceChanged
from finops_desktop.storage.errors import CorruptFile
from finops_desktop.storage.workshop_file import WorkshopFile
from tests.helpers.billing import BY_ACCOUNT, two_units
from tests.helpers.workshops import make_workshop_file


@pytest.fixture
def workshop(tmp_path: Path) -> Path:
    return make_workshop_file(tmp_path / "w.finops", [("Retail", 10.0, {}), ("Payments", None, {}),
                                                      ("Lab", 5.0, {})])


def _summary(tmp_path: Path, **options: object) -> object:
    return BillingReader([two_units(**options).write(tmp_path / "export.csv")], BY_ACCOUNT).read()  # type: ignore[arg-type]


def test_an_import_reads_back_as_it_was_written(workshop: Path, tmp_path: Path) -> None:
    summary = _summary(tmp_path, rows_per_charge=2)
    heard: list[Change] = []
    with WorkshopFile.open(workshop) as file:
        file.add_listener(heard.append)
        record, report = keep_import(file, summary)  # type: ignore[arg-type]
        assert heard == [EvidenceChanged()]
    with WorkshopFile.open(workshop, read_only=True) as file:
        (stored_record,) = file.evidence_imports()
        stored = file.latest_evidence()
    assert stored is not None
    assert stored_record == record and stored.record == record
    assert record.files == summary.record.files  # type: ignore[attr-defined]
    assert sorted(stored.rows, key=repr) == sorted(summary.rows, key=repr)  # type: ignore[attr-defined]
    retail = next(bu for bu in report.units if bu.business_unit.name == "Retail")
    again = figures_by_group(stored.rows, {})["Retail"]
    assert again.monthly_spend == pytest.approx(retail.figures.monthly_spend)


def test_the_raw_rows_are_never_stored(workshop: Path, tmp_path: Path) -> None:
    summary = _summary(tmp_path, rows_per_charge=4)
    with WorkshopFile.open(workshop) as file:
        keep_import(file, summary)  # type: ignore[arg-type]
    conn = sqlite3.connect(workshop)
    stored_sums = conn.execute("SELECT COUNT(*) FROM evidence_sums").fetchone()[0]
    descriptions = conn.execute("SELECT COUNT(*) FROM sqlite_master WHERE sql LIKE '%ChargeDescription%'").fetchone()
    conn.close()
    assert stored_sums == len(summary.rows) < summary.record.row_count / 4  # type: ignore[attr-defined]
    assert descriptions[0] == 0


def test_apply_spend_sets_matched_units_in_one_step(workshop: Path, tmp_path: Path) -> None:
    export = two_units()
    summary = BillingReader([export.write(tmp_path / "export.csv")], BY_ACCOUNT).read()
    with WorkshopFile.open(workshop) as file:
        keep_import(file, summary, apply_spend=True)
        spend = {bu.name: bu.monthly_spend for bu in file.workshop.business_units}
    assert spend["Retail"] == pytest.approx(export.expected("Retail").monthly_spend, abs=0.01)
    assert spend["Payments"] == pytest.approx(export.expected("Payments").monthly_spend, abs=0.01)
    assert spend["Lab"] == 5.0  # no data for it: its typed spend stays


def test_a_failed_apply_leaves_the_file_as_it_was(workshop: Path, tmp_path: Path) -> None:
    from finops_desktop.evidence.errors import EvidenceError

    summary = _summary(tmp_path, currency="EUR")
    before = workshop.read_bytes()
    with WorkshopFile.open(workshop) as file, pytest.raises(EvidenceError, match="in EUR and the workshop's"):
        keep_import(file, summary, apply_spend=True)  # type: ignore[arg-type]
    assert workshop.read_bytes() == before


def test_a_write_that_fails_half_way_keeps_nothing(workshop: Path, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    summary = _summary(tmp_path)
    with WorkshopFile.open(workshop) as file:
        real = file.update_business_unit
        calls = []

        def fail_second(*args: object, **kwargs: object) -> object:
            calls.append(args)
            if len(calls) == 2:
                raise sqlite3.OperationalError("disk I/O error")
            return real(*args, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(file, "update_business_unit", fail_second)
        with pytest.raises(sqlite3.OperationalError):
            keep_import(file, summary, apply_spend=True)  # type: ignore[arg-type]
        assert file.evidence_imports() == []
        assert file.workshop.business_unit_named("Retail").monthly_spend == 10.0  # type: ignore[union-attr]


def test_a_file_knows_whether_it_holds_evidence_before_reading_any(workshop: Path, tmp_path: Path) -> None:
    with WorkshopFile.open(workshop) as file:
        assert not file.has_evidence() and file.latest_evidence() is None
        keep_import(file, _summary(tmp_path))  # type: ignore[arg-type]
        assert file.has_evidence()
        stored = file.latest_evidence()
        assert stored is not None and stored.rows


@pytest.mark.parametrize(("sql", "reason"), [
    ("UPDATE evidence_sums SET effective_cost = 'lots'", "must be an amount of money, not 'lots'"),
    ("UPDATE evidence_sums SET covered_cost = 1e300", "beyond any bill"),
    ("UPDATE evidence_imports SET currency = 'dollars'", "three-letter code"),
    ("UPDATE evidence_values SET value = 'Ret' || char(8238) || 'ail'", "value in the billing data contains"),
    ("UPDATE evidence_sums SET charge_day = 'yesterday'", "yesterday"),
    ("UPDATE evidence_files SET sha256 = 42", "SHA-256 expected"),
    ("UPDATE evidence_files SET name = x'41'", "text expected"),
    ("UPDATE evidence_imports SET billing_periods = '{\"a\": 1}'", "lists expected"),
    ("UPDATE evidence_sums SET row_count = -1", "count expected"),
])
def test_damaged_evidence_is_refused_on_reading(workshop: Path, tmp_path: Path, sql: str, reason: str) -> None:
    with WorkshopFile.open(workshop) as file:
        keep_import(file, _summary(tmp_path))  # type: ignore[arg-type]
    conn = sqlite3.connect(workshop)
    with conn:
        conn.execute(sql)
    conn.close()
    with WorkshopFile.open(workshop, read_only=True) as file, pytest.raises(CorruptFile, match=reason):
        file.latest_evidence()


def test_an_older_file_gains_the_evidence_tables(tmp_path: Path) -> None:
    from sqlite_utils import Database

    from finops_desktop.storage import schema
    from tests.helpers.workshops import make_older_workshop_file

    path = make_older_workshop_file(tmp_path / "old.finops", stop_before="004_billing_evidence")
    with WorkshopFile.open(path, read_only=True) as file:
        assert file.evidence_imports() == [] and file.latest_evidence() is None and not file.has_evidence()
    with WorkshopFile.open(path) as file:
        assert file.evidence_imports() == []
    assert not schema.migrations.pending(Database(path))


def test_a_value_the_gate_refuses_refuses_the_import(workshop: Path, tmp_path: Path) -> None:
    from dataclasses import replace

    from finops_desktop.evidence.records import BillingSummary
    from finops_desktop.storage.errors import InvalidEdit

    summary = _summary(tmp_path)
    hidden = "Ret\u202eail"  # a right-to-left override makes one name read as another
    rows = tuple(replace(r, bu_value=hidden) if r.bu_value == "Retail" else r for r in summary.rows)  # type: ignore[attr-defined]
    before = workshop.read_bytes()
    with WorkshopFile.open(workshop) as file, pytest.raises(InvalidEdit, match="value in the billing data contains"):
        keep_import(file, BillingSummary(summary.record, rows))  # type: ignore[attr-defined]
    assert workshop.read_bytes() == before


# -- values a crafted file can hold: refused as the file's, never a crash or a three-hundred-digit message -----------

_DEEP = "[" * 20000 + "]" * 20000  # 40 KB: under the file's text limit, beyond the JSON parser's recursion


@pytest.mark.parametrize("column", ["allocation_tags", "billing_periods"])
@pytest.mark.parametrize("read", ["latest_evidence", "evidence_imports"])
def test_deeply_nested_json_is_refused_as_the_file_holding_values_it_cannot_have(
        workshop: Path, tmp_path: Path, column: str, read: str) -> None:
    with WorkshopFile.open(workshop) as file:
        keep_import(file, _summary(tmp_path))  # type: ignore[arg-type]
    conn = sqlite3.connect(workshop)
    with conn:
        conn.execute(f"UPDATE evidence_imports SET {column} = ?", (_DEEP,))
    conn.close()
    with WorkshopFile.open(workshop, read_only=True) as file, pytest.raises(
            CorruptFile, match=r"billing evidence holds values it cannot have \(lists expected"):
        getattr(file, read)()


def test_an_amount_beyond_any_bill_is_named_in_a_few_digits(workshop: Path, tmp_path: Path) -> None:
    with WorkshopFile.open(workshop) as file:
        keep_import(file, _summary(tmp_path))  # type: ignore[arg-type]
    conn = sqlite3.connect(workshop)
    with conn:
        conn.execute("UPDATE evidence_sums SET covered_cost = 1e308")
    conn.close()
    with WorkshopFile.open(workshop, read_only=True) as file, pytest.raises(CorruptFile) as caught:
        file.latest_evidence()
    assert "the billing amount lies beyond any bill (1e+308)" in str(caught.value)
    assert len(str(caught.value)) < 300


@pytest.mark.parametrize("where", ["a file's row count", "a file's size", "a sum's row count"])
def test_a_count_that_is_not_one_is_refused_by_the_edit_gate(workshop: Path, tmp_path: Path, where: str) -> None:
    import dataclasses

    from finops_desktop.storage.errors import InvalidEdit

    summary = _summary(tmp_path)
    record = summary.record  # type: ignore[attr-defined]
    if where == "a sum's row count":  # what a warehouse summary saying -5 once reached (a raw ValueError)
        first = summary.rows[0]  # type: ignore[attr-defined]
        rows = (dataclasses.replace(first, sums=dataclasses.replace(first.sums, row_count=-5)),
                *summary.rows[1:])  # type: ignore[attr-defined]
        bad = dataclasses.replace(summary, rows=rows)  # type: ignore[type-var]
    else:
        field = "size" if where == "a file's size" else "row_count"
        files = (dataclasses.replace(record.files[0], **{field: -5}),)
        bad = dataclasses.replace(summary, record=dataclasses.replace(record, files=files))  # type: ignore[type-var]
    before = workshop.read_bytes()
    with WorkshopFile.open(workshop) as file, pytest.raises(InvalidEdit, match="a count expected, not -5"):
        keep_import(file, bad)  # type: ignore[arg-type]
    assert workshop.read_bytes() == before


@pytest.fixture(scope="module")
def stored_import(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("stored")
    path = make_workshop_file(folder / "w.finops", [("Retail", 10.0, {})])
    with WorkshopFile.open(path) as file:
        keep_import(file, _summary(folder))  # type: ignore[arg-type]
    return path


_JSONISH = st.text(st.sampled_from('[]{}",:0123456789.-e ntrufalsx\\'), max_size=60) | st.builds(
    lambda depth, inner: "[" * depth + inner + "]" * depth, st.integers(0, 30000), st.sampled_from(['', '"a"', '1']))


@settings(max_examples=150, deadline=None)
@given(column=st.sampled_from(["allocation_tags", "billing_periods"]), text=_JSONISH)
def test_any_stored_json_reads_as_lists_of_text_or_is_refused(stored_import: Path, column: str, text: str) -> None:
    from finops_desktop.storage.evidence_tables import read_imports

    conn = sqlite3.connect(":memory:")
    source = sqlite3.connect(stored_import)
    source.backup(conn)
    source.close()
    conn.execute(f"UPDATE evidence_imports SET {column} = ?", (text,))
    try:
        (record,) = read_imports(conn, stored_import)
    except CorruptFile as exc:
        assert "billing evidence holds values it cannot have" in str(exc)
        return
    finally:
        conn.close()
    assert all(isinstance(tag, str) for tag in record.allocation_tags)
