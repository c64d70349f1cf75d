"""``bu add|rename|remove``: the business units of a workshop."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from ..storage.workshop_file import WorkshopFile
from .base import Parser, business_unit_id


def register(sub: Any) -> None:
    bu = sub.add_parser("bu", help="add, rename or remove business units")
    bu_sub = bu.add_subparsers(dest="bu_command", required=True, parser_class=Parser)
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


def _bu_add(args: argparse.Namespace) -> int:
    with WorkshopFile.open(args.file) as file:
        file.add_business_unit(args.name, monthly_spend=args.spend, owner=args.owner, notes=args.notes)
    return 0


def _bu_rename(args: argparse.Namespace) -> int:
    with WorkshopFile.open(args.file) as file:
        file.rename_business_unit(business_unit_id(file.workshop, args.old), args.new)
    return 0


def _bu_remove(args: argparse.Namespace) -> int:
    with WorkshopFile.open(args.file) as file:
        file.remove_business_unit(business_unit_id(file.workshop, args.name))
    return 0
