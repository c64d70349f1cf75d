"""The schema's reference is kept in the cache folder under a key of the files that make it, the bundle's too."""

from __future__ import annotations

import json
import os
import sqlite3
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from finops_desktop.storage import schema_check
from finops_desktop.storage.errors import CorruptFile, NeedsCleanCopy
from finops_desktop.storage.file_format import SCHEMA_VERSION
from tests.helpers.deadline import deadline
from tests.helpers.workshops import make_workshop_file


def _forget_references() -> None:
    """What this process has read or built already, so that a test sees its own cache folder only."""
    for kept in (schema_check._reference, schema_check._built, schema_check._build_every,
                 schema_check.reference_schema, schema_check.reference_master):
        kept.cache_clear()


@pytest.fixture
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    _forget_references()
    yield tmp_path / "cache"
    _forget_references()


def test_the_key_names_the_migrations_this_check_and_sqlite_utils(cache_home: Path) -> None:
    path, key = schema_check._cache_file()
    assert path is not None and path.parent == cache_home / "finops-workshop"
    for name in ("schema.py", "schema_check.py", "db.py", "migrations.py"):
        assert f"{os.sep}{name}:" in key


def test_in_the_bundle_the_key_is_the_bundles_program(cache_home: Path, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    program = tmp_path / "finops-desktop"
    program.write_bytes(b"a bundle's program")
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(program))
    path, key = schema_check._cache_file()
    assert path is not None and str(program) in key and "schema.py" not in key
    os.utime(program, ns=(0, 10**18))  # a new build
    other_path, other_key = schema_check._cache_file()
    assert other_key != key and other_path != path


def test_without_the_files_that_make_it_nothing_is_kept(cache_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib.util

    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None)
    assert schema_check._cache_file() == (None, "")


def test_a_kept_reference_made_for_another_key_is_made_again(cache_home: Path) -> None:
    path, key = schema_check._cache_file()
    assert path is not None
    path.parent.mkdir(parents=True)
    forged = {"key": "another", "versions": {str(SCHEMA_VERSION): {"objects": [], "master": []}}}
    path.write_text(json.dumps(forged), encoding="utf-8")
    reference = schema_check._reference.__wrapped__(SCHEMA_VERSION)  # not the one this process already read
    assert reference.objects and reference.master, "built again, not the forged empty schema"
    assert json.loads(path.read_text(encoding="utf-8"))["key"] == key


# What is kept is checked whole, and can never be the sole judge of a file ------------------------------------


def forget_every_reference() -> None:
    """As a new process would start: nothing read or built yet (each cached step of the module cleared)."""
    for name in ("_reference", "reference_master", "reference_schema", "_built", "_build_every"):
        step = getattr(schema_check, name, None)
        if step is not None:
            step.cache_clear()


def forget_what_was_read() -> None:
    """As a new process would start that has not built any reference itself."""
    for name in ("_reference", "reference_master", "reference_schema"):
        getattr(schema_check, name).cache_clear()


@pytest.fixture
def kept(cache_home: Path) -> Path:
    """The cache file as the app writes it, made afresh."""
    path, _key = schema_check._cache_file()
    assert path is not None
    forget_every_reference()
    schema_check.reference_master(SCHEMA_VERSION)
    assert path.is_file()
    yield path
    forget_every_reference()


@pytest.fixture(scope="module")
def genuine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_workshop_file(tmp_path_factory.mktemp("genuine") / "genuine.finops", [("Retail", 1000.0, {})])


def check(path: Path) -> None:
    """The checks a file is opened with, on a fresh reading of the cache."""
    forget_what_was_read()
    conn = sqlite3.connect(path)
    try:
        with deadline(10):
            schema_check.check_schema(conn, SCHEMA_VERSION, path)
            schema_check.check_text_sizes(conn, SCHEMA_VERSION, path)
    finally:
        conn.close()


def keep_the_master_of(path: Path, cache_file: Path) -> None:
    """Write in the cache, under the right key, the ``sqlite_master`` rows of ``path`` as those of a genuine file."""
    stored = json.loads(cache_file.read_text(encoding="utf-8"))
    conn = sqlite3.connect(path)
    stored["versions"][str(SCHEMA_VERSION)]["master"] = [list(row) for row in conn.execute(schema_check._MASTER)]
    conn.close()
    cache_file.write_text(json.dumps(stored), encoding="utf-8")


def test_what_is_kept_makes_exactly_what_the_migrations_build_for_every_version(kept: Path) -> None:
    """The objects a kept reference makes are those the migrations build, and are all of a kind it accepts: a
    migration that adds another kind fails here first."""
    for version in range(SCHEMA_VERSION + 1):
        forget_what_was_read()
        read = schema_check._reference(version)
        built = schema_check._built(version)
        assert read is not built and read == built
        assert all(schema_check._migration_like(item) for item in built.objects.values())
    assert "sqlite_utils" in sys.modules  # (built here; a new process reads the cache without it)


CRAFTED = {
    "a trigger that rewrites every name": "CREATE TRIGGER evil AFTER INSERT ON business_units BEGIN "
                                          "UPDATE business_units SET name = 'pwned ' || new.name; END",
    "a guard-like trigger on a new table": "CREATE TRIGGER t BEFORE INSERT ON business_units BEGIN "
                                           "SELECT RAISE(ABORT, 'no'); END",
    "a view": "CREATE VIEW every_name AS SELECT name FROM business_units",
    "a generated column": "ALTER TABLE business_units ADD COLUMN twice TEXT GENERATED ALWAYS AS (name || name)",
    "an index on an expression": "CREATE INDEX lowered ON business_units (lower(name))",
    "a partial index": "CREATE INDEX some ON business_units (name) WHERE position > 1",
    "a check": "CREATE TABLE extra (x INTEGER CHECK (x > 0))",
    "a default computed": "CREATE TABLE extra (x TEXT DEFAULT (hex(randomblob(16))))",
    "a cascading key": "CREATE TABLE extra (bu INTEGER REFERENCES business_units (id) ON DELETE CASCADE)",
}


@pytest.mark.parametrize("sql", CRAFTED.values(), ids=CRAFTED.keys())
def test_a_crafted_cache_never_makes_a_file_with_sql_of_its_own_accepted(kept: Path, tmp_path: Path,
                                                                         sql: str) -> None:
    """Finding 1: the cache names the file's own schema as the reference; the file is refused all the same."""
    crafted = make_workshop_file(tmp_path / "crafted.finops", [("Retail", 1000.0, {})])
    conn = sqlite3.connect(crafted)
    conn.execute(sql)
    conn.commit()
    conn.close()
    with pytest.raises(NeedsCleanCopy):
        check(crafted)  # with the genuine cache
    keep_the_master_of(crafted, kept)
    with pytest.raises(NeedsCleanCopy):
        check(crafted)
    check(make_workshop_file(tmp_path / "genuine.finops"))  # and a genuine file is still accepted


def test_a_crafted_cache_cannot_switch_off_the_limit_on_stored_text(kept: Path, tmp_path: Path) -> None:
    """A table the cache adds is measured like any other: its objects are what its rows make."""
    crafted = make_workshop_file(tmp_path / "crafted.finops")
    conn = sqlite3.connect(crafted)
    conn.execute("CREATE TABLE extra (x TEXT)")
    conn.execute("INSERT INTO extra VALUES (?)", ("x" * (schema_check.MAX_STORED_TEXT + 1),))
    conn.commit()
    conn.close()
    keep_the_master_of(crafted, kept)
    with pytest.raises(CorruptFile, match="far longer"):
        check(crafted)


def test_a_cache_that_lacks_a_table_never_makes_a_genuine_file_refused(kept: Path, genuine: Path) -> None:
    stored = json.loads(kept.read_text(encoding="utf-8"))
    entry = stored["versions"][str(SCHEMA_VERSION)]
    for part in ("master", "objects"):  # (objects: what an earlier version kept too)
        if part in entry:
            entry[part] = [item for item in entry[part] if item[2] != "business_units"]
    kept.write_text(json.dumps(stored), encoding="utf-8")
    check(genuine)


_JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
                     lambda inner: st.lists(inner, max_size=4)
                     | st.dictionaries(st.text(max_size=8), inner, max_size=4), max_leaves=8)


def _mutated(value: Any, draw: Callable[[Any], Any]) -> Any:
    """``value`` with one node, somewhere down a random path, replaced, removed or given a sibling."""
    children: list[Any] = list(value) if isinstance(value, dict | list) else []
    if not children or draw(st.integers(0, 4)) == 0:
        return draw(_JSON)
    at = draw(st.sampled_from(children if isinstance(value, dict) else range(len(children))))
    action = draw(st.sampled_from(["descend", "descend", "descend", "remove", "add"]))
    copy = dict(value) if isinstance(value, dict) else list(value)
    if action == "remove":
        del copy[at]
    elif action == "add" and isinstance(copy, dict):
        copy[draw(st.text(max_size=8))] = draw(_JSON)
    elif action == "add":
        copy.insert(at, draw(_JSON))
    else:
        copy[at] = _mutated(value[at], draw)
    return copy


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_a_malformed_cache_with_the_right_key_is_made_again_never_a_traceback_nor_a_refusal(
        kept: Path, genuine: Path, data: st.DataObject) -> None:
    """Finding 4: whatever the cache holds under the right key, a genuine file is accepted, with no traceback."""
    stored = json.loads(kept.read_text(encoding="utf-8"))
    crafted = json.loads(json.dumps(stored))
    if data.draw(st.booleans()):  # mostly where it is used: the reference of the version the file has
        crafted["versions"][str(SCHEMA_VERSION)] = _mutated(stored["versions"][str(SCHEMA_VERSION)], data.draw)
    else:
        crafted["versions"] = _mutated(stored["versions"], data.draw)
    kept.write_text(json.dumps(crafted), encoding="utf-8")
    try:
        check(genuine)
    finally:
        kept.write_text(json.dumps(stored), encoding="utf-8")


@pytest.mark.parametrize("content", [b"[" * 100_000, b"\xff\xfe", json.dumps({"key": 1}).encode(),
                                     b'{"key": "\\ud800"}'])
def test_a_cache_that_is_not_json_as_written_is_made_again(kept: Path, genuine: Path, content: bytes) -> None:
    kept.write_bytes(content)
    check(genuine)


def special_files() -> dict[str, Callable[[Path, Path], None]]:
    def fifo(path: Path, _elsewhere: Path) -> None:
        os.mkfifo(path)

    def link_to_a_fifo(path: Path, elsewhere: Path) -> None:
        os.mkfifo(elsewhere / "fifo")
        path.symlink_to(elsewhere / "fifo")

    def endless(path: Path, _elsewhere: Path) -> None:  # a sparse file as long as a device that never ends
        with path.open("wb") as out:
            out.truncate(1 << 40)

    return {"a FIFO": fifo, "a link to a FIFO": link_to_a_fifo, "a file of a terabyte": endless}


@pytest.mark.parametrize("make", special_files().values(), ids=special_files().keys())
def test_a_special_file_in_place_of_the_cache_is_made_again_without_blocking(
        kept: Path, genuine: Path, tmp_path: Path, make: Callable[[Path, Path], None]) -> None:
    """Finding 5: never blocked on, never read whole; the rebuilt reference replaces it with a regular file."""
    kept.unlink()
    make(kept, tmp_path)
    forget_every_reference()
    check(genuine)
    assert kept.is_file() and not kept.is_symlink() and kept.stat().st_size < schema_check.MAX_REFERENCE_CACHE


def test_a_link_planted_under_the_temporary_name_is_never_written_through(cache_home: Path, tmp_path: Path,
                                                                          genuine: Path) -> None:
    """Finding 2: the temporary file is made new (O_EXCL, O_NOFOLLOW) under a name nobody can foresee."""
    path, _key = schema_check._cache_file()
    assert path is not None
    path.parent.mkdir(parents=True)
    document = tmp_path / "budget.csv"
    document.write_text("a,b\n1,2\n", encoding="utf-8")
    planted = path.with_name(f".{path.name}.{os.getpid()}.partial")  # the name an earlier version wrote to
    planted.symlink_to(document)
    forget_every_reference()
    check(genuine)
    assert document.read_text(encoding="utf-8") == "a,b\n1,2\n"
    assert planted.is_symlink() and os.readlink(planted) == str(document)
    assert path.is_file() and not path.is_symlink()
    assert sorted(p.name for p in path.parent.iterdir()) == sorted([path.name, planted.name])  # nothing left over
