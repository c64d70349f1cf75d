"""The page controls of a chart that comes in pages: "◀ Units 11–20 of 40 ▶".

A heatmap of many business units is shown one slide-sized page at a time, so every row
stays legible on a projector; these buttons move between the pages.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QToolButton, QWidget


class ChartPages(QWidget):
    """Previous and next page, and which units the page shows; hidden when all fit on one page."""

    #: The page asked for (from 0).
    page_chosen = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.page = 0
        self.count = 1
        self.previous_button = QToolButton()
        self.previous_button.setArrowType(Qt.ArrowType.LeftArrow)
        self.previous_button.setAccessibleName("Previous page of business units")
        self.previous_button.setToolTip("Previous page of business units")
        self.next_button = QToolButton()
        self.next_button.setArrowType(Qt.ArrowType.RightArrow)
        self.next_button.setAccessibleName("Next page of business units")
        self.next_button.setToolTip("Next page of business units")
        self.label = QLabel()
        self.label.setObjectName("chartPage")
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.previous_button.clicked.connect(lambda: self.step(-1))
        self.next_button.clicked.connect(lambda: self.step(1))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.previous_button)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.next_button)

    def show_pages(self, pages: list[list[int]], page: int) -> None:
        """Say which of ``pages`` (business-unit ids per page) is shown."""
        self.count = max(len(pages), 1)
        self.page = min(max(page, 0), self.count - 1)
        total = sum(len(p) for p in pages)
        first = sum(len(p) for p in pages[:self.page]) + 1
        last = first + len(pages[self.page]) - 1 if pages else 0
        self.label.setText(f"Units {first}–{last} of {total}")
        self.label.setAccessibleName(f"Page {self.page + 1} of {self.count}: units {first} to {last} of {total}")
        self.previous_button.setEnabled(self.page > 0)
        self.next_button.setEnabled(self.page < self.count - 1)

    def step(self, delta: int) -> None:
        wanted = min(max(self.page + delta, 0), self.count - 1)
        if wanted != self.page:
            self.page_chosen.emit(wanted)
