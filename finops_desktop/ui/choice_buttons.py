"""A row of toggle buttons for choosing one value (the target stage, the confidence).

The row is one stop for Tab (the chosen button, or the first): the arrow keys move between
its buttons and Space or Enter chooses, as in a group of radio buttons, so that tabbing
through the form never lands on a button that would undo a choice.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QPalette, QResizeEvent
from PySide6.QtWidgets import QPushButton, QSizePolicy, QWidget

from .flow_layout import FlowLayout
from .fonts import set_relative_font
from .palette import follow_palette


def _style(palette: QPalette) -> str:
    """The buttons' style sheet, in the colours of ``palette`` (a style sheet does not follow palette changes)."""
    role = QPalette.ColorRole
    mid, button, text = (palette.color(r).name() for r in (role.Mid, role.Button, role.ButtonText))
    highlight, highlighted = palette.color(role.Highlight).name(), palette.color(role.HighlightedText).name()
    return (f"QPushButton {{ padding: 4px 12px; border: 1px solid {mid}; border-radius: 6px; "
            f"background: {button}; color: {text}; }}"
            f"QPushButton:hover {{ border-color: {highlight}; }}"
            f"QPushButton:focus {{ border: 2px solid {highlight}; padding: 3px 11px; }}"
            f"QPushButton:checked {{ background: {highlight}; color: {highlighted}; border-color: {highlight}; }}"
            # On the chosen button the focus ring is drawn in the text colour: the highlight is its fill.
            f"QPushButton:checked:focus {{ border: 3px solid {text}; padding: 2px 10px; }}"
            f"QPushButton:disabled {{ color: {palette.color(QPalette.ColorGroup.Disabled, role.ButtonText).name()}; }}")


class ChoiceButtons(QWidget):
    """Exactly one of the options is checked, or none when ``allow_none`` and it is clicked again."""

    #: The value of the button clicked (``None`` when a checked button is clicked again and ``allow_none``).
    chosen = Signal(object)

    def __init__(self, *, allow_none: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._allow_none = allow_none
        self._value: Any = None
        self.buttons: list[tuple[Any, QPushButton]] = []
        # The buttons keep the width of their text: when the row is too narrow they wrap onto a second row.
        self._layout = FlowLayout(self, spacing=6)
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        follow_palette(self, _style)

    def set_options(self, options: list[tuple[Any, str]]) -> None:
        while self._layout.count():
            item = self._layout.takeAt(0)
            widget = item.widget() if item else None
            if widget is not None:
                widget.hide()
                widget.deleteLater()
        self.buttons = []
        for value, label in options:
            button = QPushButton(label, self)
            button.setCheckable(True)
            set_relative_font(button, 1.0)  # a style sheet stops a button following the application font
            button.setSizePolicy(QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Fixed)
            button.clicked.connect(lambda _checked=False, v=value: self._clicked(v))
            button.installEventFilter(self)
            button.ensurePolished()  # its style sheet's padding is in its size before the layout measures it
            self._layout.addWidget(button)
            self.buttons.append((value, button))
        self.set_value(self._value)

    def rows(self) -> int:
        """How many rows the buttons take at the present width."""
        return self._layout.rows(self.width())

    def button(self, value: Any) -> QPushButton:
        return next(b for v, b in self.buttons if v == value)

    def value(self) -> Any:
        return self._value

    def set_value(self, value: Any) -> None:
        self._value = value
        for option, button in self.buttons:
            button.setChecked(option == value)
        focused = next((b for _, b in self.buttons if b.hasFocus()), None)
        self._make_stop(focused or self._chosen_button())

    def _chosen_button(self) -> QPushButton | None:
        return next((b for v, b in self.buttons if v == self._value), self.buttons[0][1] if self.buttons else None)

    def tab_stop(self) -> QPushButton | None:
        """The one button Tab lands on."""
        return next((b for _, b in self.buttons if b.focusPolicy() == Qt.FocusPolicy.StrongFocus), None)

    def _make_stop(self, stop: QPushButton | None) -> None:
        for _, button in self.buttons:
            button.setFocusPolicy(Qt.FocusPolicy.StrongFocus if button is stop else Qt.FocusPolicy.ClickFocus)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        buttons = [b for _, b in self.buttons]
        if not isinstance(watched, QPushButton) or watched not in buttons:
            return super().eventFilter(watched, event)
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            step = {Qt.Key.Key_Left: -1, Qt.Key.Key_Up: -1, Qt.Key.Key_Right: 1, Qt.Key.Key_Down: 1}.get(
                Qt.Key(event.key()))
            if step is not None:
                target = buttons[(buttons.index(watched) + step) % len(buttons)]
                self._make_stop(target)
                target.setFocus(Qt.FocusReason.TabFocusReason)
                return True
        if event.type() == QEvent.Type.FocusIn:
            self._make_stop(watched)
        return super().eventFilter(watched, event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.height() < self.heightForWidth(self.width()):  # the buttons wrapped at this width: ask for the room
            self.updateGeometry()

    def _clicked(self, value: Any) -> None:
        if self._allow_none and value == self._value:
            value = None
        self.set_value(value)
        self.chosen.emit(value)
