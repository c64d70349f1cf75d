"""``bu add|set|rename|remove``: the business units of a workshop."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from ..domain import values
from ..domain.labels import format_money
from ..storage.workshop_file import WorkshopFile
from .base import Parser, business_unit_id, said, typed


def register(sub: Any) -> None:
    bu = sub.add_parser("bu", help="add, change, rename or remove business units")
    bu_sub = bu.add_subparsers(dest="bu_command", required=True, parser_class=Parser)
    bu_add = bu_sub.add_parser("add", help="add a business unit")
    bu_add.add_argument("file", type=Path)
    bu_add.add_argument("name")
    _unit_fields(bu_add, default="")
    bu_add.set_defaults(run=_bu_add)

    bu_set = bu_sub.add_parser("set", help="change a business unit's name, spend, growth, owner, notes or position")
    bu_set.add_argument("file", type=Path)
    bu_set.add_argument("name", help="the business unit to change")
    bu_set.add_argument("--name", dest="new_name", default=argparse.SUPPRESS, help="a new name")
    _unit_fields(bu_set, default=argparse.SUPPRESS)
    bu_set.add_argument("--position", type=int, default=argparse.SUPPRESS,
                        help="place in the list, 1 for the first")
    bu_set.set_defaults(run=_bu_set)

    bu_rename = bu_sub.add_parser("rename", help="rename a business unit")
    bu_rename.add_argument("file", type=Path)
    bu_rename.add_argument("old")
    bu_rename.add_argument("new")
    bu_rename.set_defaults(run=_bu_rename)
    bu_remove = bu_sub.add_parser("remove", help="remove a business unit and its ratings")
    bu_remove.add_argument("file", type=Path)
    bu_remove.add_argument("name")
    bu_remove.set_defaults(run=_bu_remove)


def _unit_fields(parser: argparse.ArgumentParser, *, default: Any) -> None:
    none = argparse.SUPPRESS if default is argparse.SUPPRESS else None
    parser.add_argument("--spend", type=typed(values.MONTHLY_SPEND), default=none,
                        help="monthly cloud spend, e.g. 120000, 120,000 or 120k ('' for none)")
    parser.add_argument("--growth", type=typed(values.GROWTH), default=none,
                        help="expected growth of the spend over a year, in percent, e.g. 25")
    parser.add_argument("--owner", default=default)
    parser.add_argument("--notes", default=default)


def _bu_add(args: argparse.Namespace) -> int:
    with WorkshopFile.open(args.file) as file:
        bu = file.add_business_unit(args.name, monthly_spend=args.spend, owner=args.owner, notes=args.notes,
                                    annual_growth=args.growth)
        spend = f", {format_money(bu.monthly_spend, file.workshop.info.currency)} a month" if bu.monthly_spend \
            else ""
    return said(f"added business unit '{bu.name}'{spend}")


_FIELDS = {"new_name": "name", "spend": "monthly_spend", "growth": "annual_growth", "owner": "owner",
           "notes": "notes"}


def _bu_set(args: argparse.Namespace) -> int:
    with WorkshopFile.open(args.file) as file:
        bu_id = business_unit_id(file.workshop, args.name)
        changes = {field: getattr(args, arg) for arg, field in _FIELDS.items() if hasattr(args, arg)}
        before = file.workshop.business_unit(bu_id)
        after = file.update_business_unit(bu_id, **changes) if changes else before
        if hasattr(args, "position"):
            file.move_business_unit(bu_id, args.position - 1)
        changed = [field for field in ("name", "monthly_spend", "annual_growth", "owner", "notes")
                   if getattr(before, field) != getattr(after, field)]
        if hasattr(args, "position") and before.position != file.workshop.business_unit(bu_id).position:
            changed.append("position")
    if not changed:
        return said(f"'{after.name}' already had those values; nothing changed")
    return said(f"changed {', '.join(c.replace('_', ' ') for c in changed)} of '{after.name}'")


def _bu_rename(args: argparse.Namespace) -> int:
    with WorkshopFile.open(args.file) as file:
        bu = file.rename_business_unit(business_unit_id(file.workshop, args.old), args.new)
    return said(f"renamed '{args.old}' to '{bu.name}'")


def _bu_remove(args: argparse.Namespace) -> int:
    with WorkshopFile.open(args.file) as file:
        removed = file.remove_business_unit(business_unit_id(file.workshop, args.name))
    return said(f"removed business unit '{removed.business_unit.name}' and its "
                f"{len(removed.ratings)} rating{'s' if len(removed.ratings) != 1 else ''}")
