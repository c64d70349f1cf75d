"""The parts every chart shares: a figure with a title, a subtitle and a note.

Charts lay themselves out in inches, from the figure's current size, so the same chart
reads the same in a window of any size and in an exported file.
"""

from __future__ import annotations

import textwrap
from typing import Protocol

from matplotlib.artist import Artist
from matplotlib.figure import Figure
from matplotlib.text import Text
from matplotlib.transforms import Bbox

from ..domain.record import record
from ..domain.workshop import AssessmentRound, Workshop
from .style import BACKGROUND, FONT_FAMILY, INK, MUTED, NOTE_SIZE, SUBTITLE_SIZE, TITLE_SIZE, shorten

#: Space at the top for the title and subtitle, and at the bottom for the note (inches).
HEADER_HEIGHT = 1.05
FOOTER_HEIGHT = 0.5
SIDE_MARGIN = 0.35
#: Names typed in the room are cut to this many characters, with an ellipsis.
CLIENT_NAME_LIMIT = 60
ROUND_NAME_LIMIT = 30


class ChartFrame:
    """Title, subtitle and note of a chart, placed in fixed inches from the figure's edges."""

    def __init__(self, figure: Figure, *, text_scale: float = 1.0) -> None:
        """``text_scale``: every text this many times its print size (a window's larger text)."""
        self.figure = figure
        self.text_scale = text_scale
        figure.set_facecolor(BACKGROUND)
        self.title: Text = figure.text(0, 1, "", ha="left", va="top", fontsize=TITLE_SIZE * text_scale,
                                       fontweight="bold", color=INK, family=FONT_FAMILY)
        self.subtitle: Text = figure.text(0, 1, "", ha="left", va="top", fontsize=SUBTITLE_SIZE * text_scale,
                                          color=MUTED, family=FONT_FAMILY)
        self.note: Text = figure.text(0, 0, "", ha="left", va="bottom", fontsize=NOTE_SIZE * text_scale,
                                      color=MUTED, family=FONT_FAMILY, linespacing=1.35)
        self._note = ""
        self.place()

    def set_texts(self, title: str, subtitle: str, note: str = "") -> None:
        """The chart's texts; a title or subtitle too long for the figure's width ends with an ellipsis."""
        self._full = (title, subtitle)
        self._note = note
        self._fit_width()

    def _fit_width(self) -> None:
        title, subtitle = getattr(self, "_full", ("", ""))
        width = self.size()[0] - 2 * SIDE_MARGIN
        self.title.set_text(fit_line(title, width, TITLE_SIZE * self.text_scale, bold=True))
        self.subtitle.set_text(fit_line(subtitle, width, SUBTITLE_SIZE * self.text_scale))
        self.note.set_text("\n".join(self._note_lines()))

    def place(self) -> None:
        self._fit_width()
        width, height = self.size()
        scale = self.text_scale
        self.title.set_position((SIDE_MARGIN / width, 1 - 0.3 * scale / height))
        self.subtitle.set_position((SIDE_MARGIN / width, 1 - 0.72 * scale / height))
        self.note.set_position((SIDE_MARGIN / width, 0.18 / height))

    def header_height(self) -> float:
        """Room for the title and subtitle at the top (inches)."""
        return HEADER_HEIGHT * self.text_scale

    def footer_height(self) -> float:
        """Room for the note at the bottom, which wraps to the figure's width (inches)."""
        lines = len(self._note_lines())
        if not lines:
            return FOOTER_HEIGHT * self.text_scale
        return max(FOOTER_HEIGHT * self.text_scale, 0.3 + lines * NOTE_SIZE * self.text_scale * 1.4 / 72)

    def _note_lines(self) -> list[str]:
        """The note wrapped to the figure's width, by an estimate of its characters' widths.

        matplotlib's own wrapping measures the note word by word at every drawing, which took
        a tenth of the time a chart picture takes.
        """
        if not self._note:
            return []
        width, _ = self.size()
        chars_per_line = max(int((width - 2 * SIDE_MARGIN) * 72 / (NOTE_SIZE * self.text_scale * 0.6)), 20)
        return [line for part in self._note.split("\n")
                for line in (textwrap.wrap(part, chars_per_line, break_on_hyphens=False) or [""])]

    def size(self) -> tuple[float, float]:
        width, height = self.figure.get_size_inches()
        return max(float(width), 1.0), max(float(height), 1.0)

    def rect(self, left: float, bottom: float, width: float, height: float) -> tuple[float, float, float, float]:
        """A rectangle given in inches from the bottom-left corner, as figure fractions."""
        fig_w, fig_h = self.size()
        return left / fig_w, bottom / fig_h, max(width, 0.1) / fig_w, max(height, 0.1) / fig_h


def fit_line(text: str, width: float, size: float, *, bold: bool = False) -> str:
    """``text`` cut with an ellipsis to about ``width`` inches at ``size`` points (an estimate: no drawing)."""
    limit = max(int(width * 72 / (size * (0.64 if bold else 0.56))), 8)
    if len(text) <= limit:
        return text
    cut = text[:limit - 1].rstrip()
    if cut.endswith("\\") and not cut.endswith("\\\\"):
        cut = cut[:-1]  # never half of an escaped "$"
    return cut + "…"


def workshop_subtitle(workshop: Workshop, round_id: int | None, extra: str = "") -> str:
    """"Client · round · date", the line under every chart's title."""
    rnd = round_of(workshop, round_id)
    parts = [shorten(workshop.info.client, CLIENT_NAME_LIMIT), shorten(rnd.name, ROUND_NAME_LIMIT),
             shorten(workshop.round_date(rnd), 20)]
    if extra:
        parts.append(extra)
    return "  ·  ".join(p for p in parts if p)


def round_of(workshop: Workshop, round_id: int | None) -> AssessmentRound:
    """The round ``round_id``, or the latest one; a clear error for an unknown id."""
    if round_id is None:
        return workshop.active_round
    for rnd in workshop.rounds:
        if rnd.id == round_id:
            return rnd
    raise ValueError(f"no assessment round {round_id} in this workshop")


@record
class Redraw:
    """What to draw again after one rating changed, so a window need not redraw the whole figure.

    With no ``region``, the window puts back the figure as drawn without the chart's live
    artists and draws ``artists`` on top. With a ``region`` (display pixels), it draws
    ``artists`` clipped to that rectangle only; a region with no artists: nothing changed.
    """

    artists: list[Artist]
    region: Bbox | None = None


class Chart(Protocol):
    """What a window needs of any chart: its figure, and a way to follow the workshop."""

    figure: Figure
    design_size: tuple[float, float]

    def update(self, workshop: Workshop) -> None: ...

    def layout(self) -> None: ...

    def live_artists(self) -> list[Artist]:
        """Artists that move with the ratings; a window may keep the rest as a picture."""
        ...

    def redraw_for(self, bu_id: int | None, dimension_id: str | None) -> Redraw:
        """What changes on screen when this cell's rating changes (after :meth:`update`)."""
        ...
