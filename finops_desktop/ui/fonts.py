"""Fonts that stay in proportion when the room asks for bigger text (Ctrl +/-).

A widget given its own font stops following the application font, so headings and stage
cards would not grow with everything else. :func:`set_relative_font` remembers a size
relative to the application font and re-applies it whenever that font changes.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QWidget

MIN_SCALE = 0.7
MAX_SCALE = 3.0
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


class _FollowApplicationFont(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ApplicationFontChange and isinstance(watched, QWidget):
            spec = watched.property(_SCALE_PROPERTY)
            if spec:
                scale, bold, italic = spec
                watched.setFont(relative_font(scale, bold=bold, italic=italic))
        return False


_follower: _FollowApplicationFont | None = None


def set_relative_font(widget: QWidget, scale: float = 1.0, *, bold: bool = False, italic: bool = False) -> None:
    """Give ``widget`` a font ``scale`` times the application font, now and after every change of it."""
    global _follower
    if _follower is None:
        _follower = _FollowApplicationFont(QApplication.instance())
    first_time = widget.property(_SCALE_PROPERTY) is None
    widget.setProperty(_SCALE_PROPERTY, [scale, bold, italic])
    widget.setFont(relative_font(scale, bold=bold, italic=italic))
    if first_time:
        widget.installEventFilter(_follower)


def scaled_application_font(base: QFont, scale: float) -> QFont:
    """``base`` (the font the application started with) at ``scale``."""
    font = QFont(base)
    if base.pointSizeF() > 0:
        font.setPointSizeF(base.pointSizeF() * scale)
    else:
        font.setPixelSize(max(round(base.pixelSize() * scale), 6))
    return font


def clamp_scale(scale: float) -> float:
    return round(min(max(scale, MIN_SCALE), MAX_SCALE), 3)
