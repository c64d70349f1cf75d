"""``repair``: copy the data of a refused workshop file, through the edit gate, into a new clean file."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from .output import safe_text


def register(sub: Any) -> None:
    repair = sub.add_parser("repair", help="copy a refused file's workshop into a new, clean file")
    repair.add_argument("file", type=Path, help="the file that was refused (it is not changed)")
    repair.add_argument("--out", type=Path, required=True, help="the new file to write, e.g. CLEAN.finops")
    repair.set_defaults(run=_repair)


def _repair(args: argparse.Namespace) -> int:
    from ..storage.repair import repair

    report = repair(args.file, args.out)
    print(safe_text(f"created {args.out}: copied {', '.join(report.copied)}"))
    for line in report.dropped:
        print(safe_text(f"  left out: {line}"))
    if not report.dropped:
        print("  nothing was left out")
    return 0
