"""Making a menu action: its text, shortcuts and status tip, in one place for every menu."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMenu, QWidget


#: A menu entry holding typed names ("Undo Rate Run (Global Corporate and Investment Banking…)")
#: is cut to this many characters, so that the menu stays on the screen.
MENU_TEXT_LIMIT = 70


def menu_text(name: str, limit: int = MENU_TEXT_LIMIT) -> str:
    """A name typed by the user, as a menu shows it literally, ending in "…" past ``limit`` characters."""
    if len(name) > limit:
        name = name[:limit - 1].rstrip() + "…"
    return name.replace("&", "&&")


def add_action(window: QWidget, menu: QMenu, text: str, slot: object, shortcut: object = None, *,
            status_tip: str = "") -> QAction:
    action = QAction(text, window)
    if isinstance(shortcut, list):
        keys: list[QKeySequence] = []
        for entry in shortcut:
            for sequence in (QKeySequence.keyBindings(entry) if isinstance(entry, QKeySequence.StandardKey)
                             else [QKeySequence(entry)]):
                if not sequence.isEmpty() and sequence not in keys:
                    keys.append(sequence)
        action.setShortcuts(keys)
    elif shortcut is not None:
        action.setShortcut(QKeySequence(shortcut))  # type: ignore[call-overload]
    if status_tip:
        action.setStatusTip(status_tip)
    action.triggered.connect(slot)
    menu.addAction(action)
    return action
