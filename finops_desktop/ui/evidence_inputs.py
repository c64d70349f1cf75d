"""The evidence fields of the detail panel: the notes, and a measured indicator with the stage it suggests."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QLocale, QSize, Qt, Signal
from PySide6.QtGui import QDoubleValidator, QFocusEvent, QKeyEvent, QPalette
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget

from ..domain.model import Indicator
from ..domain.values import IndicatorValue, ValueRefused
from .fonts import set_relative_font


class NotesEdit(QPlainTextEdit):
    """Evidence notes; Esc or Tab goes back to the grid (the last field of the cell), Shift+Tab to the field before."""

    escape_pressed = Signal()
    tab_pressed = Signal()
    focus_lost = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTabChangesFocus(True)

    def sizeHint(self) -> QSize:
        return QSize(320, self.fontMetrics().lineSpacing() * 4 + 12)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.escape_pressed.emit()
            event.accept()
            return
        super().keyPressEvent(event)

    def focusNextPrevChild(self, next: bool) -> bool:
        if next:  # Tab: back to the grid, where the next cell is rated
            self.tab_pressed.emit()
            return True
        return super().focusNextPrevChild(next)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.focus_lost.emit()


class IndicatorInput(QWidget):
    """A measured value (e.g. tagging coverage %) and the stage it suggests."""

    value_entered = Signal(str, object)  # indicator id, float | None
    use_suggestion = Signal(str)  # stage id

    def __init__(self, indicator: Indicator, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.indicator = indicator
        self._suggested: str | None = None
        self.field = QLineEdit()
        self.field.setPlaceholderText("not measured")
        validator = QDoubleValidator(-1e12, 1e12, 2, self.field)
        validator.setLocale(QLocale.c())
        self.field.setValidator(validator)
        self._size_field()
        self.field.setAccessibleName(indicator.name)
        self.field.setToolTip(indicator.help or indicator.name)
        self.field.editingFinished.connect(self._entered)
        unit = QLabel(indicator.unit)
        self.suggestion = QLabel()
        self.suggestion.setWordWrap(True)
        self.use_button = QPushButton("Use")
        self.use_button.setFocusPolicy(Qt.FocusPolicy.ClickFocus)  # sets the stage: off the typing path
        self.use_button.setToolTip("Set the current stage to the one the value suggests")
        self.use_button.clicked.connect(lambda: self._suggested and self.use_suggestion.emit(self._suggested))
        self.measured = QLabel()  # the value measured from billing data, beside the typed one
        self.measured.setVisible(False)
        self.measured.setWordWrap(True)
        self.caption = QLabel(indicator.name)
        self.caption.setWordWrap(True)
        self.caption.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.caption.setToolTip(indicator.help)
        set_relative_font(self.caption, 0.9)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.field)
        row.addWidget(unit)
        row.addWidget(self.suggestion, 1)
        row.addWidget(self.use_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(row)
        layout.addWidget(self.measured)
        layout.addWidget(self.caption)

    def _size_field(self) -> None:
        """Wide enough for its placeholder ("not measured") at the text size in use, no wider."""
        metrics = self.field.fontMetrics()
        self.field.setMaximumWidth(metrics.horizontalAdvance(self.field.placeholderText()) + metrics.height() + 12)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.ApplicationFontChange):
            self._size_field()

    def show_value(self, value: float | None, suggestion_text: str, suggested: str | None) -> None:
        if not self.field.hasFocus():
            self.field.setText("" if value is None else f"{value:g}")
        self._suggested = suggested
        self.suggestion.setText(f"suggests <b>{suggestion_text}</b>" if suggestion_text else "")
        self.use_button.setVisible(suggested is not None)

    def _entered(self) -> None:
        try:
            value = IndicatorValue(self.indicator).parse(self.field.text())
        except ValueRefused as exc:
            self.caption.setText(f"{self.indicator.name}: {exc}")  # what was typed stays, to be corrected
            return
        self.caption.setText(self.indicator.name)
        self.value_entered.emit(self.indicator.id, value)
