"""At 100, 150 and 200 % text the Assess tab shows every label whole: choice buttons, stage names, the room bar."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from finops_desktop.domain.workshop import Rating
from finops_desktop.ui.main_window import MainWindow
from tests.helpers.ui_context import OFFSCREEN_PLATFORM_NOTICES
from tests.helpers.windows import settle, window_on
from tests.helpers.workshops import make_workshop_file

pytestmark = OFFSCREEN_PLATFORM_NOTICES

SCALES = (1.0, 1.5, 2.0)


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path) -> Iterator[MainWindow]:
    window = window_on(qtbot, tmp_path, make_workshop_file(tmp_path / "w.finops", [("Payments", 1000.0, {})]))
    workshop = window.context.workshop
    assert workshop is not None
    bu = workshop.business_units[0]
    dimension = workshop.model.dimensions[0].id
    top = max(workshop.model.stages, key=lambda s: s.score).id
    assert window.context.file is not None
    window.context.file.set_rating(bu.id, dimension, Rating(current=top, target=top, confidence="medium"))
    window.workspace.assess.select_cell(bu.id, dimension)
    yield window
    window.set_font_scale(1.0)  # the application font is shared with the tests that follow
    window.context.close_file()


@pytest.mark.parametrize("scale", SCALES)
def test_target_and_confidence_buttons_are_never_narrower_than_their_text(
        qtbot: QtBot, window: MainWindow, scale: float) -> None:
    window.set_font_scale(scale)
    settle(qtbot)
    detail = window.workspace.assess.detail
    for group in (detail.target, detail.confidence):
        for _value, button in group.buttons:
            text = button.fontMetrics().horizontalAdvance(button.text())
            assert button.width() >= button.sizeHint().width() > text, button.text()
            inside = group.rect().contains(button.geometry())
            assert inside, f"{button.text()} lies outside its row at {scale:.0%}"
    if scale == 1.0:
        assert detail.target.rows() == 1  # one row whenever there is room for it


@pytest.mark.parametrize("scale", SCALES)
def test_a_card_both_now_and_target_shows_its_whole_stage_name(qtbot: QtBot, window: MainWindow, scale: float) -> None:
    window.set_font_scale(scale)
    settle(qtbot)
    card = next(c for c in window.workspace.assess.detail.cards.cards if c.is_current and c.is_target)
    assert card.title.text() == card.name
    assert card.badge.text() == "NOW · TARGET"
    if scale == 1.0:
        assert not card.badge_below  # beside the name when both fit


def _text_widgets(root: QWidget) -> list[QWidget]:
    return [w for w in root.findChildren(QWidget)
            if w.isVisible() and isinstance(w, QLabel | QAbstractButton | QLineEdit)]


@pytest.mark.parametrize("scale", (1.5, 2.0))
def test_the_room_bar_and_every_label_grow_with_the_text(qtbot: QtBot, window: MainWindow, scale: float) -> None:
    window.context.set_room_now("Ana (CFO), Ben")
    window.set_font_scale(scale)
    settle(qtbot)
    size = QApplication.font().pointSizeF()
    room = window.workspace.room_now
    for widget in (room.field, room.clear_button, room.label):
        assert widget.font().pointSizeF() == pytest.approx(size, abs=0.2), widget.accessibleName()
    assert room.field.height() >= room.field.fontMetrics().height()
    too_small = [(type(w).__name__, w.font().pointSizeF()) for w in _text_widgets(window)
                 if w.font().pointSizeF() < size * 0.85 and not (w.property("finops_relative_font") or [1])[0] < 1]
    assert not too_small


@pytest.mark.parametrize("scale", SCALES)
def test_every_field_that_wraps_gets_the_height_it_needs(qtbot: QtBot, window: MainWindow, scale: float) -> None:
    """An indicator's hint or a wrapped row of buttons never runs under the field below it."""
    workshop = window.context.workshop
    assert workshop is not None
    with_indicator = next(d for d in workshop.model.dimensions if d.indicators)
    window.workspace.assess.select_cell(workshop.business_units[0].id, with_indicator.id)
    window.set_font_scale(scale)
    settle(qtbot)
    detail = window.workspace.assess.detail
    squeezed = [(type(w).__name__, w.height(), w.heightForWidth(w.width()))
                for w in detail.findChildren(QWidget) if w.isVisible() and w.hasHeightForWidth()
                and isinstance(w, QLabel | type(detail.target) | type(detail.indicators))
                and w.height() < w.heightForWidth(w.width())]
    assert not squeezed
    assert detail._indicator_inputs, "the dimension shows an indicator"
    for indicator in detail._indicator_inputs:  # its placeholder, "not measured", whole
        field = indicator.field
        assert field.width() >= field.fontMetrics().horizontalAdvance(field.placeholderText()) + 12
