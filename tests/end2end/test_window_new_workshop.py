"""The New workshop form through the window: the currency of the last workshop is offered for the next."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from finops_desktop.domain.catalogue import DEFAULT_MODEL_ID, find_model
from finops_desktop.domain.workshop import WorkshopInfo
from finops_desktop.ui.dialogs import NewWorkshopRequest
from finops_desktop.ui.main_window import MainWindow
from tests.helpers.ui_context import OFFSCREEN_PLATFORM_NOTICES, ScriptedDialogs, make_context

pytestmark = OFFSCREEN_PLATFORM_NOTICES


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path) -> Iterator[MainWindow]:
    window = MainWindow(make_context(tmp_path))
    qtbot.addWidget(window)
    window.show()
    yield window
    window.close()


def test_the_currency_of_the_last_workshop_is_offered_for_the_next(window: MainWindow, tmp_path: Path) -> None:
    dialogs = window.context.dialogs
    assert isinstance(dialogs, ScriptedDialogs)
    model = find_model(DEFAULT_MODEL_ID)
    dialogs.answer("new_workshop", NewWorkshopRequest(tmp_path / "a.finops", WorkshopInfo("A", currency="CHF"), model))
    assert window.new_workshop()
    assert dialogs.asked_currency == ""
    dialogs.answer("new_workshop", None)
    window.new_workshop()
    assert dialogs.asked_currency == "CHF"
    reopened = make_context(tmp_path)  # the same settings file: remembered between sessions
    assert reopened.settings.last_currency == "CHF"


def test_on_a_fresh_system_without_a_documents_folder_the_form_offers_the_home_folder(
        window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Qt names ~/Documents even where it was never made; the form must offer a folder that is there."""
    from PySide6.QtCore import QStandardPaths

    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setattr(QStandardPaths, "writableLocation", staticmethod(lambda _where: str(home / "Documents")))
    dialogs = window.context.dialogs
    assert isinstance(dialogs, ScriptedDialogs)
    dialogs.answer("new_workshop", None)
    window.new_workshop()
    assert dialogs.asked_folder == home and home.is_dir()
