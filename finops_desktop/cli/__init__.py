"""``finops-workshop``: the headless commands scripts and other tools rely on.

Every command exits 0 on success. Any error prints one line ``error: …`` on stderr, exits
with status 2 and leaves the file as it was. Each command group lives in its own module,
listed in :mod:`.registry`.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import sys
from collections.abc import Sequence

from ..domain.definition_file import DefinitionError
from ..storage.errors import WorkshopFileError
from .base import EXIT_ERROR, CommandError, Parser, business_unit_id, round_id_named
from .output import safe_text
from .registry import register_all

__all__ = ["EXIT_ERROR", "CommandError", "build_parser", "business_unit_id", "main", "round_id_named"]


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(prog="finops-workshop", description="Work with FinOps Maturity Workshop files (.finops).")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=Parser)
    register_all(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
        result: int = args.run(args)
        # Here, not as Python exits: a reader gone by then (`| head`) would make the exit status 120.
        sys.stdout.flush()
        return result
    except (CommandError, WorkshopFileError, DefinitionError) as exc:
        _fail(str(exc))
    except BrokenPipeError:
        # The reader went away (e.g. `| head`); what it read was complete.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        _fail("interrupted")
    except (OSError, UnicodeError, RecursionError, MemoryError, sqlite3.Error) as exc:
        # Not foreseen, but still one line: a received file must never make the command print a traceback.
        _fail(f"unexpected problem ({type(exc).__name__}: {exc}); nothing was changed")
    return EXIT_ERROR


def _fail(message: str) -> None:
    first_line = " ".join(message.split("\n")).strip()
    print(safe_text(f"error: {first_line}"), file=sys.stderr)
