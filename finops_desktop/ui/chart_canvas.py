"""A matplotlib canvas that shows a chart scaled to fit, like a picture of the exported file.

A chart is laid out for a size in inches (its ``design_size``). Rather than squeezing that
layout into whatever room the window has, the canvas lowers the figure's resolution so
the chart keeps its proportions and type sizes; past a floor it stops shrinking and the
surrounding scroll area scrolls. Importing this module imports matplotlib.
"""

from __future__ import annotations

from collections.abc import Callable

from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
from matplotlib.figure import Figure
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

#: Screen pixels per inch of the chart: at most (the chart at full size) and at least
#: (below this the text gets too small to read, and the view scrolls instead).
MAX_PIXELS_PER_INCH = 100.0
MIN_PIXELS_PER_INCH = 58.0


class ChartCanvas(FigureCanvasQTAgg):
    def __init__(self, figure: Figure, parent: QWidget | None = None) -> None:
        super().__init__(figure)
        self.setParent(parent)
        self.design_size = (10.0, 9.0)
        #: Called after every change of size, before the redraw: the chart lays itself out again.
        self.on_layout: Callable[[], None] | None = None
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def set_design_size(self, width: float, height: float) -> None:
        """The size the shown chart was laid out for; the canvas never shrinks it past legibility."""
        self.design_size = (width, height)
        self.setMinimumSize(round(width * MIN_PIXELS_PER_INCH), round(height * MIN_PIXELS_PER_INCH))
        self.fit()

    def pixels_per_inch(self, width: int, height: int) -> float:
        design_w, design_h = self.design_size
        fitting = min(width / design_w, height / design_h)
        return max(MIN_PIXELS_PER_INCH, min(MAX_PIXELS_PER_INCH, fitting))

    def fit(self) -> None:
        """Scale the figure to the canvas as it is now, lay the chart out again and redraw."""
        size = self.size()
        self._apply_scale(size.width(), size.height())
        ratio = self.device_pixel_ratio
        self.figure.set_size_inches(size.width() * ratio / self.figure.dpi,
                                    size.height() * ratio / self.figure.dpi, forward=False)
        if self.on_layout is not None:
            self.on_layout()
        self.draw_idle()

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._apply_scale(event.size().width(), event.size().height())
        if self.on_layout is not None:
            # The figure takes its new size in the base class; lay out once it has.
            new_width, new_height = event.size().width(), event.size().height()
            ratio = self.device_pixel_ratio
            self.figure.set_size_inches(max(new_width, 1) * ratio / self.figure.dpi,
                                        max(new_height, 1) * ratio / self.figure.dpi, forward=False)
            self.on_layout()
        super().resizeEvent(event)

    def _apply_scale(self, width: int, height: int) -> None:
        if width <= 0 or height <= 0:
            return
        dpi = self.pixels_per_inch(width, height) * self.device_pixel_ratio
        if abs(self.figure.dpi - dpi) > 1e-6:
            self.figure.set_dpi(dpi)
