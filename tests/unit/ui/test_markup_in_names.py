"""Names, notes and round names typed in the room that look like markup are shown as typed: no label
of the window reads them as rich text (a "<" would start a tag, an "&" an entity)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6 import QtGui
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from finops_desktop.domain.workshop import Rating
from finops_desktop.storage.workshop_file import WorkshopFile
from finops_desktop.ui.main_window import MainWindow
from finops_desktop.ui.workspace import ASSESS_TAB, BUSINESS_UNITS_TAB, CHARTS_TAB, ROADMAP_TAB
from tests.helpers.ui_context import OFFSCREEN_PLATFORM_NOTICES
from tests.helpers.windows import window_on
from tests.helpers.workshops import make_workshop_file

pytestmark = OFFSCREEN_PLATFORM_NOTICES

UNIT = "<i>Retail</i> & Co"
CLIENT = "<b>Acme</b> &amp; Sons"
ROUND = "Q3 <u>review</u>"
NOTE = "<a href='https://example.com'>see</a> & <b>urgent</b>"
#: A piece of each, long enough to be recognised where a label elides the rest.
MARKUP = ("Retail</i>", "Acme</b>", "review</u>", "urgent</b>")


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path) -> Iterator[MainWindow]:
    path = make_workshop_file(tmp_path / "markup.finops", [(UNIT, 5000.0, {"cost_visibility": ("walk", "run")}),
                                                           ("Payments", 1000.0, {})], client=CLIENT)
    with WorkshopFile.open(path) as file:
        file.add_round(ROUND)
        bu = file.workshop.business_units[0]
        file.set_rating(bu.id, "cost_visibility", Rating("walk", "run", note=NOTE))
    window = window_on(qtbot, tmp_path, path)
    qtbot.waitExposed(window)
    yield window
    window.context.close_file()


def read_as_markup(label: QLabel) -> bool:
    fmt = label.textFormat()
    return fmt == Qt.TextFormat.RichText or (fmt == Qt.TextFormat.AutoText
                                             and QtGui.Qt.mightBeRichText(label.text()))


@pytest.mark.parametrize("tab", [ASSESS_TAB, BUSINESS_UNITS_TAB, CHARTS_TAB, ROADMAP_TAB])
def test_no_label_reads_typed_text_as_markup(qtbot: QtBot, window: MainWindow, tab: int) -> None:
    window.workspace.show_tab(tab)
    if tab == ASSESS_TAB:
        grid = window.workspace.assess.grid
        grid.select_cell(grid.model().index(0, 0))
    qtbot.wait(50)
    problems = []
    for label in window.findChildren(QLabel):
        text = label.text()
        for typed in MARKUP:
            if typed in text and read_as_markup(label):
                problems.append(f"{label.objectName() or type(label.parent()).__name__}: {text!r}")
    assert problems == []
