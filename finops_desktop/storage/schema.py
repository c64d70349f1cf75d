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


@migrations(name="004_billing_evidence")
def _billing_evidence(db: Database) -> None:
    """Evidence from billing data: each import's record and files, and the aggregation query's sums.

    The raw billing rows are never stored: only sums per data value, billing period and day.
    """
    db.table("evidence_imports").create(
        {"id": int, "imported_at": str, "source": str, "unit_source": str, "allocation_tags": str,
         "currency": str, "billing_periods": str, "row_count": int},
        pk="id", not_null={"imported_at", "source", "unit_source", "currency", "billing_periods", "row_count"},
    )
    db.table("evidence_files").create(
        {"import_id": int, "position": int, "name": str, "size": int, "sha256": str, "row_count": int,
         "format": str, "focus_version": str},
        pk=("import_id", "position"), foreign_keys=[("import_id", "evidence_imports", "id")],
        not_null={"name", "size", "sha256", "row_count", "format"},
    )
    db.table("evidence_values").create(
        {"import_id": int, "value": str, "bu_id": int, "bu_name": str},
        foreign_keys=[("import_id", "evidence_imports", "id")],
    )
    db.table("evidence_sums").create(
        {"import_id": int, "value": str, "billing_period": str, "charge_day": str, "row_count": int,
         "effective_cost": float, "allocated_cost": float, "covered_cost": float, "on_demand_cost": float,
         "used_commitment_cost": float, "unused_commitment_cost": float, "usage_list_cost": float,
         "usage_effective_cost": float},
        foreign_keys=[("import_id", "evidence_imports", "id")],
        not_null={"billing_period", "charge_day", "row_count", "effective_cost"},
    )
    db.table("evidence_sums").create_index(["import_id"])
    db.table("evidence_values").create_index(["import_id"])


@migrations(name="005_votes")
def _votes(db: Database) -> None:
    """Participants and their votes per cell, beside the agreed rating; a stable id for the workshop.

    ``workshop.uid`` names this workshop in what it sends out (questionnaires), so a workbook
    of another workshop is recognised when it comes back; a copy of the file keeps it.
    """
    db.table("workshop").add_column("uid", str, not_null_default="")
    db.execute("UPDATE workshop SET uid = lower(hex(randomblob(16))) WHERE uid = ''")
    db.table("participants").create(
        {"id": int, "name": str, "role": str, "bu_id": int},
        pk="id", not_null={"name"}, defaults={"role": ""},
    )
    db.table("votes").create(
        {"round_id": int, "bu_id": int, "dimension_id": str, "participant_id": int, "source": str,
         "stage": str, "confidence": str, "comment": str, "at": str},
        pk=("round_id", "bu_id", "dimension_id", "participant_id", "source"),
        not_null={"stage", "source"}, defaults={"comment": ""},
        foreign_keys=[("participant_id", "participants", "id")],
    )
    db.table("votes").create_index(["participant_id"])
    db.table("vote_history").create(
        {"id": int, "at": str, "round_id": int, "bu_id": int, "dimension_id": str, "participant_id": int,
         "participant_name": str, "source": str, "stage": str, "confidence": str, "comment": str},
        pk="id",
    )
    # Like the rating history, the record of who said what, and when, is append-only.
    db.execute("CREATE TRIGGER vote_history_no_update BEFORE UPDATE ON vote_history "
               "BEGIN SELECT RAISE(ABORT, 'the vote history is append-only'); END")
    db.execute("CREATE TRIGGER vote_history_no_delete BEFORE DELETE ON vote_history "
               "BEGIN SELECT RAISE(ABORT, 'the vote history is append-only'); END")


@migrations(name="006_progress_tracker")
def _progress_tracker(db: Database) -> None:
    """The progress read back from the workbook's tracker, with its history.

    Every exported workbook carries the workshop's id (``workshop.uid``, migration 005), so an
    import refuses the workbook of another workshop.
    """
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
