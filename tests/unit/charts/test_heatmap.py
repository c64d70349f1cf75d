"""The heatmap: cell colours and cell labels read back from the figure."""

from __future__ import annotations

import math

import numpy as np
import pytest
from matplotlib.collections import PolyCollection, QuadMesh
from matplotlib.text import Text

from finops_desktop.charts import HeatmapChart, heatmap_figure
from finops_desktop.charts.heatmap import heatmap_pages
from finops_desktop.domain.catalogue import DEFAULT_MODEL_ID, find_model
from finops_desktop.domain.workshop import Workshop

from .figure_reading import find
from .sample_workshops import make_model, make_workshop, rate, stage_cycle


def stage_grid(figure, rows: int, cols: int) -> np.ndarray:  # type: ignore[no-untyped-def]
    """The stage score coloured in each cell; ``nan`` where no stage colours the cell."""
    mesh = find(figure, "stages")
    assert isinstance(mesh, QuadMesh)
    values: np.ma.MaskedArray = np.ma.masked_invalid(np.ma.asarray(mesh.get_array(), dtype=float))
    return np.asarray(values.filled(np.nan)).reshape(rows, cols)


def hatched_cells(figure) -> set[tuple[int, int]]:  # type: ignore[no-untyped-def]
    """(row, column) of every cell drawn as not applicable."""
    cells = find(figure, "not_applicable")
    assert isinstance(cells, PolyCollection)
    found = set()
    for path in cells.get_paths():
        centre = np.asarray(path.vertices)[:4].mean(axis=0)
        found.add((int(centre[1]), int(centre[0])))
    return found


def cell_text(figure, bu_id: int, dimension_id: str) -> str:  # type: ignore[no-untyped-def]
    text = find(figure, f"cell:{bu_id}:{dimension_id}")
    assert isinstance(text, Text)
    return text.get_text()


def expected_grid(workshop: Workshop) -> np.ndarray:
    model = workshop.model
    return np.array([[math.nan if (s := model.score(workshop.rating(bu.id, d.id).current)) is None else s
                      for d in model.dimensions] for bu in workshop.business_units], dtype=float)


@pytest.fixture
def workshop() -> Workshop:
    model = find_model(DEFAULT_MODEL_ID)
    workshop = make_workshop(model, 2)
    ids = [d.id for d in model.dimensions]
    rate(workshop, 1, ids[0], "crawl", "run")
    rate(workshop, 1, ids[1], "walk", "walk")
    rate(workshop, 1, ids[2], "na", "na")
    rate(workshop, 2, ids[0], "run", "walk")
    rate(workshop, 2, ids[4], "walk", None)
    return workshop


def test_cells_are_coloured_by_stage_and_name_it(workshop: Workshop) -> None:
    ids = [d.id for d in workshop.model.dimensions]
    figure = heatmap_figure(workshop)
    np.testing.assert_array_equal(stage_grid(figure, 2, 6), expected_grid(workshop))
    assert stage_grid(figure, 2, 6)[0, 0] == 1 and stage_grid(figure, 2, 6)[1, 0] == 3
    assert cell_text(figure, 1, ids[0]) == "Crawl\n→ Run"
    assert cell_text(figure, 1, ids[1]) == "Walk"  # the target is where it stands: no arrow
    assert cell_text(figure, 2, ids[0]) == "Run"  # a target below the current stage is not an arrow
    assert cell_text(figure, 2, ids[4]) == "Walk\n⇢ Run?"  # no target set: the next stage, suggested


def test_not_applicable_and_not_assessed_have_no_stage_colour(workshop: Workshop) -> None:
    ids = [d.id for d in workshop.model.dimensions]
    figure = heatmap_figure(workshop)
    grid = stage_grid(figure, 2, 6)
    assert math.isnan(grid[0, 2]) and math.isnan(grid[0, 3])
    assert hatched_cells(figure) == {(0, 2)}
    assert cell_text(figure, 1, ids[2]) == "n/a"
    assert cell_text(figure, 1, ids[3]) == "not\nassessed"


def test_rows_and_columns_are_units_and_dimensions(workshop: Workshop) -> None:
    figure = heatmap_figure(workshop)
    axes = figure.axes[0]
    assert [t.get_text() for t in axes.get_yticklabels()] == ["Business unit 1", "Business unit 2"]
    columns = [" ".join(t.get_text().split()) for t in axes.get_xticklabels()]
    assert columns == [d.name for d in workshop.model.dimensions]


@pytest.mark.parametrize(("dimensions", "units"), [(3, 1), (12, 30), (25, 30)])
def test_any_size(dimensions: int, units: int) -> None:
    model = make_model(dimensions)
    workshop = make_workshop(model, units)
    for i, bu in enumerate(workshop.business_units):
        for j, dimension in enumerate(model.dimensions):
            if (i + j) % 6 == 2:
                rate(workshop, bu.id, dimension.id, "na")
            elif (i + j) % 6 != 4:
                rate(workshop, bu.id, dimension.id, stage_cycle(model, i, j), "run")
    pages = heatmap_pages(workshop)
    expected = expected_grid(workshop)
    first = 0
    for page, ids in enumerate(pages):
        figure = heatmap_figure(workshop, page=page)
        rows = len(ids)
        np.testing.assert_array_equal(stage_grid(figure, rows, dimensions), expected[first:first + rows])
        expected_na = {(i - first, j) for i in range(first, first + rows) for j in range(dimensions)
                       if (i + j) % 6 == 2}
        assert hatched_cells(figure) == expected_na
        first += rows
    assert first == units


def test_no_business_units_yet() -> None:
    figure = heatmap_figure(make_workshop(make_model(4), 0))
    assert "No business units yet" in [t.get_text() for t in figure.findobj(Text)]


def test_update_refills_the_same_cells(workshop: Workshop) -> None:
    ids = [d.id for d in workshop.model.dimensions]
    chart = HeatmapChart(workshop)
    mesh = find(chart.figure, "stages")
    rate(workshop, 1, ids[2], "run")
    rate(workshop, 2, ids[0], "na")
    chart.update(workshop)
    assert find(chart.figure, "stages") is mesh
    np.testing.assert_array_equal(stage_grid(chart.figure, 2, 6), expected_grid(workshop))
    assert hatched_cells(chart.figure) == {(1, 0)}
    assert cell_text(chart.figure, 1, ids[2]) == "Run"
