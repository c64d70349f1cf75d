"""The strip shown over an earlier round: it is read-only until the facilitator chooses "Edit this round".

An earlier round is the baseline later rounds are compared against; a stray click on a card
must not change it. Opened on purpose, it stays open until "Done" or until another round is
shown.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPaintEvent, QPalette
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from ..storage.changes import Change, Reloaded, RoundsChanged
from ..storage.workshop_file import WorkshopFile
from .context import ApplicationContext
from .fonts import set_relative_font
from .outline import WIDTH as OUTLINE
from .outline import paint_outline


class EarlierRoundBar(QFrame):
    def __init__(self, context: ApplicationContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("earlierRoundBar")
        self._context = context
        self.text = QLabel()
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        self.text.setWordWrap(True)
        set_relative_font(self.text, 1.0, bold=True)
        self.edit_button = QPushButton("&Edit this round")
        self.edit_button.setToolTip("Change the ratings of this earlier round (for example to correct a mistake)")
        self.edit_button.clicked.connect(self._toggle)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12 + OUTLINE, 6 + OUTLINE, 12 + OUTLINE, 6 + OUTLINE)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.edit_button)
        self.setAutoFillBackground(True)
        context.round_changed.connect(lambda _round: self.refresh())
        context.round_lock_changed.connect(self.refresh)
        context.file_changed.connect(self._file_changed)
        context.workshop_changed.connect(self._workshop_changed)
        self.refresh()

    def _toggle(self) -> None:
        self._context.edit_earlier_round(not self._context.round_editable)

    def _file_changed(self, _file: WorkshopFile | None) -> None:
        self.refresh()

    def _workshop_changed(self, change: Change) -> None:
        if isinstance(change, RoundsChanged | Reloaded):
            self.refresh()

    def refresh(self) -> None:
        context = self._context
        rnd = context.round
        self.setVisible(context.is_earlier_round and rnd is not None)
        if rnd is None or not context.is_earlier_round:
            return
        editing = context.round_editable
        if editing:
            self.text.setText(f"Editing the earlier round “{rnd.name}”: changes here change what later rounds "
                              "are compared against.")
            self.edit_button.setText("&Done editing")
        else:
            self.text.setText(f"“{rnd.name}” is an earlier round, read-only so that it stays the baseline "
                              "later rounds are compared against.")
            self.edit_button.setText("&Edit this round")
        self.edit_button.setVisible(not context.read_only)
        self.update()  # the outline's colour: amber while editing

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        editing = self._context.round_editable
        paint_outline(self, QColor("#B45309") if editing else self.palette().color(QPalette.ColorRole.Highlight))
