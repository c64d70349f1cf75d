"""The organisation chart: the mean line and the min–max band read back from the figure."""

from __future__ import annotations

import math

import numpy as np
import pytest
from matplotlib.collections import PolyCollection
from matplotlib.text import Text

from finops_desktop.charts import OrganisationChart, organisation_figure
from finops_desktop.domain.aggregate import aggregate
from finops_desktop.domain.catalogue import DEFAULT_MODEL_ID, find_model
from finops_desktop.domain.workshop import Workshop

from .figure_reading import find, radii
from .sample_workshops import make_model, make_workshop, rate, stage_cycle

NAN = math.nan


def texts(figure) -> list[str]:  # type: ignore[no-untyped-def]
    return [t.get_text() for t in figure.findobj(Text)]


def band_points(figure) -> set[tuple[float, float]]:  # type: ignore[no-untyped-def]
    """Every (spoke angle, radius) corner of the band, angles folded into [0, 2π)."""
    band = find(figure, "band")
    assert isinstance(band, PolyCollection)
    points = set()
    for path in band.get_paths():
        for theta, r in np.asarray(path.vertices, dtype=float):
            points.add((round(float(theta) % (2 * math.pi), 6), round(float(r), 6)))
    return points


def expected(workshop: Workshop) -> tuple[list[float], list[float], list[float]]:
    result = aggregate(workshop)
    rows = [result[d.id] for d in workshop.model.dimensions]
    return ([NAN if a.mean is None else a.mean for a in rows], [NAN if a.min is None else a.min for a in rows],
            [NAN if a.max is None else a.max for a in rows])


@pytest.fixture
def spread() -> Workshop:
    """Three units with spends 1000, 2000 and 3000; one dimension n/a for one, one never rated."""
    model = find_model(DEFAULT_MODEL_ID)
    workshop = make_workshop(model, 3)
    ids = [d.id for d in model.dimensions]
    for bu, stages in zip((1, 2, 3), (["crawl", "walk", "na", None, "run", "walk"],
                                       ["run", "walk", "crawl", None, "run", "crawl"],
                                       ["walk", "crawl", "run", None, "run", "run"]), strict=True):
        for dimension_id, stage in zip(ids, stages, strict=True):
            if stage is not None:
                rate(workshop, bu, dimension_id, stage)
    return workshop


def test_mean_is_spend_weighted_and_band_spans_min_to_max(spread: Workshop) -> None:
    figure = organisation_figure(spread)
    means, lows, highs = expected(spread)
    # Visibility: (1*1000 + 3*2000 + 2*3000) / 6000.
    assert radii(figure, "mean")[0] == pytest.approx(13 / 6)
    np.testing.assert_allclose(radii(figure, "mean"), means)
    np.testing.assert_array_equal(radii(figure, "min"), lows)
    np.testing.assert_array_equal(radii(figure, "max"), highs)
    assert radii(figure, "min")[0] == 1 and radii(figure, "max")[0] == 3


def test_the_band_is_drawn_between_min_and_max_and_not_over_gaps(spread: Workshop) -> None:
    figure = organisation_figure(spread)
    _, lows, highs = expected(spread)
    theta = np.linspace(0, 2 * math.pi, len(lows), endpoint=False)
    points = band_points(figure)
    for index, (low, high) in enumerate(zip(lows, highs, strict=True)):
        angle = round(float(theta[index]), 6)
        if math.isnan(low):
            assert not any(a == angle for a, _ in points), "the band crosses a dimension nobody was rated in"
        else:
            assert (angle, low) in points and (angle, high) in points


def test_dimensions_without_any_rating_are_labelled_not_plotted(spread: Workshop) -> None:
    figure = organisation_figure(spread)
    assert math.isnan(radii(figure, "mean")[3])
    assert "not assessed" in texts(figure)
    # Not applicable for one unit: that unit is left out, the others still count.
    assert radii(figure, "mean")[2] == pytest.approx((1 * 2000 + 3 * 3000) / 5000)
    assert "2.2  (Crawl to Run)" in texts(figure)


def test_every_unit_not_applicable_reads_so() -> None:
    model = make_model(3)
    workshop = make_workshop(model, 2)
    for bu in (1, 2):
        rate(workshop, bu, "d0", "na")
        rate(workshop, bu, "d1", "walk")
    figure = organisation_figure(workshop)
    assert "not applicable for all" in texts(figure)
    assert math.isnan(radii(figure, "mean")[0])


def test_without_spend_every_unit_counts_equally() -> None:
    model = make_model(3)
    workshop = make_workshop(model, 2, spend=False)
    rate(workshop, 1, "d0", "crawl")
    rate(workshop, 2, "d0", "run")
    figure = organisation_figure(workshop)
    assert radii(figure, "mean")[0] == 2
    assert "Mean (no spend recorded)" in texts(figure)


@pytest.mark.parametrize(("dimensions", "units"), [(3, 1), (12, 30), (25, 5)])
def test_any_number_of_dimensions_and_units(dimensions: int, units: int) -> None:
    model = make_model(dimensions)
    workshop = make_workshop(model, units)
    for i, bu in enumerate(workshop.business_units):
        for j, dimension in enumerate(model.dimensions):
            if (i + j) % 7 != 3:
                rate(workshop, bu.id, dimension.id, "na" if (i + j) % 5 == 1 else stage_cycle(model, i, j))
    figure = organisation_figure(workshop)
    means, lows, highs = expected(workshop)
    np.testing.assert_allclose(radii(figure, "mean"), means)
    np.testing.assert_array_equal(radii(figure, "min"), lows)
    np.testing.assert_array_equal(radii(figure, "max"), highs)


def test_update_follows_a_new_rating_without_new_artists(spread: Workshop) -> None:
    chart = OrganisationChart(spread)
    mean = find(chart.figure, "mean")
    count = len(chart.figure.findobj())
    rate(spread, 1, spread.model.dimensions[3].id, "run")
    chart.update(spread)
    assert find(chart.figure, "mean") is mean
    assert radii(chart.figure, "mean")[3] == 3
    assert radii(chart.figure, "min")[3] == 3
    assert len(chart.figure.findobj()) == count


def test_the_rings_after_each_wave_follow_the_roadmaps_projection() -> None:
    """Commitments Crawl to Run for one unit: Walk after wave 1 (day 90), Run after wave 2 (day 180)."""
    from datetime import date

    from finops_desktop.domain.planner import plan_roadmap
    from finops_desktop.domain.workshop import AssessmentRound, BusinessUnit, Rating, WorkshopInfo

    model = find_model(DEFAULT_MODEL_ID)
    ratings = {(1, 1, d.id): Rating("walk", "walk") for d in model.dimensions}
    ratings[(1, 1, "commitment_strategy")] = Rating("crawl", "run")
    workshop = Workshop(WorkshopInfo("Acme"), model, [BusinessUnit(1, "Retail", 0, 50_000.0)],
                        [AssessmentRound(1, "Baseline")], ratings)
    roadmap = plan_roadmap(workshop, today=date(2026, 11, 27))
    figure = organisation_figure(workshop, projected=roadmap.projected)
    column = [d.id for d in model.dimensions].index("commitment_strategy")
    after = [dict(p.organisation)["commitment_strategy"] for p in roadmap.projected]
    assert [radii(figure, f"after-wave-{n}")[column] for n in (1, 2, 3)] == after
    assert radii(figure, "mean")[column] == 1
    assert "After wave 1 (0–90 days)" in texts(figure)
    assert not figure.findobj(lambda artist: artist.get_gid() == "after-wave-1") or after[0] >= 1
    assert not organisation_figure(workshop).findobj(lambda artist: artist.get_gid() == "after-wave-1")
