"""The radar's fixed scale: one spoke per dimension, one labelled ring per stage.

The scale never moves: a stage's score is its radius, so Crawl, Walk and Run sit on the
same rings in every chart and every round. A missing value (not assessed, not
applicable) is ``nan`` and leaves a gap; it is never drawn at the centre or on a ring.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from matplotlib.artist import Artist
from matplotlib.collections import PolyCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.projections.polar import PolarAxes
from matplotlib.text import Text

from ..domain.model import Dimension, MaturityModel
from .style import FAINT, FONT_FAMILY, GRID, INK, MUTED, ZONE, literal, shorten, wrap

#: Beyond the highest ring, room for markers drawn on it (in stage units).
OUTER_PAD = 0.3
#: With many spokes, a label (name and detail) is cut to this many characters.
DENSE_LABEL_LIMIT = 24
#: Circles are drawn as polygons of this many sides.
_CIRCLE_STEPS = 240


class RadarGrid:
    """A polar axes prepared for a maturity model; series are added by the chart using it."""

    def __init__(self, figure: Figure, model: MaturityModel, *, text_scale: float = 1.0) -> None:
        self.model = model
        self.count = len(model.dimensions)
        self.top = max(s.score for s in model.stages)
        self.theta = np.linspace(0.0, 2 * math.pi, self.count, endpoint=False)
        #: How much room each label has: "roomy" (up to 8 dimensions), "compact" (up to 14), "dense".
        self.density = "roomy" if self.count <= 8 else "compact" if self.count <= 14 else "dense"
        self.font_size = {"roomy": 13.0, "compact": 11.0, "dense": 9.5}[self.density] * text_scale
        self.text_scale = text_scale
        self.wrap_width = {"roomy": 16, "compact": 14, "dense": 12}[self.density]

        ax = figure.add_axes((0.1, 0.1, 0.8, 0.8), projection="polar")
        assert isinstance(ax, PolarAxes)
        self.axes = ax
        ax.set_theta_offset(math.pi / 2)
        ax.set_theta_direction(-1)
        ax.set_ylim(0, self.top + OUTER_PAD)
        ax.set_xticks([])
        ax.set_yticks([])
        ax.grid(False)
        ax.spines["polar"].set_visible(False)
        ax.patch.set_visible(False)
        ax.set_autoscale_on(False)
        ax.set_navigate(False)

        self._draw_zones()
        self.spokes: list[Line2D] = [
            ax.plot([angle, angle], [0, self.top], color=GRID, linewidth=1.0, zorder=1)[0] for angle in self.theta
        ]
        self.ring_labels: list[Text] = self._draw_rings()
        self.labels: list[Text] = []
        self.details: list[Text] = []
        for index in range(self.count):
            label, detail = self._dimension_label(index)
            self.labels.append(label)
            self.details.append(detail)

    # Scale ------------------------------------------------------------------------------

    def _draw_zones(self) -> None:
        """Alternate shading between rings, so a value reads as a stage from a distance."""
        circle = np.linspace(0, 2 * math.pi, _CIRCLE_STEPS)
        for score in range(1, self.top + 1):
            if score % 2 == 0:
                inner, outer = score - 1, score
                xs = np.concatenate([circle, circle[::-1]])
                ys = np.concatenate([np.full_like(circle, outer), np.full_like(circle, inner)])
                self.axes.fill(xs, ys, color=ZONE, linewidth=0, zorder=0)

    def _draw_rings(self) -> list[Text]:
        circle = np.linspace(0, 2 * math.pi, _CIRCLE_STEPS)
        # The ring labels sit between the first two spokes, where a label is least in the way.
        angle = math.pi / self.count
        labels = []
        for stage in sorted(self.model.stages, key=lambda s: s.score):
            self.axes.plot(circle, np.full_like(circle, stage.score), color=GRID, linewidth=1.1, zorder=1)
            labels.append(self.axes.text(
                angle, stage.score, literal(stage.name), ha="center", va="center",
                fontsize=max(self.font_size - 3 * self.text_scale, 8.5 * self.text_scale),
                color=MUTED, family=FONT_FAMILY, zorder=6, fontstyle="italic",
                bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none", "alpha": 0.85},
            ))
        return labels

    def _dimension_label(self, index: int) -> tuple[Text, Text]:
        """The dimension's name and, in a quieter colour, a line of detail next to the circle."""
        angle = float(self.theta[index])
        x, y = math.sin(angle), math.cos(angle)  # clockwise from the top
        anchor = {"xy": (angle, self.top + OUTER_PAD), "xytext": (10 * x, 10 * y), "textcoords": "offset points",
                  "annotation_clip": False, "fontsize": self.font_size, "family": FONT_FAMILY}
        if self.density == "dense":
            # Many spokes: names run outwards along their spoke, one line each, so none can touch.
            direction = 90.0 - math.degrees(angle)
            right_side = -90.0 < ((direction + 180.0) % 360.0) - 180.0 <= 90.0
            name = self.axes.annotate("", **anchor, ha="left" if right_side else "right", va="center",  # type: ignore[arg-type]
                                      rotation=direction if right_side else direction + 180.0,
                                      rotation_mode="anchor", color=INK)
            detail = self.axes.annotate("", xy=(0, 0), xycoords=name, visible=False)
            name.set_fontweight("bold")
            return name, detail
        ha = "left" if x > 0.15 else "right" if x < -0.15 else "center"
        va = "bottom" if y > 0.35 else "top" if y < -0.35 else "center"
        fraction_x = {"left": 0.0, "center": 0.5, "right": 1.0}[ha]
        style = {"ha": ha, "linespacing": 1.15, "multialignment": ha, "fontsize": self.font_size,
                 "family": FONT_FAMILY, "annotation_clip": False}
        if va == "bottom":
            # Above the circle the detail comes first, so the name sits on top of it.
            detail = self.axes.annotate("", **anchor, ha=ha, va="bottom", color=MUTED,  # type: ignore[arg-type]
                                        linespacing=1.15, multialignment=ha)
            name = self.axes.annotate("", xy=(fraction_x, 1.0), xycoords=detail, va="bottom", color=INK,
                                      **style)  # type: ignore[arg-type]
        else:
            name = self.axes.annotate("", **anchor, ha=ha, va=va, color=INK,  # type: ignore[arg-type]
                                      linespacing=1.15, multialignment=ha)
            detail = self.axes.annotate("", xy=(fraction_x, 0.0), xycoords=name, va="top", color=MUTED,
                                        **style)  # type: ignore[arg-type]
        name.set_fontweight("bold")
        return name, detail

    def dimension_name(self, dimension: Dimension) -> str:
        """The dimension's name as the chart shows it: the full name when there is room."""
        if self.density == "dense":
            return shorten(dimension.label, DENSE_LABEL_LIMIT)
        name = dimension.name if self.density == "roomy" else dimension.label
        return wrap(name, self.wrap_width, max_lines=3 if self.density == "roomy" else 2)

    def set_label(self, index: int, detail: str = "", *, missing: bool = False) -> None:
        """Show a dimension's name with optional detail (a value, or why it is missing)."""
        name = self.dimension_name(self.model.dimensions[index])
        label = self.labels[index]
        if self.density == "dense":
            dimension = self.model.dimensions[index]
            label.set_text(f"{shorten(dimension.label, max(DENSE_LABEL_LIMIT - len(detail) - 1, 8))} {detail}"
                           if detail else name)
            label.set_fontstyle("italic" if missing else "normal")
        else:
            label.set_text(name)
            self.details[index].set_text(detail)
            self.details[index].set_fontstyle("italic" if missing else "normal")
        label.set_color(MUTED if missing else INK)
        self.spokes[index].set_linestyle((0, (2, 3)) if missing else "-")
        self.spokes[index].set_color(FAINT if missing else GRID)

    def live_artists(self) -> list[Artist]:
        """The parts of the scale that change with the ratings, and what must stay on top of them."""
        return [*self.spokes, *self.labels, *self.details, *self.ring_labels]

    # Series -----------------------------------------------------------------------------

    def closed(self, values: Sequence[float]) -> tuple[np.ndarray, np.ndarray]:
        """Angles and radii of a closed polygon through ``values`` (``nan`` leaves a gap)."""
        radii = np.asarray(values, dtype=float)
        return np.append(self.theta, 2 * math.pi), np.append(radii, radii[:1])

    def area_polygons(self, values: Sequence[float]) -> list[np.ndarray]:
        """The filled area under a series, through the spokes that have a value.

        A missing value (not assessed, not applicable) is skipped: the area runs straight from
        the spoke before it to the spoke after it, so a gap in the line never reads as a dip
        to the centre (as a score of zero). With fewer than three values there is no area to
        speak of, and a wedge through the centre is drawn for each neighbouring pair.
        """
        radii = np.asarray(values, dtype=float)
        finite = np.flatnonzero(np.isfinite(radii))
        if len(finite) == len(radii) or len(finite) >= 3:
            return [np.column_stack([self.theta[finite], radii[finite]])]
        polygons = []
        for run in finite_runs(radii):
            if len(run) >= 2:
                # A run that wraps past the first spoke continues beyond 2π.
                angles = np.unwrap(self.theta[run])
                points = np.column_stack([angles, radii[run]])
                polygons.append(np.vstack([[angles[0], 0.0], points, [angles[-1], 0.0]]))
        return polygons

    def band_polygons(self, low: Sequence[float], high: Sequence[float]) -> list[np.ndarray]:
        """The area between two series, in pieces between the gaps (a ring when nothing is missing)."""
        lows = np.asarray(low, dtype=float)
        highs = np.asarray(high, dtype=float)
        finite = np.isfinite(lows) & np.isfinite(highs)
        if finite.all():
            # Outer outline, then the inner one the other way round: the fill leaves the hole.
            outer = np.column_stack([np.append(self.theta, 2 * math.pi), np.append(highs, highs[0])])
            inner = np.column_stack([np.append(self.theta, 2 * math.pi), np.append(lows, lows[0])])[::-1]
            return [np.vstack([outer, inner])]
        polygons = []
        for run in finite_runs(np.where(finite, highs, np.nan)):
            angles = np.unwrap(self.theta[run])
            polygons.append(np.vstack([np.column_stack([angles, highs[run]]),
                                       np.column_stack([angles[::-1], lows[run][::-1]])]))
        return polygons

    def area(self, colour: str, alpha: float, zorder: float = 2) -> PolyCollection:
        collection = PolyCollection([], facecolors=colour, edgecolors="none", alpha=alpha, zorder=zorder,
                                    closed=True)
        self.axes.add_collection(collection, autolim=False)
        return collection

    # Layout -----------------------------------------------------------------------------

    def label_margins(self) -> tuple[float, float]:
        """Room the dimension labels need beside and above/below the circle (inches)."""
        char_width = self.font_size * 0.6 / 72
        line_height = self.font_size * 1.2 / 72
        if self.density == "dense":
            longest = max((len(label.get_text()) for label in self.labels), default=12)
            return longest * char_width + 0.25, longest * char_width + 0.2
        texts = [f"{label.get_text()}\n{detail.get_text()}".strip("\n")
                 for label, detail in zip(self.labels, self.details, strict=True)]
        widest = max((len(line) for text in texts for line in text.split("\n")), default=self.wrap_width)
        lines = max((len(text.split("\n")) for text in texts), default=2)
        horizontal = max(widest, 8) * char_width + 0.3
        vertical = max(lines, 2) * line_height + 0.25
        return horizontal, vertical


def finite_runs(values: np.ndarray) -> list[np.ndarray]:
    """Indices of the stretches of finite values, in circular order (a stretch may wrap around)."""
    finite = np.isfinite(values)
    count = len(values)
    if finite.all():
        return [np.arange(count)]
    if not finite.any():
        return []
    start = int(np.argmin(finite))  # a missing value: stretches begin after it
    runs: list[list[int]] = []
    current: list[int] = []
    for step in range(1, count + 1):
        index = (start + step) % count
        if finite[index]:
            current.append(index)
        elif current:
            runs.append(current)
            current = []
    if current:
        runs.append(current)
    return [np.asarray(run) for run in runs]
