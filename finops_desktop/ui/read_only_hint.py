"""A field of an earlier round or a read-only file takes no typing: a key pressed in one says why.

The fields keep their focus (the text can still be selected and copied) but ignore the keys;
without a word the room would think the keyboard had stopped working.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QTextEdit

from .context import ApplicationContext


class ReadOnlyHint(QObject):
    """Installed on fields (:meth:`watch`): typing into one while it is read-only says why on the status line."""

    def __init__(self, context: ApplicationContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._context = context

    def watch(self, *fields: QLineEdit | QPlainTextEdit | QTextEdit) -> None:
        for field in fields:
            field.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent)
                and isinstance(watched, QLineEdit | QPlainTextEdit | QTextEdit) and watched.isReadOnly()):
            typed = event.text()
            if (typed and typed.isprintable()) or event.matches(QKeySequence.StandardKey.Paste):
                self._context.say_why_not_editable()
        return False
