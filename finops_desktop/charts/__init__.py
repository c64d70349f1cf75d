"""Charts of a workshop, built as matplotlib figures from domain objects.

No Qt and no pyplot: every function returns its own :class:`matplotlib.figure.Figure`, so
charts render headless (command line, Excel export) and from any thread. Importing this
package imports matplotlib; callers import it only when a chart is first needed.

The ``*Chart`` classes keep their artists, and ``update(workshop)`` moves them to the
workshop's current ratings: a window follows edits without rebuilding the figure.
"""

from __future__ import annotations

from .frame import Chart, Redraw
from .heatmap import HeatmapChart, heatmap_figure
from .organisation import OrganisationChart, organisation_figure
from .output import PRINT_DPI, figure_png_bytes, figure_svg_bytes, save_figure
from .radar import RadarChart, radar_figure

__all__ = [
    "PRINT_DPI",
    "Chart",
    "HeatmapChart",
    "OrganisationChart",
    "RadarChart",
    "Redraw",
    "figure_png_bytes",
    "figure_svg_bytes",
    "heatmap_figure",
    "organisation_figure",
    "radar_figure",
    "save_figure",
]
