"""A received workshop file is data, never code: crafted files are refused, unchanged, with one clear line."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from finops_desktop.domain.workshop import Rating
from finops_desktop.storage import backend
from finops_desktop.storage.database import writable_database
from finops_desktop.storage.errors import CorruptFile, NeedsCleanCopy, NotAWorkshopFile, WorkshopFileError
from finops_desktop.storage.file_format import APPLICATION_ID, SCHEMA_VERSION
from finops_desktop.storage.repair import repair
from finops_desktop.storage.schema_check import MAX_MODEL_COPY, MAX_STORED_TEXT, describe, reference_schema
from finops_desktop.storage.workshop_file import WorkshopFile
from tests.helpers.commands import digest
from tests.helpers.workshops import make_old_workshop_file, make_workshop_file


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    return make_workshop_file(tmp_path / "received.finops", [
        ("Retail", 1000.0, {"tagging_coverage": ("crawl", "walk")}), ("Payments", 2000.0, {})])


def craft(path: Path, *statements: str) -> None:
    """Change a file as another tool could, outside the app."""
    conn = sqlite3.connect(path)
    for statement in statements:
        conn.execute(statement)
    conn.commit()
    conn.close()


def folder_of(path: Path) -> list[str]:
    return sorted(p.name for p in path.parent.iterdir())


def assert_refused(path: Path, error: type[WorkshopFileError], words: str, *, read_only: bool = False) -> str:
    before, files = digest(path), folder_of(path)
    with pytest.raises(error) as caught:
        WorkshopFile.open(path, read_only=read_only)
    message = str(caught.value)
    assert words in message and "\n" not in message
    assert digest(path) == before, "a refused file keeps every byte"
    assert folder_of(path) == files, "a refused file gains no companion files"
    return message


# 1. Foreign schema objects ------------------------------------------------------------------------

FOREIGN_OBJECTS = {
    "a trigger rewriting every rating": (
        "CREATE TRIGGER sneaky AFTER INSERT ON rating_history BEGIN UPDATE workshop SET client = 'Renamed'; END",
        "trigger 'sneaky' on 'rating_history'"),
    "an endless recursive trigger": (
        "CREATE TRIGGER again AFTER UPDATE ON business_units BEGIN UPDATE business_units SET position = position; "
        "END", "trigger 'again'"),
    "a view": ("CREATE VIEW everything AS SELECT * FROM ratings", "view 'everything'"),
    "an index on an expression": ("CREATE INDEX slow ON business_units (length(notes) * 2)", "index 'slow'"),
    "a generated column": ("ALTER TABLE business_units ADD COLUMN big TEXT GENERATED ALWAYS AS "
                           "(printf('%.*c', 100000000, 'x')) VIRTUAL", "table 'business_units'"),
    "an extra table": ("CREATE TABLE payload (data BLOB)", "table 'payload'"),
}


@pytest.mark.parametrize("name", FOREIGN_OBJECTS)
@pytest.mark.parametrize("read_only", [True, False])
def test_a_schema_object_the_migrations_do_not_make_is_refused_by_name(sample: Path, name: str,
                                                                        read_only: bool) -> None:
    statement, words = FOREIGN_OBJECTS[name]
    craft(sample, statement)
    message = assert_refused(sample, NeedsCleanCopy, words, read_only=read_only)
    assert "repair" in message


def test_a_view_in_place_of_a_table_is_refused(sample: Path) -> None:
    craft(sample, "ALTER TABLE rounds RENAME TO old_rounds",
          "CREATE VIEW rounds AS SELECT id, name, created_at FROM old_rounds")
    assert_refused(sample, NeedsCleanCopy, "view 'rounds' in place of the table")


def test_a_trigger_in_a_received_file_never_runs_on_an_edit(sample: Path) -> None:
    craft(sample, "CREATE TRIGGER forge AFTER INSERT ON rating_history BEGIN "
                  "UPDATE workshop SET client = 'Forged'; END")
    with pytest.raises(NeedsCleanCopy), WorkshopFile.open(sample) as file:
        file.set_rating(file.workshop.business_units[0].id, "cost_visibility", Rating("run"))
    conn = sqlite3.connect(sample)
    assert conn.execute("SELECT client FROM workshop").fetchone()[0] == "Test client"
    conn.close()


def test_writing_keeps_recursive_triggers_off_and_the_schema_untrusted(sample: Path) -> None:
    conn = backend.connect(sample)
    writable_database(conn)  # sqlite-utils would turn recursive triggers on
    assert conn.execute("PRAGMA recursive_triggers").fetchone()[0] == 0
    assert conn.execute("PRAGMA trusted_schema").fetchone()[0] == 0
    conn.close()


def test_the_reference_is_what_the_migrations_build_for_every_version(tmp_path: Path) -> None:
    created = make_workshop_file(tmp_path / "new.finops")
    conn = sqlite3.connect(created)
    assert describe(conn) == reference_schema(SCHEMA_VERSION)
    conn.close()
    for version in range(1, SCHEMA_VERSION):
        old = make_old_workshop_file(tmp_path / f"v{version}.finops", version)
        with WorkshopFile.open(old, read_only=True) as file:
            assert file.workshop.business_units[0].name == "Legacy"
        assert reference_schema(version) != reference_schema(SCHEMA_VERSION)


def test_repair_copies_the_data_through_the_gate_and_leaves_the_file_alone(sample: Path) -> None:
    craft(sample, FOREIGN_OBJECTS["a trigger rewriting every rating"][0], FOREIGN_OBJECTS["a view"][0],
          "UPDATE business_units SET monthly_spend = -5 WHERE name = 'Payments'",
          "INSERT INTO waste_assumptions VALUES ('tagging_coverage', 'walk', 'lots', 'typed as text')")
    before = digest(sample)
    out = sample.with_name("clean.finops")
    report = repair(sample, out)
    assert digest(sample) == before
    assert any("trigger 'sneaky'" in line for line in report.dropped)
    assert any("view 'everything'" in line for line in report.dropped)
    assert any("monthly spend cannot be negative" in line for line in report.dropped)
    assert any("share of spend" in line for line in report.dropped)
    with WorkshopFile.open(out) as clean:
        units = clean.workshop.business_units
        assert [bu.name for bu in units] == ["Retail"]
        assert clean.workshop.rating(units[0].id, "tagging_coverage").current == "crawl"
        clean.set_rating(units[0].id, "cost_visibility", Rating("run"))
        assert clean.workshop.info.client == "Test client"
    conn = sqlite3.connect(out)
    names = {name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type IN ('trigger', 'view')")}
    conn.close()
    assert names and all(name.endswith(("_no_update", "_no_delete")) for name in names)  # only the app's own
    assert not names & {"sneaky", "everything"}


def test_repair_refuses_to_replace_a_file_and_to_read_another_apps_database(sample: Path, tmp_path: Path) -> None:
    with pytest.raises(WorkshopFileError, match="already exists"):
        repair(sample, sample)
    other = tmp_path / "contacts.db"
    craft(other, "CREATE TABLE contacts (name TEXT)")
    with pytest.raises(NotAWorkshopFile):
        repair(other, tmp_path / "out.finops")
    assert not (tmp_path / "out.finops").exists()


# 2. Denial of service --------------------------------------------------------------------------------


def test_text_longer_than_the_app_writes_is_refused_before_it_is_read(sample: Path) -> None:
    craft(sample, f"UPDATE business_units SET notes = printf('%.*c', {MAX_STORED_TEXT + 1}, 'x')")
    assert_refused(sample, CorruptFile, "business_units.notes is far longer")


def test_text_behind_a_nul_is_measured_too(sample: Path) -> None:
    """SQLite's length() of a text stops at its first NUL: the bytes are measured as well."""
    craft(sample, f"UPDATE business_units SET notes = CAST(x'00' || CAST(printf('%.*c', {4 * MAX_STORED_TEXT + 8}, "
                  "'x') AS BLOB) AS TEXT)")
    assert_refused(sample, CorruptFile, "business_units.notes is far longer")


def test_notes_of_four_byte_characters_within_the_limit_are_read(sample: Path) -> None:
    craft(sample, "UPDATE business_units SET notes = printf('%.*c', 30000, char(128512))")
    with WorkshopFile.open(sample, read_only=True) as opened:
        assert len(opened.workshop.business_units[0].notes) == 30000


def test_a_model_copy_larger_than_any_model_is_refused(sample: Path) -> None:
    craft(sample, f"UPDATE model SET definition = definition || printf('%.*c', {MAX_MODEL_COPY}, '#')")
    assert_refused(sample, CorruptFile, "copy of the model is far longer")


# 3. Values and structures that raised on open ----------------------------------------------------------

MEASURED = "UPDATE ratings SET dimension_id = 'cost_visibility', indicators = '{{\"forecast_variance\": {}}}'"
BAD_VALUES = {
    "deeply nested indicator JSON": ("UPDATE ratings SET indicators = printf('%.*c', 100000, '[')", "CorruptFile"),
    "deeply nested model TOML": ("UPDATE model SET definition = 'x = ' || printf('%.*c', 50000, '[')", "model"),
    "a BLOB business unit name": ("UPDATE business_units SET name = X'52657461696C' WHERE position = 0", "text"),
    "a BLOB round name": ("UPDATE rounds SET name = X'00'", "text"),
    "a text waste share": ("INSERT INTO waste_assumptions VALUES ('tagging_coverage', 'walk', 'high', 'r')",
                           "share of spend"),
    "spend of 1e999": ("UPDATE business_units SET monthly_spend = 1e999", "monthly spend"),
    "negative spend": ("UPDATE business_units SET monthly_spend = -1", "cannot be negative"),
    "a NaN indicator": (MEASURED.format("NaN"), "must be a number"),
    "an Infinity indicator": (MEASURED.format("Infinity"), "must be a number"),
    "non-UTF-8 text": ("UPDATE business_units SET owner = CAST(X'FFFE41' AS TEXT)", "cannot be read"),
    "a BLOB round date": ("UPDATE rounds SET created_at = X'FF'", "round"),
    "a U+FFFE name": ("UPDATE business_units SET name = 'Retail' || char(65534) WHERE position = 0",
                      "no text may hold"),
    "a zero-width name": ("UPDATE business_units SET name = 'Pay' || char(8203) || 'ments' WHERE position = 1",
                          "invisible character"),
}


@pytest.mark.parametrize("name", BAD_VALUES)
def test_a_value_no_typed_input_could_give_is_refused_on_open(sample: Path, name: str) -> None:
    statement, words = BAD_VALUES[name]
    craft(sample, statement)
    message = assert_refused(sample, CorruptFile, "", read_only=True)
    assert words in message or words == "CorruptFile", message


def test_a_fifo_is_never_opened(tmp_path: Path) -> None:
    fifo = tmp_path / "x.finops"
    os.mkfifo(fifo)
    code = textwrap.dedent("""
        import sys
        from finops_desktop.storage.workshop_file import WorkshopFile
        try:
            WorkshopFile.open(sys.argv[1], read_only=True)
        except Exception as exc:
            print(type(exc).__name__, exc)
    """)
    done = subprocess.run([sys.executable, "-c", code, str(fifo)], capture_output=True, text=True, timeout=60,
                          check=False)
    assert done.stdout.startswith("NotAWorkshopFile") and "not a regular file" in done.stdout, done.stderr


# 4. Symlinks ---------------------------------------------------------------------------------------------

INTERRUPTED_WRITER = textwrap.dedent("""
    import sqlite3, sys
    conn = sqlite3.connect(sys.argv[1], isolation_level=None)
    conn.execute("PRAGMA cache_size = 1")
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("UPDATE workshop SET client = 'half-written'")
    conn.execute("UPDATE business_units SET notes = hex(randomblob(3000))")
    print("writing", flush=True)
    sys.stdin.read()
""")


def test_a_crash_is_recovered_through_a_symlink(tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    (tmp_path / "links").mkdir()
    real = make_workshop_file(tmp_path / "real" / "w.finops", [(f"Unit {i}", 1.0, {}) for i in range(40)])
    link = tmp_path / "links" / "w.finops"
    link.symlink_to(real)
    writer = subprocess.Popen([sys.executable, "-c", INTERRUPTED_WRITER, str(link)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    assert writer.stdout is not None and writer.stdout.readline().strip() == "writing"
    os.kill(writer.pid, signal.SIGKILL)
    writer.wait(timeout=30)
    assert (tmp_path / "real" / "w.finops-journal").exists()
    with WorkshopFile.open(link, read_only=True) as file:
        assert file.workshop.info.client == "Test client"
        assert all(bu.notes == "" for bu in file.workshop.business_units)


def test_a_planted_journal_link_is_named(sample: Path, tmp_path: Path) -> None:
    target = tmp_path / "elsewhere"
    target.write_bytes(b"x" * 4096)
    sample.with_name(sample.name + "-journal").symlink_to(target)
    with pytest.raises(CorruptFile, match="is a link, not a journal"):
        WorkshopFile.open(sample)
    assert target.read_bytes() == b"x" * 4096


# 6. Nothing is changed before a file is refused ------------------------------------------------------------


def test_a_damaged_old_file_is_refused_before_it_is_migrated(tmp_path: Path) -> None:
    old = make_old_workshop_file(tmp_path / "old.finops", 1)
    craft(old, "UPDATE business_units SET monthly_spend = -3")
    assert_refused(old, CorruptFile, "cannot be negative")
    assert not list(tmp_path.glob("*.bak"))


def test_another_applications_hot_journal_is_never_rolled_back(tmp_path: Path) -> None:
    path = tmp_path / "other.finops"
    craft(path, "CREATE TABLE workshop (client TEXT, notes TEXT)",
          "INSERT INTO workshop SELECT 'c', '' FROM (WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 "
          "FROM n WHERE i < 40) SELECT i FROM n)")
    writer = subprocess.Popen([sys.executable, "-c", INTERRUPTED_WRITER.replace(
        "UPDATE business_units SET notes", "UPDATE workshop SET notes"), str(path)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert writer.stdout is not None and writer.stdout.readline().strip() == "writing"
    os.kill(writer.pid, signal.SIGKILL)
    writer.wait(timeout=30)
    journal = path.with_name(path.name + "-journal")
    main_bytes, journal_bytes = path.read_bytes(), journal.read_bytes()
    assert journal_bytes[:8] == bytes.fromhex("d9d505f920a163d7"), "the kill left a hot journal"
    for read_only in (True, False):
        with pytest.raises(NotAWorkshopFile, match="another application"):
            WorkshopFile.open(path, read_only=read_only)
    assert path.read_bytes() == main_bytes
    assert journal.read_bytes() == journal_bytes


def test_a_wal_file_is_refused_and_show_writes_nothing_beside_it(sample: Path) -> None:
    conn = sqlite3.connect(sample)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.close()
    for name in (sample.name + "-wal", sample.name + "-shm"):
        sample.with_name(name).unlink(missing_ok=True)
    assert_refused(sample, NeedsCleanCopy, "write-ahead-log", read_only=True)
    out = sample.with_name("clean.finops")
    repair(sample, out)
    assert not sample.with_name(sample.name + "-wal").exists()
    with WorkshopFile.open(out, read_only=True) as clean:
        assert [bu.name for bu in clean.workshop.business_units] == ["Retail", "Payments"]


def test_a_file_the_migrations_wrote_is_known_by_its_schema_text_alone(sample: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    from finops_desktop.storage import schema_check

    schema_check.reference_master(SCHEMA_VERSION)  # the reference itself is made by describing a database

    def no_description(conn: object) -> None:
        raise AssertionError("a file with the reference's schema text needs no description")

    monkeypatch.setattr(schema_check, "describe", no_description)
    with WorkshopFile.open(sample, read_only=True) as opened:
        assert len(opened.workshop.business_units) == 2


def test_a_table_spelt_otherwise_is_compared_by_what_it_does(sample: Path) -> None:
    """A file whose schema text differs from what the migrations write is described object by object: the
    same table spelt on one line is accepted, and one with another column is not."""
    def respell(change: object) -> None:
        conn = sqlite3.connect(sample)
        sql = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'participants'").fetchone()[0]
        conn.execute("PRAGMA writable_schema = ON")
        conn.execute("UPDATE sqlite_master SET sql = ? WHERE name = 'participants'", (change(sql),))  # type: ignore[operator]
        conn.commit()
        conn.close()

    respell(lambda sql: " ".join(sql.split()))
    with WorkshopFile.open(sample, read_only=True) as opened:
        assert [bu.name for bu in opened.workshop.business_units] == ["Retail", "Payments"]
    respell(lambda sql: sql.replace('"role" TEXT', '"role" BLOB', 1))
    assert_refused(sample, NeedsCleanCopy, "table 'participants'")


def test_the_app_id_is_checked_first(tmp_path: Path) -> None:
    path = tmp_path / "w.finops"
    craft(path, f"PRAGMA application_id = {APPLICATION_ID + 1}", "CREATE TABLE t (x)")
    assert_refused(path, NotAWorkshopFile, "another application")


def test_a_migration_added_later_is_part_of_the_reference_without_further_change(
        monkeypatch: pytest.MonkeyPatch) -> None:
    from sqlite_utils.migrations import Migrations

    from finops_desktop.storage import database, schema, schema_check

    extended = Migrations("finops-workshop")
    for migration in schema.migrations.pending(writable_database(sqlite3.connect(":memory:"))):
        extended(name=migration.name)(migration.fn)

    @extended(name="999_later_feature")
    def _later(db: object) -> None:
        db.table("later_feature").create({"id": int, "choice": str}, pk="id")  # type: ignore[attr-defined]

    monkeypatch.setattr(database, "schema_migrations", lambda: extended)
    objects = schema_check._build_reference.__wrapped__(SCHEMA_VERSION + 1)["objects"]
    built = {(kind, name) for kind, name, _, _ in objects}
    assert ("table", "later_feature") in built and ("table", "later_feature") not in reference_schema(SCHEMA_VERSION)
    assert {key for key in built if key != ("table", "later_feature") and "later_feature" not in key[1]} == \
        set(reference_schema(SCHEMA_VERSION))


def test_an_upgrade_runs_on_a_copy_and_a_refused_copy_leaves_the_file_as_it_was(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from finops_desktop.storage import workshop_file

    old = make_old_workshop_file(tmp_path / "old.finops", 1)
    before = digest(old)

    def refuse(conn: sqlite3.Connection, path: Path) -> None:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION  # the copy is upgraded
        raise CorruptFile(path, "the upgraded copy is not a current workshop file")

    monkeypatch.setattr(workshop_file, "_check_current", refuse)
    with pytest.raises(CorruptFile, match="upgraded copy"):
        WorkshopFile.open(old)
    assert digest(old) == before
    monkeypatch.undo()
    with WorkshopFile.open(old) as file:
        assert file.workshop.info.client == "Old client"
    conn = sqlite3.connect(old)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    conn.close()
    assert digest(tmp_path / "old.finops.v1.bak") == before


def test_repair_keeps_the_rooms_votes_and_the_trackers_progress(sample: Path) -> None:
    from finops_desktop.domain.progress import StepProgress

    with WorkshopFile.open(sample) as file:
        retail = file.workshop.business_unit_named("Retail")
        assert retail is not None
        ana = file.add_participant("Ana", role="Head of Retail", bu_id=retail.id)
        file.set_vote(retail.id, "tagging_coverage", ana.id, "walk", confidence="high", comment="most is tagged")
        step = file.workshop.model.dimensions[0].id  # any id: progress keeps what the workbook said
        file.record_progress([StepProgress(f"{step}-step", retail.id, "Done", "Ana", "2027-03-31", 100.0)], "book")
    craft(sample, FOREIGN_OBJECTS["a view"][0])
    report = repair(sample, sample.with_name("clean.finops"))
    assert "1 participants, 1 votes" in report.copied and "the progress of 1 steps" in report.copied
    with WorkshopFile.open(sample.with_name("clean.finops"), read_only=True) as clean:
        workshop = clean.workshop
        unit = workshop.business_unit_named("Retail")
        assert unit is not None
        [vote] = workshop.votes.votes(workshop.active_round.id, unit.id, "tagging_coverage")
        assert (vote.stage, vote.confidence, vote.comment) == ("walk", "high", "most is tagged")
        assert [p.owner for p in workshop.progress.values()] == ["Ana"]


def _respell_index(path: Path, name: str, sql: str) -> None:
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA writable_schema = ON")
    conn.execute("UPDATE sqlite_master SET sql = ? WHERE name = ?", (sql, name))
    conn.commit()
    conn.close()


@pytest.mark.parametrize("sql", [
    'CREATE/**/UNIQUE INDEX "idx_votes_participant_id" ON "votes" ("participant_id")',
    'CREATE --\nUNIQUE INDEX "idx_votes_participant_id" ON "votes" ("participant_id")',
    'CREATE INDEX "idx_votes_participant_id" ON "votes" ("participant_id") WHERE/**/"participant_id" > 0',
])
def test_an_index_made_unique_or_partial_behind_a_comment_is_refused(sample: Path, sql: str) -> None:
    """SQLite reads a comment as white space: the index below is unique (or partial) for it, and a unique
    index on a participant's votes would make each vote delete the participant's others."""
    _respell_index(sample, "idx_votes_participant_id", sql)
    assert_refused(sample, NeedsCleanCopy, "index 'idx_votes_participant_id'")


def test_an_index_respelt_with_a_comment_is_still_the_same_index(sample: Path) -> None:
    _respell_index(sample, "idx_votes_participant_id",
                   'CREATE INDEX /* the same */ "idx_votes_participant_id" ON "votes" ("participant_id")')
    with WorkshopFile.open(sample, read_only=True) as opened:
        assert len(opened.workshop.business_units) == 2


def test_a_virtual_table_behind_a_comment_is_refused(sample: Path) -> None:
    conn = sqlite3.connect(sample)
    conn.execute("CREATE VIRTUAL TABLE notes_index USING fts5(text)")
    conn.execute("PRAGMA writable_schema = ON")
    conn.execute("UPDATE sqlite_master SET sql = 'CREATE/**/VIRTUAL TABLE notes_index USING fts5(text)' "
                 "WHERE name = 'notes_index'")
    conn.commit()
    conn.close()
    assert_refused(sample, NeedsCleanCopy, "table 'notes_index'")


@pytest.mark.parametrize("statements", [
    ("UPDATE workshop SET id = 7",),
    ("INSERT INTO workshop (id, client, date, facilitator, created_at, currency, uid) "
     "SELECT 0, 'Shown client', date, facilitator, created_at, currency, uid FROM workshop",),
    ("UPDATE model SET id = 2",),
    ("INSERT INTO model (id, model_id, version, name, definition) "
     "SELECT 2, model_id, version, name, definition FROM model",),
])
def test_workshop_details_held_twice_or_under_another_number_are_refused(sample: Path,
                                                                          statements: tuple[str, ...]) -> None:
    """The app edits the one row of details it wrote: with another, the room would see one row and its
    edits would go to the other, or nowhere."""
    craft(sample, *statements)
    assert "repair" in assert_refused(sample, NeedsCleanCopy, "a workshop file holds them once, as row 1")


def test_a_clean_copy_of_details_held_twice_keeps_one(sample: Path, tmp_path: Path) -> None:
    craft(sample, "INSERT INTO workshop (id, client, date, facilitator, created_at, currency, uid) "
                  "SELECT 0, 'Shown client', date, facilitator, created_at, currency, uid FROM workshop")
    out = tmp_path / "clean.finops"
    repair(sample, out)
    with WorkshopFile.open(out) as clean:
        clean.set_info(client="Renamed in the room")
    with WorkshopFile.open(out, read_only=True) as again:
        assert again.workshop.info.client == "Renamed in the room"
