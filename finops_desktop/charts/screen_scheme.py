"""The charts in the window's dark scheme: the paper, ink and rules of a chart swapped for dark ones.

Charts are built in their print colours (what PNG, SVG and the workbook get). On a dark
screen the window recolours the figure it shows: every colour of the chart's own greys
(paper, ink, muted text, grid, zones) becomes its dark counterpart, while the series and
stage colours stay, and text drawn on a stage colour keeps the colour chosen to read on it.
"""

from __future__ import annotations

import weakref
from typing import Any

import numpy as np
from matplotlib.artist import Artist
from matplotlib.collections import Collection
from matplotlib.colors import to_hex, to_rgba
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.text import Text

from .style import EARLIER, FAINT, GRID, INK, MUTED, ZONE

#: Artists whose colour was chosen for the fill beneath them (see :func:`mark_on_fill`): left as they are.
_ON_FILL: weakref.WeakSet[Artist] = weakref.WeakSet()


def mark_on_fill(artist: Artist, on_fill: bool = True) -> None:
    """Say that ``artist``'s colour was chosen to read on a stage colour, so the dark scheme keeps it."""
    if on_fill:
        _ON_FILL.add(artist)
    else:
        _ON_FILL.discard(artist)


def is_on_fill(artist: Artist) -> bool:
    return artist in _ON_FILL

DARK_BACKGROUND = "#26282C"
_DARK = {
    "#FFFFFF": DARK_BACKGROUND,
    INK.upper(): "#E6E8EB",
    MUTED.upper(): "#A9B3BD",
    FAINT.upper(): "#7A8490",
    GRID.upper(): "#4B525A",
    ZONE.upper(): "#303338",
    "#E4E7EB": "#3A3F45",  # the heatmap's not-applicable cells and cell rules
    EARLIER.upper(): "#A8A8A8",
}


def dark_colour(colour: Any) -> Any:
    """The dark counterpart of one of the charts' greys (alpha kept), else the colour unchanged."""
    if colour is None or (isinstance(colour, str) and colour.lower() == "none"):
        return colour
    try:
        rgba = to_rgba(colour)
    except ValueError:
        return colour
    if rgba[3] == 0:
        return colour
    mapped = _DARK.get(to_hex(rgba, keep_alpha=False).upper())
    return colour if mapped is None else to_rgba(mapped, rgba[3])


def _recolour_collection(collection: Collection) -> None:
    if collection.get_array() is None:  # colours from a colour map (the heatmap's stages) stay
        faces = np.asarray(collection.get_facecolor())
        if faces.ndim == 2 and len(faces):
            collection.set_facecolor([dark_colour(tuple(face)) for face in faces])
    edges = np.asarray(collection.get_edgecolor())
    if edges.ndim == 2 and len(edges):
        collection.set_edgecolor([dark_colour(tuple(edge)) for edge in edges])


def _recolour(artist: Artist) -> None:
    if artist in _ON_FILL:
        return
    if isinstance(artist, Text):
        artist.set_color(dark_colour(artist.get_color()))
        box = artist.get_bbox_patch()
        if box is not None:
            box.set_facecolor(dark_colour(box.get_facecolor()))
    elif isinstance(artist, Line2D):
        artist.set_color(dark_colour(artist.get_color()))
        artist.set_markerfacecolor(dark_colour(artist.get_markerfacecolor()))
        artist.set_markeredgecolor(dark_colour(artist.get_markeredgecolor()))
    elif isinstance(artist, Patch):
        artist.set_facecolor(dark_colour(artist.get_facecolor()))
        artist.set_edgecolor(dark_colour(artist.get_edgecolor()))
    elif isinstance(artist, Collection):
        _recolour_collection(artist)


def recolour_for_dark_screen(figure: Figure) -> None:
    """Swap the print greys of every artist of ``figure`` for dark ones (run again after each update)."""
    figure.set_facecolor(DARK_BACKGROUND)
    for artist in figure.findobj(include_self=False):
        _recolour(artist)
    for legend in [*figure.legends, *(ax.get_legend() for ax in figure.axes)]:
        if legend is not None:
            legend.get_frame().set_facecolor(DARK_BACKGROUND)
