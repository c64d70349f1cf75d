"""Fonts that stay in proportion when the room asks for bigger text (Ctrl +/-).

A widget given its own font stops following the application font, so headings and stage
cards would not grow with everything else. :func:`set_relative_font` remembers a size
relative to the application font, and :func:`rescale_fonts` re-applies it after a change.
"""

from __future__ import annotations

import math

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication, QWidget

MIN_SCALE = 0.7
#: The window is laid out for text up to twice its normal size (a 1280×720 projector at 200 %);
#: larger, the tab titles and the grid no longer fit at all.
MAX_SCALE = 2.0
SCALE_STEP = 1.15

_SCALE_PROPERTY = "finops_relative_font"


def relative_font(scale: float = 1.0, *, bold: bool = False, italic: bool = False) -> QFont:
    """The application font, ``scale`` times as large."""
    font = QFont(QApplication.font())
    size = font.pointSizeF()
    if size > 0:
        font.setPointSizeF(max(size * scale, 4.0))
    else:
        font.setPixelSize(max(round(font.pixelSize() * scale), 6))
    if bold:
        font.setWeight(QFont.Weight.DemiBold)
    font.setItalic(italic)
    return font


def set_relative_font(widget: QWidget, scale: float = 1.0, *, bold: bool = False, italic: bool = False) -> None:
    """Give ``widget`` a font ``scale`` times the application font, now and after every :func:`rescale_fonts`."""
    widget.setProperty(_SCALE_PROPERTY, [scale, bold, italic])
    widget.setFont(relative_font(scale, bold=bold, italic=italic))


def rescale_fonts() -> None:
    """Re-apply every relative font after the application font changed."""
    for widget in QApplication.allWidgets():
        spec = widget.property(_SCALE_PROPERTY)
        if spec:
            scale, bold, italic = spec
            widget.setFont(relative_font(float(scale), bold=bool(bold), italic=bool(italic)))


def scaled_application_font(base: QFont, scale: float) -> QFont:
    """``base`` (the font the application started with) at ``scale``."""
    font = QFont(base)
    if base.pointSizeF() > 0:
        font.setPointSizeF(base.pointSizeF() * scale)
    else:
        font.setPixelSize(max(round(base.pixelSize() * scale), 6))
    return font


#: The text size when none (or none that is a number) is known.
DEFAULT_SCALE = 1.0


def clamp_scale(scale: float) -> float:
    """``scale`` within :data:`MIN_SCALE`–:data:`MAX_SCALE`; one that is not a finite number is the default.

    ``min`` and ``max`` hand a NaN straight back, and a NaN text size stopped the window from starting.
    """
    try:
        scale = float(scale)
    except (TypeError, ValueError, OverflowError):
        return DEFAULT_SCALE
    if not math.isfinite(scale):
        return DEFAULT_SCALE
    return round(min(max(scale, MIN_SCALE), MAX_SCALE), 3)


def chart_text_scale() -> float:
    """How much larger than the platform's default the application's text is (1.5 at 150 %).

    Charts on screen draw their text this much larger; pictures for files keep the print size.
    """
    default = QFontDatabase.systemFont(QFontDatabase.SystemFont.GeneralFont)
    current = QApplication.font()
    if default.pointSizeF() > 0 and current.pointSizeF() > 0:
        ratio = current.pointSizeF() / default.pointSizeF()
    elif default.pixelSize() > 0 and current.pixelSize() > 0:
        ratio = current.pixelSize() / default.pixelSize()
    else:
        ratio = 1.0
    return round(min(max(ratio, MIN_SCALE), MAX_SCALE), 2)
