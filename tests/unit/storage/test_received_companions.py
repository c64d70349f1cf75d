"""What arrives beside a received file (a link under a name the app writes, a journal) cannot make
opening it write elsewhere, or open as a file it is not."""

from __future__ import annotations

import os
import struct
from pathlib import Path

import pytest

from finops_desktop.storage import backend
from finops_desktop.storage.errors import NewerFileVersion
from finops_desktop.storage.file_format import SCHEMA_VERSION
from finops_desktop.storage.workshop_file import WorkshopFile
from tests.helpers.commands import digest
from tests.helpers.workshops import make_old_workshop_file, make_workshop_file

pytestmark = pytest.mark.skipif(not hasattr(os, "symlink"), reason="links are a POSIX matter")


def test_migrating_never_writes_through_a_link_planted_under_the_backup_name(tmp_path: Path) -> None:
    folder = tmp_path / "received"
    folder.mkdir()
    elsewhere = tmp_path / "elsewhere.txt"
    elsewhere.write_text("someone else's file")
    old = make_old_workshop_file(folder / "old.finops", version=1)
    planted = folder / ".old.finops.v1.bak.partial"
    planted.symlink_to(elsewhere)
    with WorkshopFile.open(old) as opened:
        assert opened.workshop.info.client == "Old client"
    assert elsewhere.read_text() == "someone else's file", "the link's target is never written"
    backup = folder / "old.finops.v1.bak"
    assert backup.is_file() and not backup.is_symlink()
    assert backend.check_identity(backup) == 1, "the backup is the file as it was"
    assert not planted.exists() and not planted.is_symlink()


def _journal_holding(path: Path, page_one: bytes) -> None:
    """A rollback journal beside ``path`` whose one saved page is ``page_one`` (SQLite's journal format)."""
    data = path.read_bytes()
    page_size = struct.unpack(">H", data[16:18])[0] or 65536
    nonce = 0x1234ABCD
    header = bytes.fromhex("d9d505f920a163d7") + struct.pack(">IIIII", 1, nonce, len(data) // page_size, 512,
                                                              page_size)
    checksum = nonce
    offset = page_size - 200
    while offset > 0:
        checksum = (checksum + page_one[offset]) & 0xFFFFFFFF
        offset -= 200
    saved = struct.pack(">I", 1) + page_one + struct.pack(">I", checksum)
    path.with_name(path.name + "-journal").write_bytes(header.ljust(512, b"\0") + saved)


@pytest.mark.parametrize("read_only", [False, True])
def test_a_received_journal_that_makes_the_file_newer_is_refused_after_it_is_rolled_back(
        tmp_path: Path, read_only: bool) -> None:
    path = make_workshop_file(tmp_path / "received.finops", [("Retail", 1000.0, {})])
    data = path.read_bytes()
    page_one = bytearray(data[:struct.unpack(">H", data[16:18])[0]])
    page_one[60:64] = (SCHEMA_VERSION + 1).to_bytes(4, "big")  # the header's format version
    _journal_holding(path, bytes(page_one))
    assert backend.check_identity(path) == SCHEMA_VERSION
    with pytest.raises(NewerFileVersion):
        WorkshopFile.open(path, read_only=read_only)


def test_a_journal_of_the_files_own_pages_is_still_recovered(tmp_path: Path) -> None:
    path = make_workshop_file(tmp_path / "mine.finops", [("Retail", 1000.0, {})])
    data = path.read_bytes()
    _journal_holding(path, data[:struct.unpack(">H", data[16:18])[0]])
    before = digest(path)
    with WorkshopFile.open(path) as opened:
        assert [unit.name for unit in opened.workshop.business_units] == ["Retail"]
    assert not path.with_name(path.name + "-journal").exists()
    assert digest(path) == before
