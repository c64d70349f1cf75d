"""A small dialog is wide enough for its whole title, as the window manager shows it (the title,
" — " and the application's name), so the title bar never reads "Rena… kshop"."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtGui import QFontMetrics, QGuiApplication
from PySide6.QtWidgets import QApplication, QInputDialog, QMessageBox
from pytestqt.qtbot import QtBot

from finops_desktop.ui.dialogs import Dialogs, message_box
from finops_desktop.ui.title_fit import TITLE_BAR_EXTRA, shown_title


def _title_room(widget: QInputDialog | QMessageBox) -> int:
    return QFontMetrics(widget.font()).horizontalAdvance(shown_title(widget)) + TITLE_BAR_EXTRA


def test_the_shown_title_ends_in_the_application_name(qtbot: QtBot) -> None:
    box = message_box(QMessageBox.Icon.Information, "Rename round", "x", QMessageBox.StandardButton.Ok, None)
    qtbot.addWidget(box)
    name = QGuiApplication.applicationDisplayName()
    assert name
    assert shown_title(box) == f"Rename round \N{EM DASH} {name}"


def test_a_message_box_is_as_wide_as_its_title(qtbot: QtBot) -> None:
    box = message_box(QMessageBox.Icon.Question, "Remove the round of six months on", "Remove it?",
                      QMessageBox.StandardButton.Cancel, None)
    qtbot.addWidget(box)
    box.show()
    qtbot.waitExposed(box)
    assert box.width() >= _title_room(box)


def test_the_text_dialog_is_as_wide_as_its_title(qtbot: QtBot) -> None:
    widths: list[tuple[int, int]] = []

    def look() -> None:
        dialog = next(w for w in QApplication.topLevelWidgets() if isinstance(w, QInputDialog) and w.isVisible())
        widths.append((dialog.width(), _title_room(dialog)))
        dialog.reject()

    QTimer.singleShot(50, look)
    Dialogs().text("Rename the workshop of the client", "New name:", "Northwind")
    assert widths and widths[0][0] >= widths[0][1]


def test_a_title_longer_than_the_screen_leaves_the_dialog_on_the_screen(qtbot: QtBot) -> None:
    box = message_box(QMessageBox.Icon.Warning, "W" * 400, "x", QMessageBox.StandardButton.Ok, None)
    qtbot.addWidget(box)
    box.show()
    qtbot.waitExposed(box)
    screen = box.screen().availableGeometry()
    assert box.width() <= screen.width()


def test_a_removal_asked_about_answers_cancel_to_enter_and_other_questions_their_action(qtbot: QtBot) -> None:
    box, remove = Dialogs().confirm_box("Remove “Retail”?", "Undo brings it back.", "Remove", destructive=True)
    qtbot.addWidget(box)
    assert box.defaultButton() is box.button(QMessageBox.StandardButton.Cancel) and remove.text() == "Remove"
    box, open_it = Dialogs().confirm_box("Open read-only?", "It is newer.", "Open read-only")
    qtbot.addWidget(box)
    assert box.defaultButton() is open_it
