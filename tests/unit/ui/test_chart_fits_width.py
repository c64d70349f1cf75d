"""A chart always fits the width of the Charts tab: scrolled sideways it would hide whole columns
of the heatmap or half a radar, at any text size, in a 1280×720 window; a radar fits its height."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from finops_desktop.ui.main_window import TITLE_BAR_ROOM, MainWindow
from finops_desktop.ui.workspace import CHARTS_TAB
from tests.helpers.ui_context import OFFSCREEN_PLATFORM_NOTICES, make_context
from tests.helpers.workshops import make_workshop_file

pytestmark = OFFSCREEN_PLATFORM_NOTICES


@pytest.mark.parametrize("scale", [1.0, 1.5, 2.0])
@pytest.mark.parametrize("mode", ["heatmap", "units", "organisation"])
def test_the_chart_fits_the_width_at_every_text_size(qtbot: QtBot, tmp_path: Path, scale: float, mode: str) -> None:
    units = [(f"Business unit {n:02d}", 1000.0 * n, {"cost_visibility": ("walk", "run"),
                                                     "tagging_coverage": ("crawl", "walk")}) for n in range(1, 41)]
    path = make_workshop_file(tmp_path / "forty.finops", units)
    window = MainWindow(make_context(tmp_path))
    qtbot.addWidget(window)
    assert window.context.open_path(path)
    window.resize(1280, 720 - TITLE_BAR_ROOM)  # the first window on a 1280×720 projector
    window.show()
    qtbot.waitExposed(window)
    window.set_font_scale(scale)
    try:
        window.workspace.show_tab(CHARTS_TAB)
        view = window.workspace.charts.view
        assert view is not None
        view.set_mode(mode)
        qtbot.wait(50)
        canvas = view.canvas
        assert canvas is not None
        area = view.chart_area
        assert canvas.width() <= area.viewport().width()
        assert area.horizontalScrollBar().maximum() == 0
        # Drawn at the width it has, not cut: the figure is as wide as the canvas.
        assert abs(canvas.figure.bbox.width / canvas.device_pixel_ratio - canvas.width()) <= 2
        if mode != "heatmap":  # a radar is whole on the screen too: its text, larger, stays legible smaller
            assert area.verticalScrollBar().maximum() == 0
    finally:
        window.set_font_scale(1.0)
        window.context.close_file()


@pytest.mark.parametrize("width", [700, 706, 717, 764, 1001])
@pytest.mark.parametrize("height", [494, 505, 640])
def test_the_drawing_covers_every_pixel_of_the_canvas(qtbot: QtBot, width: int, height: int) -> None:
    """matplotlib cuts the drawing to whole pixels: a canvas size that comes back from inches a hair
    short would leave its last column or row unpainted, a stray line at the chart's edge."""
    from matplotlib.figure import Figure

    from finops_desktop.ui.chart_canvas import ChartCanvas

    canvas = ChartCanvas(Figure())
    qtbot.addWidget(canvas)
    canvas.set_design_size(10.0, 9.0, text_scale=2.0)
    canvas._resize_figure(width, height)
    ratio = canvas.device_pixel_ratio
    assert int(canvas.figure.bbox.width) == round(width * ratio)
    assert int(canvas.figure.bbox.height) == round(height * ratio)
