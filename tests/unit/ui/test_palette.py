"""Stage colours: told apart without colour vision, always readable, and the two window schemes."""

from __future__ import annotations

import itertools

import pytest
from PySide6.QtGui import QColor, QPalette

from finops_desktop.ui.palette import (
    contrast_ratio,
    dark_palette,
    light_palette,
    readable_text,
    relative_luminance,
    stage_colours,
)


@pytest.mark.parametrize("count", [2, 3, 4, 5])
@pytest.mark.parametrize("dark", [False, True])
def test_stages_get_darker_in_order(qapp: object, count: int, dark: bool) -> None:
    """The luminance falls with every stage, clearly, so the order reads even in grey."""
    colours = [stage_colours(i, count, dark=dark) for i in range(count)]
    luminance = [relative_luminance(c.fill) for c in colours]
    assert luminance == sorted(luminance, reverse=True)
    steps = [contrast_ratio(a.fill, b.fill) for a, b in itertools.pairwise(colours)]
    assert min(steps) > (1.3 if count <= 3 else 1.1)


@pytest.mark.parametrize("index", [0, 1, 2])
def test_stage_labels_are_readable_on_their_colour(qapp: object, index: int) -> None:
    colours = stage_colours(index, 3)
    assert contrast_ratio(colours.fill, colours.text) >= 4.5


def test_readable_text_picks_black_or_white(qapp: object) -> None:
    assert readable_text(QColor("#FFFFFF")).name() != "#ffffff"
    assert readable_text(QColor("#000000")).name() == "#ffffff"


def test_light_and_dark_schemes(qapp: object) -> None:
    light, dark = light_palette(), dark_palette()
    window = QPalette.ColorRole.Window
    text = QPalette.ColorRole.WindowText
    assert light.color(window).lightnessF() > 0.5 > dark.color(window).lightnessF()
    for palette in (light, dark):
        assert contrast_ratio(palette.color(window), palette.color(text)) >= 7
