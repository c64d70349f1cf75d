"""The strip above the workspace: whose workshop this is, and which assessment round is shown.

A later round (e.g. six months on) is started here; the grid, the detail panel and every
edit then work on the round chosen in the selector.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, QEvent, Qt
from PySide6.QtGui import QAction, QResizeEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSizePolicy, QWidget

from ..storage.workshop_file import Change, WorkshopFile
from .context import ApplicationContext
from .elided import ElidedComboBox, ElidedLabel
from .fonts import set_relative_font
from .round_commands import remove_round, rename_round, start_new_round
from .undo_commands import SetInfoCommand

_DETAIL_SEPARATOR = "  ·  "


def readable_date(text: str) -> str:
    """"2026-11-27" as "27 November 2026"; anything else as typed."""
    try:
        parsed = date.fromisoformat(text)
    except ValueError:
        return text
    return QDate(parsed.year, parsed.month, parsed.day).toString("d MMMM yyyy")


def edit_workshop_details(context: ApplicationContext) -> bool:
    workshop = context.workshop
    if workshop is None or not context.can_edit():
        return False
    info = context.dialogs.workshop_details(workshop.info)
    if info is None or info == workshop.info:
        return False
    return context.edit(SetInfoCommand(context, info))


class WorkshopHeader(QWidget):
    def __init__(self, context: ApplicationContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("workshopHeader")
        self._context = context
        self._detail_parts: list[str] = []
        self.client = ElidedLabel()
        self.client.setObjectName("clientName")
        self.client.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        set_relative_font(self.client, 1.5, bold=True)
        self.details = ElidedLabel()
        self.read_only_badge = QLabel("READ-ONLY")
        self.read_only_badge.setObjectName("readOnlyBadge")
        self.read_only_badge.setToolTip("The file is open read-only: you can look, nothing can be changed.")
        set_relative_font(self.read_only_badge, 0.9, bold=True)
        self.read_only_badge.setStyleSheet("color: white; background: #B45309; border-radius: 4px; padding: 2px 8px;")
        self.round_label = QLabel("&Round")
        set_relative_font(self.round_label, 1.0, bold=True)
        # A long round name elides instead of widening the window (its tooltip has it whole).
        self.rounds = ElidedComboBox(characters=12)
        self.rounds.setObjectName("roundSelector")
        self.rounds.setToolTip("The assessment round shown and edited")
        self.round_label.setBuddy(self.rounds)
        # Right-click on the selector: rename or remove the round shown.
        self.rounds.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        rename = QAction("Rename this round…", self.rounds)
        rename.triggered.connect(lambda: rename_round(context))
        remove = QAction("Remove this round…", self.rounds)
        remove.triggered.connect(lambda: remove_round(context))
        self.rounds.addActions([rename, remove])
        self.new_round_button = QPushButton("New round…")
        self.new_round_button.setToolTip("Start a re-assessment round (for example six months on)")
        self.new_round_button.clicked.connect(lambda: start_new_round(context))
        self.details_button = QPushButton("Details…")
        self.details_button.setToolTip("Edit the client, date, facilitator and currency")
        self.details_button.clicked.connect(lambda: edit_workshop_details(context))

        layout = QHBoxLayout(self)
        layout.setContentsMargins(16, 6, 16, 4)
        layout.setSpacing(10)
        layout.addWidget(self.client)
        layout.addWidget(self.read_only_badge)
        layout.addSpacing(6)
        layout.addWidget(self.details, 1)
        layout.addWidget(self.details_button)
        layout.addSpacing(16)
        layout.addWidget(self.round_label)
        layout.addWidget(self.rounds)
        layout.addWidget(self.new_round_button)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)

        self.rounds.activated.connect(self._round_chosen)
        context.file_changed.connect(self._file_changed)
        context.workshop_changed.connect(self._workshop_changed)
        context.round_changed.connect(lambda _round: self._fill_rounds())
        self._file_changed(context.file)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._share_width()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.ApplicationFontChange):
            self._share_width()

    def _share_width(self) -> None:
        """A long client name elides before the date, facilitator and model do.

        The details keep as much as leaves the name half the room the two share: all of them,
        else the date and the facilitator, else the date, as far as it leaves the name half; the name
        takes the rest.
        """
        layout = self.layout()
        if layout is None or not self._detail_parts:
            self.client.setMaximumWidth(16777215)
            return
        margins = layout.contentsMargins()
        others = sum(item.sizeHint().width() + layout.spacing()
                     for item in (layout.itemAt(i) for i in range(layout.count()))
                     if item is not None and item.widget() not in (self.client, self.details)
                     and (item.spacerItem() is not None or not item.isEmpty()))
        room = self.width() - margins.left() - margins.right() - others - layout.spacing()
        metrics = self.details.fontMetrics()
        kept = [_DETAIL_SEPARATOR.join(self._detail_parts[:n]) for n in range(len(self._detail_parts), 0, -1)]
        widths = [metrics.horizontalAdvance(text) + (8 if n == 0 else metrics.horizontalAdvance(" …") + 8)
                  for n, text in enumerate(kept)]
        details = next((w for w in widths if room - w >= room // 2), None)
        client = room - details if details is not None else max(room - widths[-1], room // 2)
        self.client.setMaximumWidth(max(client, self.client.minimumSizeHint().width()))

    def _file_changed(self, _file: WorkshopFile | None) -> None:
        self._show_info()
        self._fill_rounds()
        read_only = self._context.read_only
        self.read_only_badge.setVisible(self._context.file is not None and read_only)
        self.new_round_button.setEnabled(not read_only)
        self.details_button.setEnabled(not read_only)

    def _workshop_changed(self, change: Change) -> None:
        if change.kind in ("info", "reloaded"):
            self._show_info()
        if change.kind in ("rounds", "reloaded"):
            self._fill_rounds()

    def _show_info(self) -> None:
        workshop = self._context.workshop
        if workshop is None:
            self.client.set_full_text("")
            self.details.set_full_text("")
            self._detail_parts = []
            return
        info = workshop.info
        self.client.set_full_text(info.client)
        parts = [readable_date(info.date) if info.date else "",
                 f"facilitated by {info.facilitator}" if info.facilitator else "", workshop.model.name]
        self._detail_parts = [p for p in parts if p]
        self.details.set_full_text(_DETAIL_SEPARATOR.join(self._detail_parts))
        self._share_width()

    def _fill_rounds(self) -> None:
        workshop = self._context.workshop
        self.rounds.blockSignals(True)
        self.rounds.clear()
        if workshop is not None:
            for rnd in workshop.rounds:
                label = rnd.name + ("  (latest)" if rnd is workshop.active_round and len(workshop.rounds) > 1 else "")
                self.rounds.addItem(label, rnd.id)
            self.rounds.setCurrentIndex(max(self.rounds.findData(self._context.round_id), 0))
        self.rounds.blockSignals(False)
        several = workshop is not None and len(workshop.rounds) > 1
        self.rounds.setEnabled(several)
        self.rounds.setToolTip("The assessment round shown and edited" if several else
                               "Start a new round to re-assess later; earlier rounds stay for comparison")

    def _round_chosen(self, index: int) -> None:
        round_id = self.rounds.itemData(index)
        if round_id is not None:
            self._context.set_round(int(round_id))
