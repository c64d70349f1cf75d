"""Chart pictures in the workbook: rendered by :mod:`finops_desktop.charts`, placed as PNG images."""

from __future__ import annotations

from collections.abc import Sequence
from io import BytesIO

from openpyxl.drawing.image import Image
from openpyxl.worksheet.worksheet import Worksheet

from .content import ExportContent

#: Rendering resolution: sharp on a high-density screen and in print, small enough to email.
DPI = 120


def organisation_png(content: ExportContent) -> bytes:
    from ..charts import figure_png_bytes, organisation_figure

    figure = organisation_figure(content.workshop, content.round_id)
    return figure_png_bytes(figure, dpi=DPI)


def radar_png(content: ExportContent, bu_ids: Sequence[int], *, compare: bool) -> bytes:
    from ..charts import figure_png_bytes, radar_figure

    figure = radar_figure(content.workshop, list(bu_ids), content.round_id,
                          compare_round_id=content.compare_round_id if compare else None)
    return figure_png_bytes(figure, dpi=DPI)


def png_size(png: bytes) -> tuple[int, int]:
    """Width and height in pixels, read from the PNG header."""
    if png[:8] != b"\x89PNG\r\n\x1a\n" or len(png) < 24:
        raise ValueError("not a PNG image")
    return int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")


def place_png(ws: Worksheet, png: bytes, anchor: str, *, width_px: int) -> tuple[int, int]:
    """Put a PNG on ``ws`` with its top-left corner at ``anchor``, ``width_px`` wide; its size."""
    image = Image(BytesIO(png))
    scale = width_px / image.width
    image.width, image.height = width_px, round(image.height * scale)
    ws.add_image(image, anchor)
    return image.width, image.height
