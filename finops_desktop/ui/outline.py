"""A rounded outline painted around a bar (the "In the room now" field, the earlier round's strip).

Painted rather than set by a style sheet: a style sheet on a bar fixes the colours and the text
size of everything in it when they are first worked out, so a switch to the dark colours or a
larger text size would leave its buttons and fields as they were.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QWidget

#: The outline's width (pixels); a bar keeps this much room inside its edge whether it shows or not.
WIDTH = 2
RADIUS = 6.0


def paint_outline(widget: QWidget, colour: QColor) -> None:
    """Paint the outline along ``widget``'s edge (call from its ``paintEvent``)."""
    painter = QPainter(widget)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QPen(colour, WIDTH))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    inset = WIDTH / 2
    painter.drawRoundedRect(QRectF(widget.rect()).adjusted(inset, inset, -inset, -inset), RADIUS, RADIUS)
    painter.end()
