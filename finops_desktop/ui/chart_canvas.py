"""A matplotlib canvas that shows a chart scaled to fit, and redraws only what an edit changed.

A chart is laid out for a size in inches (its ``design_size``). Rather than squeezing that
layout into whatever room the window has, the canvas lowers the figure's resolution so
the chart keeps its proportions and type sizes. It always fits the width it is given (a
chart scrolled sideways hides whole columns); past a floor of legibility it stops fitting
the height, and the surrounding scroll area scrolls down.

After a rating changes, the canvas puts back a picture of everything that does not move
with the ratings and draws only the chart's live artists over it (or, for the heatmap,
only the changed cell), then copies that part to the screen. Importing this module
imports matplotlib.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from matplotlib.artist import Artist
from matplotlib.backend_bases import Event
from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
from matplotlib.figure import Figure
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from ..charts import Redraw

#: Screen pixels per inch of the chart: at most (the chart at full size) and at least, to fit
#: the height (below this the text gets too small to read, and the view scrolls down instead).
MAX_PIXELS_PER_INCH = 100.0
MIN_PIXELS_PER_INCH = 58.0
#: The width is fitted down to this; only a window narrower still scrolls sideways.
MIN_WIDTH_PIXELS_PER_INCH = 36.0
#: Added to the canvas's size before it is turned into inches (pixels; see _resize_figure).
PIXEL_SLACK = 1e-3


class ChartCanvas(FigureCanvasQTAgg):
    def __init__(self, figure: Figure, parent: QWidget | None = None) -> None:
        super().__init__(figure)
        self.setParent(parent)
        self.design_size = (10.0, 9.0)
        self.min_pixels_per_inch = MIN_PIXELS_PER_INCH
        #: Called after every change of size, before the redraw: the chart lays itself out again.
        self.on_layout: Callable[[], None] | None = None
        self._live: list[Artist] = []
        self._background: Any = None
        self._drawn_size: tuple[float, ...] | None = None
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.mpl_connect("draw_event", self._drawn)

    def set_live_artists(self, artists: list[Artist]) -> None:
        """Artists redrawn on their own after an edit; a full drawing keeps a picture without them."""
        for artist in self._live:
            artist.set_animated(False)
        self._live = list(artists)
        for artist in self._live:
            artist.set_animated(True)
        self._background = None

    def redraw(self, plan: Redraw) -> None:
        """Show an edit: only what ``plan`` names, or everything when there is no picture to start from."""
        if plan.region is not None and not plan.artists and self._has_drawn():
            return  # nothing of the chart shown changed (a cell on another page of the heatmap)
        if plan.region is not None and self._has_drawn():
            self._draw_clipped(plan)
            return
        if plan.region is None and self._background is not None and plan.artists:
            self.restore_region(self._background)
            for artist in plan.artists:
                self.figure.draw_artist(artist)
            self.blit(self.figure.bbox)
            return
        self.draw_idle()

    def set_design_size(self, width: float, height: float, text_scale: float = 1.0) -> None:
        """The size the shown chart was laid out for; the canvas never shrinks it past legibility.

        A chart drawn with larger text (``text_scale``) stays legible that much smaller: its text
        is never smaller than a chart's at normal text size at its smallest, and more of the
        chart fits the window before the view scrolls.
        """
        self.design_size = (width, height)
        self.min_pixels_per_inch = MIN_PIXELS_PER_INCH / max(text_scale, 1.0)
        self.setMinimumSize(round(width * MIN_WIDTH_PIXELS_PER_INCH), round(height * self.min_pixels_per_inch))
        self.fit()

    def pixels_per_inch(self, width: int, height: int) -> float:
        """The chart's scale on screen: its whole width, and its height unless that would make it illegible."""
        design_w, design_h = self.design_size
        by_height = max(height / design_h, self.min_pixels_per_inch)
        return max(min(MAX_PIXELS_PER_INCH, width / design_w, by_height), MIN_WIDTH_PIXELS_PER_INCH)

    def fit(self) -> None:
        """Scale the figure to the canvas as it is now, lay the chart out again and redraw."""
        size = self.size()
        self._resize_figure(size.width(), size.height())
        self._background = None
        self.draw_idle()

    def resizeEvent(self, event: QResizeEvent) -> None:
        # Lay the chart out for its new size before the base class redraws it.
        self._resize_figure(event.size().width(), event.size().height())
        self._background = None
        super().resizeEvent(event)

    def _resize_figure(self, width: int, height: int) -> None:
        if width <= 0 or height <= 0:
            return
        ratio = self.device_pixel_ratio
        dpi = self.pixels_per_inch(width, height) * ratio
        if abs(self.figure.dpi - dpi) > 1e-6:
            self.figure.set_dpi(dpi)
        # A hair over: matplotlib cuts the drawing to whole pixels, and 764 / 41.2 * 41.2 is 763.99…,
        # which would leave the canvas's last column of pixels unpainted (a stray line at its edge).
        self.figure.set_size_inches((width * ratio + PIXEL_SLACK) / dpi, (height * ratio + PIXEL_SLACK) / dpi,
                                    forward=False)
        if self.on_layout is not None:
            self.on_layout()

    def _drawn(self, event: Event) -> None:
        """After a full drawing: keep it as the picture to restore, then add the live artists."""
        self._drawn_size = tuple(self.figure.bbox.size)
        if not self._live:
            return
        self._background = self.copy_from_bbox(self.figure.bbox)
        for artist in self._live:
            self.figure.draw_artist(artist)

    def _has_drawn(self) -> bool:
        """Whether the buffer holds a full drawing of the figure at its present size."""
        return self._drawn_size is not None and self._drawn_size == tuple(self.figure.bbox.size)

    def _draw_clipped(self, plan: Redraw) -> None:
        region = plan.region
        assert region is not None
        saved = [(artist, artist.get_clip_box(), artist.get_clip_on()) for artist in plan.artists]
        try:
            for artist in plan.artists:
                artist.set_clip_box(region)
                artist.set_clip_on(True)
                self.figure.draw_artist(artist)
        finally:
            for artist, box, clip_on in saved:
                artist.set_clip_box(box)
                artist.set_clip_on(clip_on)
        self.blit(region)
