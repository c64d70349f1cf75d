"""Opening a workshop file safely: what it must be before it is read, and how it is written.

Checks a file is a workshop file of this or an older version before anything reads it,
rolls back a write a crash interrupted, migrates an older file after keeping a backup, and
makes renames durable. Nothing here knows what a workshop holds.
"""

from __future__ import annotations

import errno
import os
import shutil
import sqlite3
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote

from .database import schema_migrations, writable_database
from .edit_lock import EditLock
from .errors import (
    CorruptFile,
    FileMissing,
    InvalidEdit,
    NeedsCleanCopy,
    NewerFileVersion,
    NotAWorkshopFile,
    ReadOnlyFile,
    WorkshopFileError,
)
from .file_format import APPLICATION_ID, SCHEMA_VERSION

SQLITE_HEADER = b"SQLite format 3\x00"


#: SQLite's defensive mode (no writes to the schema or to pages behind its back) needs
#: ``Connection.setconfig``, which Python offers from 3.12; before, the schema check
#: (:mod:`.schema_check`) is what keeps a file's own SQL from running.
DEFENSIVE_MODE_AVAILABLE = hasattr(sqlite3, "SQLITE_DBCONFIG_DEFENSIVE") and hasattr(sqlite3.Connection, "setconfig")


def connect(database: str | Path, **options: Any) -> sqlite3.Connection:
    """A connection that runs no SQL a file brings with it beyond what the schema check allowed."""
    conn = sqlite3.connect(database, **options)
    if DEFENSIVE_MODE_AVAILABLE:
        conn.setconfig(sqlite3.SQLITE_DBCONFIG_DEFENSIVE, True)  # type: ignore[attr-defined,unused-ignore]
    conn.execute("PRAGMA trusted_schema = OFF")
    conn.execute("PRAGMA recursive_triggers = OFF")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA synchronous = FULL")
    return conn


def check_file(path: Path) -> int:
    """The schema version of a workshop file, or the reason it is not one; nothing is changed.

    Only a regular file is read (a FIFO or a device named ``x.finops`` would hang or never
    end); its header must say it is a workshop file before anything else happens to it.
    """
    version = check_identity(path)
    check_integrity(path)
    return version


def check_identity(path: Path) -> int:
    """The version a file's header declares, once it is known to be a workshop file in rollback-journal mode.

    A name no file can have (it holds a NUL), one too long for the system, or a loop of links
    names no file that could be opened, read-only or not: each is refused as missing.
    """
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise FileMissing(path, "no such file") from None
    except ValueError:  # Python's own refusal of a name holding a NUL character
        raise FileMissing(path, "this is not a valid file name (it holds a NUL character)") from None
    except OSError as exc:
        if exc.errno == errno.ENAMETOOLONG:
            raise FileMissing(path, "the file name is too long for the system to open") from None
        if exc.errno == errno.ELOOP:
            raise FileMissing(path, "the name is a loop of links that leads to no file") from None
        raise ReadOnlyFile(path, f"the file cannot be read ({exc.strerror or exc})") from None
    if stat.S_ISDIR(info.st_mode):
        raise NotAWorkshopFile(path, "this is a folder, not a workshop file")
    if not stat.S_ISREG(info.st_mode):
        raise NotAWorkshopFile(path, "this is not a regular file (a pipe, device or socket), not a workshop file")
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        try:
            if not stat.S_ISREG(os.fstat(fd).st_mode):  # replaced since the check above
                raise NotAWorkshopFile(path, "this is not a regular file, not a workshop file")
            header = os.read(fd, 100)
        finally:
            os.close(fd)
    except OSError as exc:
        raise ReadOnlyFile(path, f"the file cannot be read ({exc.strerror or exc})") from None
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
    if header[18] == 2 or header[19] == 2:
        # Even a read-only look at a WAL-mode file writes '-wal' and '-shm' files beside it.
        raise NeedsCleanCopy(path, "the file was written by another tool in write-ahead-log mode, "
                                   "which the app does not use")
    if header[18] != 1 or header[19] != 1:
        raise CorruptFile(path, "the file is damaged and cannot be read (its header is not a SQLite 3 header)")
    return version


def check_integrity(path: Path) -> None:
    """SQLite's own check of the file's pages, read-only."""
    try:
        conn = sqlite3.connect(read_only_uri(path), uri=True, timeout=10)
        try:
            conn.text_factory = lambda data: data.decode("utf-8", "replace")
            conn.execute("PRAGMA trusted_schema = OFF")
            result = conn.execute("PRAGMA quick_check").fetchone()
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise CorruptFile(path, f"the file is damaged and cannot be read ({one_line(exc)})") from None
    except UnicodeDecodeError:  # SQLite's own message names a damaged name that is not UTF-8
        raise CorruptFile(path, "the file is damaged and cannot be read (its structure holds names that "
                                "are not text)") from None
    if not result or result[0] != "ok":
        raise CorruptFile(path, "the file is damaged and cannot be read (integrity check failed)")


def one_line(error: BaseException) -> str:
    text = " ".join(str(error).split())
    return "".join(c if c.isprintable() else "?" for c in text)[:200]


#: What a file being written beside its final name adds to it: ``.NAME.partial-journal``.
PARTIAL_NAME_EXTRA = len(".") + len(".partial-journal")


def check_new_name(path: Path) -> None:
    """Refuse a name the folder cannot hold, with the file being built beside it, before anything is written."""
    try:
        limit = os.pathconf(path.parent if str(path.parent) else ".", "PC_NAME_MAX")
    except (OSError, ValueError, AttributeError):
        limit = 255
    length = len(os.fsencode(path.name))
    if length + PARTIAL_NAME_EXTRA > limit:
        raise InvalidEdit(path, f"the file name is too long ({length} bytes; at most {limit - PARTIAL_NAME_EXTRA} "
                                "in this folder); choose a shorter name")


def exists(path: Path) -> bool:
    """Whether anything is at ``path``; a name the system cannot look up counts as nothing there."""
    try:
        os.lstat(path)
    except OSError:
        return False
    return True


def remove_partial(partial: Path) -> None:
    """A file being built beside its final name, with its journal."""
    for leftover in (partial, partial.with_name(partial.name + "-journal")):
        leftover.unlink(missing_ok=True)


def real_path(path: Path) -> Path:
    """The file a path names, links resolved: SQLite keeps its journal beside that file, not beside a link."""
    try:
        return path.resolve(strict=True)
    except (OSError, RuntimeError):
        return path


def journal_of(path: Path) -> Path:
    real = real_path(path)
    return real.with_name(real.name + "-journal")


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
    real = real_path(path)
    journal = journal_of(path)
    try:
        if journal.is_symlink():
            raise CorruptFile(path, f"'{journal.name}' beside the file is a link, not a journal this app wrote; "
                                    "nothing was changed; remove the link to open the file")
        if not journal.exists():
            return
        if not journal.is_file():
            raise CorruptFile(path, f"'{journal.name}' beside the file is not a journal this app wrote "
                                    "(it is a folder or a special file); remove it to open the file")
        if journal.stat().st_size == 0:
            return
    except OSError:
        return
    if not (is_writable(real) and is_writable(real.parent)):
        raise CorruptFile(path, "the file was not closed properly and its folder or the file is read-only; "
                                "copy both the file and its '-journal' file to a writable folder to recover it")
    lock = EditLock(path)
    try:
        lock.acquire()
    except WorkshopFileError:
        return  # open in another window: that window is writing, nothing was left over
    try:
        conn = sqlite3.connect(real, timeout=10)
        try:
            conn.execute("PRAGMA schema_version").fetchone()  # the first read rolls the journal back
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        pass  # reported as damaged by the checks that follow
    finally:
        lock.release()


def migrate(path: Path, conn: sqlite3.Connection, check: Callable[[sqlite3.Connection], None]) -> None:
    """Bring an older file up to date, keeping a copy of it as it was.

    The migrations run on a copy in memory, which ``check`` must accept as a current file;
    only then is the copy written over the file, in one transaction (SQLite's backup API, with
    the file's own journal), so a failed or interrupted upgrade leaves the file as it was.
    """
    old_version = conn.execute("PRAGMA user_version").fetchone()[0]
    backup = path.with_name(f"{path.name}.v{old_version}.bak")
    if not backup.exists():
        partial = backup.with_name(f".{backup.name}.partial")
        try:
            _copy_to_new_file(path, partial)
            os.replace(partial, backup)
            sync_folder(path.parent)
        except OSError:
            partial.unlink(missing_ok=True)
            raise
    copy = sqlite3.connect(":memory:")
    try:
        conn.backup(copy)
        schema_migrations().apply(writable_database(copy))
        copy.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        copy.commit()
        check(copy)
        copy.backup(conn)
    finally:
        copy.close()


def _copy_to_new_file(source: Path, target: Path) -> None:
    """Copy ``source`` into a file made anew at ``target``, on disk before this returns.

    Whatever had that name is removed first and the new file is made only if the name is
    free, never through a link: a link planted under the name beside a received file would
    otherwise have the copy written wherever it points.
    """
    target.unlink(missing_ok=True)
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
    with open(source, "rb") as reading, open(os.open(target, flags, 0o600), "wb") as writing:
        shutil.copyfileobj(reading, writing)
        writing.flush()
        os.fsync(writing.fileno())
    shutil.copystat(source, target)  # the backup keeps the file's times, as a copy made by hand would


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
