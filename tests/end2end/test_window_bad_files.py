"""Every kind of bad file gets a clear dialog; the window keeps running and the file keeps every byte."""

from __future__ import annotations

import os
import random
import sqlite3
import stat
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from finops_desktop.storage.workshop_file import WorkshopFile
from finops_desktop.ui.main_window import MainWindow
from tests.helpers.ui_context import OFFSCREEN_PLATFORM_NOTICES, ScriptedDialogs, make_context
from tests.helpers.workshops import make_workshop_file

pytestmark = OFFSCREEN_PLATFORM_NOTICES


def random_bytes(path: Path) -> str:
    path.write_bytes(random.Random(4).randbytes(8192))
    return "not a SQLite database"


def empty_file(path: Path) -> str:
    path.write_bytes(b"")
    return "empty"


def text_file(path: Path) -> str:
    path.write_text("Business unit,Stage\nRetail,Walk\n", encoding="utf-8")
    return "not a SQLite database"


def other_apps_database(path: Path) -> str:
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE contacts (name TEXT, phone TEXT)")
        conn.execute("INSERT INTO contacts VALUES ('Sam', '555-0100')")
    conn.close()
    return "another application"


def truncated_file(path: Path) -> str:
    whole = make_workshop_file(path.with_name("whole.finops"), [("Retail", 100.0, {"cost_visibility": ("walk", None)})])
    path.write_bytes(whole.read_bytes()[:3000])
    whole.unlink()
    return "damaged"


def newer_version(path: Path) -> str:
    make_workshop_file(path)
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA user_version = 99")
    conn.close()
    return "newer version"


def a_folder(path: Path) -> str:
    path.mkdir()
    return "folder"


BAD_FILES: dict[str, Callable[[Path], str]] = {
    "random bytes": random_bytes, "empty file": empty_file, "text file": text_file,
    "another app's SQLite database": other_apps_database, "truncated file": truncated_file,
    "newer-version file": newer_version, "a folder": a_folder,
}


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path) -> Iterator[MainWindow]:
    window = MainWindow(make_context(tmp_path / "settings"))
    qtbot.addWidget(window)
    window.resize(1280, 720)
    window.show()
    yield window
    window.close()


def dialogs(window: MainWindow) -> ScriptedDialogs:
    assert isinstance(window.context.dialogs, ScriptedDialogs)
    return window.context.dialogs


def snapshot(folder: Path) -> dict[str, bytes | None]:
    """Every file in ``folder`` with its bytes: nothing may appear, vanish or change (the app's settings aside)."""
    return {p.name: (p.read_bytes() if p.is_file() else None) for p in sorted(folder.iterdir())
            if p.name != "settings"}


@pytest.mark.parametrize("case", list(BAD_FILES), ids=list(BAD_FILES))
def test_a_bad_file_is_refused_with_a_clear_dialog(window: MainWindow, tmp_path: Path, case: str) -> None:
    (tmp_path / "settings").mkdir()
    folder = tmp_path / "files"
    folder.mkdir()
    path = folder / "workshop.finops"
    expected_words = BAD_FILES[case](path)
    before = snapshot(folder)
    assert not window.open_path(path)
    errors = dialogs(window).errors
    assert len(errors) == 1
    assert errors[0].title == "Cannot open “workshop.finops”"
    assert expected_words in errors[0].message
    assert errors[0].message.endswith("Nothing was changed.")
    assert errors[0].detail == str(path)
    assert snapshot(folder) == before
    assert window.stack.currentWidget() is window.start_screen
    assert window.context.file is None


def test_a_missing_file_is_reported_and_leaves_the_recent_list(window: MainWindow, tmp_path: Path) -> None:
    path = make_workshop_file(tmp_path / "moved.finops")
    assert window.open_path(path)
    window.close_action.trigger()
    path.unlink()
    assert window.context.settings.recent_files() == [path]
    assert not window.open_path(path)
    assert "No such file" in dialogs(window).errors[0].message
    assert window.context.settings.recent_files() == []


def test_a_bad_file_does_not_close_the_open_workshop(window: MainWindow, tmp_path: Path) -> None:
    good = make_workshop_file(tmp_path / "good.finops", [("Retail", None, {})])
    bad = tmp_path / "bad.finops"
    bad.write_text("not a workshop")
    assert window.open_path(good)
    assert not window.open_path(bad)
    assert window.context.file is not None and window.context.file.path == good
    window.workspace.assess.rate_current("walk")
    assert window.context.workshop is not None
    assert window.context.workshop.assessed_count() == 1


@pytest.fixture
def read_only_file(tmp_path: Path) -> Iterator[Path]:
    path = make_workshop_file(tmp_path / "locked.finops", [("Retail", None, {"cost_visibility": ("crawl", None)})])
    path.chmod(stat.S_IRUSR | stat.S_IRGRP)
    yield path
    path.chmod(stat.S_IRUSR | stat.S_IWUSR)


def test_a_read_only_file_is_offered_read_only(window: MainWindow, read_only_file: Path) -> None:
    before = snapshot(read_only_file.parent)
    dialogs(window).answer("offer_read_only", False)
    assert not window.open_path(read_only_file)
    assert "read-only" in dialogs(window).questions[0].message
    assert window.context.file is None
    dialogs(window).answer("offer_read_only", True)
    assert window.open_path(read_only_file)
    assert window.context.read_only
    assert window.windowTitle().endswith("(read-only)")
    window.workspace.assess.rate_current("run")
    window.close_action.trigger()
    assert snapshot(read_only_file.parent) == before


def test_a_file_open_in_another_window_is_offered_read_only(window: MainWindow, tmp_path: Path) -> None:
    path = make_workshop_file(tmp_path / "busy.finops", [("Retail", None, {})])
    with WorkshopFile.open(path):  # another window is editing it
        before = snapshot(tmp_path)
        dialogs(window).answer("offer_read_only", False)
        assert not window.open_path(path)
        assert "open for editing in another window" in dialogs(window).questions[0].message
        dialogs(window).answer("offer_read_only", True)
        assert window.open_path(path)
        assert window.context.read_only
        assert window.status_text.text().startswith("Read-only")
        window.close_action.trigger()
        assert snapshot(tmp_path) == before


def test_a_read_only_folder_cannot_take_a_new_workshop(window: MainWindow, tmp_path: Path) -> None:
    from finops_desktop.domain.catalogue import DEFAULT_MODEL_ID, find_model
    from finops_desktop.domain.workshop import WorkshopInfo
    from finops_desktop.ui.dialogs import NewWorkshopRequest

    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        request = NewWorkshopRequest(folder / "new.finops", WorkshopInfo("Northwind"), find_model(DEFAULT_MODEL_ID))
        dialogs(window).answer("new_workshop", request)
        assert not window.new_workshop()
        assert dialogs(window).errors[0].title == "Cannot create the workshop"
        assert "read-only" in dialogs(window).errors[0].message
        assert os.listdir(folder) == []
    finally:
        folder.chmod(stat.S_IRWXU)
