"""The participants of a workshop: name, role and business unit, edited in a small dialog.

Each change is written at once, through the same gate as the command line's
``participant`` commands. Removing a participant withdraws their votes (the vote history
keeps what they said), so it asks first.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..storage.errors import WorkshopFileError
from .context import ApplicationContext

ALL_UNITS = "All business units"


class ParticipantsDialog(QDialog):
    def __init__(self, context: ApplicationContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Participants")
        self.context = context
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels(["Name", "Role", "Business unit"])
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.name = QLineEdit()
        self.name.setPlaceholderText("Name")
        self.role = QLineEdit()
        self.role.setPlaceholderText("Role, e.g. Finance lead")
        self.unit = QComboBox()
        self.add_button = QPushButton("&Add")
        self.add_button.clicked.connect(self.add)
        self.name.returnPressed.connect(self.add)
        self.remove_button = QPushButton("&Remove")
        self.remove_button.clicked.connect(self.remove_selected)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        form = QHBoxLayout()
        for widget in (self.name, self.role, self.unit, self.add_button):
            form.addWidget(widget)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.addButton(self.remove_button, QDialogButtonBox.ButtonRole.ActionRole)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        self.resize(760, 420)
        self.refresh()

    def refresh(self) -> None:
        workshop = self.context.workshop
        if workshop is None:
            return
        self.unit.clear()
        self.unit.addItem(ALL_UNITS, None)
        for bu in workshop.business_units:
            self.unit.addItem(bu.name, bu.id)
        people = workshop.votes.participants
        self.table.setRowCount(len(people))
        for row, person in enumerate(people):
            unit = workshop.business_unit(person.bu_id).name if person.bu_id is not None else ALL_UNITS
            for column, text in enumerate((person.name, person.role, unit)):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, person.id)
                self.table.setItem(row, column, item)

    def add(self) -> bool:
        file = self.context.file
        if file is None or not self.context.can_edit():
            return False
        try:
            file.add_participant(self.name.text(), role=self.role.text(), bu_id=self.unit.currentData())
        except WorkshopFileError as exc:
            self.problem.setText(str(exc).split(": ", 1)[-1])
            return False
        self.problem.clear()
        self.name.clear()
        self.role.clear()
        self.refresh()
        self.name.setFocus()
        return True

    def remove_selected(self) -> bool:
        file = self.context.file
        item = self.table.item(self.table.currentRow(), 0)
        if file is None or item is None or not self.context.can_edit():
            return False
        person = file.workshop.votes.participant(int(item.data(Qt.ItemDataRole.UserRole)))
        if not self.context.dialogs.confirm("Remove participant", f"Remove {person.name} and withdraw their "
                                            "votes? The vote history keeps what they said.", "Remove"):
            return False
        file.remove_participant(person.id)
        self.refresh()
        return True
