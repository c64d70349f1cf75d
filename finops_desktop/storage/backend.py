"""Opening a workshop file safely: what it must be before it is read, and how it is written.

Checks a file is a workshop file of this or an older version before anything reads it,
rolls back a write a crash interrupted, migrates an older file after keeping a backup, and
makes renames durable. Nothing here knows what a workshop holds.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import stat
from pathlib import Path
from typing import Any
from urllib.parse import quote

from .database import schema_migrations, writable_database
from .edit_lock import EditLock
from .errors import CorruptFile, FileMissing, NewerFileVersion, NotAWorkshopFile, ReadOnlyFile, WorkshopFileError
from .file_format import APPLICATION_ID, SCHEMA_VERSION

SQLITE_HEADER = b"SQLite format 3\x00"


def connect(database: str | Path, **options: Any) -> sqlite3.Connection:
    conn = sqlite3.connect(database, **options)
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA synchronous = FULL")
    return conn


def check_file(path: Path) -> int:
    """The schema version of a workshop file, or the reason it is not one."""
    if not path.exists():
        raise FileMissing(path, "no such file")
    if path.is_dir():
        raise NotAWorkshopFile(path, "this is a folder, not a workshop file")
    try:
        with open(path, "rb") as handle:
            header = handle.read(100)
    except OSError as exc:
        raise ReadOnlyFile(path, f"the file cannot be read ({exc.strerror})") from None
    if not header:
        raise NotAWorkshopFile(path, "the file is empty; it is not a workshop file")
    if not header.startswith(SQLITE_HEADER):
        raise NotAWorkshopFile(path, "not a workshop file (it is not a SQLite database)")
    if len(header) < 100:
        raise CorruptFile(path, "the file is truncated and cannot be read")
    application_id = int.from_bytes(header[68:72], "big")
    version = int.from_bytes(header[60:64], "big")
    if application_id != APPLICATION_ID:
        raise NotAWorkshopFile(path, "this SQLite database belongs to another application, not a workshop file")
    if version > SCHEMA_VERSION:
        raise NewerFileVersion(path, f"the file was made by a newer version of the app (file format {version}, "
                                     f"this app reads up to {SCHEMA_VERSION}); update the app to open it")
    try:
        conn = sqlite3.connect(read_only_uri(path), uri=True, timeout=10)
        try:
            result = conn.execute("PRAGMA quick_check").fetchone()
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise CorruptFile(path, f"the file is damaged and cannot be read ({exc})") from None
    if not result or result[0] != "ok":
        raise CorruptFile(path, "the file is damaged and cannot be read (integrity check failed)")
    return version


def remove_partial(partial: Path) -> None:
    """A file being built beside its final name, with its journal."""
    for leftover in (partial, partial.with_name(partial.name + "-journal")):
        leftover.unlink(missing_ok=True)


def read_only_uri(path: Path) -> str:
    """A URI that opens ``path`` read-only, whatever bytes its name holds."""
    return f"file:{quote(os.fsencode(path.resolve()))}?mode=ro"


def recover_interrupted_write(path: Path) -> None:
    """Roll back a write that a crash or a power cut interrupted, as SQLite is designed to.

    The rollback journal beside the file holds the pages as they were before that write;
    a read-only connection cannot apply it and would report the file as damaged. Nothing
    is done while another window has the file open (its journal is not left over), or
    when the file or folder is read-only: then opening for editing once recovers it.
    """
    journal = path.with_name(path.name + "-journal")
    try:
        if not journal.is_file() or journal.stat().st_size == 0:
            return
    except OSError:
        return
    if not (is_writable(path) and is_writable(path.parent)):
        raise CorruptFile(path, "the file was not closed properly and its folder or the file is read-only; "
                                "copy both the file and its '-journal' file to a writable folder to recover it")
    lock = EditLock(path)
    try:
        lock.acquire()
    except WorkshopFileError:
        return  # open in another window: that window is writing, nothing was left over
    try:
        conn = sqlite3.connect(path, timeout=10)
        try:
            conn.execute("PRAGMA schema_version").fetchone()  # the first read rolls the journal back
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        pass  # reported as damaged by the checks that follow
    finally:
        lock.release()


def migrate(path: Path, conn: sqlite3.Connection) -> None:
    """Bring an older file up to date, keeping a copy of it as it was."""
    old_version = conn.execute("PRAGMA user_version").fetchone()[0]
    backup = path.with_name(f"{path.name}.v{old_version}.bak")
    if not backup.exists():
        partial = backup.with_name(f".{backup.name}.partial")
        try:
            shutil.copy2(path, partial)
            with open(partial, "rb+") as handle:
                os.fsync(handle.fileno())
            os.replace(partial, backup)
            sync_folder(path.parent)
        except OSError:
            partial.unlink(missing_ok=True)
            raise
    schema_migrations().apply(writable_database(conn))
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


def is_writable(path: Path) -> bool:
    """Writable for us, and not marked read-only (which even an administrator should respect)."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    return os.access(path, os.W_OK) and bool(mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))


def sync_folder(folder: Path) -> None:
    """Make a rename durable (POSIX); a no-op where folders cannot be opened."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
