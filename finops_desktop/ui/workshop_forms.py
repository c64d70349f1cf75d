"""The forms the app asks with: a new workshop, the workshop's details, a new round.

Loaded when one is first shown (through :class:`.dialogs.Dialogs`), not at start-up.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..domain import values
from ..domain.catalogue import DEFAULT_MODEL_ID, builtin_models, model_catalogue
from ..domain.values import ValueRefused
from ..domain.workshop import WorkshopInfo, same_name_key
from .date_field import DateField, parse_iso_date
from .dialog_buttons import accept_button
from .fonts import set_relative_font
from .workshop_requests import CURRENCIES, SUFFIX, NewRoundRequest, NewWorkshopRequest, file_name_for

if TYPE_CHECKING:
    from .dialogs import Dialogs


class NewWorkshopDialog(QDialog):
    """Client, date, facilitator, currency, model, and where the file goes."""

    def __init__(self, folder: Path, facilitator: str, dialogs: Dialogs, parent: QWidget | None = None, *,
                 currency: str = "") -> None:
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
        self.date = DateField()
        self.facilitator = QLineEdit(facilitator)
        self.facilitator.setPlaceholderText("Your name")
        self.currency = QComboBox()
        self.currency.setEditable(True)
        self.currency.addItems(CURRENCIES)
        if currency:
            self.currency.setCurrentText(currency)
        self.model_choice = QComboBox()
        for model in builtin_models().values():
            self.model_choice.addItem(f"{model.name} ({model.version})", model.id)
        self.model_choice.setCurrentIndex(max(self.model_choice.findData(DEFAULT_MODEL_ID), 0))
        self.path = QLineEdit(str(folder / file_name_for("")))
        self.path.setToolTip("A file name, or a folder: the file is then named after the client inside it")
        browse = QPushButton("Browse…")
        browse.clicked.connect(self._browse)
        self.browse_button = browse
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
        problems = model_catalogue().problems  # model files that could not be read: each says why
        self.skipped_models = QLabel(f"Model files not offered ({len(problems)}):\n" + "\n".join(problems))
        self.skipped_models.setWordWrap(True)
        self.skipped_models.setObjectName("problem")
        self.skipped_models.setVisible(bool(problems))
        save_as = QLabel("&Save as")
        save_as.setBuddy(self.path)
        form.addRow(save_as, path_row)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.create_button = accept_button(self.buttons, "Create workshop")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(intro)
        layout.addSpacing(8)
        layout.addLayout(form)
        layout.addWidget(self.skipped_models)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)

        for first, second in ((self.client, self.date), (self.date, self.facilitator),
                              (self.facilitator, self.currency), (self.currency, self.model_choice),
                              (self.model_choice, self.path), (self.path, browse)):
            QWidget.setTabOrder(first, second)
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
        """The file to create: the path typed (a relative one inside the dialog's folder), ending in .finops;
        a folder gets a file named after the client inside it."""
        text = self.path.text().strip()
        path = Path(text)
        try:
            path = path.expanduser()
        except RuntimeError:  # "~someone" for a user this system does not know
            pass
        if not path.is_absolute():
            path = self._folder / path
        if text.endswith(("/", "\\")) or path.is_dir() or not path.name or path.name in (".", ".."):
            return path / file_name_for(self.client.text())
        return path if path.suffix.lower() == SUFFIX else path.with_name(path.name + SUFFIX)

    def _validate(self) -> None:
        problem = ""
        if not self.client.text().strip():
            problem = "Enter the client's name."
        elif refused := refusal(values.CLIENT_NAME, self.client.text()):
            problem = refused
        elif not self.path.text().strip():
            problem = "Choose where to save the workshop file."
        else:
            path = self._chosen_path()
            if path.exists():
                problem = f"“{path.name}” already exists in that folder; choose another name."
            elif not path.parent.is_dir():
                problem = f"The folder “{path.parent}” does not exist."
            elif path.name.startswith(".") or "\0" in str(path):
                problem = "Give the file a name."
        self.problem.setText(problem)
        self.problem.setVisible(bool(problem) and bool(self.client.text().strip()))
        self.create_button.setEnabled(not problem)

    def accept(self) -> None:
        self._validate()  # the file may have appeared since the name was typed
        if self.create_button.isEnabled():
            super().accept()

    def request(self) -> NewWorkshopRequest:
        model = builtin_models()[self.model_choice.currentData()]
        info = WorkshopInfo(client=self.client.text().strip(), date=self.date.iso(),
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
        self._original_date = info.date
        known = parse_iso_date(info.date)
        self.date = DateField(known)
        self.date_note = QLabel()
        self.date_note.setWordWrap(True)
        self.date_note.setTextFormat(Qt.TextFormat.PlainText)
        if info.date and known is None:  # free text from an older file: shown, replaced only if OK is pressed
            self.date_note.setText(f"The file says “{info.date}”, which is not a date; pick the date of the workshop.")
        self.date_note.setVisible(bool(self.date_note.text()))
        self.facilitator = QLineEdit(info.facilitator)
        self.currency = QComboBox()
        self.currency.setEditable(True)
        self.currency.addItems(CURRENCIES)
        self.currency.setCurrentText(info.currency)
        form = QFormLayout()
        form.addRow("&Client", self.client)
        form.addRow("&Date", self.date)
        form.addRow("", self.date_note)
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
        return WorkshopInfo(client=self.client.text().strip(), date=self.date.iso(),
                            facilitator=self.facilitator.text().strip(),
                            currency=self.currency.currentText().strip().upper() or "USD")


class NewRoundDialog(QDialog):
    """Name a re-assessment round and choose whether it starts from the latest ratings."""

    def __init__(self, existing: list[str], suggested: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("New assessment round")
        self.setMinimumWidth(480)
        self._existing = {same_name_key(name) for name in existing}
        explanation = QLabel("A new round records a later assessment (for example six months on) in the same "
                             "file. Earlier rounds stay as they are, for comparison. Undo takes a new round back.")
        explanation.setWordWrap(True)
        self.name = QLineEdit(suggested)
        self.name.setMaxLength(values.ROUND_NAME.max_length)
        self.name.selectAll()  # typing replaces the suggested name instead of adding to it
        self.copy_previous = QCheckBox("Start from the latest round's ratings")
        self.copy_previous.setChecked(True)
        self.problem = QLabel()
        form = QFormLayout()
        form.addRow("Round &name", self.name)
        form.addRow("", self.copy_previous)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.start = accept_button(self.buttons, "Start round")
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
        elif refused := refusal(values.ROUND_NAME, name):
            problem = refused
        elif same_name_key(name) in self._existing:
            problem = f"A round named “{name}” already exists."
        self.problem.setText(problem)
        self.start.setEnabled(not problem)

    def request(self) -> NewRoundRequest:
        return NewRoundRequest(self.name.text().strip(), self.copy_previous.isChecked())


def refusal(kind: Any, text: str) -> str:
    """Why the gate would refuse what was typed, as a sentence; "" when it would take it."""
    try:
        kind.check(text)
    except ValueRefused as exc:
        message = str(exc)
        return message[:1].upper() + message[1:] + "."
    return ""
