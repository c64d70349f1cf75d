"""``finops-workshop chart``: a workshop's charts as PNG or SVG files, without the window.

matplotlib is imported inside the command, so the other commands start without it.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from ..storage.workshop_file import WorkshopFile
from .base import CommandError, business_unit_id, round_id_named
from .output import safe_text

SUFFIXES = (".png", ".svg")


def register(sub: Any) -> None:
    """Add the ``chart`` command to the ``finops-workshop`` sub-parsers."""
    chart = sub.add_parser(
        "chart", help="draw a radar, organisation, heatmap or votes chart to a PNG or SVG file",
        description="Draw a chart of a workshop. PNG files are written at print resolution.")
    chart.add_argument("file", type=Path, help="the workshop file (.finops); it is only read")
    what = chart.add_mutually_exclusive_group(required=True)
    what.add_argument("--bu", dest="bu_names", metavar="NAME", nargs="+", action="extend",
                      help="business unit(s): one shows current against target, several are overlaid")
    what.add_argument("--org", action="store_true", help="the organisation: spend-weighted mean with the "
                                                         "range across business units")
    what.add_argument("--heatmap", action="store_true", help="business units × dimensions with the stages")
    what.add_argument("--spread", action="store_true",
                      help="business units × dimensions with the room's votes per stage and where they disagree")
    chart.add_argument("--out", required=True, type=Path, metavar="PATH",
                       help="the picture to write; .png or .svg")
    chart.add_argument("--round", dest="round_name", help="assessment round (default: the latest)")
    chart.add_argument("--compare", dest="compare_name", metavar="ROUND",
                       help="with --bu or --org: also draw them as they were in this earlier round; with "
                            "--heatmap: mark the cells that moved since that round")
    chart.set_defaults(run=run_chart)


def run_chart(args: argparse.Namespace) -> int:
    out: Path = args.out
    if out.suffix.lower() not in SUFFIXES:
        raise CommandError(f"{out}: the picture is written as .png or .svg, not '{out.suffix or 'no suffix'}'")
    if not out.parent.is_dir():
        raise CommandError(f"{out}: the folder does not exist")
    if out.is_dir():
        raise CommandError(f"{out}: this is a folder; give a file name ending in .png or .svg")

    with WorkshopFile.open(args.file, read_only=True) as file:
        workshop = file.workshop
        round_id = round_id_named(workshop, args.round_name)
        compare_id = None if args.compare_name is None else round_id_named(workshop, args.compare_name)
        if compare_id is not None and compare_id == round_id:
            raise CommandError("--compare needs another round than the one drawn")
        bu_ids = [business_unit_id(workshop, name) for name in args.bu_names or []]

        from .. import charts  # matplotlib: only now that a chart is wanted

        if bu_ids:
            figure = charts.radar_figure(workshop, bu_ids, round_id, compare_round_id=compare_id)
        elif args.org:
            figure = charts.organisation_figure(workshop, round_id, compare_round_id=compare_id)
        else:
            figure = charts.heatmap_figure(workshop, round_id, show="spread" if args.spread else "stage",
                                           compare_round_id=compare_id)
    try:
        charts.save_figure(figure, out)
    except OSError as exc:
        raise CommandError(f"{out}: the picture could not be written ({exc.strerror or exc})") from None
    print(safe_text(f"wrote {out}"))
    return 0

