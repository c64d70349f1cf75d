"""The heatmap shown as the room's votes: counts per stage, coloured by how far the room agrees."""

from __future__ import annotations

import pytest

from finops_desktop.charts.heatmap import SPREAD, SPREAD_COLOURS, HeatmapChart
from finops_desktop.domain.votes import Vote
from tests.helpers.workshops import build_workshop


def test_each_cell_counts_the_votes_and_is_coloured_by_agreement() -> None:
    workshop = build_workshop([("Retail", 100.0, {"cost_visibility": ("walk", "run")}), ("Platform", 50.0, {})])
    votes = workshop.votes
    votes.with_votes((1, 1, "cost_visibility"), [Vote(1, "crawl"), Vote(2, "run"), Vote(3, "crawl")])
    votes.with_votes((1, 1, "tagging_coverage"), [Vote(1, "walk"), Vote(2, "walk")])
    votes.with_votes((1, 2, "tagging_coverage"), [Vote(1, "walk"), Vote(2, "walk"), Vote(3, "run")])
    chart = HeatmapChart(workshop, show=SPREAD)
    columns = chart.dimension_ids
    cell = {(r, d): chart.cells[r][columns.index(d)].get_text() for r in (0, 1) for d in columns}
    assert cell[(0, "cost_visibility")] == "C 2 · W 0 · R 1"
    assert cell[(0, "tagging_coverage")] == "C 0 · W 2 · R 0"
    assert cell[(1, "cost_visibility")] == "no votes"
    levels = chart.mesh.get_array()
    assert levels[0, columns.index("cost_visibility")] == 2  # two stages apart: disagreement
    assert levels[0, columns.index("tagging_coverage")] == 0  # agreed
    assert levels[1, columns.index("tagging_coverage")] == 1  # a majority, one stage apart
    assert levels.mask[1, columns.index("cost_visibility")]
    assert [t.get_text() for t in chart.legend.get_texts()][:3] == ["Agreed", "Votes spread", "The room disagrees"]
    assert len(SPREAD_COLOURS) == 3


def test_a_heatmap_shows_stages_or_spread_only() -> None:
    with pytest.raises(ValueError, match="shows 'stage' or 'spread'"):
        HeatmapChart(build_workshop([]), show="mood")
