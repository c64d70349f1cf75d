"""The organisation as a whole: per dimension, where its business units stand.

An average hides that an organisation can be Run in one dimension and Crawl in another,
so the spread (min and max across business units) is always reported with the mean.
"""

from __future__ import annotations

from .record import record
from .workshop import Workshop


@record
class DimensionAggregate:
    """Scores of one dimension across the business units that were assessed in it."""

    dimension_id: str
    #: Spend-weighted mean score; a plain mean when no assessed unit has a spend.
    mean: float | None
    min: int | None
    max: int | None
    #: Business units rated on a stage (not counting not-assessed or not-applicable ones).
    assessed: int
    not_applicable: int
    weighted_by_spend: bool

    def as_dict(self) -> dict[str, float | int | None]:
        return {"mean": None if self.mean is None else round(self.mean, 4), "min": self.min, "max": self.max,
                "assessed": self.assessed, "not_applicable": self.not_applicable}


def aggregate(workshop: Workshop, round_id: int | None = None) -> dict[str, DimensionAggregate]:
    """Per dimension: spend-weighted mean, min and max score across business units.

    A dimension not assessed or not applicable for a unit leaves that unit out; it is never
    counted as the lowest stage. Units without a recorded spend count in min and max and,
    when no assessed unit has a spend, in an unweighted mean.
    """
    model = workshop.model
    result: dict[str, DimensionAggregate] = {}
    for dimension in model.dimensions:
        scores: list[tuple[int, float]] = []
        not_applicable = 0
        for bu in workshop.business_units:
            rating = workshop.rating(bu.id, dimension.id, round_id)
            if rating.not_applicable:
                not_applicable += 1
            score = model.score(rating.current)
            if score is not None:
                scores.append((score, bu.monthly_spend or 0.0))
        result[dimension.id] = _summarise(dimension.id, scores, not_applicable)
    return result


def _summarise(dimension_id: str, scores: list[tuple[int, float]], not_applicable: int) -> DimensionAggregate:
    if not scores:
        return DimensionAggregate(dimension_id, None, None, None, 0, not_applicable, False)
    total_weight = sum(weight for _, weight in scores if weight > 0)
    if total_weight > 0:
        mean = sum(score * weight for score, weight in scores if weight > 0) / total_weight
    else:
        mean = sum(score for score, _ in scores) / len(scores)
    values = [score for score, _ in scores]
    return DimensionAggregate(dimension_id, mean, min(values), max(values), len(scores), not_applicable,
                              total_weight > 0)
