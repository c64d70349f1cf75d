"""Chart pictures in the workbook: rendered by :mod:`finops_desktop.charts`, placed as PNG images."""

from __future__ import annotations

import gc
from collections.abc import Callable, Sequence
from io import BytesIO
from typing import Any

from openpyxl.drawing.image import Image
from openpyxl.worksheet.worksheet import Worksheet

from ..domain.record import record
from .cell_text import put_text
from .content import ExportContent
from .styles import MUTED_FONT

#: A picture has this many times the pixels of the width it is placed at: sharp on a
#: high-density screen and in print, and small enough to email.
DENSITY = 2
#: Never drawn at fewer dots per inch than this (the smallest text stays well formed).
MIN_DPI = 60
ROW_PX = 20  # default row height (15 points)


@record
class Picture:
    """A rendered chart, or why it could not be drawn."""

    png: bytes | None
    problem: str = ""

    def height_at(self, width_px: int) -> int:
        if self.png is None:
            return ROW_PX
        width, height = png_size(self.png)
        return round(height * width_px / width)


def draw(render: Callable[[], Any], width_px: int) -> Picture:
    """Render a matplotlib figure to a picture to be placed ``width_px`` wide.

    A chart that fails to draw must not cost the client the whole workbook: the sheet
    then says which chart is missing and why.
    """
    from ..charts import figure_png_bytes

    try:
        figure = render()
        dpi = max(round(DENSITY * width_px / figure.get_size_inches()[0]), MIN_DPI)
        return Picture(figure_png_bytes(figure, dpi=dpi, palette=True))
    except Exception as exc:
        reason = " ".join(str(exc).split())[:200] or type(exc).__name__
        return Picture(None, f"This chart could not be drawn ({reason}).")
    finally:
        # A drawn figure is a web of references only the cycle collector frees; the export pauses
        # the collector's automatic runs (see workbook.py), so the figure's are freed here, young.
        gc.collect(1)


def organisation_picture(content: ExportContent, width_px: int) -> Picture:
    from ..charts import organisation_figure

    return draw(lambda: organisation_figure(content.workshop, content.round_id, projected=content.roadmap.projected),
                width_px)


def radar_picture(content: ExportContent, bu_ids: Sequence[int], *, compare: bool, width_px: int) -> Picture:
    from ..charts import radar_figure

    compare_round_id = content.compare_round_id if compare else None
    return draw(lambda: radar_figure(content.workshop, list(bu_ids), content.round_id,
                                     compare_round_id=compare_round_id), width_px)


class UnitRadars:
    """One radar per business unit, all drawn from one chart moved from unit to unit."""

    def __init__(self, content: ExportContent, *, compare: bool, width_px: int) -> None:
        self.content = content
        self.width_px = width_px
        self.compare_round_id = content.compare_round_id if compare else None
        self._chart: Any = None

    def picture(self, bu_id: int) -> Picture:
        def render() -> Any:
            from ..charts import RadarChart

            workshop = self.content.workshop
            if self._chart is None:
                self._chart = RadarChart(workshop, [bu_id], self.content.round_id,
                                         compare_round_id=self.compare_round_id)
            else:
                self._chart.show_unit(workshop, bu_id)
            self._chart.layout()
            return self._chart.figure

        picture = draw(render, self.width_px)
        if picture.png is None:
            self._chart = None  # a chart that failed to draw is not drawn on
        return picture


def png_size(png: bytes) -> tuple[int, int]:
    """Width and height in pixels, read from the PNG header."""
    if png[:8] != b"\x89PNG\r\n\x1a\n" or len(png) < 24:
        raise ValueError("not a PNG image")
    return int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")


def place_picture(ws: Worksheet, picture: Picture, anchor: str, *, width_px: int) -> int:
    """Put ``picture`` on ``ws`` with its top-left corner at ``anchor``, ``width_px`` wide; its height."""
    if picture.png is None:
        put_text(ws[anchor], picture.problem).font = MUTED_FONT
        return ROW_PX
    image = Image(BytesIO(picture.png))
    height = picture.height_at(width_px)
    image.width, image.height = width_px, height
    ws.add_image(image, anchor)
    return height
