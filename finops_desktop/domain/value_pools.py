"""What closing a business unit's gaps is worth: value pools, enablers, coverage pricing.

Money is not a sum of per-dimension shares (that would count idle resources several times
over). The model names pools of recoverable spend, each owned by one dimension: moving that
dimension up a stage recovers the drop in what the pool wastes. Enablers own no pool; a
unit's capture (the weighted mean of its rated enablers' capture figures) sets how much of
those drops it can take. So for one unit, with ``P`` the pools' drops from current to
planned stages, the plan is worth ``spend × P × capture(planned enablers)``: the pools'
transitions are valued at today's capture, and each enabler's transition at what its rise
in capture adds to ``P``. No unit is credited with more than the model's cap.

A rate pool is priced from coverage: eligible share × (target coverage − current coverage)
× average discount, plus the drop in unused commitment. A value known for the pool's
indicator in a cell replaces the stage's figure for the current stage: measured from billing
data (``evidence``) first, else typed in the room (``indicator``), else the model's or the
workshop's figure (``assumption``).
"""

from __future__ import annotations

from collections.abc import Mapping

from .model import MaturityModel, ValuePool
from .record import record
from .workshop import Workshop

ASSUMPTION = "assumption"
INDICATOR = "indicator"
EVIDENCE = "evidence"

#: Indicator values measured from the client's billing data, by (business unit id, indicator id),
#: in the indicator's own unit (e.g. 72.5 for 72.5 % coverage). They replace typed values.
MeasuredValues = Mapping[tuple[int, str], float]


@record
class UnitValue:
    """What one unit's gaps are worth, per transition, and where each dimension's money came from."""

    #: (dimension id, from score) -> (money a month, share of spend), the share as if the unit spent 1.
    transitions: Mapping[tuple[str, int], tuple[float, float]]
    #: dimension id -> assumption | indicator | evidence
    sources: Mapping[str, str]
    #: True when the cap held the unit's total back.
    capped: bool = False


class PoolPricing:
    """The figures in force for one workshop, looked up once per plan."""

    def __init__(self, workshop: Workshop) -> None:
        model = workshop.model
        self.model: MaturityModel = model
        self.stage_at = {s.score: s.id for s in model.stages}
        self.highest = model.highest_stage.id
        self.share = {(d.id, s.score): workshop.waste(d.id, s.id).share
                      for d in model.dimensions if d.waste for s in model.stages}
        self.edited = {(d, model.stage(s).score) for d, s in workshop.waste_overrides}
        self.pools: tuple[ValuePool, ...] = model.pools
        self.enablers = tuple((e.dimension_id, e.weight) for e in model.enablers)
        self.cap = model.max_recoverable_share

    def indicators(self) -> tuple[tuple[str, str], ...]:
        """(dimension id, indicator id) of every pool whose indicator value replaces a figure."""
        return tuple((p.dimension_id, p.indicator) for p in self.pools if p.indicator and p.reads)

    def price(self, spend: float, current: Mapping[str, int], planned: Mapping[str, int],
              known: Mapping[str, tuple[float, str]] | None = None) -> UnitValue:
        """The worth of moving a unit from ``current`` to ``planned`` (scores by dimension id).

        ``known`` holds, by dimension id, the value of its pool's indicator for this unit and
        where it came from (``indicator`` or ``evidence``).
        """
        known = known or {}
        points: dict[tuple[str, int], float] = {}
        sources: dict[str, str] = {}
        drops = 0.0
        for pool in self.pools:
            dimension_id = pool.dimension_id
            start = current.get(dimension_id)
            if start is None:
                continue
            end = planned[dimension_id]
            level = self.share[(dimension_id, start)]
            sources[dimension_id] = ASSUMPTION
            value = known.get(dimension_id)
            if value is not None:
                level = self._measured_level(pool, start, value[0])
                sources[dimension_id] = value[1]
            for at in range(start, end):
                following = self.share[(dimension_id, at + 1)]
                drop = max(0.0, level - following)
                level = min(level, following)
                points[(dimension_id, at)] = drop
                drops += drop

        rated = [(d, w) for d, w in self.enablers if d in current]
        total_weight = sum(w for _, w in rated)
        capture_now = 1.0
        if total_weight > 0:
            capture_now = sum(w * self.share[(d, current[d])] for d, w in rated) / total_weight
        for key in points:
            points[key] *= capture_now
        for dimension_id, weight in rated:
            sources[dimension_id] = ASSUMPTION
            for at in range(current[dimension_id], planned[dimension_id]):
                rise = max(0.0, self.share[(dimension_id, at + 1)] - self.share[(dimension_id, at)])
                points[(dimension_id, at)] = drops * weight / total_weight * rise
        # Dimensions that own no pool and enable nothing still get their gaps, worth nothing.
        for dimension_id, start in current.items():
            for at in range(start, planned[dimension_id]):
                points.setdefault((dimension_id, at), 0.0)

        total = sum(points.values())
        capped = total > self.cap
        if capped:
            scale = self.cap / total
            points = {key: value * scale for key, value in points.items()}
        return UnitValue({key: (spend * value, value) for key, value in points.items()}, sources, capped)

    def _measured_level(self, pool: ValuePool, start: int, value: float) -> float:
        """The share of spend the pool wastes at a known indicator value."""
        if pool.reads == "coverage" and pool.coverage is not None:
            coverage = min(max(value / 100.0, 0.0), 1.0)
            return pool.coverage.waste_share(self.stage_at[start], self.highest, coverage)
        return min(max(value / 100.0, 0.0), 1.0)


def cap_share(workshop: Workshop) -> float:
    """The most any unit can be credited with, as a share of its spend."""
    return workshop.model.max_recoverable_share


def crawl_everywhere_share(workshop: Workshop) -> float:
    """What the pools waste, as a share of spend, for a unit at the lowest stage everywhere."""
    model = workshop.model
    lowest = model.lowest_stage.id
    return sum(workshop.waste(p.dimension_id, lowest).share for p in model.pools)


__all__ = ["ASSUMPTION", "EVIDENCE", "INDICATOR", "MeasuredValues", "PoolPricing", "UnitValue", "cap_share",
           "crawl_everywhere_share"]
