"""Where the tracker's cells are: the sheet, its columns in order, and the marks that say whose it is.

The export writes exactly this layout and the import reads exactly this layout; a workbook
whose tracker columns were renamed or moved is refused rather than guessed at. When the
layout changes, ``LAYOUT_VERSION`` goes up and the reader names the version it can read.
"""

from __future__ import annotations

from ..domain.record import record

SHEET_TITLE = "Tracker"
TABLE_NAME = "Tracker"
PROGRESS_SHEET_TITLE = "Progress"
#: A hidden sheet naming the workshop the workbook was exported from and the tracker layout.
ID_SHEET_TITLE = "FinOps workbook"
ID_MARK = "FinOps Maturity Workshop workbook"
LAYOUT_VERSION = 1
#: Rows of the hidden sheet: (label in column A, what column B holds).
ID_ROWS = (ID_MARK, "Workshop id", "Tracker layout", "Round")
#: Below those rows, after a blank one: this header, then (step id, due date) of every planned
#: step as exported (a step has one wave, so one due date for all its units).
EXPORTED_HEADERS = ("Step id", "Due date as exported")
HEADER_ROW = 4
FIRST_ROW = HEADER_ROW + 1


@record
class TrackerColumn:
    header: str
    width: float
    #: Whether the client edits it (the import reads it back).
    editable: bool = False


COLUMNS = (
    TrackerColumn("Wave", 12),
    TrackerColumn("Step", 34),
    TrackerColumn("Business unit", 20),
    TrackerColumn("Dimension", 14),
    TrackerColumn("Effort (days)", 9),
    TrackerColumn("Due date", 11, editable=True),
    TrackerColumn("Status", 12, editable=True),
    TrackerColumn("Owner", 16, editable=True),
    TrackerColumn("% complete", 9, editable=True),
    TrackerColumn("Comment", 30, editable=True),
    TrackerColumn("Savings realised", 12, editable=True),
    #: Hidden: which step for which unit (``row_key``), so a row comes back to where it belongs.
    TrackerColumn("Key", 18),
)
HEADERS = tuple(column.header for column in COLUMNS)


def column(header: str) -> int:
    """The 0-based index of a column."""
    return HEADERS.index(header)


def row_key(step_id: str, bu_id: int) -> str:
    """The hidden key of a tracker row: the step's id and the unit's, e.g. ``vis-billing-export/4``."""
    return f"{step_id}/{bu_id}"


def parse_row_key(value: object) -> tuple[str, int] | None:
    """(step id, unit id) from a row's key, or ``None`` when it is not one."""
    if not isinstance(value, str) or "/" not in value:
        return None
    step_id, _, unit = value.strip().rpartition("/")
    if not step_id or not unit.isdigit():
        return None
    return step_id, int(unit)
