"""The organisation as a whole: the spend-weighted mean per dimension, and the spread.

An average hides that one unit can be Run where another is Crawl, so the band from the
lowest to the highest unit is always drawn with the mean. Given the roadmap's projection,
thin rings show where the organisation stands after each wave ("after wave 1/2/3").
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from matplotlib.artist import Artist
from matplotlib.collections import PolyCollection
from matplotlib.figure import Figure
from matplotlib.legend import Legend
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from ..domain.aggregate import DimensionAggregate, aggregate
from ..domain.planner import plan_roadmap
from ..domain.roadmap import ProjectedWave
from ..domain.workshop import Workshop
from .frame import ROUND_NAME_LIMIT, SIDE_MARGIN, ChartFrame, Redraw, round_of, workshop_subtitle
from .radar_grid import RadarGrid
from .style import (
    BAND,
    CURRENT,
    EARLIER,
    FONT_FAMILY,
    INK,
    LEGEND_SIZE,
    NOT_APPLICABLE_TEXT,
    NOT_ASSESSED_TEXT,
    literal,
    shorten,
)

BAND_EDGE = "#3A8FC4"
#: The rings after waves 1, 2 and 3: lighter to darker green, each its own dash.
PROJECTED_COLOURS = ("#8FD1B8", "#3FAE86", "#00704A")
PROJECTED_DASHES = ((0, (1.5, 1.5)), (0, (4, 2)), (0, (7, 2)))


class OrganisationChart:
    """Spend-weighted mean per dimension on the radar, inside the min–max band across units."""

    def __init__(self, workshop: Workshop, round_id: int | None = None, *, figure: Figure | None = None,
                 compare_round_id: int | None = None,
                 projected: Sequence[ProjectedWave] | None = (), text_scale: float = 1.0) -> None:
        """``projected=None`` plans the roadmap and follows it: the rings move with every edit.
        ``text_scale`` enlarges every text (a window's larger text size)."""
        round_of(workshop, round_id)
        #: Plan the roadmap on every update, for the rings (a window's chart); else they stay as given.
        self.follows_plan = projected is None
        if projected is None:
            projected = plan_roadmap(workshop, round_id=round_id).projected
        if compare_round_id is not None:
            round_of(workshop, compare_round_id)
        self.round_id = round_id
        #: An earlier round whose mean is drawn too (dotted), to show what moved.
        self.compare_round_id = compare_round_id
        #: The organisation's scores after each wave of the roadmap, drawn as rings.
        self.projected: tuple[ProjectedWave, ...] = tuple(projected)
        # Larger text takes room from the circle; the chart grows a little so the circle keeps most of it.
        side = (10.5 if len(workshop.model.dimensions) > 14 else 9.0) * math.sqrt(text_scale)
        #: The size the chart is drawn for, in inches; a window shows it scaled to fit.
        self.design_size = (side + 1.0, side)
        self.figure = figure if figure is not None else Figure(figsize=self.design_size)
        self.text_scale = text_scale
        self.frame = ChartFrame(self.figure, text_scale=text_scale)
        self.grid = RadarGrid(self.figure, workshop.model, text_scale=text_scale)
        self.axes = self.grid.axes

        self.band: PolyCollection = self.grid.area(BAND, 0.28, zorder=2)
        self.band.set_gid("band")
        edge = {"color": BAND_EDGE, "linewidth": 1.2, "zorder": 3, "clip_on": False}
        self.low = Line2D([], [], linestyle=(0, (3, 2)), **edge)  # type: ignore[arg-type]
        self.low.set_gid("min")
        self.high = Line2D([], [], linestyle=(0, (3, 2)), **edge)  # type: ignore[arg-type]
        self.high.set_gid("max")
        self.mean = Line2D([], [], color=CURRENT, linewidth=3.2, marker="o", markersize=9, markeredgecolor="white",
                           markeredgewidth=1.5, zorder=5, clip_on=False, solid_joinstyle="round")
        self.mean.set_gid("mean")
        self.earlier = Line2D([], [], color=EARLIER, linestyle=(0, (1.2, 1.6)), linewidth=2.2, marker="s",
                              markersize=6, zorder=4, clip_on=False)
        self.earlier.set_gid("earlier")
        self.earlier.set_visible(compare_round_id is not None)
        self.rings = [Line2D([], [], color=colour, linestyle=dash, linewidth=1.8, zorder=4, clip_on=False)
                      for colour, dash in zip(PROJECTED_COLOURS, PROJECTED_DASHES, strict=True)][:len(self.projected)]
        for index, ring in enumerate(self.rings):
            ring.set_gid(f"after-wave-{index + 1}")
        for line in (self.low, self.high, self.earlier, self.mean, *self.rings):
            self.axes.add_line(line)
        handles: list[Artist] = [self.mean, Patch(facecolor=BAND, alpha=0.35, edgecolor=BAND_EDGE,
                                                  linestyle=(0, (3, 2)))]
        labels = ["Mean, weighted by spend", "Range across business units (lowest to highest)"]
        if compare_round_id is not None:
            handles.append(self.earlier)
            labels.append(f"Mean in {shorten(round_of(workshop, compare_round_id).name, ROUND_NAME_LIMIT)}")
        for index, (ring, wave) in enumerate(zip(self.rings, self.projected, strict=False)):
            handles.append(ring)
            labels.append(f"After wave {index + 1} ({wave.wave})")
        # Two columns (filled down, then across) when they fit side by side; with larger text maybe one.
        size = LEGEND_SIZE * text_scale
        half = math.ceil(len(labels) / 2)
        widest = max(len(label) for label in labels[:half]) + max((len(label) for label in labels[half:]), default=0)
        pair = (widest * 0.6 + 2 * 3.2 + 2.2) * size / 72
        columns = 2 if pair <= self.design_size[0] - 2 * SIDE_MARGIN else 1
        #: Legend rows beyond those of two columns, for which the layout makes room.
        self.extra_legend_rows = math.ceil(len(labels) / columns) - math.ceil(len(labels) / 2)
        self.legend: Legend = self.figure.legend(
            handles, labels,
            loc="upper left", ncols=columns, frameon=False, handlelength=3.2, columnspacing=2.2,
            prop={"family": FONT_FAMILY, "size": LEGEND_SIZE * text_scale},
        )
        for text in self.legend.get_texts():
            text.set_color(INK)
        self.aggregates: dict[str, DimensionAggregate] = {}
        self.update(workshop)

    def update(self, workshop: Workshop) -> None:
        """Recompute the aggregate and move the line, band and labels; no new artists."""
        model = workshop.model
        round_id = round_of(workshop, self.round_id).id
        if self.follows_plan:
            self.projected = plan_roadmap(workshop, round_id=round_id).projected[:len(self.rings)]
        self.aggregates = aggregate(workshop, round_id)
        rows = [self.aggregates[d.id] for d in model.dimensions]
        means = [math.nan if a.mean is None else a.mean for a in rows]
        lows = [math.nan if a.min is None else float(a.min) for a in rows]
        highs = [math.nan if a.max is None else float(a.max) for a in rows]
        self.mean.set_data(*self.grid.closed(means))
        self.low.set_data(*self.grid.closed(lows))
        self.high.set_data(*self.grid.closed(highs))
        self.band.set_verts(self.grid.band_polygons(lows, highs))
        if self.compare_round_id is not None:
            before = aggregate(workshop, round_of(workshop, self.compare_round_id).id)
            earlier = [before[d.id].mean for d in model.dimensions]
            self.earlier.set_data(*self.grid.closed([math.nan if m is None else m for m in earlier]))
        for ring, wave in zip(self.rings, self.projected, strict=False):
            scores = dict(wave.organisation)
            values = [math.nan if scores.get(d.id) is None else float(scores[d.id])  # type: ignore[arg-type]
                      for d in model.dimensions]
            ring.set_data(*self.grid.closed(values))

        weighted = any(a.weighted_by_spend for a in rows)
        for index, agg in enumerate(rows):
            if agg.mean is None or agg.min is None or agg.max is None:
                everyone_na = agg.not_applicable > 0 and agg.not_applicable == len(workshop.business_units)
                self.grid.set_label(index, f"{NOT_APPLICABLE_TEXT} for all" if everyone_na else NOT_ASSESSED_TEXT,
                                    missing=True)
                continue
            low, high = literal(model.stage_by_score(agg.min).name), literal(model.stage_by_score(agg.max).name)
            if self.grid.density == "dense":
                detail = f"{agg.mean:.1f}"
            elif agg.min == agg.max:
                detail = f"{agg.mean:.1f}  (all {low})"
            else:
                detail = f"{agg.mean:.1f}  ({low} to {high})" if self.grid.density == "roomy" else \
                    f"{agg.mean:.1f}  ({low}–{high})"
            self.grid.set_label(index, detail)

        units = len(workshop.business_units)
        rated = sum(1 for bu in workshop.business_units
                    if any(model.score(workshop.rating(bu.id, d.id, round_id).current) is not None
                           for d in model.dimensions))
        texts = self.legend.get_texts()
        texts[0].set_text("Mean, weighted by monthly spend" if weighted else "Mean (no spend recorded)")
        note = [f"{units} business units." if rated == units else f"{rated} of {units} business units assessed so far."]
        note.append("Each unit counts in proportion to its monthly cloud spend." if weighted
                    else "Every unit counts equally: no spend is recorded.")
        if any(a.not_applicable or a.assessed < rated for a in rows):
            note.append(f"A unit {NOT_ASSESSED_TEXT} or {NOT_APPLICABLE_TEXT} in a dimension is left out of it.")
        self.frame.set_texts("The organisation as a whole",
                             workshop_subtitle(workshop, round_id), " ".join(note))

    def live_artists(self) -> list[Artist]:
        own: list[Artist] = [self.band, self.low, self.high, self.earlier, self.mean, *self.rings]
        return sorted([*self.grid.live_artists(), *own], key=lambda a: a.get_zorder())

    def redraw_for(self, bu_id: int | None, dimension_id: str | None) -> Redraw:
        return Redraw(self.live_artists())

    def layout(self) -> None:
        self.frame.place()
        width, height = self.frame.size()
        margin_x, margin_y = self.grid.label_margins()
        header = self.frame.header_height()
        top = height - header - (0.5 + self.extra_legend_rows * LEGEND_SIZE * 1.75 / 72) * self.text_scale
        bottom = self.frame.footer_height()
        plot_width = width - 2 * SIDE_MARGIN
        side = max(min(plot_width - 2 * margin_x, top - bottom - 2 * margin_y), 1.0)
        centre_x = SIDE_MARGIN + plot_width / 2
        centre_y = bottom + (top - bottom) / 2
        self.axes.set_position(self.frame.rect(centre_x - side / 2, centre_y - side / 2, side, side))
        anchor = ((SIDE_MARGIN - 0.1) / width, (height - header + 0.05) / height)
        self.legend.set_bbox_to_anchor(anchor, transform=self.figure.transFigure)


def organisation_figure(workshop: Workshop, round_id: int | None = None, *,
                        compare_round_id: int | None = None,
                        projected: Sequence[ProjectedWave] | None = ()) -> Figure:
    """The organisation as a whole: spend-weighted mean per dimension with the min–max band, an earlier
    round's mean when ``compare_round_id`` is given, and the rings after each wave when ``projected`` is."""
    chart = OrganisationChart(workshop, round_id, compare_round_id=compare_round_id, projected=projected)
    chart.layout()
    return chart.figure


__all__ = ["OrganisationChart", "organisation_figure"]
