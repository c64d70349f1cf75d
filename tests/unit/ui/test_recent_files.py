"""The recent files: the file opened last comes first; reopening it writes nothing and refills no menu."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings

from finops_desktop.ui.app_settings import AppSettings


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
