"""A name asked for in a dialog takes no more characters than the gate allows, so nothing typed
is thrown away after the dialog has closed; the New round dialog does the same."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QInputDialog, QLineEdit
from pytestqt.qtbot import QtBot

from finops_desktop.domain import values
from finops_desktop.ui.dialogs import Dialogs
from finops_desktop.ui.workshop_forms import NewRoundDialog


def test_the_text_dialog_takes_no_more_than_the_limit(qtbot: QtBot) -> None:
    seen: list[int] = []

    def type_too_much() -> None:
        dialog = next(w for w in QApplication.topLevelWidgets() if isinstance(w, QInputDialog) and w.isVisible())
        field = dialog.findChild(QLineEdit)
        assert field is not None
        seen.append(field.maxLength())
        field.selectAll()
        qtbot.keyClicks(field, "x" * 130)
        dialog.accept()

    QTimer.singleShot(50, type_too_much)
    typed = Dialogs().text("Rename round", "New name of the round:", "Baseline",
                           max_length=values.ROUND_NAME.max_length)
    assert seen == [100]
    assert typed == "x" * 100


def test_the_new_round_dialog_takes_no_more_than_a_round_name_may_hold(qtbot: QtBot) -> None:
    dialog = NewRoundDialog(["Baseline"], "Round 2")
    qtbot.addWidget(dialog)
    dialog.name.selectAll()
    qtbot.keyClicks(dialog.name, "y" * 130)
    assert dialog.name.text() == "y" * values.ROUND_NAME.max_length
