"""The app's cache folder is the one platformdirs names, worked out without importing it on Linux."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs
import pytest

from finops_desktop.user_folders import APP_FOLDER, cache_folder, read_regular_file, replace_file


@pytest.mark.parametrize("configured", [None, "", "   ", "/srv/cache", "relative/cache"])
def test_the_cache_folder_is_platformdirs_own(configured: str | None, monkeypatch: pytest.MonkeyPatch,
                                              tmp_path: Path) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    if configured is None:
        monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    else:
        monkeypatch.setenv("XDG_CACHE_HOME", configured)
    assert cache_folder() == Path(platformdirs.user_cache_dir(APP_FOLDER, appauthor=False))


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the folder is worked out here on Linux only")
def test_finding_it_does_not_load_platformdirs() -> None:
    import subprocess

    code = "import sys; from finops_desktop.user_folders import cache_folder; cache_folder(); " \
           "print('platformdirs' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


# Reading and writing the app's own files safely --------------------------------------------------------------


def test_a_small_regular_file_is_read_and_anything_else_is_none(tmp_path: Path) -> None:
    from tests.helpers.deadline import deadline

    plain = tmp_path / "plain"
    plain.write_bytes(b"kept")
    os.mkfifo(tmp_path / "fifo")
    (tmp_path / "link").symlink_to(plain)
    (tmp_path / "link-to-fifo").symlink_to(tmp_path / "fifo")
    (tmp_path / "folder").mkdir()
    with (tmp_path / "huge").open("wb") as out:
        out.truncate(1 << 40)
    assert read_regular_file(plain, 4) == b"kept"
    assert read_regular_file(plain, 3) is None
    with deadline(5):
        for name in ("fifo", "link", "link-to-fifo", "folder", "huge", "absent"):
            assert read_regular_file(tmp_path / name, 1 << 20) is None, name


def test_a_file_is_replaced_whole_and_a_link_in_its_place_is_replaced_not_followed(tmp_path: Path) -> None:
    document = tmp_path / "document"
    document.write_bytes(b"the user's")
    target = tmp_path / "cache" / "kept"
    target.parent.mkdir()
    target.symlink_to(document)
    assert replace_file(target, b"new")
    assert document.read_bytes() == b"the user's"
    assert not target.is_symlink() and target.read_bytes() == b"new"
    assert [p.name for p in target.parent.iterdir()] == ["kept"]  # no temporary file left


def test_a_file_that_cannot_be_written_leaves_nothing_behind(tmp_path: Path) -> None:
    (tmp_path / "kept").mkdir()  # a folder in the way
    assert not replace_file(tmp_path / "kept", b"new")
    assert [p.name for p in tmp_path.iterdir()] == ["kept"]
