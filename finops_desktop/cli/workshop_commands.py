"""``new``, ``demo``, ``models`` and ``workshop set``: workshop files, their details and settings."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from ..domain import values
from ..domain.catalogue import DEFAULT_MODEL_ID, find_model, model_catalogue, user_folder
from ..domain.workshop import WorkshopInfo
from ..domain.workshop_settings import SETTING_KINDS
from ..storage.workshop_file import WorkshopFile
from .base import CommandError, Parser, parse_value, said, typed
from .output import safe_text


def register(sub: Any) -> None:
    new = sub.add_parser("new", help="create a new workshop file")
    new.add_argument("file", type=Path)
    new.add_argument("--client", required=True)
    new.add_argument("--facilitator", default="")
    new.add_argument("--date", type=typed(values.WORKSHOP_DATE), default="", help="workshop date, e.g. 2026-11-27")
    new.add_argument("--currency", type=typed(values.CURRENCY), default="USD",
                     help="currency of the spend figures (default USD)")
    new.add_argument("--model", default=DEFAULT_MODEL_ID, help=f"model id (default {DEFAULT_MODEL_ID})")
    new.set_defaults(run=_new)

    demo = sub.add_parser("demo", help="create a realistic demo workshop")
    demo.add_argument("file", type=Path)
    demo.set_defaults(run=_demo)

    models = sub.add_parser("models", help="list the available maturity models")
    models.set_defaults(run=_models)

    workshop = sub.add_parser("workshop", help="change a workshop's details and settings")
    workshop_sub = workshop.add_subparsers(dest="workshop_command", required=True, parser_class=Parser)
    details = workshop_sub.add_parser("set", help="change the client, date, facilitator, currency or a setting")
    details.add_argument("file", type=Path)
    details.add_argument("--client", default=argparse.SUPPRESS)
    details.add_argument("--date", type=typed(values.WORKSHOP_DATE), default=argparse.SUPPRESS,
                         help="workshop date, e.g. 2026-11-27 ('' for none)")
    details.add_argument("--facilitator", default=argparse.SUPPRESS)
    details.add_argument("--currency", type=typed(values.CURRENCY), default=argparse.SUPPRESS)
    details.add_argument("--suggest-targets", dest="suggest_targets", default=argparse.SUPPRESS,
                         metavar="on|off", help="plan an unset target as the next stage (default on)")
    details.add_argument("--day-rate", dest="day_rate", default=argparse.SUPPRESS, metavar="AMOUNT",
                         help="what a day of effort costs, for the cost of each wave and the payback")
    details.add_argument("--paper-size", dest="paper_size", default=argparse.SUPPRESS, metavar="A4|Letter|auto",
                         help="paper of the printed workbook (auto: from the currency)")
    details.set_defaults(run=_workshop_set)


def _new(args: argparse.Namespace) -> int:
    try:
        model = find_model(args.model)
    except KeyError as exc:
        raise CommandError(exc.args[0]) from None
    info = WorkshopInfo(client=args.client, date=args.date, facilitator=args.facilitator, currency=args.currency)
    WorkshopFile.create(args.file, info, model).close()
    return said(f"created {args.file}")


def _demo(args: argparse.Namespace) -> int:
    from ..demo_workshop import write_demo

    write_demo(args.file).close()
    return said(f"created {args.file}")


def _models(args: argparse.Namespace) -> int:
    catalogue = model_catalogue()
    for model in catalogue.models.values():
        dims = ", ".join(d.id for d in model.dimensions)
        print(safe_text(f"{model.id}  {model.version}  {model.name}\n    dimensions: {dims}"))
    if catalogue.problems:
        print(f"\nNot offered (your own models go in {user_folder('models')}):")
        for problem in catalogue.problems:
            print(safe_text(f"  {problem}"))
    return 0


_DETAILS = ("client", "date", "facilitator", "currency")


def _workshop_set(args: argparse.Namespace) -> int:
    details = {key: getattr(args, key) for key in _DETAILS if hasattr(args, key)}
    settings = {key: getattr(args, key) for key in SETTING_KINDS if hasattr(args, key)}
    if not details and not settings:
        raise CommandError("say what to change, e.g. --date 2026-11-27 (see 'finops-workshop workshop set --help')")
    with WorkshopFile.open(args.file) as file:
        before_info, before_settings = file.workshop.info, file.workshop.settings
        parsed = {key: parse_value(SETTING_KINDS[key], text) for key, text in settings.items()}
        with file.batch():
            if details:
                file.set_info(**details)
            for key, value in parsed.items():
                file.set_setting(key, value)
        changed = [key for key in _DETAILS if getattr(before_info, key) != getattr(file.workshop.info, key)]
        changed += [key for key in parsed if getattr(before_settings, key) != getattr(file.workshop.settings, key)]
    if not changed:
        return said("the workshop already had those values; nothing changed")
    return said(f"changed {', '.join(key.replace('_', ' ') for key in changed)}")
