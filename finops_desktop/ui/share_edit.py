"""A field for a share of spend in percent, read by the edit gate when the typing is done.

A spin box limited to 0–100 % would take "150" as 15 % (it drops the key it cannot accept) and
"0.225" as 0.2 % (it has one decimal), and save either without a word. This field keeps what
was typed, reads it with the gate's percentage kind when Enter is pressed or focus leaves, and
either reports the new figure or says why it was refused, putting the figure back.
"""

from __future__ import annotations

from PySide6.QtCore import QLocale, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLineEdit, QWidget

from ..domain.values import ValueRefused
from .assumptions_table import parse_share_percent, refusal_sentence

#: How much Up and Down change the figure.
STEP = 0.5


class ShareEdit(QLineEdit):
    """A share in percent with one decimal; ``valueChanged`` when a new figure is entered, ``refused`` when
    what was typed is not one (with the gate's sentence)."""

    valueChanged = Signal(float)
    refused = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._value = 0.0
        self.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.setToolTip("A share of spend in percent, from 0 to 100, e.g. 12.5")
        self.editingFinished.connect(self._entered)

    def value(self) -> float:
        return self._value

    def setValue(self, percent: float) -> None:
        self._value = round(percent, 1)
        self.setText(f"{QLocale().toString(self._value, 'f', 1)} %")

    def typed(self) -> float:
        """What is typed, read by the gate; raises :class:`ValueRefused` with the reason."""
        return parse_share_percent(self.text())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        step = {Qt.Key.Key_Up: STEP, Qt.Key.Key_Down: -STEP}.get(Qt.Key(event.key()))
        if step is None or self.isReadOnly():
            super().keyPressEvent(event)
            return
        self.setValue(min(max(self._value + step, 0.0), 100.0))
        self.valueChanged.emit(self._value)

    def _entered(self) -> None:
        if self.isReadOnly():
            return
        try:
            percent = round(self.typed(), 1)
        except ValueRefused as refused:
            self.setValue(self._value)  # the figure in force, not a guess at what was meant
            self.refused.emit(refusal_sentence(refused))
            return
        changed = percent != self._value
        self.setValue(percent)
        if changed:
            self.valueChanged.emit(percent)
