"""``new``, ``demo`` and ``models``: making workshop files and listing the models they can use."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from ..domain.catalogue import DEFAULT_MODEL_ID, find_model, model_catalogue, user_folder
from ..domain.workshop import WorkshopInfo
from ..storage.workshop_file import WorkshopFile
from .base import CommandError
from .output import safe_text


def register(sub: Any) -> None:
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


def _new(args: argparse.Namespace) -> int:
    try:
        model = find_model(args.model)
    except KeyError as exc:
        raise CommandError(exc.args[0]) from None
    info = WorkshopInfo(client=args.client, date=args.date, facilitator=args.facilitator, currency=args.currency)
    WorkshopFile.create(args.file, info, model).close()
    print(safe_text(f"created {args.file}"))
    return 0


def _demo(args: argparse.Namespace) -> int:
    from ..demo_workshop import write_demo

    write_demo(args.file).close()
    print(safe_text(f"created {args.file}"))
    return 0


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
