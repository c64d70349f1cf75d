"""Billing evidence in the workshop file: writing an import's record and sums, reading them back checked.

Values written and values read back pass the same checks (:mod:`..domain.values`): a file
changed by another tool can hold anything, and a figure the app shows must be one it could
have computed. A value refused on writing refuses the whole import; on reading, the file.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import fields
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..domain import values
from ..evidence.figures import SummaryRow, Sums
from ..evidence.records import FROM_FILES, FROM_SUMMARY, BillingSummary, FileRecord, ImportRecord
from ..evidence.report import StoredEvidence
from .errors import CorruptFile

if TYPE_CHECKING:
    from sqlite_utils import Database

TABLES = ("evidence_imports", "evidence_files", "evidence_values", "evidence_sums")
_SUM_FIELDS = tuple(f.name for f in fields(Sums))


def write_import(db: Database, summary: BillingSummary, matches: dict[str | None, int | None],
                 unit_names: dict[int, str], imported_at: str) -> ImportRecord:
    """Write one import (its record, files, matches and sums) in one transaction; returns it with its id."""
    record = summary.record
    currency = values.CURRENCY.check(record.currency)
    text = values.BILLING_TEXT.check
    for f in record.files:
        text(f.name), text(f.format), _sha256(f.sha256), _count(f.row_count), _count(f.size)
    for row in summary.rows:
        _value(row.bu_value)
        _checked_sums(row.sums)
    for value in matches:
        _value(value)
    with db.atomic():
        import_id = int(db.table("evidence_imports").insert({  # type: ignore[arg-type]
            "imported_at": imported_at, "source": record.source, "unit_source": text(record.unit_source),
            "allocation_tags": json.dumps([text(t) for t in record.allocation_tags]), "currency": currency,
            "billing_periods": json.dumps([p.isoformat() for p in record.billing_periods]),
            "row_count": _count(record.row_count)}).last_pk)
        db.table("evidence_files").insert_all(
            {"import_id": import_id, "position": n, "name": f.name, "size": f.size, "sha256": f.sha256,
             "row_count": f.row_count, "format": f.format, "focus_version": f.focus_version}
            for n, f in enumerate(record.files))
        db.table("evidence_values").insert_all(
            ({"import_id": import_id, "value": value, "bu_id": bu_id,
              "bu_name": unit_names.get(bu_id) if bu_id is not None else None}
             for value, bu_id in matches.items()), columns={"value": str, "bu_id": int, "bu_name": str})
        db.table("evidence_sums").insert_all(
            ({"import_id": import_id, "value": row.bu_value, "billing_period": row.billing_period.isoformat(),
              "charge_day": row.charge_day.isoformat(), **{name: getattr(row.sums, name) for name in _SUM_FIELDS}}
             for row in summary.rows), batch_size=2000)
    return _with_id(record, import_id, imported_at)


def _with_id(record: ImportRecord, import_id: int, imported_at: str) -> ImportRecord:
    return ImportRecord(record.source, record.files, record.unit_source, record.allocation_tags, record.currency,
                        record.billing_periods, record.row_count, imported_at, import_id)


def read_imports(conn: sqlite3.Connection, path: Path) -> list[ImportRecord]:
    """Every import, oldest first (an older file, not yet migrated, has none)."""
    if not _has_tables(conn):
        return []
    files: dict[int, list[FileRecord]] = {}
    try:
        for row in _rows(conn, "SELECT * FROM evidence_files ORDER BY import_id, position"):
            files.setdefault(row["import_id"], []).append(FileRecord(
                _text(row["name"]), _count(row["size"]), _sha256(row["sha256"]), _count(row["row_count"]),
                _text(row["format"]), row["focus_version"] if isinstance(row["focus_version"], str) else None))
        records = []
        for row in _rows(conn, "SELECT * FROM evidence_imports ORDER BY id"):
            if row["source"] not in (FROM_FILES, FROM_SUMMARY):
                raise ValueError(f"unknown source {row['source']!r}")
            tags = _json_list(row["allocation_tags"] or "[]")
            periods = _json_list(row["billing_periods"])
            records.append(ImportRecord(
                row["source"], tuple(files.get(row["id"], ())), _text(row["unit_source"]),
                tuple(_text(t) for t in tags), values.CURRENCY.check(row["currency"]),
                tuple(_date(p) for p in periods), _count(row["row_count"]),
                _text(row["imported_at"]), int(row["id"])))
    except (ValueError, TypeError, KeyError) as exc:  # json.JSONDecodeError is a ValueError
        raise CorruptFile(path, f"the file's billing evidence holds values it cannot have ({exc})") from None
    return records


def read_latest(conn: sqlite3.Connection, path: Path) -> StoredEvidence | None:
    """The latest import with its sums and matches: the evidence the workshop shows."""
    imports = read_imports(conn, path)
    if not imports:
        return None
    record = imports[-1]
    try:
        matches: dict[str | None, int | None] = {}
        for row in _rows(conn, "SELECT value, bu_id FROM evidence_values WHERE import_id = ?", (record.id,)):
            bu_id = row["bu_id"]
            if bu_id is not None and (not isinstance(bu_id, int) or isinstance(bu_id, bool)):
                raise ValueError("a matched unit is not a unit id")
            matches[_value(row["value"])] = bu_id
        rows = []
        for row in _rows(conn, "SELECT * FROM evidence_sums WHERE import_id = ? ORDER BY value, charge_day",
                         (record.id,)):
            sums = _checked_sums(Sums(row_count=row["row_count"],
                                      **{name: row[name] for name in _SUM_FIELDS if name != "row_count"}))
            rows.append(SummaryRow(_value(row["value"]), record.currency, _date(row["billing_period"]),
                                   _date(row["charge_day"]), sums))
    except (ValueError, TypeError, KeyError) as exc:
        raise CorruptFile(path, f"the file's billing evidence holds values it cannot have ({exc})") from None
    return StoredEvidence(record, tuple(rows), matches)


def _has_tables(conn: sqlite3.Connection) -> bool:
    names = {name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    return set(TABLES) <= names


def _rows(conn: sqlite3.Connection, sql: str, parameters: tuple[Any, ...] = ()) -> list[dict[str, Any]]:
    cursor = conn.execute(sql, parameters)
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor]


def _text(value: object) -> str:
    if not isinstance(value, str):
        raise ValueError(f"text expected, not {value!r}")
    return values.BILLING_TEXT.check(value)


def _value(value: object) -> str | None:
    """A value of the business-unit column or tag; ``None`` for rows without one."""
    return None if value is None else values.BILLING_VALUE.check(value)


def _date(value: object) -> date:
    text = values.DateValue("billing date").check(value)
    if not text:
        raise ValueError("a billing date is empty")
    return date.fromisoformat(text)


def _json_list(value: object) -> list[Any]:
    """A short JSON list (tags, billing periods); nesting a parser cannot follow is refused, not a crash."""
    if not isinstance(value, str):
        raise ValueError(f"lists expected, not {type(value).__name__}")
    try:
        found = json.loads(value)
    except RecursionError:
        raise ValueError("lists expected, not JSON nested too deeply to read") from None
    if not isinstance(found, list):
        raise ValueError("lists expected")
    return found


def _sha256(value: object) -> str:
    text = _text(value)
    if len(text) != 64 or any(c not in "0123456789abcdef" for c in text):
        raise values.ValueRefused(f"a SHA-256 expected, not {values.shown(value)!r}")
    return text


def _count(value: object) -> int:
    """A number of rows or bytes; refused as a value (the edit gate's message), not a crash, when it is not."""
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value < 2**63:
        raise values.ValueRefused(f"a count expected, not {values.shown(value)}")
    return value


def _checked_sums(sums: Sums) -> Sums:
    """Every sum an amount (allocated cost may be missing), the row count a count."""
    checked: dict[str, object] = {"row_count": _count(sums.row_count)}
    for name in _SUM_FIELDS:
        if name == "row_count":
            continue
        value = getattr(sums, name)
        checked[name] = None if value is None and name == "allocated_cost" else values.BILLING_AMOUNT.check(value)
    return Sums(**checked)  # type: ignore[arg-type]
