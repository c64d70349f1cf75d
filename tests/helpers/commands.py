"""Running ``finops-workshop`` in the test process, and fingerprints of files it must not change."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from finops_desktop.cli import main


def run(capsys: pytest.CaptureFixture[str], *args: object) -> tuple[int, str, str]:
    """Exit status, standard output and standard error of one command."""
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
