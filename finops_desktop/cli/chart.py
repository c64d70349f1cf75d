"""``finops-workshop chart``: a workshop's charts as PNG or SVG files, without the window.

A heatmap of more business units than fit a slide is written one file per page
("heatmap-1.png", "heatmap-2.png", …), or only the page asked for with ``--page``.
matplotlib is imported inside the command, so the other commands start without it.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..domain.workshop import Workshop
from ..storage.workshop_file import WorkshopFile
from .base import CommandError, business_unit_id, round_id_named
from .output import safe_text

if TYPE_CHECKING:
    from matplotlib.figure import Figure

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
    chart.add_argument("--page", type=int, metavar="N",
                       help="with --heatmap or --spread: only page N (from 1) of a heatmap too large for one slide, "
                            "written to --out itself")
    chart.set_defaults(run=run_chart)


def run_chart(args: argparse.Namespace) -> int:
    out: Path = args.out
    if out.suffix.lower() not in SUFFIXES:
        raise CommandError(f"{out}: the picture is written as .png or .svg, not '{out.suffix or 'no suffix'}'")
    if not out.parent.is_dir():
        raise CommandError(f"{out}: the folder does not exist")
    if out.is_dir():
        raise CommandError(f"{out}: this is a folder; give a file name ending in .png or .svg")
    if args.page is not None and not (args.heatmap or args.spread):
        raise CommandError("--page goes with --heatmap or --spread: only a heatmap comes in pages")

    with WorkshopFile.open(args.file, read_only=True) as file:
        workshop = file.workshop
        round_id = round_id_named(workshop, args.round_name)
        compare_id = None if args.compare_name is None else round_id_named(workshop, args.compare_name)
        if compare_id is not None and compare_id == round_id:
            raise CommandError("--compare needs another round than the one drawn")
        bu_ids = [business_unit_id(workshop, name) for name in args.bu_names or []]

        from .. import charts  # matplotlib: only now that a chart is wanted

        if bu_ids:
            pictures = [(out, charts.radar_figure(workshop, bu_ids, round_id, compare_round_id=compare_id))]
        elif args.org:
            pictures = [(out, charts.organisation_figure(workshop, round_id, compare_round_id=compare_id))]
        else:
            pictures = _heatmap_pages(workshop, round_id, compare_id, args, out)
    for path, figure in pictures:
        try:
            charts.save_figure(figure, path)
        except OSError as exc:
            raise CommandError(f"{path}: the picture could not be written ({exc.strerror or exc})") from None
        print(safe_text(f"wrote {path}"))
    return 0


def _heatmap_pages(workshop: Workshop, round_id: int | None, compare_id: int | None, args: argparse.Namespace,
                   out: Path) -> list[tuple[Path, Figure]]:
    """The heatmap's pages to write: all of them (numbered files when more than one), or ``--page``."""
    from .. import charts
    from ..charts.heatmap import heatmap_pages

    show = "spread" if args.spread else "stage"
    compare_id = compare_id if show == "stage" else None
    count = len(heatmap_pages(workshop, compare=compare_id is not None))
    if args.page is not None:
        if not 1 <= args.page <= count:
            raise CommandError(f"--page {args.page}: the heatmap has {count} page{'s' if count != 1 else ''} "
                               f"(1 to {count})")
        pages = [args.page - 1]
    else:
        pages = list(range(count))
    single = len(pages) == 1
    return [(out if single else out.with_name(f"{out.stem}-{page + 1}{out.suffix}"),
             charts.heatmap_figure(workshop, round_id, show=show, compare_round_id=compare_id, page=page))
            for page in pages]

