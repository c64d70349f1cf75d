"""Which steps each business unit needs, in which order, and on which day each can start.

Every unit is planned on its own: its steps are placed by its own foundations and
prerequisites, so no unit's step waits because another unit is less mature. A step may start
once the steps it lists as prerequisites have started (they share a wave); it waits for a
*stage* (an earlier transition of its dimension, a required stage, the foundations) until that
stage is reached: the day the stage's last step started plus that step's lead time, the
calendar days until its KPI can show. A prerequisite step in a dimension not planned that
far is pulled in on its own, not with the rest of its transition.

Units with the same ratings and targets need the same steps on the same days, so that
structure is worked out once per distinct unit (:class:`UnitShape`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import field

from .model import MaturityModel
from .playbook import STAGE_REASONS, Playbook, Step, step_order
from .record import record

#: First day of each wave, and the day after the plan's year: 0–90 days, 3–6 months, 6–12 months.
WAVE_STARTS = (0, 90, 180)
YEAR = 365
WAVE_ENDS = (90, 180, YEAR)
#: At most this many distinct units' shapes are kept between plans.
SHAPES_KEPT = 50_000


def wave_of_day(day: int) -> int:
    """0, 1, 2 for the three waves; 3 for after twelve months."""
    for index in range(len(WAVE_STARTS) - 1, -1, -1):
        if day >= WAVE_STARTS[index]:
            return index if day < YEAR else len(WAVE_STARTS)
    return 0


@record
class PlaybookGraph:
    """The playbook's steps in one order that keeps every dependency, with what each step needs."""

    steps: tuple[Step, ...]
    index: Mapping[str, int]
    #: For each step position: (position of an earlier step, True when the stage must be reached).
    before: tuple[tuple[tuple[int, bool], ...], ...]
    #: Written prerequisites, as positions.
    prerequisites: tuple[tuple[int, ...], ...]
    #: For each step: the stages it waits for, (dimension id, score): its own dimension's from
    #: stage, the stages it requires, the foundations when it leads above the foundation stage.
    needs: tuple[tuple[tuple[str, int], ...], ...]
    #: Steps of a transition, by (dimension id, from score), as positions.
    transition_steps: Mapping[tuple[str, int], tuple[int, ...]]
    #: What a transition's steps wait for, merged: (dimension id, score).
    transition_needs: Mapping[tuple[str, int], tuple[tuple[str, int], ...]]
    #: Written prerequisites of a transition's steps that belong to another transition.
    transition_outside: Mapping[tuple[str, int], tuple[int, ...]]
    #: Days of work (effort midpoints) of a transition's steps.
    transition_days: Mapping[tuple[str, int], float]
    dimension: tuple[str, ...]
    from_score: tuple[int, ...]
    to_score: tuple[int, ...]
    lead: tuple[int, ...]
    #: Shapes already worked out, by the units' (current, target) scores per dimension: re-planning
    #: after an edit works out only the edited unit again. Bounded by :data:`SHAPES_KEPT`.
    shapes: dict[tuple[tuple[int | None, int | None], ...], UnitShape] = field(
        default_factory=dict, compare=False, repr=False)
    #: Share of spend recovered per transition, and the sources, by the workshop's edited figures and then
    #: the same key as ``shapes``.
    prices: dict[tuple[tuple[tuple[str, str], float], ...],
                 dict[tuple[tuple[int | None, int | None], ...],
                      tuple[tuple[float, ...], Mapping[str, str]]]] = field(
        default_factory=dict, compare=False, repr=False)

    @classmethod
    def build(cls, playbook: Playbook, model: MaturityModel) -> PlaybookGraph:
        order = step_order(playbook, model)
        score = {s.id: s.score for s in model.stages}
        floor = score[model.foundation_stage]
        foundations = [d.id for d in model.foundations]
        # A fixed topological order: among the steps free to go, the one earliest in the file.
        by_id = {s.id: s for s in playbook.steps}
        file_index = {s.id: i for i, s in enumerate(playbook.steps)}
        waiting = {s.id: len(order[s.id]) for s in playbook.steps}
        followers: dict[str, list[str]] = {s.id: [] for s in playbook.steps}
        for step in playbook.steps:
            for other in order[step.id]:
                followers[other].append(step.id)
        ready = sorted((file_index[s], s) for s, n in waiting.items() if n == 0)
        ordered: list[str] = []
        while ready:
            _, step_id = ready.pop(0)
            ordered.append(step_id)
            for follower in followers[step_id]:
                waiting[follower] -= 1
                if waiting[follower] == 0:
                    ready.append((file_index[follower], follower))
                    ready.sort()
        steps = tuple(by_id[s] for s in ordered)
        index = {s.id: i for i, s in enumerate(steps)}
        before = tuple(tuple(sorted((index[o], bool(reasons & STAGE_REASONS)) for o, reasons in order[s.id].items()))
                       for s in steps)
        needs: list[tuple[tuple[str, int], ...]] = []
        for step in steps:
            wanted = [(step.dimension_id, score[step.from_stage])]
            wanted += [(r.dimension_id, score[r.stage_id]) for r in step.requires]
            if score[step.to_stage] > floor:
                wanted += [(f, floor) for f in foundations if f != step.dimension_id]
            needs.append(tuple(dict.fromkeys(wanted)))
        transitions: dict[tuple[str, int], list[int]] = {}
        for position, step in enumerate(steps):
            transitions.setdefault((step.dimension_id, score[step.from_stage]), []).append(position)
        prerequisites = tuple(tuple(index[p] for p in s.prerequisites) for s in steps)
        transition_needs = {}
        outside = {}
        for key, members in transitions.items():
            merged: dict[str, int] = {}
            for position in members:
                for dimension_id, at_least in needs[position]:
                    merged[dimension_id] = max(merged.get(dimension_id, 0), at_least)
            transition_needs[key] = tuple(merged.items())
            outside[key] = tuple(sorted({p for m in members for p in prerequisites[m] if p not in members}))
        return cls(steps, index, before, prerequisites, tuple(needs), {k: tuple(v) for k, v in transitions.items()},
                   transition_needs, outside,
                   {k: sum(steps[p].effort.midpoint for p in v) for k, v in transitions.items()},
                   tuple(s.dimension_id for s in steps), tuple(score[s.from_stage] for s in steps),
                   tuple(score[s.to_stage] for s in steps), tuple(s.lead_days for s in steps))


@record
class UnitShape:
    """What one combination of ratings and targets needs: planned stages, steps, days, what each unlocks."""

    planned: Mapping[str, int]
    #: Step positions in graph order.
    steps: tuple[int, ...]
    #: The transitions the plan closes, (dimension id, from score), in model order.
    transitions: tuple[tuple[str, int], ...]
    #: For each of ``steps``: indexes into ``transitions`` that the step is needed for.
    unlocks: tuple[tuple[int, ...], ...]
    #: For each of ``steps``: how many steps the transitions it unlocks have in all.
    shared_by: tuple[int, ...]
    #: For each of ``steps``: the earliest start day (no capacity limit).
    start: tuple[int, ...]
    #: For each transition: the day its stage is reached.
    reached: tuple[int, ...]
    #: Prerequisite steps whose dimension has no stage for the unit (cannot be planned), as positions.
    unplannable: tuple[int, ...]
    #: For each of ``steps``: the index of its own transition in ``transitions`` (None: pulled in alone).
    own: tuple[int | None, ...]
    #: For each of ``steps``: True when the unit's target does not reach it.
    beyond: tuple[bool, ...]
    step_set: frozenset[int]
    #: For each of ``steps``: the transitions it unlocks as bits, dimension index x 8 + from score.
    unlock_bits: tuple[int, ...] = ()
    #: Per wave: (dimension id, score) once the wave's stages are reached, rated dimensions only.
    projected: tuple[tuple[tuple[str, int], ...], ...] = ()
    #: (dimension id, day its first own step can start), for dimensions with a transition.
    first_start: tuple[tuple[str, int], ...] = ()
    #: What holds back a dimension whose first steps cannot start in the first wave:
    #: (dimension id, (score, dimension id, stage score) of each stage waited for).
    held_back: tuple[tuple[str, tuple[tuple[int, str], ...]], ...] = ()


def shape_unit(graph: PlaybookGraph, model_dimensions: Sequence[str], current: Mapping[str, int],
               target: Mapping[str, int]) -> UnitShape:
    """Plan one unit: raise dimensions its steps depend on, pull in prerequisite steps, place them in time."""
    planned = dict(target)
    pulled: set[int] = set()
    unplannable: set[int] = set()
    changed = True
    while changed:
        changed = False
        for dimension_id, lowest in current.items():
            for at in range(lowest, planned[dimension_id]):
                for needed, at_least in graph.transition_needs[(dimension_id, at)]:
                    if needed in planned and planned[needed] < at_least:
                        planned[needed] = at_least
                        changed = True
        # Written prerequisites outside the planned transitions come in on their own.
        stack = [p for d, lowest in current.items() for at in range(lowest, planned[d])
                 for p in graph.transition_outside[(d, at)]]
        stack += [p for q in pulled for p in graph.prerequisites[q]]
        while stack:
            position = stack.pop()
            dimension_id = graph.dimension[position]
            if dimension_id not in current:
                unplannable.add(position)
                continue
            if current[dimension_id] >= graph.to_score[position] or position in pulled \
                    or current[dimension_id] <= graph.from_score[position] < planned[dimension_id]:
                continue
            pulled.add(position)
            stack.extend(graph.prerequisites[position])
            for needed, at_least in graph.needs[position]:
                if needed in planned and planned[needed] < at_least:
                    planned[needed] = at_least
                    changed = True
    transitions = tuple((d, at) for d in model_dimensions if d in current for at in range(current[d], planned[d]))
    transition_index = {t: i for i, t in enumerate(transitions)}
    chosen = set(pulled)
    for transition in transitions:
        chosen.update(graph.transition_steps[transition])
    steps = tuple(sorted(chosen))
    own = tuple(transition_index.get((graph.dimension[p], graph.from_score[p])) for p in steps)

    # Start days, in graph order: every step waited for comes earlier.
    reach = [0] * len(transitions)
    started: dict[int, int] = {}
    waits: list[tuple[int, ...]] = []
    # Many steps wait for the same stages (the foundations, above all): look each set up once.
    wanted: dict[tuple[tuple[str, int], ...], tuple[int, ...]] = {}
    for i, position in enumerate(steps):
        needs = graph.needs[position]
        waited = wanted.get(needs)
        if waited is None:
            indexes: list[int] = []
            for dimension_id, at_least in needs:
                first = current.get(dimension_id)
                if first is not None:
                    indexes.extend(transition_index[(dimension_id, at)]
                                   for at in range(first, min(at_least, planned[dimension_id])))
            waited = wanted[needs] = tuple(indexes)
        day = 0
        for t in waited:
            if reach[t] > day:
                day = reach[t]
        for prerequisite in graph.prerequisites[position]:
            if prerequisite in started and started[prerequisite] > day:
                day = started[prerequisite]
        started[position] = day
        waits.append(waited)
        mine = own[i]
        if mine is not None and day + graph.lead[position] > reach[mine]:
            reach[mine] = day + graph.lead[position]

    # What each step unlocks: its own transition, what waits for that transition's stage, and
    # what its dependants unlock (bit masks over ``transitions``), worked out from the end.
    position_of = {p: i for i, p in enumerate(steps)}
    dependants: list[list[int]] = [[] for _ in steps]
    for i, position in enumerate(steps):
        for prerequisite in graph.prerequisites[position]:
            j = position_of.get(prerequisite)
            if j is not None:
                dependants[j].append(i)
    transition_mask = [1 << t for t in range(len(transitions))]
    masks = [0] * len(steps)
    for i in range(len(steps) - 1, -1, -1):
        mask = 0 if own[i] is None else transition_mask[own[i]]  # type: ignore[index]
        for j in dependants[i]:
            mask |= masks[j]
        masks[i] = mask
        for t in waits[i]:
            transition_mask[t] |= mask
    counts = [len(graph.transition_steps[transition]) for transition in transitions]
    unlocks = tuple(_bits(mask) for mask in masks)
    shared = tuple(sum(counts[t] for t in bits) for bits in unlocks)
    beyond = tuple(t is None or transitions[t][1] + 1 > target[transitions[t][0]] for t in own)
    dimension_bit = {d: i * 8 for i, d in enumerate(model_dimensions)}
    transition_bits = [1 << (dimension_bit[d] + at) for d, at in transitions]
    unlock_bits = []
    for bits in unlocks:
        mask = 0
        for t in bits:
            mask |= transition_bits[t]
        unlock_bits.append(mask)
    earliest: dict[str, int] = {}
    for i, position in enumerate(steps):
        if own[i] is not None:
            dimension_id = graph.dimension[position]
            day = started[position]
            if dimension_id not in earliest or day < earliest[dimension_id]:
                earliest[dimension_id] = day
    held: list[tuple[str, tuple[tuple[int, str], ...]]] = []
    for dimension_id, day in earliest.items():
        if day < WAVE_STARTS[1]:
            continue
        found: set[tuple[int, str]] = set()
        for i, position in enumerate(steps):
            if own[i] is None or graph.dimension[position] != dimension_id or started[position] != day:
                continue
            for other, needs_stage in graph.before[position]:
                if needs_stage and other in started and started[other] + graph.lead[other] == day \
                        and graph.dimension[other] != dimension_id:
                    found.add((graph.to_score[other], graph.dimension[other]))
        held.append((dimension_id, tuple(sorted(found))))
    return UnitShape(planned, steps, transitions, unlocks, shared, tuple(started[p] for p in steps), tuple(reach),
                     tuple(sorted(unplannable)), own, beyond, frozenset(steps), tuple(unlock_bits),
                     project(model_dimensions, current, transitions, reach), tuple(earliest.items()), tuple(held))


def project(model_dimensions: Sequence[str], current: Mapping[str, int], transitions: Sequence[tuple[str, int]],
            reached: Sequence[int]) -> tuple[tuple[tuple[str, int], ...], ...]:
    """Per wave, each rated dimension's score once the stages reached by the wave's end count.

    A dimension's transitions are reached in order, so counting them gives the stage.
    """
    first, second, third = WAVE_ENDS
    rises = [dict(current), dict(current), dict(current)]
    for (dimension_id, _), day in zip(transitions, reached, strict=True):
        if day <= first:
            rises[0][dimension_id] += 1
        if day <= second:
            rises[1][dimension_id] += 1
        if day <= third:
            rises[2][dimension_id] += 1
    return tuple(tuple((d, scores[d]) for d in model_dimensions if d in scores) for scores in rises)


_BITS: dict[int, tuple[int, ...]] = {}


def _bits(mask: int) -> tuple[int, ...]:
    found = _BITS.get(mask)
    if found is None:
        found = _BITS[mask] = tuple(i for i in range(mask.bit_length()) if mask >> i & 1)
    return found


__all__ = ["WAVE_ENDS", "WAVE_STARTS", "YEAR", "PlaybookGraph", "UnitShape", "shape_unit", "wave_of_day"]
