"""From a workshop's ratings to a roadmap: what to do, for whom, in which order, and why.

For every business unit and dimension the planner takes the gap between the current and the
target stage (no target: the suggested next stage, unless the workshop turns suggestions
off) and prices it from the value pools (:mod:`.value_pools`): money sits on the gap, and a
step shows what it unlocks. Each unit's steps are placed in time by its own foundations and
prerequisites (:mod:`.waves`); the same step for several units becomes one row per wave.
Steps are ordered so that everything a step depends on comes first, the headline's steps
first among those free to go, then by what they unlock per day of effort. With a capacity,
a full wave passes steps on to the next. Effort is counted once for a central step and per
unit (scaled by its size band) otherwise; a day rate gives each wave's cost and the payback.
Nothing here depends on the order of dictionaries or on the clock, except the diagnostics'
``today``: the same workshop gives the same roadmap.
"""

from __future__ import annotations

import heapq
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from datetime import date

from .collector import collector_paused
from .diagnostics import diagnose
from .headline import choose_headline
from .model import MaturityModel
from .planner_money import money_by_wave, payback, projected
from .planner_rows import roadmap_items
from .playbook import CENTRAL, Playbook, playbook_for
from .roadmap import Gap, Roadmap, Wave
from .value_pools import EVIDENCE, INDICATOR, MeasuredValues, PoolPricing
from .waves import SHAPES_KEPT, WAVE_STARTS, YEAR, PlaybookGraph, UnitShape, shape_unit, wave_of_day
from .workshop import Rating, Workshop

WAVES = (Wave("wave1", "0–90 days"), Wave("wave2", "3–6 months"), Wave("wave3", "6–12 months"))
#: Where items go that cannot start within a year (a long chain of stages, or no capacity left).
LATER = Wave("later", "After 12 months")
#: Length of each wave in quarters: a wave's capacity is the quarterly capacity times this.
_WAVE_QUARTERS = (1, 1, 2)
_SLOTS = WAVES + (LATER,)
_NO_RATING = Rating()


@collector_paused()
def plan_roadmap(workshop: Workshop, playbook: Playbook | None = None, round_id: int | None = None, *,
                 today: date | None = None, capacity_days_per_quarter: float | None = None,
                 suggest_targets: bool | None = None, day_rate: float | None = None,
                 measured: MeasuredValues | None = None, done: Collection[tuple[int, str]] = ()) -> Roadmap:
    """The roadmap for one round of a workshop (default: the latest round).

    ``playbook`` defaults to the one shipped for the workshop's model. ``today`` is the date
    the diagnostics count re-assessments from (default: the computer's date).
    ``capacity_days_per_quarter``, when given, is the effort (in days) the client can put into
    the roadmap each quarter; steps then spill into later waves when a wave is full.
    ``suggest_targets``: an unset target is the suggested next stage; when off, it means no
    move. ``day_rate`` prices the effort. Both default to the workshop's settings (``None``).
    ``measured`` holds indicator
    values measured from billing data, by (business unit id, indicator id); they replace the
    values typed in the room and the stages' figures. ``done`` holds (business unit id, step id)
    of steps the client reports done: they are not planned again for that unit (see
    :func:`finops_desktop.domain.progress.done_steps`).
    """
    model = workshop.model
    if not workshop.rounds:
        raise ValueError("the workshop has no assessment round")
    if round_id is None:
        round_id = workshop.active_round.id
    elif not any(r.id == round_id for r in workshop.rounds):
        raise ValueError(f"the workshop has no assessment round {round_id}")
    if capacity_days_per_quarter is not None and not capacity_days_per_quarter > 0:
        raise ValueError("the capacity per quarter must be above 0 days")
    if suggest_targets is None:
        suggest_targets = workshop.settings.suggest_targets
    if day_rate is None:
        day_rate = workshop.settings.day_rate
    if day_rate is not None and not 0 <= day_rate < float("inf"):
        raise ValueError("the day rate must be 0 or more")
    playbook = playbook or playbook_for(model)
    graph = _graph(playbook, model)
    units = _plan_units(workshop, playbook, graph, round_id, suggest_targets, measured or {})

    ranking = _Ranking(graph, playbook, units)
    headline = choose_headline(model, graph, units, workshop.info.currency)
    headline_dimension = headline.dimension_id if headline else None
    order = ranking.order(headline_dimension)
    starts = _schedule(graph, units, ranking, headline_dimension, playbook, capacity_days_per_quarter)
    index_of = {bu.id: index for index, bu in enumerate(workshop.business_units)}
    done_at = frozenset((index_of[bu_id], step_id) for bu_id, step_id in done if bu_id in index_of)
    items = roadmap_items(model, graph, playbook, units, order, starts, done_at, [w.name for w in _SLOTS])
    gaps = tuple(gap for unit in units for gap in unit.gaps)
    money = money_by_wave(units, starts, graph, items, [w.name for w in _SLOTS], day_rate)
    return Roadmap(
        headline=headline,
        items=items,
        diagnostics=diagnose(workshop, playbook.diagnostics, round_id, today=today),
        waves=WAVES + ((LATER,) if any(item.wave == LATER.name for item in items) else ()),
        gaps=gaps,
        currency=workshop.info.currency,
        projected=projected(model, units, starts, graph, [w.name for w in WAVES]),
        money_by_wave=money,
        payback_months=payback(units, items, day_rate),
        day_rate=day_rate,
    )


_GRAPHS: dict[int, tuple[Playbook, MaturityModel, PlaybookGraph]] = {}


def _graph(playbook: Playbook, model: MaturityModel) -> PlaybookGraph:
    cached = _GRAPHS.get(id(playbook))
    if cached is None or cached[0] is not playbook or cached[1] is not model:
        cached = _GRAPHS[id(playbook)] = (playbook, model, PlaybookGraph.build(playbook, model))
    return cached[2]


# One business unit ----------------------------------------------------------------------


@dataclass
class PlannedUnit:
    """One business unit: its stages, its shape (steps and days), and what its gaps are worth."""

    index: int
    name: str
    spend: float | None
    current: Mapping[str, int]
    target: Mapping[str, int]
    shape: UnitShape
    #: Where each dimension's money came from: assumption | indicator | evidence.
    sources: Mapping[str, str]
    #: Why a dimension has no stage: "not assessed" or "not applicable".
    missing: Mapping[str, str]
    gaps: list[Gap] = field(default_factory=list)
    #: Money and share of spend per transition of ``shape.transitions``.
    money: tuple[float, ...] = ()
    points: tuple[float, ...] = ()
    #: Per-unit effort is scaled by this (the unit's size band).
    factor: float = 1.0


def _plan_units(workshop: Workshop, playbook: Playbook, graph: PlaybookGraph, round_id: int, suggest: bool,
                measured: MeasuredValues) -> list[PlannedUnit]:
    model = workshop.model
    score = {s.id: s.score for s in model.stages}
    stage_at = {s.score: s.id for s in model.stages}
    dimensions = [d.id for d in model.dimensions]
    pricing = PoolPricing(workshop)
    indicators = dict(pricing.indicators())
    shapes = graph.shapes
    if len(shapes) > SHAPES_KEPT:
        shapes.clear()
        graph.prices.clear()
    figures = tuple(sorted((key, figure.share) for key, figure in workshop.waste_overrides.items()))
    prices = graph.prices.setdefault(figures, {})
    units: list[PlannedUnit] = []
    top = max(score.values())
    ratings = workshop.ratings
    for index, bu in enumerate(workshop.business_units):
        current: dict[str, int] = {}
        target: dict[str, int] = {}
        suggested: set[str] = set()
        missing: dict[str, str] = {}
        known: dict[str, tuple[float, str]] = {}
        for dimension_id in dimensions:
            rating = ratings.get((round_id, bu.id, dimension_id), _NO_RATING)
            if rating.current is not None and rating.current in score:
                # The target, or the suggested next stage when none is set (diagnostics.effective_target).
                now = current[dimension_id] = score[rating.current]
                if rating.target is None:
                    target[dimension_id] = min(now + 1, top) if suggest else now
                    if suggest and now < top:
                        suggested.add(dimension_id)
                else:
                    target[dimension_id] = max(now, score.get(rating.target, now))
                indicator = indicators.get(dimension_id)
                if indicator:
                    found = measured.get((bu.id, indicator))
                    if found is not None:
                        known[dimension_id] = (found, EVIDENCE)
                    elif (typed := rating.indicator(indicator)) is not None:
                        known[dimension_id] = (typed, INDICATOR)
            else:
                missing[dimension_id] = "not applicable" if rating.not_applicable else "not assessed"
        key = tuple((current.get(d), target.get(d)) for d in dimensions)
        shape = shapes.get(key)
        if shape is None:
            shape = shapes[key] = shape_unit(graph, dimensions, current, target)
        spend = max(bu.monthly_spend or 0.0, 0.0)
        # Money is spend times the share of spend recovered, which depends only on the stages
        # and the figures: worked out once for units with the same ones, unless a value is known.
        priced = None if known else prices.get(key)
        if priced is None:
            value = pricing.price(1.0, current, shape.planned, known)
            priced = (tuple(value.transitions[t][1] for t in shape.transitions), value.sources)
            if not known:
                prices[key] = priced
        points, sources = priced
        unit = PlannedUnit(index, bu.name, bu.monthly_spend, current, target, shape, sources, missing,
                           factor=playbook.size_band(bu.monthly_spend).factor)
        unit.points = points
        unit.money = tuple(spend * p for p in points)
        by_dimension: dict[str, float] = {}
        for t, (dimension_id, _) in enumerate(shape.transitions):
            by_dimension[dimension_id] = by_dimension.get(dimension_id, 0.0) + unit.money[t]
        for dimension_id in dimensions:
            if dimension_id in by_dimension:
                unit.gaps.append(Gap(bu.name, dimension_id, stage_at[current[dimension_id]],
                                     stage_at[target[dimension_id]], stage_at[shape.planned[dimension_id]],
                                     by_dimension[dimension_id], sources.get(dimension_id, "assumption"),
                                     dimension_id in suggested))
        units.append(unit)
    return units


# Ranking --------------------------------------------------------------------------------


class _Ranking:
    """What each step unlocks per day of effort, added up over the units that need it."""

    def __init__(self, graph: PlaybookGraph, playbook: Playbook, units: list[PlannedUnit]) -> None:
        self.graph = graph
        self.file_index = {s.id: i for i, s in enumerate(playbook.steps)}
        count = len(graph.steps)
        self.money = [0.0] * count
        self.points = [0.0] * count
        self.used = [False] * count
        self.units = [0] * count
        by_shape: dict[int, tuple[UnitShape, list[float], list[float], list[int]]] = {}
        for unit in units:
            shape = unit.shape
            entry = by_shape.get(id(shape))
            if entry is None:
                size = len(shape.transitions)
                entry = by_shape[id(shape)] = (shape, [0.0] * size, [0.0] * size, [0])
            money, points = entry[1], entry[2]
            for t, amount in enumerate(unit.money):
                money[t] += amount
                points[t] += unit.points[t]
            entry[3][0] += 1
        for shape, money, points, (how_many,) in by_shape.values():
            days = [max(graph.transition_days[t], 0.5) for t in shape.transitions]
            for i, position in enumerate(shape.steps):
                self.used[position] = True
                self.units[position] += how_many
                for t in shape.unlocks[i]:
                    self.money[position] += money[t] / days[t]
                    self.points[position] += points[t] / days[t]

    def key(self, p: int, first: bool, headline_dimension: str | None) -> tuple[int, int, float, float, float, int,
                                                                                 int]:
        """Headline's steps (and what they need) first, its own dimension before the rest, then value per day."""
        step = self.graph.steps[p]
        return (0 if first else 1, 0 if step.dimension_id == headline_dimension else 1, -self.money[p],
                -self.points[p], step.effort.midpoint, -self.units[p], self.file_index[step.id])

    def order(self, headline_dimension: str | None) -> list[int]:
        """Step positions in roadmap order: dependencies first, the headline's steps first when free."""
        graph = self.graph
        used = [p for p, flag in enumerate(self.used) if flag]
        used_set = set(used)
        # The playbook's order among the steps planned (each unit's own order is part of it).
        before = {p: [o for o, _ in graph.before[p] if o in used_set] for p in used}
        after: dict[int, list[int]] = {p: [] for p in used}
        for p in used:
            for o in before[p]:
                after[o].append(p)
        # The headline's steps and everything they need go first.
        first: set[int] = set()
        stack = [p for p in used if graph.dimension[p] == headline_dimension]
        while stack:
            p = stack.pop()
            if p not in first:
                first.add(p)
                stack.extend(before[p])

        def key(p: int) -> tuple[int, int, float, float, float, int, int]:
            return self.key(p, p in first, headline_dimension)

        waiting = {p: len(before[p]) for p in used}
        ready = [(key(p), p) for p in used if waiting[p] == 0]
        heapq.heapify(ready)
        ordered: list[int] = []
        while ready:
            p = heapq.heappop(ready)[1]
            ordered.append(p)
            for follower in after[p]:
                waiting[follower] -= 1
                if waiting[follower] == 0:
                    heapq.heappush(ready, (key(follower), follower))
        assert len(ordered) == len(used), "the playbook's step order has a cycle"
        return ordered


# Placing steps in time ------------------------------------------------------------------

#: Start day of each step for each unit, by unit index: position -> day.
Starts = list[dict[int, int]]


def _schedule(graph: PlaybookGraph, units: list[PlannedUnit], ranking: _Ranking, headline_dimension: str | None,
              playbook: Playbook, capacity: float | None) -> Starts:
    """The day each unit starts each of its steps; with a capacity, full waves pass steps on.

    With a capacity, (unit, step) pairs are placed one at a time, each once the unit's steps it
    waits for are placed: the headline's steps first among those free to go (and what they
    need), then by what the step unlocks per day of effort.
    """
    if capacity is None:
        return [dict(zip(unit.shape.steps, unit.shape.start, strict=True)) for unit in units]
    limits = [capacity * quarters for quarters in _WAVE_QUARTERS]
    used = [0.0] * len(WAVES)
    central_in: set[tuple[int, int]] = set()
    starts: Starts = [{} for _ in units]
    ready: list[tuple[tuple[int, int, float, float, float, int, int], int, int]] = []
    unit_first: list[set[int]] = []
    waiting: list[dict[int, int]] = []
    followers: list[dict[int, list[int]]] = []
    for unit in units:
        mine = unit.shape.step_set
        count: dict[int, int] = {}
        after: dict[int, list[int]] = {p: [] for p in unit.shape.steps}
        for position in unit.shape.steps:
            count[position] = 0
            for other, _ in graph.before[position]:
                if other in mine:
                    count[position] += 1
                    after[other].append(position)
        first: set[int] = set()
        stack = [p for p in unit.shape.steps if graph.dimension[p] == headline_dimension]
        while stack:
            position = stack.pop()
            if position not in first:
                first.add(position)
                stack.extend(o for o, _ in graph.before[position] if o in mine)
        waiting.append(count)
        followers.append(after)
        for position in unit.shape.steps:
            if count[position] == 0:
                heapq.heappush(ready, (ranking.key(position, position in first, headline_dimension), unit.index,
                                       position))
        unit_first.append(first)
    factors = [unit.factor for unit in units]
    while ready:
        _, u, position = heapq.heappop(ready)
        step = graph.steps[position]
        mine_starts = starts[u]
        day = 0
        for other, needs_stage in graph.before[position]:
            if other in mine_starts:
                day = max(day, mine_starts[other] + (graph.lead[other] if needs_stage else 0))
        wave = wave_of_day(day)
        while wave < len(WAVES):
            if step.scope == CENTRAL:
                effort = 0.0 if (position, wave) in central_in else step.effort.midpoint
            else:
                effort = step.effort.midpoint * factors[u]
            if used[wave] == 0 or used[wave] + effort <= limits[wave]:
                used[wave] += effort
                if step.scope == CENTRAL:
                    central_in.add((position, wave))
                break
            wave += 1
        mine_starts[position] = max(day, WAVE_STARTS[wave]) if wave < len(WAVES) else max(day, YEAR)
        for follower in followers[u][position]:
            waiting[u][follower] -= 1
            if waiting[u][follower] == 0:
                heapq.heappush(ready, (ranking.key(follower, follower in unit_first[u], headline_dimension), u,
                                       follower))
    return starts


__all__ = ["LATER", "WAVES", "PlannedUnit", "plan_roadmap"]
