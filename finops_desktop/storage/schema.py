"""The tables of a ``.finops`` file and the migrations that build them.

Every schema change is a new migration appended here; ``SCHEMA_VERSION`` (stored in
``PRAGMA user_version``, and kept in :mod:`.file_format` so that a file can be checked
without importing sqlite-utils) is the number of migrations, so a file made by a newer app
is recognised and refused instead of being misread.
"""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from .file_format import APPLICATION_ID, SCHEMA_VERSION

__all__ = ["APPLICATION_ID", "SCHEMA_VERSION", "migrations"]

migrations = Migrations("finops-workshop")


@migrations(name="001_initial")
def _initial(db: Database) -> None:
    db.table("workshop").create(
        {"id": int, "client": str, "date": str, "facilitator": str, "created_at": str},
        pk="id", not_null={"client"}, defaults={"date": "", "facilitator": ""},
    )
    db.table("model").create(
        {"id": int, "model_id": str, "version": str, "name": str, "definition": str},
        pk="id", not_null={"model_id", "version", "definition"},
    )
    db.table("business_units").create(
        {"id": int, "name": str, "position": int, "monthly_spend": float, "owner": str, "notes": str},
        pk="id", not_null={"name", "position"}, defaults={"owner": "", "notes": ""},
    )
    db.table("business_units").create_index(["name"], unique=True)
    db.table("rounds").create({"id": int, "name": str, "created_at": str}, pk="id", not_null={"name"})
    db.table("rounds").create_index(["name"], unique=True)
    db.table("ratings").create(
        {"round_id": int, "bu_id": int, "dimension_id": str, "current": str, "target": str,
         "confidence": str, "note": str, "updated_at": str},
        pk=("round_id", "bu_id", "dimension_id"),
        foreign_keys=[("round_id", "rounds", "id"), ("bu_id", "business_units", "id")],
        defaults={"note": ""},
    )
    db.table("rating_history").create(
        {"id": int, "at": str, "round_id": int, "bu_id": int, "bu_name": str, "dimension_id": str,
         "current": str, "target": str, "confidence": str, "note": str},
        pk="id",
    )


@migrations(name="002_evidence_and_assumptions")
def _evidence_and_assumptions(db: Database) -> None:
    """Who was in the room, indicator values, currency, spend growth and per-workshop waste assumptions."""
    for table in ("ratings", "rating_history"):
        db.table(table).add_column("participants", str, not_null_default="")
        db.table(table).add_column("indicators", str, not_null_default="{}")
    db.table("workshop").add_column("currency", str, not_null_default="USD")
    db.table("business_units").add_column("annual_growth", float)
    db.table("waste_assumptions").create(
        {"dimension_id": str, "stage": str, "share": float, "reasoning": str},
        pk=("dimension_id", "stage"), not_null={"share", "reasoning"},
    )
    # The history is append-only: it is the record of what the room decided, and when.
    db.execute("CREATE TRIGGER rating_history_no_update BEFORE UPDATE ON rating_history "
               "BEGIN SELECT RAISE(ABORT, 'the rating history is append-only'); END")
    db.execute("CREATE TRIGGER rating_history_no_delete BEFORE DELETE ON rating_history "
               "BEGIN SELECT RAISE(ABORT, 'the rating history is append-only'); END")


@migrations(name="003_workshop_settings")
def _workshop_settings(db: Database) -> None:
    """Settings of one workshop (how it is planned, priced and printed), each a JSON value by name."""
    db.table("settings").create({"key": str, "value": str}, pk="key", not_null={"value"})


@migrations(name="004_progress_tracker")
def _progress_tracker(db: Database) -> None:
    """The workshop's own random id, and the progress read back from the workbook's tracker, with its history.

    The id is written into every exported workbook so that an import can refuse the workbook
    of another workshop; a copy of the file (Save As) keeps it, since it is the same workshop.
    """
    import secrets

    db.table("workshop").add_column("uid", str, not_null_default="")
    db.execute("UPDATE workshop SET uid = ? WHERE uid = ''", [secrets.token_hex(16)])
    columns = {"step_id": str, "bu_id": int, "status": str, "owner": str, "due_date": str,
               "percent_complete": float, "comment": str, "savings_realised": float, "updated_at": str}
    # No foreign key on the unit: the progress of a removed unit stays, so undoing the removal
    # brings it back; it is not read while the unit is gone.
    db.table("progress").create(columns, pk=("step_id", "bu_id"), not_null={"status"},
                                defaults={"owner": "", "due_date": "", "comment": ""})
    db.table("progress_history").create(
        {"id": int, "at": str, "source": str, "bu_name": str, **columns}, pk="id")
    db.execute("CREATE TRIGGER progress_history_no_update BEFORE UPDATE ON progress_history "
               "BEGIN SELECT RAISE(ABORT, 'the progress history is append-only'); END")
    db.execute("CREATE TRIGGER progress_history_no_delete BEFORE DELETE ON progress_history "
               "BEGIN SELECT RAISE(ABORT, 'the progress history is append-only'); END")
