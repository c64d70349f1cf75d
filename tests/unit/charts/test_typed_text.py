"""Names typed in the room are drawn as typed, whatever characters they hold."""

from __future__ import annotations

from pathlib import Path

import pytest

from finops_desktop import charts
from tests.helpers.workshops import build_workshop

ODD_NAMES = [r"$\x$ & co", "$5M budget $", "Price in $ and €", "{curly} ^caret_ %pct \\n"]


@pytest.mark.parametrize("name", ODD_NAMES)
def test_odd_names_draw_in_every_chart(tmp_path: Path, name: str) -> None:
    workshop = build_workshop([(name, 100.0, {"tagging_coverage": ("crawl", "walk")}),
                               ("Other", 50.0, {"tagging_coverage": ("run", None)})])
    workshop.info = type(workshop.info)(client=name)
    figures = [charts.radar_figure(workshop, [1]), charts.radar_figure(workshop, [1, 2]),
               charts.organisation_figure(workshop), charts.heatmap_figure(workshop)]
    for index, figure in enumerate(figures):
        out = tmp_path / f"chart{index}.png"
        charts.save_figure(figure, out)
        assert out.read_bytes().startswith(b"\x89PNG")
        drawn = [t.get_text() for t in figure.findobj(lambda a: hasattr(a, "get_text"))]
        # Every text that shows the name shows it literally (math notation escaped).
        assert any(name.replace("$", r"\$") in text for text in drawn) or index == 2
