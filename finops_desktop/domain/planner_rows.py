"""The roadmap's rows: one per step and wave, with the units that start the step in that wave.

A row adds up what the step unlocks for each of its units (the money sits on the gaps, see
:mod:`.value_pools`), its effort (once for a central step, per unit otherwise, scaled by the
unit's size band) and the prerequisites that cannot be planned for some of its units.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from .diagnostics import join_words
from .model import MaturityModel
from .playbook import CENTRAL, Playbook
from .roadmap import RoadmapItem, Unlocks, UnplannedPrerequisite
from .waves import WAVE_STARTS, YEAR, PlaybookGraph

if TYPE_CHECKING:
    from .planner import PlannedUnit, Starts


def roadmap_items(model: MaturityModel, graph: PlaybookGraph, playbook: Playbook, units: list[PlannedUnit],
                  order: list[int], starts: Starts, done: frozenset[tuple[int, str]],
                  slot_names: Sequence[str]) -> tuple[RoadmapItem, ...]:
    # ``done``: (unit index, step id) of steps reported done.
    """One row per step and wave, listing the units that start it in that wave (not those that report it done)."""
    rows: dict[tuple[int, int], list[tuple[PlannedUnit, int]]] = {}
    first, second, third = WAVE_STARTS[1], WAVE_STARTS[2], YEAR
    for unit in units:
        mine = starts[unit.index]
        for i, position in enumerate(unit.shape.steps):
            if done and (unit.index, graph.steps[position].id) in done:
                continue
            day = mine[position]
            wave = 0 if day < first else 1 if day < second else 2 if day < third else 3
            key = (position, wave)
            row = rows.get(key)
            if row is None:
                rows[key] = [(unit, i)]
            else:
                row.append((unit, i))
    rank_of = {p: r for r, p in enumerate(order)}
    keys = sorted(rows, key=lambda k: (k[1], rank_of[k[0]]))
    stage_at = {s.score: s.id for s in model.stages}
    return tuple(_item(model, rank, graph, playbook, position, slot_names[wave], rows[(position, wave)], stage_at)
                 for rank, (position, wave) in enumerate(keys, start=1))


def _item(model: MaturityModel, rank: int, graph: PlaybookGraph, playbook: Playbook, position: int, wave: str,
          entries: list[tuple[PlannedUnit, int]], stage_at: Mapping[int, str]) -> RoadmapItem:
    step = graph.steps[position]
    names = tuple(unit.name for unit, _ in entries)
    efforts = []
    unlocked = 0
    total = 0.0
    shared = 0
    effort_total = 0.0
    listed: set[int] = set()
    prerequisites = graph.prerequisites[position]
    central = step.scope == CENTRAL
    midpoint = step.effort.midpoint
    by_unit = []
    for unit, i in entries:
        shape = unit.shape
        money = unit.money
        amount = 0.0
        for t in shape.unlocks[i]:
            amount += money[t]
        total += amount
        if shape.shared_by[i] > shared:
            shared = shape.shared_by[i]
        days = midpoint / len(entries) if central else midpoint * unit.factor
        effort_total += days
        efforts.append(days)
        by_unit.append((unit.name, amount))
        unlocked |= shape.unlock_bits[i]
    for prerequisite in prerequisites:
        if any(prerequisite in unit.shape.step_set for unit, _ in entries):
            listed.add(prerequisite)
    if step.scope == CENTRAL:
        effort_total = step.effort.midpoint
    beyond = tuple(unit.name for unit, i in entries if unit.shape.beyond[i])
    return RoadmapItem(
        rank=rank,
        step_id=step.id,
        title=step.title,
        description=step.description,
        dimension_id=step.dimension_id,
        from_stage=step.from_stage,
        to_stage=step.to_stage,
        business_units=names,
        wave=wave,
        owner_role=step.owner_role,
        effort=step.effort.id,
        effort_days=step.effort.days,
        monthly_savings=total,
        kpi=step.kpi,
        kpi_target=step.kpi_target,
        prerequisites=tuple(graph.steps[p].id for p in prerequisites if p in listed),
        savings_by_business_unit=tuple(by_unit),
        beyond_target=beyond,
        unplanned_prerequisites=_unplanned(model, playbook, step.id, entries) if prerequisites else (),
        unlocks=Unlocks(total, shared, tuple((d.id, stage_at[at], stage_at[at + 1])
                                             for index, d in enumerate(model.dimensions) for at in range(1, 8)
                                             if unlocked >> (index * 8 + at) & 1)),
        unit_effort_days=tuple(efforts),
        scope=step.scope,
        lead_days=step.lead_days,
        effort_days_total=effort_total,
    )


def _unplanned(model: MaturityModel, playbook: Playbook, step_id: str,
               entries: list[tuple[PlannedUnit, int]]) -> tuple[UnplannedPrerequisite, ...]:
    """The step's prerequisites that cannot be planned for some of its units, and why.

    A prerequisite in a dimension the unit has a stage for is either done or planned; one in a
    dimension without a stage is neither.
    """
    found: list[UnplannedPrerequisite] = []
    step = playbook.step(step_id)
    for prerequisite_id in step.prerequisites:
        prerequisite = playbook.step(prerequisite_id)
        by_reason: dict[str, list[str]] = {}
        for unit, _ in entries:
            why = unit.missing.get(prerequisite.dimension_id)
            if why is not None:
                by_reason.setdefault(why, []).append(unit.name)
        if not by_reason:
            continue
        name = model.dimension(prerequisite.dimension_id).name
        reason = name + " " + "; ".join(f"{why} for {join_words(names)}" for why, names in sorted(by_reason.items()))
        found.append(UnplannedPrerequisite(prerequisite_id, prerequisite.title, reason))
    return tuple(found)
