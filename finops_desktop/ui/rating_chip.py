"""A grid cell drawn as a chip: the stage's colour, its name and the target, at one type size.

Every chip's label has the same size, whatever its length, so the grid reads as one table:
the grid picks the size once for all its chips (the larger one when the usual labels fit
its columns), and a label too long for its chip ends with an ellipsis (the cell's tooltip
has it whole).
"""

from __future__ import annotations

from itertools import pairwise

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetrics, QPainter, QPainterPath, QPalette, QPen, QPixmap
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from ..domain.edit_rules import suggested_target
from ..domain.labels import stage_label
from ..domain.model import NOT_APPLICABLE, MaturityModel
from ..domain.votes import Spread
from ..domain.workshop import Rating, Workshop
from .fonts import relative_font
from .palette import StageColours, is_dark, not_applicable_colour, stage_colours
from .vote_spread import SPREAD_BAR_ROOM, paint_spread

ModelIndex = QModelIndex | QPersistentModelIndex

RATING_ROLE = Qt.ItemDataRole.UserRole + 1
BUSINESS_UNIT_ID_ROLE = Qt.ItemDataRole.UserRole + 2
DIMENSION_ID_ROLE = Qt.ItemDataRole.UserRole + 3
PREVIOUS_RATING_ROLE = Qt.ItemDataRole.UserRole + 4
SPREAD_ROLE = Qt.ItemDataRole.UserRole + 5

ARROW = "→"  # a target set
SUGGESTED_ARROW = "⇢"  # no target set: the suggested next stage
#: The chip labels' sizes, relative to the application font: the larger when the usual labels fit.
#: The sizes a chip's label may take, largest first: every chip takes the largest at which the
#: usual labels fit its column; at the last, a longer label ends with "…".
LABEL_SCALES = (1.2, 1.0, 0.85, 0.75)
LABEL_SCALE = LABEL_SCALES[0]
#: Room kept free on each side of a chip's label (pixels).
LABEL_PADDING = 6
#: How many drawn chips are kept: a screenful of cells shows a few dozen different ones.
KEPT_CHIPS = 512


def chip_label(maturity: MaturityModel, rating: Rating, suggest: bool = False) -> tuple[str, str]:
    """The chip's two parts: the current stage ("Walk", "Not assessed", "N/A") and the target (" → Run"),
    or with ``suggest`` (the workshop's setting) the suggested next stage where none is set (" ⇢ Run?")."""
    main = stage_label(maturity, rating.current)
    target = ""
    if rating.target and rating.target != NOT_APPLICABLE and rating.target != rating.current:
        target = f" {ARROW} {maturity.stage(rating.target).name}"
    elif (suggested := suggested_target(maturity, rating, suggest)) is not None:
        target = f" {SUGGESTED_ARROW} {maturity.stage(suggested).name}?"
    return main, target


def fit_label(main: str, target: str, width: int, main_metrics: QFontMetrics,
              target_metrics: QFontMetrics) -> tuple[str, str]:
    """The two parts cut to ``width`` pixels: the target elides first, then the stage (and the target goes)."""
    main_width = main_metrics.horizontalAdvance(main)
    if main_width + target_metrics.horizontalAdvance(target) <= width:
        return main, target
    if main_width + target_metrics.horizontalAdvance(f" {ARROW} …") <= width:
        return main, target_metrics.elidedText(target, Qt.TextElideMode.ElideRight, width - main_width)
    return main_metrics.elidedText(main, Qt.TextElideMode.ElideRight, width), ""


class RatingDelegate(QStyledItemDelegate):
    """Paints a cell as a chip in the colour of its current stage, with the stage's name on it.

    The fonts, their metrics, the stages' order and colours are worked out once and kept
    (a screenful of cells asks for the same few); :meth:`forget_fonts` drops the fonts when
    the text size changes. Each chip is drawn once into a picture kept under everything it
    shows (its size, stage, target, note mark, selection, votes, colours and label size): a
    screenful of cells has a few dozen different chips, drawn in a tenth of the time.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._fonts: dict[tuple[float, bool, bool], tuple[QFont, QFontMetrics]] = {}
        self._order: tuple[MaturityModel | None, list[str]] = (None, [])
        self._colours: dict[tuple[int, int, bool], StageColours] = {}
        #: The size of every chip's label (see :meth:`fit_labels`).
        self.label_scale = LABEL_SCALE
        self._chips: dict[tuple[object, ...], QPixmap] = {}
        self._chips_model: MaturityModel | None = None

    def forget_fonts(self) -> None:
        self._fonts.clear()
        self._chips.clear()

    def fit_labels(self, maturity: MaturityModel | None, chip_width: int) -> bool:
        """Choose the one label size for all chips ``chip_width`` wide; whether it changed.

        The largest of :data:`LABEL_SCALES` at which the usual labels ("Not assessed", "Walk → Run"
        for every step up) fit; otherwise the smallest, where longer labels end with an ellipsis.
        """
        usual = ["Not assessed"]
        if maturity is not None:
            names = [s.name for s in sorted(maturity.stages, key=lambda s: s.score)]
            usual += [f"{low} {ARROW} {high}" for low, high in pairwise(names)]
        room = chip_width - 8 - 2 * LABEL_PADDING  # the chip's inset, then the padding
        scale = next((scale for scale in LABEL_SCALES
                      if all(self._font(scale, bold=True)[1].horizontalAdvance(text) <= room for text in usual)),
                     LABEL_SCALES[-1])
        changed = scale != self.label_scale
        self.label_scale = scale
        return changed

    def _font(self, scale: float, *, bold: bool = False, italic: bool = False) -> tuple[QFont, QFontMetrics]:
        key = (scale, bold, italic)
        found = self._fonts.get(key)
        if found is None:
            font = relative_font(scale, bold=bold, italic=italic)
            found = self._fonts[key] = (font, QFontMetrics(font))
        return found

    def _stage_order(self, maturity: MaturityModel) -> list[str]:
        if self._order[0] is not maturity:
            self._order = (maturity, [s.id for s in sorted(maturity.stages, key=lambda s: s.score)])
        return self._order[1]

    def _stage_colours(self, position: int, count: int, dark: bool) -> StageColours:
        key = (position, count, dark)
        found = self._colours.get(key)
        if found is None:
            found = self._colours[key] = stage_colours(position, count, dark=dark)
        return found

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: ModelIndex) -> None:
        rating = index.data(RATING_ROLE)
        workshop = getattr(index.model(), "workshop", None)  # the grid's model
        if not isinstance(rating, Rating) or not isinstance(workshop, Workshop):
            super().paint(painter, option, index)
            return
        palette: QPalette = option.palette
        rect: QRect = option.rect
        if rect.isEmpty():
            return
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        spread = index.data(SPREAD_ROLE)
        suggest = workshop.settings.suggest_targets
        # The view's ratio, not the painter's device's: asking for that hands Python the viewport.
        ratio = option.widget.devicePixelRatioF() if option.widget is not None else 1.0
        if workshop.model is not self._chips_model or len(self._chips) >= KEPT_CHIPS:
            self._chips.clear()
            self._chips_model = workshop.model
        key = (rect.width(), rect.height(), ratio, rating.current, rating.target, bool(rating.note.strip()),
               selected, spread, suggest, self.label_scale, palette.cacheKey(), palette.currentColorGroup())
        chip = self._chips.get(key)
        if chip is None:
            chip = QPixmap(round(rect.width() * ratio), round(rect.height() * ratio))
            chip.setDevicePixelRatio(ratio)
            drawing = QPainter(chip)
            self.draw_chip(drawing, QRect(0, 0, rect.width(), rect.height()), palette, selected, workshop.model,
                           rating, spread, suggest)
            drawing.end()
            self._chips[key] = chip
        painter.drawPixmap(rect.topLeft(), chip)

    def draw_chip(self, painter: QPainter, rect: QRect, palette: QPalette, selected: bool, maturity: MaturityModel,
                  rating: Rating, spread: object, suggest: bool) -> None:
        """The chip of ``rating`` filling ``rect``: its cell's background, the chip, its label, its votes."""
        dark = is_dark(palette)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(rect, palette.color(QPalette.ColorRole.Base))
        chip = rect.adjusted(4, 4, -4, -4)
        path = QPainterPath()
        path.addRoundedRect(chip, 6, 6)
        muted = palette.color(QPalette.ColorRole.PlaceholderText)
        ordered = self._stage_order(maturity)
        if rating.current in ordered:
            colours = self._stage_colours(ordered.index(str(rating.current)), len(ordered), dark)
            painter.fillPath(path, colours.fill)
            text_colour = colours.text
        elif rating.current == NOT_APPLICABLE:
            grey = not_applicable_colour(dark=dark)
            painter.fillPath(path, grey.lighter(125) if not dark else grey)
            painter.fillPath(path, QBrush(grey.darker(130), Qt.BrushStyle.BDiagPattern))
            text_colour = palette.color(QPalette.ColorRole.Text)
        else:
            pen = QPen(muted, 1.5, Qt.PenStyle.DashLine)
            painter.setPen(pen)
            painter.drawPath(path)
            text_colour = muted
        if selected:  # a ring in the text colour: visible on every stage colour, in both schemes
            painter.setPen(QPen(palette.color(QPalette.ColorRole.Text), 3))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(QRectF(rect).adjusted(1.5, 1.5, -1.5, -1.5), 7, 7)
        if rating.note.strip():
            corner = QPainterPath()
            corner.moveTo(chip.right() - 12, chip.top())
            corner.lineTo(chip.right() - 3, chip.top())
            corner.quadTo(chip.right(), chip.top(), chip.right(), chip.top() + 3)
            corner.lineTo(chip.right(), chip.top() + 12)
            corner.closeSubpath()
            painter.fillPath(corner, text_colour)
        text_area = chip if spread is None else chip.adjusted(0, 0, 0, -SPREAD_BAR_ROOM)
        self._draw_text(painter, text_area, maturity, rating, text_colour, suggest)
        if isinstance(spread, Spread):
            paint_spread(painter, chip, spread, text_colour)
        painter.restore()

    def label_parts(self, chip: QRect, maturity: MaturityModel, rating: Rating,
                    suggest: bool = False) -> list[tuple[QFont, QRect, str]]:
        """Where the chip's label goes: (font, rectangle, text) for the stage and for the target."""
        main, target = chip_label(maturity, rating, suggest)
        scale = self.label_scale
        main_font, main_metrics = self._font(scale, bold=rating.is_assessed, italic=not rating.is_assessed)
        target_font, target_metrics = self._font(scale)
        main, target = fit_label(main, target, chip.width() - 2 * LABEL_PADDING, main_metrics, target_metrics)
        main_width = main_metrics.horizontalAdvance(main)
        target_width = target_metrics.horizontalAdvance(target)
        left = chip.left() + max((chip.width() - main_width - target_width) // 2, LABEL_PADDING)
        parts = [(main_font, QRect(left, chip.top(), main_width + 1, chip.height()), main)]
        if target:
            parts.append((target_font, QRect(left + main_width, chip.top(), target_width + 1, chip.height()), target))
        return parts

    def _draw_text(self, painter: QPainter, chip: QRect, maturity: MaturityModel, rating: Rating,
                   colour: QColor, suggest: bool) -> None:
        painter.setPen(colour)
        for font, rect, text in self.label_parts(chip, maturity, rating, suggest):
            painter.setFont(font)
            painter.drawText(rect, Qt.AlignmentFlag.AlignVCenter, text)

    def sizeHint(self, option: QStyleOptionViewItem, index: ModelIndex) -> QSize:
        metrics = self._font(LABEL_SCALE, bold=True)[1]
        return QSize(metrics.horizontalAdvance("Crawl → Walk") + 28, round(metrics.height() * 1.75) + 6)


