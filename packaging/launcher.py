"""The entry point of both bundled programs.

The bundle holds two executables built from this one script: ``finops-desktop`` (windowed)
and ``finops-workshop`` (console). They share one set of libraries; the name of the
executable that was started says which program runs.
"""

from __future__ import annotations

import sys
from pathlib import Path

CLI_NAME = "finops-workshop"


def program_name(executable: str) -> str:
    """``finops-workshop`` or ``finops-desktop``, from the path of the running executable."""
    return CLI_NAME if Path(executable).stem.lower() == CLI_NAME else "finops-desktop"


def main() -> int:
    if program_name(sys.executable) == CLI_NAME:
        from finops_desktop.cli import main as run_cli

        return run_cli()
    from finops_desktop.app import main as run_app

    return run_app()


if __name__ == "__main__":
    sys.exit(main())
