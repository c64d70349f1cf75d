"""Where the style puts icons on dialog buttons, a dialog's accept button has one as its Cancel does."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QProxyStyle, QStyle, QStyleFactory, QStyleOption, QWidget
from pytestqt.qtbot import QtBot

from finops_desktop.ui.business_unit_form import NewBusinessUnitDialog
from finops_desktop.ui.dialog_buttons import accept_button
from finops_desktop.ui.workshop_forms import NewRoundDialog, NewWorkshopDialog
from tests.helpers.ui_context import ScriptedDialogs


class _IconsOnDialogButtons(QProxyStyle):
    """The platform's style, as on desktops whose dialog buttons carry icons."""

    def styleHint(self, hint: QStyle.StyleHint, option: QStyleOption | None = None,  # type: ignore[override]
                  widget: QWidget | None = None, returnData: object = None) -> int:
        if hint == QStyle.StyleHint.SH_DialogButtonBox_ButtonsHaveIcons:
            return 1
        return super().styleHint(hint, option, widget, returnData)  # type: ignore[arg-type]


@pytest.fixture
def icon_style(qapp: QApplication) -> Iterator[None]:
    name = QApplication.style().name()
    QApplication.setStyle(_IconsOnDialogButtons(QStyleFactory.create(name)))
    yield
    QApplication.setStyle(QStyleFactory.create(name))


def _accept_and_cancel(box: QDialogButtonBox) -> tuple[object, object]:
    cancel = box.button(QDialogButtonBox.StandardButton.Cancel)
    accept = next(b for b in box.buttons() if box.buttonRole(b) == QDialogButtonBox.ButtonRole.AcceptRole)
    return accept, cancel


def test_start_round_add_and_create_workshop_have_an_icon_like_cancel(
        qtbot: QtBot, tmp_path: Path, icon_style: None) -> None:
    dialogs = [NewRoundDialog(["Baseline"], "Round 2"), NewBusinessUnitDialog([], "EUR"),
               NewWorkshopDialog(tmp_path, "", ScriptedDialogs())]
    for dialog in dialogs:
        qtbot.addWidget(dialog)
        accept, cancel = _accept_and_cancel(dialog.buttons)
        assert not cancel.icon().isNull()  # the style does put icons on dialog buttons
        assert not accept.icon().isNull(), f"{accept.text()} has no icon beside {cancel.text()}"
    assert _accept_and_cancel(dialogs[0].buttons)[0].text() == "Start round"


def test_the_accept_button_keeps_its_own_text_and_accepts(qtbot: QtBot) -> None:
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    qtbot.addWidget(box)
    button = accept_button(box, "Start round")
    assert button.text() == "Start round"
    assert box.buttonRole(button) == QDialogButtonBox.ButtonRole.AcceptRole
    with qtbot.wait_signal(box.accepted):
        button.click()
