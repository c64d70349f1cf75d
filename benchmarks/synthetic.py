"""Synthetic workshops of any size for the benchmarks: seeded, so every run measures the same data."""

from __future__ import annotations

import random
from pathlib import Path

from finops_desktop.domain.catalogue import DEFAULT_MODEL_ID, find_model
from finops_desktop.domain.workshop import Rating, WorkshopInfo
from finops_desktop.storage.workshop_file import WorkshopFile

_STAGES = ["crawl", "walk", "run"]


def write_synthetic_workshop(path: Path, business_units: int, *, seed: int = 7) -> Path:
    """A workshop of ``business_units`` units with mixed ratings, targets, notes and spend."""
    rng = random.Random(seed)
    model = find_model(DEFAULT_MODEL_ID)
    with WorkshopFile.create(path, WorkshopInfo(f"Synthetic {business_units}"), model) as file, file.batch():
        for index in range(business_units):
            bu = file.add_business_unit(f"Business unit {index + 1:05d}", monthly_spend=rng.choice(
                [None, round(rng.uniform(5_000, 900_000), 2)]), owner=f"Owner {index % 37}",
                annual_growth=rng.choice([None, rng.uniform(-5, 80)]))
            for dimension in model.dimensions:
                roll = rng.random()
                if roll < 0.05:
                    continue  # not assessed
                if roll < 0.08:
                    rating = Rating(current="na")
                else:
                    current = rng.randrange(3)
                    target = min(2, current + rng.choice([0, 1, 1, 2]))
                    rating = Rating(_STAGES[current], _STAGES[target], rng.choice(["low", "medium", "high"]),
                                    note=f"Evidence {index}-{dimension.id}", participants="Finance, Engineering")
                file.set_rating(bu.id, dimension.id, rating)
    return path
