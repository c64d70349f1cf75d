"""The roadmap's headline: the one capability to advance first, and why.

It names the dimension whose gaps are worth the most money among those whose steps can start
in the first wave. When the costliest dimension must wait (its steps need foundations or
another stage first), the headline says so and for what; when nothing can start at once, it
names the costliest and says it is not actionable now. Without any spend recorded, the gaps'
share of spend decides, with no money on it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from .diagnostics import join_words
from .labels import format_money
from .model import MaturityModel
from .roadmap import Headline
from .waves import WAVE_STARTS, PlaybookGraph

if TYPE_CHECKING:
    from .planner import PlannedUnit


def choose_headline(model: MaturityModel, graph: PlaybookGraph, units: Sequence[PlannedUnit],
                    currency: str) -> Headline | None:
    money: dict[str, float] = {}
    points: dict[str, float] = {}
    counts: dict[str, dict[str, int]] = {}
    actionable: set[str] = set()
    waits: dict[str, set[tuple[int, str]]] = {}
    first_wave_end = WAVE_STARTS[1]
    for unit in units:
        shape = unit.shape
        for gap in unit.gaps:
            money[gap.dimension_id] = money.get(gap.dimension_id, 0.0) + gap.monthly_waste
            by_stage = counts.setdefault(gap.dimension_id, {})
            by_stage[gap.current] = by_stage.get(gap.current, 0) + 1
        for t, (dimension_id, _) in enumerate(shape.transitions):
            points[dimension_id] = points.get(dimension_id, 0.0) + unit.points[t]
        for dimension_id, day in shape.first_start:
            if day < first_wave_end:
                actionable.add(dimension_id)
        for dimension_id, stages in shape.held_back:
            found = waits.setdefault(dimension_id, set())
            for score, other in stages:
                found.add((score, f"{model.dimension(other).name} at {model.stage_by_score(score).name}"))
    if not money:
        return None
    in_model = {d.id: i for i, d in enumerate(model.dimensions)}
    ranked = sorted(money, key=lambda d: (-money[d], -points.get(d, 0.0), in_model[d]))
    costliest = ranked[0]
    now = [d for d in ranked if d in actionable and (money[d] > 0 or money[costliest] == 0)]
    best = now[0] if now else costliest
    name = model.dimension(best).name
    at = counts[best]
    units_count = sum(at.values())
    where = join_words([f"{n} at {model.stage(s).name}" for s, n in
                        sorted(at.items(), key=lambda c: model.stage(c[0]).score)])
    units_text = f"{units_count} business unit{'s' if units_count != 1 else ''}"
    waiting = tuple(text for _, text in sorted(waits.get(costliest, set()))) if costliest != best or not now else ()
    others = [d for d in ranked if d != best]
    runner_up = others[0] if others else None
    if money[best] > 0:
        if best == costliest:
            tied = runner_up is not None and money[runner_up] == money[best]
            reason = (f"Closing the gaps in {name} recovers an estimated {format_money(money[best], currency)} a month "
                      f"across {units_text} ({where}), "
                      + (f"as much as {model.dimension(runner_up).name}; {name} comes first in the model."
                         if tied and runner_up else "more than any other dimension."))
            if runner_up is not None and not tied and money[runner_up] > 0:
                reason += (f" Next is {model.dimension(runner_up).name} with "
                           f"{format_money(money[runner_up], currency)} a month.")
        else:
            reason = (f"Closing the gaps in {name} recovers an estimated {format_money(money[best], currency)} a month "
                      f"across {units_text} ({where}), the most of any dimension whose steps can start in the "
                      f"first wave.")
        if not now:
            reason += " Its steps cannot start in the first wave"
            reason += f": they wait for {join_words(list(waiting))}." if waiting else "."
        elif best != costliest:
            worth = format_money(money[costliest], currency)
            reason += (f" {model.dimension(costliest).name} is worth more ({worth} a "
                       f"month) but its steps must wait"
                       + (f" for {join_words(list(waiting))}." if waiting else "."))
    else:
        reason = (f"No money can be put on these gaps, as no monthly spend is recorded for the business units "
                  f"concerned; {name} has the largest gaps in share of spend, across {units_text} ({where}).")
    return Headline(best, money[best], reason, bool(now), costliest if costliest != best else None, waiting)



__all__ = ["choose_headline"]
