"""Rounds as undoable edits: start one, rename one, remove one that holds no changes of its own.

A round started by mistake is undone like any rating; removing a round asks first, and only
a round that merely copied the round before it (or is empty) can go: one holding ratings of
its own is the record of a workshop and stays.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..domain import values
from ..storage.workshop_file import RemovedRound
from .dialogs import describe_error
from .undo_commands import WorkshopCommand

if TYPE_CHECKING:
    from .context import ApplicationContext


class AddRoundCommand(WorkshopCommand):
    def __init__(self, context: ApplicationContext, name: str, *, copy_previous: bool) -> None:
        super().__init__(context, f"Start round “{name.strip()}”")
        self.name = name
        self.copy_previous = copy_previous
        self.new_round: int | None = None
        self._removed: RemovedRound | None = None

    def apply(self) -> None:
        if self._removed is None:
            self.new_round = self.file.add_round(self.name, copy_previous=self.copy_previous).id
        else:
            self.file.restore_round(self._removed)
            self._removed = None

    def revert(self) -> None:
        assert self.new_round is not None
        self._removed = self.file.remove_round(self.new_round)

    def revisit(self) -> None:
        workshop = self.context.workshop
        if workshop is not None:
            shown = self.new_round if self._removed is None else workshop.active_round.id
            if shown is not None:
                self.context.set_round(shown)


class RenameRoundCommand(WorkshopCommand):
    def __init__(self, context: ApplicationContext, round_id: int, name: str) -> None:
        workshop = context.workshop
        assert workshop is not None
        before = next(r.name for r in workshop.rounds if r.id == round_id)
        super().__init__(context, f"Rename round “{before}”")
        self.target_round = round_id  # not ``round_id``: that names the round of a rating
        self.before = before
        self.after = name

    def apply(self) -> None:
        self.file.rename_round(self.target_round, self.after)

    def revert(self) -> None:
        self.file.rename_round(self.target_round, self.before)


class RemoveRoundCommand(WorkshopCommand):
    def __init__(self, context: ApplicationContext, round_id: int) -> None:
        workshop = context.workshop
        assert workshop is not None
        name = next(r.name for r in workshop.rounds if r.id == round_id)
        super().__init__(context, f"Remove round “{name}”")
        self.target_round = round_id
        self._removed: RemovedRound | None = None

    def apply(self) -> None:
        self._removed = self.file.remove_round(self.target_round)

    def revert(self) -> None:
        assert self._removed is not None
        self.file.restore_round(self._removed)

    def revisit(self) -> None:
        if self._removed is not None and self.context.file is not None and any(
                r.id == self.target_round for r in self.context.file.workshop.rounds):
            self.context.set_round(self.target_round)


def start_new_round(context: ApplicationContext) -> bool:
    """Ask for a round name (the suggestion selected, so typing replaces it) and start the round, undoably."""
    workshop = context.workshop
    if workshop is None or not context.can_edit():
        return False
    names = [r.name for r in workshop.rounds]
    request = context.dialogs.new_round(names, f"Round {len(names) + 1}")
    if request is None:
        return False
    command = AddRoundCommand(context, request.name, copy_previous=request.copy_previous)
    if not context.edit(command) or command.new_round is None:
        return False
    context.set_round(command.new_round)
    context.message.emit(f"Started round “{request.name.strip()}” (Undo takes it back)")
    return True


def rename_round(context: ApplicationContext, round_id: int | None = None) -> bool:
    """Ask for a new name of a round (the round shown unless given)."""
    workshop = context.workshop
    round_id = round_id if round_id is not None else context.round_id
    if workshop is None or round_id is None or not context.can_edit():
        return False
    current = next((r.name for r in workshop.rounds if r.id == round_id), None)
    if current is None:
        return False
    name = context.dialogs.text("Rename round", "New name of the round:", current,
                                max_length=values.ROUND_NAME.max_length)
    if name is None or name.strip() == current:
        return False
    return context.edit(RenameRoundCommand(context, round_id, name))


def removal_refusal(context: ApplicationContext, round_id: int) -> str:
    """Why a round cannot be removed, as a sentence; "" when it can."""
    file = context.file
    if file is None:
        return "No workshop is open."
    if len(file.workshop.rounds) <= 1:
        return "A workshop keeps at least one round."
    if file.round_has_changes(round_id):
        return "It holds ratings of its own (it is more than a copy of the round before it), so it is kept."
    return ""


def remove_round(context: ApplicationContext, round_id: int | None = None) -> bool:
    """Remove a round with no changes of its own, after asking; a round with changes is kept, with the reason."""
    workshop = context.workshop
    round_id = round_id if round_id is not None else context.round_id
    if workshop is None or round_id is None or not context.can_edit():
        return False
    name = next((r.name for r in workshop.rounds if r.id == round_id), None)
    if name is None:
        return False
    refused = removal_refusal(context, round_id)
    if refused:
        context.dialogs.error(f"Cannot remove the round “{name}”", refused)
        return False
    if not context.dialogs.confirm(f"Remove the round “{name}”?",
                                   "It holds nothing of its own: every rating in it is a copy of the round "
                                   "before it. Undo puts it back.", "Remove round", destructive=True):
        return False
    try:
        return context.edit(RemoveRoundCommand(context, round_id))
    except Exception as exc:  # context.edit shows refused writes; anything else is said here
        context.dialogs.error("The round was not removed", describe_error(exc))
        return False
