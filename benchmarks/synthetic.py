"""Synthetic workshops of any size for the benchmarks: seeded, so every run measures the same data.

:func:`write_synthetic_workshop` writes one; :func:`cached_workshop` keeps them under
``out/bench/workshops/`` (named by size, seed, file format and model version), because a
workshop of 10,000 business units takes about half a minute to write.
"""

from __future__ import annotations

import os
import random
from pathlib import Path

from benchmarks.timing import bench_dir
from finops_desktop.domain.catalogue import DEFAULT_MODEL_ID, find_model
from finops_desktop.domain.workshop import Rating, WorkshopInfo
from finops_desktop.storage.file_format import SCHEMA_VERSION
from finops_desktop.storage.workshop_file import WorkshopFile

DEFAULT_SEED = 7
#: Change when the workshops written below change, so cached files are written again.
GENERATOR_VERSION = 2

_STAGES = ["crawl", "walk", "run"]


def write_synthetic_workshop(path: Path, business_units: int, *, seed: int = DEFAULT_SEED,
                             rounds: int = 2) -> Path:
    """A workshop of ``business_units`` units with mixed ratings, targets, notes, spend and growth.

    About 5 % of the cells are not assessed and 3 % not applicable. With ``rounds=2`` a
    second round ("Six months on") starts from the first, and about a quarter of its cells
    have moved up a stage, so the export compares rounds as after a real re-assessment.
    """
    rng = random.Random(seed)
    model = find_model(DEFAULT_MODEL_ID)
    with WorkshopFile.create(path, WorkshopInfo(f"Synthetic {business_units}", currency="EUR"), model) as file:
        with file.batch():
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
        if rounds > 1:
            with file.batch():
                later = file.add_round("Six months on")
                for (round_id, bu_id, dimension_id), rating in list(file.workshop.ratings.items()):
                    if round_id != later.id or rating.current not in _STAGES[:2] or rng.random() >= 0.25:
                        continue
                    moved = _STAGES[_STAGES.index(rating.current) + 1]
                    target = rating.target if rating.target in _STAGES[_STAGES.index(moved):] else moved
                    file.set_rating(bu_id, dimension_id, Rating(moved, target, rating.confidence,
                                                                note=f"{rating.note}; progress"),
                                    round_id=later.id)
    return path


def cached_workshop(business_units: int, *, seed: int = DEFAULT_SEED, folder: Path | None = None) -> Path:
    """The synthetic workshop of this size, written the first time it is asked for (in ``folder``)."""
    folder = folder if folder is not None else bench_dir() / "workshops"
    model = find_model(DEFAULT_MODEL_ID)
    name = (f"synthetic-{business_units}-seed{seed}-format{SCHEMA_VERSION}-{model.id}-{model.version}"
            f"-v{GENERATOR_VERSION}.finops")
    path = folder / name
    if path.exists():
        return path
    folder.mkdir(parents=True, exist_ok=True)
    partial = folder / f".{name}.{os.getpid()}.partial"
    partial.unlink(missing_ok=True)
    try:
        write_synthetic_workshop(partial, business_units, seed=seed)
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    return path
