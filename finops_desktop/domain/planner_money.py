"""The plan over time: projected maturity after each wave, savings by the end of each wave, cost, payback.

A stage counts as reached once every step of its transition has started and shown its KPI
(start day + lead time). Savings count from the day a gap's stage is reached; effort is
priced at the day rate when one is given. The payback is the simple one a finance lead
checks first: the plan's whole cost divided by its monthly savings once every step is done.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from .model import MaturityModel
from .roadmap import ProjectedWave, RoadmapItem, WaveMoney
from .waves import WAVE_ENDS, PlaybookGraph, project

if TYPE_CHECKING:
    from .planner import PlannedUnit, Starts

#: Days in an average month.
MONTH_DAYS = 365.25 / 12


def reached_days(unit: PlannedUnit, starts: Starts, graph: PlaybookGraph) -> list[int]:
    """For each of the unit's transitions, the day its stage counts as reached."""
    shape = unit.shape
    mine = starts[unit.index]
    if all(mine[p] == shape.start[i] for i, p in enumerate(shape.steps)):
        return list(shape.reached)
    reached = [0] * len(shape.transitions)
    for i, position in enumerate(shape.steps):
        t = shape.own[i]
        if t is not None:
            reached[t] = max(reached[t], mine[position] + graph.lead[position])
    return reached


def money_by_wave(units: Sequence[PlannedUnit], starts: Starts, graph: PlaybookGraph, items: Sequence[RoadmapItem],
                  wave_names: Sequence[str], day_rate: float | None) -> tuple[WaveMoney, ...]:
    """Run rate, cumulative savings, effort and cost by the end of each of the three waves."""
    run_rate = [0.0] * len(WAVE_ENDS)
    cumulative = [0.0] * len(WAVE_ENDS)
    for unit in units:
        for t, day in enumerate(reached_days(unit, starts, graph)):
            money = unit.money[t]
            if not money:
                continue
            for w, end in enumerate(WAVE_ENDS):
                if day <= end:
                    run_rate[w] += money
                    cumulative[w] += money * (end - day) / MONTH_DAYS
    effort = {name: 0.0 for name in wave_names}
    for item in items:
        effort[item.wave] = effort.get(item.wave, 0.0) + item.effort_days_total
    return tuple(WaveMoney(wave_names[w], run_rate[w], cumulative[w], effort[wave_names[w]],
                           None if day_rate is None else effort[wave_names[w]] * day_rate)
                 for w in range(len(WAVE_ENDS)))


def payback(units: Sequence[PlannedUnit], items: Sequence[RoadmapItem], day_rate: float | None) -> float | None:
    """Months for the full monthly savings to pay for the plan's effort; None without a day rate or savings."""
    if day_rate is None:
        return None
    monthly = sum(sum(unit.money) for unit in units)
    if monthly <= 0:
        return None
    return sum(item.effort_days_total for item in items) * day_rate / monthly


def projected(model: MaturityModel, units: Sequence[PlannedUnit], starts: Starts, graph: PlaybookGraph,
              wave_names: Sequence[str]) -> tuple[ProjectedWave, ...]:
    """Each unit's and the organisation's scores once each wave's stages are reached."""
    dimensions = [d.id for d in model.dimensions]
    waves = range(len(WAVE_ENDS))
    per_wave: list[list[tuple[str, tuple[tuple[str, int], ...]]]] = [[] for _ in waves]
    # Spend-weighted sums, and plain ones for when no rated unit has a spend.
    weighted = [dict.fromkeys(dimensions, 0.0) for _ in waves]
    spent = [dict.fromkeys(dimensions, 0.0) for _ in waves]
    plain = [dict.fromkeys(dimensions, 0.0) for _ in waves]
    counted = [dict.fromkeys(dimensions, 0) for _ in waves]
    for unit in units:
        shape = unit.shape
        scores_by_wave = shape.projected
        if any(starts[unit.index][p] != shape.start[i] for i, p in enumerate(shape.steps)):
            scores_by_wave = project(dimensions, unit.current, shape.transitions, reached_days(unit, starts, graph))
        spend = unit.spend if unit.spend and unit.spend > 0 else 0.0
        for w in waves:
            scores = scores_by_wave[w]
            per_wave[w].append((unit.name, scores))
            weights, totals, sums, counts = spent[w], weighted[w], plain[w], counted[w]
            for dimension_id, score in scores:
                sums[dimension_id] += score
                counts[dimension_id] += 1
                if spend:
                    totals[dimension_id] += score * spend
                    weights[dimension_id] += spend

    def mean(w: int, dimension_id: str) -> float | None:
        if spent[w][dimension_id] > 0:
            return weighted[w][dimension_id] / spent[w][dimension_id]
        if counted[w][dimension_id]:
            return plain[w][dimension_id] / counted[w][dimension_id]
        return None

    return tuple(ProjectedWave(wave_names[w], tuple(per_wave[w]), tuple((d, mean(w, d)) for d in dimensions))
                 for w in waves)
