"""The ``.finops`` workshop file: one SQLite database per engagement.

Every edit is committed the moment it is made (rollback journal, ``synchronous=FULL``),
so there is no unsaved state: a crash or a power cut loses nothing the screen showed as
done. The file keeps a copy of the model it was assessed with, so it opens the same on
any laptop and any app version.

A :class:`WorkshopFile` keeps the workshop in memory as domain objects and updates them
with every write; listeners hear typed change events (:mod:`.changes`), so views never
reload the file. The work is split by concern: :mod:`.backend` opens and protects the
file, :mod:`.tables` reads its rows, :mod:`.edits` writes through the edit gate. The file
is read with the standard library's ``sqlite3``; sqlite-utils, which writes it, is loaded
with the first write (see :mod:`.database`).
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..domain import values
from ..domain.model import MaturityModel
from ..domain.values import ValueRefused
from ..domain.workshop import Workshop, WorkshopInfo
from . import backend
from .changes import Change, EvidenceChanged, Listeners, Reloaded
from .database import schema_migrations, writable_database
from .edit_lock import EditLock
from .edits import RemovedBusinessUnit, RemovedRound, edit, now
from .errors import CorruptFile, FileMissing, InvalidEdit, ReadOnlyFile, WorkshopFileError
from .file_format import APPLICATION_ID, SCHEMA_VERSION
from .progress_edits import ProgressEdits
from .schema_check import check_schema, check_text_sizes
from .tables import load, rows
from .votes_tables import VoteEdits

if TYPE_CHECKING:
    from sqlite_utils import Database

    from ..evidence.records import BillingSummary, ImportRecord
    from ..evidence.report import StoredEvidence
    from .repair import RepairReport


def _check_current(conn: sqlite3.Connection, path: Path) -> None:
    """An upgraded copy is what this version writes, before it replaces the file."""
    check_schema(conn, SCHEMA_VERSION, path)
    load(conn, path)


def _same_file(one: Path, other: Path) -> bool:
    try:
        return os.path.samefile(one, other)
    except OSError:
        return False


__all__ = ["FILE_SUFFIX", "FIRST_ROUND_NAME", "Change", "RemovedBusinessUnit", "RemovedRound", "WorkshopFile"]

FILE_SUFFIX = ".finops"
FIRST_ROUND_NAME = "Baseline"


class WorkshopFile(VoteEdits, ProgressEdits):
    """An open workshop file. Use :meth:`create` or :meth:`open`; close when done."""

    def __init__(self, path: Path, conn: sqlite3.Connection, workshop: Workshop, *, read_only: bool,
                 lock: EditLock | None):
        self.path = path
        self._conn = conn
        self._db: Database | None = None  # made by the first write
        self.workshop = workshop
        self.read_only = read_only
        self._lock = lock
        self._listeners = Listeners()
        try:
            opened = os.stat(path)
            self._opened_as: tuple[int, int] | None = (opened.st_dev, opened.st_ino)
        except OSError:
            self._opened_as = None

    # Opening and closing --------------------------------------------------------------

    @classmethod
    def create(cls, path: Path | str, info: WorkshopInfo, model: MaturityModel) -> WorkshopFile:
        """Write a new workshop file with one round, "Baseline", and open it for editing."""
        path = Path(path)
        try:
            info = WorkshopInfo(values.CLIENT_NAME.check(info.client), values.WORKSHOP_DATE.check(info.date),
                                values.FACILITATOR.check(info.facilitator), values.CURRENCY.check(info.currency))
        except ValueRefused as exc:
            raise InvalidEdit(path, str(exc)) from None
        backend.check_new_name(path)
        if backend.exists(path):
            raise InvalidEdit(path, "a file of that name already exists; choose another name")
        if not path.parent.is_dir():
            raise FileMissing(path, "the folder does not exist")
        if not backend.is_writable(path.parent):
            raise ReadOnlyFile(path, "the folder is read-only; choose another folder")
        # Build the file beside its final name and move it into place in one step, so a
        # half-written file never carries the workshop's name.
        partial = path.with_name(f".{path.name}.partial")
        backend.remove_partial(partial)  # left by a crash during an earlier attempt
        import secrets  # only for a new file's identity: opening one does without it

        conn = None
        try:
            conn = backend.connect(partial)
            db = writable_database(conn)
            conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            schema_migrations().apply(db)
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            with db.atomic():
                db.table("workshop").insert({"id": 1, "client": info.client, "date": info.date,
                                             "facilitator": info.facilitator, "currency": info.currency,
                                             "created_at": now(), "uid": secrets.token_hex(16)})
                db.table("model").insert({"id": 1, "model_id": model.id, "version": model.version, "name": model.name,
                                    "definition": model.source})
                db.table("rounds").insert({"name": FIRST_ROUND_NAME, "created_at": now()})
            conn.close()
            os.replace(partial, path)
            backend.sync_folder(path.parent)
        except (OSError, sqlite3.Error) as exc:
            if conn is not None:
                conn.close()
            backend.remove_partial(partial)
            raise ReadOnlyFile(path, f"could not write the file ({exc})") from None
        return cls.open(path)

    @classmethod
    def open(cls, path: Path | str, *, read_only: bool = False) -> WorkshopFile:
        """Open an existing file; for editing unless ``read_only``.

        Refuses, with one clear line and without changing a byte, anything that is not a
        workshop file of this or an older version. An older file is migrated after a
        backup copy is kept beside it.
        """
        path = Path(path)
        # Identity first: another application's database (and its journal) is never touched.
        backend.check_identity(path)
        backend.recover_interrupted_write(path)
        # Again: rolling a journal back rewrites the file's pages, its header among them, with
        # those the journal holds; a journal received beside a file may hold any header.
        version = backend.check_identity(path)
        backend.check_integrity(path)
        real = backend.real_path(path)
        lock = None
        if not read_only:
            if not backend.is_writable(real):
                raise ReadOnlyFile(path, "the file is read-only; open it read-only or save a copy elsewhere")
            if not backend.is_writable(real.parent):
                raise ReadOnlyFile(path, "the folder is read-only, so changes cannot be saved safely; "
                                         "open the file read-only or copy it elsewhere")
            lock = EditLock(path)
            lock.acquire()
        conn = None
        try:
            if read_only:
                conn = backend.connect(backend.read_only_uri(real), uri=True, timeout=10)
            else:
                conn = backend.connect(real, timeout=10)
            # Everything is checked before anything is written: a file refused here keeps every byte.
            check_schema(conn, version, path)
            check_text_sizes(conn, version, path)
            workshop = load(conn, path)
            if not read_only and version < SCHEMA_VERSION:
                backend.migrate(path, conn, lambda copy: _check_current(copy, path))
                workshop = load(conn, path)
        except BaseException as exc:
            if conn is not None:
                conn.close()
            if lock:
                lock.release()
            if isinstance(exc, sqlite3.Error):
                raise CorruptFile(path, f"the file is damaged and cannot be read ({backend.one_line(exc)})") from None
            if isinstance(exc, UnicodeDecodeError):
                raise CorruptFile(path, "the file is damaged and cannot be read (its structure holds names "
                                        "that are not text)") from None
            if isinstance(exc, RecursionError):
                raise CorruptFile(path, "the file holds values nested too deeply to be read") from None
            if isinstance(exc, OSError):
                reason = exc.strerror or exc
                raise ReadOnlyFile(path, f"the file could not be prepared for editing ({reason})") from None
            raise
        return cls(path, conn, workshop, read_only=read_only, lock=lock)

    @staticmethod
    def repair(source: Path | str, out: Path | str) -> RepairReport:
        """Copy the workshop in a refused file, through the edit gate, into a new clean file (see :mod:`.repair`)."""
        from .repair import repair

        return repair(Path(source), Path(out))

    def close(self) -> None:
        self._conn.close()
        if self._lock:
            self._lock.release()
            self._lock = None

    def __enter__(self) -> WorkshopFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def save_as(self, new_path: Path | str) -> WorkshopFile:
        """Copy the whole file to ``new_path`` (SQLite's backup API) and open the copy."""
        new_path = Path(new_path)
        if new_path.resolve() == self.path.resolve() or _same_file(new_path, self.path):
            raise InvalidEdit(new_path, "that is the file already open (under another name: a link to it)")
        backend.check_new_name(new_path)
        if backend.exists(new_path):
            # The caller has confirmed replacing it; never replace a file another window edits.
            probe = EditLock(new_path)
            probe.acquire()
            probe.release()
        if not new_path.parent.is_dir():
            raise FileMissing(new_path, "the folder does not exist")
        if not backend.is_writable(new_path.parent):
            raise ReadOnlyFile(new_path, "the folder is read-only; choose another folder")
        partial = new_path.with_name(f".{new_path.name}.partial")
        backend.remove_partial(partial)
        target = None
        try:
            target = sqlite3.connect(partial)
            with target:
                self._conn.backup(target)
            target.close()
            target = None
            os.replace(partial, new_path)
            backend.sync_folder(new_path.parent)
        except (OSError, sqlite3.Error) as exc:
            if target is not None:
                target.close()
            backend.remove_partial(partial)
            raise ReadOnlyFile(new_path, f"could not write the copy ({exc})") from None
        return WorkshopFile.open(new_path)

    def where_is_the_file(self) -> str | None:
        """Why writes to the open file would go astray, or None: it was moved, deleted or replaced while open."""
        try:
            now = os.stat(self.path)
        except OSError:
            return "the file was moved or deleted while it was open; nothing more can be saved to it here"
        opened = self._opened_as
        if opened is not None and (now.st_dev, now.st_ino) != opened:
            return "the file was replaced by another file while it was open; nothing more is saved to it here"
        return None

    @contextmanager
    def batch(self) -> Iterator[None]:
        """Group many edits into one transaction: all of them are written, or none.

        When the batch fails, the workshop in memory is read again from the file (a new
        object) and listeners hear a ``"reloaded"`` change.
        """
        db = self._writable()
        try:
            with db.atomic():
                yield
        except BaseException:
            self.workshop = load(self._conn, self.path)
            self._changed(Reloaded())
            raise

    def _reload_after_failed_write(self) -> None:
        try:
            self.workshop = load(self._conn, self.path)
        except WorkshopFileError:
            return  # the file cannot be read now either; the next open will say why
        self._changed(Reloaded())

    # Listening ------------------------------------------------------------------------

    def add_listener(self, listener: Callable[[Change], None]) -> None:
        """Hear every change; a bound method is held weakly, so a view that is gone stops hearing."""
        self._listeners.add(listener)

    def remove_listener(self, listener: Callable[[Change], None]) -> None:
        self._listeners.remove(listener)

    def _changed(self, change: Change) -> None:
        self._listeners.tell(change)

    def rating_history(self, bu_id: int | None = None) -> list[dict[str, Any]]:
        """Every rating change ever made, oldest first."""
        if bu_id is None:
            return rows(self._conn, "SELECT * FROM rating_history ORDER BY id")
        return rows(self._conn, "SELECT * FROM rating_history WHERE bu_id = ? ORDER BY id", (bu_id,))

    # Billing evidence (kept in :mod:`.evidence_tables`) ---------------------------------

    @edit
    def record_evidence(self, summary: BillingSummary, matches: dict[str | None, int | None]) -> ImportRecord:
        """Keep an import's record and sums (never its rows); the latest import is the evidence shown."""
        from . import evidence_tables

        names = {bu.id: bu.name for bu in self.workshop.business_units}
        record = evidence_tables.write_import(self._writable(), summary, matches, names, now())
        self._changed(EvidenceChanged())
        return record

    def evidence_imports(self) -> list[ImportRecord]:
        from . import evidence_tables

        return evidence_tables.read_imports(self._conn, self.path)

    def latest_evidence(self) -> StoredEvidence | None:
        if not self.has_evidence():  # most workshops have none: the evidence modules are not even loaded
            return None
        from . import evidence_tables

        return evidence_tables.read_latest(self._conn, self.path)

    def has_evidence(self) -> bool:
        """Whether billing data was ever imported (an older file, not yet migrated, has no such table)."""
        try:
            return self._conn.execute("SELECT 1 FROM evidence_imports LIMIT 1").fetchone() is not None
        except sqlite3.OperationalError:
            return False
