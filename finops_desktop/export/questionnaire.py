"""The pre-work questionnaire: one workbook per participant, read back as their votes.

A first sheet says what to do; then one sheet per business unit the participant answers for,
a row per dimension with its question and what each stage means, and three cells to fill:
the answer (a list of the stages), how sure they are, and a comment. Every sheet is
protected so that only those cells change. A very hidden sheet names the workshop, the
participant, the round and every answer row, so :mod:`.questionnaire_reader` can refuse a
workbook of another workshop or one whose sheets were moved.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Protection
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from ..domain.record import record
from ..domain.values import CONFIDENCE_LEVELS
from ..domain.votes import Participant
from ..domain.workshop import BusinessUnit, Workshop
from .cell_text import put_text
from .errors import ExportError
from .styles import (
    BOLD,
    SUBHEADER_FILL,
    THIN_BORDER,
    WRAP_TOP,
    CellFormats,
    fit_row_height,
    set_widths,
    write_header,
    write_title,
)

#: Marks a workbook as a questionnaire of this app, and which layout it has.
FORMAT = "finops-workshop questionnaire"
LAYOUT_VERSION = 1
GUIDE_TITLE = "How to answer"
ID_SHEET = "Questionnaire id"
FIRST_ROW = 4  # header on row 3
ANSWER_COLUMN, CONFIDENCE_COLUMN, COMMENT_COLUMN = 3, 4, 5
#: Columns: dimension, question, answer, confidence, comment, then what each stage means.
HEADER = ("Dimension", "Question", "Your answer", "How sure are you?", "Comment")
UNLOCKED = Protection(locked=False)


@record
class QuestionnaireTarget:
    """Who a questionnaire is for and which units they answer for."""

    participant: Participant
    units: tuple[BusinessUnit, ...]


def targets(workshop: Workshop, participants: Iterable[Participant]) -> list[QuestionnaireTarget]:
    """Each participant answers for their own unit, or for every unit when they belong to none."""
    found = []
    for person in participants:
        units = tuple(bu for bu in workshop.business_units if bu.id == person.bu_id) or tuple(
            workshop.business_units)
        found.append(QuestionnaireTarget(person, units))
    return found


def file_name(person: Participant) -> str:
    """A file name from the participant's name, safe on every system."""
    safe = re.sub(r"[^\w\- ]+", "", person.name, flags=re.UNICODE).strip().replace(" ", "_")[:60]
    return f"questionnaire_{safe or 'participant'}_{person.id}.xlsx"


def sheet_titles(units: Iterable[BusinessUnit]) -> list[str]:
    """A sheet title per unit: at most 31 characters, none of ``[]:*?/\\``, unique ignoring case."""
    titles: list[str] = []
    taken = {GUIDE_TITLE.casefold(), ID_SHEET.casefold()}
    for bu in units:
        base = re.sub(r"[\[\]:*?/\\']", " ", bu.name).strip()[:31] or "Unit"
        title, number = base, 2
        while title.casefold() in taken:
            suffix = f" ({number})"
            title, number = base[: 31 - len(suffix)] + suffix, number + 1
        taken.add(title.casefold())
        titles.append(title)
    return titles


def write_questionnaire(workshop: Workshop, workshop_uid: str, target: QuestionnaireTarget, path: Path,
                        round_id: int | None = None) -> None:
    """Write one participant's questionnaire to ``path`` (built beside it, then moved in place)."""
    round_id = workshop.active_round.id if round_id is None else round_id
    wb = Workbook()
    guide = wb.active
    assert guide is not None
    _write_guide(guide, workshop, target)
    titles = sheet_titles(target.units)
    formats = CellFormats()
    for bu, title in zip(target.units, titles, strict=True):
        _write_unit_sheet(wb.create_sheet(title), workshop, bu, formats)
    _write_id_sheet(wb.create_sheet(ID_SHEET), workshop_uid, target, titles, round_id, workshop)
    partial = path.with_name(f".{path.name}.partial")
    try:
        wb.save(partial)
        os.replace(partial, path)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise ExportError(f"{path}: could not write the questionnaire ({exc.strerror or exc})") from None


def _protect(ws: Worksheet) -> None:
    ws.protection.sheet = True
    ws.protection.formatColumns = False  # widening a column to read a description is fine
    ws.protection.formatRows = False


def _write_guide(ws: Worksheet, workshop: Workshop, target: QuestionnaireTarget) -> None:
    ws.title = GUIDE_TITLE
    write_title(ws, f"Pre-work questionnaire: {workshop.info.client}",
                f"For {target.participant.name}" + (f", {target.participant.role}" if target.participant.role else ""))
    stages = ", ".join(s.name for s in workshop.model.stages)
    lines = [
        f"Each following sheet is one business unit; each row one dimension of {workshop.model.name}.",
        f"Read the question and what each stage means, then choose your answer ({stages}) in the "
        f"'{HEADER[2]}' column.",
        f"Say how sure you are ({', '.join(CONFIDENCE_LEVELS)}) and add a comment if you like.",
        "Leave a row empty when you cannot judge it. Only the answer cells can be changed.",
        "Do not rename, move or add sheets: the answers are read back by their place.",
        "Send the workbook back to the facilitator as it is (Excel or LibreOffice, .xlsx or .ods).",
    ]
    for offset, line in enumerate(lines):
        put_text(ws.cell(FIRST_ROW + offset, 1), line).alignment = WRAP_TOP
    put_text(ws.cell(FIRST_ROW + len(lines) + 1, 1), "Units to answer for:").font = BOLD
    for offset, bu in enumerate(target.units):
        put_text(ws.cell(FIRST_ROW + len(lines) + 2 + offset, 1), bu.name)
    set_widths(ws, [110])
    _protect(ws)


def _write_unit_sheet(ws: Worksheet, workshop: Workshop, bu: BusinessUnit, formats: CellFormats) -> None:
    model = workshop.model
    write_title(ws, bu.name, "Choose an answer per row; only the answer, confidence and comment cells can change.")
    header = [*HEADER, *(f"{stage.name} means" for stage in model.stages)]
    write_header(ws, FIRST_ROW - 1, header)
    widths = [22, 44, 14, 12, 30, *(36 for _ in model.stages)]
    set_widths(ws, widths)
    for offset, dimension in enumerate(model.dimensions):
        row = FIRST_ROW + offset
        texts = [dimension.name, dimension.question, "", "", "",
                 *(dimension.descriptions.get(stage.id, "") for stage in model.stages)]
        for column, text in enumerate(texts, start=1):
            cell = ws.cell(row, column)
            if column in (ANSWER_COLUMN, CONFIDENCE_COLUMN, COMMENT_COLUMN):
                formats.stamp(cell, "answer", alignment=WRAP_TOP, border=THIN_BORDER, protection=UNLOCKED,
                              fill=SUBHEADER_FILL)
            elif column == 1:
                formats.stamp(cell, "dimension", alignment=WRAP_TOP, border=THIN_BORDER, font=BOLD)
            else:
                formats.stamp(cell, "text", alignment=WRAP_TOP, border=THIN_BORDER)
            if text:
                put_text(cell, text)
        fit_row_height(ws, row, {column + 1: width for column, width in enumerate(widths)})
    last = FIRST_ROW + len(model.dimensions) - 1
    _list(ws, ANSWER_COLUMN, last, [s.name for s in model.stages], "Your answer", "The stage this unit is at today.")
    _list(ws, CONFIDENCE_COLUMN, last, list(CONFIDENCE_LEVELS), "How sure are you?", "low, medium or high.")
    ws.freeze_panes = ws.cell(FIRST_ROW, 3)
    _protect(ws)


def _list(ws: Worksheet, column: int, last_row: int, choices: list[str], title: str, prompt: str) -> None:
    letter = ws.cell(FIRST_ROW, column).column_letter
    validation = DataValidation(type="list", formula1='"' + ",".join(choices) + '"', allow_blank=True,
                                showErrorMessage=True, errorStyle="stop", errorTitle=title,
                                error="Choose one of: " + ", ".join(choices) + ".", showInputMessage=True,
                                promptTitle=title, prompt=prompt)
    validation.add(f"{letter}{FIRST_ROW}:{letter}{last_row}")
    ws.add_data_validation(validation)


def _write_id_sheet(ws: Worksheet, workshop_uid: str, target: QuestionnaireTarget, titles: list[str],
                    round_id: int, workshop: Workshop) -> None:
    """What the reader needs to match the answers to cells; hidden from the person answering."""
    rows: list[list[object]] = [
        [FORMAT, LAYOUT_VERSION],
        ["workshop", workshop_uid],
        ["participant", target.participant.id, target.participant.name],
        ["round", round_id],
        ["dimensions", *(d.id for d in workshop.model.dimensions)],
    ]
    rows += [["unit", bu.id, title] for bu, title in zip(target.units, titles, strict=True)]
    for r, values in enumerate(rows, start=1):
        for c, value in enumerate(values, start=1):
            cell = ws.cell(r, c)
            if isinstance(value, str):
                put_text(cell, value)
            else:
                cell.value = value
    ws.sheet_state = "veryHidden"
    _protect(ws)
