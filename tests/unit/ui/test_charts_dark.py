"""The Charts tab in the dark scheme: the chart on screen is dark, what is exported keeps its print colours."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from matplotlib.colors import to_hex
from matplotlib.text import Text
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from finops_desktop.charts.screen_scheme import DARK_BACKGROUND, is_on_fill
from finops_desktop.charts.style import INK
from finops_desktop.storage.workshop_file import WorkshopFile
from finops_desktop.ui.charts_view import MODE_HEATMAP, ChartsView
from finops_desktop.ui.palette import Scheme, apply_scheme, contrast_ratio
from tests.helpers.workshops import make_workshop_file

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


@pytest.fixture
def dark(qapp: QApplication) -> Iterator[None]:
    apply_scheme(qapp, Scheme.DARK)
    yield
    apply_scheme(qapp, Scheme.LIGHT)


@pytest.fixture
def view(qtbot: QtBot, tmp_path: Path) -> Iterator[ChartsView]:
    path = make_workshop_file(tmp_path / "c.finops", [("Retail", 10.0, {"cost_visibility": ("walk", "run")})])
    with WorkshopFile.open(path) as file:
        widget = ChartsView(ask_path=lambda parent, suggested: None)
        qtbot.addWidget(widget)
        widget.resize(1100, 760)
        widget.set_file(file)
        widget.show()
        qtbot.waitExposed(widget)
        yield widget
        widget.set_file(None)


def face(view: ChartsView) -> str:
    assert view.chart is not None
    return to_hex(view.chart.figure.get_facecolor()).upper()


def test_the_chart_on_a_dark_screen_is_dark_and_its_export_is_not(dark: None, view: ChartsView) -> None:
    assert face(view) == DARK_BACKGROUND
    assert view.chart is not None
    texts = [t for t in view.chart.figure.findobj(Text) if t.get_text().strip() and t.get_visible()]
    assert texts and not any(to_hex(t.get_color()).upper() == INK.upper() for t in texts)
    exported = view.render_figure()
    assert exported is not None and to_hex(exported.get_facecolor()) == "#ffffff"


def test_switching_the_scheme_redraws_the_chart_in_it(qapp: QApplication, view: ChartsView) -> None:
    assert face(view) == "#FFFFFF"
    apply_scheme(qapp, Scheme.DARK)
    try:
        qapp.processEvents()
        assert face(view) == DARK_BACKGROUND
    finally:
        apply_scheme(qapp, Scheme.LIGHT)
    qapp.processEvents()
    assert face(view) == "#FFFFFF"


def test_heatmap_labels_on_a_stage_colour_stay_readable_in_the_dark(dark: None, view: ChartsView) -> None:
    view.set_mode(MODE_HEATMAP)
    assert view.chart is not None
    on_fill = view.chart.figure.findobj(is_on_fill)
    assert on_fill
    from PySide6.QtGui import QColor

    walk_fill = QColor("#3D9AD1")
    for text in on_fill:
        assert isinstance(text, Text)
        assert contrast_ratio(QColor(to_hex(text.get_color())), walk_fill) >= 4.5


def test_the_show_heading_follows_the_scheme(dark: None, view: ChartsView) -> None:
    heading = next(label for label in view.findChildren(QLabel) if label.text() == "Show")
    assert heading.styleSheet() == ""
    window, text = heading.palette().color(heading.backgroundRole()), heading.palette().color(heading.foregroundRole())
    assert contrast_ratio(window, text) >= 7


def test_more_than_eight_units_overlaid_suggest_the_heatmap(qtbot: QtBot, tmp_path: Path) -> None:
    from finops_desktop.ui.charts_view import OVERLAY_LIMIT

    units = [(f"Unit {n}", 10.0, {"cost_visibility": ("walk", "run")}) for n in range(OVERLAY_LIMIT + 1)]
    path = make_workshop_file(tmp_path / "many.finops", units)
    with WorkshopFile.open(path) as file:
        view = ChartsView(ask_path=lambda parent, suggested: None)
        qtbot.addWidget(view)
        view.resize(1100, 760)
        view.set_file(file)
        view.show()
        ids = [bu.id for bu in file.workshop.business_units]
        view.set_selected_units(ids[:OVERLAY_LIMIT])
        assert view.overlay_hint.isHidden()
        view.set_selected_units(ids)
        assert not view.overlay_hint.isHidden()
        view.overlay_hint.linkActivated.emit("heatmap")
        assert view.chart is not None and type(view.chart).__name__ == "HeatmapChart"
        assert view.overlay_hint.isHidden()
        view.set_file(None)
