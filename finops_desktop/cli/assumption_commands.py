"""``assumption``: a waste figure edited for one workshop, or reset to the model's."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from ..storage.workshop_file import WorkshopFile
from .rating_commands import stage_value


def register(sub: Any) -> None:
    assume = sub.add_parser("assumption", help="edit, for this workshop, the share of spend a stage wastes")
    assume.add_argument("file", type=Path)
    assume.add_argument("--dimension", required=True, help="dimension id, e.g. commitment_strategy")
    assume.add_argument("--stage", required=True, type=stage_value, help="the stage whose figure to edit")
    change = assume.add_mutually_exclusive_group(required=True)
    change.add_argument("--share", type=_percent, help="share of monthly spend wasted, in percent, e.g. 12.5")
    change.add_argument("--reset", action="store_true", help="go back to the model's figure")
    assume.add_argument("--reasoning", default="", help="why this figure holds for this client")
    assume.set_defaults(run=_assumption)


def _percent(text: str) -> float:
    try:
        value = float(text.strip().rstrip("%"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a percentage") from None
    if not 0 <= value <= 100:
        raise argparse.ArgumentTypeError(f"a share of spend lies between 0 and 100 %, not {text}")
    return value / 100


def _assumption(args: argparse.Namespace) -> int:
    with WorkshopFile.open(args.file) as file:
        if args.reset:
            file.reset_waste_assumption(args.dimension, args.stage)
        else:
            file.set_waste_assumption(args.dimension, args.stage, args.share, args.reasoning)
    return 0
