"""How long planning the roadmap takes (median of several runs).

Run: ``.venv/bin/python -m benchmarks.plan_roadmap [--units N] [--runs N]``. The workshop
is the seeded synthetic one (:mod:`benchmarks.synthetic`), so every run plans the same
data. The first plan, which also reads the shipped playbook, is reported apart. ``plan`` is a
plan after an edit, as the window makes one: before each run one unit's rating in one
dimension moves to another stage (and back on the next run), and what the planner keeps
between plans (each unit's shape and traps) is kept. ``plan_cold`` forgets all of that before
every run. Aim: 1,000 business units in under 100 ms.
"""

from __future__ import annotations

import argparse
import json
import time
from dataclasses import replace
from datetime import date
from typing import Any

from benchmarks.synthetic import cached_workshop
from benchmarks.timing import summary
from finops_desktop.domain import diagnostics, planner
from finops_desktop.domain.planner import plan_roadmap
from finops_desktop.domain.roadmap import Roadmap
from finops_desktop.domain.workshop import Rating, Workshop
from finops_desktop.storage.workshop_file import WorkshopFile

TODAY = date(2026, 11, 27)


def measure(workshop: Workshop, runs: int = 7) -> dict[str, Any]:
    """Seconds to plan ``workshop`` (median of ``runs`` after a first plan), and what the plan holds."""
    start = time.perf_counter()
    roadmap = plan_roadmap(workshop, today=TODAY)
    first = time.perf_counter() - start
    times = []
    edited = _an_edit(workshop)
    before = workshop.ratings[edited[0]]
    plans: dict[bool, Roadmap] = {False: roadmap}
    for run in range(runs):
        changed = run % 2 == 0
        workshop.ratings[edited[0]] = edited[1] if changed else before
        start = time.perf_counter()
        again = plan_roadmap(workshop, today=TODAY)
        times.append(time.perf_counter() - start)
        if plans.setdefault(changed, again) != again:
            raise AssertionError("the same workshop must give the same roadmap")
    workshop.ratings[edited[0]] = before
    cold = []
    for _ in range(runs):
        for _playbook, _model, graph in planner._GRAPHS.values():
            graph.shapes.clear()
            graph.prices.clear()
        diagnostics._MEMOS.clear()
        start = time.perf_counter()
        plan_roadmap(workshop, today=TODAY)
        cold.append(time.perf_counter() - start)
    return {"plan": summary(times), "plan_cold": summary(cold), "first_plan": first, "items": len(roadmap.items),
            "gaps": len(roadmap.gaps), "diagnostics": len(roadmap.diagnostics)}


def _an_edit(workshop: Workshop) -> tuple[tuple[int, int, str], Rating]:
    """A rated cell of the unit in the middle, and the same rating at another stage."""
    stages = [s.id for s in workshop.model.stages]
    bu = workshop.business_units[len(workshop.business_units) // 2]
    for dimension in workshop.model.dimensions:
        key = (workshop.active_round.id, bu.id, dimension.id)
        rating = workshop.ratings.get(key)
        if rating is not None and rating.current in stages:
            other = stages[(stages.index(rating.current) + 1) % len(stages)]
            return key, replace(rating, current=other, target=None)
    raise AssertionError("the synthetic workshop has a rated cell in every unit")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--units", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--json", action="store_true", help="print the numbers as one line of JSON")
    args = parser.parse_args()
    with WorkshopFile.open(cached_workshop(args.units), read_only=True) as file:
        workshop = file.workshop
    results = measure(workshop, args.runs)
    if args.json:
        print(json.dumps(results))
        return
    plan = results["plan"]
    print(f"{args.units} business units: {results['items']} roadmap items, {results['gaps']} gaps, "
          f"{results['diagnostics']} diagnostics")
    print(f"first plan (reads the playbook): {results['first_plan'] * 1000:.1f} ms")
    print(f"plan_roadmap median of {plan['runs']}: {plan['median'] * 1000:.1f} ms "
          f"(min {plan['min'] * 1000:.1f}, max {plan['max'] * 1000:.1f})")
    cold = results["plan_cold"]
    print(f"plan_roadmap, nothing kept, median of {cold['runs']}: {cold['median'] * 1000:.1f} ms "
          f"(min {cold['min'] * 1000:.1f}, max {cold['max'] * 1000:.1f})")


if __name__ == "__main__":
    main()
