"""Every value the settings file gives back is checked, as a typed one would be.

The settings file is the user's to edit (or a received dotfile's): a text size of "nan", a
recent-files list of 100,000 entries, an entry holding a NUL or a QByteArray, each falls back
to the default or is left out, and nothing stops the window from starting.
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QByteArray, QSettings
from pytestqt.qtbot import QtBot

from finops_desktop.ui.app_settings import MAX_RECENT_FILES, AppSettings
from finops_desktop.ui.fonts import MAX_SCALE, MIN_SCALE, clamp_scale
from finops_desktop.ui.main_window import MainWindow
from tests.helpers.ui_context import make_context

FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def written_settings(folder: Path, text: str) -> AppSettings:
    """Settings read from an INI file holding ``text``, as a user (or a crafted file) left it."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "settings.ini"
    path.write_text(text, encoding="utf-8")
    return AppSettings(QSettings(str(path), QSettings.Format.IniFormat))


@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf])
def test_a_text_size_that_is_not_a_finite_number_is_the_normal_size(value: float) -> None:
    assert clamp_scale(value) == 1.0


@pytest.mark.parametrize("text", ["nan", "NaN", "inf", "-inf", "1e999"])
def test_a_text_size_of_nan_in_the_file_reads_as_the_normal_size(qapp: object, tmp_path: Path, text: str) -> None:
    assert written_settings(tmp_path, f"[view]\nfont_scale={text}\n").font_scale == 1.0


@FUZZ
@given(text=st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\n\r\0"),
                    max_size=30) | st.sampled_from(["nan", "+nan", "-inf", "1e308", "0.7", "2", "1, 2"]))
def test_any_text_size_in_the_file_reads_as_one_the_window_can_show(
        qapp: object, tmp_path_factory: pytest.TempPathFactory, text: str) -> None:
    folder = tmp_path_factory.mktemp("fuzz")
    scale = written_settings(folder, "[view]\nfont_scale=" + text.replace("\\", "\\\\") + "\n").font_scale
    assert math.isfinite(scale) and MIN_SCALE <= scale <= MAX_SCALE
    round(scale * 100)  # what the status line does with it


def test_the_window_starts_on_a_settings_file_saying_nan_and_writes_the_normal_size(qtbot: QtBot,
                                                                                     tmp_path: Path) -> None:
    (tmp_path / "settings.ini").write_text("[view]\nfont_scale=nan\n")
    context = make_context(tmp_path)
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.set_font_scale(context.settings.font_scale)  # as app.open_window does at every start
    window.change_font_scale(math.nan)
    assert context.settings.store.value("view/font_scale") == 1.0


def test_a_recent_files_list_is_cut_to_its_limit_as_it_is_read(qapp: object, tmp_path: Path) -> None:
    entries = ", ".join(f"/nowhere/w{i}.finops" for i in range(20_000))
    settings = written_settings(tmp_path, f"[files]\nrecent={entries}\n")
    files = settings.recent_files()
    assert files == [Path(f"/nowhere/w{i}.finops") for i in range(MAX_RECENT_FILES)]


def test_the_menu_and_start_screen_show_at_most_the_limit(qtbot: QtBot, tmp_path: Path) -> None:
    entries = ", ".join(f"/nowhere/w{i}.finops" for i in range(5_000))
    (tmp_path / "settings.ini").write_text(f"[files]\nrecent={entries}\n")
    window = MainWindow(make_context(tmp_path))
    qtbot.addWidget(window)
    window.show()
    files = [a for a in window.recent_menu.actions() if "  —  " in a.text()]
    assert len(files) == MAX_RECENT_FILES
    assert window.start_screen.recent.count() == MAX_RECENT_FILES


def test_entries_that_name_no_file_are_left_out(qapp: object, tmp_path: Path) -> None:
    settings = written_settings(tmp_path, "[files]\nrecent=/a\\0b.finops, relative.finops, @ByteArray(/x.finops), "
                                          "/ok.finops, /ok.finops, @Variant(\\0\\0\\0\\x2\\0\\0\\0\\x5), /two.finops\n"
                                          "last_folder=/tmp\\0/x\n")
    assert settings.recent_files() == [Path("/ok.finops"), Path("/two.finops")]
    assert settings.last_folder is None


def test_an_entry_holding_a_nul_is_never_remembered(qapp: object, tmp_path: Path) -> None:
    settings = written_settings(tmp_path, "")
    settings.add_recent_file(Path("/clients/a\0b.finops"))
    settings.last_folder = Path("/clients/a\0b")
    assert settings.recent_files() == [] and settings.last_folder is None


@pytest.mark.parametrize(("key", "text"), [("view/scheme", "dark, light"), ("view/scheme", "@ByteArray(dark)"),
                                           ("workshops/last_currency", "eur, usd"),
                                           ("workshops/last_currency", "=cmd|' /C calc'!A0"),
                                           ("view/assess_grid_share", "nan"), ("view/assess_grid_share", "0.5, 0.6")])
def test_other_values_of_the_wrong_kind_fall_back_to_the_default(qapp: object, tmp_path: Path, key: str,
                                                                 text: str) -> None:
    group, name = key.split("/")
    settings = written_settings(tmp_path, f"[{group}]\n{name}={text}\n")
    assert (settings.scheme.value, settings.last_currency, settings.assess_grid_share) == ("system", "", None)


def test_window_state_that_is_not_bytes_is_ignored(qapp: object, tmp_path: Path) -> None:
    settings = written_settings(tmp_path, "[window]\ngeometry=garbage\n")
    assert settings.window_state("geometry") is None
    settings.set_window_state("geometry", QByteArray(b"\x01\x02"))
    assert settings.window_state("geometry") == QByteArray(b"\x01\x02")
