"""Taking a workbook's tracker into a workshop file: read it all, then write what is new in one transaction."""

from __future__ import annotations

from pathlib import Path

from ..domain.progress import StepProgress
from ..domain.record import record
from ..storage.workshop_file import WorkshopFile
from .reader import TrackerReading, TrackerRefused, read_tracker

__all__ = ["ProgressImport", "TrackerRefused", "import_progress"]


@record
class ProgressImport:
    """What an import did: the records it changed, and the rows it left out with why."""

    reading: TrackerReading
    changed: tuple[StepProgress, ...]

    def summary(self) -> str:
        read, changed = len(self.reading.reports), len(self.changed)
        text = (f"read {read} tracker row{'s' if read != 1 else ''}; "
                + (f"{changed} changed" if changed else "nothing new: the workshop already had this progress"))
        if self.reading.skipped:
            text += f"; {len(self.reading.skipped)} left out"
        return text


def import_progress(file: WorkshopFile, workbook: Path | str) -> ProgressImport:
    """Read ``workbook``'s tracker and keep what is new in ``file``; :class:`TrackerRefused` changes nothing."""
    workbook = Path(workbook)
    reading = read_tracker(workbook, file.workshop)
    planned_due = {r.key: reading.exported_due.get(r.step_id, "") for r in reading.reports}
    changed = file.record_progress(reading.reports, workbook.name, planned_due)
    return ProgressImport(reading, tuple(changed))
