"""The grid's column headers: the dimension's label whole, on two lines or a little smaller when the column is narrow.

At a large text size (the projector) or with many dimensions a label such as "Commitments"
no longer fits its column. The header then first wraps labels of several words onto two
lines, then draws every label a step smaller (one size for all, as the chips do), and only
when even the smallest size is too wide ends a line with "…". The tooltip names the
dimension in full.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPalette, QRegion
from PySide6.QtWidgets import QHeaderView, QStyle, QStyleOptionHeader, QWidget

from .fonts import relative_font

#: Header text sizes tried, relative to the application font, largest first.
HEADER_SCALES = (1.1, 1.05, 1.0, 0.95, 0.9, 0.85, 0.8, 0.75)
#: Room left and right of a label inside its section, in pixels.
PADDING = 8


def split_label(text: str, metrics: QFontMetrics, width: int) -> list[str]:
    """``text`` on one line if it fits ``width``, else on the two lines (split at a space) that are least wide."""
    if metrics.horizontalAdvance(text) <= width or " " not in text:
        return [text]
    words = text.split(" ")
    splits = [[" ".join(words[:i]), " ".join(words[i:])] for i in range(1, len(words))]
    return min(splits, key=lambda lines: max(metrics.horizontalAdvance(line) for line in lines))


def fits(text: str, metrics: QFontMetrics, width: int) -> bool:
    return all(metrics.horizontalAdvance(line) <= width for line in split_label(text, metrics, width))


class DimensionHeader(QHeaderView):
    """A horizontal header whose labels wrap onto two lines and share one size chosen for the narrowest section."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.label_scale = HEADER_SCALES[0]
        self.lines = 1
        self._fitted_for: tuple[object, ...] = ()

    def labels(self) -> list[str]:
        model = self.model()
        if model is None:
            return []
        return [str(model.headerData(section, Qt.Orientation.Horizontal) or "")
                for section in range(model.columnCount())]

    def fit(self, narrowest: int) -> None:
        """Choose the text size and the number of lines for sections at least ``narrowest`` pixels wide."""
        labels = self.labels()
        base = QFontMetrics(relative_font(1.0)).height()
        key = (narrowest, tuple(labels), base)
        if key == self._fitted_for:
            return
        self._fitted_for = key
        room = narrowest - 2 * PADDING
        scale = next((s for s in HEADER_SCALES if all(fits(label, self._metrics(s), room) for label in labels)),
                     HEADER_SCALES[-1])
        metrics = self._metrics(scale)
        lines = max((len(split_label(label, metrics, room)) for label in labels), default=1)
        self.label_scale, self.lines = scale, lines
        self.setFont(relative_font(scale, bold=True))
        self.setMinimumHeight(round(metrics.height() * (lines + 0.9)))
        self.setDirtyRegion(QRegion(self.rect()))  # not viewport(): see AssessmentGridView._fit_chip_labels

    def _metrics(self, scale: float) -> QFontMetrics:
        return QFontMetrics(relative_font(scale, bold=True))

    def shown_lines(self, section: int) -> list[str]:
        """The lines drawn for ``section``, each elided to the section's width."""
        model = self.model()
        text = str(model.headerData(section, Qt.Orientation.Horizontal) or "") if model is not None else ""
        metrics = QFontMetrics(self.font())
        room = self.sectionSize(section) - 2 * PADDING
        return [metrics.elidedText(line, Qt.TextElideMode.ElideRight, room)
                for line in split_label(text, metrics, room)]

    def paintSection(self, painter: QPainter, rect: QRect, logicalIndex: int) -> None:
        if not rect.isValid():
            return
        option = QStyleOptionHeader()
        self.initStyleOptionForIndex(option, logicalIndex)
        option.rect = rect
        option.text = ""
        painter.save()
        self.style().drawControl(QStyle.ControlElement.CE_Header, option, painter, self)
        painter.setFont(QFont(self.font()))
        painter.setPen(self.palette().color(QPalette.ColorRole.ButtonText))
        text = "\n".join(self.shown_lines(logicalIndex))
        painter.drawText(rect.adjusted(PADDING, 0, -PADDING, 0), int(Qt.AlignmentFlag.AlignCenter), text)
        painter.restore()
