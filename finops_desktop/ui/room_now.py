"""The "In the room now" field beside the tabs: who is present, recorded on each cell rated while it is set.

The facilitator sets it on purpose (typing, then Enter or leaving the field) and clears it on
purpose; what a cell's own "In the room" field holds is that cell's alone. While an earlier
round is shown the strip says that nothing is recorded there: the room of today did not
assess that round.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSize, Qt
from PySide6.QtGui import QKeyEvent, QPaintEvent, QPalette
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QLineEdit, QPushButton, QTabWidget, QWidget

from ..storage.changes import Change, Reloaded, RoundsChanged
from ..storage.workshop_file import WorkshopFile
from .context import ApplicationContext
from .fonts import set_relative_font
from .outline import WIDTH as OUTLINE
from .outline import paint_outline


class _RoomField(QLineEdit):
    """Esc puts back what was set, instead of leaving half-typed text behind; room for about 30 characters."""

    def __init__(self, context: ApplicationContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.setText(self._context.room_now)
            self.clearFocus()
            event.accept()
            return
        super().keyPressEvent(event)

    def sizeHint(self) -> QSize:
        """About 30 characters wide at the text size in use."""
        return QSize(self.fontMetrics().horizontalAdvance("x") * 30, super().sizeHint().height())

    def minimumSizeHint(self) -> QSize:
        """At least about 14 characters, when the tabs beside it need the room."""
        return QSize(self.fontMetrics().horizontalAdvance("x") * 14, super().minimumSizeHint().height())


class RoomNowBar(QFrame):
    """Beside the tabs (:meth:`place_beside`), it never takes the room the tab titles need.

    When space is short the hint after the Clear button goes first (the field's tooltip says
    the same), then the field narrows; the tab titles keep their whole text.
    """

    def __init__(self, context: ApplicationContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("roomNowBar")
        self._context = context
        self._tabs: QTabWidget | None = None
        self._fitted: tuple[int, bool] | None = None
        self.label = QLabel("In the room &now")
        set_relative_font(self.label, 1.0, bold=True)
        self.field = _RoomField(context)
        self.field.setObjectName("roomNowField")
        self.field.setPlaceholderText("not set — who is here? then Enter")
        self.field.setAccessibleName("In the room now")
        self.label.setBuddy(self.field)
        self.clear_button = QPushButton("Clear")
        self.clear_button.setToolTip("Stop recording who is in the room on the cells you rate")
        self.clear_button.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.status = QLabel()
        self.status.setObjectName("roomNowStatus")
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        # The bar's style sheet stops its children following the application font: each is given it.
        for widget in (self.field, self.clear_button, self.status):
            set_relative_font(widget, 1.0)

        self._layout = layout = QHBoxLayout(self)
        layout.setContentsMargins(8 + OUTLINE, 1 + OUTLINE, 8 + OUTLINE, 1 + OUTLINE)  # the outline, then air
        layout.setSpacing(6)
        layout.addWidget(self.label)
        layout.addWidget(self.field, 1)
        layout.addWidget(self.clear_button)
        layout.addWidget(self.status)

        self.field.editingFinished.connect(self._set)
        self.clear_button.clicked.connect(self.clear)
        context.room_now_changed.connect(lambda _text: self.refresh())
        context.round_changed.connect(lambda _round: self.refresh())
        context.file_changed.connect(self._file_changed)
        context.workshop_changed.connect(self._workshop_changed)
        self.refresh()

    def place_beside(self, tabs: QTabWidget) -> None:
        """Show the bar in the corner of ``tabs``, leaving their titles the room they need."""
        self._tabs = tabs
        tabs.setCornerWidget(self, Qt.Corner.TopRightCorner)
        tabs.installEventFilter(self)
        tabs.tabBar().installEventFilter(self)
        self._fit()

    def _room(self) -> int:
        """The width left beside the tab titles."""
        tabs = self._tabs
        return tabs.width() - tabs.tabBar().sizeHint().width() - 12 if tabs is not None else 1 << 20

    def _width_with(self, *widgets: QWidget) -> int:
        margins = self.contentsMargins() + self._layout.contentsMargins()
        spacing = self._layout.spacing()
        hints = [max(w.sizeHint().width(), w.minimumSizeHint().width()) for w in widgets]
        return margins.left() + margins.right() + sum(hints) + spacing * (len(hints) - 1)

    def _fit(self) -> None:
        room = self._room()
        status = bool(self.status.text()) and self._width_with(
            self.label, self.field, self.clear_button, self.status) <= room
        self.status.setVisible(status)
        if (room, status) != self._fitted:
            self._fitted = (room, status)
            self.updateGeometry()

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        if self._tabs is None:
            return hint
        return QSize(max(min(hint.width(), self._room()), self.minimumSizeHint().width()), hint.height())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.Resize, QEvent.Type.FontChange, QEvent.Type.LayoutRequest):
            self._fit()
        return super().eventFilter(watched, event)

    def _set(self) -> None:
        if not self._context.read_only:
            self._context.set_room_now(self.field.text())
        self.refresh()

    def clear(self) -> None:
        self._context.set_room_now("")
        self.refresh()

    def _file_changed(self, _file: WorkshopFile | None) -> None:
        self.refresh()

    def _workshop_changed(self, change: Change) -> None:
        if isinstance(change, RoundsChanged | Reloaded):
            self.refresh()

    def refresh(self) -> None:
        context = self._context
        room = context.room_now
        if not self.field.hasFocus() or not room:
            self.field.setText(room)
            self.field.setCursorPosition(0)  # the start of the names shows
        workshop = context.workshop
        read_only = context.read_only
        self.field.setReadOnly(read_only)
        self.clear_button.setEnabled(bool(room))
        latest = workshop is not None and context.round_id == workshop.active_round.id
        if read_only or not room:
            text = ""
        elif latest:
            text = "recorded on each cell you rate"
        else:
            text = "not recorded in this earlier round"
        self.status.setText(text)
        self._fit()
        self.field.setToolTip(("Recorded on each cell you rate in the latest round that has no entry of its own. "
                               if room else "Not set: cells are rated without recording who was there. ")
                              + "A cell's own “In the room” field changes that cell only.")
        active = bool(room) and latest and not read_only
        if active != self.property("active"):
            self.setProperty("active", active)
            self.update()
        self.setVisible(workshop is not None)

    def paintEvent(self, event: QPaintEvent) -> None:
        """While it is set, an outline in the highlight colour: painted, not a style sheet, so that the
        bar and what is in it follow the light or dark colours when they change."""
        super().paintEvent(event)
        if self.property("active"):
            paint_outline(self, self.palette().color(QPalette.ColorRole.Highlight))
