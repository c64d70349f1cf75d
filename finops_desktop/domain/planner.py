"""From a workshop's ratings to a roadmap: what to do, for whom, in which order, and why.

For every business unit and dimension the planner takes the gap between the current and
the target stage (no target: the next stage), prices it with the waste assumptions, and
picks the playbook's steps for each transition of the gap. A step some other step depends
on is added even beyond the target (and marked so), and the foundations are brought to
the foundation stage before anything above it. A prerequisite in a dimension that is not
assessed cannot be planned; the item names it with the reason instead of dropping it. The
same step for several business units becomes one item. Items are ordered so that
everything an item depends on comes first, then the foundation steps (the foundations up
to the foundation stage, and what they need), and otherwise by estimated money recovered
per day of effort; they are then placed in waves. Nothing here depends on the order of
dictionaries or on the clock, except the diagnostics' ``today``: the same workshop gives
the same roadmap.
"""

from __future__ import annotations

import heapq
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from datetime import date

from .diagnostics import diagnose, effective_target, join_words
from .model import MaturityModel
from .playbook import PREREQUISITE, STAGE_REASONS, Playbook, Step, playbook_for, step_order
from .roadmap import Gap, Headline, Roadmap, RoadmapItem, UnplannedPrerequisite, Wave
from .workshop import Workshop

WAVES = (Wave("wave1", "0–90 days"), Wave("wave2", "3–6 months"), Wave("wave3", "6–12 months"))
#: Where items go that cannot start within a year (a long chain of stages, or no capacity left).
LATER = Wave("later", "After 12 months")
#: Length of each wave in quarters: a wave's capacity is the quarterly capacity times this.
_WAVE_QUARTERS = (1, 1, 2)


def plan_roadmap(workshop: Workshop, playbook: Playbook | None = None, round_id: int | None = None, *,
                 today: date | None = None, capacity_days_per_quarter: float | None = None,
                 done: Collection[tuple[int, str]] = ()) -> Roadmap:
    """The roadmap for one round of a workshop (default: the latest round).

    ``playbook`` defaults to the one shipped for the workshop's model. ``today`` is the date
    the diagnostics count re-assessments from (default: the computer's date).
    ``capacity_days_per_quarter``, when given, is the effort (in days) the client can put into
    the roadmap each quarter; items then spill into later waves when a wave is full.
    ``done`` holds (business unit id, step id) of steps the client reports done: they are not
    planned again for that unit (see :func:`finops_desktop.domain.progress.done_steps`).
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
    playbook = playbook or playbook_for(model)

    context = _Context.build(workshop, playbook)
    pending: dict[str, _Pending] = {}
    gaps: list[tuple[Gap, float]] = []
    unrated: list[dict[str, str]] = []
    done_here = frozenset(done)
    for bu_index in range(len(workshop.business_units)):
        gaps.extend(_plan_business_unit(context, workshop, bu_index, round_id, pending, unrated, done_here))

    order = step_order(playbook, model)
    floor = model.stage(model.foundation_stage).score
    foundation_ids = {d.id for d in model.foundations}
    foundation_steps = frozenset(step_id for step_id, entry in pending.items()
                                 if entry.step.dimension_id in foundation_ids
                                 and model.stage(entry.step.to_stage).score <= floor)
    # A unit that builds foundations reaches the foundation stage in the first wave; its work
    # above that stage starts in the second wave at the earliest. A unit whose foundations
    # are in place starts such work at once.
    building = {bu_index for step_id in foundation_steps for bu_index in pending[step_id].bu_indexes}
    first_wave = {step_id: 1 if model.stage(entry.step.to_stage).score > floor
                  and not building.isdisjoint(entry.bu_indexes) else 0
                  for step_id, entry in pending.items()}
    ranked, waves, prerequisites = _schedule(list(pending.values()), order, first_wave, foundation_steps,
                                             capacity_days_per_quarter)
    names = [bu.name for bu in workshop.business_units]
    items = tuple(_item(rank, entry, waves[entry.step.id], prerequisites[entry.step.id], names,
                        _unplanned(context, playbook, entry, unrated, names))
                  for rank, entry in enumerate(ranked, start=1))
    used = {wave.id for wave in waves.values()}
    return Roadmap(
        headline=_headline(model, gaps, workshop.info.currency),
        items=items,
        diagnostics=diagnose(workshop, playbook.diagnostics, round_id, today=today),
        waves=WAVES + ((LATER,) if LATER.id in used else ()),
        gaps=tuple(gap for gap, _ in gaps),
        currency=workshop.info.currency,
    )


# Gathering the steps --------------------------------------------------------------------


@dataclass(frozen=True)
class _Context:
    """What the planner looks up for every business unit, computed once per plan."""

    model: MaturityModel
    score: Mapping[str, int]
    stage_at: Mapping[int, str]
    #: Share of spend wasted, by (dimension id, stage score).
    share: Mapping[tuple[str, int], float]
    #: Steps of a transition with their part of its money, by (dimension id, from score).
    steps: Mapping[tuple[str, int], tuple[tuple[Step, float], ...]]
    #: What a transition's steps need first, by (dimension id, from score): dimension -> score.
    needs: Mapping[tuple[str, int], Mapping[str, int]]
    playbook_index: Mapping[str, int]

    @classmethod
    def build(cls, workshop: Workshop, playbook: Playbook) -> _Context:
        model = workshop.model
        score = {s.id: s.score for s in model.stages}
        floor = score[model.foundation_stage]
        foundations = [d.id for d in model.foundations]
        share: dict[tuple[str, int], float] = {}
        steps: dict[tuple[str, int], tuple[tuple[Step, float], ...]] = {}
        needs: dict[tuple[str, int], dict[str, int]] = {}
        for dimension in model.dimensions:
            for stage in model.stages:
                share[(dimension.id, stage.score)] = workshop.waste(dimension.id, stage.id).share
                transition = playbook.steps_from(dimension.id, stage.id)
                total = sum(step.weight for step in transition)
                steps[(dimension.id, stage.score)] = tuple((step, step.weight / total) for step in transition)
                need: dict[str, int] = {}
                for step in transition:
                    wanted = [(playbook.step(p).dimension_id, score[playbook.step(p).to_stage])
                              for p in step.prerequisites]
                    wanted += [(r.dimension_id, score[r.stage_id]) for r in step.requires]
                    if score[step.to_stage] > floor:
                        wanted += [(f, floor) for f in foundations]
                    for dimension_id, at_least in wanted:
                        need[dimension_id] = max(need.get(dimension_id, 0), at_least)
                needs[(dimension.id, stage.score)] = need
        return cls(model, score, {s.score: s.id for s in model.stages}, share, steps, needs,
                   {step.id: index for index, step in enumerate(playbook.steps)})


@dataclass
class _Pending:
    """One playbook step, gathered over the business units that need it."""

    step: Step
    index: int
    bu_indexes: list[int] = field(default_factory=list)
    savings: list[float] = field(default_factory=list)
    #: Share-of-spend points recovered (money as if every unit spent 1): ranks units without spend.
    share_points: float = 0.0
    beyond_target: list[int] = field(default_factory=list)


def _plan_business_unit(context: _Context, workshop: Workshop, bu_index: int, round_id: int,
                        pending: dict[str, _Pending], unrated: list[dict[str, str]],
                        done: frozenset[tuple[int, str]] = frozenset()) -> list[tuple[Gap, float]]:
    """The gaps of one business unit, each with the share-of-spend points it recovers; adds its steps.

    Appends to ``unrated`` the unit's dimensions without a stage, each with why ("not
    assessed" or "not applicable").
    """
    model, score = context.model, context.score
    bu = workshop.business_units[bu_index]
    current: dict[str, int] = {}
    target: dict[str, int] = {}
    missing: dict[str, str] = {}
    for dimension in model.dimensions:
        rating = workshop.rating(bu.id, dimension.id, round_id)
        if rating.current is not None and rating.current in score:
            current[dimension.id] = score[rating.current]
            target[dimension.id] = score[effective_target(model, rating.current, rating.target)]
        else:
            missing[dimension.id] = "not applicable" if rating.not_applicable else "not assessed"
    unrated.append(missing)

    # Raise dimensions that the planned steps depend on until nothing more is needed.
    planned = dict(target)
    changed = True
    while changed:
        changed = False
        for dimension_id, start in current.items():
            for at in range(start, planned[dimension_id]):
                for needed, at_least in context.needs[(dimension_id, at)].items():
                    if needed in planned and planned[needed] < at_least:
                        planned[needed] = at_least
                        changed = True

    spend = max(bu.monthly_spend or 0.0, 0.0)
    gaps: list[tuple[Gap, float]] = []
    for dimension in model.dimensions:
        if dimension.id not in current or planned[dimension.id] <= current[dimension.id]:
            continue
        start = current[dimension.id]
        gap_money = gap_points = 0.0
        for at in range(start, planned[dimension.id]):
            drop = max(0.0, context.share[(dimension.id, at)] - context.share[(dimension.id, at + 1)])
            money = spend * drop
            gap_money += money
            gap_points += drop
            beyond = at + 1 > target[dimension.id]
            for step, part in context.steps[(dimension.id, at)]:
                if (bu.id, step.id) in done:
                    continue
                entry = pending.get(step.id)
                if entry is None:
                    entry = pending[step.id] = _Pending(step, context.playbook_index[step.id])
                entry.bu_indexes.append(bu_index)
                entry.savings.append(money * part)
                entry.share_points += drop * part
                if beyond:
                    entry.beyond_target.append(bu_index)
        gaps.append((Gap(bu.name, dimension.id, context.stage_at[start], context.stage_at[target[dimension.id]],
                         context.stage_at[planned[dimension.id]], gap_money), gap_points))
    return gaps


# Ordering and waves ---------------------------------------------------------------------


_Schedule = tuple[list["_Pending"], dict[str, Wave], dict[str, tuple[str, ...]]]


def _schedule(entries: list[_Pending], order: Mapping[str, Mapping[str, frozenset[str]]],
              first_wave: Mapping[str, int], foundation_steps: frozenset[str], capacity: float | None) -> _Schedule:
    """Items in roadmap order, the wave of each, and the prerequisites each lists.

    An item comes after every item it depends on for a business unit they share. Among the
    items free to go next, the foundation steps (and the items they depend on) go first;
    then the one that recovers most per day of effort, counting for a prerequisite the
    value of what it unlocks. An item shares a wave with the steps it
    lists as prerequisites, but waits for the wave after the steps that bring a stage it
    needs (an earlier transition, a required stage, the foundations), and never starts
    before its ``first_wave``. With a capacity, a full wave passes items on to the next.
    """
    by_id = {entry.step.id: entry for entry in entries}
    units = {entry.step.id: frozenset(entry.bu_indexes) for entry in entries}
    before: dict[str, list[tuple[str, frozenset[str]]]] = {step_id: [] for step_id in by_id}
    after: dict[str, list[str]] = {step_id: [] for step_id in by_id}
    for entry in sorted(entries, key=lambda e: e.index):
        step_id = entry.step.id
        for other, reasons in order[step_id].items():
            if other in by_id and not units[other].isdisjoint(units[step_id]):
                before[step_id].append((other, reasons))
                after[other].append(step_id)

    own = {step_id: _value(entry) for step_id, entry in by_id.items()}
    unlocked: dict[str, tuple[float, float]] = {}

    def value_unlocked(step_id: str) -> tuple[float, float]:
        if step_id not in unlocked:
            unlocked[step_id] = max([own[step_id]] + [value_unlocked(s) for s in after[step_id]])
        return unlocked[step_id]

    builds: dict[str, bool] = {}

    def builds_foundations(step_id: str) -> bool:
        """A foundation step, or a step one depends on."""
        if step_id not in builds:
            builds[step_id] = step_id in foundation_steps or any(builds_foundations(s) for s in after[step_id])
        return builds[step_id]

    def key(step_id: str) -> tuple[tuple[int, float, float, float, float, float, int, int], str]:
        entry = by_id[step_id]
        high, own_value = value_unlocked(step_id), own[step_id]
        return (0 if builds_foundations(step_id) else 1, -high[0], -high[1], -own_value[0], -own_value[1],
                entry.step.effort.midpoint, -len(entry.bu_indexes), entry.index), step_id

    waiting = {step_id: len(before[step_id]) for step_id in by_id}
    ready = [key(step_id) for step_id, count in waiting.items() if count == 0]
    heapq.heapify(ready)
    topological: list[str] = []
    while ready:
        step_id = heapq.heappop(ready)[1]
        topological.append(step_id)
        for follower in after[step_id]:
            waiting[follower] -= 1
            if waiting[follower] == 0:
                heapq.heappush(ready, key(follower))
    assert len(topological) == len(by_id), "the playbook's step order has a cycle"

    slots = list(WAVES) + [LATER]
    limits = [None if capacity is None else capacity * quarters for quarters in _WAVE_QUARTERS]
    used = [0.0] * len(WAVES)
    wave_of: dict[str, int] = {}
    for step_id in topological:
        earliest = max([first_wave[step_id]] + [wave_of[other] + (1 if reasons & STAGE_REASONS else 0)
                                                 for other, reasons in before[step_id]])
        effort = by_id[step_id].step.effort.midpoint
        chosen = len(WAVES)
        for index in range(earliest, len(WAVES)):
            limit = limits[index]
            if limit is None or used[index] == 0 or used[index] + effort <= limit:
                chosen = index
                break
        if chosen < len(WAVES):
            used[chosen] += effort
        wave_of[step_id] = chosen
    position = {step_id: index for index, step_id in enumerate(topological)}
    ranked = sorted(topological, key=lambda s: (wave_of[s], position[s]))
    listed = {step_id: tuple(p for p in by_id[step_id].step.prerequisites
                             if any(other == p and PREREQUISITE in reasons for other, reasons in before[step_id]))
              for step_id in ranked}
    return [by_id[s] for s in ranked], {s: slots[wave_of[s]] for s in ranked}, listed


def _value(entry: _Pending) -> tuple[float, float]:
    """Money and share of spend recovered per day of effort."""
    days = max(entry.step.effort.midpoint, 0.5)
    return sum(entry.savings) / days, entry.share_points / days


def _unplanned(context: _Context, playbook: Playbook, entry: _Pending, unrated: list[dict[str, str]],
               names: list[str]) -> tuple[UnplannedPrerequisite, ...]:
    """The item's prerequisites that cannot be planned for some of its units, and why.

    A prerequisite in a dimension the unit has a stage for is either done or planned (the
    planner raises the dimension for it); one in a dimension without a stage is neither.
    """
    found: list[UnplannedPrerequisite] = []
    for prerequisite_id in entry.step.prerequisites:
        prerequisite = playbook.step(prerequisite_id)
        dimension_id = prerequisite.dimension_id
        by_reason: dict[str, list[str]] = {}
        for bu_index in entry.bu_indexes:
            why = unrated[bu_index].get(dimension_id)
            if why is not None:
                by_reason.setdefault(why, []).append(names[bu_index])
        if not by_reason:
            continue
        name = context.model.dimension(dimension_id).name
        reason = name + " " + "; ".join(f"{why} for {join_words(units)}" for why, units in sorted(by_reason.items()))
        found.append(UnplannedPrerequisite(prerequisite_id, prerequisite.title, reason))
    return tuple(found)


def _item(rank: int, entry: _Pending, wave: Wave, prerequisites: tuple[str, ...], names: list[str],
          unplanned: tuple[UnplannedPrerequisite, ...] = ()) -> RoadmapItem:
    step = entry.step
    units = tuple(names[i] for i in entry.bu_indexes)
    return RoadmapItem(
        rank=rank,
        step_id=step.id,
        title=step.title,
        description=step.description,
        dimension_id=step.dimension_id,
        from_stage=step.from_stage,
        to_stage=step.to_stage,
        business_units=units,
        wave=wave.name,
        owner_role=step.owner_role,
        effort=step.effort.id,
        effort_days=step.effort.days,
        monthly_savings=sum(entry.savings),
        kpi=step.kpi,
        kpi_target=step.kpi_target,
        prerequisites=prerequisites,
        savings_by_business_unit=tuple(zip(units, entry.savings, strict=True)),
        beyond_target=tuple(names[i] for i in entry.beyond_target),
        unplanned_prerequisites=unplanned,
    )


# The headline ---------------------------------------------------------------------------


def _headline(model: MaturityModel, gaps: list[tuple[Gap, float]], currency: str) -> Headline | None:
    """The dimension whose gaps waste the most money across the organisation.

    Without any spend recorded, the gaps still differ in the share of spend they waste:
    that names the dimension, with no money on it.
    """
    if not gaps:
        return None
    money: dict[str, float] = {}
    points: dict[str, float] = {}
    for gap, gap_points in gaps:
        money[gap.dimension_id] = money.get(gap.dimension_id, 0.0) + gap.monthly_waste
        points[gap.dimension_id] = points.get(gap.dimension_id, 0.0) + gap_points
    position = {d.id: i for i, d in enumerate(model.dimensions)}
    ranked = sorted(money, key=lambda d: (-money[d], -points[d], position[d]))
    best = ranked[0]
    name = model.dimension(best).name
    at = [g for g, _ in gaps if g.dimension_id == best]
    counts: dict[str, int] = {}
    for gap in at:
        counts[gap.current] = counts.get(gap.current, 0) + 1
    where = join_words([f"{n} at {model.stage(s).name}" for s, n in
                        sorted(counts.items(), key=lambda c: model.stage(c[0]).score)])
    units = f"{len(at)} business unit{'s' if len(at) != 1 else ''}"
    runner_up = ranked[1] if len(ranked) > 1 else None
    if money[best] > 0:
        tied = runner_up is not None and money[runner_up] == money[best]
        reason = (f"Closing the gaps in {name} recovers an estimated {_money(money[best], currency)} a month "
                  f"across {units} ({where}), "
                  + (f"as much as {model.dimension(runner_up).name}; {name} comes first in the model."
                     if tied and runner_up else "more than any other dimension."))
        if runner_up is not None and not tied and money[runner_up] > 0:
            reason += (f" Next is {model.dimension(runner_up).name} with "
                       f"{_money(money[runner_up], currency)} a month.")
    else:
        reason = (f"No money can be put on these gaps, as no monthly spend is recorded for the business units "
                  f"concerned; {name} has the largest gaps in share of spend wasted, across {units} ({where}).")
    return Headline(best, money[best], reason)


def _money(amount: float, currency: str) -> str:
    return f"{currency} {amount:,.0f}".strip()


__all__ = ["LATER", "WAVES", "plan_roadmap"]
