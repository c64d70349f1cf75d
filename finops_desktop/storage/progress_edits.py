"""Writing the progress read back from the tracker: through the gate, in one transaction, with history."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ..domain.progress import StepProgress, untouched
from .changes import ProgressChanged
from .edits import WorkshopEdits, edit, now
from .progress_tables import checked_progress, progress_history


class ProgressEdits(WorkshopEdits):
    """The edits of :class:`~.workshop_file.WorkshopFile`, with the progress read back from the tracker."""

    def progress_changes(self, reports: Sequence[StepProgress],
                         planned_due: Mapping[tuple[str, int], str] | None = None) -> list[StepProgress]:
        """The reports that say something new: unlike the progress recorded, or, for a step with
        none, unlike an untouched tracker row (``planned_due``: the due date the export writes)."""
        planned_due = planned_due or {}
        changed = []
        for report in reports:
            before = self.workshop.progress.get(report.key) or untouched(*report.key, planned_due.get(report.key, ""))
            if not report.same_as(before):
                changed.append(report)
        return changed

    @edit
    def record_progress(self, reports: Sequence[StepProgress], source: str,
                        planned_due: Mapping[tuple[str, int], str] | None = None) -> list[StepProgress]:
        """Keep what the reports say that is new (see :meth:`progress_changes`); the records written.

        Every value passes its kind in :mod:`finops_desktop.domain.values`; all are written in one
        transaction, each with a line in the append-only history naming ``source``, or none is.
        """
        checked = [checked_progress((r.step_id, r.bu_id, r.status, r.owner, r.due_date, r.percent_complete,
                                     r.comment, r.savings_realised, "")) for r in reports]
        for report in checked:
            self.workshop.business_unit(report.bu_id)  # a unit that exists (KeyError otherwise)
        changed = self.progress_changes(checked, planned_due)
        if not changed:
            return []
        db = self._writable()
        at = now()
        written = []
        with db.atomic():
            for report in changed:
                fields = {"step_id": report.step_id, "bu_id": report.bu_id, "status": report.status,
                          "owner": report.owner, "due_date": report.due_date,
                          "percent_complete": report.percent_complete, "comment": report.comment,
                          "savings_realised": report.savings_realised, "updated_at": at}
                db.table("progress").upsert(fields, pk=("step_id", "bu_id"))
                bu_name = self.workshop.business_unit(report.bu_id).name
                db.table("progress_history").insert({"at": at, "source": source[:500], "bu_name": bu_name, **fields})
                written.append(StepProgress(**{**fields, "updated_at": at}))  # type: ignore[arg-type]
        for report in written:
            self.workshop.progress[report.key] = report
        self._changed(ProgressChanged(tuple(r.key for r in written)))
        return written

    def progress_history(self) -> list[dict[str, object]]:
        """Every progress change ever read back, oldest first."""
        return progress_history(self._conn)
