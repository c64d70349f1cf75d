"""``rate``: one business unit in one dimension, by the rules the window follows."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from ..domain import values
from ..domain.edit_rules import edited_rating
from ..domain.labels import stage_label
from ..domain.model import Dimension
from ..domain.workshop import Rating
from ..storage.workshop_file import WorkshopFile
from .base import CommandError, business_unit_id, dimension_named, nearest, parse_value, round_id_named, said


def register(sub: Any) -> None:
    rate = sub.add_parser("rate", help="rate one business unit in one dimension")
    rate.add_argument("file", type=Path)
    rate.add_argument("--bu", required=True, help="business unit name")
    rate.add_argument("--dimension", required=True, help="dimension id, name or short name, e.g. tagging_coverage")
    rate.add_argument("--stage", default=argparse.SUPPRESS,
                      help="current stage: crawl, walk, run, none (not assessed) or na (not applicable)")
    rate.add_argument("--target", default=argparse.SUPPRESS, help="target stage: crawl, walk, run or none")
    rate.add_argument("--note", default=argparse.SUPPRESS, help="evidence note")
    rate.add_argument("--confidence", default=argparse.SUPPRESS, help="low, medium, high or none")
    rate.add_argument("--participants", default=argparse.SUPPRESS, help="who was in the room")
    rate.add_argument("--indicator", dest="indicators", action="append", default=argparse.SUPPRESS,
                      metavar="ID=VALUE", help="a measured indicator value, e.g. allocation_coverage=63 "
                                               "(an empty value removes it); repeatable")
    rate.add_argument("--round", dest="round_name", help="assessment round (default: the latest)")
    rate.set_defaults(run=_rate)


def _rate(args: argparse.Namespace) -> int:
    with WorkshopFile.open(args.file) as file:
        workshop = file.workshop
        model = workshop.model
        bu_id = business_unit_id(workshop, args.bu)
        dimension = dimension_named(workshop, args.dimension)
        rnd = round_id_named(workshop, args.round_name)
        before = workshop.rating(bu_id, dimension.id, rnd)
        changes: dict[str, Any] = {}
        if hasattr(args, "stage"):
            changes["current"] = parse_value(values.StageValue(model), args.stage)
        if hasattr(args, "target"):
            changes["target"] = parse_value(values.StageValue(model, "target", allow_not_applicable=False),
                                            args.target)
        if hasattr(args, "note"):
            changes["note"] = args.note
        if hasattr(args, "confidence"):
            changes["confidence"] = parse_value(values.CONFIDENCE, args.confidence)
        if hasattr(args, "participants"):
            changes["participants"] = args.participants
        if hasattr(args, "indicators"):
            changes["indicators"] = _indicators(dimension, before, args.indicators)
        after = file.set_rating(bu_id, dimension.id, edited_rating(before, **changes), rnd)
        cell = f"{workshop.business_unit(bu_id).name} · {dimension.label}"
        text = stage_label(model, after.current)
        if after.target not in (None, "na") and after.target != after.current:
            text += f" → {stage_label(model, after.target)}"
    if after == before:
        return said(f"{cell} already was {text}; nothing changed")
    return said(f"rated {cell}: {text}")


def _indicators(dimension: Dimension, before: Rating, given: list[str]) -> dict[str, float]:
    found = dict(before.indicators)
    kinds = {i.id: values.IndicatorValue(i) for i in dimension.indicators}
    for item in given:
        key, sep, text = item.partition("=")
        key = key.strip()
        if not sep:
            raise CommandError(f"--indicator takes ID=VALUE, e.g. allocation_coverage=63, not '{item}'")
        if key not in kinds:
            raise CommandError(f"{dimension.label} has no indicator '{key}'" + nearest(key, kinds))
        value = parse_value(kinds[key], text)
        if value is None:
            found.pop(key, None)
        else:
            found[key] = value
    return found
