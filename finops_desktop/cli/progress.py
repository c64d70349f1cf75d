"""``finops-workshop progress import``: the client's tracker, read back from the workbook they kept.

python-calamine is imported inside the command, so the other commands start without it.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from ..storage.workshop_file import WorkshopFile
from .base import CommandError


def register(sub: Any) -> None:
    """Add the ``progress`` command group to the ``finops-workshop`` sub-parsers."""
    progress = sub.add_parser("progress", help="read the tracker's progress back from a workbook",
                              description="Progress the client recorded in the workbook's Tracker sheet.")
    actions = progress.add_subparsers(dest="action", metavar="ACTION", required=True)
    read = actions.add_parser(
        "import", help="read Status, Owner, Due date, % complete, Comment and Savings realised back",
        description="Read the Tracker sheet of a workbook exported from this workshop (and edited in Excel or "
                    "LibreOffice) into the workshop file. A workbook of another workshop, or with a bad value, "
                    "is refused and nothing is changed; importing the same workbook again changes nothing.")
    read.add_argument("file", type=Path, help="the workshop file (.finops)")
    read.add_argument("workbook", type=Path, metavar="WORKBOOK.xlsx", help="the workbook the client sent back")
    read.set_defaults(run=run_import)


def run_import(args: argparse.Namespace) -> int:
    from ..tracker.importing import TrackerRefused, import_progress

    with WorkshopFile.open(args.file) as file:
        try:
            result = import_progress(file, args.workbook)
        except TrackerRefused as exc:
            raise CommandError(f"{exc}; nothing was changed") from None
    for line in result.reading.skipped:
        print(f"left out: {line}")
    print(f"{args.workbook.name}: {result.summary()}")
    return 0
