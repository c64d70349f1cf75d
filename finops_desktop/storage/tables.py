"""Reading a workshop file's rows into domain objects, and checking them as typed input is checked.

A file changed by another tool can hold anything: every value read passes the same value
kinds (:mod:`finops_desktop.domain.values`) as a value typed in the window.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

from ..domain import values
from ..domain.definition_file import DefinitionError
from ..domain.model import WasteAssumption
from ..domain.model_file import parse_model
from ..domain.values import ValueRefused
from ..domain.workshop import AssessmentRound, BusinessUnit, Rating, Workshop, WorkshopInfo
from ..domain.workshop_settings import SETTING_KINDS, WorkshopSettings
from .errors import CorruptFile, NeedsCleanCopy
from .progress_tables import read_progress
from .votes_tables import read_votes

REQUIRED_TABLES = frozenset({"workshop", "model", "business_units", "rounds", "ratings"})


def rows(conn: sqlite3.Connection, sql: str, parameters: tuple[Any, ...] = ()) -> list[dict[str, Any]]:
    """The rows of a query as dictionaries by column name."""
    cursor = conn.execute(sql, parameters)
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor]


def load(conn: sqlite3.Connection, path: Path) -> Workshop:
    """The whole workshop a file holds, or :class:`CorruptFile` saying what is wrong with it."""
    try:
        return _read_workshop(conn, path)
    except ValueRefused as exc:
        raise CorruptFile(path, f"the file holds a value the app would not accept: {exc}") from None
    except (ValueError, TypeError, KeyError, AttributeError, RecursionError) as exc:
        raise CorruptFile(path, f"the file holds values a workshop cannot have and cannot be read ({exc})") from None


def _read_workshop(conn: sqlite3.Connection, path: Path) -> Workshop:
    tables = {name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if not tables >= REQUIRED_TABLES:
        raise CorruptFile(path, "the file is missing parts of a workshop and cannot be read")
    details, models = rows(conn, "SELECT * FROM workshop"), rows(conn, "SELECT * FROM model")
    if not details or not models:
        raise CorruptFile(path, "the file has no workshop details and cannot be read")
    for table, found in (("workshop", details), ("model", models)):
        # The app writes one row of each, numbered 1, and edits that row: any other would be
        # shown while the edits went elsewhere.
        what = "the workshop's details" if table == "workshop" else "the workshop's model"
        held = f"{len(found):,} times" if len(found) != 1 else f"as row {found[0].get('id')!r}"
        if len(found) != 1 or found[0].get("id") != 1:
            raise NeedsCleanCopy(path, f"the file holds {what} {held}; a workshop file holds them once, as row 1")
    meta, model_row = details[0], models[0]
    if not isinstance(model_row["definition"], str):
        raise CorruptFile(path, "the model stored in the file is not text")
    try:
        model = parse_model(model_row["definition"], f"{path.name} (its copy of model '{model_row['model_id']}')")
    except DefinitionError as exc:
        raise CorruptFile(path, f"the model stored in the file is damaged: {exc}") from None
    info = WorkshopInfo(values.CLIENT_NAME.check(meta["client"]), values.WORKSHOP_DATE.check(meta.get("date")),
                        values.FACILITATOR.check(meta.get("facilitator")),
                        values.CURRENCY.check(meta.get("currency") or "USD"))
    units = [BusinessUnit(_integer(r["id"]), values.BUSINESS_UNIT_NAME.check(r["name"]), _integer(r["position"]),
                          values.MONTHLY_SPEND.check(r["monthly_spend"]), values.OWNER.check(r["owner"]),
                          values.UNIT_NOTES.check(r["notes"]), values.GROWTH.check(r.get("annual_growth")))
             for r in rows(conn, "SELECT * FROM business_units ORDER BY position, id")]
    rounds = [AssessmentRound(_integer(r["id"]), values.ROUND_NAME.check(r["name"]), _stamp(r["created_at"]))
              for r in rows(conn, "SELECT * FROM rounds ORDER BY id")]
    if not rounds:
        raise CorruptFile(path, "the file has no assessment round and cannot be read")
    stage = values.StageValue(model)
    ratings: dict[tuple[int, int, str], Rating] = {}
    kinds: dict[str, dict[str, values.IndicatorValue]] = {}  # each dimension's indicators, once
    for r in rows(conn, "SELECT * FROM ratings"):
        dimension_id = r["dimension_id"]
        if not isinstance(dimension_id, str) or not model.has_dimension(dimension_id):
            raise CorruptFile(path, f"a rating names a dimension the model lacks ({str(dimension_id)[:40]!r})")
        raw = r.get("indicators")
        found = json.loads(raw) if raw and raw != "{}" else {}  # most cells have none: skip the parser
        if not isinstance(found, dict):
            raise ValueRefused("a cell's indicator values are not a table of numbers")
        indicators = kinds.get(dimension_id)
        if indicators is None:
            indicators = kinds[dimension_id] = {i.id: values.IndicatorValue(i)
                                                for i in model.dimension(dimension_id).indicators}
        measured = []
        for key, value in found.items():
            if key not in indicators:
                raise ValueRefused(f"a cell names an indicator the model lacks ({str(key)[:40]!r})")
            number = indicators[key].check(value)
            if number is not None:
                measured.append((key, number))
        ratings[(_integer(r["round_id"]), _integer(r["bu_id"]), dimension_id)] = Rating(
            current=stage.check(r["current"]), target=stage.check(r["target"]),
            confidence=values.CONFIDENCE.check(r["confidence"]), note=values.RATING_NOTE.check(r["note"]),
            participants=values.PARTICIPANTS.check(r.get("participants")), rated_at=_stamp(r.get("updated_at")),
            indicators=tuple(sorted(measured)),
        )
    overrides = {}
    if "waste_assumptions" in tables:
        for r in rows(conn, "SELECT * FROM waste_assumptions"):
            if not model.has_dimension(r["dimension_id"]) or not model.has_stage(r["stage"]):
                raise ValueRefused("a waste figure names a dimension or stage the model lacks")
            overrides[(r["dimension_id"], r["stage"])] = WasteAssumption(
                values.SHARE_OF_SPEND.check(r["share"]), values.REASONING.check(r["reasoning"]))
    settings = _read_settings(conn) if "settings" in tables else WorkshopSettings()
    progress = read_progress(conn, {bu.id for bu in units}) if "progress" in tables else {}
    workshop = Workshop(info, model, units, rounds, ratings, overrides, settings, progress=progress,
                        uid=str(meta.get("uid") or ""))
    workshop.votes = read_votes(conn, workshop, tables)
    return workshop


def _read_settings(conn: sqlite3.Connection) -> WorkshopSettings:
    settings = WorkshopSettings()
    for key, raw in conn.execute("SELECT key, value FROM settings"):
        if key not in SETTING_KINDS:
            continue  # a setting of a later version of the app; this one does without it
        if not isinstance(raw, str):
            raise ValueRefused(f"the workshop setting '{key}' is not readable")
        settings = settings.edited(key, json.loads(raw))
    return settings


def _stamp(value: object) -> str:
    """When something was made or rated: the app writes ISO 8601 text, or nothing."""
    if value is None:
        return ""
    if not isinstance(value, str) or len(value) > 40 or not value.isprintable():
        raise ValueRefused("a date and time in the file (when a round began or a cell was rated) is not readable")
    return value


def _integer(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueRefused("an id in the file is not a whole number")
    return value
