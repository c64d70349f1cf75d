"""A switch of scheme reaches every widget: style sheets made from the palette are made again wherever their
widget sits, and views open at the time (the presentation, the assumptions editor) take the new colours."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QColor, QImage, QPalette
from PySide6.QtWidgets import QApplication, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from finops_desktop.storage.workshop_file import WorkshopFile
from finops_desktop.ui.app_settings import AppSettings
from finops_desktop.ui.assumptions_editor import AssumptionsEditor
from finops_desktop.ui.assumptions_table import edited_colour
from finops_desktop.ui.choice_buttons import ChoiceButtons
from finops_desktop.ui.context import ApplicationContext
from finops_desktop.ui.palette import (
    Scheme,
    apply_scheme,
    dark_palette,
    follow_palette,
    light_palette,
    problem_colour,
)
from finops_desktop.ui.presentation import Presentation, PresentationView
from finops_desktop.ui.start_screen import StartScreen
from tests.helpers.ui_context import make_context
from tests.helpers.workshops import make_workshop_file

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


# Views whose colours are made for what they show, open while the scheme changes ---------------------------


@pytest.fixture
def opened(qapp: QApplication, tmp_path: Path) -> Iterator[ApplicationContext]:
    path = make_workshop_file(tmp_path / "w.finops", [("Retail", 1000.0, {"commitment_strategy": ("crawl", "walk")})])
    with WorkshopFile.open(path) as file:
        file.add_participant("Ana")
        file.set_waste_assumption("commitment_strategy", "crawl", 0.2, "Our own estimate.")
    context = make_context(tmp_path)
    assert context.open_path(path)
    yield context
    context.close_file()


def test_a_presentation_open_while_the_scheme_changes_takes_the_new_colours(
        qtbot: QtBot, light: QApplication, opened: ApplicationContext) -> None:
    presentation = Presentation(opened, None)
    view = PresentationView(presentation)
    qtbot.addWidget(view)
    view.resize(1280, 720)
    view.show()
    qtbot.waitExposed(view)
    apply_scheme(light, Scheme.DARK)
    QApplication.processEvents()  # the columns' labels are polished again in the next turn
    for column in view.columns:  # the window is dark: the stage's name and words are light on it
        assert column.title.palette().color(column.title.foregroundRole()).lightnessF() > 0.5
        assert column.description.palette().color(column.description.foregroundRole()).lightnessF() > 0.5
    view.close()


def test_the_assumptions_editor_open_while_the_scheme_changes_takes_the_new_colours(
        qtbot: QtBot, light: QApplication, opened: ApplicationContext) -> None:
    editor = AssumptionsEditor(opened)
    qtbot.addWidget(editor)
    editor.resize(1200, 760)
    editor.show()
    qtbot.waitExposed(editor)
    editor.select_entry("commitment_strategy", "crawl")
    assert editor.badge.text() == "EDITED FOR THIS WORKSHOP" and "#b45309" in editor.badge.styleSheet().lower()
    apply_scheme(light, Scheme.DARK)
    QApplication.processEvents()
    assert edited_colour().name() in editor.badge.styleSheet().lower()  # the orange the table shows in dark
    assert problem_colour(dark_palette()).lower() in editor.detail.problem.styleSheet().lower()
    editor.close()


def test_a_refusal_reads_on_either_scheme() -> None:
    from finops_desktop.ui.palette import contrast_ratio

    for palette in (light_palette(), dark_palette()):
        window = palette.color(QPalette.ColorRole.Window)
        assert contrast_ratio(QColor(problem_colour(palette)), window) >= 4.5


def test_the_add_business_unit_forms_refusals_follow_the_scheme(qtbot: QtBot, light: QApplication) -> None:
    from finops_desktop.ui.business_unit_form import NewBusinessUnitDialog

    dialog = NewBusinessUnitDialog([], "EUR")
    qtbot.addWidget(dialog)
    messages = [w for w in dialog.findChildren(QWidget) if w.objectName() == "fieldProblem"]
    assert messages and all(problem_colour(light_palette()) in m.styleSheet() for m in messages)
    apply_scheme(light, Scheme.DARK)
    assert all(problem_colour(dark_palette()) in m.styleSheet() for m in messages)
