"""The workshop file: edits written at once, bad files refused without a byte changed."""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path

import pytest
from sqlite_utils import Database

from finops_desktop.domain.values import MAX_NAME_LENGTH
from finops_desktop.domain.workshop import Rating, WorkshopInfo
from finops_desktop.storage import schema
from finops_desktop.storage.errors import (
    CorruptFile,
    FileInUse,
    FileMissing,
    InvalidEdit,
    NewerFileVersion,
    NotAWorkshopFile,
    ReadOnlyFile,
)
from finops_desktop.storage.workshop_file import WorkshopFile
from tests.helpers.commands import digest
from tests.helpers.workshops import default_model, make_workshop_file


def folder_listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    return make_workshop_file(tmp_path / "sample.finops", [
        ("Retail", 1000.0, {"tagging_coverage": ("crawl", "walk"), "cost_visibility": ("walk", None)}),
        ("Payments", 3000.0, {"commitment_strategy": ("run", "run")}),
    ])


def test_new_file_is_sqlite_with_our_application_id_version_and_a_baseline_round(workshop_path: Path) -> None:
    WorkshopFile.create(workshop_path, WorkshopInfo("Acme", "2026-11-27", "Sam"), default_model()).close()
    conn = sqlite3.connect(workshop_path)
    assert conn.execute("PRAGMA application_id").fetchone()[0] == schema.APPLICATION_ID
    assert conn.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    assert conn.execute("SELECT name FROM rounds").fetchall() == [("Baseline",)]
    assert conn.execute("SELECT model_id FROM model").fetchall() == [("finops-crawl-walk-run",)]
    conn.close()


def test_schema_version_counts_the_migrations() -> None:
    assert len(schema.migrations.pending(Database(memory=True))) == schema.SCHEMA_VERSION


def test_every_edit_is_in_the_file_at_once_for_another_reader(sample: Path) -> None:
    with WorkshopFile.open(sample) as file:
        bu = file.workshop.business_unit_named("Retail")
        assert bu is not None
        file.set_rating(bu.id, "anomaly_detection", Rating("walk", "run", "high", "alerts exist", "CFO"))
        # Without closing: a second, read-only connection sees the edit.
        with WorkshopFile.open(sample, read_only=True) as reader:
            assert reader.workshop.rating(bu.id, "anomaly_detection") == Rating("walk", "run", "high", "alerts exist",
                                                                                "CFO")


def test_round_trip_of_every_edit(sample: Path) -> None:
    with WorkshopFile.open(sample) as file:
        retail = file.workshop.business_unit_named("Retail")
        assert retail
        file.update_business_unit(retail.id, monthly_spend=1234.5, owner="Ana", notes="line 1\nline 2",
                                  annual_growth=25)
        file.rename_business_unit(retail.id, "Retail Banking")
        new = file.add_business_unit("Data", monthly_spend=None, owner="Bo")
        file.move_business_unit(new.id, 0)
        file.set_rating(new.id, "tagging_coverage", Rating("crawl").with_indicator("allocation_coverage", 42.5))
        file.set_info(client="Acme Corp", facilitator="Jo", date="2027-01-01", currency="EUR")
        file.set_waste_assumption("commitment_strategy", "crawl", 0.2, "Higher on-demand share here.")
        file.add_round("Six months on")
        expected = file.workshop
    with WorkshopFile.open(sample, read_only=True) as again:
        assert again.workshop == expected
        assert [b.name for b in again.workshop.business_units] == ["Data", "Retail Banking", "Payments"]
        assert again.workshop.waste("commitment_strategy", "crawl").share == 0.2
        # The new round starts from the previous round's ratings.
        assert again.workshop.rating(new.id, "tagging_coverage").indicator("allocation_coverage") == 42.5


def test_remove_and_restore_brings_back_the_ratings(sample: Path) -> None:
    with WorkshopFile.open(sample) as file:
        retail = file.workshop.business_unit_named("Retail")
        assert retail
        before = dict(file.workshop.ratings)
        removed = file.remove_business_unit(retail.id)
        assert file.workshop.business_unit_named("Retail") is None
        assert all(key[1] != retail.id for key in file.workshop.ratings)
        file.restore_business_unit(removed)
        assert file.workshop.ratings == before
        assert [b.name for b in file.workshop.business_units] == ["Retail", "Payments"]
    with WorkshopFile.open(sample, read_only=True) as again:
        assert again.workshop.ratings == before


def test_history_is_append_only_and_records_every_change(sample: Path) -> None:
    with WorkshopFile.open(sample) as file:
        retail = file.workshop.business_unit_named("Retail")
        assert retail
        file.set_rating(retail.id, "tagging_coverage", Rating("walk", "run"))
        file.set_rating(retail.id, "tagging_coverage", Rating())
        history = [(h["dimension_id"], h["current"], h["target"]) for h in file.rating_history(retail.id)]
        assert history[-2:] == [("tagging_coverage", "walk", "run"), ("tagging_coverage", None, None)]
        assert all(h["at"] for h in file.rating_history())
    conn = sqlite3.connect(sample)
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        conn.execute("DELETE FROM rating_history")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        conn.execute("UPDATE rating_history SET current = 'run'")
    conn.close()


def test_listeners_hear_what_changed(sample: Path) -> None:
    heard = []
    with WorkshopFile.open(sample) as file:
        file.add_listener(heard.append)
        bu = file.workshop.business_units[0]
        file.set_rating(bu.id, "finops_ownership", Rating("walk"))
        assert [(c.kind, c.bu_id, c.dimension_id) for c in heard] == [("rating", bu.id, "finops_ownership")]


@pytest.mark.parametrize(
    ("content", "error", "words"),
    [
        (os.urandom(4096), NotAWorkshopFile, "not a SQLite database"),
        (b"", NotAWorkshopFile, "empty"),
        (b"Client,Spend\nAcme,100\n", NotAWorkshopFile, "not a SQLite database"),
    ],
)
def test_files_that_are_not_sqlite_are_refused_unchanged(tmp_path: Path, content: bytes, error: type,
                                                          words: str) -> None:
    path = tmp_path / "bad.finops"
    path.write_bytes(content)
    before = digest(path)
    for read_only in (False, True):
        with pytest.raises(error, match=words) as caught:
            WorkshopFile.open(path, read_only=read_only)
        assert "\n" not in str(caught.value)
    assert digest(path) == before
    assert folder_listing(tmp_path) == ["bad.finops"]


def test_another_applications_sqlite_file_is_refused_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "places.sqlite"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE bookmarks (url TEXT)")
    conn.commit()
    conn.close()
    before = digest(path)
    with pytest.raises(NotAWorkshopFile, match="another application"):
        WorkshopFile.open(path)
    assert digest(path) == before


@pytest.mark.parametrize("keep", [50, 1024, 4096 + 100])
def test_truncated_file_is_refused_unchanged(sample: Path, keep: int) -> None:
    sample.write_bytes(sample.read_bytes()[:keep])
    before = digest(sample)
    with pytest.raises((CorruptFile, NotAWorkshopFile)) as caught:
        WorkshopFile.open(sample)
    assert "damaged" in str(caught.value) or "truncated" in str(caught.value)
    assert digest(sample) == before


def test_corrupted_pages_are_refused_unchanged(sample: Path) -> None:
    data = bytearray(sample.read_bytes())
    page = 4096
    for offset in range(page, len(data), 7):  # damage everything after the first page
        data[offset] = (data[offset] + 0x5A) % 256
    sample.write_bytes(bytes(data))
    before = digest(sample)
    with pytest.raises(CorruptFile, match="damaged"):
        WorkshopFile.open(sample)
    assert digest(sample) == before


def test_newer_file_is_refused_unchanged(sample: Path) -> None:
    conn = sqlite3.connect(sample)
    conn.execute(f"PRAGMA user_version = {schema.SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()
    before = digest(sample)
    with pytest.raises(NewerFileVersion, match="newer version"):
        WorkshopFile.open(sample)
    with pytest.raises(NewerFileVersion):
        WorkshopFile.open(sample, read_only=True)
    assert digest(sample) == before


def test_missing_path_and_directory(tmp_path: Path) -> None:
    with pytest.raises(FileMissing, match="no such file"):
        WorkshopFile.open(tmp_path / "nowhere.finops")
    with pytest.raises(NotAWorkshopFile, match="folder"):
        WorkshopFile.open(tmp_path)
    assert folder_listing(tmp_path) == []


def test_read_only_file_cannot_be_opened_for_writing_but_can_be_read(sample: Path) -> None:
    sample.chmod(stat.S_IRUSR | stat.S_IRGRP)
    before = digest(sample)
    try:
        with pytest.raises(ReadOnlyFile, match="read-only"):
            WorkshopFile.open(sample)
        with WorkshopFile.open(sample, read_only=True) as file:
            assert file.read_only
            with pytest.raises(ReadOnlyFile):
                file.add_business_unit("New")
        assert digest(sample) == before
    finally:
        sample.chmod(stat.S_IRUSR | stat.S_IWUSR)


def test_read_only_folder_is_refused_for_writing(sample: Path) -> None:
    folder = sample.parent
    folder.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        with pytest.raises(ReadOnlyFile, match="folder is read-only"):
            WorkshopFile.open(sample)
        with pytest.raises(ReadOnlyFile, match="folder is read-only"):
            WorkshopFile.create(folder / "another.finops", WorkshopInfo("X"), default_model())
    finally:
        folder.chmod(stat.S_IRWXU)


def test_second_editor_is_refused_and_readers_still_read(sample: Path) -> None:
    with WorkshopFile.open(sample) as file:
        with pytest.raises(FileInUse, match="open for editing in another window"):
            WorkshopFile.open(sample)
        with WorkshopFile.open(sample, read_only=True) as reader:
            assert len(reader.workshop.business_units) == 2
        file.add_business_unit("Still editing")
    with WorkshopFile.open(sample) as again:  # the lock went with the close
        assert again.workshop.business_unit_named("Still editing")


def test_create_refuses_an_existing_file(sample: Path) -> None:
    before = digest(sample)
    with pytest.raises(InvalidEdit, match="already exists"):
        WorkshopFile.create(sample, WorkshopInfo("X"), default_model())
    assert digest(sample) == before


def test_save_as_copies_everything_and_opens_the_copy(sample: Path, tmp_path: Path) -> None:
    with WorkshopFile.open(sample) as file:
        expected = file.workshop
        copy = file.save_as(tmp_path / "copy.finops")
    with copy:
        assert copy.workshop == expected
        copy.add_business_unit("Only in the copy")
    with WorkshopFile.open(sample, read_only=True) as original:
        assert original.workshop.business_unit_named("Only in the copy") is None
    assert ".copy.finops.partial" not in folder_listing(tmp_path)


def test_save_as_will_not_replace_a_file_open_elsewhere(sample: Path, tmp_path: Path) -> None:
    other = make_workshop_file(tmp_path / "other.finops")
    with WorkshopFile.open(other), WorkshopFile.open(sample) as file, pytest.raises(FileInUse):
        file.save_as(other)


def test_older_schema_migrates_after_a_backup(tmp_path: Path) -> None:
    path = tmp_path / "old.finops"
    db = Database(path)
    db.execute(f"PRAGMA application_id = {schema.APPLICATION_ID}")
    schema.migrations.apply(db, stop_before="002_evidence_and_assumptions")
    db.table("workshop").insert({"id": 1, "client": "Old client", "date": "", "facilitator": "", "created_at": ""})
    model = default_model()
    db.table("model").insert({"id": 1, "model_id": model.id, "version": model.version, "name": model.name,
                              "definition": model.source})
    db.table("rounds").insert({"id": 1, "name": "Baseline", "created_at": ""})
    db.table("business_units").insert({"id": 1, "name": "Legacy", "position": 0, "monthly_spend": 10.0})
    db.table("ratings").insert({"round_id": 1, "bu_id": 1, "dimension_id": "tagging_coverage", "current": "walk",
                                "target": "run", "confidence": None, "note": "kept", "updated_at": ""})
    db.execute("PRAGMA user_version = 1")
    db.close()
    before = digest(path)
    with WorkshopFile.open(path) as file:
        assert file.workshop.info.client == "Old client"
        assert file.workshop.rating(1, "tagging_coverage") == Rating("walk", "run", note="kept")
        file.set_rating(1, "tagging_coverage", Rating("run", participants="Room A"))
    backup = tmp_path / "old.finops.v1.bak"
    assert digest(backup) == before
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()


def test_a_damaged_model_copy_is_reported(sample: Path) -> None:
    conn = sqlite3.connect(sample)
    conn.execute("UPDATE model SET definition = 'format = 1\nid = '")
    conn.commit()
    conn.close()
    with pytest.raises(CorruptFile, match="model stored in the file is damaged"):
        WorkshopFile.open(sample, read_only=True)


UNICODE_TEXTS = [
    "東京事業部 — クラウド費用",
    "الخدمات المصرفية للأفراد",
    "שירותי ענן",
    "Payments 💳🚀 team 👩🏽‍💻",
    "Z̷a̴l̶g̵o̸ text",
    "x" * 10_000,
    "=HYPERLINK(\"http://example.invalid\",\"click\")",
]


@pytest.mark.parametrize("text", UNICODE_TEXTS, ids=range(len(UNICODE_TEXTS)))
def test_names_and_notes_in_any_script_round_trip_exactly(workshop_path: Path, text: str) -> None:
    name = text[:MAX_NAME_LENGTH]  # names are one line of at most 200 characters; notes are longer
    with WorkshopFile.create(workshop_path, WorkshopInfo(name), default_model()) as file:
        bu = file.add_business_unit(name, owner=name, notes=text)
        file.set_rating(bu.id, "cost_visibility", Rating("walk", note=text + "\n" + text, participants=name))
    with WorkshopFile.open(workshop_path, read_only=True) as again:
        workshop = again.workshop
        assert workshop.info.client == name
        assert workshop.business_units[0].name == name
        assert workshop.business_units[0].notes == text
        assert workshop.rating(bu.id, "cost_visibility").note == text + "\n" + text


@pytest.mark.parametrize(
    ("name", "words"),
    [("", "must not be empty"), ("   ", "must not be empty"), ("two\nlines", "one line"),
     ("y" * 10_001, "too long")],
)
def test_bad_business_unit_names_are_refused(sample: Path, name: str, words: str) -> None:
    with WorkshopFile.open(sample) as file:
        before = list(file.workshop.business_units)
        with pytest.raises(InvalidEdit, match=words):
            file.add_business_unit(name)
        assert file.workshop.business_units == before


def test_duplicate_names_are_refused_case_insensitively(sample: Path) -> None:
    with WorkshopFile.open(sample) as file:
        with pytest.raises(InvalidEdit, match="already exists"):
            file.add_business_unit("retail")
        payments = file.workshop.business_unit_named("Payments")
        assert payments
        with pytest.raises(InvalidEdit, match="already exists"):
            file.rename_business_unit(payments.id, "RETAIL")


@pytest.mark.parametrize(
    ("rating", "words"),
    [(Rating("jog"), "unknown stage 'jog'"), (Rating("walk", "sprint"), "unknown target 'sprint'"),
     (Rating("walk", confidence="total"), "confidence"),
     (Rating("walk").with_indicator("made_up", 3.0), "no indicator")],
)
def test_bad_ratings_are_refused_and_change_nothing(sample: Path, rating: Rating, words: str) -> None:
    before = digest(sample)
    with WorkshopFile.open(sample) as file:
        bu = file.workshop.business_units[0]
        with pytest.raises(InvalidEdit, match=words):
            file.set_rating(bu.id, "tagging_coverage", rating)
        with pytest.raises(InvalidEdit, match="unknown dimension"):
            file.set_rating(bu.id, "vibes", Rating("walk"))
    assert digest(sample) == before


@pytest.mark.parametrize("spend", [-1.0, float("nan"), float("inf"), "lots"])
def test_bad_spend_is_refused(sample: Path, spend: object) -> None:
    with WorkshopFile.open(sample) as file, pytest.raises(InvalidEdit, match="spend"):
        file.add_business_unit("New", monthly_spend=spend)  # type: ignore[arg-type]


def test_a_batch_is_written_whole_or_not_at_all(sample: Path) -> None:
    with WorkshopFile.open(sample) as file:
        with pytest.raises(InvalidEdit), file.batch():
            file.add_business_unit("First of the batch")
            file.add_business_unit("retail")  # refused: the name exists
        assert file.workshop.business_unit_named("First of the batch") is None
    with WorkshopFile.open(sample, read_only=True) as again:
        assert again.workshop.business_unit_named("First of the batch") is None
