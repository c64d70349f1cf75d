"""A style sheet made from the palette is made again when the scheme changes, wherever its widget sits."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QColor, QImage, QPalette
from PySide6.QtWidgets import QApplication, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from finops_desktop.ui.app_settings import AppSettings
from finops_desktop.ui.choice_buttons import ChoiceButtons
from finops_desktop.ui.palette import Scheme, apply_scheme, dark_palette, follow_palette, light_palette
from finops_desktop.ui.start_screen import StartScreen

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")
BUTTON = QPalette.ColorRole.Button


@pytest.fixture
def light(qapp: QApplication) -> Iterator[QApplication]:
    apply_scheme(qapp, Scheme.LIGHT)
    yield qapp
    apply_scheme(qapp, Scheme.LIGHT)


def placed(qtbot: QtBot, child: QWidget) -> QWidget:
    """``child``, made without a parent, put in a shown window's layout (as the panels do)."""
    window = QWidget()
    qtbot.addWidget(window)
    QVBoxLayout(window).addWidget(child)
    window.resize(500, 200)
    window.show()
    qtbot.waitExposed(window)
    return window


def centre_colour(widget: QWidget) -> QColor:
    image: QImage = widget.grab().toImage()
    return image.pixelColor(image.width() // 2, image.height() - 4)


def test_the_toggle_buttons_take_the_dark_scheme_and_come_back(qtbot: QtBot, light: QApplication) -> None:
    choices = ChoiceButtons()
    choices.set_options([("low", "Low"), ("high", "High")])
    window = placed(qtbot, choices)
    button = choices.button("low")
    assert button.palette().color(BUTTON) == light_palette().color(BUTTON)
    apply_scheme(light, Scheme.DARK)
    assert button.palette().color(BUTTON) == dark_palette().color(BUTTON)
    assert centre_colour(button).lightnessF() < 0.5, "drawn dark, not only given a dark palette"
    apply_scheme(light, Scheme.LIGHT)
    assert button.palette().color(BUTTON) == light_palette().color(BUTTON)
    assert centre_colour(button).lightnessF() > 0.5
    window.close()


def test_the_start_screens_buttons_take_the_dark_scheme(qtbot: QtBot, light: QApplication, tmp_path: Path) -> None:
    screen = StartScreen(AppSettings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)))
    window = placed(qtbot, screen)
    apply_scheme(light, Scheme.DARK)
    base = dark_palette().color(QPalette.ColorRole.Base).name()
    sheets = [w.styleSheet() for w in screen.findChildren(QWidget) if w.objectName() == "startButton"]
    assert sheets and all(f"background: {base}" in sheet for sheet in sheets)
    window.close()


def test_a_followed_widget_that_is_gone_is_skipped(qtbot: QtBot, light: QApplication) -> None:
    kept = QWidget()
    qtbot.addWidget(kept)
    gone = QWidget()
    follow_palette(kept, lambda palette: f"QWidget {{ color: {palette.color(BUTTON).name()}; }}")
    follow_palette(gone, lambda palette: "QWidget { color: red; }")
    gone.deleteLater()
    qtbot.wait(10)
    apply_scheme(light, Scheme.DARK)
    assert dark_palette().color(BUTTON).name() in kept.styleSheet()
