"""Building workshops for tests: real files in temporary folders, or plain domain objects."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from finops_desktop.domain.catalogue import DEFAULT_MODEL_ID, find_model
from finops_desktop.domain.model import MaturityModel
from finops_desktop.domain.workshop import AssessmentRound, BusinessUnit, Rating, Workshop, WorkshopInfo
from finops_desktop.storage.workshop_file import WorkshopFile

#: (name, monthly spend, {dimension id: (current, target)})
UnitSpec = tuple[str, float | None, dict[str, tuple[str | None, str | None]]]


def default_model() -> MaturityModel:
    return find_model(DEFAULT_MODEL_ID)


def make_workshop_file(path: Path, units: Iterable[UnitSpec] = (), *, client: str = "Test client",
                       model: MaturityModel | None = None) -> Path:
    """Write a workshop file with the given business units and ratings, closed again."""
    with WorkshopFile.create(path, WorkshopInfo(client), model or default_model()) as file:
        for name, spend, ratings in units:
            bu = file.add_business_unit(name, monthly_spend=spend)
            for dimension_id, (current, target) in ratings.items():
                file.set_rating(bu.id, dimension_id, Rating(current=current, target=target))
    return path


def build_workshop(units: Iterable[UnitSpec], *, model: MaturityModel | None = None) -> Workshop:
    """The same as :func:`make_workshop_file`, as domain objects in memory only."""
    workshop = Workshop(WorkshopInfo("Test client"), model or default_model(), rounds=[AssessmentRound(1, "Baseline")])
    for index, (name, spend, ratings) in enumerate(units, start=1):
        workshop.business_units.append(BusinessUnit(index, name, index - 1, spend))
        for dimension_id, (current, target) in ratings.items():
            workshop.ratings[(1, index, dimension_id)] = Rating(current=current, target=target)
    return workshop


def make_old_workshop_file(path: Path, version: int = 1, *, client: str = "Old client") -> Path:
    """A workshop file as an app of an older ``version`` wrote it: its migrations only, one unit rated."""
    import sqlite3

    from finops_desktop.storage import schema
    from finops_desktop.storage.database import writable_database

    conn = sqlite3.connect(path)
    db = writable_database(conn)
    conn.execute(f"PRAGMA application_id = {schema.APPLICATION_ID}")
    names = [m.name for m in schema.migrations.pending(db)]
    schema.migrations.apply(db, stop_before=names[version] if version < len(names) else None)
    db.table("workshop").insert({"id": 1, "client": client, "date": "", "facilitator": "", "created_at": ""})
    model = default_model()
    db.table("model").insert({"id": 1, "model_id": model.id, "version": model.version, "name": model.name,
                              "definition": model.source})
    db.table("rounds").insert({"id": 1, "name": "Baseline", "created_at": ""})
    db.table("business_units").insert({"id": 1, "name": "Legacy", "position": 0, "monthly_spend": 10.0})
    db.table("ratings").insert({"round_id": 1, "bu_id": 1, "dimension_id": "tagging_coverage", "current": "walk",
                                "target": "run", "confidence": None, "note": "kept", "updated_at": ""})
    conn.execute(f"PRAGMA user_version = {version}")
    conn.commit()
    conn.close()
    return path


def make_older_workshop_file(path: Path, stop_before: str, *, client: str = "An older workshop") -> Path:
    """A workshop file as an earlier version of the app wrote it: the migrations up to ``stop_before`` only."""
    from sqlite_utils import Database

    from finops_desktop.storage import schema

    db = Database(path)
    db.execute(f"PRAGMA application_id = {schema.APPLICATION_ID}")
    schema.migrations.apply(db, stop_before=stop_before)
    applied = db.execute("SELECT count(*) FROM _sqlite_migrations").fetchone()[0]
    model = default_model()
    db.table("workshop").insert({"id": 1, "client": client, "created_at": ""})
    db.table("model").insert({"id": 1, "model_id": model.id, "version": model.version, "name": model.name,
                              "definition": model.source})
    db.table("rounds").insert({"id": 1, "name": "Baseline", "created_at": ""})
    db.table("business_units").insert({"id": 1, "name": "Retail", "position": 0, "monthly_spend": 1.0})
    db.execute(f"PRAGMA user_version = {applied}")
    db.close()
    return path
