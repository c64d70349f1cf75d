"""Progress the client records on the roadmap: per step and business unit, read back from the tracker.

The workbook's Tracker sheet has one row per roadmap step and business unit; the client keeps
it (status, owner, due date, % complete, comment, savings realised) and the workshop takes it
back. A step done for a unit is not planned for it again in a later round.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date

from .record import record

#: The statuses of the tracker's dropdown; the first is a step nobody has started.
STATUSES = ("Not started", "In progress", "Done", "Dropped")
NOT_STARTED, IN_PROGRESS, DONE, DROPPED = STATUSES
#: When a wave's steps are due, in months after the round's date (a wave id the planner does
#: not list here has no due date: the client sets one).
WAVE_DUE_MONTHS: Mapping[str, int] = {"wave1": 3, "wave2": 6, "wave3": 12, "later": 18}


@record
class StepProgress:
    """Where one step stands for one business unit."""

    step_id: str
    bu_id: int
    status: str = NOT_STARTED
    owner: str = ""
    due_date: str = ""  # ISO 8601, or "" for none
    percent_complete: float | None = None
    comment: str = ""
    savings_realised: float | None = None
    #: When it was last read back from a workbook (ISO 8601); bookkeeping, not part of the progress.
    updated_at: str = ""

    @property
    def key(self) -> tuple[str, int]:
        return (self.step_id, self.bu_id)

    def same_as(self, other: StepProgress) -> bool:
        """Whether two records say the same (the bookkeeping date aside)."""
        return self.recorded() == other.recorded()

    def recorded(self) -> tuple[object, ...]:
        # An empty % complete and 0 % say the same: nothing done yet.
        return (self.step_id, self.bu_id, self.status, self.owner, self.due_date, self.percent_complete or 0.0,
                self.comment, self.savings_realised)

    @property
    def is_done(self) -> bool:
        return self.status == DONE


def untouched(step_id: str, bu_id: int, due_date: str = "") -> StepProgress:
    """The progress of a step nobody has reported on: what the export writes before the client edits."""
    return StepProgress(step_id, bu_id, due_date=due_date)


def done_steps(progress: Iterable[StepProgress]) -> frozenset[tuple[int, str]]:
    """(business unit id, step id) of every step reported done: the planner leaves them out."""
    return frozenset((p.bu_id, p.step_id) for p in progress if p.is_done)


def due_date(wave_id: str, start: str) -> str:
    """The date a wave's steps are due, counted from ``start`` (ISO 8601); "" when either is unknown."""
    months = WAVE_DUE_MONTHS.get(wave_id)
    if months is None or not start:
        return ""
    try:
        begin = date.fromisoformat(start[:10])
    except ValueError:
        return ""
    month_index = begin.month - 1 + months
    year, month = begin.year + month_index // 12, month_index % 12 + 1
    import calendar  # only for a due date: the window opens without it

    day = min(begin.day, calendar.monthrange(year, month)[1])
    return date(year, month, day).isoformat()


@record
class ProgressTotals:
    """Progress of a group of tracker rows (a wave, a business unit), as the tracker's formulas count it."""

    rows: int
    done: int
    #: The mean of % complete over the rows, an empty % counting as 0.
    percent_complete: float
    savings_realised: float


def totals(progress: Iterable[StepProgress]) -> ProgressTotals:
    items = list(progress)
    if not items:
        return ProgressTotals(0, 0, 0.0, 0.0)
    percent = sum(p.percent_complete or 0.0 for p in items) / len(items)
    return ProgressTotals(len(items), sum(1 for p in items if p.is_done), percent,
                          sum(p.savings_realised or 0.0 for p in items))
