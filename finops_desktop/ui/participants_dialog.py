"""The participants of a workshop: name, role and business unit, edited in a small dialog.

Each change is written at once, through the same gate as the command line's
``participant`` commands. Choosing a row puts it in the form below to change it.
Removing a participant withdraws their votes (the vote history keeps what they said),
so it asks first.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
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
from .elided import ElidedComboBox

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
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.currentCellChanged.connect(self._row_chosen)
        self.name = QLineEdit()
        self.name.setPlaceholderText("Name")
        self.role = QLineEdit()
        self.role.setPlaceholderText("Role, e.g. Finance lead")
        self.role.setMinimumWidth(self.role.fontMetrics().horizontalAdvance("Role, e.g. Finance lead") + 24)
        self.unit = ElidedComboBox(characters=28)  # a long unit name must not widen the dialog past the screen
        self.add_button = QPushButton("&Add")
        self.add_button.clicked.connect(self.add)
        self.name.returnPressed.connect(self.add)
        self.save_button = QPushButton("&Save changes")
        self.save_button.clicked.connect(self.save_selected)
        self.save_button.setEnabled(False)
        self.remove_button = QPushButton("&Remove")
        self.remove_button.clicked.connect(self.remove_selected)
        self.remove_button.setEnabled(False)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        form = QGridLayout()  # two rows: one would pass a 1280-pixel screen at larger text sizes
        form.addWidget(self.name, 0, 0)
        form.addWidget(self.role, 0, 1, 1, 2)
        form.addWidget(self.unit, 1, 0)
        form.addWidget(self.add_button, 1, 1)
        form.addWidget(self.save_button, 1, 2)
        form.setColumnStretch(0, 1)
        form.setColumnStretch(1, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.addButton(self.remove_button, QDialogButtonBox.ButtonRole.ActionRole)
        intro = QLabel("The people in the room who vote on each cell: key their votes in during the "
                       "presentation (F5), or send each a questionnaire (File → Send questionnaire…). Someone "
                       "without a business unit speaks for the whole organisation.")
        intro.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        self.refresh()
        screen = self.screen().availableGeometry() if self.screen() is not None else None
        width = max(760, self.sizeHint().width())
        self.resize(min(width, screen.width()) if screen is not None else width, 420)
        self.table.setCurrentCell(-1, -1)  # the form starts empty, for a new participant
        self.name.clear()

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

    def _selected_id(self) -> int | None:
        item = self.table.item(self.table.currentRow(), 0)
        return None if item is None else int(item.data(Qt.ItemDataRole.UserRole))

    def _row_chosen(self, *_args: object) -> None:
        workshop = self.context.workshop
        chosen = self._selected_id()
        self.save_button.setEnabled(chosen is not None)
        self.remove_button.setEnabled(chosen is not None)  # nothing chosen, nothing to remove
        if workshop is None or chosen is None:
            return
        person = workshop.votes.participant(chosen)
        self.name.setText(person.name)
        self.role.setText(person.role)
        self.unit.setCurrentIndex(max(0, self.unit.findData(person.bu_id)))

    def save_selected(self) -> bool:
        """Write the form's name, role and unit to the participant chosen in the list."""
        file, chosen = self.context.file, self._selected_id()
        if file is None or chosen is None or not self.context.can_edit():
            return False
        try:
            file.update_participant(chosen, name=self.name.text(), role=self.role.text(),
                                    bu_id=self.unit.currentData())
        except WorkshopFileError as exc:
            self.problem.setText(str(exc).split(": ", 1)[-1])
            return False
        self.problem.clear()
        row = self.table.currentRow()
        self.refresh()
        self.table.selectRow(row)
        return True

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
        self.refresh()
        self.table.setCurrentCell(-1, -1)  # the form is for the next participant again
        self.name.clear()
        self.role.clear()
        self.unit.setCurrentIndex(0)
        self.name.setFocus()
        return True

    def remove_selected(self) -> bool:
        file, chosen = self.context.file, self._selected_id()
        if file is None or chosen is None or not self.context.can_edit():
            return False
        person = file.workshop.votes.participant(chosen)
        if not self.context.dialogs.confirm("Remove participant", f"Remove {person.name} and withdraw their "
                                            "votes? The vote history keeps what they said.", "Remove",
                                            destructive=True):
            return False
        file.remove_participant(person.id)
        self.refresh()
        return True
