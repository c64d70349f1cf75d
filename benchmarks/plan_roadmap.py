"""How long planning the roadmap takes (median of several runs).

Run: ``.venv/bin/python -m benchmarks.plan_roadmap [--units N] [--runs N]``. The workshop
is the seeded synthetic one (:mod:`benchmarks.synthetic`), so every run plans the same
data. The first plan, which also reads the shipped playbook, is reported apart. ``plan`` is a
plan again (as after an edit: the units' shapes are kept between plans); ``plan_cold`` forgets
them before every run. Aim: 1,000 business units in under 100 ms.
"""

from __future__ import annotations

import argparse
import json
import time
from datetime import date
from typing import Any

from benchmarks.synthetic import cached_workshop
from benchmarks.timing import summary
from finops_desktop.domain import planner
from finops_desktop.domain.planner import plan_roadmap
from finops_desktop.domain.workshop import Workshop
from finops_desktop.storage.workshop_file import WorkshopFile

TODAY = date(2026, 11, 27)


def measure(workshop: Workshop, runs: int = 7) -> dict[str, Any]:
    """Seconds to plan ``workshop`` (median of ``runs`` after a first plan), and what the plan holds."""
    start = time.perf_counter()
    roadmap = plan_roadmap(workshop, today=TODAY)
    first = time.perf_counter() - start
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        again = plan_roadmap(workshop, today=TODAY)
        times.append(time.perf_counter() - start)
        if again != roadmap:
            raise AssertionError("the same workshop must give the same roadmap")
    cold = []
    for _ in range(runs):
        for _playbook, _model, graph in planner._GRAPHS.values():
            graph.shapes.clear()
            graph.prices.clear()
        start = time.perf_counter()
        plan_roadmap(workshop, today=TODAY)
        cold.append(time.perf_counter() - start)
    return {"plan": summary(times), "plan_cold": summary(cold), "first_plan": first, "items": len(roadmap.items),
            "gaps": len(roadmap.gaps), "diagnostics": len(roadmap.diagnostics)}


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
