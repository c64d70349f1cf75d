"""Colours, type sizes and text helpers shared by every chart.

The palette is Okabe and Ito's, which stays distinct for the common forms of colour
blindness; beyond seven series, line style and marker tell series apart as well.
"""

from __future__ import annotations

import textwrap
import unicodedata

from matplotlib.colors import to_hex

from .. import stage_palette
from ..domain.model import NOT_APPLICABLE, MaturityModel
from ..domain.record import record

INK = "#1F2933"
MUTED = "#616E7C"
FAINT = "#9AA5B1"
GRID = "#CBD2D9"
ZONE = "#F3F5F7"
BACKGROUND = "white"

CURRENT = "#0072B2"
TARGET = "#D55E00"
EARLIER = "#4D4D4D"  # dark enough to stay visible on a washed-out projector
BAND = "#56B4E9"

SERIES_COLOURS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#3D3D3D")
SERIES_LINESTYLES = ("-", (0, (5, 2)), (0, (1.5, 1.5)), (0, (6, 2, 1.5, 2)))
SERIES_MARKERS = ("o", "s", "^", "D", "v", "P")

TITLE_SIZE = 19.0
SUBTITLE_SIZE = 12.5
NOTE_SIZE = 10.5
LEGEND_SIZE = 11.5
#: Fonts for scripts DejaVu Sans lacks (Chinese, Japanese, Korean…), used where installed.
_FALLBACK_FONTS = ("Noto Sans CJK JP", "Noto Sans CJK SC", "Source Han Sans", "Microsoft YaHei", "Yu Gothic",
                   "Malgun Gothic", "Hiragino Sans", "PingFang SC", "Arial Unicode MS", "Noto Sans")


def _font_families() -> list[str]:
    """DejaVu Sans first (shipped with matplotlib: every laptop draws the same), then installed fallbacks."""
    from matplotlib import font_manager

    installed = {font.name for font in font_manager.fontManager.ttflist}
    return ["DejaVu Sans", *(name for name in _FALLBACK_FONTS if name in installed)]


FONT_FAMILY = _font_families()

NOT_ASSESSED_TEXT = "not assessed"
NOT_APPLICABLE_TEXT = "not applicable"


@record
class SeriesStyle:
    colour: str
    linestyle: str | tuple[float, tuple[float, ...]]
    marker: str


def series_style(index: int) -> SeriesStyle:
    """The look of the ``index``-th business unit in an overlay: colour first, then line and marker."""
    cycle = index // len(SERIES_COLOURS)
    return SeriesStyle(
        SERIES_COLOURS[index % len(SERIES_COLOURS)],
        SERIES_LINESTYLES[cycle % len(SERIES_LINESTYLES)],
        SERIES_MARKERS[cycle % len(SERIES_MARKERS)],
    )


def stage_colours(count: int) -> list[str]:
    """Fill colours for stages 1..count, the same as on screen and in the workbook (see :mod:`stage_palette`)."""
    return stage_palette.stage_fills(count)


def text_colour_on(background: str) -> str:
    """Dark or white text, whichever reads better on ``background``."""
    return INK if stage_palette.text_on(to_hex(background)) == stage_palette.DARK_TEXT else "white"


def wrap(text: str, width: int, max_lines: int = 3) -> str:
    """Wrap a label on word boundaries; a label longer than ``max_lines`` ends with an ellipsis."""
    lines = textwrap.wrap(" ".join(text.split()), width=width, break_long_words=False, break_on_hyphens=True)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1][: max(1, width - 1)].rstrip() + "…"
    return literal("\n".join(lines)) or " "


def shorten(text: str, limit: int) -> str:
    """Text typed in the workshop, on one line of at most ``limit`` characters (control characters dropped)."""
    text = "".join(" " if unicodedata.category(c) in ("Cc", "Zl", "Zp") else c for c in text[: limit * 4 + 16])
    text = " ".join(text.split())
    return literal(text if len(text) <= limit else text[: limit - 1].rstrip() + "…")


def literal(text: str) -> str:
    """Text drawn as typed: a ``$`` would otherwise start matplotlib's math notation."""
    return text.replace("$", r"\$")


def stage_text(model: MaturityModel, stage_id: str | None) -> str:
    """How a rating value reads on a chart: the stage name, or what is missing."""
    if stage_id is None:
        return NOT_ASSESSED_TEXT
    if stage_id == NOT_APPLICABLE:
        return NOT_APPLICABLE_TEXT
    return literal(model.stage(stage_id).name)  # a model from a received file may hold a $
