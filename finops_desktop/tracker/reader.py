"""Reading the client's tracker back from a workbook: refuse what is not ours, report what no longer fits.

The workbook is read with python-calamine (imported when a workbook is read), once
:mod:`.sheet_size` has measured its sheets: a sheet reaching further than any the app writes is
refused before calamine lays it out. Every value
goes through its kind in :mod:`finops_desktop.domain.values`; the first bad one refuses the
whole workbook, with its row and column, so nothing is half read. A row whose step or unit
the workshop no longer has is reported and left out, never matched to something else.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import field
from datetime import date, datetime
from pathlib import Path

from ..domain import values
from ..domain.playbook import playbook_for
from ..domain.progress import StepProgress
from ..domain.record import record
from ..domain.values import ValueRefused
from ..domain.workshop import Workshop
from .layout import (
    EXPORTED_HEADERS,
    FIRST_ROW,
    HEADER_ROW,
    HEADERS,
    ID_MARK,
    ID_SHEET_TITLE,
    LAYOUT_VERSION,
    SHEET_TITLE,
    column,
    parse_row_key,
)
from .sheet_size import MAX_SHEET_CELLS, FormatNotMeasured, SheetTooLarge, check_sheet_sizes

_OTHER_FORMATS = {".xls": "an Excel 97–2003 workbook (.xls)", ".ods": "an OpenDocument spreadsheet (.ods)",
                  ".xlsm": "a workbook with macros (.xlsm)", ".xlsb": "a binary Excel workbook (.xlsb)",
                  ".csv": "a CSV file"}
#: Columns a tracker sheet may reach: the export writes 12 (``HEADERS``); the client may add
#: columns of their own beside them, and four times as many leaves room for that. Rows are
#: bounded only by :data:`~.sheet_size.MAX_SHEET_CELLS`: a row per planned step and unit,
#: and nothing limits the units (the benchmarks export 10,000 of them, 120,000 rows).
MAX_COLUMNS = 4 * len(HEADERS)
_NOT_OURS = "no workbook exported by FinOps Maturity Workshop is that large, so it was not read"


class TrackerRefused(Exception):
    """The workbook cannot be read back; the message says why, in one line, and nothing was changed."""


@record
class TrackerReading:
    """What a workbook's tracker says: the progress per step and unit, and the rows left out (with why)."""

    reports: tuple[StepProgress, ...]
    skipped: tuple[str, ...] = ()
    round_name: str = ""
    #: The due date each planned step had when exported, by step id.
    exported_due: dict[str, str] = field(default_factory=dict)


def read_tracker(path: Path | str, workshop: Workshop) -> TrackerReading:
    """Read the tracker of ``path``, a workbook exported from ``workshop``."""
    path = Path(path)
    _check_file(path)
    try:
        check_sheet_sizes(path)
    except SheetTooLarge as exc:
        raise TrackerRefused(f"{path.name}: {exc}; {_NOT_OURS}") from None
    except FormatNotMeasured as exc:
        raise TrackerRefused(f"{path.name}: {exc}; open it and save it as an Excel workbook (.xlsx)") from None
    try:
        from python_calamine import CalamineWorkbook

        book = CalamineWorkbook.from_path(str(path))
        names = list(book.sheet_names)
    except Exception as exc:  # calamine raises its own errors for every kind of damage
        raise TrackerRefused(f"{path.name}: not an Excel workbook that can be read ({_short(exc)})") from None
    if ID_SHEET_TITLE not in names or SHEET_TITLE not in names:
        raise TrackerRefused(f"{path.name}: not a workbook exported by FinOps Maturity Workshop (it has no tracker)")
    id_rows = _sheet_rows(book, ID_SHEET_TITLE, path)
    round_name = _check_identity(id_rows, workshop, path)
    exported_due = _exported_due(id_rows)
    rows = _sheet_rows(book, SHEET_TITLE, path)
    _check_header(rows, path)
    reports, skipped = _read_rows(rows, workshop)
    return TrackerReading(tuple(reports), tuple(skipped), round_name, exported_due)


def lock_file(path: Path) -> Path | None:
    """The lock file Excel (``~$name``) or LibreOffice (``.~lock.name#``) keeps beside a workbook it has open."""
    for candidate in (path.with_name("~$" + path.name), path.with_name("~$" + path.name[2:]),
                      path.with_name(f".~lock.{path.name}#")):
        if candidate.exists():
            return candidate
    return None


def _check_file(path: Path) -> None:
    suffix = path.suffix.lower()
    if suffix in _OTHER_FORMATS:
        raise TrackerRefused(f"{path.name}: {_OTHER_FORMATS[suffix]} cannot be read back; "
                             "open it and save it as an Excel workbook (.xlsx)")
    if suffix != ".xlsx":
        raise TrackerRefused(f"{path.name}: progress is read from the exported Excel workbook (.xlsx)")
    if not path.is_file():
        raise TrackerRefused(f"{path}: no such file")
    lock = lock_file(path)
    if lock is not None:
        raise TrackerRefused(f"{path.name} is open in a spreadsheet application (its lock file {lock.name} "
                             "is beside it); save and close it there, then import again")
    try:
        with open(path, "rb") as handle:
            handle.read(4)
    except OSError as exc:
        raise TrackerRefused(f"{path.name}: cannot be read ({exc.strerror or exc}); if it is open in a "
                             "spreadsheet application, close it there and import again") from None


def _short(exc: Exception) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text if len(text) <= 120 else text[:120] + "…"


def _sheet_rows(book: object, title: str, path: Path) -> list[list[object]]:
    """The sheet's rows from A1 (a row may be shorter than another), once its size is checked."""
    try:
        sheet = book.get_sheet_by_name(title)  # type: ignore[attr-defined]
        last_row, last_column = sheet.end or (-1, -1)
        rows_from_a1, columns_from_a1 = last_row + 1, last_column + 1
        if columns_from_a1 > MAX_COLUMNS or rows_from_a1 * columns_from_a1 > MAX_SHEET_CELLS:
            raise SheetTooLarge(rows_from_a1, columns_from_a1, where=f"the sheet '{title}'")
        top, left = sheet.start or (0, 0)
        rows: list[list[object]] = [[] for _ in range(top)]
        for row in sheet.iter_rows():  # streamed: no second copy of the sheet from A1
            rows.append([""] * left + row)
    except (KeyboardInterrupt, SystemExit):
        raise
    except SheetTooLarge as exc:
        raise TrackerRefused(f"{path.name}: {exc}; {_NOT_OURS}") from None
    except BaseException as exc:  # calamine's Rust panics (e.g. a date beyond any calendar) are BaseExceptions
        reason = _short(exc) if isinstance(exc, Exception) else "a value out of any range, such as a date " \
                 "thousands of years away; look for a number typed into the Due date column"
        raise TrackerRefused(f"{path.name}: the sheet '{title}' cannot be read ({reason})") from None
    return rows


def _cell(rows: Sequence[Sequence[object]], row: int, col: int) -> object:
    """The value at a 0-based row and column; "" where the sheet has nothing."""
    if row >= len(rows) or col >= len(rows[row]):
        return ""
    return rows[row][col]


def _check_identity(rows: list[list[object]], workshop: Workshop, path: Path) -> str:
    if _cell(rows, 0, 0) != ID_MARK:
        raise TrackerRefused(f"{path.name}: not a workbook exported by FinOps Maturity Workshop")
    uid = _cell(rows, 1, 1)
    if not uid:
        raise TrackerRefused(f"{path.name} names no workshop (it was exported from a file of an earlier version "
                             "opened read-only); export the workbook again from the workshop and send that one")
    if not workshop.uid or uid != workshop.uid:
        raise TrackerRefused(f"{path.name} was exported from another workshop, not from "
                             f"'{workshop.info.client}'; import it into the workshop it came from")
    layout = _cell(rows, 2, 1)
    if layout != LAYOUT_VERSION:
        raise TrackerRefused(f"{path.name}: its tracker is laid out as version {layout}; this app reads "
                             f"version {LAYOUT_VERSION} (export the workbook again from this app)")
    return str(_cell(rows, 3, 1))


def _exported_due(rows: list[list[object]]) -> dict[str, str]:
    found: dict[str, str] = {}
    start = next((i for i, r in enumerate(rows) if tuple(r[:2]) == EXPORTED_HEADERS), None)
    if start is None:
        return found
    for row in rows[start + 1:]:
        step_id, due = (list(row) + ["", ""])[:2]
        if isinstance(step_id, str) and step_id:
            found[step_id] = due.isoformat()[:10] if isinstance(due, date) else str(due or "")
    return found


def _check_header(rows: list[list[object]], path: Path) -> None:
    header = [str(v).strip() for v in (rows[HEADER_ROW - 1] if len(rows) >= HEADER_ROW else [])]
    header = (header + [""] * len(HEADERS))[:len(HEADERS)]
    for index, (found, wanted) in enumerate(zip(header, HEADERS, strict=True)):
        if found != wanted:
            where = _column_letter(index)
            shown = f"'{found[:40]}'" if found else "empty"
            raise TrackerRefused(f"{path.name}: the Tracker's columns were renamed or moved (column {where} is "
                                 f"{shown}, expected '{wanted}'); put them back as exported and import again")


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


_EDITABLE = tuple(column(h) for h in ("Due date", "Status", "Owner", "% complete", "Comment", "Savings realised"))


def _read_rows(rows: list[list[object]], workshop: Workshop) -> tuple[list[StepProgress], list[str]]:
    units = {bu.id: bu for bu in workshop.business_units}
    steps = {step.id for step in playbook_for(workshop.model).steps}
    reports: list[StepProgress] = []
    skipped: list[str] = []
    first_row: dict[tuple[str, int], int] = {}
    for index in range(FIRST_ROW - 1, len(rows)):
        number = index + 1
        row = (list(rows[index]) + [""] * len(HEADERS))[:len(HEADERS)]
        if all(_blank(v) for v in row):
            continue
        label = f"row {number}"
        key = parse_row_key(row[column("Key")])
        if key is None:
            if any(not _blank(row[i]) for i in _EDITABLE):
                skipped.append(f"{label}: added in the workbook, without the hidden key of a step and unit; not read")
            continue
        step_id, unit = key
        if step_id not in steps:
            skipped.append(f"{label}: step '{step_id[:40]}' is not in the playbook; not read")
            continue
        if unit not in units:
            name = str(row[column("Business unit")])[:60]
            skipped.append(f"{label}: business unit '{name}' is no longer in the workshop; not read")
            continue
        if key in first_row:
            raise TrackerRefused(f"Tracker rows {first_row[key]} and {number} are both '{step_id}' for "
                                 f"{units[key[1]].name}; keep one of them and import again")
        first_row[key] = number
        reports.append(_progress(row, key, number))
    return reports, skipped


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _progress(row: list[object], key: tuple[str, int], number: int) -> StepProgress:
    def read(header: str, parse: object) -> object:
        value = row[column(header)]
        try:
            return parse(value)  # type: ignore[operator]
        except ValueRefused as exc:
            raise TrackerRefused(f"Tracker row {number}, {header}: {exc}") from None

    return StepProgress(
        key[0], key[1],
        status=read("Status", lambda v: values.STEP_STATUS.check(_text(v))),  # type: ignore[arg-type]
        owner=read("Owner", lambda v: values.STEP_OWNER.check(_text(v))),  # type: ignore[arg-type]
        due_date=read("Due date", _date),  # type: ignore[arg-type]
        percent_complete=read("% complete", lambda v: _number(v, values.PERCENT_COMPLETE)),  # type: ignore[arg-type]
        comment=read("Comment", lambda v: values.STEP_COMMENT.check(_text(v))),  # type: ignore[arg-type]
        savings_realised=read("Savings realised", lambda v: _number(v, values.SAVINGS_REALISED)),  # type: ignore[arg-type]
    )


def _text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date):
        return value.isoformat()[:10]
    return "" if value is None else str(value)


def _date(value: object) -> str:
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if _blank(value):
        return ""
    if isinstance(value, str):
        return values.DUE_DATE.check(value)
    raise ValueRefused(f"the due date must be a date such as 2027-03-31, not '{_text(value)[:40]}'")


def _number(value: object, kind: values.Percentage | values.Money) -> float | None:
    if _blank(value):
        return None
    if isinstance(value, str):
        return kind.parse(value)
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueRefused(f"the {kind.what} must be a number")
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueRefused(f"the {kind.what} must be a number, not '{_text(value)[:40]}'")
    number = kind.check(float(value))
    return None if number is None else round(number, 6)
