"""Reading filled questionnaires back as votes: every workbook checked whole before anything is written.

python-calamine reads the workbooks (``.xlsx`` from Excel, or ``.ods`` and ``.xlsx`` saved by
LibreOffice) in a fraction of openpyxl's time. A workbook of another workshop, sheets
renamed or moved, an answer outside the list, or a file that is no workbook is refused
with one line naming the file, the sheet and the row; then nothing is imported at all. The
sheets are measured before calamine reads them (:mod:`finops_desktop.tracker.sheet_size`): one
reaching further than a questionnaire's is refused rather than laid out in memory.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any, Protocol

from ..domain import values
from ..domain.record import record
from ..domain.values import CONFIDENCE_LEVELS, ValueRefused
from ..domain.votes import WorkshopVotes
from ..domain.workshop import Workshop, same_name_key
from ..tracker.sheet_size import FormatNotMeasured, SheetTooLarge, check_sheet_sizes
from .questionnaire import (
    ANSWER_COLUMN,
    COMMENT_COLUMN,
    CONFIDENCE_COLUMN,
    FIRST_ROW,
    FORMAT,
    GUIDE_TITLE,
    ID_SHEET,
    LAYOUT_VERSION,
)

Answer = tuple[str, str | None, str]

#: Rows a questionnaire's sheet may reach. The tallest are the guide and the id sheet, about a
#: dozen rows and one per unit answered for (every unit, for a participant who belongs to none);
#: the benchmarks go to 10,000 units, and 25,000 leaves room. A unit's sheet has 3 rows and one
#: per dimension (a model has at most 25).
MAX_ROWS = 25_000
#: Columns: a unit's sheet has 5 and one per stage, the id sheet one and one per dimension (26
#: at most); 64 leaves room for a model with many stages.
MAX_COLUMNS = 64
_NOT_OURS = "no questionnaire of this app is that large, so it was not read"


class QuestionnaireError(Exception):
    """A workbook cannot be read as a questionnaire of this workshop; the message says where and why."""


@record
class QuestionnaireAnswers:
    """One participant's answers from one workbook, matched to cells."""

    path: Path
    participant_id: int
    participant_name: str
    round_id: int
    answers: Mapping[tuple[int, str], Answer]


@record
class ImportSummary:
    answers: int
    participants: int
    cells_in_disagreement: int

    def __str__(self) -> str:
        return (f"{self.answers} answer{'s' * (self.answers != 1)} from {self.participants} "
                f"participant{'s' * (self.participants != 1)}, {self.cells_in_disagreement} "
                f"cell{'s' * (self.cells_in_disagreement != 1)} now in disagreement")


class VotingFile(Protocol):
    """What an import needs of an open workshop file (:class:`~finops_desktop.storage.workshop_file.WorkshopFile`)."""

    workshop: Workshop

    @property
    def workshop_uid(self) -> str: ...

    def batch(self) -> AbstractContextManager[None]: ...

    def replace_questionnaire_votes(self, participant_id: int, answers: Mapping[tuple[int, str], Answer],
                                    round_id: int | None = None) -> int: ...


def import_questionnaires(file: VotingFile, paths: Sequence[Path],
                          read: Callable[[Path, Workshop, str], QuestionnaireAnswers] | None = None) -> ImportSummary:
    """Read every workbook, then store all their answers in one transaction (or none of them)."""
    read = read or read_questionnaire
    workshop = file.workshop
    uid = file.workshop_uid
    found = [read(Path(path), workshop, uid) for path in paths]
    seen: dict[int, Path] = {}
    for item in found:
        if item.participant_id in seen:
            raise QuestionnaireError(f"{item.path.name}: {item.participant_name}'s questionnaire is given twice "
                                     f"(also {seen[item.participant_id].name}); import one of them")
        seen[item.participant_id] = item.path
    stored = 0
    with file.batch():
        for item in found:
            stored += file.replace_questionnaire_votes(item.participant_id, item.answers, item.round_id)
    rounds = {item.round_id for item in found} or {workshop.active_round.id}
    votes: WorkshopVotes = workshop.votes
    units = {bu.id for bu in workshop.business_units}
    disagreements = sum(1 for r in rounds for key in votes.cells_in_disagreement(workshop.model, r)
                        if key[1] in units)
    return ImportSummary(stored, len(found), disagreements)


def read_questionnaire(path: Path, workshop: Workshop, workshop_uid: str) -> QuestionnaireAnswers:
    """One workbook's answers, or :class:`QuestionnaireError` saying what is wrong with it."""
    name = path.name
    sheets = _read_sheets(path)
    if ID_SHEET not in sheets:
        raise QuestionnaireError(f"{name}: not a questionnaire of this app (it has no '{ID_SHEET}' sheet)")
    ids = sheets[ID_SHEET]
    if _text(ids, 0, 0) != FORMAT:
        raise QuestionnaireError(f"{name}: not a questionnaire of this app")
    if _number(ids, 0, 1) is None or (_number(ids, 0, 1) or 0) > LAYOUT_VERSION:
        raise QuestionnaireError(f"{name}: the questionnaire was made by a newer version of the app")
    if _text(ids, 1, 1) != workshop_uid:
        raise QuestionnaireError(f"{name}: this questionnaire belongs to another workshop, not to "
                                 f"'{workshop.info.client}'")
    participant_id = _number(ids, 2, 1)
    try:
        person = workshop.votes.participant(participant_id if participant_id is not None else -1)
    except KeyError:
        raise QuestionnaireError(f"{name}: its participant ('{_text(ids, 2, 2)}') is no longer in this "
                                 "workshop; add them again and send a new questionnaire") from None
    round_id = _number(ids, 3, 1)
    if not any(r.id == round_id for r in workshop.rounds):
        raise QuestionnaireError(f"{name}: the assessment round it was sent for is no longer in this workshop")
    model = workshop.model
    dimension_ids = [d.id for d in model.dimensions]
    if [c for c in _row(ids, 4)[1:] if c != ""] != dimension_ids:
        raise QuestionnaireError(f"{name}: it was made for another set of dimensions; send a new questionnaire")
    units: list[tuple[int, str]] = []
    for r in range(5, len(ids)):
        bu_id, title = _number(ids, r, 1), _text(ids, r, 2)
        if _text(ids, r, 0) != "unit" or bu_id is None:
            break
        units.append((bu_id, title))
    expected = [GUIDE_TITLE, *(title for _, title in units), ID_SHEET]
    if list(sheets) != expected:
        raise QuestionnaireError(f"{name}: its sheets were renamed, moved, added or removed "
                                 f"(expected: {', '.join(expected[:-1])}); answer in the workbook as it was sent")
    stage_names = {same_name_key(s.name): s.id for s in model.stages}
    allowed = ", ".join(s.name for s in model.stages)
    answers: dict[tuple[int, str], Answer] = {}
    for bu_id, title in units:
        try:
            workshop.business_unit(bu_id)
        except KeyError:
            raise QuestionnaireError(f"{name}: the business unit of sheet '{title}' is no longer in this "
                                     "workshop") from None
        grid = sheets[title]
        for offset, dimension in enumerate(model.dimensions):
            row = FIRST_ROW - 1 + offset
            where = f"{name}, sheet '{title}', row {row + 1}"
            if _text(grid, row, 0) != dimension.name:
                raise QuestionnaireError(f"{where}: expected the dimension '{dimension.name}' here; its rows "
                                         "were moved or changed")
            answer = _text(grid, row, ANSWER_COLUMN - 1).strip()
            confidence = _text(grid, row, CONFIDENCE_COLUMN - 1).strip().casefold()
            comment = _text(grid, row, COMMENT_COLUMN - 1)
            if not answer:
                continue
            stage = stage_names.get(same_name_key(answer))
            if stage is None:
                raise QuestionnaireError(f"{where} ({dimension.name}): the answer '{answer[:40]}' is not one of "
                                         f"{allowed}")
            if confidence and confidence not in CONFIDENCE_LEVELS:
                raise QuestionnaireError(f"{where} ({dimension.name}): the confidence '{confidence[:40]}' is not "
                                         f"one of {', '.join(CONFIDENCE_LEVELS)}")
            try:
                comment = values.VOTE_COMMENT.check(comment)
            except ValueRefused as exc:
                raise QuestionnaireError(f"{where} ({dimension.name}): {exc}") from None
            answers[(bu_id, dimension.id)] = (stage, confidence or None, comment)
    return QuestionnaireAnswers(path, person.id, person.name, int(round_id or 0), answers)


def _read_sheets(path: Path) -> dict[str, list[list[Any]]]:
    """Every sheet's cells from A1, by sheet name in the workbook's order."""
    if not path.is_file():
        raise QuestionnaireError(f"{path}: no such file")
    try:
        check_sheet_sizes(path)
    except SheetTooLarge as exc:
        raise QuestionnaireError(f"{path.name}: {exc}; {_NOT_OURS}") from None
    except FormatNotMeasured as exc:
        raise QuestionnaireError(f"{path.name}: {exc}; open it and save it as .xlsx or .ods") from None
    from python_calamine import CalamineWorkbook  # loaded when a questionnaire is read

    try:
        book = CalamineWorkbook.from_path(str(path))
        try:
            return {sheet: _from_a1(book.get_sheet_by_name(sheet), sheet) for sheet in book.sheet_names}
        finally:
            book.close()
    except SheetTooLarge as exc:
        raise QuestionnaireError(f"{path.name}: {exc}; {_NOT_OURS}") from None
    except QuestionnaireError:
        raise
    except Exception as exc:  # calamine's errors have no common base class
        reason = str(exc).splitlines()[0][:120] if str(exc) else type(exc).__name__
        raise QuestionnaireError(f"{path.name}: not a workbook that can be read ({reason})") from None


def _from_a1(sheet: Any, title: str) -> list[list[Any]]:
    """The sheet's rows from A1, streamed, once its size is checked against a questionnaire's."""
    last_row, last_column = sheet.end or (-1, -1)
    if last_row + 1 > MAX_ROWS or last_column + 1 > MAX_COLUMNS:
        raise SheetTooLarge(last_row + 1, last_column + 1, where=f"the sheet '{title[:40]}'")
    top, left = sheet.start or (0, 0)
    grid: list[list[Any]] = [[] for _ in range(top)]
    for row in sheet.iter_rows():
        grid.append([""] * left + row)
    return grid


def _row(grid: list[list[Any]], row: int) -> list[Any]:
    return grid[row] if 0 <= row < len(grid) else []


def _cell(grid: list[list[Any]], row: int, column: int) -> Any:
    cells = _row(grid, row)
    return cells[column] if 0 <= column < len(cells) else ""


def _text(grid: list[list[Any]], row: int, column: int) -> str:
    value = _cell(grid, row, column)
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _number(grid: list[list[Any]], row: int, column: int) -> int | None:
    value = _cell(grid, row, column)
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return None

