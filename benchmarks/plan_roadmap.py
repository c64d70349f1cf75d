"""How long planning the roadmap of a 1,000-business-unit workshop takes (median of several runs).

Run: ``.venv/bin/python -m benchmarks.plan_roadmap [--units N] [--runs N] [--seed N]``. The
workshop is built in memory from seeded random ratings (some not assessed, some not
applicable, targets missing, at or above the current stage), spend, growth and two rounds,
so every run measures the same data. The first plan, which also reads the shipped playbook,
is reported apart. Aim: well under a second.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from datetime import date

from finops_desktop.domain.catalogue import DEFAULT_MODEL_ID, find_model
from finops_desktop.domain.planner import plan_roadmap
from finops_desktop.domain.workshop import AssessmentRound, BusinessUnit, Rating, Workshop, WorkshopInfo

_STAGES = ("crawl", "walk", "run")


def synthetic_workshop(units: int, seed: int) -> Workshop:
    rng = random.Random(seed)
    model = find_model(DEFAULT_MODEL_ID)
    rounds = [AssessmentRound(1, "Baseline", "2026-01-12T09:00:00+00:00"),
              AssessmentRound(2, "Six months on", "2026-07-13T09:00:00+00:00")]
    workshop = Workshop(WorkshopInfo(f"Synthetic {units}", currency="EUR"), model, rounds=rounds)
    for index in range(1, units + 1):
        spend = rng.choice([None, round(rng.uniform(5_000, 900_000), 2)])
        growth = rng.choice([None, rng.uniform(-5, 80)])
        workshop.business_units.append(BusinessUnit(index, f"Business unit {index:05d}", index - 1, spend,
                                                    annual_growth=growth))
        for dimension in model.dimensions:
            roll = rng.random()
            if roll < 0.05:
                continue  # not assessed
            if roll < 0.08:
                rating = Rating(current="na")
            else:
                current = rng.randrange(3)
                target = rng.choice([None, _STAGES[min(2, current + rng.choice([0, 1, 1, 2]))]])
                rating = Rating(_STAGES[current], target)
            for rnd in rounds:
                workshop.ratings[(rnd.id, index, dimension.id)] = rating
    return workshop


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--units", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    workshop = synthetic_workshop(args.units, args.seed)
    today = date(2026, 11, 27)
    start = time.perf_counter()
    roadmap = plan_roadmap(workshop, today=today)
    first = time.perf_counter() - start
    times = []
    for _ in range(args.runs):
        start = time.perf_counter()
        again = plan_roadmap(workshop, today=today)
        times.append(time.perf_counter() - start)
        assert again == roadmap, "the same workshop must give the same roadmap"
    print(f"{args.units} business units: {len(roadmap.items)} roadmap items, {len(roadmap.gaps)} gaps, "
          f"{len(roadmap.diagnostics)} diagnostics")
    print(f"first plan (reads the playbook): {first * 1000:.1f} ms")
    print(f"plan_roadmap median of {args.runs}: {statistics.median(times) * 1000:.1f} ms "
          f"(min {min(times) * 1000:.1f}, max {max(times) * 1000:.1f})")


if __name__ == "__main__":
    main()
