"""``round add|rename|remove|list``: the assessment rounds of a workshop."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from ..storage.workshop_file import WorkshopFile
from .base import Parser, round_id_named, said


def register(sub: Any) -> None:
    rounds = sub.add_parser("round", help="start, rename, remove or list assessment rounds")
    rounds_sub = rounds.add_subparsers(dest="round_command", required=True, parser_class=Parser)
    add = rounds_sub.add_parser("add", help="start a new round, from the latest round's ratings")
    add.add_argument("file", type=Path)
    add.add_argument("name")
    add.add_argument("--empty", action="store_true", help="start with no ratings instead of the latest round's")
    add.set_defaults(run=_add)
    rename = rounds_sub.add_parser("rename", help="rename a round")
    rename.add_argument("file", type=Path)
    rename.add_argument("old")
    rename.add_argument("new")
    rename.set_defaults(run=_rename)
    remove = rounds_sub.add_parser("remove", help="remove a round that holds no ratings of its own")
    remove.add_argument("file", type=Path)
    remove.add_argument("name")
    remove.set_defaults(run=_remove)
    listing = rounds_sub.add_parser("list", help="list the rounds, oldest first")
    listing.add_argument("file", type=Path)
    listing.set_defaults(run=_list)


def _add(args: argparse.Namespace) -> int:
    with WorkshopFile.open(args.file) as file:
        previous = file.workshop.active_round.name
        rnd = file.add_round(args.name, copy_previous=not args.empty)
    start = "with no ratings" if args.empty else f"from the ratings of '{previous}'"
    return said(f"started round '{rnd.name}' {start}")


def _rename(args: argparse.Namespace) -> int:
    with WorkshopFile.open(args.file) as file:
        rnd = file.rename_round(round_id_named(file.workshop, args.old), args.new)
    return said(f"renamed round '{args.old}' to '{rnd.name}'")


def _remove(args: argparse.Namespace) -> int:
    with WorkshopFile.open(args.file) as file:
        removed = file.remove_round(round_id_named(file.workshop, args.name))
    return said(f"removed round '{removed.round.name}'")


def _list(args: argparse.Namespace) -> int:
    with WorkshopFile.open(args.file, read_only=True) as file:
        workshop = file.workshop
        for rnd in workshop.rounds:
            assessed = workshop.assessed_count(rnd.id)
            latest = "  (latest)" if rnd is workshop.active_round else ""
            print(f"{rnd.name}  started {rnd.began_on or '-'}  "
                  f"{assessed} of {workshop.cell_count} cells assessed{latest}")
    return 0
