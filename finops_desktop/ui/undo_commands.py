"""Every edit the window makes, as an undoable command that writes through the WorkshopFile.

A command is *made* once by :meth:`ApplicationContext.edit` (so a refused edit never reaches
the stack), then undone and redone by the ``QUndoStack``. Each step is written to the file
at once; the views follow through the file's change notifications.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QUndoCommand

from ..domain.edit_rules import edited_rating, waste_figure_after
from ..domain.model import NOT_APPLICABLE, WasteAssumption
from ..domain.workshop import Rating, WorkshopInfo
from ..storage.workshop_file import RemovedBusinessUnit, WorkshopFile

if TYPE_CHECKING:
    from .context import ApplicationContext

# Ids for QUndoCommand.mergeWith: consecutive edits of one field of one cell, or of one waste figure, merge.
_MERGE_RATING_TEXT = 1
_MERGE_WASTE_ASSUMPTION = 2


class WorkshopCommand(QUndoCommand):
    """An edit of the open workshop: :meth:`apply` does it, :meth:`revert` takes it back."""

    def __init__(self, context: ApplicationContext, text: str) -> None:
        super().__init__(text)
        self.context = context
        self._skip_next_redo = False

    @property
    def file(self) -> WorkshopFile:
        file = self.context.file
        if file is None:  # the stack is cleared whenever the file closes
            raise RuntimeError("no workshop file is open")
        return file

    def make(self) -> None:
        """Do the edit for the first time; raises if the file refuses it."""
        self.apply()
        self._skip_next_redo = True

    def apply(self) -> None:
        raise NotImplementedError

    def revert(self) -> None:
        raise NotImplementedError

    def revisit(self) -> None:
        """Show the user what undo or redo just changed."""

    def redo(self) -> None:
        if self._skip_next_redo:  # QUndoStack.push calls redo; the edit was made already
            self._skip_next_redo = False
            return
        try:
            self.apply()
        except Exception as exc:  # report and keep running
            self.context.undo_failed(exc)
            return
        self.revisit()

    def undo(self) -> None:
        try:
            self.revert()
        except Exception as exc:  # report and keep running
            self.context.undo_failed(exc)
            return
        self.revisit()


class SetRatingCommand(WorkshopCommand):
    """Change one cell's rating (stage, target, confidence, notes, participants, indicators)."""

    def __init__(self, context: ApplicationContext, bu_id: int, dimension_id: str, after: Rating, text: str,
                 *, round_id: int | None = None, merge_field: str | None = None) -> None:
        workshop = context.workshop
        assert workshop is not None
        self.bu_id = bu_id
        self.dimension_id = dimension_id
        self.round_id = round_id if round_id is not None else (context.round_id or workshop.active_round.id)
        self.before = workshop.rating(bu_id, dimension_id, self.round_id)
        self.after = after
        self.merge_field = merge_field
        bu = workshop.business_unit(bu_id)
        cell = f"{bu.name} · {workshop.model.dimension(dimension_id).label}"
        super().__init__(context, f"{text} ({cell})")

    def apply(self) -> None:
        self.after = self.file.set_rating(self.bu_id, self.dimension_id, self.after, self.round_id)

    def revert(self) -> None:
        self.file.set_rating(self.bu_id, self.dimension_id, self.before, self.round_id)

    def revisit(self) -> None:
        if self.context.round_id != self.round_id:
            self.context.set_round(self.round_id)
        self.context.cell_revisited.emit(self.bu_id, self.dimension_id)

    def id(self) -> int:
        return _MERGE_RATING_TEXT if self.merge_field else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not (isinstance(other, SetRatingCommand) and self.merge_field and other.merge_field == self.merge_field
                and (other.bu_id, other.dimension_id, other.round_id)
                == (self.bu_id, self.dimension_id, self.round_id)):
            return False
        self.after = other.after
        self.setObsolete(self.after == self.before)
        return True


def rate_current(context: ApplicationContext, bu_id: int, dimension_id: str, stage: str | None) -> bool:
    """Set the stage a cell is at now: a stage id, ``"na"`` (not applicable) or ``None`` (not assessed)."""
    workshop = context.workshop
    if workshop is None:
        return False
    if stage == NOT_APPLICABLE:
        text = "Mark not applicable"
    elif stage is None:
        text = "Mark not assessed"
    else:
        text = f"Rate {workshop.model.stage(stage).name}"
    changes: dict[str, Any] = {"current": stage}
    rating = workshop.rating(bu_id, dimension_id, context.round_id)
    if stage not in (None, NOT_APPLICABLE) and not rating.participants and context.participants:
        changes["participants"] = context.participants
    return _edit(context, bu_id, dimension_id, text, changes)


def rate_target(context: ApplicationContext, bu_id: int, dimension_id: str, stage: str | None) -> bool:
    """Set the stage a cell should reach (``None`` clears the target)."""
    workshop = context.workshop
    if workshop is None:
        return False
    text = f"Set target {workshop.model.stage(stage).name}" if stage else "Clear target"
    return _edit(context, bu_id, dimension_id, text, {"target": stage})


def edit_rating(context: ApplicationContext, bu_id: int, dimension_id: str, text: str, *,
                merge_field: str | None = None, **changes: Any) -> bool:
    """Change other fields of a cell's rating (notes, participants, confidence, indicator values)."""
    return _edit(context, bu_id, dimension_id, text, changes, merge_field=merge_field)


def set_indicator(context: ApplicationContext, bu_id: int, dimension_id: str, indicator_id: str,
                  value: float | None) -> bool:
    workshop = context.workshop
    if workshop is None:
        return False
    rating = workshop.rating(bu_id, dimension_id, context.round_id)
    indicators = dict(rating.indicators)
    if value is None:
        indicators.pop(indicator_id, None)
    else:
        indicators[indicator_id] = value
    return _edit(context, bu_id, dimension_id, "Record indicator", {"indicators": indicators},
                 merge_field=f"indicator:{indicator_id}")


def _edit(context: ApplicationContext, bu_id: int, dimension_id: str, text: str, changes: dict[str, Any], *,
          merge_field: str | None = None) -> bool:
    """One cell edit, by the rules every front end shares; no command when nothing would change."""
    workshop = context.workshop
    if workshop is None:
        return False
    rating = workshop.rating(bu_id, dimension_id, context.round_id)
    after = edited_rating(rating, **changes)
    if after == rating:
        return False
    return context.edit(SetRatingCommand(context, bu_id, dimension_id, after, text, merge_field=merge_field))


class AddBusinessUnitCommand(WorkshopCommand):
    def __init__(self, context: ApplicationContext, name: str, **fields: Any) -> None:
        super().__init__(context, f"Add business unit “{name.strip()}”")
        self.name = name
        self.fields = fields
        self.bu_id: int | None = None
        self._removed: RemovedBusinessUnit | None = None

    def apply(self) -> None:
        if self._removed is None:
            self.bu_id = self.file.add_business_unit(self.name, **self.fields).id
        else:
            self.file.restore_business_unit(self._removed)

    def revert(self) -> None:
        assert self.bu_id is not None
        self._removed = self.file.remove_business_unit(self.bu_id)


class UpdateBusinessUnitCommand(WorkshopCommand):
    """Rename a business unit or change its spend, growth, owner or notes."""

    def __init__(self, context: ApplicationContext, bu_id: int, text: str, **changes: Any) -> None:
        workshop = context.workshop
        assert workshop is not None
        bu = workshop.business_unit(bu_id)
        super().__init__(context, f"{text} ({bu.name})")
        self.bu_id = bu_id
        self.after = changes
        self.before = {key: getattr(bu, key) for key in changes}

    def apply(self) -> None:
        self.file.update_business_unit(self.bu_id, **self.after)

    def revert(self) -> None:
        self.file.update_business_unit(self.bu_id, **self.before)


class MoveBusinessUnitCommand(WorkshopCommand):
    def __init__(self, context: ApplicationContext, bu_id: int, new_index: int) -> None:
        workshop = context.workshop
        assert workshop is not None
        units = workshop.business_units
        self.bu_id = bu_id
        self.old_index = next(i for i, bu in enumerate(units) if bu.id == bu_id)
        self.new_index = max(0, min(new_index, len(units) - 1))
        super().__init__(context, f"Move “{workshop.business_unit(bu_id).name}”")

    def apply(self) -> None:
        self.file.move_business_unit(self.bu_id, self.new_index)

    def revert(self) -> None:
        self.file.move_business_unit(self.bu_id, self.old_index)


def move_business_unit(context: ApplicationContext, bu_id: int, new_index: int) -> bool:
    workshop = context.workshop
    if workshop is None:
        return False
    command = MoveBusinessUnitCommand(context, bu_id, new_index)
    if command.new_index == command.old_index:
        return False
    return context.edit(command)


class RemoveBusinessUnitCommand(WorkshopCommand):
    def __init__(self, context: ApplicationContext, bu_id: int) -> None:
        workshop = context.workshop
        assert workshop is not None
        super().__init__(context, f"Remove business unit “{workshop.business_unit(bu_id).name}”")
        self.bu_id = bu_id
        self._removed: RemovedBusinessUnit | None = None

    def apply(self) -> None:
        self._removed = self.file.remove_business_unit(self.bu_id)

    def revert(self) -> None:
        assert self._removed is not None
        self.file.restore_business_unit(self._removed)


class SetInfoCommand(WorkshopCommand):
    """Change the client, date, facilitator or currency of the workshop."""

    def __init__(self, context: ApplicationContext, info: WorkshopInfo) -> None:
        workshop = context.workshop
        assert workshop is not None
        super().__init__(context, "Edit workshop details")
        self.before = workshop.info
        self.after = info

    def apply(self) -> None:
        self._write(self.after)

    def revert(self) -> None:
        self._write(self.before)

    def _write(self, info: WorkshopInfo) -> None:
        self.file.set_info(client=info.client, date=info.date, facilitator=info.facilitator, currency=info.currency)


class SetWasteAssumptionCommand(WorkshopCommand):
    """Change this workshop's waste figure for one dimension and stage, or go back to the model's (``None``)."""

    def __init__(self, context: ApplicationContext, dimension_id: str, stage_id: str,
                 after: WasteAssumption | None, text: str, *, merge_field: str | None = None) -> None:
        workshop = context.workshop
        assert workshop is not None
        self.dimension_id = dimension_id
        self.stage_id = stage_id
        self.before = workshop.waste_overrides.get((dimension_id, stage_id))
        self.after = after
        self.merge_field = merge_field
        entry = f"{workshop.model.dimension(dimension_id).label} · {workshop.model.stage(stage_id).name}"
        super().__init__(context, f"{text} ({entry})")

    def apply(self) -> None:
        self._write(self.after)

    def revert(self) -> None:
        self._write(self.before)

    def _write(self, figure: WasteAssumption | None) -> None:
        if figure is None:
            self.file.reset_waste_assumption(self.dimension_id, self.stage_id)
        else:
            self.file.set_waste_assumption(self.dimension_id, self.stage_id, figure.share, figure.reasoning)

    def id(self) -> int:
        return _MERGE_WASTE_ASSUMPTION if self.merge_field else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not (isinstance(other, SetWasteAssumptionCommand) and self.merge_field
                and other.merge_field == self.merge_field
                and (other.dimension_id, other.stage_id) == (self.dimension_id, self.stage_id)):
            return False
        self.after = other.after
        self.setObsolete(self.after == self.before)
        return True


def set_waste_assumption(context: ApplicationContext, dimension_id: str, stage_id: str, share: float | None,
                         reasoning: str | None, *, text: str = "Change waste figure",
                         merge_field: str | None = None) -> bool:
    """Give this workshop its own waste figure (share of spend, 0 to 1, and the reasoning behind it).

    A figure that ends up equal to the model's is no edit at all: the entry goes back to the model's.
    """
    workshop = context.workshop
    if workshop is None:
        return False
    model_figure = workshop.model.dimension(dimension_id).waste[stage_id]
    after = waste_figure_after(model_figure, workshop.waste(dimension_id, stage_id), share, reasoning)
    if after == workshop.waste_overrides.get((dimension_id, stage_id)):
        return False
    return context.edit(SetWasteAssumptionCommand(context, dimension_id, stage_id, after, text,
                                                  merge_field=merge_field))


def reset_waste_assumption(context: ApplicationContext, dimension_id: str, stage_id: str) -> bool:
    """Go back to the model's waste figure for one dimension and stage."""
    workshop = context.workshop
    if workshop is None or (dimension_id, stage_id) not in workshop.waste_overrides:
        return False
    return context.edit(SetWasteAssumptionCommand(context, dimension_id, stage_id, None,
                                                  "Reset waste figure to the model's"))
