"""``participant`` and ``vote``: who takes part, and their votes given in the room."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from ..domain import values
from ..domain.values import CONFIDENCE_LEVELS
from ..storage.workshop_file import WorkshopFile
from .base import business_unit_id, dimension_named, parse_value, round_id_named, said
from .output import safe_text
from .questionnaire import participant_named


def register(sub: Any) -> None:
    group = sub.add_parser("participant", help="add, list or remove the workshop's participants")
    commands = group.add_subparsers(dest="participant_command", required=True, parser_class=type(group))
    add = commands.add_parser("add", help="add a participant")
    add.add_argument("file", type=Path)
    add.add_argument("name")
    add.add_argument("--role", default="", help="e.g. Finance lead")
    add.add_argument("--bu", help="the business unit they belong to (default: the whole organisation)")
    add.set_defaults(run=_add)
    listing = commands.add_parser("list", help="list the participants")
    listing.add_argument("file", type=Path)
    listing.set_defaults(run=_list)
    remove = commands.add_parser("remove", help="remove a participant and withdraw their votes")
    remove.add_argument("file", type=Path)
    remove.add_argument("name")
    remove.set_defaults(run=_remove)

    vote = sub.add_parser("vote", help="record a participant's vote on one cell (or withdraw it with --stage none)")
    vote.add_argument("file", type=Path)
    vote.add_argument("--participant", required=True, metavar="NAME")
    vote.add_argument("--bu", required=True, help="business unit name")
    vote.add_argument("--dimension", required=True)
    vote.add_argument("--stage", required=True, help="crawl, walk, run (or none to withdraw)")
    vote.add_argument("--confidence", choices=CONFIDENCE_LEVELS)
    vote.add_argument("--comment", default="")
    vote.add_argument("--round", dest="round_name", metavar="NAME", help="assessment round (default: the latest)")
    vote.set_defaults(run=_vote)


def _add(args: argparse.Namespace) -> int:
    with WorkshopFile.open(args.file) as file:
        bu_id = None if args.bu is None else business_unit_id(file.workshop, args.bu)
        person = file.add_participant(args.name, role=args.role, bu_id=bu_id)
    return said(f"added participant '{person.name}'")


def _list(args: argparse.Namespace) -> int:
    with WorkshopFile.open(args.file, read_only=True) as file:
        workshop = file.workshop
        for person in workshop.votes.participants:
            unit = workshop.business_unit(person.bu_id).name if person.bu_id is not None else "all units"
            print(safe_text(f"{person.name}\t{person.role}\t{unit}"))
    return 0


def _remove(args: argparse.Namespace) -> int:
    with WorkshopFile.open(args.file) as file:
        person = participant_named(file.workshop, args.name)
        file.remove_participant(person.id)
    return said(f"removed participant '{person.name}' and withdrew their votes")


def _vote(args: argparse.Namespace) -> int:
    with WorkshopFile.open(args.file) as file:
        workshop = file.workshop
        person = participant_named(workshop, args.participant)
        stage = parse_value(values.StageValue(workshop.model, "vote", allow_not_applicable=False), args.stage)
        bu_id = business_unit_id(workshop, args.bu)
        dimension = dimension_named(workshop, args.dimension)
        file.set_vote(bu_id, dimension.id, person.id, stage, confidence=args.confidence, comment=args.comment,
                      round_id=round_id_named(workshop, args.round_name))
        cell = f"{workshop.business_unit(bu_id).name} · {dimension.label}"
        if stage is None:
            return said(f"withdrew {person.name}'s vote on {cell}")
        return said(f"{person.name} votes {workshop.model.stage(stage).name} on {cell}")
