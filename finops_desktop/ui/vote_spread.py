"""The room's votes on the grid: a small distribution under each chip, a mark on cells in disagreement.

The grid's delegate calls :func:`paint_spread` after drawing a chip; :func:`next_disagreement`
walks the cells the room disagrees on. What counts as disagreement is the domain's
(:class:`~finops_desktop.domain.votes.Spread`).
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen

from ..domain.votes import Spread
from ..domain.workshop import Workshop
from .palette import is_dark, stage_colours

#: The mark of a cell in disagreement: a strong orange that reads on every stage colour.
DISAGREEMENT_COLOUR = QColor("#D9480F")
BAR_HEIGHT = 5
#: How much of the chip's height the bar takes from its text.
SPREAD_BAR_ROOM = BAR_HEIGHT + 4


def cell_spread(workshop: Workshop, round_id: int | None, bu_id: int | None, dimension_id: str | None) -> Spread | None:
    """The spread of a cell's votes, or ``None`` when nobody voted on it."""
    if round_id is None or bu_id is None or dimension_id is None:
        return None
    votes = workshop.votes
    if not votes.by_cell:
        return None
    found = votes.spread(workshop.model, round_id, bu_id, dimension_id)
    return found if found.total else None


def paint_spread(painter: QPainter, chip: QRect, spread: Spread, outline: QColor) -> None:
    """A bar under the chip's text, split by stage in the stages' colours; a corner mark on disagreement."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    bar = QRectF(chip.left() + 8, chip.bottom() - BAR_HEIGHT - 3, chip.width() - 16, BAR_HEIGHT)
    dark = is_dark()
    painter.fillRect(bar, QColor("#1E1E1E") if dark else QColor("#FFFFFF"))  # the stage colours read on any chip
    left = bar.left()
    count = len(spread.counts)
    for position, (_, votes) in enumerate(spread.counts):
        if not votes:
            continue
        width = bar.width() * votes / spread.total
        painter.fillRect(QRectF(left, bar.top(), width, bar.height()), _segment_colour(position, count, dark))
        left += width
    painter.setPen(QPen(outline, 1))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawRect(bar)
    if spread.in_disagreement:
        corner = QPainterPath()
        corner.moveTo(chip.left(), chip.top() + 14)
        corner.lineTo(chip.left(), chip.top() + 4)
        corner.quadTo(chip.left(), chip.top(), chip.left() + 4, chip.top())
        corner.lineTo(chip.left() + 14, chip.top())
        corner.closeSubpath()
        painter.fillPath(corner, DISAGREEMENT_COLOUR)
        painter.setPen(QPen(DISAGREEMENT_COLOUR, 2))
        painter.drawRoundedRect(QRectF(chip).adjusted(1, 1, -1, -1), 6, 6)
    painter.restore()


def _segment_colour(position: int, count: int, dark: bool) -> QColor:
    """A stage's colour, a shade deeper than its chip so that a segment shows beside the backdrop."""
    return stage_colours(position, count, dark=dark).fill.darker(115)


def spread_text(workshop: Workshop, spread: Spread) -> str:
    """"Votes: Crawl 2 · Walk 1 — in disagreement", for tooltips and the status line."""
    names = {s.id: s.name for s in workshop.model.stages}
    parts = " · ".join(f"{names[stage]} {count}" for stage, count in spread.counts if count)
    return f"Votes: {parts}" + (" — the room disagrees" if spread.in_disagreement else "")


def disagreement_after(workshop: Workshop, round_id: int, unit_ids: list[int], dimension_ids: list[str],
                       row: int, column: int) -> tuple[int, int] | None:
    """The next cell in disagreement after (row, column), row by row and wrapping round; ``None`` if none."""
    wanted = {(key[1], key[2]) for key in workshop.votes.cells_in_disagreement(workshop.model, round_id)}
    if not wanted or not unit_ids or not dimension_ids:
        return None
    columns = len(dimension_ids)
    cells = len(unit_ids) * columns
    first = row * columns + column + 1 if row >= 0 else 0
    for step in range(cells):
        position = (first + step) % cells
        r, c = divmod(position, columns)
        if (unit_ids[r], dimension_ids[c]) in wanted:
            return r, c
    return None


ModelIndex = QModelIndex | QPersistentModelIndex
