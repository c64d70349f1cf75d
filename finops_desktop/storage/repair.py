"""A clean copy of a refused workshop file: its data, through the edit gate, in a new file.

A file refused for what it holds beyond a workshop (triggers, views, indexes or columns of
its own, write-ahead-log mode) may still carry a workshop worth keeping. Its rows are read
from a private copy (so the file itself is never changed, and no journal or log is written
beside it), only from real tables and only the columns a workshop file has, and every value
is written into a new file by the same edits the window makes: what the gate refuses is
left out and reported. Nothing the file brings with it runs.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..domain.catalogue import builtin_models
from ..domain.definition_file import DefinitionError
from ..domain.model import MaturityModel
from ..domain.model_file import parse_model
from ..domain.workshop import Rating, WorkshopInfo
from . import backend
from .errors import CorruptFile, NotAWorkshopFile, WorkshopFileError
from .file_format import APPLICATION_ID, SCHEMA_VERSION
from .schema_check import MAX_MODEL_COPY, MAX_STORED_TEXT, describe, reference_schema, table_columns
from .workshop_file import WorkshopFile


@dataclass
class RepairReport:
    """What was copied and what was left out, one line each."""

    copied: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)


def repair(source: Path, out: Path) -> RepairReport:
    """Copy the workshop in ``source`` into a new clean file ``out``; ``source`` is left as it was."""
    source, out = Path(source), Path(out)
    if out.exists():
        raise WorkshopFileError(out, "a file of that name already exists; choose another name for the clean copy")
    _check_source(source)
    with tempfile.TemporaryDirectory(prefix="finops-repair-") as folder:
        copy = Path(folder) / "source.finops"
        try:
            shutil.copyfile(source, copy)
            for tail in ("-wal", "-journal"):  # a log or journal is applied to the copy, never to the file
                companion = backend.real_path(source).with_name(backend.real_path(source).name + tail)
                if companion.is_file() and not companion.is_symlink():
                    shutil.copyfile(companion, copy.with_name(copy.name + tail))
        except OSError as exc:
            raise WorkshopFileError(source, f"the file could not be read ({exc.strerror or exc})") from None
        conn = backend.connect(copy, timeout=10)
        conn.text_factory = _strict_text
        try:
            backend.check_integrity(copy)
            return _copy(conn, source, out)
        except sqlite3.Error as exc:
            raise CorruptFile(source, f"the file is too damaged to copy ({backend.one_line(exc)})") from None
        finally:
            conn.close()


def _check_source(source: Path) -> None:
    try:
        backend.check_identity(source)
    except WorkshopFileError as exc:
        # A write-ahead-log file is what a clean copy is for; everything else is refused as on open.
        if "write-ahead-log" not in exc.reason:
            raise
    if int.from_bytes(source.read_bytes()[68:72], "big") != APPLICATION_ID:  # pragma: no cover - checked above
        raise NotAWorkshopFile(source, "not a workshop file")


def _strict_text(data: bytes) -> str | bytes:
    """Text as stored; text that is not UTF-8 stays bytes, which the gate refuses as not text."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data


def _copy(conn: sqlite3.Connection, source: Path, out: Path) -> RepairReport:
    report = RepairReport()
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    expected = reference_schema(min(version, SCHEMA_VERSION))
    found = describe(conn)
    for key, item in sorted(found.items()):
        if key not in expected:
            on = f" on '{item.table}'" if item.type in ("trigger", "index") else ""
            report.dropped.append(f"{item.type} '{item.name}'{on}: not part of a workshop file")
        elif expected[key] != item:
            report.dropped.append(f"{item.type} '{item.name}': not as a workshop file has it; its data is read "
                                  "from the columns a workshop file has")
    tables = {item.name: item for (kind, _), item in found.items() if kind == "table"}

    def read(table: str, columns: list[str]) -> list[dict[str, Any]]:
        present = table_columns(tables[table]) if table in tables else {}
        if not present:
            return []
        chosen = [f'"{c}"' if present.get(c) == 0 else "NULL" for c in columns]
        too_long = " OR ".join(f'length("{c}") > {MAX_STORED_TEXT}' for c in columns if present.get(c) == 0)
        kept = []
        for row in conn.execute(f'SELECT {", ".join(chosen)}, {too_long or "0"} FROM "{table}" ORDER BY rowid'):
            if row[-1]:
                report.dropped.append(f"a row of {table}: holds a value far longer than the app writes")
                continue
            kept.append(dict(zip(columns, row[:-1], strict=True)))
        return kept

    model = _model(conn, source, report, "model" in tables)
    meta = next(iter(read("workshop", ["client", "date", "facilitator", "currency"])), None)
    if meta is None:
        raise CorruptFile(source, "the file holds no workshop details, so there is nothing to copy")
    info = WorkshopInfo(meta["client"], meta["date"] or "", meta["facilitator"] or "", meta["currency"] or "USD")
    clean = WorkshopFile.create(out, info, model)
    try:
        with clean.batch():
            _copy_contents(clean, read, report)
    except BaseException:
        clean.close()
        backend.remove_partial(out)
        raise
    clean.close()
    return report


def _model(conn: sqlite3.Connection, source: Path, report: RepairReport, has_table: bool) -> MaturityModel:
    row = conn.execute(f"SELECT model_id, CASE WHEN length(definition) <= {MAX_MODEL_COPY} THEN definition END "
                       "FROM model LIMIT 1").fetchone() if has_table else None
    if row is None:
        raise CorruptFile(source, "the file holds no model, so there is nothing to copy")
    model_id, definition = row
    if isinstance(definition, str):
        try:
            return parse_model(definition, f"{source.name} (its copy of the model)")
        except DefinitionError as exc:
            reason = exc.reason
    else:
        reason = "not text, or far too long"
    shipped = builtin_models().get(model_id) if isinstance(model_id, str) else None
    if shipped is None:
        raise CorruptFile(source, f"the file's copy of its model cannot be read ({reason}) and the app has no "
                                  "model of that id, so the ratings cannot be copied")
    report.dropped.append(f"the file's copy of its model ({reason}): the app's own model '{shipped.id}' is used")
    return shipped


def _copy_contents(clean: WorkshopFile, read: Any, report: RepairReport) -> None:
    def attempt(what: str, action: Any) -> Any:
        try:
            result = action()
        except WorkshopFileError as exc:
            report.dropped.append(f"{what}: {exc.reason}")
            return None
        except (ValueError, TypeError, RecursionError) as exc:
            report.dropped.append(f"{what}: {exc}")
            return None
        return result

    rounds: dict[object, int] = {}
    for index, row in enumerate(read("rounds", ["id", "name"])):
        if index == 0:
            renamed = attempt(f"round {row['id']}", lambda row=row: clean.rename_round(
                clean.workshop.rounds[0].id, row["name"]))
            if renamed is not None:
                rounds[row["id"]] = renamed.id
            else:
                rounds[row["id"]] = clean.workshop.rounds[0].id
            continue
        added = attempt(f"round {row['id']}", lambda row=row: clean.add_round(row["name"], copy_previous=False))
        if added is not None:
            rounds[row["id"]] = added.id
    units: dict[object, int] = {}
    for row in read("business_units", ["id", "name", "monthly_spend", "owner", "notes", "annual_growth"]):
        added = attempt(f"business unit {row['id']}", lambda row=row: clean.add_business_unit(
            row["name"], monthly_spend=row["monthly_spend"], owner=row["owner"] or "", notes=row["notes"] or "",
            annual_growth=row["annual_growth"]))
        if added is not None:
            units[row["id"]] = added.id
    report.copied.append(f"{len(units)} business units, {len(rounds)} rounds")
    rated = 0
    for row in read("ratings", ["round_id", "bu_id", "dimension_id", "current", "target", "confidence", "note",
                                "participants", "indicators"]):
        what = f"the rating of business unit {row['bu_id']} on '{row['dimension_id']}'"
        if row["bu_id"] not in units or row["round_id"] not in rounds:
            report.dropped.append(f"{what}: its business unit or round was not copied")
            continue

        def rate(row: dict[str, Any] = row) -> Rating:
            found = json.loads(row["indicators"]) if isinstance(row["indicators"], str) else {}
            if not isinstance(found, dict):
                raise ValueError("its indicator values are not a table of numbers")
            rating = Rating(current=row["current"], target=row["target"], confidence=row["confidence"],
                            note=row["note"] or "", participants=row["participants"] or "",
                            indicators=tuple(sorted(found.items())))
            return clean.set_rating(units[row["bu_id"]], row["dimension_id"], rating,
                                    round_id=rounds[row["round_id"]])

        if attempt(what, rate) is not None:
            rated += 1
    report.copied.append(f"{rated} ratings")
    for row in read("waste_assumptions", ["dimension_id", "stage", "share", "reasoning"]):
        attempt(f"the waste figure of '{row['dimension_id']}' at '{row['stage']}'",
                lambda row=row: clean.set_waste_assumption(row["dimension_id"], row["stage"], row["share"],
                                                           row["reasoning"]))
    for row in read("settings", ["key", "value"]):
        attempt(f"the setting '{row['key']}'", lambda row=row: clean.set_setting(
            row["key"], json.loads(row["value"]) if isinstance(row["value"], str) else row["value"]))
    _copy_room_and_progress(clean, read, report, attempt, units, rounds)
    history = read("rating_history", ["id"])
    if history:
        report.dropped.append(f"the rating history ({len(history)} entries): a clean copy starts its own history "
                              "with the ratings as they stand")


def _copy_room_and_progress(clean: WorkshopFile, read: Any, report: RepairReport, attempt: Any,
                            units: dict[object, int], rounds: dict[object, int]) -> None:
    """Participants, their votes and the tracker's progress, each through the gate; billing evidence is not copied."""
    people: dict[object, int] = {}
    for row in read("participants", ["id", "name", "role", "bu_id"]):
        added = attempt(f"participant {row['id']}", lambda row=row: clean.add_participant(
            row["name"], role=row["role"] or "", bu_id=units.get(row["bu_id"])))
        if added is not None:
            people[row["id"]] = added.id
    voted = 0
    for row in read("votes", ["round_id", "bu_id", "dimension_id", "participant_id", "source", "stage",
                              "confidence", "comment"]):
        what = f"a vote on business unit {row['bu_id']}, '{row['dimension_id']}'"
        if row["bu_id"] not in units or row["round_id"] not in rounds or row["participant_id"] not in people:
            report.dropped.append(f"{what}: its business unit, round or participant was not copied")
            continue
        if attempt(what, lambda row=row: clean.set_vote(
                units[row["bu_id"]], row["dimension_id"], people[row["participant_id"]], row["stage"],
                confidence=row["confidence"], comment=row["comment"] or "", source=row["source"],
                round_id=rounds[row["round_id"]])) is not None:
            voted += 1
    if people:
        report.copied.append(f"{len(people)} participants, {voted} votes")
    from ..domain.progress import StepProgress

    steps = []
    for row in read("progress", ["step_id", "bu_id", "status", "owner", "due_date", "percent_complete", "comment",
                                 "savings_realised"]):
        if row["bu_id"] not in units:
            report.dropped.append(f"the progress of step '{row['step_id']}': its business unit was not copied")
            continue
        steps.append(StepProgress(row["step_id"], units[row["bu_id"]], row["status"], row["owner"] or "",
                                  row["due_date"] or "", row["percent_complete"], row["comment"] or "",
                                  row["savings_realised"]))
    if steps and attempt("the tracker's progress", lambda: clean.record_progress(steps, "repair")) is not None:
        report.copied.append(f"the progress of {len(steps)} steps")
    imports = read("evidence_imports", ["id"])
    if imports:
        report.dropped.append(f"the billing evidence ({len(imports)} imports): import the billing data again "
                              "into the clean copy")


__all__ = ["RepairReport", "repair"]
