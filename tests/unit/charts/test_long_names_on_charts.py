"""A 120-character business unit, round or client name on a chart: cut with "…", nothing outside the picture."""

from __future__ import annotations

import dataclasses

import pytest
from matplotlib.figure import Figure
from matplotlib.text import Text

from finops_desktop.charts import HeatmapChart, OrganisationChart, RadarChart
from finops_desktop.domain.catalogue import DEFAULT_MODEL_ID, find_model
from finops_desktop.domain.workshop import AssessmentRound, Workshop

from .sample_workshops import make_workshop, rate, stage_cycle
from .test_heatmap_pages import texts_inside_figure

LONG = ("Global Manufacturing and Supply Chain Operations for Europe, the Middle East and Africa, shared "
        "platform engineering group of teams")[:120]


@pytest.fixture
def workshop() -> Workshop:
    model = find_model(DEFAULT_MODEL_ID)
    workshop = make_workshop(model, 3, rounds=2)
    workshop.business_units[0] = dataclasses.replace(workshop.business_units[0], name=LONG)
    workshop.rounds[0] = AssessmentRound(1, LONG[:100])
    workshop.info = dataclasses.replace(workshop.info, client=LONG)
    for i, bu in enumerate(workshop.business_units):
        for j, dimension in enumerate(model.dimensions):
            rate(workshop, bu.id, dimension.id, stage_cycle(model, i, j), "run")
    return workshop


def texts(figure: Figure) -> list[str]:
    return [t.get_text() for t in figure.findobj(Text) if t.get_text()]


def assert_cut_with_ellipsis(figure: Figure) -> None:
    with_name = [text for text in texts(figure) if LONG[:20] in text]
    assert with_name, "the long name is shown somewhere"
    for text in with_name:
        assert LONG not in text and "…" in text, text


@pytest.mark.parametrize("scale", [1.0, 1.5])
def test_the_heatmap(workshop: Workshop, scale: float) -> None:
    chart = HeatmapChart(workshop, compare_round_id=1, text_scale=scale)
    assert_cut_with_ellipsis(chart.figure)
    assert texts_inside_figure(chart) == []


@pytest.mark.parametrize("scale", [1.0, 1.5])
def test_the_radar_single_and_overlaid(workshop: Workshop, scale: float) -> None:
    for bu_ids in ([1], [1, 2, 3]):
        chart = RadarChart(workshop, bu_ids, compare_round_id=1, text_scale=scale)
        assert_cut_with_ellipsis(chart.figure)
        assert texts_inside_figure(chart) == []


@pytest.mark.parametrize("scale", [1.0, 1.5])
def test_the_organisation(workshop: Workshop, scale: float) -> None:
    chart = OrganisationChart(workshop, compare_round_id=1, text_scale=scale)
    assert_cut_with_ellipsis(chart.figure)
    assert texts_inside_figure(chart) == []
