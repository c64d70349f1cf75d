"""Votes given in the room, as undoable commands: a vote recorded by a key can be taken back with Ctrl+Z."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..domain.votes import ROOM, Vote
from .undo_commands import WorkshopCommand

if TYPE_CHECKING:
    from .context import ApplicationContext


class SetVoteCommand(WorkshopCommand):
    """Give, change or withdraw (``stage=None``) one participant's room vote on one cell."""

    def __init__(self, context: ApplicationContext, round_id: int, bu_id: int, dimension_id: str,
                 participant_id: int, stage: str | None) -> None:
        workshop = context.workshop
        assert workshop is not None
        self.key = (round_id, bu_id, dimension_id)
        self.participant_id = participant_id
        self.stage = stage
        self.before: Vote | None = next((v for v in workshop.votes.votes(*self.key)
                                         if v.participant_id == participant_id and v.source == ROOM), None)
        person = workshop.votes.participant(participant_id).name
        cell = f"{workshop.business_unit(bu_id).name} · {workshop.model.dimension(dimension_id).label}"
        super().__init__(context, f"{person}'s vote ({cell})")

    def apply(self) -> None:
        round_id, bu_id, dimension_id = self.key
        self.file.set_vote(bu_id, dimension_id, self.participant_id, self.stage, round_id=round_id)

    def revert(self) -> None:
        round_id, bu_id, dimension_id = self.key
        before = self.before
        self.file.set_vote(bu_id, dimension_id, self.participant_id, before.stage if before else None,
                           confidence=before.confidence if before else None,
                           comment=before.comment if before else "", round_id=round_id)

    def revisit(self) -> None:
        self.context.cell_revisited.emit(self.key[1], self.key[2])


def record_vote(context: ApplicationContext, bu_id: int, dimension_id: str, participant_id: int,
                stage: str | None) -> bool:
    """Record a participant's vote given in the room (undoable)."""
    workshop = context.workshop
    if workshop is None:
        return False
    round_id = context.round_id or workshop.active_round.id
    return context.edit(SetVoteCommand(context, round_id, bu_id, dimension_id, participant_id, stage))
