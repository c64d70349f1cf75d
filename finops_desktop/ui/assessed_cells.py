"""How many cells of the round shown are assessed, for the status line, kept up to date edit by edit.

Counting every cell after each rating would take milliseconds with thousands of business
units; a rating changes one cell, so only that cell is looked at again.
"""

from __future__ import annotations

from ..domain.workshop import Workshop
from ..storage.changes import Change, RatingChanged


class AssessedCells:
    def __init__(self) -> None:
        self._round_id: int | None = None
        self._cells: set[tuple[int, str]] | None = None  # None: count again when next asked

    def count(self, workshop: Workshop, round_id: int | None) -> int:
        """Assessed cells of ``round_id`` (``None``: the latest round)."""
        round_id = workshop.active_round.id if round_id is None else round_id
        if self._cells is None or round_id != self._round_id:
            self._round_id = round_id
            self._cells = {(bu.id, dimension_id) for bu, dimension_id, rating in workshop.cells(round_id)
                           if rating.is_assessed}
        return len(self._cells)

    def follow(self, workshop: Workshop, change: Change) -> None:
        """Take an edit into account: one cell for a rating, a fresh count for anything else."""
        if self._cells is None:
            return
        if not isinstance(change, RatingChanged):
            self._cells = None
        elif change.round_id == self._round_id:
            cell = (change.bu_id, change.dimension_id)
            if workshop.rating(change.bu_id, change.dimension_id, self._round_id).is_assessed:
                self._cells.add(cell)
            else:
                self._cells.discard(cell)

    def forget(self) -> None:
        """Count again when next asked (another file is open)."""
        self._cells = None
