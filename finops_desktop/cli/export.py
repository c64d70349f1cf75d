"""``finops-workshop export``: the Excel deliverable, without the window.

openpyxl and matplotlib are imported inside the command, so the other commands start without them.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from ..storage.workshop_file import WorkshopFile
from .base import CommandError, round_id_named
from .output import safe_text


def register(sub: Any) -> None:
    """Add the ``export`` command to the ``finops-workshop`` sub-parsers."""
    export = sub.add_parser(
        "export", help="write the Excel workbook: summary, scores, roadmap, charts, diagnostics, evidence",
        description="Write the workshop's Excel deliverable. The workshop file is only read.")
    export.add_argument("file", type=Path, help="the workshop file (.finops)")
    export.add_argument("--xlsx", required=True, type=Path, metavar="OUT.xlsx", help="the workbook to write")
    export.add_argument("--round", dest="round_name", metavar="NAME", help="assessment round (default: the latest)")
    export.add_argument("--compare", dest="compare_name", metavar="ROUND",
                        help="the earlier round to compare with (default: the round before)")
    export.set_defaults(run=run_export)


def run_export(args: argparse.Namespace) -> int:
    out: Path = args.xlsx
    if out.suffix.lower() != ".xlsx":
        raise CommandError(f"{out}: the workbook is written as .xlsx, not '{out.suffix or 'no suffix'}'")
    with WorkshopFile.open(args.file, read_only=True) as file:
        workshop = file.workshop
        stored = file.latest_evidence()
    if stored is not None:
        from ..evidence.report import evidence_report

        evidence = evidence_report(stored, workshop)
    round_id = round_id_named(workshop, args.round_name)
    compare_id = None if args.compare_name is None else round_id_named(workshop, args.compare_name)
    if compare_id is not None and compare_id == round_id:
        raise CommandError("--compare needs another round than the one exported")

    from ..export import ExportError, write_workbook  # openpyxl: only now that a workbook is wanted

    try:
        write_workbook(workshop, out, round_id=round_id, compare_round_id=compare_id,
                       evidence=evidence if stored is not None else None)
    except ExportError as exc:
        raise CommandError(str(exc)) from None
    print(safe_text(f"wrote {out}"))
    return 0

