"""Business units × dimensions: every rating of a round on one page.

Each cell is coloured by the current stage and names it, with the target when it is
higher; a cell not assessed or not applicable says so and has no stage colour. Shown as
``spread``, each cell counts the room's votes per stage instead and is coloured by how far
they agree: agreed, spread, or in disagreement (the domain's definition).

Many business units are split into pages ("units 11–20 of 40") of a size that fits a 16:9
slide with every text at its print size: one picture per page, never one tall picture in
which a row is too thin to read. The pages of one heatmap look alike: each is the size of a
full page, with the same cells in the same place (the longest name on any page sets the
margin), so a shorter last page leaves room below its last row instead of stretching it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any, cast

import numpy as np
from matplotlib.artist import Artist
from matplotlib.collections import PolyCollection
from matplotlib.colors import BoundaryNorm, ListedColormap
from matplotlib.figure import Figure
from matplotlib.legend import Legend
from matplotlib.patches import Patch
from matplotlib.text import Text
from matplotlib.transforms import Bbox

from ..domain.edit_rules import suggested_target
from ..domain.model import NOT_APPLICABLE, MaturityModel
from ..domain.workshop import Workshop
from .frame import (
    FOOTER_HEIGHT,
    HEADER_HEIGHT,
    ROUND_NAME_LIMIT,
    SIDE_MARGIN,
    ChartFrame,
    Redraw,
    round_of,
    workshop_subtitle,
)
from .screen_scheme import mark_on_fill
from .style import (
    FAINT,
    FONT_FAMILY,
    INK,
    LEGEND_SIZE,
    MUTED,
    NOT_APPLICABLE_TEXT,
    NOT_ASSESSED_TEXT,
    literal,
    shorten,
    stage_colours,
    text_colour_on,
    wrap,
)

NOT_APPLICABLE_FILL = "#E4E7EB"
STAGE, SPREAD = "stage", "spread"
#: Agreed (everyone on one stage), spread (a majority, within one stage), in disagreement.
SPREAD_COLOURS = ("#CFE8CF", "#FFE699", "#F4A582")
SPREAD_LABELS = ("Agreed", "Votes spread", "The room disagrees")
NOT_ASSESSED_FILL = "#FFFFFF"
CELL_EDGE = "white"
#: Business-unit names are cut to this many characters.
NAME_LIMIT = 30
_LEGEND_HEIGHT = 0.55
#: Business units on one page: with the titles, legend and note, a page fits a 16:9 slide
#: (13.33 × 7.5 in) at 97 % of its print size; compared with a round, cells hold a third line.
PAGE_ROWS = 10
COMPARE_PAGE_ROWS = 7
#: A page's width is at least 16/9 of its height, so it fills a slide across.
SLIDE_RATIO = 16 / 9
_LABEL_ON_HATCHING = {"boxstyle": "round,pad=0.25", "facecolor": NOT_APPLICABLE_FILL, "edgecolor": "none"}


class HeatmapChart:
    """A grid of the round's ratings: one row per business unit, one column per dimension."""

    def __init__(self, workshop: Workshop, round_id: int | None = None, *, figure: Figure | None = None,
                 show: str = STAGE, compare_round_id: int | None = None, page: int = 0,
                 text_scale: float = 1.0) -> None:
        """``page`` (from 0) of :func:`heatmap_pages`; ``text_scale`` enlarges every text (a window's
        larger text size), the cells growing with it."""
        round_of(workshop, round_id)
        if show not in (STAGE, SPREAD):
            raise ValueError(f"a heatmap shows '{STAGE}' or '{SPREAD}', not '{show}'")
        self.show = show
        if compare_round_id is not None:
            round_of(workshop, compare_round_id)
        self.round_id = round_id
        #: An earlier round: a cell whose current stage moved since then says from where.
        self.compare_round_id = compare_round_id
        model = workshop.model
        self.text_scale = text_scale
        compare = compare_round_id is not None and show == STAGE
        pages = heatmap_pages(workshop, compare=compare)
        if not 0 <= page < len(pages):
            raise ValueError(f"the heatmap has {len(pages)} page{'s' if len(pages) != 1 else ''}, not page {page + 1}")
        self.page, self.page_count = page, len(pages)
        self.bu_ids = pages[page]
        #: The rows of the fullest page: every page is drawn with room for that many.
        self.page_rows = max(max(len(ids) for ids in pages), 1)
        self._other_pages = {bu_id for index, ids in enumerate(pages) if index != page for bu_id in ids}
        #: "units 11–20 of 40" when the units take more than one page, else "".
        self.page_text = page_text(pages, page)
        self.dimension_ids = [d.id for d in model.dimensions]
        rows, cols = max(len(self.bu_ids), 1), len(self.dimension_ids)
        self.font_size = (11.5 if cols <= 8 else 10.0 if cols <= 14 else 8.5) * text_scale
        # Cells widen half as fast as the text: its longest line ("▲ was Crawl") still fits.
        self.cell_width = ((1.45 if cols <= 6 else 1.2 if cols <= 10 else 0.95 if cols <= 16 else 0.8)
                           * (1 + text_scale) / 2)
        lines = 3 if compare else 2  # "Walk", "→ Run" and, compared with a round, "▲ was Crawl"
        self.cell_height = 0.1 * text_scale + lines * self.font_size * 1.2 / 72

        names = [shorten(workshop.business_unit(bu_id).name, NAME_LIMIT) for bu_id in self.bu_ids]
        # The longest name of every page, so that all pages put their grid at the same left edge.
        longest = max((len(shorten(bu.name, NAME_LIMIT)) for bu in workshop.business_units), default=12)
        self.name_width = longest * self.font_size * 0.6 / 72 + 0.25
        header_chars = max(int(self.cell_width * 72 / (self.font_size * 0.62)), 6)
        headers = [wrap(d.label if cols > 6 else d.name, header_chars, max_lines=3) for d in model.dimensions]
        self.header_height = max(h.count("\n") + 1 for h in headers) * self.font_size * 1.25 / 72 + 0.2

        #: The size the chart is drawn for, in inches; a window shows it scaled to fit.
        self.design_size = self._design_size(self.page_rows, cols)
        self.figure = figure if figure is not None else Figure(figsize=self.design_size)
        self.frame = ChartFrame(self.figure, text_scale=text_scale)
        ax = self.figure.add_axes((0.2, 0.1, 0.7, 0.7))
        self.axes = ax
        ax.set_facecolor(NOT_ASSESSED_FILL)
        ax.set_navigate(False)
        for spine in ax.spines.values():
            spine.set_visible(False)

        stages = sorted(model.stages, key=lambda s: s.score)
        self.colours = stage_colours(len(stages))
        if show == SPREAD:
            cmap = ListedColormap(SPREAD_COLOURS)
            norm = BoundaryNorm([-0.5, 0.5, 1.5, 2.5], len(SPREAD_COLOURS))
        else:
            cmap = ListedColormap(self.colours)
            norm = BoundaryNorm([s.score - 0.5 for s in stages] + [stages[-1].score + 0.5], len(stages))
        xs, ys = np.arange(cols + 1), np.arange(rows + 1)
        empty = np.ma.masked_all((rows, cols))
        self.mesh = ax.pcolormesh(xs, ys, empty, cmap=cmap, norm=norm, edgecolors=CELL_EDGE, linewidth=2.5)
        self.mesh.set_gid("stages")
        # Hatched cells: a mesh draws no hatching, so these are polygons, one per cell.
        self.not_applicable = PolyCollection([], facecolors=NOT_APPLICABLE_FILL, edgecolors=FAINT, linewidths=0,
                                             hatch="///", zorder=1.5)
        self.not_applicable.set_gid("not_applicable")
        ax.add_collection(self.not_applicable, autolim=False)
        # Not-assessed cells keep a faint outline so the grid stays readable.
        self.outline = ax.pcolormesh(xs, ys, np.zeros((rows, cols)), facecolors="none", edgecolors="#E4E7EB",
                                     linewidth=0.8, zorder=0.5)
        ax.set_xlim(0, cols)
        ax.set_ylim(rows, 0)
        ax.xaxis.tick_top()
        ax.set_xticks(np.arange(cols) + 0.5, headers, fontsize=self.font_size, color=INK, family=FONT_FAMILY,
                      fontweight="bold", linespacing=1.15)
        ax.set_yticks(np.arange(rows) + 0.5, names or [""], fontsize=self.font_size + 0.5, color=INK,
                      family=FONT_FAMILY)
        ax.tick_params(length=0, pad=8)

        self.cells: list[list[Text]] = [
            [ax.text(c + 0.5, r + 0.5, "", ha="center", va="center", fontsize=self.font_size, family=FONT_FAMILY,
                     linespacing=1.2, gid=f"cell:{self.bu_ids[r]}:{self.dimension_ids[c]}" if self.bu_ids else None)
             for c in range(cols)]
            for r in range(rows)
        ]
        if not self.bu_ids:
            ax.text(cols / 2, 0.5, "No business units yet", ha="center", va="center", fontsize=self.font_size,
                    color=MUTED, family=FONT_FAMILY, fontstyle="italic")

        if show == SPREAD:
            handles = [Patch(facecolor=c, edgecolor=FAINT, linewidth=0.5) for c in SPREAD_COLOURS]
            handles.append(Patch(facecolor=NOT_ASSESSED_FILL, edgecolor=FAINT, linewidth=0.5))
            labels = [*SPREAD_LABELS, "No votes"]
        else:
            handles = [Patch(facecolor=c, edgecolor=FAINT, linewidth=0.5) for c in self.colours]
            handles += [Patch(facecolor=NOT_APPLICABLE_FILL, hatch="///", edgecolor=FAINT, linewidth=0.5),
                        Patch(facecolor=NOT_ASSESSED_FILL, edgecolor=FAINT, linewidth=0.5)]
            labels = [literal(s.name) for s in stages] + [NOT_APPLICABLE_TEXT.capitalize(),
                                                          NOT_ASSESSED_TEXT.capitalize()]
        self.legend: Legend = self.figure.legend(handles, labels, loc="upper left", ncols=len(labels), frameon=False,
                                                 handlelength=1.6, handleheight=1.1, columnspacing=1.6,
                                                 prop={"family": FONT_FAMILY, "size": LEGEND_SIZE * text_scale})
        for text in self.legend.get_texts():
            text.set_color(INK)
        self.update(workshop)

    def _design_size(self, rows: int, cols: int) -> tuple[float, float]:
        scale = self.text_scale
        width = 2 * SIDE_MARGIN + self.name_width + cols * self.cell_width + 0.3
        height = ((HEADER_HEIGHT + _LEGEND_HEIGHT + FOOTER_HEIGHT) * scale + self.header_height
                  + rows * self.cell_height + 0.2)
        if self.page_count > 1 and scale <= 1.0:
            # At print size a page fills a slide across; with a window's larger text it is only as
            # wide as its cells, or fitting it into the window would shrink that text again.
            width = max(width, height * SLIDE_RATIO)
        return max(width, 9.0), max(height, 4.5)

    def update(self, workshop: Workshop) -> None:
        """Refill the cells from the workshop's ratings; the grid itself stays."""
        model = workshop.model
        round_id = round_of(workshop, self.round_id).id
        before_id = None if self.compare_round_id is None else round_of(workshop, self.compare_round_id).id
        moved = 0
        rows, cols = len(self.cells), len(self.dimension_ids)
        scores = np.full((rows, cols), math.nan)
        not_applicable = np.zeros((rows, cols), dtype=bool)
        if self.show == SPREAD:
            self._update_spread(workshop, round_id, scores)
        for r, bu_id in enumerate(self.bu_ids if self.show == STAGE else ()):
            for c, dimension_id in enumerate(self.dimension_ids):
                rating = workshop.rating(bu_id, dimension_id, round_id)
                score = model.score(rating.current)
                cell = self.cells[r][c]
                not_applicable[r, c] = rating.current == NOT_APPLICABLE
                if score is not None:
                    scores[r, c] = score
                    text = _cell_text(model, rating.current, rating.target,
                                      suggested_target(model, rating, workshop.settings.suggest_targets))
                    was = None if before_id is None else workshop.rating(bu_id, dimension_id, before_id).current
                    was_score = model.score(was)
                    if was_score is not None and was_score != score:
                        text += f"\n{'▲' if score > was_score else '▼'} was {model.stage(was).name}"  # type: ignore[arg-type]
                        moved += 1
                    cell.set_text(text)
                    cell.set_color(text_colour_on(self.colours[score - 1]))
                    mark_on_fill(cell)  # chosen to read on the stage colour, whatever the screen's scheme
                else:
                    mark_on_fill(cell, False)
                    cell.set_text("n/a" if not_applicable[r, c] else NOT_ASSESSED_TEXT.replace(" ", "\n"))
                    cell.set_color(MUTED)
                cell.set_fontstyle("normal" if score is not None else "italic")
                # On the hatching, the label sits on a small plain patch so it stays legible.
                _set_patch(cell, _LABEL_ON_HATCHING if not_applicable[r, c] else None)
        self.mesh.set_array(np.ma.masked_invalid(scores))
        self.not_applicable.set_verts([_cell_square(int(r), int(c)) for r, c in np.argwhere(not_applicable)])
        names = []
        for bu_id in self.bu_ids:
            try:
                names.append(shorten(workshop.business_unit(bu_id).name, NAME_LIMIT))
            except KeyError:
                names.append("(removed)")
        if names:
            self.axes.set_yticklabels(names)
        if self.show == SPREAD:
            initials = ", ".join(f"{s.name[0]} {s.name}" for s in sorted(model.stages, key=lambda s: s.score))
            self.frame.set_texts("The room's votes by business unit and dimension",
                                 workshop_subtitle(workshop, round_id, self.page_text),
                                 f"Cell: votes per stage ({initials}). The room disagrees when votes are two "
                                 "stages apart or no stage has a majority.")
            return
        note = "Cell: current stage; an arrow shows the target where it is higher"
        note += ("; ⇢ with a question mark, the suggested next stage where nobody set a target."
                 if workshop.settings.suggest_targets else ".")
        if before_id is not None:
            note += (f" ▲/▼: moved since {shorten(round_of(workshop, before_id).name, ROUND_NAME_LIMIT)} "
                     f"({moved} cell{'s' if moved != 1 else ''}).")
        self.frame.set_texts("Maturity by business unit and dimension",
                             workshop_subtitle(workshop, round_id, self.page_text), note)

    def _update_spread(self, workshop: Workshop, round_id: int, scores: np.ndarray) -> None:
        """Each cell: its votes per stage, coloured agreed (0), spread (1) or in disagreement (2)."""
        model = workshop.model
        initials = {s.id: s.name[:1] for s in model.stages}
        for r, bu_id in enumerate(self.bu_ids):
            for c, dimension_id in enumerate(self.dimension_ids):
                cell = self.cells[r][c]
                spread = workshop.votes.spread(model, round_id, bu_id, dimension_id)
                _set_patch(cell, None)
                if not spread.total:
                    cell.set_text("no votes")
                    cell.set_color(MUTED)
                    cell.set_fontstyle("italic")
                    continue
                level = 2 if spread.in_disagreement else 0 if spread.width == 0 else 1
                scores[r, c] = level
                cell.set_text(" · ".join(f"{initials[stage]} {count}" for stage, count in spread.counts))
                cell.set_color(text_colour_on(SPREAD_COLOURS[level]))
                cell.set_fontstyle("normal")

    def live_artists(self) -> list[Artist]:
        return []  # a rating changes one cell: redrawn on its own, see redraw_for

    def redraw_for(self, bu_id: int | None, dimension_id: str | None) -> Redraw:
        """Only the cell that changed: its background, colour, hatching and label; nothing for another page's."""
        if bu_id in self._other_pages and dimension_id in self.dimension_ids:
            return Redraw([], Bbox([[0, 0], [0, 0]]))  # a cell on another page: nothing on this one changes
        if bu_id not in self.bu_ids or dimension_id not in self.dimension_ids:
            return Redraw([])  # not a cell of this chart: the window draws it all again
        row, col = self.bu_ids.index(bu_id), self.dimension_ids.index(dimension_id)
        corners = self.axes.transData.transform([(col, row), (col + 1, row + 1)])
        # Rows run downwards, so the corners come upside down; whole pixels, one to spare.
        (left, bottom), (right, top) = corners.min(axis=0), corners.max(axis=0)
        region = Bbox([[math.floor(left) - 1, math.floor(bottom) - 1], [math.ceil(right) + 1, math.ceil(top) + 1]])
        artists: list[Artist] = [self.axes.patch, self.outline, self.mesh, self.not_applicable, self.cells[row][col]]
        return Redraw(artists, region)

    def layout(self) -> None:
        self.frame.place()
        width, height = self.frame.size()
        header = self.frame.header_height()
        left = SIDE_MARGIN + self.name_width
        bottom = self.frame.footer_height() + 0.1
        top = height - header - _LEGEND_HEIGHT * self.text_scale - self.header_height
        grid_width = max(width - left - SIDE_MARGIN - 0.2, 1.0)
        # A page of fewer rows keeps the rows of a full page, from the top; the room below stays empty.
        grid_height = max(top - bottom, 0.5) * len(self.cells) / max(self.page_rows, len(self.cells))
        self.axes.set_position(self.frame.rect(left, top - grid_height, grid_width, grid_height))
        anchor = ((SIDE_MARGIN - 0.1) / width, (height - header + 0.05) / height)
        self.legend.set_bbox_to_anchor(anchor, transform=self.figure.transFigure)


def _set_patch(cell: Text, props: dict[str, str] | None) -> None:
    """Put ``cell``'s label on a patch drawn with ``props``, or on none (matplotlib takes None)."""
    cell.set_bbox(cast(Any, props))


def _cell_square(row: int, col: int, inset: float = 0.045) -> list[tuple[float, float]]:
    """The corners of a cell, inset so the white grid lines stay visible."""
    return [(col + inset, row + inset), (col + 1 - inset, row + inset), (col + 1 - inset, row + 1 - inset),
            (col + inset, row + 1 - inset)]


def _cell_text(model: MaturityModel, current: str | None, target: str | None, suggested: str | None = None) -> str:
    text = literal(model.stage(current).name) if current else ""
    current_score, target_score = model.score(current), model.score(target)
    if current_score is not None and target_score is not None and target_score > current_score:
        text += f"\n→ {literal(model.stage(target).name)}"  # type: ignore[arg-type]
    elif suggested is not None:
        text += f"\n⇢ {literal(model.stage(suggested).name)}?"
    return text


def heatmap_pages(workshop: Workshop, *, compare: bool = False) -> list[list[int]]:
    """The business units' ids page by page, in the workshop's order; always at least one page.

    Pages are as even as they can be (40 units: four of 10; 41: five of 8 or 9), so no page
    ends with a lonely row. ``compare``: cells say where they were, and fewer rows fit.
    """
    ids = [bu.id for bu in workshop.business_units]
    rows = COMPARE_PAGE_ROWS if compare else PAGE_ROWS
    count = max(math.ceil(len(ids) / rows), 1)
    size, extra = divmod(len(ids), count)
    pages, start = [], 0
    for index in range(count):
        end = start + size + (1 if index < extra else 0)
        pages.append(ids[start:end])
        start = end
    return pages


def page_text(pages: Sequence[Sequence[int]], page: int) -> str:
    """"units 11–20 of 40" for ``page`` (from 0); "" when everything is on one page."""
    if len(pages) <= 1:
        return ""
    first = sum(len(p) for p in pages[:page]) + 1
    total = sum(len(p) for p in pages)
    return f"units {first}–{first + len(pages[page]) - 1} of {total}"


def heatmap_figure(workshop: Workshop, round_id: int | None = None, *, show: str = STAGE,
                   compare_round_id: int | None = None, page: int = 0) -> Figure:
    """Business units × dimensions, each cell naming the current stage (and the target, and where it was),
    or the votes' spread: one page of :func:`heatmap_pages`."""
    chart = HeatmapChart(workshop, round_id, show=show, compare_round_id=compare_round_id, page=page)
    chart.layout()
    return chart.figure


def heatmap_figures(workshop: Workshop, round_id: int | None = None, *, show: str = STAGE,
                    compare_round_id: int | None = None) -> list[Figure]:
    """Every page of the heatmap, one figure each (one only, for a workshop that fits a page)."""
    pages = heatmap_pages(workshop, compare=compare_round_id is not None and show == STAGE)
    return [heatmap_figure(workshop, round_id, show=show, compare_round_id=compare_round_id, page=page)
            for page in range(len(pages))]


__all__ = ["SPREAD", "STAGE", "HeatmapChart", "heatmap_figure", "heatmap_figures", "heatmap_pages", "page_text"]
