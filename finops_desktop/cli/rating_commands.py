"""``rate``: one business unit in one dimension."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from ..domain.workshop import CONFIDENCE_LEVELS
from ..storage.workshop_file import WorkshopFile
from .base import business_unit_id, dimension_named, round_id_named


def stage_value(text: str) -> str | None:
    value = text.strip().lower()
    return None if value in ("none", "") else value


def register(sub: Any) -> None:
    rate = sub.add_parser("rate", help="rate one business unit in one dimension")
    rate.add_argument("file", type=Path)
    rate.add_argument("--bu", required=True, help="business unit name")
    rate.add_argument("--dimension", required=True, help="dimension id, e.g. tagging_coverage")
    rate.add_argument("--stage", type=stage_value, default=argparse.SUPPRESS,
                      help="current stage: crawl, walk, run, none (not assessed) or na (not applicable)")
    rate.add_argument("--target", type=stage_value, default=argparse.SUPPRESS, help="target stage (same values)")
    rate.add_argument("--note", default=argparse.SUPPRESS, help="evidence note")
    rate.add_argument("--confidence", choices=CONFIDENCE_LEVELS, default=argparse.SUPPRESS)
    rate.add_argument("--round", dest="round_name", help="assessment round (default: the latest)")
    rate.set_defaults(run=_rate)


def _rate(args: argparse.Namespace) -> int:
    with WorkshopFile.open(args.file) as file:
        workshop = file.workshop
        bu_id = business_unit_id(workshop, args.bu)
        dimension = dimension_named(workshop, args.dimension)
        rnd = round_id_named(workshop, args.round_name)
        rating = workshop.rating(bu_id, dimension.id, rnd)
        changes = {key: getattr(args, arg) for key, arg in
                   (("current", "stage"), ("target", "target"), ("note", "note"), ("confidence", "confidence"))
                   if hasattr(args, arg)}
        file.set_rating(bu_id, dimension.id, rating.edited(**changes), rnd)
    return 0
