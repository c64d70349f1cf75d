"""A name no file can have, or that no system call can open, is refused as naming no file.

A NUL in a name (from a crafted recent-files entry, a drop, a script), a name longer than the
system takes, or a loop of links: each gets one clear line from the storage layer, as a missing
file does, never Python's ``ValueError`` and never the offer to open it read-only.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from finops_desktop.storage import backend
from finops_desktop.storage.errors import FileMissing
from finops_desktop.storage.workshop_file import WorkshopFile
from tests.helpers.workshops import make_workshop_file


def unopenable(tmp_path: Path, kind: str) -> Path:
    make_workshop_file(tmp_path / "ab.finops")
    if kind == "nul":
        return tmp_path / "a\0b.finops"
    if kind == "long name":
        return tmp_path / ("b" * 300 + ".finops")
    if kind == "long path":
        return tmp_path.joinpath(*["c" * 200] * 30, "x.finops")
    loop = tmp_path / "loop.finops"
    loop.symlink_to(loop)
    return loop


REASONS = {"nul": "this is not a valid file name (it holds a NUL character)",
           "long name": "the file name is too long for the system to open",
           "long path": "the file name is too long for the system to open",
           "loop": "the name is a loop of links that leads to no file"}


@pytest.mark.parametrize("kind", list(REASONS))
def test_check_identity_refuses_a_name_that_names_no_file(tmp_path: Path, kind: str) -> None:
    path = unopenable(tmp_path, kind)
    with pytest.raises(FileMissing) as refused:
        backend.check_identity(path)
    assert refused.value.reason == REASONS[kind]


@pytest.mark.parametrize("kind", list(REASONS))
@pytest.mark.parametrize("read_only", [False, True])
def test_opening_such_a_name_changes_nothing(tmp_path: Path, kind: str, read_only: bool) -> None:
    path = unopenable(tmp_path, kind)
    before = sorted(os.listdir(tmp_path))
    with pytest.raises(FileMissing):
        WorkshopFile.open(path, read_only=read_only)
    assert sorted(os.listdir(tmp_path)) == before
