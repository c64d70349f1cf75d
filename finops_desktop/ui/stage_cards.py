"""The stage cards: one large card per stage, describing what that stage looks like in a dimension.

Clicking a card (or focusing it and pressing Space) sets the current stage; with Shift it sets
the target. The current stage's card is filled with its colour and says "NOW"; the target's
card has a heavy dashed border and says "TARGET", so neither depends on colour alone. Every
card's stage name has the same size. When the name and its badges do not fit on one line (a
narrow card, larger text) the badges move to a line of their own below the name, so the name
itself never gives way to them; only a name too long for the card on its own ends with an ellipsis.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QEnterEvent,
    QFocusEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QResizeEvent,
)
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from ..domain.model import Dimension, MaturityModel
from .elided import ElidedLabel
from .fonts import set_relative_font
from .palette import StageColours, is_dark, stage_colours

_RADIUS = 10.0


class StageCard(QFrame):
    #: (stage id, whether to set the target instead of the current stage)
    chosen = Signal(str, bool)

    def __init__(self, stage_id: str, number: int, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.stage_id = stage_id
        self.number = number
        self.name = name
        self.is_current = False
        self.is_target = False
        self._hover = False
        self._colours: StageColours | None = None
        self.setObjectName(f"stageCard_{stage_id}")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setAttribute(Qt.WidgetAttribute.WA_Hover)

        self.key_badge = QLabel(str(number))
        self.key_badge.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.key_badge.setToolTip(f"Press {number} in the grid to set this stage; Shift+{number} sets it as target")
        set_relative_font(self.key_badge, 1.0, bold=True)
        self.title = ElidedLabel()  # one size on every card; a long stage name elides
        self.title.set_full_text(name)
        set_relative_font(self.title, 1.45, bold=True)
        self.badge = QLabel()
        set_relative_font(self.badge, 0.9, bold=True)
        self.badge.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.description = QLabel()
        self.description.setWordWrap(True)
        self.description.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.description.setTextFormat(Qt.TextFormat.PlainText)
        set_relative_font(self.description, 1.1)

        self._header = QHBoxLayout()
        self._header.setSpacing(10)
        self._header.addWidget(self.key_badge)
        self._header.addWidget(self.title, 1)
        self._header.addWidget(self.badge)
        self._badge_line = QHBoxLayout()  # holds the badges when they do not fit beside the name
        self._badge_line.setContentsMargins(0, 0, 0, 0)
        self.badge_below = False
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(16, 12, 16, 14)
        self._layout.setSpacing(8)
        self._layout.addLayout(self._header)
        self._layout.addLayout(self._badge_line)
        self._layout.addWidget(self.description, 1)

    def set_colours(self, colours: StageColours) -> None:
        self._colours = colours
        self._restyle()

    def set_description(self, text: str) -> None:
        self.description.setText(text)
        self.setAccessibleName(f"{self.name}: {text}")

    def set_state(self, *, current: bool, target: bool) -> None:
        self.is_current = current
        self.is_target = target
        badges = [label for flag, label in ((current, "NOW"), (target, "TARGET")) if flag]
        self.badge.setText(" · ".join(badges))
        self._restyle()
        self._fit_badge()

    def _fit_badge(self) -> None:
        """The badges beside the name when both fit on the line, else on their own line below it."""
        margins = self.contentsMargins() + self._layout.contentsMargins()
        room = self.width() - margins.left() - margins.right()
        name = self.title.fontMetrics().horizontalAdvance(self.name) + 8
        badge = self.badge.fontMetrics().horizontalAdvance(self.badge.text())
        needed = self.key_badge.width() + name + badge + 2 * self._header.spacing()
        below = bool(self.badge.text()) and needed > room
        if below == self.badge_below:
            return
        self.badge_below = below
        (self._header if below else self._badge_line).removeWidget(self.badge)
        self.badge.setAlignment((Qt.AlignmentFlag.AlignLeft if below else Qt.AlignmentFlag.AlignRight)
                                | Qt.AlignmentFlag.AlignVCenter)
        if below:
            self._badge_line.addWidget(self.badge)
        else:
            self._header.addWidget(self.badge)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_badge()

    def _restyle(self) -> None:
        colours = self._colours
        if colours is None:
            return
        text = colours.text if self.is_current else self.palette().color(QPalette.ColorRole.WindowText)
        accent = colours.text if self.is_current else _accent(colours, is_dark(self.palette()))
        for label in (self.title, self.description, self.badge):
            label.setStyleSheet(f"color: {text.name()}; background: transparent;")
        self.badge.setStyleSheet(f"color: {accent.name()}; background: transparent;")
        badge_fill = colours.text if self.is_current else colours.fill
        badge_text = colours.fill if self.is_current else colours.text
        size = self.key_badge.fontMetrics().height() + 6
        self.key_badge.setFixedSize(QSize(size, size))
        self.key_badge.setStyleSheet(f"color: {badge_text.name()}; background: {badge_fill.name()};"
                                     f"border-radius: {size // 2}px;")
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        colours = self._colours
        if colours is None:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        dark = is_dark(self.palette())
        rect = QRectF(self.rect()).adjusted(2, 2, -2, -2)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colours.fill if self.is_current else colours.tint)
        painter.drawRoundedRect(rect, _RADIUS, _RADIUS)
        if self.is_target:
            pen = QPen(_accent(colours, dark), 4, Qt.PenStyle.DashLine)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(rect.adjusted(2, 2, -2, -2), _RADIUS - 2, _RADIUS - 2)
        elif not self.is_current:
            painter.setPen(QPen(colours.fill, 1.5))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(rect, _RADIUS, _RADIUS)
        if self.hasFocus() or self._hover:
            highlight = self.palette().color(QPalette.ColorRole.Highlight)
            pen = QPen(highlight, 3 if self.hasFocus() else 2)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(QRectF(self.rect()).adjusted(1, 1, -1, -1), _RADIUS + 1, _RADIUS + 1)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.rect().contains(event.position().toPoint()):
            self.chosen.emit(self.stage_id, bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier))
            event.accept()
            return
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Space, Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Select):
            self.chosen.emit(self.stage_id, bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier))
            event.accept()
            return
        super().keyPressEvent(event)

    def enterEvent(self, event: QEnterEvent) -> None:
        self._hover = True
        self.update()
        super().enterEvent(event)

    def leaveEvent(self, event: QEvent) -> None:
        self._hover = False
        self.update()
        super().leaveEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange,
                            QEvent.Type.FontChange, QEvent.Type.ApplicationFontChange):
            self._restyle()
            self._fit_badge()

    def focusInEvent(self, event: QFocusEvent) -> None:
        self.update()
        super().focusInEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        self.update()
        super().focusOutEvent(event)


def _accent(colours: StageColours, dark: bool) -> QColor:
    """The stage colour, darkened (light scheme) or lightened (dark scheme) enough to read as a line or text."""
    return colours.fill.lighter(135) if dark else colours.fill.darker(140)


class StageCardRow(QWidget):
    """The cards of one dimension, side by side, lowest stage first."""

    chosen = Signal(str, bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.cards: list[StageCard] = []
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(12)
        self._model: MaturityModel | None = None

    def set_model(self, model: MaturityModel | None) -> None:
        if model is self._model:
            return
        self._model = model
        for card in self.cards:
            self._layout.removeWidget(card)
            card.hide()
            card.deleteLater()
        self.cards = []
        if model is None:
            return
        stages = sorted(model.stages, key=lambda s: s.score)
        for number, stage in enumerate(stages, start=1):
            card = StageCard(stage.id, number, stage.name, self)
            card.chosen.connect(self.chosen)
            self._layout.addWidget(card, 1)
            self.cards.append(card)
        self.recolour()

    def recolour(self) -> None:
        dark = is_dark(self.palette())
        for position, card in enumerate(self.cards):
            card.set_colours(stage_colours(position, len(self.cards), dark=dark))

    def show_dimension(self, dimension: Dimension, current: str | None, target: str | None) -> None:
        for card in self.cards:
            card.set_description(dimension.descriptions.get(card.stage_id, ""))
            card.set_state(current=card.stage_id == current, target=card.stage_id == target)

    def card(self, stage_id: str) -> StageCard:
        return next(c for c in self.cards if c.stage_id == stage_id)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            self.recolour()
