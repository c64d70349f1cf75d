"""Where a presentation is (which cell, whose turn to vote), what its keys do, and what it says.

:class:`Presentation` holds no widget: the audience view and the facilitator's controls
(:mod:`.presentation`) show it and pass it their keys. Every vote and rating it makes is an
undoable edit like any other.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent

from ..domain.votes import ROOM, Spread, spread
from ..domain.workshop import Workshop
from ..storage.changes import BusinessUnitsChanged, Reloaded
from . import undo_commands
from .context import ApplicationContext
from .shortcuts import stage_key
from .vote_undo import record_vote

#: Shown in the presentation, until the next cell, when a vote is keyed in and nobody can cast it.
NO_PARTICIPANTS_NOTICE = "No vote recorded: votes need participants. Esc, then Assessment → Participants… adds them."
READ_ONLY_NOTICE = "Nothing recorded: this file is open read-only."
EARLIER_ROUND_NOTICE = ("Nothing recorded: this is an earlier round, kept for comparison. Esc, then “Edit this "
                        "round” to change it.")


class Presentation(QObject):
    """Where the presentation is (which cell, whose turn to vote) and what the keys do."""

    changed = Signal()
    finished = Signal()

    def __init__(self, context: ApplicationContext, start: tuple[int, str] | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.context = context
        workshop = context.workshop
        assert workshop is not None
        self.cells = [(bu.id, d.id) for bu in workshop.business_units for d in workshop.model.dimensions]
        self.position = self.cells.index(start) if start in self.cells else 0
        self.voter = 0
        #: A line for the facilitator about the last key pressed ("" when there is nothing to say).
        self.notice = ""
        self.windows: Any = None  # the PresentationWindows showing it, kept while it lasts
        context.workshop_changed.connect(self._refresh)
        context.round_changed.connect(self._refresh)
        context.file_changed.connect(self._file_changed)

    # What is shown ----------------------------------------------------------------------

    @property
    def workshop(self) -> Workshop:
        workshop = self.context.workshop
        assert workshop is not None
        return workshop

    @property
    def round_id(self) -> int:
        return self.context.round_id or self.workshop.active_round.id

    @property
    def cell(self) -> tuple[int, str] | None:
        return self.cells[self.position] if self.cells else None

    def spread(self) -> Spread:
        cell = self.cell
        votes = self.workshop.votes.votes(self.round_id, *cell) if cell else ()
        return spread(self.workshop.model, votes)

    def voter_id(self) -> int | None:
        people = self.workshop.votes.participants
        return people[self.voter % len(people)].id if people else None

    def room_vote(self, participant_id: int) -> str | None:
        cell = self.cell
        if cell is None:
            return None
        return next((v.stage for v in self.workshop.votes.votes(self.round_id, *cell)
                     if v.participant_id == participant_id and v.source == ROOM), None)

    # What the keys do -------------------------------------------------------------------

    def handle_key(self, event: QKeyEvent) -> bool:
        key, modifiers = event.key(), event.modifiers()
        control = bool(modifiers & Qt.KeyboardModifier.ControlModifier)
        if key == Qt.Key.Key_Escape:
            self.finished.emit()
        elif control and key == Qt.Key.Key_Z:
            stack = self.context.undo_stack
            stack.redo() if modifiers & Qt.KeyboardModifier.ShiftModifier else stack.undo()
        elif key in (Qt.Key.Key_Right, Qt.Key.Key_PageDown, Qt.Key.Key_Space):
            self.move(1)
        elif key in (Qt.Key.Key_Left, Qt.Key.Key_PageUp):
            self.move(-1)
        elif key == Qt.Key.Key_Down:
            self.next_voter(1)
        elif key == Qt.Key.Key_Up:
            self.next_voter(-1)
        elif key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.vote(0)
        else:
            pressed = stage_key(event)
            if pressed is None:
                return False
            if pressed.target:
                self.agree(pressed.number)
            else:
                self.vote(pressed.number)
        return True

    def move(self, step: int) -> None:
        if self.cells:
            position = max(0, min(len(self.cells) - 1, self.position + step))
            if position != self.position:
                self.notice = ""  # it was about the cell left behind
            self.position = position
            self.changed.emit()

    def next_voter(self, step: int) -> None:
        people = self.workshop.votes.participants
        if people:
            self.voter = (self.voter + step) % len(people)
            self.changed.emit()

    def _stage(self, number: int) -> str | None:
        stages = sorted(self.workshop.model.stages, key=lambda s: s.score)
        return stages[number - 1].id if 0 < number <= len(stages) else None

    def vote(self, number: int) -> None:
        """Record the vote of the participant whose turn it is (0: withdraw it), and pass the turn on."""
        cell, voter = self.cell, self.voter_id()
        if cell is None or voter is None:
            self.context.message.emit("Add participants (Assessment → Participants…) to record their votes.")
            self.notice = NO_PARTICIPANTS_NOTICE
            self.changed.emit()
            return
        stage = self._stage(number)
        if (number and stage is None) or self._refused():
            return
        if record_vote(self.context, cell[0], cell[1], voter, stage):
            self.notice = ""
            self.next_voter(1)

    def agree(self, number: int) -> None:
        """Set the stage the room agreed on (Shift+0: not assessed)."""
        cell = self.cell
        stage = self._stage(number)
        if cell is None or (stage is None and number != 0) or self._refused():
            return
        if undo_commands.rate_current(self.context, cell[0], cell[1], stage) and self.notice:
            self.notice = ""  # it was about an earlier key
            self.changed.emit()

    def _refused(self) -> bool:
        """Whether the round shown takes no votes or ratings; then the notice says why, on the screen the
        room sees (the window's status line, where the refusal would go, is behind the presentation)."""
        context = self.context
        if context.read_only:
            refusal = READ_ONLY_NOTICE
        elif not context.round_editable:
            refusal = EARLIER_ROUND_NOTICE
        else:
            return False
        if self.notice != refusal:
            self.notice = refusal
            self.changed.emit()
        return True

    def _refresh(self, change: object = None) -> None:
        workshop = self.context.workshop
        if workshop is None:
            return
        if isinstance(change, BusinessUnitsChanged | Reloaded):  # the cells to walk changed
            current = self.cell
            self.cells = [(bu.id, d.id) for bu in workshop.business_units for d in workshop.model.dimensions]
            if not self.cells:
                self.finished.emit()
                return
            self.position = self.cells.index(current) if current in self.cells else min(self.position,
                                                                                         len(self.cells) - 1)
        if self.notice == NO_PARTICIPANTS_NOTICE and workshop.votes.participants:
            self.notice = ""  # participants were added: the next key records a vote
        self.changed.emit()

    def _file_changed(self, file: object) -> None:
        if file is None:
            self.finished.emit()
