"""Every question the app asks and every error it shows, behind one replaceable object.

Views and commands never open a ``QFileDialog`` or ``QMessageBox`` themselves: they ask the
:class:`Dialogs` held by the application context. Tests hand the context a scripted
stand-in, so they need no monkeypatching and never block on a modal window. The forms
themselves (:mod:`.workshop_forms`) and Qt's dialog classes load when first asked for, so
the window shows without them.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt

from ..domain.workshop import WorkshopInfo
from ..storage.errors import WorkshopFileError
from .workshop_requests import (
    CURRENCIES,
    SUFFIX,
    NewBusinessUnitRequest,
    NewRoundRequest,
    NewWorkshopRequest,
    file_name_for,
)

if TYPE_CHECKING:
    from PySide6.QtWidgets import QAbstractButton, QMessageBox, QWidget

FILE_FILTER = "FinOps workshops (*.finops);;All files (*)"
__all__ = ["CURRENCIES", "FILE_FILTER", "SUFFIX", "Dialogs", "NewBusinessUnitRequest", "NewRoundRequest",
           "NewWorkshopRequest",
           "describe_error", "file_name_for", "title_name"]
#: A name in a window's or a dialog's title is cut to this many characters.
TITLE_NAME_CHARACTERS = 60


def title_name(name: str, limit: int = TITLE_NAME_CHARACTERS) -> str:
    """``name`` (a file's, a client's) as a title shows it: one line, at most ``limit`` characters.

    A longer name keeps its start and its end (a file's suffix) around a "…"; a character that
    cannot be shown (a byte that is not UTF-8, a control character) is shown as "\N{REPLACEMENT CHARACTER}".
    """
    text = "".join(c if c.isprintable() else "\N{REPLACEMENT CHARACTER}" for c in name)
    if len(text) <= limit:
        return text
    tail = (limit - 1) // 3
    return text[:limit - 1 - tail] + "…" + text[len(text) - tail:]


def describe_error(error: BaseException) -> str:
    """One readable sentence for an error from the storage layer (or anything else that went wrong)."""
    if isinstance(error, WorkshopFileError):
        reason = error.reason.strip() or "unknown reason"
        text = reason[0].upper() + reason[1:]
        return text if text.endswith((".", "!", "?")) else text + "."
    return str(error) or type(error).__name__


class Dialogs:
    """Modal questions and messages, shown over :attr:`parent` (the main window)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        self.parent = parent

    def _owner(self) -> QWidget | None:
        """The parent, put on screen first if it is a window never shown yet.

        The app opens a file given on the command line before its window first shows; a
        message about that file then appears over the window, as it would later.
        """
        parent = self.parent
        if (parent is not None and parent.isWindow() and not parent.isVisible()
                and not parent.testAttribute(Qt.WidgetAttribute.WA_WState_ExplicitShowHide)):
            parent.show()
        return parent

    # Files ------------------------------------------------------------------------------

    def choose_file_to_open(self, folder: Path | None) -> Path | None:
        from PySide6.QtWidgets import QFileDialog

        path, _ = QFileDialog.getOpenFileName(self._owner(), "Open workshop", str(folder or ""), FILE_FILTER)
        return Path(path) if path else None

    def choose_file_to_save(self, title: str, suggested: Path) -> Path | None:
        from PySide6.QtWidgets import QFileDialog

        path, _ = QFileDialog.getSaveFileName(self._owner(), title, str(suggested), FILE_FILTER)
        if not path:
            return None
        chosen = Path(path)
        return chosen if chosen.suffix else chosen.with_suffix(SUFFIX)

    def choose_folder(self, title: str, suggested: Path) -> Path | None:
        from PySide6.QtWidgets import QFileDialog

        path = QFileDialog.getExistingDirectory(self._owner(), title, str(suggested))
        return Path(path) if path else None

    def choose_workbooks(self, folder: Path | None) -> list[Path]:
        from PySide6.QtWidgets import QFileDialog

        paths, _ = QFileDialog.getOpenFileNames(self._owner(), "Import questionnaires", str(folder or ""),
                                                "Workbooks (*.xlsx *.ods);;All files (*)")
        return [Path(p) for p in paths]

    # Forms ------------------------------------------------------------------------------

    def new_workshop(self, folder: Path, facilitator: str = "", currency: str = "") -> NewWorkshopRequest | None:
        from PySide6.QtWidgets import QDialog

        from .workshop_forms import NewWorkshopDialog

        dialog = NewWorkshopDialog(folder, facilitator, self, self._owner(), currency=currency)
        return dialog.request() if dialog.exec() == QDialog.DialogCode.Accepted else None

    def workshop_details(self, info: WorkshopInfo) -> WorkshopInfo | None:
        from PySide6.QtWidgets import QDialog

        from .workshop_forms import WorkshopDetailsDialog

        dialog = WorkshopDetailsDialog(info, self._owner())
        return dialog.info() if dialog.exec() == QDialog.DialogCode.Accepted else None

    def new_round(self, existing: list[str], suggested: str) -> NewRoundRequest | None:
        from PySide6.QtWidgets import QDialog

        from .workshop_forms import NewRoundDialog

        dialog = NewRoundDialog(existing, suggested, self._owner())
        return dialog.request() if dialog.exec() == QDialog.DialogCode.Accepted else None

    def new_business_unit(self, existing: list[str], currency: str) -> NewBusinessUnitRequest | None:
        from PySide6.QtWidgets import QDialog

        from .business_unit_form import NewBusinessUnitDialog

        dialog = NewBusinessUnitDialog(existing, currency, self._owner())
        return dialog.request() if dialog.exec() == QDialog.DialogCode.Accepted else None

    def text(self, title: str, label: str, text: str = "", *, max_length: int | None = None) -> str | None:
        """A line of text; ``max_length``: the field takes no more characters than the gate allows, so
        nothing typed is thrown away after the dialog has closed."""
        from PySide6.QtWidgets import QInputDialog, QLineEdit

        from .title_fit import fit_title

        dialog = QInputDialog(self._owner())
        dialog.setWindowTitle(title)
        dialog.setLabelText(label)
        dialog.setTextValue(text)
        field = dialog.findChild(QLineEdit)
        if field is not None and max_length is not None:
            field.setMaxLength(max_length)
        fit_title(dialog)
        return dialog.textValue() if dialog.exec() == QInputDialog.DialogCode.Accepted else None

    # Messages ---------------------------------------------------------------------------

    def error(self, title: str, message: str, detail: str = "") -> None:
        from PySide6.QtWidgets import QMessageBox

        box = message_box(QMessageBox.Icon.Warning, title, message + (f"\n\n{detail}" if detail else ""),
                          QMessageBox.StandardButton.Ok, self._owner())
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        box.exec()

    def confirm(self, title: str, message: str, action: str, *, destructive: bool = False) -> bool:
        """Ask before ``action``; ``destructive`` (a removal): Enter answers Cancel, not the action."""
        box, accept = self.confirm_box(title, message, action, destructive=destructive)
        box.exec()
        return box.clickedButton() is accept

    def confirm_box(self, title: str, message: str, action: str, *,
                    destructive: bool = False) -> tuple[QMessageBox, QAbstractButton]:
        """The question :meth:`confirm` asks, and its action's button."""
        from PySide6.QtWidgets import QMessageBox

        from .dialog_buttons import message_accept_button

        box = message_box(QMessageBox.Icon.Question, title, message, QMessageBox.StandardButton.Cancel, self._owner())
        accept = message_accept_button(box, action)
        if destructive:
            box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        else:
            box.setDefaultButton(accept)
        return box, accept

    def offer_read_only(self, title: str, message: str) -> bool:
        """Tell why the file cannot be edited here and ask whether to open it read-only."""
        return self.confirm(title, message + "\n\nYou can open it read-only: you will see everything, "
                                              "and nothing in the file will change.", "Open read-only")

    def information(self, title: str, message: str) -> None:
        from PySide6.QtWidgets import QMessageBox

        box = message_box(QMessageBox.Icon.Information, title, message, QMessageBox.StandardButton.Ok, self._owner())
        box.exec()


def message_box(icon: QMessageBox.Icon, title: str, message: str, buttons: QMessageBox.StandardButton,
                parent: QWidget | None, *, heading: str = "") -> QMessageBox:
    """A message box titled ``title`` (also its heading unless ``heading`` is given), wide enough
    for its title bar."""
    from PySide6.QtWidgets import QMessageBox

    from .title_fit import fit_title

    box = QMessageBox(icon, title, heading or title, buttons, parent)
    box.setInformativeText(message)
    fit_title(box)
    return box
