"""A chip is drawn once and its picture kept: every kept picture is the chip a fresh drawing would make."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QRect, Qt
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QApplication, QStyle, QStyleOptionViewItem, QTableView

from finops_desktop.domain.model import NOT_APPLICABLE
from finops_desktop.domain.votes import Spread
from finops_desktop.domain.workshop import Rating, Workshop
from finops_desktop.ui import rating_chip
from finops_desktop.ui.rating_chip import RATING_ROLE, SPREAD_ROLE, RatingDelegate
from tests.unit.charts.sample_workshops import make_model, make_workshop

MODEL = make_model(3)
SPLIT = Spread((("crawl", 2), ("run", 1)), 3, 1, 3)
AGREED = Spread((("walk", 3),), 3, 2, 2)
#: Cells that differ in one thing each: stage, target, note, votes.
CELLS = [(Rating(), None), (Rating("crawl"), None), (Rating("crawl", "walk"), None), (Rating("crawl", "run"), None),
         (Rating("crawl", note="said so"), None), (Rating(NOT_APPLICABLE), None), (Rating("walk"), SPLIT),
         (Rating("walk"), AGREED), (Rating("walk"), None), (Rating("run"), None)]


class OneCell(QAbstractTableModel):
    """The grid's roles for one cell at a time."""

    def __init__(self, workshop: Workshop) -> None:
        super().__init__()
        self.workshop = workshop
        self.rating: Rating = Rating()
        self.spread: Spread | None = None

    def rowCount(self, parent: Any = QModelIndex()) -> int:  # noqa: B008
        return 1

    def columnCount(self, parent: Any = QModelIndex()) -> int:  # noqa: B008
        return 1

    def data(self, index: Any, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        return {RATING_ROLE: self.rating, SPREAD_ROLE: self.spread}.get(role)


def drawn(delegate: RatingDelegate, view: QTableView, cell: OneCell, rating: Rating, spread: Spread | None,
          selected: bool = False, size: tuple[int, int] = (150, 44)) -> QImage:
    cell.rating, cell.spread = rating, spread
    image = QImage(size[0] + 10, size[1] + 10, QImage.Format.Format_RGB32)
    image.fill(QColor("magenta"))
    option = QStyleOptionViewItem()
    option.initFrom(view)
    option.widget = view
    option.rect = QRect(5, 5, *size)
    if selected:
        option.state |= QStyle.StateFlag.State_Selected
    painter = QPainter(image)
    delegate.paint(painter, option, cell.index(0, 0))
    painter.end()
    return image


@pytest.fixture
def cell(qapp: QApplication) -> OneCell:
    return OneCell(make_workshop(MODEL, 1))


def test_each_kept_picture_is_the_chip_drawn_afresh(cell: OneCell) -> None:
    view = QTableView()
    kept = RatingDelegate()
    for selected in (False, True):
        for size in ((150, 44), (120, 44)):
            for rating, spread in CELLS * 2:  # the second time round, every chip comes from the kept pictures
                fresh = drawn(RatingDelegate(), view, cell, rating, spread, selected, size)
                assert drawn(kept, view, cell, rating, spread, selected, size) == fresh, (rating, spread)
    pictures = {drawn(RatingDelegate(), view, cell, rating, spread).constBits().tobytes() for rating, spread in CELLS}
    assert len(pictures) == len(CELLS), "each cell differs from the others in one thing the chip shows"


def test_a_screenful_of_alike_chips_is_drawn_once_and_a_new_model_draws_again(
        cell: OneCell, monkeypatch: pytest.MonkeyPatch) -> None:
    draws: list[Rating] = []
    original = RatingDelegate.draw_chip

    def counted(self: RatingDelegate, painter: QPainter, rect: QRect, *args: Any) -> None:
        draws.append(args[3])
        original(self, painter, rect, *args)

    monkeypatch.setattr(RatingDelegate, "draw_chip", counted)
    view = QTableView()
    delegate = RatingDelegate()
    for _ in range(20):
        drawn(delegate, view, cell, Rating("crawl", "walk"), None)
    assert len(draws) == 1
    cell.workshop = make_workshop(make_model(3, stages=("Crawl", "Walk", "Sprint")), 1)
    drawn(delegate, view, cell, Rating("crawl", "walk"), None)
    assert len(draws) == 2, "another model's chip says its own stage names"
    delegate.forget_fonts()
    drawn(delegate, view, cell, Rating("crawl", "walk"), None)
    assert len(draws) == 3, "after the text size changes, chips are drawn again"


def test_the_kept_pictures_are_bounded(cell: OneCell, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(rating_chip, "KEPT_CHIPS", 4)
    view = QTableView()
    delegate = RatingDelegate()
    for width in range(100, 130):
        drawn(delegate, view, cell, Rating("walk"), None, size=(width, 44))
    assert len(delegate._chips) <= 4
