"""Add a business unit in one form: name, monthly spend, spend growth and owner.

Each field is read by the same value kind the file's gate uses, as it is typed; a value the
gate would refuse says why under its field, keeps what was typed, and holds back "Add".
Loaded when first shown.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from ..domain import values
from ..domain.values import ValueRefused
from ..domain.workshop import same_name_key
from .dialog_buttons import accept_button
from .palette import follow_palette, problem_colour
from .placeholder_room import keep_placeholder_whole
from .workshop_requests import NewBusinessUnitRequest


class _Field:
    """One line of the form: the edit, the message under it, and how its text is read."""

    def __init__(self, edit: QLineEdit, read: Callable[[str], Any]) -> None:
        self.edit = edit
        self.read = read
        self.message = QLabel()
        self.message.setObjectName("fieldProblem")
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        follow_palette(self.message, lambda palette: f"color: {problem_colour(palette)};")
        self.message.hide()

    def value(self) -> tuple[Any, str]:
        """The value read, and "" — or ``None`` and why it is refused."""
        try:
            return self.read(self.edit.text()), ""
        except ValueRefused as exc:
            text = str(exc)
            return None, text[:1].upper() + text[1:] + "."


class NewBusinessUnitDialog(QDialog):
    def __init__(self, existing: list[str], currency: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Add business unit")
        self._existing = {same_name_key(name) for name in existing}
        self.name = QLineEdit()
        self.name.setPlaceholderText("e.g. Retail Banking")
        self.spend = QLineEdit()
        self.spend.setPlaceholderText(f"per month, in {currency}, e.g. 120000 or 120k (optional)")
        self.growth = QLineEdit()
        self.growth.setPlaceholderText("% a year, e.g. 15 (optional)")
        self.owner = QLineEdit()
        self.owner.setPlaceholderText("e.g. Head of Retail (optional)")
        for edit in (self.name, self.spend, self.growth, self.owner):
            keep_placeholder_whole(edit)
        self.fields = {
            "name": _Field(self.name, self._read_name),
            "monthly_spend": _Field(self.spend, values.MONTHLY_SPEND.parse),
            "annual_growth": _Field(self.growth, values.GROWTH.parse),
            "owner": _Field(self.owner, values.OWNER.parse),
        }
        form = QFormLayout()
        for label, key in (("&Name", "name"), (f"Monthly &spend ({currency})", "monthly_spend"),
                           ("Spend &growth", "annual_growth"), ("&Owner", "owner")):
            field = self.fields[key]
            form.addRow(label, field.edit)
            form.addRow("", field.message)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.add_button = accept_button(self.buttons, "Add")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        for field in self.fields.values():
            field.edit.textChanged.connect(self._validate)
        self._validate()

    def _read_name(self, text: str) -> str:
        name = values.BUSINESS_UNIT_NAME.parse(text)
        if same_name_key(name) in self._existing:
            raise ValueRefused(f"a business unit named '{name}' exists already")
        return name

    def _validate(self) -> bool:
        ok = True
        for key, field in self.fields.items():
            _value, problem = field.value()
            if key == "name" and not self.name.text().strip():
                problem, shown = "Enter the name.", ""  # said only once something was typed
            else:
                shown = problem
            field.message.setText(shown)
            field.message.setVisible(bool(shown))
            ok = ok and not problem
        self.add_button.setEnabled(ok)
        return ok

    def accept(self) -> None:
        if self._validate():
            super().accept()

    def request(self) -> NewBusinessUnitRequest:
        read = {key: field.value()[0] for key, field in self.fields.items()}
        return NewBusinessUnitRequest(read["name"], read["monthly_spend"], read["annual_growth"], read["owner"] or "")
