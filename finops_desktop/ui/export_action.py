"""File → Export to Excel…: choose where, write the workbook with progress shown, offer to open it.

openpyxl and matplotlib are imported only when an export starts, so the window opens
without them. Every question asked is a parameter with a default, so tests answer them
without a modal dialog.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QFileDialog, QMessageBox, QProgressDialog, QWidget

from ..domain.workshop import WorkshopInfo
from ..storage.workshop_file import WorkshopFile
from .dialogs import message_box

SUFFIX = ".xlsx"
FILE_FILTER = "Excel workbooks (*.xlsx)"
TITLE = "Export to Excel"
#: The progress dialog appears only when an export takes longer than this (milliseconds).
PROGRESS_DELAY_MS = 400

AskPath = Callable[[QWidget, Path], Path | None]
AskOpen = Callable[[QWidget, Path], bool]
TellError = Callable[[QWidget, str], None]
OpenFile = Callable[[Path], object]


def default_file_name(info: WorkshopInfo, today: date | None = None) -> str:
    """``<client> - FinOps roadmap - <date>.xlsx``, safe as a file name on every operating system."""
    client = _safe_part(info.client)[:80].strip() or "Workshop"
    when = _safe_part(info.date.replace("/", "-"))[:20].strip() or (today or date.today()).isoformat()
    return f"{client} - FinOps roadmap - {when}{SUFFIX}"


def _safe_part(text: str) -> str:
    cleaned = re.sub(r'[<>:"/\\|?*\x00-\x1f\x7f]', " ", text)
    return re.sub(r"\s+", " ", cleaned).strip(" .")


def export_to_excel(parent: QWidget, workshop_file: WorkshopFile, *, ask_path: AskPath | None = None,
                    ask_open: AskOpen | None = None, tell_error: TellError | None = None,
                    open_file: OpenFile | None = None, round_id: int | None = None) -> Path | None:
    """Ask for a file name, write the workbook there and offer to open it; the path written, or None.

    ``round_id`` is the round to export (default: the latest). Nothing is left behind when
    the export fails or is cancelled; a workbook already under that name stays as it was.
    """
    ask_path = ask_path or ask_path_with_dialog
    ask_open = ask_open or ask_open_with_dialog
    tell_error = tell_error or tell_error_with_dialog
    open_file = open_file or open_with_system
    workshop = workshop_file.workshop
    suggested = workshop_file.path.parent / default_file_name(workshop.info)
    chosen = ask_path(parent, suggested)
    if chosen is None:
        return None
    path = chosen if chosen.suffix.lower() == SUFFIX else chosen.with_name(chosen.name + SUFFIX)

    from ..export import ExportCancelled, ExportError, write_workbook  # openpyxl: only now

    progress = QProgressDialog("Writing the workbook…", "Cancel", 0, 100, parent)
    progress.setWindowTitle(TITLE)
    progress.setWindowModality(Qt.WindowModality.WindowModal)
    progress.setMinimumDuration(PROGRESS_DELAY_MS)
    progress.setAutoReset(False)
    progress.setValue(0)

    def report(done: int, total: int) -> None:
        progress.setMaximum(total)
        progress.setValue(done)  # a modal progress dialog processes events here
        if progress.wasCanceled() and done < total:  # at the end the workbook is already in place
            raise ExportCancelled

    QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        from .evidence_view import evidence_report_for

        write_workbook(workshop, path, round_id=round_id, progress=report,
                       evidence=evidence_report_for(workshop_file))
    except ExportCancelled:
        return None
    except ExportError as exc:
        tell_error(parent, str(exc))
        return None
    except Exception as exc:  # the window must survive whatever went wrong, and say what it was
        tell_error(parent, f"The workbook could not be written: {exc or type(exc).__name__}")
        return None
    finally:
        QGuiApplication.restoreOverrideCursor()
        progress.close()
        progress.deleteLater()
    if ask_open(parent, path) and open_file(path) is False:
        tell_error(parent, f"The workbook is saved as {path}, but no application here opens .xlsx files.")
    return path


def ask_path_with_dialog(parent: QWidget, suggested: Path) -> Path | None:
    path, _ = QFileDialog.getSaveFileName(parent, TITLE, str(suggested), FILE_FILTER)
    return Path(path) if path else None


def ask_open_with_dialog(parent: QWidget, path: Path) -> bool:
    box = message_box(QMessageBox.Icon.Information, TITLE, f"{path.name}\nin {path.parent}",
                      QMessageBox.StandardButton.NoButton, parent, heading="The workbook is ready.")
    open_button = box.addButton("Open it", QMessageBox.ButtonRole.AcceptRole)
    box.addButton("Close", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(open_button)
    box.exec()
    return box.clickedButton() is open_button


def tell_error_with_dialog(parent: QWidget, message: str) -> None:
    box = message_box(QMessageBox.Icon.Warning, TITLE, message, QMessageBox.StandardButton.Ok, parent,
                      heading="The workbook was not written.")
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    box.exec()


def open_with_system(path: Path) -> bool:
    """Open the workbook in the application the system uses for spreadsheets."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
