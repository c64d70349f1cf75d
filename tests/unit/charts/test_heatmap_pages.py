"""A heatmap of many business units comes in pages that each fit a 16:9 slide, legibly."""

from __future__ import annotations

import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.text import Text

from finops_desktop.charts import Chart, HeatmapChart, heatmap_figure
from finops_desktop.charts.heatmap import COMPARE_PAGE_ROWS, PAGE_ROWS, heatmap_figures, heatmap_pages, page_text
from finops_desktop.domain.catalogue import DEFAULT_MODEL_ID, find_model
from finops_desktop.domain.workshop import Workshop

from .sample_workshops import make_model, make_workshop, rate, stage_cycle

#: A 16:9 slide (PowerPoint's widescreen), in inches; and the smallest text we accept on it, in points.
SLIDE = (13.333, 7.5)
SMALLEST_READABLE = 9.5


def rated(units: int, rounds: int = 1, dimensions: int | None = None) -> Workshop:
    model = find_model(DEFAULT_MODEL_ID) if dimensions is None else make_model(dimensions)
    workshop = make_workshop(model, units, rounds=rounds)
    for i, bu in enumerate(workshop.business_units):
        for j, dimension in enumerate(model.dimensions):
            rate(workshop, bu.id, dimension.id, stage_cycle(model, i, j), "run")
            if rounds > 1:
                rate(workshop, bu.id, dimension.id, stage_cycle(model, i + 1, j), None, round_id=1)
    return workshop


def smallest_text_on_slide(chart: HeatmapChart) -> float:
    """The smallest font size, in points, once the page is scaled to fit the slide."""
    chart.layout()
    width, height = chart.figure.get_size_inches()
    fit = min(SLIDE[0] / width, SLIDE[1] / height, 1.0)
    sizes = [t.get_fontsize() for t in chart.figure.findobj(Text) if t.get_text().strip() and t.get_visible()]
    return min(sizes) * fit


def texts_inside_figure(chart: Chart) -> list[str]:
    """Texts drawn (partly) outside the figure, laid out at its size: none should be."""
    chart.layout()
    canvas = FigureCanvasAgg(chart.figure)
    canvas.draw()
    renderer = canvas.get_renderer()
    box = chart.figure.bbox
    outside = []
    for text in chart.figure.findobj(Text):
        if not text.get_text().strip() or not text.get_visible():
            continue
        extent = text.get_window_extent(renderer)
        if extent.x0 < box.x0 - 1 or extent.x1 > box.x1 + 1 or extent.y0 < box.y0 - 1 or extent.y1 > box.y1 + 1:
            outside.append(text.get_text())
    return outside


@pytest.mark.parametrize("units", [40, 100])
def test_every_unit_is_on_exactly_one_page_in_order(units: int) -> None:
    workshop = rated(units)
    pages = heatmap_pages(workshop)
    assert [bu_id for page in pages for bu_id in page] == [bu.id for bu in workshop.business_units]
    assert max(len(p) for p in pages) <= PAGE_ROWS
    assert max(len(p) for p in pages) - min(len(p) for p in pages) <= 1  # as even as can be
    compared = heatmap_pages(workshop, compare=True)
    assert max(len(p) for p in compared) <= COMPARE_PAGE_ROWS
    assert sum(len(p) for p in compared) == units


def test_page_text_counts_units() -> None:
    pages = heatmap_pages(rated(40))
    assert len(pages) == 4
    assert page_text(pages, 0) == "units 1–10 of 40"
    assert page_text(pages, 3) == "units 31–40 of 40"
    assert page_text(heatmap_pages(rated(6)), 0) == ""


@pytest.mark.parametrize(("units", "rounds"), [(40, 1), (100, 1), (40, 2)])
def test_each_page_fits_a_slide_with_readable_text(units: int, rounds: int) -> None:
    workshop = rated(units, rounds)
    compare = 1 if rounds > 1 else None
    pages = heatmap_pages(workshop, compare=compare is not None)
    for page in (0, len(pages) - 1):
        chart = HeatmapChart(workshop, compare_round_id=compare, page=page)
        width, height = chart.design_size
        assert width / height == pytest.approx(16 / 9, rel=0.02)
        assert smallest_text_on_slide(chart) >= SMALLEST_READABLE
        assert [t.get_text() for t in chart.axes.get_yticklabels()] == \
            [workshop.business_unit(bu_id).name for bu_id in pages[page]]
        assert f"units {sum(len(p) for p in pages[:page]) + 1}–" in chart.frame.subtitle.get_text()
        assert texts_inside_figure(chart) == []


def test_many_dimensions_stay_readable_too() -> None:
    chart = HeatmapChart(rated(40, dimensions=12), page=1)
    assert smallest_text_on_slide(chart) >= SMALLEST_READABLE - 1.5  # twelve columns: smaller type, still legible


def test_one_figure_per_page() -> None:
    workshop = rated(40)
    figures = heatmap_figures(workshop)
    assert len(figures) == 4
    names = [[t.get_text() for t in f.axes[0].get_yticklabels()] for f in figures]
    assert names[1][0] == "Business unit 11" and names[3][-1] == "Business unit 40"


def test_a_page_that_does_not_exist_is_refused() -> None:
    with pytest.raises(ValueError, match="4 pages, not page 5"):
        heatmap_figure(rated(40), page=4)


def test_larger_text_grows_the_text_and_the_cells() -> None:
    workshop = rated(12)
    plain, large = HeatmapChart(workshop), HeatmapChart(workshop, text_scale=1.5)
    assert large.font_size == pytest.approx(plain.font_size * 1.5)
    assert large.frame.title.get_fontsize() == pytest.approx(plain.frame.title.get_fontsize() * 1.5)
    assert large.legend.get_texts()[0].get_fontsize() == pytest.approx(plain.legend.get_texts()[0].get_fontsize() * 1.5)
    assert large.cell_height > plain.cell_height * 1.4
    assert texts_inside_figure(large) == []


def test_a_rating_on_another_page_redraws_nothing_on_this_one() -> None:
    workshop = rated(40)
    chart = HeatmapChart(workshop, page=1)
    dimension = workshop.model.dimensions[0].id
    elsewhere = chart.redraw_for(workshop.business_units[0].id, dimension)
    assert elsewhere.artists == [] and elsewhere.region is not None
    here = chart.redraw_for(workshop.business_units[10].id, dimension)
    assert chart.cells[0][0] in here.artists and here.region is not None
    unknown = chart.redraw_for(999, dimension)
    assert unknown.artists == [] and unknown.region is None  # not of this chart: drawn again whole


@pytest.mark.parametrize("text_scale", [1.0, 1.5])
def test_pages_of_one_heatmap_share_the_cell_size_and_the_left_edge(text_scale: float) -> None:
    workshop = rated(PAGE_ROWS + 1)  # two pages: 6 rows and 5
    last = workshop.business_units[-1]
    workshop.business_units[-1] = type(last)(**{**last.__dict__, "name": "A much longer business unit name"})
    pages = heatmap_pages(workshop)
    assert [len(p) for p in pages] == [6, 5]
    charts = [HeatmapChart(workshop, page=page, text_scale=text_scale) for page in range(len(pages))]
    boxes = []
    for chart, ids in zip(charts, pages, strict=True):
        chart.layout()
        width, height = chart.figure.get_size_inches()
        box = chart.axes.get_position()
        boxes.append((box.x0 * width, box.width * width, box.height * height / len(ids), box.y1 * height))
    assert charts[0].design_size == charts[1].design_size
    first, second = boxes
    assert second == pytest.approx(first), "left edge, grid width, cell height and top differ between pages"
    assert charts[0].name_width == charts[1].name_width  # set by the longest name, on the second page
