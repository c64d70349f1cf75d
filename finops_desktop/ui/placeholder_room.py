"""Fields wide enough for their placeholder, at every text size.

A placeholder says what a field takes ("per month, in EUR, e.g. 120000 or 120k (optional)",
"not measured"); cut to "(option…" or "not meas…" it says less than nothing. A field given
:func:`keep_placeholder_whole` is at least as wide as its whole placeholder, and follows the
text size when it changes.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QLineEdit, QStyle

#: Room a line edit takes beside its text: Qt's own margin of 2 pixels a side, and a little air.
TEXT_MARGINS = 10


def placeholder_width(edit: QLineEdit) -> int:
    """The width ``edit`` needs to show its whole placeholder (pixels)."""
    frame = edit.style().pixelMetric(QStyle.PixelMetric.PM_DefaultFrameWidth, None, edit)
    margins = edit.textMargins()
    return (QFontMetrics(edit.font()).horizontalAdvance(edit.placeholderText()) + 2 * frame + TEXT_MARGINS
            + margins.left() + margins.right())


def keep_placeholder_whole(edit: QLineEdit, *, snug: bool = False) -> None:
    """Make ``edit`` at least as wide as its placeholder (``snug``: exactly that wide), now and
    whenever its text size changes."""
    keeper = _PlaceholderRoom(edit, snug)
    edit.installEventFilter(keeper)
    keeper.fit(edit)


class _PlaceholderRoom(QObject):
    def __init__(self, edit: QLineEdit, snug: bool) -> None:
        super().__init__(edit)
        self.snug = snug

    def fit(self, edit: QLineEdit) -> None:
        width = placeholder_width(edit)
        edit.setMinimumWidth(width)
        if self.snug:
            edit.setMaximumWidth(width)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange) and isinstance(watched, QLineEdit):
            self.fit(watched)
        return False
