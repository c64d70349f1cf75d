"""The keyboard: what the rating keys mean on any keyboard layout, and the shortcuts help window.

Stage keys are the digit row: 1 for the model's first stage, 2 for the second, and so on;
with Shift they set the target. Shift+1 types "!" on a US keyboard, "1" on a French one,
so the physical key is read where the platform reports it, then the key code, then the
symbols that Shift+digit gives on common layouts.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ..domain.record import record
from .fonts import set_relative_font

# The digit row, 1..9 then 0, as each platform reports the physical key.
_DIGIT_ROW = (1, 2, 3, 4, 5, 6, 7, 8, 9, 0)
_SCAN_CODES = {
    "xcb": dict(zip(range(10, 20), _DIGIT_ROW, strict=True)),  # X11 keycodes (evdev + 8)
    "wayland": dict(zip(range(10, 20), _DIGIT_ROW, strict=True)),
    "windows": dict(zip(range(0x02, 0x0C), _DIGIT_ROW, strict=True)),
}
_MAC_VIRTUAL_KEYS = dict(zip((0x12, 0x13, 0x14, 0x15, 0x17, 0x16, 0x1A, 0x1C, 0x19, 0x1D), _DIGIT_ROW, strict=True))
# What Shift+digit types on US, UK, German, Spanish and Nordic layouts (only unambiguous ones).
_SHIFTED_DIGITS = {"!": 1, "@": 2, '"': 2, "#": 3, "£": 3, "§": 3, "·": 3, "$": 4, "¤": 4, "%": 5}


@record
class StageKey:
    """A digit key pressed in the grid: 0 means not assessed (or no target); ``target`` if Shift was held."""

    number: int
    target: bool


def stage_key(event: QKeyEvent) -> StageKey | None:
    """The stage key an event stands for, or ``None`` if it is not one."""
    modifiers = event.modifiers()
    if modifiers & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
                    | Qt.KeyboardModifier.MetaModifier):
        return None
    shift = bool(modifiers & Qt.KeyboardModifier.ShiftModifier)
    keypad = bool(modifiers & Qt.KeyboardModifier.KeypadModifier)
    key = event.key()
    if not keypad:
        number = _physical_digit(event)
        if number is not None:
            return StageKey(number, shift)
    if Qt.Key.Key_0.value <= key <= Qt.Key.Key_9.value:
        return StageKey(key - Qt.Key.Key_0.value, shift)
    number = _SHIFTED_DIGITS.get(event.text())
    if number is not None:
        return StageKey(number, True)
    return None


def _physical_digit(event: QKeyEvent) -> int | None:
    platform = QGuiApplication.platformName()
    if platform == "cocoa":
        return _MAC_VIRTUAL_KEYS.get(event.nativeVirtualKey())
    table = _SCAN_CODES.get(platform)
    if table is None or event.nativeScanCode() == 0:
        return None
    return table.get(event.nativeScanCode())


def _native(standard: QKeySequence.StandardKey, fallback: str = "") -> str:
    text = QKeySequence(standard).toString(QKeySequence.SequenceFormat.NativeText)
    return text or fallback


def shortcut_sections(stage_names: list[str]) -> list[tuple[str, list[tuple[str, str]]]]:
    """Every shortcut, grouped as the help window shows them."""
    stages = [(str(i), f"Current stage: {name}") for i, name in enumerate(stage_names, start=1)]
    targets = [(f"Shift+{i}", f"Target: {name}") for i, name in enumerate(stage_names, start=1)]
    return [
        ("Assessing in the grid", [
            ("Arrow keys", "Move between cells"),
            *stages,
            ("0 or Delete", "Not assessed (clears the stage and the target)"),
            ("N", "Not applicable to this business unit"),
            *targets,
            ("Shift+0", "No target"),
            ("Enter", "Write evidence notes for the cell (Esc returns to the grid)"),
            ("Ctrl+J", "Next cell not yet assessed"),
            ("Ctrl+D", "Next cell the room disagrees on"),
        ]),
        ("Presentation (F5)", [
            (f"1 … {len(stage_names)}", "The vote of the participant whose turn it is"),
            (f"Shift+1 … {len(stage_names)}", "The stage the room agreed on"),
            ("Up / Down", "Choose who votes next"),
            ("Left / Right", "Previous or next cell"),
            ("Delete", "Withdraw the vote of the participant whose turn it is"),
            ("Esc", "Leave the presentation"),
        ]),
        ("Stage cards", [
            ("Click a card", "Set the current stage"),
            ("Shift+click a card", "Set the target"),
            ("Tab, then Space", "Set the stage of the focused card"),
        ]),
        ("Workshop", [
            (_native(QKeySequence.StandardKey.New, "Ctrl+N"), "New workshop"),
            (_native(QKeySequence.StandardKey.Open, "Ctrl+O"), "Open a workshop"),
            (_native(QKeySequence.StandardKey.SaveAs, "Ctrl+Shift+S"), "Save a copy under another name"),
            ("Ctrl+W", "Close the workshop"),
            ("Ctrl+E", "Export to Excel"),
            ("Ctrl+Shift+B", "Add a business unit"),
            (_native(QKeySequence.StandardKey.Undo, "Ctrl+Z"), "Undo"),
            (_native(QKeySequence.StandardKey.Redo, "Ctrl+Shift+Z"), "Redo"),
            ("Ctrl+1 / Ctrl+2 / Ctrl+3 / Ctrl+4", "Assess, Business units, Charts, Roadmap"),
        ]),
        ("View", [
            (_native(QKeySequence.StandardKey.ZoomIn, "Ctrl++"), "Larger text"),
            (_native(QKeySequence.StandardKey.ZoomOut, "Ctrl+-"), "Smaller text"),
            ("Ctrl+0", "Text at normal size"),
            (_native(QKeySequence.StandardKey.FullScreen, "F11"), "Full screen"),
            ("F5", "Present: full screen for the projector"),
            ("F1", "This list"),
        ]),
    ]


class ShortcutsDialog(QDialog):
    """The list of shortcuts, large enough to read on the projector."""

    def __init__(self, stage_names: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        self.resize(720, 640)
        content = QWidget()
        grid = QGridLayout(content)
        grid.setHorizontalSpacing(24)
        grid.setVerticalSpacing(6)
        row = 0
        for title, entries in shortcut_sections(stage_names):
            heading = QLabel(title)
            set_relative_font(heading, 1.2, bold=True)
            grid.addWidget(heading, row, 0, 1, 2)
            row += 1
            for keys, action in entries:
                key_label = QLabel(keys)
                set_relative_font(key_label, 1.05, bold=True)
                key_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                grid.addWidget(key_label, row, 0)
                action_label = QLabel(action)
                action_label.setWordWrap(True)
                set_relative_font(action_label, 1.05)
                grid.addWidget(action_label, row, 1)
                row += 1
            grid.setRowMinimumHeight(row, 12)
            row += 1
        grid.setColumnStretch(1, 1)
        grid.setRowStretch(row, 1)
        scroll = QScrollArea()
        scroll.setWidget(content)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll)
        layout.addWidget(buttons)
