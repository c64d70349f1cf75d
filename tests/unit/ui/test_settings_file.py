"""A settings file that is not a regular file is neither read nor written; the app runs on its defaults.

Qt reads the settings file as a ``QSettings`` is made, so a pipe there stopped the window from
ever starting; and it writes the file by replacing what a link points at, which once turned a
device into a text file. Each case runs in a process of its own (a hang there fails the test
instead of the test run), with its configuration folder in the test's temporary folder.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

APP = "FinOps Maturity Workshop"

#: Run in a fresh process: the app's default settings, one value written and synced, what was said.
_START = textwrap.dedent(f"""
    from pathlib import Path
    from PySide6.QtCore import QCoreApplication, QSettings
    app = QCoreApplication([])
    QCoreApplication.setOrganizationName({APP!r})
    QCoreApplication.setApplicationName({APP!r})
    from finops_desktop.ui.app_settings import AppSettings
    settings = AppSettings()
    problem = getattr(settings, "problem", "")
    print("problem:", problem)
    print("scale:", settings.font_scale)
    settings.font_scale = 1.5
    settings.add_recent_file(Path("/clients/acme.finops"))
    settings.sync()
    print("same file as Qt's:", settings.store.fileName() == QSettings().fileName() if not problem else "-")
    del settings
""")

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo") or sys.platform == "darwin",
                                reason="the settings are an INI file on Linux and other Unix systems")


def start(tmp_path: Path) -> list[str]:
    env = {**os.environ, "HOME": str(tmp_path / "home"), "XDG_CONFIG_HOME": str(tmp_path / "config"),
           "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-c", _START], capture_output=True, text=True, timeout=30, env=env)
    assert done.returncode == 0, done.stderr
    return done.stdout.splitlines()


def settings_file(tmp_path: Path) -> Path:
    folder = tmp_path / "config" / APP
    folder.mkdir(parents=True)
    return folder / f"{APP}.conf"


def test_a_regular_settings_file_is_the_one_qt_uses(tmp_path: Path) -> None:
    path = settings_file(tmp_path)
    path.write_text("[view]\nfont_scale=1.2\n")
    assert start(tmp_path) == ["problem: ", "scale: 1.2", "same file as Qt's: True"]
    assert "font_scale=1.5" in path.read_text()


def test_a_link_to_a_regular_settings_file_is_followed(tmp_path: Path) -> None:
    real = tmp_path / "dotfiles" / "finops.conf"
    real.parent.mkdir()
    real.write_text("[view]\nfont_scale=1.2\n")
    settings_file(tmp_path).symlink_to(real)
    assert start(tmp_path)[:2] == ["problem: ", "scale: 1.2"]
    assert "font_scale=1.5" in real.read_text()


@pytest.mark.parametrize("kind", ["fifo", "link to a fifo", "folder", "dangling link"])
def test_a_settings_file_that_is_not_a_regular_file_is_left_alone(tmp_path: Path, kind: str) -> None:
    path = settings_file(tmp_path)
    fifo = tmp_path / "pipe"
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "link to a fifo":  # as a link to a device: the target would be replaced
        os.mkfifo(fifo)
        path.symlink_to(fifo)
    elif kind == "folder":
        path.mkdir()
    else:
        path.symlink_to(tmp_path / "nowhere" / "settings.conf")
    said = start(tmp_path)  # with Qt reading a pipe, this never ended
    assert said[0].startswith(f"problem: The settings file {path} cannot be used (")
    assert said[0].endswith("settings are not remembered in this session.")
    assert said[1] == "scale: 1.0"
    if kind == "fifo":
        assert stat.S_ISFIFO(os.lstat(path).st_mode)
    elif kind == "link to a fifo":
        assert path.is_symlink() and stat.S_ISFIFO(os.lstat(fifo).st_mode)
    elif kind == "folder":
        assert path.is_dir() and not any(path.iterdir())
    else:
        assert not (tmp_path / "nowhere").exists()


def test_the_window_says_once_that_the_settings_are_not_remembered(qtbot: QtBot, tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtCore import QCoreApplication

    from finops_desktop.ui.app_settings import AppSettings, MemoryStore
    from finops_desktop.ui.context import ApplicationContext
    from finops_desktop.ui.main_window import MainWindow
    from tests.helpers.ui_context import ScriptedDialogs

    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    for name in ("organizationName", "applicationName"):
        monkeypatch.setattr(QCoreApplication, name, staticmethod(lambda: APP))
    os.mkfifo(settings_file(tmp_path))
    settings = AppSettings()
    assert isinstance(settings.store, MemoryStore)
    window = MainWindow(ApplicationContext(settings, ScriptedDialogs(), data_dir=tmp_path / "data"))
    qtbot.addWidget(window)
    assert window.statusBar().currentMessage() == settings.problem != ""
