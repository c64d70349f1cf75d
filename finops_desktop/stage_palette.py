"""The stage colours, defined once: the grid and the cards, the charts and the workbook all use these.

Stages run from yellow (the lowest) through a middle blue to a deep blue (the highest): the
hue changes along the blue–yellow axis, which the common colour-vision deficiencies keep, and
the lightness falls in even steps (CIE L* about 83, 61 and 38), so a washed-out projector or a
grey print still shows the order. Models with more stages are coloured along the same ramp;
a fractional score (an organisation's mean) falls between two stage colours. Colour never
carries meaning alone: every cell, card and chart also names the stage.

Plain hex strings, no Qt, matplotlib or openpyxl, so every layer can import it.
"""

from __future__ import annotations

#: The three-stage ramp, lowest stage first.
RAMP = ("#F2C94C", "#3D9AD1", "#145A9E")
#: A cell not applicable (light and dark window schemes; the workbook uses the light one).
NOT_APPLICABLE = "#B8B8B8"
NOT_APPLICABLE_DARK = "#5C5C5C"
DARK_TEXT = "#151515"
LIGHT_TEXT = "#FFFFFF"


def _rgb(colour: str) -> tuple[float, float, float]:
    value = colour.lstrip("#")
    return int(value[0:2], 16) / 255, int(value[2:4], 16) / 255, int(value[4:6], 16) / 255


def _hex(rgb: tuple[float, float, float]) -> str:
    return "#" + "".join(f"{round(min(max(c, 0.0), 1.0) * 255):02X}" for c in rgb)


def mix(a: str, b: str, t: float) -> str:
    """The colour ``t`` of the way from ``a`` to ``b`` (0 is ``a``, 1 is ``b``)."""
    ra, rb = _rgb(a), _rgb(b)
    return _hex((ra[0] + (rb[0] - ra[0]) * t, ra[1] + (rb[1] - ra[1]) * t, ra[2] + (rb[2] - ra[2]) * t))


def ramp_colour(position: float) -> str:
    """The colour at ``position`` (0 = lowest stage, 1 = highest) along the ramp."""
    scaled = min(max(position, 0.0), 1.0) * (len(RAMP) - 1)
    index = min(int(scaled), len(RAMP) - 2)
    return mix(RAMP[index], RAMP[index + 1], scaled - index)


def stage_fill(index: int, count: int) -> str:
    """The fill of the ``index``-th stage (0 = lowest) of a model with ``count`` stages."""
    return ramp_colour(index / (count - 1) if count > 1 else 0.0)


def stage_fills(count: int) -> list[str]:
    """The fills of every stage of a model with ``count`` stages, lowest first."""
    return [stage_fill(index, count) for index in range(count)]


def score_fill(score: float, lowest: float, highest: float) -> str:
    """The colour of a score between the lowest and the highest stage's (fractions fall between colours)."""
    return ramp_colour(0.0 if highest == lowest else (score - lowest) / (highest - lowest))


def relative_luminance(colour: str) -> float:
    """WCAG relative luminance, 0 (black) to 1 (white)."""

    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = _rgb(colour)
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast_ratio(a: str, b: str) -> float:
    high, low = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def text_on(fill: str) -> str:
    """Near-black or white, whichever reads better on ``fill``."""
    return DARK_TEXT if contrast_ratio(fill, DARK_TEXT) >= contrast_ratio(fill, LIGHT_TEXT) else LIGHT_TEXT
