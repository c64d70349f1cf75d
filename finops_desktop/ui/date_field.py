"""A date picked from a calendar, never typed as free text: "next Tuesday" cannot reach the file.

Tab leaves the field instead of stepping through its day, month and year, so the form's Tab
order is one stop per field; a space or a "-" typed in the date steps to its next part and
never leaves the field (what is typed next would replace the next field's text).
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDateEdit, QWidget

from ..domain import values

DISPLAY_FORMAT = "d MMMM yyyy"


def parse_iso_date(text: str) -> date | None:
    """``2026-11-27`` as a date, as the workshop date's gate reads it; anything else (free text an older file
    may hold) as ``None``."""
    try:
        checked = values.WORKSHOP_DATE.check(text)
    except values.ValueRefused:
        return None
    return date.fromisoformat(checked) if checked else None


class DateField(QDateEdit):
    def __init__(self, value: date | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setCalendarPopup(True)
        self.setDisplayFormat(DISPLAY_FORMAT)
        self.setMinimumDate(QDate(1990, 1, 1))
        self.setMaximumDate(QDate(2199, 12, 31))
        self.set_value(value or date.today())

    def set_value(self, value: date) -> None:
        self.setDate(QDate(value.year, value.month, value.day))

    def value(self) -> date:
        picked = self.date()
        return date(picked.year(), picked.month(), picked.day())

    def iso(self) -> str:
        return self.value().isoformat()

    def event(self, event: QEvent) -> bool:
        # QDateEdit moves between its sections on Tab; a form wants the next field. Only Tab does:
        # a space or a "-" typed in the date steps to its next section, as QDateEdit has it.
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent) and \
                event.key() in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab) and \
                not event.modifiers() & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier):
            forward = event.key() == Qt.Key.Key_Tab and not event.modifiers() & Qt.KeyboardModifier.ShiftModifier
            self.interpretText()
            QWidget.focusNextPrevChild(self, forward)
            return True
        return super().event(event)
