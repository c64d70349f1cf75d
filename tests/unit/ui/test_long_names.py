"""A 120-character name anywhere on screen: nothing pushes the window wider, nothing is cut off
without an ellipsis, and the whole name is in a tooltip."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QComboBox, QHeaderView, QLabel, QWidget
from pytestqt.qtbot import QtBot

from finops_desktop.storage.workshop_file import WorkshopFile
from finops_desktop.ui.elided import ElidedComboBox
from finops_desktop.ui.main_window import MainWindow
from finops_desktop.ui.workspace import ASSESS_TAB, BUSINESS_UNITS_TAB, CHARTS_TAB, ROADMAP_TAB
from tests.helpers.ui_context import OFFSCREEN_PLATFORM_NOTICES
from tests.helpers.windows import window_on
from tests.helpers.workshops import make_workshop_file

pytestmark = OFFSCREEN_PLATFORM_NOTICES

UNIT = ("Global Manufacturing and Supply Chain Operations for Europe, the Middle East and Africa, "
        "shared platform engineering")
UNIT = (UNIT + " group of teams")[:120]
CLIENT = "Client " + UNIT
ROUND = ("Six months on, after the reorganisation of the platform teams and the new procurement process "
         "was agreed")[:100]  # the longest a round name may be
STARTS = (UNIT[:20], ROUND[:20])
assert len(UNIT) == 120 and len(ROUND) == 100


@pytest.fixture(params=[1.0, 1.5], ids=["100%", "150%"])
def window(request: pytest.FixtureRequest, qtbot: QtBot, tmp_path: Path) -> Iterator[MainWindow]:
    units = [(UNIT, 5000.0, {"cost_visibility": ("walk", "run"), "tagging_coverage": ("crawl", "walk")}),
             ("Payments", 1000.0, {"cost_visibility": ("run", "run")})]
    path = make_workshop_file(tmp_path / "long.finops", units, client=CLIENT)
    with WorkshopFile.open(path) as file:
        file.add_round(ROUND)
    window = window_on(qtbot, tmp_path, path)
    qtbot.waitExposed(window)
    window.set_font_scale(request.param)
    yield window
    window.set_font_scale(1.0)
    window.context.close_file()


def shown(widget: QWidget, root: QWidget) -> bool:
    return widget.isVisibleTo(root) and widget.window() is root and widget.width() > 0


def cut_off_labels(root: QWidget) -> list[str]:
    """One-line labels whose text is wider than the label, or that show part of a long name without "…"."""
    problems = []
    for label in root.findChildren(QLabel):
        text = label.text()
        if not shown(label, root) or not text or label.wordWrap() or label.textFormat() == Qt.TextFormat.RichText:
            continue
        drawn = text.replace("&&", "\0").replace("&", "").replace("\0", "&") if label.buddy() else text
        if label.fontMetrics().horizontalAdvance(drawn) > label.contentsRect().width() + 2:
            problems.append(f"wider than its label: {text!r}")
        for start in STARTS:
            if start in text and UNIT not in text and ROUND not in text and "…" not in text:
                problems.append(f"cut without an ellipsis: {text!r}")
    return problems


def cut_off_combos(root: QWidget) -> list[str]:
    problems = []
    for combo in root.findChildren(QComboBox):
        if not shown(combo, root):
            continue
        names = [combo.itemText(i) for i in range(combo.count())]
        if not any(start in name for name in names for start in STARTS):
            continue
        if not isinstance(combo, ElidedComboBox):
            problems.append(f"a combo box of names that does not elide: {combo.objectName() or names[:2]}")
            continue
        for index, name in enumerate(names):
            if combo.itemData(index, Qt.ItemDataRole.ToolTipRole) != name:
                problems.append(f"no tooltip with the whole name: {name!r}")
        text = combo.shown_text()
        if text != combo.currentText() and (not text.endswith("…") or combo.currentText() not in combo.toolTip()):
            problems.append(f"elided without an ellipsis or tooltip: {text!r}")
    return problems


def shows_names(view: QAbstractItemView) -> bool:
    """Whether a list, table, tree or header shows one of the long names."""
    model = view.model()
    if model is None:
        return False
    if isinstance(view, QHeaderView):
        texts = [str(model.headerData(i, view.orientation()) or "") for i in range(view.count())]
    else:
        cells = (model.index(row, column) for row in range(min(model.rowCount(QModelIndex()), 50))
                 for column in range(12))  # a list model has one column: the others are invalid
        texts = [str(cell.data() or "") for cell in cells if cell.isValid()]
    return any(start in text for text in texts for start in STARTS)


def item_views_that_cut(root: QWidget) -> list[str]:
    """Views of names that would cut a long one off instead of eliding it."""
    return [view.objectName() or type(view).__name__ for view in root.findChildren(QAbstractItemView)
            if shown(view, root) and shows_names(view) and view.textElideMode() == Qt.TextElideMode.ElideNone]


@pytest.mark.parametrize("tab", [ASSESS_TAB, BUSINESS_UNITS_TAB, CHARTS_TAB, ROADMAP_TAB])
def test_nothing_overflows_and_nothing_is_cut_without_an_ellipsis(qtbot: QtBot, window: MainWindow, tab: int) -> None:
    window.context.set_round(window.context.workshop.rounds[-1].id)  # type: ignore[union-attr]
    window.workspace.show_tab(tab)
    if tab == ASSESS_TAB:
        grid = window.workspace.assess.grid
        grid.select_cell(grid.model().index(0, 0))
    if tab == CHARTS_TAB:  # the list of units elides rather than scrolling sideways
        view = window.workspace.charts.view
        assert view is not None
        assert view.unit_list.horizontalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAlwaysOff
        assert view.unit_list.item(0).toolTip() == UNIT
    qtbot.wait(50)
    assert window.minimumSizeHint().width() <= 1280  # no name pushes the window wider than the screen
    assert window.width() == 1280
    assert cut_off_labels(window) == []
    assert cut_off_combos(window) == []
    assert item_views_that_cut(window) == []


def test_the_grid_row_header_elides_and_its_tooltip_has_the_whole_name(window: MainWindow) -> None:
    window.workspace.show_tab(ASSESS_TAB)
    grid = window.workspace.assess.grid
    header = grid.verticalHeader()
    assert header.textElideMode() == Qt.TextElideMode.ElideRight
    assert header.width() < header.fontMetrics().horizontalAdvance(UNIT)  # so Qt elides it
    assert UNIT in grid.model().headerData(0, Qt.Orientation.Vertical, Qt.ItemDataRole.ToolTipRole)


def test_the_round_selector_and_the_cell_heading_elide(window: MainWindow) -> None:
    window.context.set_round(window.context.workshop.rounds[-1].id)  # type: ignore[union-attr]
    rounds = window.findChild(ElidedComboBox, "roundSelector")
    assert rounds is not None
    assert rounds.shown_text().endswith("…") and ROUND in rounds.toolTip()
    window.workspace.show_tab(ASSESS_TAB)
    grid = window.workspace.assess.grid
    grid.select_cell(grid.model().index(0, 0))
    title = window.workspace.assess.findChild(QLabel, "cellTitle")
    assert title is not None
    assert title.text().endswith("…") and UNIT in title.toolTip()
