"""Reading the progress the tracker brought back, checked as typed input is checked."""

from __future__ import annotations

import sqlite3
from collections.abc import Collection
from typing import Any

from ..domain import values
from ..domain.progress import StepProgress
from ..domain.values import ValueRefused


def read_progress(conn: sqlite3.Connection, bu_ids: Collection[int]) -> dict[tuple[str, int], StepProgress]:
    """The progress of every step and unit; a removed unit's progress stays in the file, unread."""
    cursor = conn.execute("SELECT step_id, bu_id, status, owner, due_date, percent_complete, comment, "
                          "savings_realised, updated_at FROM progress ORDER BY bu_id, step_id")
    found: dict[tuple[str, int], StepProgress] = {}
    for row in cursor:
        progress = checked_progress(row)
        if progress.bu_id in bu_ids:
            found[progress.key] = progress
    return found


def checked_progress(row: tuple[Any, ...]) -> StepProgress:
    """A progress record from its values in column order, each through its value kind."""
    step_id, bu_id, status, owner, due, percent, comment, savings, updated_at = row
    if not isinstance(step_id, str) or not step_id:
        raise ValueRefused("a progress record names no step")
    if isinstance(bu_id, bool) or not isinstance(bu_id, int):
        raise ValueRefused("a progress record's business unit id is not a whole number")
    return StepProgress(step_id, bu_id, values.STEP_STATUS.check(status), values.STEP_OWNER.check(owner),
                        values.DUE_DATE.check(due), values.PERCENT_COMPLETE.check(percent),
                        values.STEP_COMMENT.check(comment), values.SAVINGS_REALISED.check(savings),
                        str(updated_at or ""))


def progress_history(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    """Every change the imports made to the progress, oldest first."""
    cursor = conn.execute("SELECT * FROM progress_history ORDER BY id")
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor]
