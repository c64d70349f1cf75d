"""A layout that lays its widgets out in a row and wraps onto further rows when the row is too narrow.

Each widget keeps its preferred width (a button never gets narrower than its text); when the
room has asked for larger text a row of choices takes two lines instead of clipping its labels.
"""

from __future__ import annotations

from PySide6.QtCore import QMargins, QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QLayout, QLayoutItem, QWidget


class FlowLayout(QLayout):
    def __init__(self, parent: QWidget | None = None, spacing: int = 6) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self.setContentsMargins(0, 0, 0, 0)
        self.setSpacing(spacing)

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._arrange(QRect(0, 0, width, 0), move=False)

    def invalidate(self) -> None:
        """Also tell the enclosing layout: the height for a width changes when a widget's size does."""
        super().invalidate()
        widget = self.parentWidget()
        if widget is not None:
            widget.updateGeometry()

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._arrange(rect, move=True)

    def sizeHint(self) -> QSize:
        """All the widgets on one row."""
        hints = [item.sizeHint() for item in self._items if not item.isEmpty()]
        width = sum(h.width() for h in hints) + self.spacing() * max(len(hints) - 1, 0)
        height = max((h.height() for h in hints), default=0)
        return self._grown(QSize(width, height))

    def minimumSize(self) -> QSize:
        """As wide as the widest widget: the others wrap onto rows of their own."""
        hints = [item.sizeHint() for item in self._items if not item.isEmpty()]
        width = max((h.width() for h in hints), default=0)
        return self._grown(QSize(width, max((h.height() for h in hints), default=0)))

    def rows(self, width: int) -> int:
        """How many rows the widgets take at ``width``."""
        return len({row for row, _ in self._positions(width)})

    def _grown(self, size: QSize) -> QSize:
        margins: QMargins = self.contentsMargins()
        return size.grownBy(margins)

    def _positions(self, width: int) -> list[tuple[int, QLayoutItem]]:
        """(row index, item) for every shown item at ``width``."""
        margins = self.contentsMargins()
        room = width - margins.left() - margins.right()
        row, x = 0, 0
        placed = []
        for item in self._items:
            if item.isEmpty():
                continue
            item_width = item.sizeHint().width()
            if x > 0 and x + item_width > room:
                row, x = row + 1, 0
            placed.append((row, item))
            x += item_width + self.spacing()
        return placed

    def _arrange(self, rect: QRect, *, move: bool) -> int:
        margins = self.contentsMargins()
        inner = rect.marginsRemoved(margins)
        x, y, row_height = inner.x(), inner.y(), 0
        for item in self._items:
            if item.isEmpty():
                continue
            hint = item.sizeHint()
            if x > inner.x() and x + hint.width() > inner.right() + 1:
                x, y, row_height = inner.x(), y + row_height + self.spacing(), 0
            if move:
                item.setGeometry(QRect(QPoint(x, y), hint))
            x += hint.width() + self.spacing()
            row_height = max(row_height, hint.height())
        return y + row_height - rect.y() + margins.bottom()
