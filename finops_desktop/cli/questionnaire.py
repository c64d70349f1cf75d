"""``questionnaire``: send the pre-work questionnaire out as workbooks, and read the answers back as votes.

openpyxl (writing) and python-calamine (reading) are imported inside the commands.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from ..domain.votes import Participant
from ..domain.workshop import Workshop
from ..storage.workshop_file import WorkshopFile
from .base import CommandError, nearest, round_id_named


def register(sub: Any) -> None:
    group = sub.add_parser("questionnaire", help="send the pre-work questionnaire and import the answers")
    commands = group.add_subparsers(dest="questionnaire_command", required=True, parser_class=type(group))
    export = commands.add_parser("export", help="write one workbook per participant into a folder")
    export.add_argument("file", type=Path, help="the workshop file (.finops)")
    export.add_argument("out_dir", type=Path, metavar="OUT_DIR", help="the folder to write the workbooks into")
    export.add_argument("--participant", action="append", default=[], metavar="NAME",
                        help="only this participant (repeat for several; default: everyone)")
    export.add_argument("--round", dest="round_name", metavar="NAME", help="assessment round (default: the latest)")
    export.set_defaults(run=_export)
    read = commands.add_parser("import", help="read filled questionnaires back as votes")
    read.add_argument("file", type=Path, help="the workshop file (.finops)")
    read.add_argument("workbooks", type=Path, nargs="+", metavar="WORKBOOK", help="filled questionnaires")
    read.set_defaults(run=_import)


def participant_named(workshop: Workshop, name: str) -> Participant:
    person = workshop.votes.participant_named(name.strip())
    if person is None:
        raise CommandError(f"no participant named '{name}'" + nearest(name, (p.name for p in
                                                                             workshop.votes.participants)))
    return person


def _export(args: argparse.Namespace) -> int:
    with WorkshopFile.open(args.file, read_only=True) as file:
        workshop = file.workshop
        uid = file.workshop_uid
    round_id = round_id_named(workshop, args.round_name)
    people = [participant_named(workshop, name) for name in args.participant] or list(workshop.votes.participants)
    if not people:
        raise CommandError("the workshop has no participants yet; add them with 'finops-workshop participant add'")
    if not workshop.business_units:
        raise CommandError("the workshop has no business units to ask about")
    out: Path = args.out_dir
    if out.exists() and not out.is_dir():
        raise CommandError(f"{out}: not a folder")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise CommandError(f"{out}: the folder cannot be made ({exc.strerror or exc})") from None

    from ..export.errors import ExportError
    from ..export.questionnaire import file_name, targets, write_questionnaire

    try:
        for target in targets(workshop, people):
            path = out / file_name(target.participant)
            write_questionnaire(workshop, uid, target, path, round_id)
            print(f"wrote {path} ({len(target.units)} unit{'s' * (len(target.units) != 1)})")
    except ExportError as exc:
        raise CommandError(str(exc)) from None
    return 0


def _import(args: argparse.Namespace) -> int:
    from ..export.questionnaire_reader import QuestionnaireError, import_questionnaires

    with WorkshopFile.open(args.file) as file:
        try:
            summary = import_questionnaires(file, args.workbooks)
        except QuestionnaireError as exc:
            raise CommandError(str(exc)) from None
    print(f"read {summary}")
    return 0
