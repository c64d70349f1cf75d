"""Names typed in the room, shown in one line that ends in "…" when there is no room for all of it.

A business unit, round or workshop name may be long (up to 200 characters); a label or a
combo box showing one elides it to its width and keeps the whole name in its tooltip,
instead of pushing the window wider or cutting the text off mid-letter.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtGui import QPaintEvent, QResizeEvent
from PySide6.QtWidgets import QComboBox, QLabel, QSizePolicy, QStyle, QStyleOptionComboBox, QStylePainter, QWidget

#: A combo box holding names asks for room for this many characters, no more.
COMBO_CHARACTERS = 18


def plain_label(text: str = "") -> QLabel:
    """A label for text typed in the room: shown as typed, never read as markup ("<" starts no tag)."""
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


def clipped(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters with an ellipsis, for a line that wraps rather than elides."""
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


class ElidedLabel(QLabel):
    """One line of text that ends in "…" when the window is too narrow for all of it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._full_text = ""
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

    def full_text(self) -> str:
        return self._full_text

    def set_full_text(self, text: str) -> None:
        self._full_text = text
        self.setToolTip(text)
        self.updateGeometry()
        self._elide()

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        return QSize(self.fontMetrics().horizontalAdvance(self._full_text) + 8, hint.height())

    def minimumSizeHint(self) -> QSize:
        return QSize(self.fontMetrics().horizontalAdvance("M…") + 8, super().minimumSizeHint().height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._elide()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.ApplicationFontChange):
            self.updateGeometry()
            self._elide()

    def _elide(self) -> None:
        self.setText(self.fontMetrics().elidedText(self._full_text, Qt.TextElideMode.ElideRight, self.width()))


class ElidedComboBox(QComboBox):
    """A combo box of names: as wide as about :data:`COMBO_CHARACTERS` characters, the shown name elided.

    Each item's tooltip holds its whole text; so does the box's own while it shows an elided one.
    """

    def __init__(self, parent: QWidget | None = None, *, characters: int = COMBO_CHARACTERS) -> None:
        super().__init__(parent)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(characters)
        self._tooltip = ""
        self.currentIndexChanged.connect(lambda _index: self._show_tooltip())

    def addItem(self, text: str, /, userData: object = None) -> None:  # type: ignore[override]
        super().addItem(text, userData)
        self.setItemData(self.count() - 1, text, Qt.ItemDataRole.ToolTipRole)

    def setToolTip(self, text: str) -> None:
        """The box's own tooltip; the whole name shown comes first when it is elided."""
        self._tooltip = text
        self._show_tooltip()

    def shown_text(self) -> str:
        """The current item's text as drawn: elided to the box's text field."""
        option = QStyleOptionComboBox()
        self.initStyleOption(option)
        field = self.style().subControlRect(QStyle.ComplexControl.CC_ComboBox, option,
                                            QStyle.SubControl.SC_ComboBoxEditField, self)
        return self.fontMetrics().elidedText(self.currentText(), Qt.TextElideMode.ElideRight, field.width())

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QStylePainter(self)
        option = QStyleOptionComboBox()
        self.initStyleOption(option)
        painter.drawComplexControl(QStyle.ComplexControl.CC_ComboBox, option)
        option.currentText = self.shown_text()
        painter.drawControl(QStyle.ControlElement.CE_ComboBoxLabel, option)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._show_tooltip()

    def _show_tooltip(self) -> None:
        text = self.currentText()
        elided = bool(text) and self.shown_text() != text
        full = "\n".join(part for part in (text if elided else "", self._tooltip) if part)
        super().setToolTip(full)


__all__ = ["ElidedComboBox", "ElidedLabel"]
