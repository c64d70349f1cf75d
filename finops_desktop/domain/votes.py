"""The room's voices: who takes part, how each voted on a cell, and how far apart the votes are.

The agreed stage of a cell stays the facilitator's decision (its :class:`~.workshop.Rating`);
votes sit beside it. What counts as disagreement is defined here, once, for the grid, the
presentation, the charts, the workbook and the command line.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from .model import MaturityModel
from .record import record

ROOM = "room"
QUESTIONNAIRE = "questionnaire"

#: Votes this many stages apart (or more) are a disagreement, whatever the majority.
STAGES_APART = 2

CellKey = tuple[int, int, str]  # (round id, business unit id, dimension id)


@record
class Participant:
    """Someone whose view is heard; ``bu_id`` is the unit they belong to (``None``: the whole organisation)."""

    id: int
    name: str
    role: str = ""
    bu_id: int | None = None


@record
class Vote:
    """One participant's view of one cell: a stage of the model, how sure they are, and why."""

    participant_id: int
    stage: str
    confidence: str | None = None
    comment: str = ""
    source: str = ROOM
    at: str = field(default="", compare=False)


@record
class Spread:
    """How a cell's votes fall across the stages, lowest stage first."""

    counts: tuple[tuple[str, int], ...]
    total: int
    #: Scores of the lowest and highest stage voted for (0 when nobody voted).
    low: int = 0
    high: int = 0

    def count(self, stage_id: str) -> int:
        return dict(self.counts).get(stage_id, 0)

    @property
    def majority(self) -> str | None:
        """The stage more than half the votes name, if any."""
        for stage_id, count in self.counts:
            if count * 2 > self.total:
                return stage_id
        return None

    @property
    def width(self) -> int:
        """How many stages apart the lowest and highest votes are."""
        return self.high - self.low

    @property
    def in_disagreement(self) -> bool:
        """Votes two stages apart, or no majority among two votes or more."""
        if self.total < 2:
            return False
        return self.width >= STAGES_APART or self.majority is None


def counted(votes: Iterable[Vote]) -> list[Vote]:
    """One vote per participant: a vote in the room counts over the same person's questionnaire answer."""
    chosen: dict[int, Vote] = {}
    for vote in votes:
        held = chosen.get(vote.participant_id)
        if held is None or (held.source != ROOM and vote.source == ROOM):
            chosen[vote.participant_id] = vote
    return list(chosen.values())


def spread(model: MaturityModel, votes: Iterable[Vote]) -> Spread:
    """The spread of a cell's counted votes over the model's stages."""
    tally = {stage.id: 0 for stage in model.stages}
    for vote in counted(votes):
        if vote.stage in tally:
            tally[vote.stage] += 1
    scores = [stage.score for stage in model.stages if tally[stage.id]]
    return Spread(tuple(tally.items()), sum(tally.values()), min(scores, default=0), max(scores, default=0))


@dataclass
class WorkshopVotes:
    """Everything the room said: the participants, and the votes by cell."""

    participants: list[Participant] = field(default_factory=list)
    #: Votes by (round id, business unit id, dimension id); a missing key is a cell nobody voted on.
    by_cell: dict[CellKey, tuple[Vote, ...]] = field(default_factory=dict)

    def participant(self, participant_id: int) -> Participant:
        for person in self.participants:
            if person.id == participant_id:
                return person
        raise KeyError(participant_id)

    def participant_named(self, name: str) -> Participant | None:
        from .workshop import same_name_key

        wanted = same_name_key(name)
        return next((p for p in self.participants if same_name_key(p.name) == wanted), None)

    def votes(self, round_id: int, bu_id: int, dimension_id: str) -> tuple[Vote, ...]:
        return self.by_cell.get((round_id, bu_id, dimension_id), ())

    def spread(self, model: MaturityModel, round_id: int, bu_id: int, dimension_id: str) -> Spread:
        return spread(model, self.votes(round_id, bu_id, dimension_id))

    def cells_in_disagreement(self, model: MaturityModel, round_id: int) -> Iterator[CellKey]:
        for key, cell_votes in self.by_cell.items():
            if key[0] == round_id and spread(model, cell_votes).in_disagreement:
                yield key

    def with_votes(self, key: CellKey, cell_votes: Iterable[Vote]) -> None:
        """Keep a cell's votes in step with the file (none: the key goes)."""
        kept = tuple(sorted(cell_votes, key=lambda v: (v.participant_id, v.source)))
        if kept:
            self.by_cell[key] = kept
        else:
            self.by_cell.pop(key, None)
