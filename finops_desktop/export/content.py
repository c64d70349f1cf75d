"""What one export is made of: the workshop, its roadmap, the rounds shown, and names for ids."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..domain.aggregate import DimensionAggregate, aggregate
from ..domain.labels import format_money, stage_label
from ..domain.roadmap import Roadmap
from ..domain.workshop import AssessmentRound, Rating, Workshop
from .styles import money_format

if TYPE_CHECKING:
    from ..evidence.report import EvidenceReport


@dataclass
class ExportContent:
    workshop: Workshop
    roadmap: Roadmap
    round_id: int
    #: An earlier round to compare with; ``None`` when there is none.
    compare_round_id: int | None = None
    #: Figures measured from the client's billing data (the latest import), when there are any.
    evidence: EvidenceReport | None = None
    money_format: str = field(init=False)

    def __post_init__(self) -> None:
        self.money_format = money_format(self.workshop.info.currency)

    @property
    def round(self) -> AssessmentRound:
        return self.round_by_id(self.round_id)

    @property
    def compare_round(self) -> AssessmentRound | None:
        return None if self.compare_round_id is None else self.round_by_id(self.compare_round_id)

    def round_by_id(self, round_id: int) -> AssessmentRound:
        return next(r for r in self.workshop.rounds if r.id == round_id)

    def stage_label(self, stage_id: str | None) -> str:
        return stage_label(self.workshop.model, stage_id)

    def money_text(self, amount: float) -> str:
        """An amount in the workshop's currency, as text, e.g. "EUR 12,400"."""
        return format_money(amount, self.workshop.info.currency)

    def dimension_label(self, dimension_id: str) -> str:
        model = self.workshop.model
        return model.dimension(dimension_id).name if model.has_dimension(dimension_id) else dimension_id

    def rating(self, bu_id: int, dimension_id: str, round_id: int | None = None) -> Rating:
        return self.workshop.rating(bu_id, dimension_id, self.round_id if round_id is None else round_id)

    def organisation(self, round_id: int | None = None) -> dict[str, DimensionAggregate]:
        """Per dimension: spend-weighted mean, lowest and highest current score."""
        return aggregate(self.workshop, self.round_id if round_id is None else round_id)

    def organisation_targets(self) -> dict[str, DimensionAggregate]:
        """The same figures for the target stages, by the same rule."""
        workshop = self.workshop
        targets = {key: Rating(current=rating.target) for key, rating in workshop.ratings.items()
                   if key[0] == self.round_id}
        as_if_reached = Workshop(workshop.info, workshop.model, workshop.business_units, workshop.rounds, targets)
        return aggregate(as_if_reached, self.round_id)

    @property
    def total_spend(self) -> float:
        return sum(bu.monthly_spend or 0.0 for bu in self.workshop.business_units)

    @property
    def total_savings(self) -> float:
        """What closing every gap of the plan is worth a month (money sits on the gaps, not the steps)."""
        return sum(gap.monthly_waste for gap in self.roadmap.gaps)
