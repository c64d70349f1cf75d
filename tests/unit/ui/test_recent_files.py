"""The recent files: the file opened last comes first; reopening it writes nothing and refills no menu.

Every path comes back exactly as it was opened, or not at all; never as another file.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QMimeData, QPointF, QSettings, Qt, QUrl
from PySide6.QtGui import QDropEvent
from pytestqt.qtbot import QtBot

from finops_desktop.ui.app_settings import MAX_RECENT_FILES, AppSettings
from finops_desktop.ui.dialogs import TITLE_NAME_CHARACTERS
from finops_desktop.ui.main_window import MainWindow
from tests.helpers.ui_context import ScriptedDialogs, make_context
from tests.helpers.workshops import make_workshop_file


def test_reopening_the_file_opened_last_writes_nothing(qapp: object, tmp_path: Path) -> None:
    store = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    settings = AppSettings(store)
    heard: list[bool] = []
    settings.recent_files_changed.connect(lambda: heard.append(True))
    first, second = tmp_path / "a.finops", tmp_path / "b.finops"
    settings.add_recent_file(first)
    settings.add_recent_file(second)
    assert settings.recent_files() == [second, first] and len(heard) == 2
    written = (tmp_path / "settings.ini").read_bytes()

    settings.add_recent_file(second)
    assert len(heard) == 2
    assert (tmp_path / "settings.ini").read_bytes() == written

    settings.add_recent_file(first)  # another file: to the front, written at once
    assert settings.recent_files() == [first, second] and len(heard) == 3
    assert QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat).value("files/recent") == \
        [str(first), str(second)]


# A name that is not UTF-8 ------------------------------------------------------------------
# Linux allows any bytes in a name; Python shows those that are not UTF-8 as lone surrogates,
# which Qt's strings drop: "caf\xe9.finops" was remembered as "caf.finops", another workshop.

LATIN_1 = os.fsdecode(b"caf\xe9.finops")


def _store(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


def _read_in_a_new_process(tmp_path: Path) -> list[str]:
    """What a later start of the app reads back (Qt keeps a file's values in memory within a process)."""
    code = textwrap.dedent("""
        import os, sys
        from pathlib import Path
        from PySide6.QtCore import QSettings
        from finops_desktop.ui.app_settings import AppSettings
        settings = AppSettings(QSettings(sys.argv[1], QSettings.Format.IniFormat))
        paths = [*settings.recent_files(), settings.last_folder]
        print("\\n".join(os.fsencode(p).hex() if p else "-" for p in paths))
    """)
    done = subprocess.run([sys.executable, "-c", code, str(tmp_path / "settings.ini")], capture_output=True,
                          text=True, timeout=60, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert done.returncode == 0, done.stderr
    return [os.fsdecode(bytes.fromhex(line)) if line != "-" else "-" for line in done.stdout.split()]


@pytest.mark.skipif(os.name != "posix", reason="names are bytes on POSIX only")
def test_a_name_that_is_not_utf8_is_remembered_exactly(qapp: object, tmp_path: Path) -> None:
    settings = AppSettings(_store(tmp_path))
    wanted = tmp_path / LATIN_1
    settings.add_recent_file(tmp_path / "caf.finops")
    settings.add_recent_file(wanted)
    settings.last_folder = tmp_path / os.fsdecode(b"clients-\xff")
    assert settings.recent_files() == [wanted, tmp_path / "caf.finops"]
    settings.sync()
    assert _read_in_a_new_process(tmp_path) == [str(wanted), str(tmp_path / "caf.finops"),
                                                str(tmp_path / os.fsdecode(b"clients-\xff"))]


_NAME_BYTES = st.binary(min_size=1, max_size=40).filter(lambda b: b"\0" not in b and b"/" not in b
                                                        and b not in (b".", b".."))


@pytest.mark.skipif(os.name != "posix", reason="names are bytes on POSIX only")
@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(names=st.lists(_NAME_BYTES, min_size=1, max_size=4, unique=True))
def test_any_name_comes_back_as_the_same_path_or_not_at_all(qapp: object, tmp_path_factory: pytest.TempPathFactory,
                                                           names: list[bytes]) -> None:
    folder = tmp_path_factory.mktemp("names")
    settings = AppSettings(QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat))
    paths = [Path("/clients") / os.fsdecode(name) for name in names]
    for path in paths:
        settings.add_recent_file(path)
    assert settings.recent_files() == paths[::-1]
    settings.last_folder = paths[0]
    assert settings.last_folder == paths[0]


@pytest.mark.skipif(os.name != "posix", reason="names are bytes on POSIX only")
def test_open_recent_opens_the_file_chosen_not_another(qtbot: QtBot, tmp_path: Path) -> None:
    wanted = make_workshop_file(tmp_path / LATIN_1, client="Latin-1 client")
    make_workshop_file(tmp_path / "caf.finops", client="OTHER client")
    window = MainWindow(make_context(tmp_path))
    qtbot.addWidget(window)
    assert window.open_path(wanted)
    window.context.close_file()
    entry = next(a for a in window.recent_menu.actions() if a.text().startswith("&1"))
    assert "caf\N{REPLACEMENT CHARACTER}.finops" in entry.text()
    entry.trigger()
    assert window.context.file is not None and window.context.file.path == wanted
    assert window.context.workshop is not None and window.context.workshop.info.client == "Latin-1 client"
    assert window.context.settings.last_folder == tmp_path

    window.context.close_file()  # the start screen's list, too
    with qtbot.wait_signal(window.start_screen.recent_chosen) as chosen:
        window.start_screen.recent.itemActivated.emit(window.start_screen.recent.item(0))
    assert chosen.args == [wanted]


# Remove missing files ------------------------------------------------------------------------

def test_removing_the_missing_files_is_one_write(qtbot: QtBot, tmp_path: Path) -> None:
    present = make_workshop_file(tmp_path / "here.finops")
    context = make_context(tmp_path)
    settings = context.settings
    for i in range(MAX_RECENT_FILES - 1):
        settings.add_recent_file(tmp_path / f"gone{i}.finops")
    settings.add_recent_file(present)
    window = MainWindow(context)
    qtbot.addWidget(window)
    heard: list[bool] = []
    settings.recent_files_changed.connect(lambda: heard.append(True))
    action = next(a for a in window.recent_menu.actions() if a.text().startswith("Remove &missing"))
    action.trigger()
    assert settings.recent_files() == [present]
    assert len(heard) == 1  # one write, one refill of the menu and the start screen


# A name no file can have ----------------------------------------------------------------------

def _drop(window: MainWindow, url: QUrl) -> QDropEvent:
    data = QMimeData()
    data.setUrls([url])
    event = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, data, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier)
    window.dropEvent(event)
    return event


def test_a_dropped_name_holding_a_nul_is_refused_in_plain_words(qtbot: QtBot, tmp_path: Path) -> None:
    make_workshop_file(tmp_path / "ab.finops")
    dialogs = ScriptedDialogs()
    window = MainWindow(make_context(tmp_path, dialogs))
    qtbot.addWidget(window)
    _drop(window, QUrl(f"file://{tmp_path}/a%00b.finops"))
    assert window.context.file is None
    assert [e.message for e in dialogs.errors] == [
        "This is not a valid file name (it holds a NUL character).\n\nNothing was changed."]
    assert "\0" not in dialogs.errors[0].title + dialogs.errors[0].detail


@pytest.mark.skipif(os.name != "posix", reason="names are bytes on POSIX only")
def test_a_dropped_name_that_is_not_utf8_opens_that_file(qtbot: QtBot, tmp_path: Path) -> None:
    wanted = make_workshop_file(tmp_path / LATIN_1, client="Latin-1 client")
    window = MainWindow(make_context(tmp_path))
    qtbot.addWidget(window)
    _drop(window, QUrl(f"file://{tmp_path}/caf%E9.finops"))
    assert window.context.file is not None and window.context.file.path == wanted
    assert window.windowTitle() == "Latin-1 client — caf\N{REPLACEMENT CHARACTER}.finops"


# Names too long, loops of links --------------------------------------------------------------

@pytest.mark.parametrize("kind", ["loop", "long component", "long path"])
def test_a_name_no_system_can_open_is_not_offered_read_only(qtbot: QtBot, tmp_path: Path, kind: str) -> None:
    if kind == "loop":
        path = tmp_path / "loop.finops"
        path.symlink_to(path)
    elif kind == "long component":
        path = tmp_path / ("b" * 300 + ".finops")
    else:
        path = tmp_path.joinpath(*["c" * 200] * 30, "x.finops")
    dialogs = ScriptedDialogs()  # an offer to open read-only would fail: no answer is queued
    window = MainWindow(make_context(tmp_path, dialogs))
    qtbot.addWidget(window)
    assert not window.open_path(path)
    assert dialogs.questions == [] and len(dialogs.errors) == 1
    error = dialogs.errors[0]
    assert error.message.endswith("Nothing was changed.")
    assert len(error.title) <= len("Cannot open “”") + TITLE_NAME_CHARACTERS
    assert len(error.detail) <= 300 and max(map(len, error.detail.split("/"))) <= 80  # lines break after "/"


def test_a_long_file_name_is_cut_in_the_window_title(qtbot: QtBot, tmp_path: Path) -> None:
    name = ("Quarterly_review_" * 14)[:220] + ".finops"  # about the longest a folder takes with its journal
    path = make_workshop_file(tmp_path / name, client="Client " * 28)
    window = MainWindow(make_context(tmp_path))
    qtbot.addWidget(window)
    assert window.open_path(path)
    title = window.windowTitle()
    assert len(title) <= 2 * TITLE_NAME_CHARACTERS + len(" — ")
    assert title.endswith(".finops") and "…" in title
