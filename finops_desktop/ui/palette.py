"""Colours on screen: the stage colours of :mod:`finops_desktop.stage_palette` as Qt colours, and the
light and dark window schemes."""

from __future__ import annotations

import weakref
from collections.abc import Callable
from enum import Enum

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QWidget
from shiboken6 import isValid

from .. import stage_palette
from ..domain.record import record


class Scheme(Enum):
    SYSTEM = "system"
    LIGHT = "light"
    DARK = "dark"


@record
class StageColours:
    """The colours a stage is shown in: its fill, the text on it, and a pale tint."""

    fill: QColor
    text: QColor
    #: A pale tint of the fill, for cards and backgrounds that are not the chosen stage.
    tint: QColor


def relative_luminance(colour: QColor) -> float:
    """WCAG relative luminance, 0 (black) to 1 (white)."""
    return stage_palette.relative_luminance(colour.name())


def contrast_ratio(a: QColor, b: QColor) -> float:
    return stage_palette.contrast_ratio(a.name(), b.name())


def readable_text(background: QColor) -> QColor:
    """Black or white, whichever contrasts more with ``background``."""
    return QColor(stage_palette.text_on(background.name()))


def stage_colours(index: int, count: int, *, dark: bool = False) -> StageColours:
    """Colours of the ``index``-th stage (0 = lowest) of a model with ``count`` stages (see :mod:`stage_palette`)."""
    fill = stage_palette.stage_fill(index, count)
    tint = stage_palette.mix("#2B2B2B" if dark else "#FFFFFF", fill, 0.28 if dark else 0.18)
    return StageColours(QColor(fill), QColor(stage_palette.text_on(fill)), QColor(tint))


def not_applicable_colour(*, dark: bool = False) -> QColor:
    return QColor(stage_palette.NOT_APPLICABLE_DARK if dark else stage_palette.NOT_APPLICABLE)


def is_dark(palette: QPalette | None = None) -> bool:
    """Whether the window background in use is dark."""
    palette = palette or QGuiApplication.palette()
    return palette.color(QPalette.ColorRole.Window).lightnessF() < 0.5


def problem_colour(palette: QPalette | None = None) -> str:
    """A red for what was refused that reads on the window's background (at least 4.5:1 in both schemes)."""
    return "#FF8A80" if is_dark(palette) else "#B3261E"


def system_prefers_dark() -> bool:
    return QGuiApplication.styleHints().colorScheme() == Qt.ColorScheme.Dark


def apply_scheme(app: QApplication, scheme: Scheme) -> bool:
    """Give the application the light or dark palette (following the system if asked); True if dark.

    The style sheets made from the palette (:func:`follow_palette`) are made again in the new one.
    """
    dark = system_prefers_dark() if scheme is Scheme.SYSTEM else scheme is Scheme.DARK
    app.setPalette(dark_palette() if dark else light_palette())
    palette = app.palette()
    for widget, sheet in list(_FOLLOWERS.items()):
        if isValid(widget) and widget.styleSheet() != (text := sheet(palette)):
            widget.setStyleSheet(text)
    return dark


#: The widgets whose style sheet is made from the palette, each with what makes it.
_FOLLOWERS: weakref.WeakKeyDictionary[QWidget, Callable[[QPalette], str]] = weakref.WeakKeyDictionary()


def follow_palette(widget: QWidget, sheet: Callable[[QPalette], str]) -> None:
    """Give ``widget`` the style sheet ``sheet`` makes from the application's palette, now and after each
    change of scheme.

    A style sheet holds its colours as text, so it cannot follow the palette by itself; and a
    widget given a style sheet before it has a parent hears of no palette change at all (Qt
    sends it none), so it cannot make its sheet again on its own either.
    """
    _FOLLOWERS[widget] = sheet
    widget.setStyleSheet(sheet(QApplication.palette()))


def light_palette() -> QPalette:
    return _palette(window="#F3F4F6", base="#FFFFFF", alternate="#F7F8FA", text="#1B1E23", muted="#6B7280",
                    button="#E9EBEF", highlight="#0B5CAD", link="#0B5CAD", tooltip_base="#FFFFF0")


def dark_palette() -> QPalette:
    return _palette(window="#1F2125", base="#2B2D31", alternate="#303236", text="#ECEDEE", muted="#9CA3AF",
                    button="#34373C", highlight="#3D8BDB", link="#7CB7F2", tooltip_base="#34373C")


def _palette(*, window: str, base: str, alternate: str, text: str, muted: str, button: str, highlight: str,
             link: str, tooltip_base: str) -> QPalette:
    role = QPalette.ColorRole
    group = QPalette.ColorGroup
    palette = QPalette()
    for colour_role, colour in (
        (role.Window, window), (role.WindowText, text), (role.Base, base), (role.AlternateBase, alternate),
        (role.Text, text), (role.Button, button), (role.ButtonText, text), (role.BrightText, "#FF5555"),
        (role.Highlight, highlight), (role.HighlightedText, "#FFFFFF"), (role.Link, link),
        (role.ToolTipBase, tooltip_base), (role.ToolTipText, text), (role.PlaceholderText, muted),
        (role.Light, _shade(button, 1.25)), (role.Midlight, _shade(button, 1.1)), (role.Mid, _shade(button, 0.8)),
        (role.Dark, _shade(button, 0.6)), (role.Shadow, "#000000"),
    ):
        palette.setColor(colour_role, QColor(colour))
    for colour_role in (role.WindowText, role.Text, role.ButtonText):
        palette.setColor(group.Disabled, colour_role, QColor(muted))
    return palette


def _shade(colour: str, factor: float) -> str:
    c = QColor(colour)
    return (c.lighter(int(factor * 100)) if factor >= 1 else c.darker(int(100 / factor))).name()
