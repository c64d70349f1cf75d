"""Every question the app asks and every error it shows, behind one replaceable object.

Views and commands never open a ``QFileDialog`` or ``QMessageBox`` themselves: they ask the
:class:`Dialogs` held by the application context. Tests hand the context a scripted
stand-in, so they need no monkeypatching and never block on a modal window.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..domain.catalogue import DEFAULT_MODEL_ID, builtin_models
from ..domain.model import MaturityModel
from ..domain.workshop import WorkshopInfo
from ..storage.errors import WorkshopFileError
from .fonts import set_relative_font

FILE_FILTER = "FinOps workshops (*.finops);;All files (*)"
SUFFIX = ".finops"
CURRENCIES = ("EUR", "USD", "GBP", "CHF", "SEK", "NOK", "DKK", "PLN", "CAD", "AUD", "JPY", "INR")


@dataclass(frozen=True)
class NewWorkshopRequest:
    path: Path
    info: WorkshopInfo
    model: MaturityModel


@dataclass(frozen=True)
class NewRoundRequest:
    name: str
    copy_previous: bool


def describe_error(error: BaseException) -> str:
    """One readable sentence for an error from the storage layer (or anything else that went wrong)."""
    if isinstance(error, WorkshopFileError):
        reason = error.reason.strip() or "unknown reason"
        text = reason[0].upper() + reason[1:]
        return text if text.endswith((".", "!", "?")) else text + "."
    return str(error) or type(error).__name__


def file_name_for(client: str) -> str:
    """A file name from a client name: readable, and safe on every operating system."""
    cleaned = re.sub(r'[<>:"/\\|?*\x00-\x1f]', " ", client).strip(" .")
    cleaned = re.sub(r"\s+", " ", cleaned)[:80].strip()
    return f"{cleaned or 'Workshop'} FinOps workshop{SUFFIX}"


class Dialogs:
    """Modal questions and messages, shown over :attr:`parent` (the main window)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        self.parent = parent

    # Files ------------------------------------------------------------------------------

    def choose_file_to_open(self, folder: Path | None) -> Path | None:
        path, _ = QFileDialog.getOpenFileName(self.parent, "Open workshop", str(folder or ""), FILE_FILTER)
        return Path(path) if path else None

    def choose_file_to_save(self, title: str, suggested: Path) -> Path | None:
        path, _ = QFileDialog.getSaveFileName(self.parent, title, str(suggested), FILE_FILTER)
        if not path:
            return None
        chosen = Path(path)
        return chosen if chosen.suffix else chosen.with_suffix(SUFFIX)

    # Forms ------------------------------------------------------------------------------

    def new_workshop(self, folder: Path, facilitator: str = "") -> NewWorkshopRequest | None:
        dialog = NewWorkshopDialog(folder, facilitator, self, self.parent)
        return dialog.request() if dialog.exec() == QDialog.DialogCode.Accepted else None

    def workshop_details(self, info: WorkshopInfo) -> WorkshopInfo | None:
        dialog = WorkshopDetailsDialog(info, self.parent)
        return dialog.info() if dialog.exec() == QDialog.DialogCode.Accepted else None

    def new_round(self, existing: list[str], suggested: str) -> NewRoundRequest | None:
        dialog = NewRoundDialog(existing, suggested, self.parent)
        return dialog.request() if dialog.exec() == QDialog.DialogCode.Accepted else None

    def text(self, title: str, label: str, text: str = "") -> str | None:
        value, ok = QInputDialog.getText(self.parent, title, label, QLineEdit.EchoMode.Normal, text)
        return value if ok else None

    # Messages ---------------------------------------------------------------------------

    def error(self, title: str, message: str, detail: str = "") -> None:
        box = QMessageBox(QMessageBox.Icon.Warning, title, title, QMessageBox.StandardButton.Ok, self.parent)
        box.setInformativeText(message + (f"\n\n{detail}" if detail else ""))
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        box.exec()

    def confirm(self, title: str, message: str, action: str) -> bool:
        box = QMessageBox(QMessageBox.Icon.Question, title, title, QMessageBox.StandardButton.Cancel, self.parent)
        box.setInformativeText(message)
        accept = box.addButton(action, QMessageBox.ButtonRole.AcceptRole)
        box.setDefaultButton(accept)
        box.exec()
        return box.clickedButton() is accept

    def offer_read_only(self, title: str, message: str) -> bool:
        """Tell why the file cannot be edited here and ask whether to open it read-only."""
        return self.confirm(title, message + "\n\nYou can open it read-only: you will see everything, "
                                              "and nothing in the file will change.", "Open read-only")

    def information(self, title: str, message: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Information, title, title, QMessageBox.StandardButton.Ok, self.parent)
        box.setInformativeText(message)
        box.exec()


class NewWorkshopDialog(QDialog):
    """Client, date, facilitator, currency, model, and where the file goes."""

    def __init__(self, folder: Path, facilitator: str, dialogs: Dialogs, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("New workshop")
        self.setMinimumWidth(560)
        self._dialogs = dialogs
        self._folder = folder
        self._path_edited = False

        heading = QLabel("Start a new workshop")
        set_relative_font(heading, 1.4, bold=True)
        intro = QLabel("One file holds the whole engagement. Every change is saved the moment it is made.")
        intro.setWordWrap(True)

        self.client = QLineEdit()
        self.client.setPlaceholderText("e.g. Northwind Financial Group")
        self.date = QDateEdit(QDate.currentDate())
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("d MMMM yyyy")
        self.facilitator = QLineEdit(facilitator)
        self.facilitator.setPlaceholderText("Your name")
        self.currency = QComboBox()
        self.currency.setEditable(True)
        self.currency.addItems(CURRENCIES)
        self.model_choice = QComboBox()
        for model in builtin_models().values():
            self.model_choice.addItem(f"{model.name} ({model.version})", model.id)
        self.model_choice.setCurrentIndex(max(self.model_choice.findData(DEFAULT_MODEL_ID), 0))
        self.path = QLineEdit(str(folder / file_name_for("")))
        browse = QPushButton("Browse…")
        browse.clicked.connect(self._browse)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path, 1)
        path_row.addWidget(browse)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setObjectName("problem")

        form = QFormLayout()
        form.addRow("&Client", self.client)
        form.addRow("&Date", self.date)
        form.addRow("&Facilitator", self.facilitator)
        form.addRow("C&urrency", self.currency)
        form.addRow("&Maturity model", self.model_choice)
        save_as = QLabel("&Save as")
        save_as.setBuddy(self.path)
        form.addRow(save_as, path_row)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.create_button = self.buttons.addButton("Create workshop", QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(intro)
        layout.addSpacing(8)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)

        self.client.textChanged.connect(self._client_changed)
        self.path.textEdited.connect(self._path_typed)
        self.path.textChanged.connect(self._validate)
        self._validate()

    def _client_changed(self, text: str) -> None:
        if not self._path_edited:
            folder = Path(self.path.text()).parent if self.path.text() else self._folder
            self.path.setText(str(folder / file_name_for(text)))
        self._validate()

    def _path_typed(self) -> None:
        self._path_edited = True

    def _browse(self) -> None:
        chosen = self._dialogs.choose_file_to_save("Save the new workshop as", Path(self.path.text()))
        if chosen:
            self._path_edited = True
            self.path.setText(str(chosen))

    def _chosen_path(self) -> Path:
        path = Path(self.path.text().strip())
        return path if path.suffix else path.with_suffix(SUFFIX)

    def _validate(self) -> None:
        problem = ""
        if not self.client.text().strip():
            problem = "Enter the client's name."
        elif not self.path.text().strip():
            problem = "Choose where to save the workshop file."
        else:
            path = self._chosen_path()
            if path.exists():
                problem = f"“{path.name}” already exists in that folder; choose another name."
            elif not path.parent.is_dir():
                problem = f"The folder “{path.parent}” does not exist."
        self.problem.setText(problem)
        self.problem.setVisible(bool(problem) and bool(self.client.text().strip()))
        self.create_button.setEnabled(not problem)

    def accept(self) -> None:
        self._validate()  # the file may have appeared since the name was typed
        if self.create_button.isEnabled():
            super().accept()

    def request(self) -> NewWorkshopRequest:
        model = builtin_models()[self.model_choice.currentData()]
        info = WorkshopInfo(client=self.client.text().strip(), date=self.date.date().toString("yyyy-MM-dd"),
                            facilitator=self.facilitator.text().strip(),
                            currency=self.currency.currentText().strip().upper() or "USD")
        return NewWorkshopRequest(self._chosen_path(), info, model)


class WorkshopDetailsDialog(QDialog):
    """Edit the client, date, facilitator and currency of the open workshop."""

    def __init__(self, info: WorkshopInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Workshop details")
        self.setMinimumWidth(480)
        self.client = QLineEdit(info.client)
        self.date = QLineEdit(info.date)
        self.date.setPlaceholderText("e.g. 2026-11-27")
        self.facilitator = QLineEdit(info.facilitator)
        self.currency = QComboBox()
        self.currency.setEditable(True)
        self.currency.addItems(CURRENCIES)
        self.currency.setCurrentText(info.currency)
        form = QFormLayout()
        form.addRow("&Client", self.client)
        form.addRow("&Date", self.date)
        form.addRow("&Facilitator", self.facilitator)
        form.addRow("C&urrency", self.currency)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.client.textChanged.connect(lambda text: ok.setEnabled(bool(text.strip())))
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def info(self) -> WorkshopInfo:
        return WorkshopInfo(client=self.client.text().strip(), date=self.date.text().strip(),
                            facilitator=self.facilitator.text().strip(),
                            currency=self.currency.currentText().strip().upper() or "USD")


class NewRoundDialog(QDialog):
    """Name a re-assessment round and choose whether it starts from the latest ratings."""

    def __init__(self, existing: list[str], suggested: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("New assessment round")
        self.setMinimumWidth(480)
        self._existing = {name.casefold() for name in existing}
        explanation = QLabel("A new round records a later assessment (for example six months on) in the same "
                             "file. Earlier rounds stay as they are, for comparison. A round cannot be removed.")
        explanation.setWordWrap(True)
        self.name = QLineEdit(suggested)
        self.copy_previous = QCheckBox("Start from the latest round's ratings")
        self.copy_previous.setChecked(True)
        self.problem = QLabel()
        form = QFormLayout()
        form.addRow("Round &name", self.name)
        form.addRow("", self.copy_previous)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.start = self.buttons.addButton("Start round", QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(explanation)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.name.textChanged.connect(self._validate)
        self._validate()

    def _validate(self) -> None:
        name = self.name.text().strip()
        problem = ""
        if not name:
            problem = "Enter a name for the round."
        elif name.casefold() in self._existing:
            problem = f"A round named “{name}” already exists."
        self.problem.setText(problem)
        self.start.setEnabled(not problem)

    def request(self) -> NewRoundRequest:
        return NewRoundRequest(self.name.text().strip(), self.copy_previous.isChecked())
