"""After a crash, a refused write or a file changed by another tool: clear words, nothing lost."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from finops_desktop.domain.workshop import Rating, WorkshopInfo
from finops_desktop.storage.errors import CorruptFile, InvalidEdit, ReadOnlyFile, WorkshopFileError, WriteFailed
from finops_desktop.storage.workshop_file import WorkshopFile
from tests.helpers.workshops import default_model, make_old_workshop_file, make_workshop_file

INTERRUPTED_WRITER = textwrap.dedent("""
    import os, sqlite3, sys
    conn = sqlite3.connect(sys.argv[1], isolation_level=None)
    conn.execute("PRAGMA cache_size = 1")  # pages reach the file before the commit
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("UPDATE workshop SET client = 'half-written'")
    conn.execute("UPDATE business_units SET notes = hex(randomblob(3000))")
    print("writing", flush=True)
    sys.stdin.read()  # killed here, in the middle of the transaction
""")


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    return make_workshop_file(tmp_path / "sample.finops", [
        (f"Unit {i}", 100.0 * i, {"tagging_coverage": ("crawl", "walk")}) for i in range(1, 40)])


def interrupt_a_write(path: Path) -> None:
    writer = subprocess.Popen([sys.executable, "-c", INTERRUPTED_WRITER, str(path)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    assert writer.stdout is not None
    assert writer.stdout.readline().strip() == "writing"
    os.kill(writer.pid, signal.SIGKILL)
    writer.wait(timeout=30)
    journal = path.with_name(path.name + "-journal")
    assert journal.exists() and journal.stat().st_size > 0, "the kill left the write's journal behind"


@pytest.mark.parametrize("read_only", [True, False])
def test_a_write_interrupted_by_a_crash_is_rolled_back_on_the_next_open(sample: Path, read_only: bool) -> None:
    interrupt_a_write(sample)
    with WorkshopFile.open(sample, read_only=read_only) as file:
        assert file.workshop.info.client == "Test client"
        assert all(bu.notes == "" for bu in file.workshop.business_units)
        assert len(file.workshop.business_units) == 39
    conn = sqlite3.connect(sample)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
    assert not sample.with_name(sample.name + "-journal").exists()


def test_an_interrupted_write_in_a_read_only_folder_says_how_to_recover(sample: Path) -> None:
    interrupt_a_write(sample)
    sample.parent.chmod(0o500)
    try:
        with pytest.raises(CorruptFile, match="not closed properly"):
            WorkshopFile.open(sample, read_only=True)
    finally:
        sample.parent.chmod(0o700)


def refuse(path: Path, statement: str) -> None:
    """Make the file refuse one kind of write, as a full disk or another program's lock would."""
    conn = sqlite3.connect(path)
    conn.execute(f"CREATE TRIGGER refuse {statement} BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END")
    conn.commit()
    conn.close()


@pytest.mark.parametrize(
    ("statement", "edit"),
    [
        ("BEFORE DELETE ON business_units", lambda f, bu: f.remove_business_unit(bu)),
        ("BEFORE UPDATE ON business_units", lambda f, bu: f.move_business_unit(bu, 5)),
        ("BEFORE UPDATE ON business_units", lambda f, bu: f.rename_business_unit(bu, "Renamed")),
        ("BEFORE INSERT ON rating_history", lambda f, bu: f.set_rating(bu, "cost_visibility", Rating("run"))),
        ("BEFORE INSERT ON business_units", lambda f, bu: f.add_business_unit("New")),
        ("BEFORE INSERT ON rounds", lambda f, bu: f.add_round("Later")),
    ],
)
def test_a_refused_write_leaves_file_and_screen_as_they_were(sample: Path, statement: str, edit: object) -> None:
    with WorkshopFile.open(sample) as file:
        refuse(sample, statement)
        workshop = file.workshop
        before = (list(workshop.business_units), dict(workshop.ratings), list(workshop.rounds), workshop.info)
        heard = []
        file.add_listener(heard.append)
        first = file.workshop.business_units[0].id
        with pytest.raises(WriteFailed, match="could not be saved") as caught:
            edit(file, first)  # type: ignore[operator]
        assert "\n" not in str(caught.value)
        now = file.workshop
        assert (now.business_units, now.ratings, now.rounds, now.info) == before
        assert heard[-1].kind == "reloaded"
    conn = sqlite3.connect(sample)  # the trigger stood in for a full disk; a file holding it is refused
    conn.execute("DROP TRIGGER refuse")
    conn.commit()
    conn.close()
    with WorkshopFile.open(sample, read_only=True) as again:
        now = again.workshop
        assert (now.business_units, now.ratings, now.rounds, now.info) == before


def test_a_failed_migration_backup_releases_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = make_old_workshop_file(tmp_path / "old.finops", 1)

    def disk_full(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("shutil.copyfileobj", disk_full)
    with pytest.raises(ReadOnlyFile, match="No space left on device"):
        WorkshopFile.open(path)
    monkeypatch.undo()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["old.finops"]
    with WorkshopFile.open(path) as file:  # the lock went with the failure; now it migrates
        assert file.workshop.info.client == "Old client"
    assert (tmp_path / "old.finops.v1.bak").exists()


@pytest.mark.parametrize(
    ("sql", "words"),
    [
        ("UPDATE ratings SET indicators = '{not json'", "values a workshop cannot have"),
        ("UPDATE ratings SET indicators = '{\"allocation_coverage\": \"lots\"}'", "must be a number"),
        ("UPDATE business_units SET monthly_spend = 'plenty'", "must be an amount"),
        ("UPDATE ratings SET current = 'bogus'", "unknown stage 'bogus'"),
        ("UPDATE ratings SET dimension_id = 'vibes'", "dimension the model lacks"),
    ],
)
def test_values_changed_by_another_tool_are_reported_not_crashed_on(sample: Path, sql: str, words: str) -> None:
    conn = sqlite3.connect(sample)
    conn.execute(sql)
    conn.commit()
    conn.close()
    for read_only in (True, False):
        with pytest.raises(CorruptFile, match=words) as caught:
            WorkshopFile.open(sample, read_only=read_only)
        assert "\n" not in str(caught.value)
    with pytest.raises(CorruptFile):  # and the failed open for editing released the file
        WorkshopFile.open(sample)


def test_a_file_name_that_is_not_utf8_opens(tmp_path: Path) -> None:
    path = Path(os.fsdecode(bytes(tmp_path) + b"/caf\xe9.finops"))
    with WorkshopFile.create(path, WorkshopInfo("Latin-1 name"), default_model()) as file:
        file.add_business_unit("Retail")
    with WorkshopFile.open(path, read_only=True) as again:
        assert again.workshop.business_unit_named("Retail")


@pytest.mark.parametrize("spend", [1e13, 1e308])
def test_spend_beyond_any_organisation_is_refused(sample: Path, spend: float) -> None:
    with WorkshopFile.open(sample) as file, pytest.raises(InvalidEdit, match="at most"):
        file.add_business_unit("Huge", monthly_spend=spend)


def test_negative_zero_spend_is_zero(sample: Path) -> None:
    with WorkshopFile.open(sample) as file:
        bu = file.add_business_unit("Nothing yet", monthly_spend=-0.0)
        assert str(bu.monthly_spend) == "0.0"


def test_names_typed_with_composed_or_combining_accents_are_the_same_unit(sample: Path) -> None:
    with WorkshopFile.open(sample) as file:
        file.add_business_unit("Caf\u00e9")
        with pytest.raises(InvalidEdit, match="already exists"):
            file.add_business_unit("Cafe\u0301")
        assert file.workshop.business_unit_named("CAFE\u0301") is not None
        assert file.workshop.business_units[-1].name == "Caf\u00e9"  # kept as typed


def test_a_stale_partial_file_from_an_earlier_crash_does_not_block_a_new_workshop(tmp_path: Path) -> None:
    path = tmp_path / "new.finops"
    (tmp_path / ".new.finops.partial").write_bytes(b"half a database")
    with WorkshopFile.create(path, WorkshopInfo("Fresh"), default_model()) as file:
        assert file.workshop.info.client == "Fresh"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["new.finops"]


def test_save_as_onto_a_file_that_cannot_be_opened_says_so(sample: Path, tmp_path: Path) -> None:
    blocked = tmp_path / "blocked.finops"
    blocked.mkdir()  # a folder where the copy should go: cannot be opened as a file
    (blocked / "inside").write_text("x")
    with WorkshopFile.open(sample) as file, pytest.raises(WorkshopFileError) as caught:
        file.save_as(blocked)
    assert "\n" not in str(caught.value)


def test_a_rating_keeps_when_it_was_made_and_a_new_round_copies_that_date(sample: Path) -> None:
    with WorkshopFile.open(sample) as file:
        bu = file.workshop.business_units[0].id
        rated = file.set_rating(bu, "automation_level", Rating("run"))
        assert rated.rated_at
        file.add_round("Six months on")
        copied = file.workshop.rating(bu, "automation_level")
        assert copied.rated_at == rated.rated_at
    with WorkshopFile.open(sample, read_only=True) as again:
        rounds = again.workshop.rounds
        assert again.workshop.rating(bu, "automation_level", rounds[0].id).rated_at == rated.rated_at
        assert again.workshop.rating(bu, "automation_level", rounds[1].id).rated_at == rated.rated_at
