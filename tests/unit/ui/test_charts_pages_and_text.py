"""The Charts tab: a heatmap of many units page by page, and chart text that follows the text size."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from finops_desktop.charts import HeatmapChart, RadarChart
from finops_desktop.storage.workshop_file import WorkshopFile
from finops_desktop.ui.charts_view import MODE_HEATMAP, MODE_UNITS, ChartsView
from finops_desktop.ui.fonts import chart_text_scale
from tests.helpers.workshops import make_workshop_file

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


@pytest.fixture
def forty(tmp_path: Path) -> Iterator[WorkshopFile]:
    units = [(f"Unit {i:02d}", 1000.0, {"cost_visibility": ("walk", "run")}) for i in range(1, 41)]
    file = WorkshopFile.open(make_workshop_file(tmp_path / "forty.finops", units))
    yield file
    file.close()


@pytest.fixture
def view(qtbot: QtBot, forty: WorkshopFile) -> ChartsView:
    widget = ChartsView(ask_path=lambda parent, suggested: None)
    qtbot.addWidget(widget)
    widget.resize(1280, 720)
    widget.set_file(forty)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


@pytest.fixture(autouse=True)
def default_text_size(qapp: QApplication) -> Iterator[QFont]:
    """Each test starts at the platform's text size (another test may have left it larger)."""
    before = QFont(qapp.font())
    default = QFontDatabase.systemFont(QFontDatabase.SystemFont.GeneralFont)
    qapp.setFont(default)
    yield default
    qapp.setFont(before)


@pytest.fixture
def larger_text(qapp: QApplication, default_text_size: QFont) -> float:
    font = QFont(default_text_size)
    font.setPointSizeF(default_text_size.pointSizeF() * 1.5)
    qapp.setFont(font)
    return 1.5


def unit_names(view: ChartsView) -> list[str]:
    chart = view.chart
    assert isinstance(chart, HeatmapChart)
    return [t.get_text() for t in chart.axes.get_yticklabels()]


def test_the_heatmap_pages_through_forty_units(qtbot: QtBot, view: ChartsView) -> None:
    assert view.pages.isHidden()  # the radar has no pages
    view.set_mode(MODE_HEATMAP)
    assert view.pages.isVisible()
    assert view.pages.label.text() == "Units 1–10 of 40"
    assert unit_names(view)[0] == "Unit 01" and len(unit_names(view)) == 10
    assert not view.pages.previous_button.isEnabled()
    qtbot.mouseClick(view.pages.next_button, Qt.MouseButton.LeftButton)
    assert view.page == 1 and view.pages.label.text() == "Units 11–20 of 40"
    assert unit_names(view)[0] == "Unit 11"
    for _ in range(5):
        view.pages.next_button.click()
    assert view.page == 3 and not view.pages.next_button.isEnabled()
    assert unit_names(view)[-1] == "Unit 40"
    figure = view.render_figure()  # the file and the clipboard get the page shown
    assert figure is not None
    assert figure.axes[0].get_yticklabels()[0].get_text() == "Unit 31"
    view.set_mode(MODE_UNITS)
    assert view.pages.isHidden()


def test_the_page_stays_within_the_units_left(qtbot: QtBot, view: ChartsView, forty: WorkshopFile) -> None:
    view.set_mode(MODE_HEATMAP)
    view.set_page(3)
    for bu in list(forty.workshop.business_units)[20:]:
        forty.remove_business_unit(bu.id)
    assert view.pages.label.text() == "Units 11–20 of 20"
    assert view.page == 1 and unit_names(view)[-1] == "Unit 20"


def test_chart_text_follows_a_larger_application_font(qtbot: QtBot, view: ChartsView, larger_text: float) -> None:
    assert chart_text_scale() == pytest.approx(larger_text)
    chart = view.chart
    assert isinstance(chart, RadarChart)
    assert chart.frame.title.get_fontsize() == pytest.approx(19.0 * larger_text)
    assert chart.grid.font_size == pytest.approx(13.0 * larger_text)
    view.set_mode(MODE_HEATMAP)
    heatmap = view.chart
    assert isinstance(heatmap, HeatmapChart) and heatmap.text_scale == pytest.approx(larger_text)
    exported = view.render_figure()  # a picture for a file keeps its print size
    assert exported is not None
    assert max(t.get_fontsize() for t in exported.texts) == pytest.approx(19.0)


def test_a_text_size_change_redraws_the_chart_larger(qtbot: QtBot, qapp: QApplication, view: ChartsView,
                                                    default_text_size: QFont) -> None:
    chart = view.chart
    assert isinstance(chart, RadarChart) and chart.text_scale == 1.0
    font = QFont(default_text_size)
    font.setPointSizeF(default_text_size.pointSizeF() * 1.5)
    with qtbot.waitSignal(view.chart_updated, timeout=3000):
        qapp.setFont(font)
    assert isinstance(view.chart, RadarChart) and view.chart.text_scale == pytest.approx(1.5)
    assert view.panel.width() == round(230 * 1.5)  # the controls widen with the text
