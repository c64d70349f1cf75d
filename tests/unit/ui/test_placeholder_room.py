"""A field's placeholder says what it takes: it is shown whole, at every text size, in the Add
business unit form and in the indicator field beside a cell."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit
from pytestqt.qtbot import QtBot

from finops_desktop.demo_workshop import write_demo
from finops_desktop.domain.model import Indicator
from finops_desktop.ui.business_unit_form import NewBusinessUnitDialog
from finops_desktop.ui.evidence_inputs import IndicatorInput
from finops_desktop.ui.placeholder_room import keep_placeholder_whole


@pytest.fixture
def text_size(qapp: QApplication) -> Iterator[Callable[[float], None]]:
    """Sets the application's text size (as View → Larger text does), and puts it back."""
    original = QApplication.font()

    def scale(factor: float) -> None:
        font = QFont(original)
        font.setPointSizeF(original.pointSizeF() * factor)
        QApplication.setFont(font)

    yield scale
    QApplication.setFont(original)


def _shows_whole_placeholder(edit: QLineEdit) -> bool:
    return edit.width() >= QFontMetrics(edit.font()).horizontalAdvance(edit.placeholderText()) + 4


@pytest.fixture
def indicator(tmp_path: Path) -> Indicator:
    with write_demo(tmp_path / "demo.finops") as file:
        return next(i for d in file.workshop.model.dimensions for i in d.indicators)


@pytest.mark.parametrize("factor", [1.0, 1.5, 2.0])
def test_the_add_unit_form_shows_every_placeholder_whole(qtbot: QtBot, text_size: Callable[[float], None],
                                                        factor: float) -> None:
    text_size(factor)
    dialog = NewBusinessUnitDialog(["Payments"], "EUR")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    for edit in (dialog.name, dialog.spend, dialog.growth, dialog.owner):
        assert _shows_whole_placeholder(edit), edit.placeholderText()
    for label in dialog.findChildren(QLabel):  # and the labels beside them are whole too
        if label.isVisible() and label.text():
            assert label.width() >= label.sizeHint().width(), label.text()


def test_the_indicator_field_follows_the_text_size(qtbot: QtBot, text_size: Callable[[float], None],
                                                  indicator: Indicator) -> None:
    field = IndicatorInput(indicator)
    qtbot.addWidget(field)
    field.show()
    qtbot.waitExposed(field)
    assert _shows_whole_placeholder(field.field)
    small = field.field.width()
    text_size(1.6)
    qtbot.waitUntil(lambda: field.field.width() > small, timeout=1000)
    assert _shows_whole_placeholder(field.field)
    assert field.field.maximumWidth() == field.field.minimumWidth()  # snug: it does not take the row


def test_a_changed_placeholder_needs_a_new_fit(qtbot: QtBot) -> None:
    edit = QLineEdit()
    qtbot.addWidget(edit)
    edit.setPlaceholderText("short")
    keep_placeholder_whole(edit)
    short = edit.minimumWidth()
    edit.setPlaceholderText("a much longer placeholder than before")
    keep_placeholder_whole(edit)
    assert edit.minimumWidth() > short
