"""Every chip in the grid has its label at one size; a label too long for its chip ends with "…"."""

from __future__ import annotations

from itertools import pairwise

import pytest
from PySide6.QtCore import QRect
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from finops_desktop.domain.model import NOT_APPLICABLE
from finops_desktop.domain.workshop import Rating
from finops_desktop.ui.fonts import relative_font
from finops_desktop.ui.rating_chip import LABEL_PADDING, LABEL_SCALE, LABEL_SCALES, RatingDelegate
from tests.unit.charts.sample_workshops import make_model

LONG_STAGE = "Continuously-optimised-across-every-platform"
MODEL = make_model(6, stages=("Crawl", "Walk", LONG_STAGE))
LONG_ID = LONG_STAGE.lower()

RATINGS = [Rating(), Rating("crawl"), Rating("crawl", "walk"), Rating("walk", LONG_ID), Rating(LONG_ID),
           Rating(NOT_APPLICABLE), Rating(None, "walk")]


def parts(delegate: RatingDelegate, width: int, rating: Rating) -> list[tuple[int, int, str]]:
    """(point size × 10, text width, text) of each part of the label in a chip ``width`` wide."""
    chip = QRect(0, 0, width, 40)
    return [(round(font.pointSizeF() * 10), QFontMetrics(font).horizontalAdvance(text), text)
            for font, _rect, text in delegate.label_parts(chip, MODEL, rating)]


@pytest.mark.parametrize("width", [120, 170, 260])
def test_one_size_for_every_chip_and_nothing_wider_than_its_chip(qapp: QApplication, width: int) -> None:
    delegate = RatingDelegate()
    delegate.fit_labels(MODEL, width + 8)
    sizes = set()
    for rating in RATINGS:
        label = parts(delegate, width, rating)
        sizes.update(size for size, _, _ in label)
        assert sum(w for _, w, _ in label) <= width - 2 * LABEL_PADDING
    assert len(sizes) == 1  # the long labels do not shrink their chip's text


def test_a_long_label_ends_with_an_ellipsis(qapp: QApplication) -> None:
    delegate = RatingDelegate()
    delegate.fit_labels(MODEL, 160)
    long_alone = "".join(text for _, _, text in parts(delegate, 150, Rating(LONG_ID)))
    assert long_alone.endswith("…") and LONG_STAGE.startswith(long_alone[:-1])
    with_target = "".join(text for _, _, text in parts(delegate, 150, Rating("walk", LONG_ID)))
    assert with_target.startswith("Walk →") and with_target.endswith("…")
    short = "".join(text for _, _, text in parts(delegate, 150, Rating("crawl", "walk")))
    assert short == "Crawl → Walk"


def test_the_grid_picks_the_larger_size_when_the_usual_labels_fit(qapp: QApplication) -> None:
    delegate = RatingDelegate()
    plain = make_model(6)
    assert not delegate.fit_labels(plain, 400) and delegate.label_scale == LABEL_SCALE
    assert delegate.fit_labels(plain, 110) and delegate.label_scale < LABEL_SCALE
    assert delegate.fit_labels(plain, 400) and delegate.label_scale == LABEL_SCALE
    assert delegate.fit_labels(plain, 20) and delegate.label_scale == LABEL_SCALES[-1]  # then "…"


@pytest.mark.parametrize("width", [90, 110, 130, 150, 170, 400])
def test_the_size_chosen_is_the_largest_at_which_the_usual_labels_fit(qapp: QApplication, width: int) -> None:
    delegate = RatingDelegate()
    plain = make_model(6)
    delegate.fit_labels(plain, width)
    stages = [s.name for s in sorted(plain.stages, key=lambda s: s.score)]
    usual = ["Not assessed", *(f"{a} → {b}" for a, b in pairwise(stages))]
    room = width - 8 - 2 * LABEL_PADDING

    def fits(scale: float) -> bool:
        metrics = QFontMetrics(relative_font(scale, bold=True))
        return all(metrics.horizontalAdvance(text) <= room for text in usual)

    chosen = delegate.label_scale
    assert fits(chosen) or chosen == LABEL_SCALES[-1]
    assert not any(fits(scale) for scale in LABEL_SCALES if scale > chosen)


def test_the_view_applies_one_size_to_all_its_columns(qtbot: QtBot, tmp_path: object) -> None:
    from finops_desktop.ui.main_window import MainWindow
    from finops_desktop.ui.workspace import ASSESS_TAB
    from tests.helpers.ui_context import make_context
    from tests.helpers.workshops import make_workshop_file

    path = make_workshop_file(tmp_path / "chips.finops", [("Retail", 1.0, {"cost_visibility": ("walk", "run")})])  # type: ignore[operator]
    window = MainWindow(make_context(tmp_path))  # type: ignore[arg-type]
    qtbot.addWidget(window)
    assert window.context.open_path(path)
    window.resize(1280, 720)
    window.set_font_scale(1.0)  # another test may have left the text larger
    window.show()
    window.workspace.show_tab(ASSESS_TAB)
    grid = window.workspace.assess.grid
    qtbot.wait_until(lambda: grid.itemDelegate().label_scale == LABEL_SCALE, timeout=3000)  # type: ignore[attr-defined]
    window.set_font_scale(1.5)  # the usual labels no longer fit: every chip drops to the smaller size together
    try:
        qtbot.wait_until(lambda: grid.itemDelegate().label_scale < LABEL_SCALE, timeout=3000)  # type: ignore[attr-defined]
    finally:
        window.set_font_scale(1.0)
        window.context.close_file()


def test_stage_cards_name_every_stage_at_one_size_and_elide_a_long_one(qtbot: QtBot) -> None:
    from finops_desktop.ui.stage_cards import StageCardRow

    row = StageCardRow()
    qtbot.addWidget(row)
    row.set_model(MODEL)
    row.resize(900, 200)
    row.show()
    qtbot.waitExposed(row)
    sizes = {card.title.font().pointSizeF() for card in row.cards}
    assert len(sizes) == 1
    long_card = row.card(LONG_ID)
    assert long_card.title.text().endswith("…") and long_card.title.toolTip() == LONG_STAGE
    assert long_card.title.fontMetrics().horizontalAdvance(long_card.title.text()) <= long_card.title.width()
    assert row.card("walk").title.text() == "Walk"
    widths = [card.width() for card in row.cards]
    assert max(widths) - min(widths) <= 2  # no card pushed wider by its name


def test_a_cell_without_a_target_shows_the_suggested_next_stage_when_the_workshop_suggests() -> None:
    from finops_desktop.domain.catalogue import DEFAULT_MODEL_ID, find_model
    from finops_desktop.ui.rating_chip import chip_label

    model = find_model(DEFAULT_MODEL_ID)
    assert chip_label(model, Rating("walk"), suggest=True) == ("Walk", " ⇢ Run?")
    assert chip_label(model, Rating("walk"), suggest=False) == ("Walk", "")
    assert chip_label(model, Rating("walk", "run"), suggest=True) == ("Walk", " → Run")
    assert chip_label(model, Rating("run"), suggest=True) == ("Run", "")  # nothing above Run to suggest
    assert chip_label(model, Rating(NOT_APPLICABLE), suggest=True) == ("N/A", "")


def test_the_grid_paints_the_suggestion_by_the_workshop_s_setting(qtbot: QtBot, tmp_path: object,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    from pathlib import Path

    from finops_desktop.storage.workshop_file import WorkshopFile
    from finops_desktop.ui.main_window import MainWindow
    from tests.helpers.ui_context import make_context
    from tests.helpers.workshops import make_workshop_file

    assert isinstance(tmp_path, Path)
    path = make_workshop_file(tmp_path / "w.finops", [("Retail", 10.0, {"cost_visibility": ("walk", None)})])
    painted: list[str] = []
    original = RatingDelegate.label_parts

    def recording(self: RatingDelegate, chip: QRect, maturity: object, rating: Rating,
                  suggest: bool = False) -> list:  # type: ignore[type-arg]
        found = original(self, chip, maturity, rating, suggest)  # type: ignore[arg-type]
        painted.extend(text for _font, _rect, text in found)
        return found

    monkeypatch.setattr(RatingDelegate, "label_parts", recording)
    window = MainWindow(make_context(tmp_path))
    qtbot.addWidget(window)
    window.resize(1280, 720)
    window.show()
    assert window.open_path(path)
    qtbot.waitExposed(window)
    window.workspace.assess.grid.grab()
    assert " ⇢ Run?" in painted
    window.context.close_file()
    with WorkshopFile.open(path) as file:
        file.set_setting("suggest_targets", False)
    painted.clear()
    assert window.open_path(path)
    window.workspace.assess.grid.grab()
    assert painted and " ⇢ Run?" not in painted
    window.context.close_file()


def test_a_long_unit_name_at_200_percent_leaves_the_chips_room_for_their_labels(qtbot: QtBot, tmp_path: object) -> None:
    from finops_desktop.ui.assessment_grid import ROW_HEADER_SHARE
    from finops_desktop.ui.main_window import TITLE_BAR_ROOM, MainWindow
    from finops_desktop.ui.workspace import ASSESS_TAB
    from tests.helpers.ui_context import make_context
    from tests.helpers.workshops import make_workshop_file

    long_name = "Global Corporate and Investment Banking Division for Europe, the Middle East and Africa " * 2
    path = make_workshop_file(tmp_path / "long.finops",  # type: ignore[operator]
                              [(long_name[:115], 1.0, {"cost_visibility": ("crawl", "walk")}), ("Retail", 2.0, {})])
    window = MainWindow(make_context(tmp_path))  # type: ignore[arg-type]
    qtbot.addWidget(window)
    assert window.context.open_path(path)
    window.resize(1280, 720 - TITLE_BAR_ROOM)
    window.show()
    window.workspace.show_tab(ASSESS_TAB)
    window.set_font_scale(2.0)
    try:
        grid = window.workspace.assess.grid
        qtbot.wait(50)
        assert grid.verticalHeader().width() <= round(grid.width() * ROW_HEADER_SHARE) + 1
        narrowest = min(grid.columnWidth(c) for c in range(grid.model().columnCount()))
        metrics = QFontMetrics(relative_font(grid.itemDelegate().label_scale, bold=True))  # type: ignore[attr-defined]
        assert metrics.horizontalAdvance("Crawl → Walk") <= narrowest - 8 - 2 * LABEL_PADDING
    finally:
        window.set_font_scale(1.0)
        window.context.close_file()
