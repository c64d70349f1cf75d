"""One stage palette: the grid, the charts and the workbook colour every stage alike."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from finops_desktop import stage_palette
from finops_desktop.charts.style import stage_colours as chart_stage_colours
from finops_desktop.charts.style import text_colour_on
from finops_desktop.domain.catalogue import DEFAULT_MODEL_ID, find_model
from finops_desktop.export.styles import stage_colour, stage_fills, stage_fonts
from finops_desktop.ui.palette import stage_colours as screen_stage_colours


def test_the_grid_the_charts_and_the_workbook_colour_each_stage_alike(qapp: object) -> None:
    model = find_model(DEFAULT_MODEL_ID)
    stages = sorted(model.stages, key=lambda s: s.score)
    screen = [screen_stage_colours(i, len(stages)).fill.name().upper() for i in range(len(stages))]
    charts = [c.upper() for c in chart_stage_colours(len(stages))]
    fills = stage_fills(model)
    workbook = ["#" + fills[stage.id].fgColor.rgb[-6:].upper() for stage in stages]
    assert screen == charts == workbook == list(stage_palette.RAMP)


def test_the_lowest_stage_is_yellow_everywhere(qapp: object) -> None:
    model = find_model(DEFAULT_MODEL_ID)
    crawl = model.lowest_stage
    red, green, blue = (int(stage_colour(model, crawl.score)[i:i + 2], 16) for i in (0, 2, 4))
    assert red > 200 and green > 180 and blue < 120
    assert chart_stage_colours(3)[0] == stage_palette.RAMP[0]


def test_text_on_every_stage_colour_is_readable_in_the_workbook_and_the_charts() -> None:
    model = find_model(DEFAULT_MODEL_ID)
    fonts, fills = stage_fonts(model), stage_fills(model)
    for stage in model.stages:
        fill = fills[stage.id].fgColor.rgb[-6:]
        text = fonts[stage.id].color.rgb[-6:]
        assert stage_palette.contrast_ratio(fill, text) >= 4.5
        chart_text = "#1F2933" if text_colour_on("#" + fill) != "white" else "#FFFFFF"
        assert stage_palette.contrast_ratio(fill, chart_text) >= 4.5


@pytest.mark.parametrize("count", [2, 3, 4, 5, 8])
def test_stages_darken_in_order_for_any_number_of_stages(count: int) -> None:
    fills = stage_palette.stage_fills(count)
    luminance = [stage_palette.relative_luminance(c) for c in fills]
    assert luminance == sorted(luminance, reverse=True)
    assert fills[0] == stage_palette.RAMP[0] and fills[-1] == stage_palette.RAMP[-1]
    assert all(a != b for a, b in itertools.pairwise(fills))


@given(st.floats(min_value=-5, max_value=10, allow_nan=False))
def test_a_fractional_score_falls_between_the_stage_colours(score: float) -> None:
    colour = stage_palette.score_fill(score, 1, 3)
    assert len(colour) == 7 and colour.startswith("#")
    low, high = stage_palette.relative_luminance(stage_palette.RAMP[-1]), stage_palette.relative_luminance(
        stage_palette.RAMP[0])
    assert low - 1e-3 <= stage_palette.relative_luminance(colour) <= high + 1e-3
