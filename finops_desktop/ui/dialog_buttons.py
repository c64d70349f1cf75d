"""A dialog's accept button named for what it does ("Start round", "Add"), looking like its Cancel.

A button added with only a text and a role is a plain button: where the platform's style puts
icons on dialog buttons, Cancel (a standard button) has one and the accept button had none.
Made from the standard OK button and given its own text, it has the style's OK icon (or, where
the style shows none, no icon), like the Cancel beside it.
"""

from __future__ import annotations

from PySide6.QtWidgets import QDialogButtonBox, QMessageBox, QPushButton


def accept_button(box: QDialogButtonBox, text: str) -> QPushButton:
    """The accept button of ``box``, reading ``text``."""
    button = box.addButton(QDialogButtonBox.StandardButton.Ok)
    button.setText(text)
    return button


def message_accept_button(box: QMessageBox, text: str) -> QPushButton:
    """The accept button of a message box, reading ``text``."""
    button = box.addButton(QMessageBox.StandardButton.Ok)
    button.setText(text)
    return button
