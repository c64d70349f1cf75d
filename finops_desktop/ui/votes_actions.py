"""The window's way into the room's votes: the questionnaire, the participants, disagreements, presenting.

The main window adds these actions to its menus with three calls (:func:`add_file_actions`,
:func:`add_view_actions`, :func:`add_assessment_actions`); everything they do lives here and in the modules they load
when first used (openpyxl and python-calamine only when a questionnaire is written or read).
"""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QMenu

from .menu_actions import add_action
from .vote_spread import disagreement_after

if TYPE_CHECKING:
    from .main_window import MainWindow

def add_file_actions(window: MainWindow, file_menu: QMenu) -> None:
    make = partial(add_action, window)
    file_menu.addSeparator()
    make(file_menu, "Send &questionnaire…", lambda: send_questionnaire(window),
         status_tip="Write a pre-work questionnaire workbook for each participant")
    make(file_menu, "&Import questionnaires…", lambda: import_questionnaires(window),
         status_tip="Read filled questionnaires back as the participants' votes")


def add_view_actions(window: MainWindow, view_menu: QMenu) -> None:
    make = partial(add_action, window)
    view_menu.addSeparator()
    make(view_menu, "&Present", lambda: present(window), "F5",
         status_tip="Full screen for the projector, one business unit and dimension at a time")


def add_assessment_actions(window: MainWindow, menu: QMenu) -> None:
    make = partial(add_action, window)
    make(menu, "Next &disagreement", lambda: next_disagreement(window), "Ctrl+D",
         status_tip="The next cell whose votes are two stages apart or have no majority")
    make(menu, "&Participants…", lambda: show_participants(window),
         status_tip="Who takes part: name, role and business unit")


def next_disagreement(window: MainWindow) -> bool:
    """Select the next cell the room disagrees on (row by row, wrapping round)."""
    context = window.context
    workshop = context.workshop
    if workshop is None:
        return False
    from .workspace import ASSESS_TAB

    window.workspace.show_tab(ASSESS_TAB)
    assess = window.workspace.assess
    grid = assess.grid_model
    current = assess.grid.currentIndex()
    units = [bu_id for row in range(grid.rowCount()) if (bu_id := grid.business_unit_id(row)) is not None]
    dimensions = [d.id for d in workshop.model.dimensions]
    found = disagreement_after(workshop, context.round_id or workshop.active_round.id, units, dimensions,
                               current.row() if current.isValid() else -1, current.column() if current.isValid()
                               else -1)
    if found is None:
        context.message.emit("No cell of this round is in disagreement.")
        return False
    assess.select_cell(units[found[0]], dimensions[found[1]])
    assess.grid.setFocus()
    return True


def show_participants(window: MainWindow) -> None:
    if window.context.workshop is None:
        return
    from .participants_dialog import ParticipantsDialog  # built when first asked for

    ParticipantsDialog(window.context, window).exec()


def present(window: MainWindow) -> Any:
    if window.context.workshop is None:
        return None
    from .presentation import start_presentation  # built when first asked for

    windows = start_presentation(window.context, window, window.workspace.assess.current_cell())
    if windows is not None:
        presentation = windows.presentation

        def back_to_the_cell() -> None:  # the grid shows the cell the room ended on
            cell = presentation.cell
            if cell is not None and window.context.workshop is not None:
                window.workspace.assess.select_cell(*cell)

        presentation.finished.connect(back_to_the_cell)
    return windows


def send_questionnaire(window: MainWindow) -> int:
    """Write one questionnaire per participant into a folder the user chooses; returns how many."""
    context = window.context
    file = context.file
    if file is None:
        return 0
    workshop = file.workshop
    if not workshop.votes.participants:
        context.dialogs.information("No participants yet", "Add the participants first (Assessment → "
                                    "Participants…); each gets a questionnaire for their business unit.")
        return 0
    folder = context.dialogs.choose_folder("Send questionnaire: choose a folder", file.path.parent)
    if folder is None:
        return 0
    from ..export.errors import ExportError
    from ..export.questionnaire import file_name, targets, write_questionnaire

    written: list[Path] = []
    try:
        for target in targets(workshop, workshop.votes.participants):
            path = folder / file_name(target.participant)
            write_questionnaire(workshop, file.workshop_uid, target, path, context.round_id)
            written.append(path)
    except (ExportError, OSError) as exc:
        context.dialogs.error("The questionnaires were not all written", str(exc))
        return len(written)
    context.dialogs.information("Questionnaires written", f"{len(written)} workbook{'s' * (len(written) != 1)} "
                                f"in {folder}. Send each participant theirs; import them when they come back.")
    return len(written)


def import_questionnaires(window: MainWindow) -> str | None:
    """Read filled questionnaires back as votes; all of them, or nothing when one is refused."""
    context = window.context
    file = context.file
    if file is None or not context.can_edit():
        return None
    paths = context.dialogs.choose_workbooks(file.path.parent)
    if not paths:
        return None
    from ..export.questionnaire_reader import QuestionnaireError
    from ..export.questionnaire_reader import import_questionnaires as read_back
    from ..storage.errors import WorkshopFileError

    try:
        summary = read_back(file, paths)
    except (QuestionnaireError, WorkshopFileError) as exc:
        context.dialogs.error("The questionnaires were not imported", f"{exc}\n\nNothing was imported.")
        return None
    context.dialogs.information("Questionnaires imported", f"Read {summary}.")
    return str(summary)
