"""A workshop: who was assessed, in which rounds, and how each cell was rated."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import datetime

from .model import NOT_APPLICABLE, MaturityModel, WasteAssumption
from .progress import StepProgress
from .record import record
from .values import CONFIDENCE_LEVELS
from .votes import WorkshopVotes
from .workshop_settings import WorkshopSettings

__all__ = ["CONFIDENCE_LEVELS", "AssessmentRound", "BusinessUnit", "Rating", "Workshop", "WorkshopInfo",
           "WorkshopSettings", "same_name_key"]


@record
class Rating:
    """One business unit in one dimension, in one assessment round.

    ``current`` and ``target`` hold a stage id of the model, ``"na"`` (not applicable)
    or ``None`` (not assessed).
    """

    current: str | None = None
    target: str | None = None
    confidence: str | None = None
    note: str = ""
    participants: str = ""
    #: Measured indicator values, by indicator id.
    indicators: tuple[tuple[str, float], ...] = ()
    #: When the room last rated this cell (ISO 8601); a bookkeeping date, not part of the rating.
    rated_at: str = field(default="", compare=False)

    @property
    def is_empty(self) -> bool:
        return self == Rating()

    @property
    def is_assessed(self) -> bool:
        return self.current is not None

    @property
    def not_applicable(self) -> bool:
        return self.current == NOT_APPLICABLE

    def indicator(self, indicator_id: str) -> float | None:
        return dict(self.indicators).get(indicator_id)

    def with_indicator(self, indicator_id: str, value: float | None) -> Rating:
        values = {k: v for k, v in self.indicators if k != indicator_id}
        if value is not None:
            values[indicator_id] = value
        return replace(self, indicators=tuple(sorted(values.items())))

    def edited(self, **changes: object) -> Rating:
        return replace(self, **changes)  # type: ignore[arg-type]


@record
class BusinessUnit:
    """A part of the client that is rated on its own, with its cloud spend, owner and notes."""

    id: int
    name: str
    position: int = 0
    monthly_spend: float | None = None
    owner: str = ""
    notes: str = ""
    #: Expected growth of the unit's cloud spend over the next year, in percent.
    annual_growth: float | None = None


@record
class AssessmentRound:
    """One sitting of the workshop: every rating belongs to a round, and rounds are compared."""

    id: int
    name: str
    created_at: str = ""

    @property
    def began_on(self) -> str:
        """The day the round began, here (YYYY-MM-DD); "" when the file does not say."""
        try:
            began = datetime.fromisoformat(self.created_at)
        except ValueError:
            return ""
        return (began.astimezone() if began.tzinfo else began).date().isoformat()


@record
class WorkshopInfo:
    """Who the workshop is for, when, who ran it, and the currency its money is in."""

    client: str
    date: str = ""
    facilitator: str = ""
    currency: str = "USD"


@dataclass
class Workshop:
    """Everything a workshop file holds, as plain objects."""

    info: WorkshopInfo
    model: MaturityModel
    business_units: list[BusinessUnit] = field(default_factory=list)
    rounds: list[AssessmentRound] = field(default_factory=list)
    #: Ratings by (round id, business unit id, dimension id); a missing key is an empty rating.
    ratings: dict[tuple[int, int, str], Rating] = field(default_factory=dict)
    #: Waste assumptions edited for this workshop, by (dimension id, stage id).
    waste_overrides: dict[tuple[str, str], WasteAssumption] = field(default_factory=dict)
    settings: WorkshopSettings = field(default_factory=WorkshopSettings)
    #: The participants and their votes, beside the agreed ratings.
    votes: WorkshopVotes = field(default_factory=WorkshopVotes)
    #: Progress read back from the workbook's tracker, by (step id, business unit id).
    progress: dict[tuple[str, int], StepProgress] = field(default_factory=dict)
    #: A random id the file was given once: a workbook exported from it carries it, so an
    #: import can tell this workshop's workbook from another's ("" for a workshop built in memory).
    uid: str = ""
    #: Where each unit was last seen in ``business_units``, by id: checked on every look-up
    #: and rebuilt when the list has changed, so the list stays the one source of truth.
    _positions: dict[int, int] = field(default_factory=dict, init=False, repr=False, compare=False)

    def waste(self, dimension_id: str, stage_id: str) -> WasteAssumption:
        """The waste assumption in force: this workshop's edit, else the model's."""
        override = self.waste_overrides.get((dimension_id, stage_id))
        return override or self.model.dimension(dimension_id).waste[stage_id]

    @property
    def active_round(self) -> AssessmentRound:
        """The latest round: the one being assessed now."""
        return self.rounds[-1]

    def round_date(self, rnd: AssessmentRound) -> str:
        """The day a round is of: the workshop's date for the first round, the day a later one began;
        either one when the other is not known."""
        first = not self.rounds or rnd.id == self.rounds[0].id
        if first:
            return self.info.date or rnd.began_on
        return rnd.began_on or self.info.date

    def rating(self, bu_id: int, dimension_id: str, round_id: int | None = None) -> Rating:
        key = (self.active_round.id if round_id is None else round_id, bu_id, dimension_id)
        return self.ratings.get(key, _EMPTY)

    def business_unit(self, bu_id: int) -> BusinessUnit:
        """The unit with this id, found without a search: views ask for it for every cell they draw."""
        units = self.business_units
        position = self._positions.get(bu_id)
        if position is None or position >= len(units) or units[position].id != bu_id:
            self._positions = {bu.id: index for index, bu in enumerate(units)}
            position = self._positions.get(bu_id)
            if position is None:
                raise KeyError(bu_id)
        return units[position]

    def business_unit_named(self, name: str) -> BusinessUnit | None:
        """The unit of that name, ignoring case and how accents were typed (é or e + ´)."""
        wanted = same_name_key(name)
        for bu in self.business_units:
            if same_name_key(bu.name) == wanted:
                return bu
        return None

    def round_named(self, name: str) -> AssessmentRound | None:
        wanted = same_name_key(name)
        for rnd in self.rounds:
            if same_name_key(rnd.name) == wanted:
                return rnd
        return None

    def cells(self, round_id: int | None = None) -> Iterator[tuple[BusinessUnit, str, Rating]]:
        """Every (business unit, dimension id, rating) of a round, in display order."""
        for bu in self.business_units:
            for dimension in self.model.dimensions:
                yield bu, dimension.id, self.rating(bu.id, dimension.id, round_id)

    def assessed_count(self, round_id: int | None = None) -> int:
        return sum(1 for _, _, r in self.cells(round_id) if r.is_assessed)

    @property
    def cell_count(self) -> int:
        return len(self.business_units) * len(self.model.dimensions)


_EMPTY = Rating()


def same_name_key(name: str) -> str:
    """Names that read the same compare equal: one Unicode form, no case, no invisible formatting characters."""
    folded = unicodedata.normalize("NFKC", name).casefold()
    return "".join(c for c in folded if unicodedata.category(c) != "Cf").strip()
