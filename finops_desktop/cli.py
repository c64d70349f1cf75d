"""``finops-workshop``: the headless commands scripts and other tools rely on.

Every command exits 0 on success. Any error prints one line ``error: …`` on stderr, exits
with status 2 and leaves the file as it was.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NoReturn

from .domain.aggregate import aggregate
from .domain.catalogue import DEFAULT_MODEL_ID, builtin_models, find_model
from .domain.definition_file import DefinitionError
from .domain.model import NOT_APPLICABLE
from .domain.workshop import CONFIDENCE_LEVELS, Workshop, WorkshopInfo
from .storage.errors import WorkshopFileError
from .storage.workshop_file import WorkshopFile

EXIT_ERROR = 2


class CommandError(Exception):
    """A command cannot do what was asked; the message is shown as is."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise CommandError(f"{message} (see '{self.prog} --help')")


def _stage_value(text: str) -> str | None:
    value = text.strip().lower()
    return None if value in ("none", "") else value


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="finops-workshop", description="Work with FinOps Maturity Workshop files (.finops).")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    new = sub.add_parser("new", help="create a new workshop file")
    new.add_argument("file", type=Path)
    new.add_argument("--client", required=True)
    new.add_argument("--facilitator", default="")
    new.add_argument("--date", default="", help="workshop date, e.g. 2026-11-27")
    new.add_argument("--currency", default="USD", help="currency of the spend figures (default USD)")
    new.add_argument("--model", default=DEFAULT_MODEL_ID, help=f"model id (default {DEFAULT_MODEL_ID})")
    new.set_defaults(run=_new)

    demo = sub.add_parser("demo", help="create a realistic demo workshop")
    demo.add_argument("file", type=Path)
    demo.set_defaults(run=_demo)

    models = sub.add_parser("models", help="list the available maturity models")
    models.set_defaults(run=_models)

    bu = sub.add_parser("bu", help="add, rename or remove business units")
    bu_sub = bu.add_subparsers(dest="bu_command", required=True, parser_class=_Parser)
    bu_add = bu_sub.add_parser("add", help="add a business unit")
    bu_add.add_argument("file", type=Path)
    bu_add.add_argument("name")
    bu_add.add_argument("--spend", type=float, help="monthly cloud spend")
    bu_add.add_argument("--owner", default="")
    bu_add.add_argument("--notes", default="")
    bu_add.set_defaults(run=_bu_add)
    bu_rename = bu_sub.add_parser("rename", help="rename a business unit")
    bu_rename.add_argument("file", type=Path)
    bu_rename.add_argument("old")
    bu_rename.add_argument("new")
    bu_rename.set_defaults(run=_bu_rename)
    bu_remove = bu_sub.add_parser("remove", help="remove a business unit and its ratings")
    bu_remove.add_argument("file", type=Path)
    bu_remove.add_argument("name")
    bu_remove.set_defaults(run=_bu_remove)

    rate = sub.add_parser("rate", help="rate one business unit in one dimension")
    rate.add_argument("file", type=Path)
    rate.add_argument("--bu", required=True, help="business unit name")
    rate.add_argument("--dimension", required=True, help="dimension id, e.g. tagging_coverage")
    rate.add_argument("--stage", type=_stage_value, default=argparse.SUPPRESS,
                      help="current stage: crawl, walk, run, none (not assessed) or na (not applicable)")
    rate.add_argument("--target", type=_stage_value, default=argparse.SUPPRESS, help="target stage (same values)")
    rate.add_argument("--note", default=argparse.SUPPRESS, help="evidence note")
    rate.add_argument("--confidence", choices=CONFIDENCE_LEVELS, default=argparse.SUPPRESS)
    rate.add_argument("--round", dest="round_name", help="assessment round (default: the latest)")
    rate.set_defaults(run=_rate)

    assume = sub.add_parser("assumption", help="edit, for this workshop, the share of spend a stage wastes")
    assume.add_argument("file", type=Path)
    assume.add_argument("--dimension", required=True, help="dimension id, e.g. commitment_strategy")
    assume.add_argument("--stage", required=True, type=_stage_value, help="the stage whose figure to edit")
    change = assume.add_mutually_exclusive_group(required=True)
    change.add_argument("--share", type=_percent, help="share of monthly spend wasted, in percent, e.g. 12.5")
    change.add_argument("--reset", action="store_true", help="go back to the model's figure")
    assume.add_argument("--reasoning", default="", help="why this figure holds for this client")
    assume.set_defaults(run=_assumption)

    show = sub.add_parser("show", help="print a workshop (readable, or --json)")
    show.add_argument("file", type=Path)
    show.add_argument("--json", action="store_true")
    show.add_argument("--round", dest="round_name", help="assessment round (default: the latest)")
    show.set_defaults(run=_show)

    for register in _EXTRA_COMMANDS:
        register(sub)
    return parser


# Extra command groups register themselves here (roadmap, chart, export, …).
_EXTRA_COMMANDS: list[Callable[[Any], None]] = []


def main(argv: Sequence[str] | None = None) -> int:
    _load_extra_commands()
    try:
        args = build_parser().parse_args(argv)
        result: int = args.run(args)
        return result
    except (CommandError, WorkshopFileError, DefinitionError) as exc:
        _fail(str(exc))
    except KeyboardInterrupt:
        _fail("interrupted")
    except BrokenPipeError:
        # The reader went away (e.g. `| head`); what it read was complete.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    return EXIT_ERROR


def _fail(message: str) -> None:
    first_line = " ".join(message.split("\n")).strip()
    print(f"error: {first_line}", file=sys.stderr)


def _load_extra_commands() -> None:
    if _EXTRA_COMMANDS:
        return
    from . import cli_commands

    _EXTRA_COMMANDS.extend(cli_commands.REGISTRARS)


# Commands ---------------------------------------------------------------------------------


def _new(args: argparse.Namespace) -> int:
    try:
        model = find_model(args.model)
    except KeyError as exc:
        raise CommandError(exc.args[0]) from None
    info = WorkshopInfo(client=args.client, date=args.date, facilitator=args.facilitator, currency=args.currency)
    WorkshopFile.create(args.file, info, model).close()
    print(f"created {args.file}")
    return 0


def _demo(args: argparse.Namespace) -> int:
    from .demo_workshop import write_demo

    write_demo(args.file).close()
    print(f"created {args.file}")
    return 0


def _models(args: argparse.Namespace) -> int:
    for model in builtin_models().values():
        dims = ", ".join(d.id for d in model.dimensions)
        print(f"{model.id}  {model.version}  {model.name}\n    dimensions: {dims}")
    return 0


def _bu_add(args: argparse.Namespace) -> int:
    with WorkshopFile.open(args.file) as file:
        file.add_business_unit(args.name, monthly_spend=args.spend, owner=args.owner, notes=args.notes)
    return 0


def business_unit_id(workshop: Workshop, name: str) -> int:
    """The id of the business unit a command names, or an error that lists the names there are."""
    bu = workshop.business_unit_named(name.strip())
    if bu is None:
        names = ", ".join(b.name for b in workshop.business_units) or "none yet"
        raise CommandError(f"no business unit named '{name}' (business units: {names})")
    return bu.id


def _find_bu(file: WorkshopFile, name: str) -> int:
    return business_unit_id(file.workshop, name)


def _bu_rename(args: argparse.Namespace) -> int:
    with WorkshopFile.open(args.file) as file:
        file.rename_business_unit(_find_bu(file, args.old), args.new)
    return 0


def _bu_remove(args: argparse.Namespace) -> int:
    with WorkshopFile.open(args.file) as file:
        file.remove_business_unit(_find_bu(file, args.name))
    return 0


def round_id_named(workshop: Workshop, name: str | None) -> int:
    """The id of the round a command names (the latest when it names none)."""
    if name is None:
        return workshop.active_round.id
    found = workshop.round_named(name.strip())
    if found is None:
        names = ", ".join(r.name for r in workshop.rounds)
        raise CommandError(f"no round named '{name}' (rounds: {names})")
    return found.id


def _rate(args: argparse.Namespace) -> int:
    with WorkshopFile.open(args.file) as file:
        workshop = file.workshop
        bu_id = _find_bu(file, args.bu)
        if not workshop.model.has_dimension(args.dimension):
            known = ", ".join(d.id for d in workshop.model.dimensions)
            raise CommandError(f"unknown dimension '{args.dimension}' (this model has: {known})")
        rnd = round_id_named(workshop, args.round_name)
        rating = workshop.rating(bu_id, args.dimension, rnd)
        changes = {key: getattr(args, arg) for key, arg in
                   (("current", "stage"), ("target", "target"), ("note", "note"), ("confidence", "confidence"))
                   if hasattr(args, arg)}
        file.set_rating(bu_id, args.dimension, rating.edited(**changes), rnd)
    return 0


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


def _show(args: argparse.Namespace) -> int:
    with WorkshopFile.open(args.file, read_only=True) as file:
        workshop = file.workshop
        data = workshop_as_dict(workshop, round_id_named(workshop, args.round_name))
    if args.json:
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        print(_show_text(workshop, data))
    return 0


def workshop_as_dict(workshop: Workshop, round_id: int) -> dict[str, Any]:
    """The ``show --json`` document: the contract scripts rely on."""
    model = workshop.model
    rnd = next(r for r in workshop.rounds if r.id == round_id)
    return {
        "client": workshop.info.client,
        "date": workshop.info.date,
        "facilitator": workshop.info.facilitator,
        "currency": workshop.info.currency,
        "model": {"id": model.id, "version": model.version, "name": model.name},
        "rounds": [{"name": r.name, "created_at": r.created_at} for r in workshop.rounds],
        "round": rnd.name,
        "dimensions": [{"id": d.id, "name": d.name, "foundation": d.foundation} for d in model.dimensions],
        "business_units": [
            {
                "name": bu.name,
                "monthly_spend": bu.monthly_spend,
                "owner": bu.owner,
                "notes": bu.notes,
                "annual_growth": bu.annual_growth,
                "ratings": {
                    d.id: {
                        "current": r.current,
                        "target": r.target,
                        "confidence": r.confidence,
                        "note": r.note,
                        "participants": r.participants,
                        "indicators": dict(r.indicators),
                    }
                    for d in model.dimensions
                    for r in [workshop.rating(bu.id, d.id, round_id)]
                },
            }
            for bu in workshop.business_units
        ],
        "aggregate": {key: value.as_dict() for key, value in aggregate(workshop, round_id).items()},
        "waste_assumptions": {
            d.id: {
                stage.id: {"share": workshop.waste(d.id, stage.id).share,
                           "reasoning": workshop.waste(d.id, stage.id).reasoning,
                           "edited": (d.id, stage.id) in workshop.waste_overrides}
                for stage in model.stages
            }
            for d in model.dimensions
        },
    }


def _stage_label(workshop: Workshop, stage: str | None) -> str:
    if stage is None:
        return "-"
    if stage == NOT_APPLICABLE:
        return "n/a"
    return workshop.model.stage(stage).name


def _show_text(workshop: Workshop, data: dict[str, Any]) -> str:
    model = workshop.model
    lines = [
        f"{data['client']}  ({data['date'] or 'no date'}, facilitator: {data['facilitator'] or '-'})",
        f"Model: {model.name} {model.version}   Round: {data['round']}   "
        f"Business units: {len(data['business_units'])}",
        "",
    ]
    width = max([len(d.label) for d in model.dimensions] + [14])
    names = [bu["name"][:24] for bu in data["business_units"]]
    lines.append("".ljust(width + 2) + "".join(n.ljust(26) for n in names))
    for dimension in model.dimensions:
        cells = []
        for bu in data["business_units"]:
            rating = bu["ratings"][dimension.id]
            text = _stage_label(workshop, rating["current"])
            if rating["target"] and rating["target"] != rating["current"]:
                text += f" -> {_stage_label(workshop, rating['target'])}"
            cells.append(text.ljust(26))
        lines.append(dimension.label.ljust(width + 2) + "".join(cells))
    lines.append("")
    lines.append("Organisation (spend-weighted mean, min-max):")
    for dimension in model.dimensions:
        agg = data["aggregate"][dimension.id]
        if agg["mean"] is None:
            lines.append(f"  {dimension.label.ljust(width)}  not assessed")
        else:
            lines.append(f"  {dimension.label.ljust(width)}  {agg['mean']:.2f}  ({agg['min']}-{agg['max']})")
    return "\n".join(lines)


if __name__ == "__main__":  # pragma: no cover
    # Run the module under its package name, so that the commands registered from other
    # modules raise the same CommandError class that main() catches.
    from finops_desktop.cli import main as package_main

    sys.exit(package_main())
