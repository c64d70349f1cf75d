"""Colours: stages that colour-blind people tell apart, and the light and dark window schemes.

Stages run from yellow (the lowest) through a middle blue to a deep blue (the highest), the
same direction as the charts' heatmap: the hue changes along the blue–yellow axis, which the
common colour-vision deficiencies keep, and the luminance falls in even steps, so even a
washed-out projector in grey shows the order. Colours never carry meaning alone: every cell
and card also says the stage's name.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

# The three-stage ramp (CIE lightness about 83, 61 and 38). Models with more stages are
# coloured by interpolating along it.
_RAMP = ("#F2C94C", "#3D9AD1", "#145A9E")
_DARK_TEXT = QColor("#151515")
_LIGHT_TEXT = QColor("#FFFFFF")


class Scheme(Enum):
    SYSTEM = "system"
    LIGHT = "light"
    DARK = "dark"


@dataclass(frozen=True)
class StageColours:
    fill: QColor
    text: QColor
    #: A pale tint of the fill, for cards and backgrounds that are not the chosen stage.
    tint: QColor


def _mix(a: QColor, b: QColor, t: float) -> QColor:
    return QColor.fromRgbF(a.redF() + (b.redF() - a.redF()) * t,
                           a.greenF() + (b.greenF() - a.greenF()) * t,
                           a.blueF() + (b.blueF() - a.blueF()) * t)


def _ramp_colour(position: float) -> QColor:
    """A colour at ``position`` (0..1) along the stage ramp."""
    colours = [QColor(c) for c in _RAMP]
    scaled = min(max(position, 0.0), 1.0) * (len(colours) - 1)
    index = min(int(scaled), len(colours) - 2)
    return _mix(colours[index], colours[index + 1], scaled - index)


def relative_luminance(colour: QColor) -> float:
    """WCAG relative luminance, 0 (black) to 1 (white)."""

    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(colour.redF()) + 0.7152 * channel(colour.greenF()) + 0.0722 * channel(colour.blueF())


def contrast_ratio(a: QColor, b: QColor) -> float:
    high, low = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def readable_text(background: QColor) -> QColor:
    """Black or white, whichever contrasts more with ``background``."""
    dark, light = contrast_ratio(background, _DARK_TEXT), contrast_ratio(background, _LIGHT_TEXT)
    return _DARK_TEXT if dark >= light else _LIGHT_TEXT


def stage_colours(index: int, count: int, *, dark: bool = False) -> StageColours:
    """Colours of the ``index``-th stage (0 = lowest) of a model with ``count`` stages."""
    fill = _ramp_colour(index / (count - 1) if count > 1 else 0.0)
    base = QColor("#2B2B2B") if dark else QColor("#FFFFFF")
    tint = _mix(base, fill, 0.28 if dark else 0.18)
    return StageColours(fill, readable_text(fill), tint)


def not_applicable_colour(*, dark: bool = False) -> QColor:
    return QColor("#5C5C5C") if dark else QColor("#B8B8B8")


def is_dark(palette: QPalette | None = None) -> bool:
    """Whether the window background in use is dark."""
    palette = palette or QGuiApplication.palette()
    return palette.color(QPalette.ColorRole.Window).lightnessF() < 0.5


def system_prefers_dark() -> bool:
    return QGuiApplication.styleHints().colorScheme() == Qt.ColorScheme.Dark


def apply_scheme(app: QApplication, scheme: Scheme) -> bool:
    """Give the application the light or dark palette (following the system if asked); True if dark."""
    dark = system_prefers_dark() if scheme is Scheme.SYSTEM else scheme is Scheme.DARK
    app.setPalette(dark_palette() if dark else light_palette())
    return dark


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
