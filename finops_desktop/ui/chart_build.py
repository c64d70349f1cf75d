"""Which chart the Charts view shows, built for the screen or drawn at print size.

A chart is named by what it shows: (mode, business units, round, round compared with), and
for the heatmap its page. On screen its text follows the window's text size; a picture for
a file or the clipboard keeps the print size. Importing this module imports no matplotlib;
the functions import it when called.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..domain.workshop import Workshop

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from ..charts import Chart

MODE_UNITS = "units"
MODE_ORGANISATION = "organisation"
MODE_HEATMAP = "heatmap"
MODE_SPREAD = "spread"
MODES = ((MODE_UNITS, "Business units"), (MODE_ORGANISATION, "Organisation"), (MODE_HEATMAP, "Heatmap"),
         (MODE_SPREAD, "Votes"))

#: (mode, business units ticked, round, round compared with); ``None`` rounds: the latest, none.
ChartKey = tuple[str, tuple[int, ...], int | None, int | None]


def is_paged(mode: str) -> bool:
    """Whether the chart comes in pages of business units (the heatmaps)."""
    return mode in (MODE_HEATMAP, MODE_SPREAD)


def heatmap_pages(workshop: Workshop, key: ChartKey) -> list[list[int]]:
    """The heatmap's pages of business-unit ids for ``key`` (compared with a round, fewer rows fit)."""
    from ..charts.heatmap import heatmap_pages as pages

    mode, _, _, compare_id = key
    return pages(workshop, compare=mode == MODE_HEATMAP and compare_id is not None)


def placeholder_text(workshop: Workshop | None, mode: str) -> str:
    """What the view says while there is no chart to show."""
    if workshop is None:
        return "Open a workshop to see its charts."
    if mode == MODE_UNITS and not workshop.business_units:
        return "Add business units to see their radar charts."
    return "Tick one business unit to see its current and target stages, or several to compare them."


def build_chart(workshop: Workshop, key: ChartKey, figure: Figure, *, page: int = 0,
                text_scale: float = 1.0) -> Chart:
    """The chart ``key`` names, drawn into ``figure``, its text ``text_scale`` times the print size."""
    from .. import charts

    mode, bu_ids, round_id, compare_id = key
    if mode == MODE_UNITS:
        return charts.RadarChart(workshop, list(bu_ids), round_id, compare_round_id=compare_id, figure=figure,
                                 text_scale=text_scale)
    if mode == MODE_ORGANISATION:
        return charts.OrganisationChart(workshop, round_id, figure=figure, compare_round_id=compare_id,
                                        projected=None,  # the rings after each wave follow the plan
                                        text_scale=text_scale)
    return charts.HeatmapChart(workshop, round_id, figure=figure, show="spread" if mode == MODE_SPREAD else "stage",
                               compare_round_id=compare_id if mode != MODE_SPREAD else None, page=page,
                               text_scale=text_scale)


def print_figure(workshop: Workshop, key: ChartKey, *, page: int = 0) -> Figure:
    """A fresh figure of the chart at its print size (text too): for files and the clipboard."""
    from .. import charts

    mode, bu_ids, round_id, compare_id = key
    if mode == MODE_UNITS:
        return charts.radar_figure(workshop, list(bu_ids), round_id, compare_round_id=compare_id)
    if mode == MODE_ORGANISATION:
        return charts.organisation_figure(workshop, round_id, compare_round_id=compare_id, projected=None)
    return charts.heatmap_figure(workshop, round_id, show="spread" if mode == MODE_SPREAD else "stage",
                                 compare_round_id=compare_id if mode != MODE_SPREAD else None, page=page)
