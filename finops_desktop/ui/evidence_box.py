"""The evidence form beside the stage cards: target, confidence, indicators, who was in the room, notes.

Its rows hold fields that wrap (a row of buttons, an indicator's hint): the box makes sure each
gets the height it needs at the width and text size in use, and that the form is never made
narrower than its fields.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Qt, QTimer
from PySide6.QtGui import QResizeEvent, QShowEvent
from PySide6.QtWidgets import QWidget


class EvidenceBox(QWidget):
    """The evidence form: never narrower than 380 pixels, nor than its fields at the text size in use.

    (A fixed minimum width would replace the layout's own minimum, and larger text would clip the fields.)
    """

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        return QSize(max(hint.width(), 380), hint.height())

    def refit_later(self) -> None:
        """Check the rows once the events in hand are done (new fields, a new text size)."""
        QTimer.singleShot(0, self, self._refit)  # not after the box is gone

    def _refit(self) -> None:
        layout = self.layout()
        if layout is not None and self._squeezed():  # rows laid out for an earlier width or font: once more
            layout.invalidate()
            layout.activate()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.ApplicationFontChange):
            self.refit_later()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refit_later()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.refit_later()

    def _squeezed(self) -> bool:
        """Whether a field that wraps (a hint, a row of buttons) got less height than it needs at its width."""
        return any(w.isVisible() and w.hasHeightForWidth() and w.height() < w.heightForWidth(w.width())
                   for w in self.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly))
