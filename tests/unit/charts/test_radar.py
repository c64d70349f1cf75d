"""The radar chart: the polygons read back from the figure match the ratings."""

from __future__ import annotations

import math

import numpy as np
import pytest
from matplotlib.collections import PolyCollection
from matplotlib.lines import Line2D
from matplotlib.text import Text

from finops_desktop.charts import RadarChart, radar_figure
from finops_desktop.domain.catalogue import DEFAULT_MODEL_ID, find_model
from finops_desktop.domain.workshop import AssessmentRound, Workshop

from .figure_reading import expected_scores, find, radii
from .sample_workshops import make_model, make_workshop, rate, stage_cycle

NAN = math.nan


def texts(figure) -> list[str]:  # type: ignore[no-untyped-def]
    return [t.get_text() for t in figure.findobj(Text)]


@pytest.fixture
def six() -> Workshop:
    """The default model, one unit rated in every way a cell can be."""
    model = find_model(DEFAULT_MODEL_ID)
    workshop = make_workshop(model, 1)
    ids = [d.id for d in model.dimensions]
    rate(workshop, 1, ids[0], "walk", "run")
    rate(workshop, 1, ids[1], "crawl", "walk")
    rate(workshop, 1, ids[2], "na", "na")
    # ids[3]: not assessed at all
    rate(workshop, 1, ids[4], "run", "run")
    rate(workshop, 1, ids[5], "crawl", None)
    return workshop


def test_one_unit_current_and_target_are_its_ratings(six: Workshop) -> None:
    workshop = six
    figure = radar_figure(workshop, [1])
    np.testing.assert_array_equal(radii(figure, "current:1"), [2, 1, NAN, NAN, 3, 1])
    np.testing.assert_array_equal(radii(figure, "target:1"), [3, 2, NAN, NAN, 3, NAN])
    np.testing.assert_array_equal(radii(figure, "current:1"), expected_scores(workshop, 1))


def test_not_assessed_and_not_applicable_are_gaps_never_the_lowest_stage(six: Workshop) -> None:
    workshop = six
    figure = radar_figure(workshop, [1])
    current = radii(figure, "current:1")
    assert math.isnan(current[2]) and math.isnan(current[3])
    # The shaded area leaves out the spokes with no value: no vertex lies on them.
    area = find(figure, "area:1")
    assert isinstance(area, PolyCollection)
    theta = np.linspace(0, 2 * math.pi, 6, endpoint=False)
    vertices = np.vstack([path.vertices for path in area.get_paths()])
    for missing in (2, 3):
        on_spoke = np.isclose(np.mod(vertices[:, 0], 2 * math.pi), theta[missing]) & (vertices[:, 1] > 0)
        assert not on_spoke.any()
    # ...and it does not dip to the centre beside them: it runs from the spoke before the gap to the one after.
    assert not (vertices[:, 1] == 0).any()
    assert {round(float(a), 6) for a in np.mod(vertices[:, 0], 2 * math.pi)} == {
        round(float(theta[i]), 6) for i in (0, 1, 4, 5)}
    # The labels say why the spokes are empty.
    shown = texts(figure)
    assert "not applicable" in shown and "not assessed" in shown
    assert "Walk → Run" in shown and "Crawl → Walk" in shown and "Run" in shown


def test_rings_are_the_models_stages_on_a_fixed_scale(six: Workshop) -> None:
    workshop = six
    model = workshop.model
    figure = radar_figure(workshop, [1])
    axes = figure.axes[0]
    assert axes.get_ylim()[0] == 0 and axes.get_ylim()[1] > 3
    for stage in model.stages:
        assert stage.name in texts(figure)
    # Nothing rated: the scale stays put, no line is drawn.
    empty = make_workshop(model, 1)
    figure = radar_figure(empty, [1])
    assert figure.axes[0].get_ylim() == axes.get_ylim()
    assert np.isnan(radii(figure, "current:1")).all()


def test_dimension_names_are_wrapped_and_all_shown(six: Workshop) -> None:
    workshop = six
    model = workshop.model
    shown = texts(radar_figure(workshop, [1]))
    for dimension in model.dimensions:
        name = dimension.name
        assert any(" ".join(t.split()) == name for t in shown), name
    assert "Commitment\nstrategy" in shown


def test_several_units_are_overlaid_with_a_legend_and_distinct_styles() -> None:
    model = find_model(DEFAULT_MODEL_ID)
    workshop = make_workshop(model, 5)
    for i, bu in enumerate(workshop.business_units):
        for j, dimension in enumerate(model.dimensions):
            rate(workshop, bu.id, dimension.id, stage_cycle(model, i, j))
    rate(workshop, 3, model.dimensions[0].id, "na")
    figure = radar_figure(workshop, [1, 2, 3, 4, 5])
    for bu in workshop.business_units:
        np.testing.assert_array_equal(radii(figure, f"current:{bu.id}"), expected_scores(workshop, bu.id))
    legend = figure.legends[0]
    assert [t.get_text() for t in legend.get_texts()] == [bu.name for bu in workshop.business_units]
    colours = {find(figure, f"current:{bu.id}").get_color() for bu in workshop.business_units}  # type: ignore[attr-defined]
    assert len(colours) == 5
    assert "n/a: Business unit 3" in texts(figure)


def test_thirty_units_overlaid_each_keep_a_distinct_look() -> None:
    model = make_model(12)
    workshop = make_workshop(model, 30)
    for i, bu in enumerate(workshop.business_units):
        for j, dimension in enumerate(model.dimensions):
            if (i + j) % 9 == 4:
                continue
            rate(workshop, bu.id, dimension.id, stage_cycle(model, i, j))
    ids = [bu.id for bu in workshop.business_units]
    figure = radar_figure(workshop, ids)
    looks = set()
    for bu_id in ids:
        line = find(figure, f"current:{bu_id}")
        assert isinstance(line, Line2D)
        np.testing.assert_array_equal(radii(figure, f"current:{bu_id}"), expected_scores(workshop, bu_id))
        looks.add((line.get_color(), str(line.get_linestyle()), line.get_marker()))
    assert len(looks) == 30
    assert len(figure.legends[0].get_texts()) == 30


@pytest.mark.parametrize("dimensions", [3, 12, 25])
def test_any_number_of_dimensions(dimensions: int) -> None:
    model = make_model(dimensions)
    workshop = make_workshop(model, 2)
    for i in range(2):
        for j, dimension in enumerate(model.dimensions):
            if j == 1:
                rate(workshop, i + 1, dimension.id, "na")
            elif j != 2:
                rate(workshop, i + 1, dimension.id, stage_cycle(model, i, j), "run")
    single = radar_figure(workshop, [1])
    assert len(radii(single, "current:1")) == dimensions
    np.testing.assert_array_equal(radii(single, "current:1"), expected_scores(workshop, 1))
    np.testing.assert_array_equal(radii(single, "target:1"), expected_scores(workshop, 1, "target"))
    overlay = radar_figure(workshop, [1, 2])
    np.testing.assert_array_equal(radii(overlay, "current:2"), expected_scores(workshop, 2))


def test_a_model_with_four_stages_gets_four_rings() -> None:
    model = make_model(5, stages=("Initial", "Repeatable", "Defined", "Optimised"))
    workshop = make_workshop(model, 1)
    rate(workshop, 1, "d0", "optimised", "optimised")
    rate(workshop, 1, "d1", "initial", "defined")
    figure = radar_figure(workshop, [1])
    assert radii(figure, "current:1")[:2].tolist() == [4, 1]
    shown = texts(figure)
    assert all(name in shown for name in ("Initial", "Repeatable", "Defined", "Optimised"))
    assert figure.axes[0].get_ylim()[1] > 4


def test_an_earlier_round_is_overlaid_for_comparison() -> None:
    model = find_model(DEFAULT_MODEL_ID)
    workshop = make_workshop(model, 2, rounds=2)
    dimension = model.dimensions[0].id
    rate(workshop, 1, dimension, "crawl", "run", round_id=1)
    rate(workshop, 1, dimension, "walk", "run", round_id=2)
    rate(workshop, 2, dimension, "walk", round_id=1)
    single = radar_figure(workshop, [1], compare_round_id=1)
    assert radii(single, "current:1")[0] == 2
    assert radii(single, "earlier:1")[0] == 1
    assert "Current in Baseline" in texts(single)
    overlay = radar_figure(workshop, [1, 2], compare_round_id=1)
    assert radii(overlay, "earlier:2")[0] == 2 and math.isnan(radii(overlay, "current:2")[0])
    # The chart of the first round itself.
    first = radar_figure(workshop, [1], round_id=1)
    assert radii(first, "current:1")[0] == 1


def test_update_moves_the_same_artists_to_the_new_ratings(six: Workshop) -> None:
    workshop = six
    model = workshop.model
    chart = RadarChart(workshop, [1])
    line = find(chart.figure, "current:1")
    artists = len(chart.figure.findobj())
    rate(workshop, 1, model.dimensions[3].id, "run", "run")
    rate(workshop, 1, model.dimensions[0].id, "na")
    chart.update(workshop)
    assert find(chart.figure, "current:1") is line
    np.testing.assert_array_equal(radii(chart.figure, "current:1"), [NAN, 1, NAN, 3, 3, 1])
    assert len(chart.figure.findobj()) == artists


def test_refuses_what_it_cannot_draw(six: Workshop) -> None:
    workshop = six
    with pytest.raises(ValueError, match="at least one business unit"):
        radar_figure(workshop, [])
    with pytest.raises(ValueError, match="no business unit with id 99"):
        radar_figure(workshop, [99])
    with pytest.raises(ValueError, match="no assessment round 7"):
        radar_figure(workshop, [1], round_id=7)
    workshop.rounds.append(AssessmentRound(2, "Later"))
    with pytest.raises(ValueError, match="no assessment round 9"):
        radar_figure(workshop, [1], compare_round_id=9)


def test_no_pyplot_and_no_qt_needed() -> None:
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from finops_desktop.charts import radar_figure, figure_png_bytes\n"
        "from finops_desktop.demo_workshop import write_demo\n"
        "import tempfile, pathlib\n"
        "f = write_demo(pathlib.Path(tempfile.mkdtemp()) / 'd.finops')\n"
        "png = figure_png_bytes(radar_figure(f.workshop, [bu.id for bu in f.workshop.business_units]))\n"
        "assert png.startswith(b'\\x89PNG')\n"
        "assert 'matplotlib.pyplot' not in sys.modules, 'pyplot'\n"
        "assert not any(m.startswith(('PySide6', 'shiboken6')) for m in sys.modules), 'Qt'\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr


def test_a_radar_moved_to_another_unit_draws_what_a_new_radar_of_that_unit_draws() -> None:
    """The workbook draws every unit's radar from one chart: each picture must be that unit's, pixel for pixel."""
    import io

    from PIL import Image, ImageChops

    from finops_desktop.charts import figure_png_bytes

    model = find_model(DEFAULT_MODEL_ID)
    workshop = make_workshop(model, 3, rounds=2)
    workshop.business_units[1] = workshop.business_units[1].__class__(2, "A much longer business unit name", 1, 5.0)
    for bu in workshop.business_units:
        for index, dimension in enumerate(model.dimensions):
            rate(workshop, bu.id, dimension.id, stage_cycle(model, bu.id, index), None, round_id=1)
            if (bu.id + index) % 4:  # some cells left unassessed in the later round: gaps in the line
                rate(workshop, bu.id, dimension.id, stage_cycle(model, bu.id + 1, index), "run", round_id=2)
    moved = RadarChart(workshop, [1], 2, compare_round_id=1)
    for bu in [workshop.business_units[i] for i in (1, 2, 0)]:
        moved.show_unit(workshop, bu.id)
        moved.layout()
        fresh = radar_figure(workshop, [bu.id], 2, compare_round_id=1)
        assert texts(moved.figure) == texts(fresh)
        assert sorted(line.get_gid() for line in moved.figure.findobj(Line2D) if line.get_gid()) == \
            sorted(line.get_gid() for line in fresh.findobj(Line2D) if line.get_gid())
        pictures = [Image.open(io.BytesIO(figure_png_bytes(f, dpi=50))).convert("RGB") for f in (moved.figure, fresh)]
        assert pictures[0].size == pictures[1].size
        assert ImageChops.difference(*pictures).getbbox() is None


def test_only_a_one_unit_radar_moves_and_only_to_a_unit_of_the_workshop() -> None:
    model = find_model(DEFAULT_MODEL_ID)
    workshop = make_workshop(model, 2)
    with pytest.raises(ValueError, match="one-unit radar"):
        RadarChart(workshop, [1, 2]).show_unit(workshop, 1)
    with pytest.raises(ValueError, match="no business unit with id 9"):
        RadarChart(workshop, [1]).show_unit(workshop, 9)
