"""A workshop file's schema is exactly what the migrations build: nothing runs that the app did not write.

A file received from someone else can carry SQL of its own: a trigger that rewrites every
rating made, a view posing as a table, a generated column that costs gigabytes to read, an
index on an expression. The schema of a file is compared with a reference made by applying
the app's own migrations (up to the file's version) to an in-memory database, so a
migration added later is part of the reference the moment it is written; anything else is
refused with one line naming the object. Stored text longer than any value the app writes
is refused too, before it is read into memory.
"""

from __future__ import annotations

import json
import re
import sqlite3
import sys
from functools import cache
from pathlib import Path
from typing import Any

from ..domain.record import record
from ..user_folders import cache_folder, read_regular_file, replace_file
from .errors import CorruptFile, NeedsCleanCopy
from .file_format import SCHEMA_VERSION

#: The longest text one value of a workshop file may hold; the gate's own limits are lower
#: (names 200 characters, notes 32,000), this refuses only what could exhaust memory.
MAX_STORED_TEXT = 100_000
#: The longest copy of a model a file may hold (the shipped model is about 40 KB).
MAX_MODEL_COPY = 1_000_000

_KINDS = {"table": "table", "index": "index", "trigger": "trigger", "view": "view"}


@record
class SchemaObject:
    """One entry of ``sqlite_master``, described by what it does rather than how its SQL was spelt."""

    type: str
    name: str
    table: str
    shape: tuple[object, ...]


def describe(conn: sqlite3.Connection) -> dict[tuple[str, str], SchemaObject]:
    """Every object of the schema by (type, name)."""
    found: dict[tuple[str, str], SchemaObject] = {}
    entries = conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master").fetchall()
    for kind, name, table, sql in entries:
        kind, name, table = _text(kind), _text(name), _text(table)
        found[(kind, name)] = SchemaObject(kind, name, table, _shape(conn, kind, name, table, _text(sql)))
    return found


def _shape(conn: sqlite3.Connection, kind: str, name: str, table: str, sql: str) -> tuple[object, ...]:
    """What an object does, as SQLite reports it; its text only where SQLite reports nothing.

    The text is read without its comments, which SQLite reads as white space: ``CREATE/**/UNIQUE``
    is a unique index. Whether an index is unique or partial is SQLite's own answer.
    """
    if kind == "table":
        options = _rows(conn, "SELECT type, wr, strict FROM pragma_table_list WHERE name = ?", name)
        words = _without_comments(sql)
        if re.match(r"\s*CREATE\s+VIRTUAL\b", words, re.IGNORECASE) or any(row[0] == "virtual" for row in options):
            return ("virtual", sql)
        columns = _rows(conn, "SELECT * FROM pragma_table_xinfo(?)", name)
        keys = _rows(conn, "SELECT * FROM pragma_foreign_key_list(?)", name)
        checks = len(re.findall(r"\bCHECK\b", words, re.IGNORECASE))
        return (columns, keys, checks, options)
    if kind == "index":
        columns = _rows(conn, "SELECT * FROM pragma_index_xinfo(?)", name)
        listed = _rows(conn, 'SELECT "unique", origin, partial FROM pragma_index_list(?) WHERE name = ?', table, name)
        return (columns, listed)
    return (" ".join(sql.split()),)  # triggers and views: what they run is their text


#: A comment of SQL, or a quoted string or name (kept: a comment sign inside one is text).
_COMMENT_OR_QUOTED = re.compile(r"""--[^\n]*|/\*.*?(\*/|$)|'(''|[^'])*'|"(""|[^"])*"|`(``|[^`])*`|\[[^\]]*\]""",
                                re.DOTALL)


def _without_comments(sql: str) -> str:
    """``sql`` with each comment read as the white space SQLite reads it as; quoted text is kept."""
    return _COMMENT_OR_QUOTED.sub(lambda m: " " if m.group().startswith(("--", "/*")) else m.group(), sql)


def _rows(conn: sqlite3.Connection, sql: str, *names: str) -> tuple[tuple[object, ...], ...]:
    rows = conn.execute(sql, names)
    return tuple(tuple(_text(v) if isinstance(v, bytes | str) else v for v in row) for row in rows)


def table_columns(item: SchemaObject) -> dict[str, int]:
    """A table's columns by name, each with ``hidden`` of ``table_xinfo`` (0 for a plain column)."""
    if item.type != "table" or not item.shape or not isinstance(item.shape[0], tuple):
        return {}
    return {str(column[1]): int(column[-1]) for column in item.shape[0]
            if isinstance(column, tuple)}


def _text(value: object) -> str:
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return "" if value is None else str(value)


@cache
def reference_schema(version: int) -> dict[tuple[str, str], SchemaObject]:
    """The schema the app's migrations build for a file of ``version``, built once per version.

    Building it needs sqlite-utils (about 60 ms to import), which reading a file otherwise
    does without; so the reference is kept in the user's cache folder, under a key made of
    the migrations' source, the SQLite and the sqlite-utils in use. A changed migration
    makes a new key, so the cache is never stale.
    """
    return _reference(version).objects


@cache
def reference_master(version: int) -> frozenset[tuple[bytes, ...]]:
    """The rows of ``sqlite_master`` (type, name, table, SQL) the migrations write for ``version``, as bytes."""
    return _reference(version).master


#: The longest schema-reference cache read: the references of every version take about 10 KB, so a
#: longer file is not one the app wrote (and reading it could exhaust memory).
MAX_REFERENCE_CACHE = 1_000_000


@record
class _Reference:
    """What a file of one version holds: its ``sqlite_master`` rows as bytes, and its objects."""

    master: frozenset[tuple[bytes, ...]]
    objects: dict[tuple[str, str], SchemaObject]


@cache
def _reference(version: int) -> _Reference:
    """The reference for ``version``, read once from the cache folder (or built and kept there): the schema
    check and the text-size check of every file opened share it.

    The cache keeps only the ``sqlite_master`` rows; the objects are what those rows make in an
    empty database, so the two always agree. A kept reference that is malformed in any way, or
    that makes anything the migrations cannot (:func:`_migration_like`), counts as absent.
    """
    cache_file, key = _cache_file()
    if cache_file is not None and 0 <= version <= SCHEMA_VERSION:
        kept = _read_kept(cache_file, key)
        if kept is not None:
            made = _made_of(kept[version])
            if made is not None:
                return made
    return _built(version)


@cache
def _built(version: int) -> _Reference:
    """The reference for ``version`` made by this process with the migrations (so never the cache's word)."""
    every = _build_every()
    built = every[version] if version in every else _build_reference(version)
    master = frozenset(tuple(_text(value).encode() for value in row) for row in built["master"])
    return _Reference(master, {(kind, name): SchemaObject(kind, name, table, _tuples(shape))
                               for kind, name, table, shape in built["objects"]})


@cache
def _build_every() -> dict[int, dict[str, list[Any]]]:
    """The references of every version, built with the migrations and kept in the cache folder."""
    every = {v: _build_reference(v) for v in range(SCHEMA_VERSION + 1)}
    cache_file, key = _cache_file()
    if cache_file is not None:
        masters = {v: [tuple(row) for row in built["master"]] for v, built in every.items()}
        if _read_kept(cache_file, key) != masters:  # a file that is right already is not written again
            content = {"key": key, "versions": {str(v): {"master": rows} for v, rows in masters.items()}}
            replace_file(cache_file, json.dumps(content).encode("utf-8"))  # one not written is built again
    return every


def _read_kept(cache_file: Path, key: str) -> dict[int, list[tuple[str, ...]]] | None:
    """The ``sqlite_master`` rows kept for every version under ``key``; None for anything else.

    Read as a small regular file only (never a FIFO, a link or a device), and checked whole: a
    mapping of every version to a list of rows of four strings.
    """
    data = read_regular_file(cache_file, MAX_REFERENCE_CACHE)
    if data is None:
        return None
    try:
        stored = json.loads(data)
    except (ValueError, RecursionError):  # not JSON, not UTF-8, or nested too deep to read
        return None
    if not isinstance(stored, dict) or stored.keys() != {"key", "versions"} or stored["key"] != key:
        return None
    versions = stored["versions"]
    if not isinstance(versions, dict) or versions.keys() != {str(v) for v in range(SCHEMA_VERSION + 1)}:
        return None
    kept: dict[int, list[tuple[str, ...]]] = {}
    for version in range(SCHEMA_VERSION + 1):
        entry = versions[str(version)]
        if not isinstance(entry, dict) or entry.keys() != {"master"} or not isinstance(entry["master"], list):
            return None
        rows = entry["master"]
        if not all(isinstance(row, list) and len(row) == 4 and all(isinstance(v, str) for v in row) for row in rows):
            return None
        kept[version] = [tuple(row) for row in rows]
    return kept


def _made_of(rows: list[tuple[str, ...]]) -> _Reference | None:
    """The reference that kept ``sqlite_master`` rows make, or None if they make anything the migrations cannot.

    The rows' SQL is run in an empty database in memory that may only create tables, indexes
    and triggers (no query, function, attachment or pragma runs), and must give back exactly
    those rows; its objects are then described as a file's are.
    """
    try:
        master = frozenset(tuple(value.encode() for value in row) for row in rows)  # a lone surrogate: refused
        if len(master) != len(rows):
            return None
        conn = sqlite3.connect(":memory:", isolation_level=None)
        try:
            conn.execute("BEGIN")  # one transaction: a tenth of the time
            conn.set_authorizer(_only_creating)
            for _kind, _name, _table, sql in rows:
                if sql:  # an index SQLite makes for a key has none
                    conn.execute(sql)
            conn.set_authorizer(None)
            if frozenset(conn.execute(_MASTER)) != frozenset(rows):
                return None
            objects = describe(conn)
        finally:
            conn.close()
    except (sqlite3.Error, ValueError, UnicodeError, OverflowError):
        return None
    return _Reference(master, objects) if all(_migration_like(item) for item in objects.values()) else None


_CREATING = frozenset({sqlite3.SQLITE_CREATE_TABLE, sqlite3.SQLITE_CREATE_INDEX, sqlite3.SQLITE_CREATE_TRIGGER,
                       sqlite3.SQLITE_READ, sqlite3.SQLITE_REINDEX})


def _only_creating(action: int, first: str | None, _second: str | None, database: str | None,
                   _trigger: str | None) -> int:
    """The authorizer of a kept reference's SQL: it may create tables, indexes and triggers, nothing else."""
    if database not in (None, "main"):
        return sqlite3.SQLITE_DENY
    if action in _CREATING or (action in (sqlite3.SQLITE_INSERT, sqlite3.SQLITE_UPDATE) and first == "sqlite_master"):
        return sqlite3.SQLITE_OK
    return sqlite3.SQLITE_DENY


#: The only trigger the migrations write: one that refuses to change an append-only history.
_GUARD = re.compile(r"CREATE TRIGGER \w+ BEFORE (UPDATE|DELETE) ON \w+ BEGIN SELECT RAISE\(ABORT, "
                    r"'[^']{0,200}'\); END", re.ASCII)
#: The only defaults the migrations write: a short quoted text or a number.
_PLAIN_DEFAULT = re.compile(r"'[^']{0,200}'|[-+]?\d{1,20}(\.\d{1,20})?", re.ASCII)


def _migration_like(item: SchemaObject) -> bool:
    """Whether ``item`` is of a kind the migrations write, so that a kept reference can never make a file with
    code or costs of its own be accepted: a plain table (no generated column, check, expression default or
    cascading key), an index on columns (not on an expression, not partial), or an append-only guard."""
    shape: Any = item.shape
    if item.type == "table":
        if len(shape) != 4:
            return False  # a virtual table
        columns, keys, checks, options = shape
        return (checks == 0 and all(option[0] == "table" for option in options)
                and all(column[-1] == 0 and (column[4] is None or _PLAIN_DEFAULT.fullmatch(str(column[4])))
                        for column in columns)
                and all(tuple(key[5:]) == ("NO ACTION", "NO ACTION", "NONE") for key in keys))
    if item.type == "index":
        columns, listed = shape
        return all(column[1] != -2 for column in columns) and all(row[2] == 0 for row in listed)
    if item.type == "trigger":
        return _GUARD.fullmatch(str(shape[0])) is not None
    return False  # a view


def _tuples(value: object) -> Any:
    return tuple(_tuples(v) for v in value) if isinstance(value, list) else value


def _cache_file() -> tuple[Path | None, str]:
    """Where the references are kept and the key they are kept under; no file when the files that make
    the reference cannot be found.

    The key names the size and time of every file that makes the reference (the migrations,
    this check, sqlite-utils), so it is read without hashing them; in the standalone bundle,
    which holds no source files and is never changed once built, it names the bundle's
    program instead. The file holds the key it was made for, and one made for another is
    built again.
    """
    import zlib

    parts = [f"{SCHEMA_VERSION}", sqlite3.sqlite_version]
    try:
        for source in _reference_sources():
            info = source.stat()
            parts.append(f"{source}:{info.st_size}:{info.st_mtime_ns}")
    except (OSError, ImportError, ValueError, LookupError):
        return None, ""
    key = "|".join(parts)

    return cache_folder() / f"schema-reference-{zlib.crc32(key.encode()):08x}.json", key


def _reference_sources() -> list[Path]:
    """The files whose every change may change the reference (``LookupError`` when sqlite-utils is not found)."""
    if getattr(sys, "frozen", False):  # the bundle: a new build is a new program
        return [Path(sys.executable)]
    import importlib.util

    spec = importlib.util.find_spec("sqlite_utils")
    if spec is None or spec.origin is None:
        raise LookupError("sqlite-utils")
    here = Path(__file__)
    library = Path(spec.origin)
    return [here, here.with_name("schema.py"), library.with_name("db.py"), library.with_name("migrations.py")]


@cache
def _build_reference(version: int) -> dict[str, list[Any]]:
    """The reference for ``version``, made with the migrations: its objects and its ``sqlite_master`` rows."""
    from .database import schema_migrations, writable_database

    conn = sqlite3.connect(":memory:")
    try:
        db = writable_database(conn)
        migrations = schema_migrations()
        names = [migration.name for migration in migrations.pending(db)]
        migrations.apply(db, stop_before=names[version] if version < len(names) else None)
        objects = [[o.type, o.name, o.table, o.shape] for o in describe(conn).values()]
        master = [list(row) for row in conn.execute(_MASTER)]
        return {"objects": json.loads(json.dumps(objects)), "master": master}
    finally:
        conn.close()


_MASTER = "SELECT type, name, tbl_name, coalesce(sql, '') FROM sqlite_master"


def check_schema(conn: sqlite3.Connection, version: int, path: Path) -> None:
    """Refuse a file whose schema differs in any way from the reference for its version.

    A file whose ``sqlite_master`` holds, byte for byte, the rows the migrations write has
    that schema: SQLite makes every object from that text. Any other is described object by
    object and compared by what each does (a file written by an earlier version may spell
    the same table differently), with the reference this process builds from the migrations:
    the cache folder's copy can speed up accepting a genuine file, never refuse one, and what
    it can make accepted is bounded by :func:`_migration_like`.
    """
    factory = conn.text_factory
    conn.text_factory = bytes  # a name in a damaged or crafted schema may not be UTF-8
    try:
        if frozenset(conn.execute(_MASTER).fetchall()) == reference_master(version):
            return
        found = describe(conn)
    except (sqlite3.Error, UnicodeDecodeError) as exc:
        raise CorruptFile(path, f"the file's structure cannot be read ({exc})") from None
    finally:
        conn.text_factory = factory
    expected = _built(version).objects  # any other file is judged by the migrations themselves, not the cache
    expected_names = {name: kind for kind, name in expected}
    foreign = [item for key, item in found.items() if key not in expected]
    for item in sorted(foreign, key=lambda o: (o.type == "table", o.type, o.name)):  # what runs code first
        kind = _KINDS.get(item.type, item.type)
        if item.name in expected_names:
            raise NeedsCleanCopy(path, f"the file holds a {kind} '{_shown(item.name)}' in place of the "
                                      f"{expected_names[item.name]} of that name")
        on = f" on '{_shown(item.table)}'" if item.type in ("trigger", "index") and item.table else ""
        raise NeedsCleanCopy(path, f"the file holds a {kind} '{_shown(item.name)}'{on} that is not part "
                                  f"of a workshop file")
    for key, item in sorted(found.items(), key=lambda pair: (pair[1].type != "table", pair[0])):
        if expected[key] != item:
            raise NeedsCleanCopy(path, f"the {_KINDS.get(item.type, item.type)} '{_shown(item.name)}' is not as "
                                      f"a workshop file has it ({_difference(expected[key], item)})")
    for key, wanted in sorted(expected.items()):
        if key not in found:
            raise NeedsCleanCopy(path, f"the file lacks the {wanted.type} '{wanted.name}' of a workshop file")


def _difference(wanted: SchemaObject, found: SchemaObject) -> str:
    if wanted.table != found.table:
        return f"it belongs to '{_shown(found.table)}'"
    if found.type == "table":
        if found.shape and found.shape[0] == "virtual":
            return "it is a virtual table"
        columns = found.shape[0]
        expected_columns = wanted.shape[0]
        assert isinstance(columns, tuple) and isinstance(expected_columns, tuple)
        for column in columns:
            if column not in expected_columns:
                hidden = column[-1] if column else 0
                what = "a generated or hidden column" if hidden else "a column"
                return f"{what} '{_shown(column[1])}' differs"
        return "its columns, keys or constraints differ"
    return "its definition differs"


def _shown(name: object) -> str:
    text = _text(name)
    cleaned = "".join(c if c.isprintable() else "?" for c in text)
    return cleaned if len(cleaned) <= 60 else cleaned[:60] + "…"


def check_text_sizes(conn: sqlite3.Connection, version: int, path: Path) -> None:
    """Refuse stored text or data longer than the app ever writes, measured in SQL, never read into memory."""
    for (kind, table), item in sorted(reference_schema(version).items()):
        if kind != "table" or table.startswith("sqlite_") or not table_columns(item):
            continue
        columns = list(table_columns(item))
        # length() of a text stops at its first NUL; its bytes do not (and a character is at most 4).
        measures = ", ".join(f'max(max(length("{column}"), (length(CAST("{column}" AS BLOB)) + 3) / 4))'
                             for column in columns)
        longest = conn.execute(f'SELECT {measures} FROM "{table}"').fetchone()
        for column, length in zip(columns, longest, strict=True):
            limit = MAX_MODEL_COPY if (table, column) == ("model", "definition") else MAX_STORED_TEXT
            if length is not None and length > limit:
                what = "the copy of the model" if limit == MAX_MODEL_COPY else f"a value in {table}.{column}"
                raise CorruptFile(path, f"{what} is far longer than any the app writes ({length:,} characters; "
                                        f"at most {limit:,}); the file was not read")
