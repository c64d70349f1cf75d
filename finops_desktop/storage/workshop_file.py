"""The ``.finops`` workshop file: one SQLite database per engagement.

Every edit is committed the moment it is made (rollback journal, ``synchronous=FULL``),
so there is no unsaved state: a crash or a power cut loses nothing the screen showed as
done. The file keeps a copy of the model it was assessed with, so it opens the same on
any laptop and any app version.

A :class:`WorkshopFile` keeps the workshop in memory as domain objects and updates them
with every write; listeners are told what changed, so views never reload the file. The
file is read with the standard library's ``sqlite3``; sqlite-utils, which writes it, is
loaded with the first write (see :mod:`.database`).
"""

from __future__ import annotations

import functools
import json
import os
import shutil
import sqlite3
import stat
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar
from urllib.parse import quote

from ..domain.definition_file import DefinitionError
from ..domain.model import NOT_APPLICABLE, MaturityModel, WasteAssumption
from ..domain.model_file import parse_model
from ..domain.workshop import (
    CONFIDENCE_LEVELS,
    AssessmentRound,
    BusinessUnit,
    Rating,
    Workshop,
    WorkshopInfo,
)
from . import evidence_tables
from .database import schema_migrations, writable_database
from .edit_lock import EditLock
from .errors import (
    CorruptFile,
    FileMissing,
    InvalidEdit,
    NewerFileVersion,
    NotAWorkshopFile,
    ReadOnlyFile,
    WorkshopFileError,
    WriteFailed,
)
from .file_format import APPLICATION_ID, SCHEMA_VERSION

if TYPE_CHECKING:
    from sqlite_utils import Database

    from ..evidence.records import BillingSummary, ImportRecord
    from ..evidence.report import StoredEvidence

FILE_SUFFIX = ".finops"
FIRST_ROUND_NAME = "Baseline"
MAX_NAME_LENGTH = 10_000
MAX_TEXT_LENGTH = 1_000_000
#: A month's cloud spend beyond any organisation's (a trillion): larger figures are typing errors.
MAX_MONTHLY_SPEND = 1e12
_SQLITE_HEADER = b"SQLite format 3\x00"
_UNSET: Any = object()
_Method = TypeVar("_Method", bound=Callable[..., Any])


@dataclass(frozen=True)
class Change:
    """What an edit changed, for listeners that redraw only that."""

    kind: str  # "rating" | "business_units" | "info" | "rounds" | "assumptions" | "evidence" | "reloaded"
    bu_id: int | None = None
    dimension_id: str | None = None
    round_id: int | None = None


@dataclass(frozen=True)
class RemovedBusinessUnit:
    """Everything needed to put a removed business unit back (undo)."""

    business_unit: BusinessUnit
    ratings: dict[tuple[int, int, str], Rating]


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _edit(method: _Method) -> _Method:
    """An edit that the file refuses leaves the file and the workshop in memory as they were.

    SQLite rolls the write back; the workshop in memory, which the edit may have begun to
    change, is read again from the file and listeners hear ``"reloaded"``.
    """

    @functools.wraps(method)
    def edit(self: WorkshopFile, *args: Any, **kwargs: Any) -> Any:
        try:
            return method(self, *args, **kwargs)
        except sqlite3.Error as exc:
            self._reload_after_failed_write()
            raise WriteFailed(self.path, f"the change could not be saved ({exc}); the file is as it was") from None

    return edit  # type: ignore[return-value]


class WorkshopFile:
    """An open workshop file. Use :meth:`create` or :meth:`open`; close when done."""

    def __init__(self, path: Path, conn: sqlite3.Connection, workshop: Workshop, *, read_only: bool,
                 lock: EditLock | None):
        self.path = path
        self._conn = conn
        self._db: Database | None = None  # made by the first write
        self.workshop = workshop
        self.read_only = read_only
        self._lock = lock
        self._listeners: list[Callable[[Change], None]] = []

    # Opening and closing --------------------------------------------------------------

    @classmethod
    def create(cls, path: Path | str, info: WorkshopInfo, model: MaturityModel) -> WorkshopFile:
        """Write a new workshop file with one round, "Baseline", and open it for editing."""
        path = Path(path)
        client = _clean_name(info.client, "client name")
        if path.exists():
            raise InvalidEdit(path, "a file of that name already exists; choose another name")
        if not path.parent.is_dir():
            raise FileMissing(path, "the folder does not exist")
        if not _is_writable(path.parent):
            raise ReadOnlyFile(path, "the folder is read-only; choose another folder")
        # Build the file beside its final name and move it into place in one step, so a
        # half-written file never carries the workshop's name.
        partial = path.with_name(f".{path.name}.partial")
        _remove_partial(partial)  # left by a crash during an earlier attempt
        conn = None
        try:
            conn = _connect(partial)
            db = writable_database(conn)
            conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            schema_migrations().apply(db)
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            with db.atomic():
                db.table("workshop").insert({"id": 1, "client": client, "date": _clean_text(info.date),
                                       "facilitator": _clean_text(info.facilitator),
                                       "currency": _clean_text(info.currency) or "USD", "created_at": _now()})
                db.table("model").insert({"id": 1, "model_id": model.id, "version": model.version, "name": model.name,
                                    "definition": model.source})
                db.table("rounds").insert({"name": FIRST_ROUND_NAME, "created_at": _now()})
            conn.close()
            os.replace(partial, path)
            _sync_folder(path.parent)
        except (OSError, sqlite3.Error) as exc:
            if conn is not None:
                conn.close()
            _remove_partial(partial)
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
        _recover_interrupted_write(path)
        version = _check_file(path)
        lock = None
        if not read_only:
            if not _is_writable(path):
                raise ReadOnlyFile(path, "the file is read-only; open it read-only or save a copy elsewhere")
            if not _is_writable(path.parent):
                raise ReadOnlyFile(path, "the folder is read-only, so changes cannot be saved safely; "
                                         "open the file read-only or copy it elsewhere")
            lock = EditLock(path)
            lock.acquire()
        try:
            conn = _connect(_read_only_uri(path), uri=True, timeout=10) if read_only else _connect(path, timeout=10)
            if not read_only and version < SCHEMA_VERSION:
                _migrate(path, conn)
            workshop = _load(conn, path)
        except BaseException as exc:
            if lock:
                lock.release()
            if isinstance(exc, sqlite3.DatabaseError):
                raise CorruptFile(path, f"the file is damaged and cannot be read ({exc})") from None
            if isinstance(exc, OSError):
                reason = exc.strerror or exc
                raise ReadOnlyFile(path, f"the file could not be prepared for editing ({reason})") from None
            raise
        return cls(path, conn, workshop, read_only=read_only, lock=lock)

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
        if new_path.resolve() == self.path.resolve():
            raise InvalidEdit(new_path, "that is the file already open")
        if new_path.exists():
            # The caller has confirmed replacing it; never replace a file another window edits.
            probe = EditLock(new_path)
            probe.acquire()
            probe.release()
        if not new_path.parent.is_dir():
            raise FileMissing(new_path, "the folder does not exist")
        if not _is_writable(new_path.parent):
            raise ReadOnlyFile(new_path, "the folder is read-only; choose another folder")
        partial = new_path.with_name(f".{new_path.name}.partial")
        _remove_partial(partial)
        target = None
        try:
            target = sqlite3.connect(partial)
            with target:
                self._conn.backup(target)
            target.close()
            target = None
            os.replace(partial, new_path)
            _sync_folder(new_path.parent)
        except (OSError, sqlite3.Error) as exc:
            if target is not None:
                target.close()
            _remove_partial(partial)
            raise ReadOnlyFile(new_path, f"could not write the copy ({exc})") from None
        return WorkshopFile.open(new_path)

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
            self.workshop = _load(self._conn, self.path)
            self._changed(Change("reloaded"))
            raise

    def _reload_after_failed_write(self) -> None:
        try:
            self.workshop = _load(self._conn, self.path)
        except WorkshopFileError:
            return  # the file cannot be read now either; the next open will say why
        self._changed(Change("reloaded"))

    # Listening ------------------------------------------------------------------------

    def add_listener(self, listener: Callable[[Change], None]) -> None:
        self._listeners.append(listener)

    def remove_listener(self, listener: Callable[[Change], None]) -> None:
        self._listeners.remove(listener)

    def _changed(self, change: Change) -> None:
        for listener in list(self._listeners):
            listener(change)

    # Edits ----------------------------------------------------------------------------

    def _writable(self) -> Database:
        if self.read_only:
            raise ReadOnlyFile(self.path, "the file is open read-only")
        if self._db is None:
            self._db = writable_database(self._conn)
        return self._db

    @_edit
    def set_info(self, *, client: str = _UNSET, date: str = _UNSET, facilitator: str = _UNSET,
                 currency: str = _UNSET) -> None:
        db = self._writable()
        info = self.workshop.info
        new = WorkshopInfo(
            client=info.client if client is _UNSET else _clean_name(client, "client name"),
            date=info.date if date is _UNSET else _clean_text(date),
            facilitator=info.facilitator if facilitator is _UNSET else _clean_text(facilitator),
            currency=info.currency if currency is _UNSET else (_clean_text(currency) or "USD"),
        )
        db.table("workshop").update(1, {"client": new.client, "date": new.date, "facilitator": new.facilitator,
                                  "currency": new.currency})
        self.workshop.info = new
        self._changed(Change("info"))

    @_edit
    def add_business_unit(self, name: str, *, monthly_spend: float | None = None, owner: str = "",
                          notes: str = "", annual_growth: float | None = None) -> BusinessUnit:
        db = self._writable()
        name = self._unique_name(name)
        spend = _clean_spend(monthly_spend)
        growth = _clean_growth(annual_growth)
        position = len(self.workshop.business_units)
        row = {"name": name, "position": position, "monthly_spend": spend,
               "owner": _clean_text(owner), "notes": _clean_text(notes), "annual_growth": growth}
        bu_id = int(db.table("business_units").insert(row).last_pk)  # type: ignore[arg-type]
        bu = BusinessUnit(bu_id, name, position, spend, _clean_text(owner), _clean_text(notes), growth)
        self.workshop.business_units.append(bu)
        self._changed(Change("business_units", bu_id=bu.id))
        return bu

    @_edit
    def update_business_unit(self, bu_id: int, *, name: str = _UNSET, monthly_spend: float | None = _UNSET,
                             owner: str = _UNSET, notes: str = _UNSET,
                             annual_growth: float | None = _UNSET) -> BusinessUnit:
        db = self._writable()
        bu = self._business_unit(bu_id)
        changes: dict[str, Any] = {}
        if name is not _UNSET:
            changes["name"] = self._unique_name(name, except_id=bu_id)
        if monthly_spend is not _UNSET:
            changes["monthly_spend"] = _clean_spend(monthly_spend)
        if owner is not _UNSET:
            changes["owner"] = _clean_text(owner)
        if notes is not _UNSET:
            changes["notes"] = _clean_text(notes)
        if annual_growth is not _UNSET:
            changes["annual_growth"] = _clean_growth(annual_growth)
        if changes:
            db.table("business_units").update(bu_id, changes)
        updated = replace(bu, **changes)
        self._replace_business_unit(updated)
        self._changed(Change("business_units", bu_id=bu_id))
        return updated

    def rename_business_unit(self, bu_id: int, new_name: str) -> BusinessUnit:
        return self.update_business_unit(bu_id, name=new_name)

    @_edit
    def move_business_unit(self, bu_id: int, new_index: int) -> None:
        """Put a business unit at ``new_index`` in the display order."""
        db = self._writable()
        units = self.workshop.business_units
        bu = self._business_unit(bu_id)
        units.remove(bu)
        new_index = max(0, min(new_index, len(units)))
        units.insert(new_index, bu)
        self._renumber(db)
        self._changed(Change("business_units", bu_id=bu_id))

    @_edit
    def remove_business_unit(self, bu_id: int) -> RemovedBusinessUnit:
        """Remove a business unit and its ratings; the result puts it back (undo)."""
        db = self._writable()
        bu = self._business_unit(bu_id)
        ratings = {key: r for key, r in self.workshop.ratings.items() if key[1] == bu_id}
        with db.atomic():
            db.execute("DELETE FROM ratings WHERE bu_id = ?", [bu_id])
            db.execute("DELETE FROM business_units WHERE id = ?", [bu_id])
            self.workshop.business_units.remove(bu)
            for key in ratings:
                del self.workshop.ratings[key]
            self._renumber(db)
        self._changed(Change("business_units", bu_id=bu_id))
        return RemovedBusinessUnit(bu, ratings)

    @_edit
    def restore_business_unit(self, removed: RemovedBusinessUnit) -> BusinessUnit:
        """Put back a business unit removed by :meth:`remove_business_unit`, with its ratings."""
        db = self._writable()
        bu = removed.business_unit
        self._unique_name(bu.name)
        units = self.workshop.business_units
        with db.atomic():
            db.table("business_units").insert({"id": bu.id, "name": bu.name, "position": bu.position,
                                         "monthly_spend": bu.monthly_spend, "owner": bu.owner, "notes": bu.notes,
                                         "annual_growth": bu.annual_growth})
            for (round_id, _, dimension_id), rating in removed.ratings.items():
                self._write_rating(db, round_id, bu, dimension_id, rating, history=False)
            units.insert(min(bu.position, len(units)), bu)
            self._renumber(db)
        self.workshop.ratings.update(removed.ratings)
        self._changed(Change("business_units", bu_id=bu.id))
        return bu

    @_edit
    def set_rating(self, bu_id: int, dimension_id: str, rating: Rating, round_id: int | None = None) -> Rating:
        """Write one cell's rating and append it to the history, in one transaction."""
        db = self._writable()
        bu = self._business_unit(bu_id)
        round_id = self.workshop.active_round.id if round_id is None else round_id
        if not any(r.id == round_id for r in self.workshop.rounds):
            raise InvalidEdit(self.path, f"no assessment round {round_id}")
        rating = replace(self._validated(dimension_id, rating), rated_at=_now())
        with db.atomic():
            self._write_rating(db, round_id, bu, dimension_id, rating, history=True)
        key = (round_id, bu_id, dimension_id)
        if rating.is_empty:
            self.workshop.ratings.pop(key, None)
        else:
            self.workshop.ratings[key] = rating
        self._changed(Change("rating", bu_id=bu_id, dimension_id=dimension_id, round_id=round_id))
        return rating

    @_edit
    def add_round(self, name: str, *, copy_previous: bool = True) -> AssessmentRound:
        """Start a new assessment round; it starts from the previous round's ratings unless told not to."""
        db = self._writable()
        name = _clean_name(name, "round name")
        if self.workshop.round_named(name):
            raise InvalidEdit(self.path, f"a round named '{name}' already exists")
        previous = self.workshop.active_round
        with db.atomic():
            round_id = int(db.table("rounds").insert({"name": name, "created_at": _now()}).last_pk)  # type: ignore[arg-type]
            copied = {}
            if copy_previous:
                for (rid, bu_id, dimension_id), rating in list(self.workshop.ratings.items()):
                    if rid == previous.id:
                        bu = self._business_unit(bu_id)
                        self._write_rating(db, round_id, bu, dimension_id, rating, history=True)
                        copied[(round_id, bu_id, dimension_id)] = rating
        rnd = AssessmentRound(round_id, name, _now())
        self.workshop.rounds.append(rnd)
        self.workshop.ratings.update(copied)
        self._changed(Change("rounds", round_id=round_id))
        return rnd

    @_edit
    def set_waste_assumption(self, dimension_id: str, stage: str, share: float, reasoning: str) -> None:
        """Edit a waste assumption for this workshop only (the model keeps its own figure)."""
        db = self._writable()
        self._check_assumption(dimension_id, stage)
        if not 0 <= share <= 1:
            raise InvalidEdit(self.path, f"a share of spend lies between 0 and 1, not {share}")
        reasoning = _clean_text(reasoning).strip() or "Edited for this workshop."
        db.table("waste_assumptions").upsert({"dimension_id": dimension_id, "stage": stage, "share": float(share),
                                        "reasoning": reasoning}, pk=("dimension_id", "stage"))
        self.workshop.waste_overrides[(dimension_id, stage)] = WasteAssumption(float(share), reasoning)
        self._changed(Change("assumptions", dimension_id=dimension_id))

    @_edit
    def reset_waste_assumption(self, dimension_id: str, stage: str) -> None:
        db = self._writable()
        self._check_assumption(dimension_id, stage)
        db.execute("DELETE FROM waste_assumptions WHERE dimension_id = ? AND stage = ?", [dimension_id, stage])
        self.workshop.waste_overrides.pop((dimension_id, stage), None)
        self._changed(Change("assumptions", dimension_id=dimension_id))

    def _check_assumption(self, dimension_id: str, stage: str) -> None:
        model = self.workshop.model
        if not model.has_dimension(dimension_id) or not model.has_stage(stage):
            raise InvalidEdit(self.path, f"no waste assumption for '{dimension_id}' at '{stage}' in this model")

    def rating_history(self, bu_id: int | None = None) -> list[dict[str, Any]]:
        """Every rating change ever made, oldest first."""
        if bu_id is None:
            return _rows(self._conn, "SELECT * FROM rating_history ORDER BY id")
        return _rows(self._conn, "SELECT * FROM rating_history WHERE bu_id = ? ORDER BY id", (bu_id,))

    # Billing evidence (kept in :mod:`.evidence_tables`) ---------------------------------

    @_edit
    def record_evidence(self, summary: BillingSummary, matches: dict[str | None, int | None]) -> ImportRecord:
        """Keep an import's record and sums (never its rows); the latest import is the evidence shown."""
        names = {bu.id: bu.name for bu in self.workshop.business_units}
        record = evidence_tables.write_import(self._writable(), summary, matches, names, _now())
        self._changed(Change("evidence"))
        return record

    def evidence_imports(self) -> list[ImportRecord]:
        return evidence_tables.read_imports(self._conn, self.path)

    def latest_evidence(self) -> StoredEvidence | None:
        return evidence_tables.read_latest(self._conn, self.path)

    # Internals ------------------------------------------------------------------------

    def _business_unit(self, bu_id: int) -> BusinessUnit:
        try:
            return self.workshop.business_unit(bu_id)
        except KeyError:
            raise InvalidEdit(self.path, f"no business unit with id {bu_id}") from None

    def _replace_business_unit(self, bu: BusinessUnit) -> None:
        units = self.workshop.business_units
        index = next(i for i, u in enumerate(units) if u.id == bu.id)
        units[index] = bu

    def _unique_name(self, name: str, except_id: int | None = None) -> str:
        name = _clean_name(name, "business unit name")
        other = self.workshop.business_unit_named(name)
        if other and other.id != except_id:
            raise InvalidEdit(self.path, f"a business unit named '{other.name}' already exists")
        return name

    def _renumber(self, db: Database) -> None:
        units = self.workshop.business_units
        with db.atomic():
            for index, bu in enumerate(units):
                if bu.position != index:
                    db.execute("UPDATE business_units SET position = ? WHERE id = ?", [index, bu.id])
                    units[index] = replace(bu, position=index)

    def _validated(self, dimension_id: str, rating: Rating) -> Rating:
        model = self.workshop.model
        if not model.has_dimension(dimension_id):
            known = ", ".join(d.id for d in model.dimensions)
            raise InvalidEdit(self.path, f"unknown dimension '{dimension_id}' (this model has: {known})")
        for field_name in ("current", "target"):
            value = getattr(rating, field_name)
            if value is not None and value != NOT_APPLICABLE and not model.has_stage(value):
                known = ", ".join(s.id for s in model.stages)
                raise InvalidEdit(self.path, f"unknown stage '{value}' (use {known}, none or na)")
        if rating.confidence is not None and rating.confidence not in CONFIDENCE_LEVELS:
            raise InvalidEdit(self.path, f"confidence is one of {', '.join(CONFIDENCE_LEVELS)}")
        dimension = model.dimension(dimension_id)
        indicator_ids = {i.id for i in dimension.indicators}
        for indicator_id, value in rating.indicators:
            if indicator_id not in indicator_ids:
                raise InvalidEdit(self.path, f"dimension '{dimension_id}' has no indicator '{indicator_id}'")
            if value != value or value in (float("inf"), float("-inf")):
                raise InvalidEdit(self.path, f"indicator '{indicator_id}' needs a number")
        return replace(rating, note=_clean_text(rating.note), participants=_clean_text(rating.participants))

    def _write_rating(self, db: Database, round_id: int, bu: BusinessUnit, dimension_id: str, rating: Rating,
                      *, history: bool) -> None:
        now = _now()
        rated_at = rating.rated_at or now  # a copied or restored rating keeps the date it was made
        values = {"current": rating.current, "target": rating.target, "confidence": rating.confidence,
                  "note": rating.note, "participants": rating.participants,
                  "indicators": json.dumps(dict(rating.indicators), sort_keys=True)}
        if rating.is_empty:
            db.execute("DELETE FROM ratings WHERE round_id = ? AND bu_id = ? AND dimension_id = ?",
                       [round_id, bu.id, dimension_id])
        else:
            db.table("ratings").upsert({"round_id": round_id, "bu_id": bu.id, "dimension_id": dimension_id,
                                  "updated_at": rated_at, **values}, pk=("round_id", "bu_id", "dimension_id"))
        if history:
            db.table("rating_history").insert({"at": now, "round_id": round_id, "bu_id": bu.id, "bu_name": bu.name,
                                         "dimension_id": dimension_id, **values})


# Opening checks ---------------------------------------------------------------------------


def _connect(database: str | Path, **options: Any) -> sqlite3.Connection:
    conn = sqlite3.connect(database, **options)
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA synchronous = FULL")
    return conn


def _check_file(path: Path) -> int:
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
    if not header.startswith(_SQLITE_HEADER):
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
        conn = sqlite3.connect(_read_only_uri(path), uri=True, timeout=10)
        try:
            result = conn.execute("PRAGMA quick_check").fetchone()
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise CorruptFile(path, f"the file is damaged and cannot be read ({exc})") from None
    if not result or result[0] != "ok":
        raise CorruptFile(path, "the file is damaged and cannot be read (integrity check failed)")
    return version


def _remove_partial(partial: Path) -> None:
    """A file being built beside its final name, with its journal."""
    for leftover in (partial, partial.with_name(partial.name + "-journal")):
        leftover.unlink(missing_ok=True)


def _read_only_uri(path: Path) -> str:
    """A URI that opens ``path`` read-only, whatever bytes its name holds."""
    return f"file:{quote(os.fsencode(path.resolve()))}?mode=ro"


def _recover_interrupted_write(path: Path) -> None:
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
    if not (_is_writable(path) and _is_writable(path.parent)):
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


def _migrate(path: Path, conn: sqlite3.Connection) -> None:
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
            _sync_folder(path.parent)
        except OSError:
            partial.unlink(missing_ok=True)
            raise
    schema_migrations().apply(writable_database(conn))
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


def _rows(conn: sqlite3.Connection, sql: str, parameters: tuple[Any, ...] = ()) -> list[dict[str, Any]]:
    """The rows of a query as dictionaries by column name."""
    cursor = conn.execute(sql, parameters)
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor]


def _load(conn: sqlite3.Connection, path: Path) -> Workshop:
    try:
        workshop = _read_workshop(conn, path)
    except (ValueError, TypeError, KeyError, AttributeError) as exc:
        raise CorruptFile(path, f"the file holds values a workshop cannot have and cannot be read ({exc})") from None
    _check_values(workshop, path)
    return workshop


def _check_values(workshop: Workshop, path: Path) -> None:
    """Stages and numbers the model allows: a file changed by another tool can hold anything."""
    model = workshop.model
    for (_, bu_id, dimension_id), rating in workshop.ratings.items():
        where = f"business unit {bu_id}, dimension '{dimension_id}'"
        if not model.has_dimension(dimension_id):
            raise CorruptFile(path, f"a rating names a dimension the model lacks ({where})")
        for value in (rating.current, rating.target):
            if value is not None and value != NOT_APPLICABLE and not model.has_stage(value):
                raise CorruptFile(path, f"a rating holds an unknown stage '{value}' ({where})")
    for bu in workshop.business_units:
        for number in (bu.monthly_spend, bu.annual_growth):
            if number is not None and (not isinstance(number, int | float) or number != number):
                raise CorruptFile(path, f"business unit '{bu.name}' holds a figure that is not a number")


def _read_workshop(conn: sqlite3.Connection, path: Path) -> Workshop:
    tables = {name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if not {"workshop", "model", "business_units", "rounds", "ratings"} <= tables:
        raise CorruptFile(path, "the file is missing parts of a workshop and cannot be read")
    meta = next(iter(_rows(conn, "SELECT * FROM workshop")), None)
    model_row = next(iter(_rows(conn, "SELECT * FROM model")), None)
    if meta is None or model_row is None:
        raise CorruptFile(path, "the file has no workshop details and cannot be read")
    try:
        model = parse_model(model_row["definition"], f"{path.name} (its copy of model '{model_row['model_id']}')")
    except DefinitionError as exc:
        raise CorruptFile(path, f"the model stored in the file is damaged: {exc}") from None
    info = WorkshopInfo(meta["client"], meta.get("date") or "", meta.get("facilitator") or "",
                        meta.get("currency") or "USD")
    units = [BusinessUnit(r["id"], r["name"], r["position"], r["monthly_spend"], r["owner"] or "", r["notes"] or "",
                          r.get("annual_growth"))
             for r in _rows(conn, "SELECT * FROM business_units ORDER BY position, id")]
    rounds = [AssessmentRound(r["id"], r["name"], r["created_at"] or "")
              for r in _rows(conn, "SELECT * FROM rounds ORDER BY id")]
    if not rounds:
        raise CorruptFile(path, "the file has no assessment round and cannot be read")
    ratings: dict[tuple[int, int, str], Rating] = {}
    for r in _rows(conn, "SELECT * FROM ratings"):
        raw = r.get("indicators")
        indicators = json.loads(raw) if raw and raw != "{}" else {}  # most cells have none: skip the parser
        ratings[(r["round_id"], r["bu_id"], r["dimension_id"])] = Rating(
            current=r["current"], target=r["target"], confidence=r["confidence"], note=r["note"] or "",
            participants=r.get("participants") or "", rated_at=r.get("updated_at") or "",
            indicators=tuple(sorted((k, float(v)) for k, v in indicators.items())),
        )
    overrides = {}
    if "waste_assumptions" in tables:
        overrides = {(r["dimension_id"], r["stage"]): WasteAssumption(r["share"], r["reasoning"])
                     for r in _rows(conn, "SELECT * FROM waste_assumptions")}
    return Workshop(info, model, units, rounds, ratings, overrides)


# Text and numbers -------------------------------------------------------------------------


def _clean_text(text: str | None) -> str:
    """Free text as typed; only characters SQLite and spreadsheets cannot hold are refused."""
    if text is None:
        return ""
    if not isinstance(text, str):
        raise InvalidEdit("", "expected text")
    if "\x00" in text:
        text = text.replace("\x00", "")
    if len(text) > MAX_TEXT_LENGTH:
        raise InvalidEdit("", f"the text is too long ({len(text):,} characters; at most {MAX_TEXT_LENGTH:,})")
    return text


def _clean_name(name: str, what: str) -> str:
    text = _clean_text(name).strip()
    if not text:
        raise InvalidEdit("", f"the {what} must not be empty")
    if len(text) > MAX_NAME_LENGTH:
        raise InvalidEdit("", f"the {what} is too long ({len(text):,} characters; at most {MAX_NAME_LENGTH:,})")
    if any(unicodedata.category(c) == "Cc" for c in text):
        raise InvalidEdit("", f"the {what} must be one line without control characters")
    return text


def _clean_spend(value: float | None) -> float | None:
    if value is None:
        return None
    try:
        spend = float(value)
    except (TypeError, ValueError):
        raise InvalidEdit("", f"monthly spend must be a number, not '{value}'") from None
    if spend != spend or spend in (float("inf"), float("-inf")) or spend < 0:
        raise InvalidEdit("", f"monthly spend must be a positive number, not '{value}'")
    if spend > MAX_MONTHLY_SPEND:
        raise InvalidEdit("", f"monthly spend must be at most {MAX_MONTHLY_SPEND:,.0f}, not '{value}'")
    return spend + 0.0  # -0.0 becomes 0.0


def _clean_growth(value: float | None) -> float | None:
    if value is None:
        return None
    try:
        growth = float(value)
    except (TypeError, ValueError):
        raise InvalidEdit("", f"spend growth must be a number of percent, not '{value}'") from None
    if growth != growth or not -100 <= growth <= 10_000:
        raise InvalidEdit("", f"spend growth must be a percentage between -100 and 10000, not '{value}'")
    return growth


def _is_writable(path: Path) -> bool:
    """Writable for us, and not marked read-only (which even an administrator should respect)."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    return os.access(path, os.W_OK) and bool(mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))


def _sync_folder(folder: Path) -> None:
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
