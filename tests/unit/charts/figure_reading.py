"""Reading what a chart plotted back out of its figure."""

from __future__ import annotations

import math

import numpy as np
from matplotlib.artist import Artist
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from finops_desktop.domain.model import MaturityModel
from finops_desktop.domain.workshop import Workshop


def find(figure: Figure, gid: str) -> Artist:
    """The one artist of the figure with this id."""
    found = figure.findobj(lambda artist: artist.get_gid() == gid)
    assert len(found) == 1, f"expected one artist '{gid}', found {len(found)}"
    return found[0]


def radii(figure: Figure, gid: str) -> np.ndarray:
    """The radius at each spoke of a radar line (``nan`` where the line has a gap)."""
    line = find(figure, gid)
    assert isinstance(line, Line2D)
    theta, r = (np.asarray(values, dtype=float) for values in line.get_data())
    count = len(theta) - 1
    # A closed polygon: one point per spoke, clockwise from the top, then the first again.
    np.testing.assert_allclose(theta, np.linspace(0, 2 * math.pi, count + 1))
    np.testing.assert_array_equal(r[-1], r[0])
    return r[:-1]


def expected_scores(workshop: Workshop, bu_id: int, value: str = "current", round_id: int | None = None) -> list[float]:
    model: MaturityModel = workshop.model
    scores = []
    for dimension in model.dimensions:
        score = model.score(getattr(workshop.rating(bu_id, dimension.id, round_id), value))
        scores.append(math.nan if score is None else float(score))
    return scores
