"""A window that opened a workshop read-only (another window edits it) shows the other window's edits."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from finops_desktop.domain.workshop import Rating
from finops_desktop.storage.workshop_file import WorkshopFile
from finops_desktop.ui.main_window import MainWindow
from tests.helpers.ui_context import OFFSCREEN_PLATFORM_NOTICES, ScriptedDialogs, make_context
from tests.helpers.workshops import make_workshop_file

pytestmark = OFFSCREEN_PLATFORM_NOTICES


@pytest.fixture
def editing(tmp_path: Path) -> Iterator[WorkshopFile]:
    path = make_workshop_file(tmp_path / "w.finops", [("Retail", 10.0, {"cost_visibility": ("crawl", "walk")})])
    with WorkshopFile.open(path) as file:
        yield file


def test_the_read_only_window_follows_the_editing_one(qtbot: QtBot, tmp_path: Path, editing: WorkshopFile) -> None:
    window = MainWindow(make_context(tmp_path))
    qtbot.addWidget(window)
    window.show()
    dialogs = window.context.dialogs
    assert isinstance(dialogs, ScriptedDialogs)
    dialogs.answer("offer_read_only", True)
    assert window.open_path(editing.path) and window.context.read_only
    bu = editing.workshop.business_units[0].id
    editing.set_rating(bu, "cost_visibility", Rating("run", "run"))

    def shows_the_edit() -> bool:
        workshop = window.context.workshop
        return workshop is not None and workshop.rating(bu, "cost_visibility").current == "run"

    qtbot.wait_until(shows_the_edit, timeout=5000)
    assert window.context.read_only
    grid = window.workspace.assess.grid_model
    assert "Run" in str(grid.data(grid.index(0, 0)))
    editing.update_business_unit(bu, name="Retail Banking")
    qtbot.wait_until(lambda: window.context.workshop is not None
                     and window.context.workshop.business_units[0].name == "Retail Banking", timeout=5000)
    window.close()
