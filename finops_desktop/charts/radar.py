"""Radar of business units: one unit's current and target stage, or several units overlaid.

The chart keeps its artists and :meth:`RadarChart.update` only changes their data, so a
window can follow every rating as it is made without rebuilding the figure.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from matplotlib.artist import Artist
from matplotlib.collections import PolyCollection
from matplotlib.figure import Figure
from matplotlib.legend import Legend
from matplotlib.lines import Line2D

from ..domain.model import NOT_APPLICABLE
from ..domain.workshop import Workshop
from .frame import FOOTER_HEIGHT, HEADER_HEIGHT, SIDE_MARGIN, ChartFrame, Redraw, round_of, workshop_subtitle
from .radar_grid import RadarGrid
from .style import (
    CURRENT,
    EARLIER,
    FONT_FAMILY,
    INK,
    LEGEND_SIZE,
    NOT_APPLICABLE_TEXT,
    NOT_ASSESSED_TEXT,
    TARGET,
    series_style,
    shorten,
    stage_text,
)

#: Business-unit names in a legend are cut to this many characters.
LEGEND_NAME_LIMIT = 28
#: Overlays of up to this many units also shade each unit's area.
SHADED_OVERLAY_LIMIT = 3
_LEGEND_ROW = LEGEND_SIZE * 1.75 / 72  # inches per legend entry, at print size


@dataclass
class RadarSeries:
    """One polygon on the radar, and what it plots."""

    bu_id: int
    #: "current" or "target": which value of the rating is plotted.
    value: str
    #: ``None`` for the chart's round; the round compared with otherwise.
    round_id: int | None
    line: Line2D
    area: PolyCollection | None = None


class RadarChart:
    """Business units on a radar with one spoke per dimension and one ring per stage."""

    def __init__(self, workshop: Workshop, bu_ids: Sequence[int], round_id: int | None = None, *,
                 compare_round_id: int | None = None, figure: Figure | None = None,
                 text_scale: float = 1.0) -> None:
        """``text_scale`` enlarges every text (a window's larger text size); the circle makes room."""
        bu_ids = list(dict.fromkeys(bu_ids))
        if not bu_ids:
            raise ValueError("choose at least one business unit for the radar chart")
        for bu_id in bu_ids:
            try:
                workshop.business_unit(bu_id)
            except KeyError:
                raise ValueError(f"no business unit with id {bu_id} in this workshop") from None
        round_of(workshop, round_id)
        if compare_round_id is not None:
            round_of(workshop, compare_round_id)
        self.bu_ids = bu_ids
        self.round_id = round_id
        self.compare_round_id = compare_round_id
        self.single = len(bu_ids) == 1
        self.text_scale = text_scale
        self.legend_size = LEGEND_SIZE * text_scale
        self.legend_rows = 1

        #: The size the chart is drawn for, in inches; a window shows it scaled to fit.
        self.design_size = self._design_size(workshop)
        self.figure = figure if figure is not None else Figure(figsize=self.design_size)
        self.frame = ChartFrame(self.figure, text_scale=text_scale)
        self.grid = RadarGrid(self.figure, workshop.model, text_scale=text_scale)
        self.axes = self.grid.axes
        self.series: list[RadarSeries] = []
        if self.single:
            self._add_single(bu_ids[0])
        else:
            self._add_overlay()
        self.legend = self._add_legend(workshop)
        self.update(workshop)

    # Building ---------------------------------------------------------------------------

    def _design_size(self, workshop: Workshop) -> tuple[float, float]:
        # Larger text takes room from the circle; the chart grows a little so the circle keeps most of it.
        side = (10.5 if len(workshop.model.dimensions) > 14 else 9.0) * math.sqrt(self.text_scale)
        if len(self.bu_ids) <= 1:
            return side + 1.0, side
        return side + 1.0 + self._legend_width(workshop), side

    def _line(self, colour: str, linestyle: object, marker: str, width: float, zorder: float,
              marker_size: float = 7.0, hollow: bool = False) -> Line2D:
        line = Line2D([], [], color=colour, linestyle=linestyle, linewidth=width, marker=marker,  # type: ignore[arg-type]
                      markersize=marker_size, markerfacecolor="white" if hollow else colour,
                      markeredgecolor=colour, markeredgewidth=1.6, zorder=zorder, solid_joinstyle="round",
                      dash_joinstyle="round", clip_on=False)
        self.axes.add_line(line)
        return line

    def _add_single(self, bu_id: int) -> None:
        if self.compare_round_id is not None:
            earlier = self._line(EARLIER, (0, (1.2, 1.6)), "s", 2.8, 3, marker_size=7)
            earlier.set_gid(f"earlier:{bu_id}")
            self.series.append(RadarSeries(bu_id, "current", self.compare_round_id, earlier))
        target = self._line(TARGET, (0, (5, 2.5)), "o", 2.4, 4, marker_size=7, hollow=True)
        target.set_gid(f"target:{bu_id}")
        self.series.append(RadarSeries(bu_id, "target", None, target))
        current = self._line(CURRENT, "-", "o", 3.0, 5, marker_size=8)
        current.set_gid(f"current:{bu_id}")
        area = self.grid.area(CURRENT, 0.2)
        area.set_gid(f"area:{bu_id}")
        self.series.append(RadarSeries(bu_id, "current", None, current, area))

    def _add_overlay(self) -> None:
        shaded = len(self.bu_ids) <= SHADED_OVERLAY_LIMIT
        for index, bu_id in enumerate(self.bu_ids):
            style = series_style(index)
            if self.compare_round_id is not None:
                earlier = self._line(style.colour, (0, (1.2, 1.6)), style.marker, 1.6, 3, marker_size=4.5,
                                     hollow=True)
                earlier.set_gid(f"earlier:{bu_id}")
                self.series.append(RadarSeries(bu_id, "current", self.compare_round_id, earlier))
            line = self._line(style.colour, style.linestyle, style.marker, 2.6, 5 + index / 100,
                              marker_size=7)
            line.set_gid(f"current:{bu_id}")
            area = self.grid.area(style.colour, 0.08) if shaded else None
            if area is not None:
                area.set_gid(f"area:{bu_id}")
            self.series.append(RadarSeries(bu_id, "current", None, line, area))

    def _add_legend(self, workshop: Workshop) -> Legend:
        labels = self._legend_labels(workshop)
        if self.single:
            # Current first, then target, then the earlier round.
            handles = [s.line for s in reversed(self.series)]
            # One row when it fits the chart's width, else two (with larger text, a long round name).
            row = sum(len(label) * 0.6 + 3.2 + 2.2 for label in labels) * self.legend_size / 72
            self.legend_rows = 1 if row <= self.design_size[0] - 2 * SIDE_MARGIN else 2
            legend = self.figure.legend(handles, labels, loc="upper left", ncols=math.ceil(len(handles) /
                                                                                           self.legend_rows),
                                        frameon=False,
                                        handlelength=3.2, columnspacing=2.2,
                                        prop={"family": FONT_FAMILY, "size": self.legend_size})
        else:
            handles = [s.line for s in self.series if s.round_id is None]
            if self.compare_round_id is not None:
                handles.append(Line2D([], [], color=EARLIER, linestyle=(0, (1.2, 1.6)), linewidth=1.6, marker="o",
                                      markersize=4.5, markerfacecolor="white"))
            legend = self.figure.legend(handles, labels, loc="upper left", ncols=self._legend_columns(),
                                        frameon=False, handlelength=3.2, borderaxespad=0.0,
                                        prop={"family": FONT_FAMILY, "size": self.legend_size},
                                        title="Business units", title_fontproperties={"size": self.legend_size,
                                                                                      "weight": "bold"},
                                        alignment="left")
        for text in [*legend.get_texts(), legend.get_title()]:
            text.set_color(INK)
        return legend

    def _legend_labels(self, workshop: Workshop) -> list[str]:
        rnd = round_of(workshop, self.round_id)
        if self.single:
            labels = [f"Current ({shorten(rnd.name, 30)})", "Target"]
            if self.compare_round_id is not None:
                labels.append(f"Current in {self._compared_round(workshop)}")
            return labels
        labels = [shorten(self._bu_name(workshop, bu_id), LEGEND_NAME_LIMIT) for bu_id in self.bu_ids]
        if self.compare_round_id is not None:
            labels.append(f"Dotted: {self._compared_round(workshop)}")
        return labels

    def _legend_columns(self) -> int:
        rows_available = max(int((9.0 - (HEADER_HEIGHT + FOOTER_HEIGHT) * self.text_scale - 0.6)
                                 / (_LEGEND_ROW * self.text_scale)), 4)
        entries = len(self.bu_ids) + (1 if self.compare_round_id is not None else 0)
        return max(1, math.ceil(entries / rows_available))

    def _legend_width(self, workshop: Workshop) -> float:
        names = [shorten(self._bu_name(workshop, b), LEGEND_NAME_LIMIT) for b in self.bu_ids]
        widest = max((len(n) for n in names), default=10)
        column = widest * self.legend_size * 0.6 / 72 + 1.1
        return column * self._legend_columns() + 0.2

    @staticmethod
    def _bu_name(workshop: Workshop, bu_id: int) -> str:
        try:
            return shorten(workshop.business_unit(bu_id).name, 40)
        except KeyError:
            return "(removed)"

    def _compared_round(self, workshop: Workshop) -> str:
        return shorten(round_of(workshop, self.compare_round_id).name, 30)

    # Following the workshop -------------------------------------------------------------

    def show_unit(self, workshop: Workshop, bu_id: int) -> None:
        """Show another business unit on a one-unit radar, keeping every artist.

        Building the scale costs about as much as drawing the chart, so a workbook draws every
        unit's radar from one chart.
        """
        if not self.single:
            raise ValueError("only a one-unit radar moves to another unit")
        try:
            workshop.business_unit(bu_id)
        except KeyError:
            raise ValueError(f"no business unit with id {bu_id} in this workshop") from None
        self.bu_ids = [bu_id]
        for series in self.series:
            series.bu_id = bu_id
            kind = "earlier" if series.round_id is not None else series.value
            series.line.set_gid(f"{kind}:{bu_id}")
            if series.area is not None:
                series.area.set_gid(f"area:{bu_id}")
        self.update(workshop)

    def update(self, workshop: Workshop) -> None:
        """Show the workshop's ratings as they are now: data, labels and texts, no new artists."""
        model = workshop.model
        round_id = round_of(workshop, self.round_id).id
        for series in self.series:
            rnd = round_id if series.round_id is None else series.round_id
            values = [self._score(workshop, series.bu_id, d.id, rnd, series.value) for d in model.dimensions]
            series.line.set_data(*self.grid.closed(values))
            if series.area is not None:
                series.area.set_verts(self.grid.area_polygons(values))
        if self.single:
            self._label_single(workshop, round_id)
        else:
            self._label_overlay(workshop, round_id)
        for text, label in zip(self.legend.get_texts(), self._legend_labels(workshop), strict=False):
            text.set_text(label)

    @staticmethod
    def _score(workshop: Workshop, bu_id: int, dimension_id: str, round_id: int, value: str) -> float:
        rating = workshop.rating(bu_id, dimension_id, round_id)
        score = workshop.model.score(getattr(rating, value))
        return math.nan if score is None else float(score)

    def _label_single(self, workshop: Workshop, round_id: int) -> None:
        model = workshop.model
        bu_id = self.bu_ids[0]
        gaps = False
        for index, dimension in enumerate(model.dimensions):
            rating = workshop.rating(bu_id, dimension.id, round_id)
            if model.score(rating.current) is None:
                gaps = True
                reason = stage_text(model, rating.current)
                if self.grid.density == "dense":
                    reason = "(n/a)" if rating.not_applicable else "(not assessed)"
                self.grid.set_label(index, reason, missing=True)
                continue
            detail = ""
            if self.grid.density != "dense":
                detail = stage_text(model, rating.current)
                if model.score(rating.target) is not None and rating.target != rating.current:
                    detail += f" → {stage_text(model, rating.target)}"
            self.grid.set_label(index, detail)
        name = self._bu_name(workshop, bu_id)
        notes = []
        if gaps:
            notes.append(f"A gap in a line: {NOT_ASSESSED_TEXT} or {NOT_APPLICABLE_TEXT}; never scored as the "
                         f"lowest stage.")
        self.frame.set_texts(f"{name}: current and target maturity", workshop_subtitle(workshop, round_id),
                             "  ".join(notes))

    def _label_overlay(self, workshop: Workshop, round_id: int) -> None:
        model = workshop.model
        gaps = False
        for index, dimension in enumerate(model.dimensions):
            not_applicable, not_assessed = [], []
            for bu_id in self.bu_ids:
                current = workshop.rating(bu_id, dimension.id, round_id).current
                if current == NOT_APPLICABLE:
                    not_applicable.append(bu_id)
                elif model.score(current) is None:
                    not_assessed.append(bu_id)
            missing = len(not_applicable) + len(not_assessed)
            gaps = gaps or missing > 0
            if missing == len(self.bu_ids):
                reason = NOT_APPLICABLE_TEXT if not not_assessed else NOT_ASSESSED_TEXT
                self.grid.set_label(index, f"{reason} for all", missing=True)
                continue
            self.grid.set_label(index, self._missing_detail(workshop, not_applicable, not_assessed))
        note = (f"Current stage of each business unit. A gap in a line: {NOT_ASSESSED_TEXT} or "
                f"{NOT_APPLICABLE_TEXT}." if gaps else "Current stage of each business unit.")
        if self.compare_round_id is not None:
            note += f" Dotted lines: the same units in {self._compared_round(workshop)}."
        names = [self._bu_name(workshop, bu_id) for bu_id in self.bu_ids]
        title = (f"{', '.join(names[:-1])} and {names[-1]}" if len(names) <= 3 and sum(map(len, names)) <= 60
                 else f"{len(names)} business units")
        self.frame.set_texts(f"{title}: current maturity compared", workshop_subtitle(workshop, round_id), note)

    def _missing_detail(self, workshop: Workshop, not_applicable: list[int], not_assessed: list[int]) -> str:
        """Which overlaid units have no value in a dimension, as briefly as the room allows."""
        if self.grid.density == "dense" or not (not_applicable or not_assessed):
            return ""
        if self.grid.density == "compact":
            counts = [f"{len(ids)} {reason}" for reason, ids in (("n/a", not_applicable),
                                                                  ("not assessed", not_assessed)) if ids]
            return " · ".join(counts)
        parts = []
        for reason, ids in (("n/a", not_applicable), ("not assessed", not_assessed)):
            if len(ids) == 1:
                parts.append(f"{reason}: {shorten(self._bu_name(workshop, ids[0]), 18)}")
            elif ids:
                parts.append(f"{reason}: {len(ids)} units")
        return "\n".join(parts)

    def live_artists(self) -> list[Artist]:
        series: list[Artist] = [s.line for s in self.series]
        series += [s.area for s in self.series if s.area is not None]
        return sorted([*self.grid.live_artists(), *series], key=lambda a: a.get_zorder())

    def redraw_for(self, bu_id: int | None, dimension_id: str | None) -> Redraw:
        return Redraw(self.live_artists())

    # Layout -----------------------------------------------------------------------------

    def layout(self) -> None:
        """Place the circle, labels and legend for the figure's current size."""
        self.frame.place()
        width, height = self.frame.size()
        legend_width = 0.0 if self.single else min(self._legend_width_now(), width * 0.45)
        legend_height = 0.5 * self.text_scale * self.legend_rows if self.single else 0.0
        header = self.frame.header_height()
        margin_x, margin_y = self.grid.label_margins()
        top = height - header - legend_height
        bottom = self.frame.footer_height()
        plot_width = width - legend_width - 2 * SIDE_MARGIN
        side = max(min(plot_width - 2 * margin_x, top - bottom - 2 * margin_y), 1.0)
        centre_x = SIDE_MARGIN + plot_width / 2
        centre_y = bottom + (top - bottom) / 2
        self.axes.set_position(self.frame.rect(centre_x - side / 2, centre_y - side / 2, side, side))
        if self.single:
            anchor = (SIDE_MARGIN - 0.1, height - header + 0.05)
        else:
            anchor = (width - legend_width - SIDE_MARGIN / 2, height - header - 0.1)
        self.legend.set_bbox_to_anchor((anchor[0] / width, anchor[1] / height), transform=self.figure.transFigure)

    def _legend_width_now(self) -> float:
        names = [t.get_text() for t in self.legend.get_texts()]
        widest = max((len(n) for n in names), default=10)
        column = widest * self.legend_size * 0.6 / 72 + 1.1
        return column * self._legend_columns() + 0.2


def radar_figure(workshop: Workshop, bu_ids: Sequence[int], round_id: int | None = None, *,
                 compare_round_id: int | None = None) -> Figure:
    """One business unit's current against target, or several units overlaid.

    ``compare_round_id`` adds an earlier round (dotted) to compare with, e.g. the baseline
    six months on.
    """
    chart = RadarChart(workshop, bu_ids, round_id, compare_round_id=compare_round_id)
    chart.layout()
    return chart.figure


__all__ = ["RadarChart", "RadarSeries", "radar_figure"]
