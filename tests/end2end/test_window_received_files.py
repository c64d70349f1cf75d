"""A received file with SQL of its own, in the window: refused with a message, then opened as a clean copy."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from finops_desktop.domain import catalogue
from finops_desktop.ui.main_window import MainWindow
from finops_desktop.ui.workshop_forms import NewWorkshopDialog
from tests.helpers.commands import digest
from tests.helpers.ui_context import OFFSCREEN_PLATFORM_NOTICES, ScriptedDialogs, make_context
from tests.helpers.workshops import make_workshop_file

pytestmark = OFFSCREEN_PLATFORM_NOTICES


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path) -> Iterator[MainWindow]:
    window = MainWindow(make_context(tmp_path / "settings"))
    qtbot.addWidget(window)
    window.resize(1280, 720)
    window.show()
    yield window
    window.close()


def test_a_refused_file_is_opened_as_a_clean_copy(window: MainWindow, tmp_path: Path) -> None:
    received = make_workshop_file(tmp_path / "received.finops",
                                  [("Retail", 100.0, {"cost_visibility": ("walk", None)})])
    conn = sqlite3.connect(received)
    conn.execute("CREATE TRIGGER sneaky AFTER INSERT ON rating_history BEGIN UPDATE workshop SET client = 'x'; END")
    conn.commit()
    conn.close()
    before = digest(received)
    dialogs = window.context.dialogs
    assert isinstance(dialogs, ScriptedDialogs)
    assert not window.open_path(received)
    assert "trigger 'sneaky'" in dialogs.errors[-1].message and "Open a clean copy" in dialogs.errors[-1].message
    clean = tmp_path / "clean.finops"
    dialogs.answer("choose_file_to_save", clean)
    action = next(a for a in window.menuBar().actions()[0].menu().actions() if "clean copy" in a.text())
    action.trigger()
    assert window.context.file is not None and window.context.file.path == clean
    assert "trigger 'sneaky' on 'rating_history'" in dialogs.notices[-1].message
    assert digest(received) == before
    window.workspace.assess.rate_current("run")
    assert window.context.workshop is not None and window.context.workshop.info.client == "Test client"


def test_the_new_workshop_dialog_names_model_files_it_skipped(qtbot: QtBot, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    folder = catalogue.user_folder("models")
    folder.mkdir(parents=True)
    (folder / "broken.toml").write_text("format = 1\nid = \"x\"\nname = = 3\n", encoding="utf-8")
    catalogue.model_catalogue.cache_clear()
    try:
        dialog = NewWorkshopDialog(tmp_path, "", ScriptedDialogs())
        qtbot.addWidget(dialog)
        dialog.show()
        assert dialog.model_choice.count() == 1
        assert dialog.skipped_models.isVisible()
        assert f"{folder}/broken.toml, line 3: not valid TOML" in dialog.skipped_models.text()
        dialog.grab().save(str(tmp_path / "new-workshop.png"))
    finally:
        catalogue.model_catalogue.cache_clear()
