"""``assumption``: a waste figure edited for one workshop, or reset to the model's.

The same rule as the window: a figure that ends up equal to the model's is a reset, and a
reasoning left out keeps the one in force.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from ..domain import values
from ..storage.workshop_file import WorkshopFile
from .base import CommandError, dimension_named, parse_value, said, typed


def register(sub: Any) -> None:
    assume = sub.add_parser("assumption", help="edit, for this workshop, the share of spend a stage wastes")
    assume.add_argument("file", type=Path)
    assume.add_argument("--dimension", required=True, help="dimension id, name or short name")
    assume.add_argument("--stage", required=True, help="the stage whose figure to edit: crawl, walk or run")
    change = assume.add_mutually_exclusive_group(required=True)
    change.add_argument("--share", type=typed(values.SHARE_OF_SPEND),
                        help="share of monthly spend wasted, in percent: 12.5 (or '0.5 %%' for half a percent)")
    change.add_argument("--reset", action="store_true", help="go back to the model's figure")
    assume.add_argument("--reasoning", default=None, help="why this figure holds for this client "
                                                         "(default: keep the reasoning in force)")
    assume.set_defaults(run=_assumption)


def _assumption(args: argparse.Namespace) -> int:
    with WorkshopFile.open(args.file) as file:
        workshop = file.workshop
        dimension = dimension_named(workshop, args.dimension)
        stage = parse_value(values.StageValue(workshop.model, allow_not_applicable=False), args.stage)
        if stage is None:
            raise CommandError(f"--stage names a stage ({values.stage_choices(workshop.model)})")
        where = f"{dimension.label} at {workshop.model.stage(stage).name}"
        if args.reset:
            file.reset_waste_assumption(dimension.id, stage)
            return said(f"{where}: back to the model's figure, {workshop.waste(dimension.id, stage).share:.1%}")
        figure = file.set_waste_assumption(dimension.id, stage, args.share, args.reasoning)
        in_force = workshop.waste(dimension.id, stage)
    if figure is None:
        return said(f"{where}: {in_force.share:.1%} is the model's figure; the model's figure is in force")
    return said(f"{where}: {figure.share:.1%} of spend for this workshop")
