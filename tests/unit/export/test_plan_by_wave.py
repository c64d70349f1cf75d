"""The Summary's plan by wave: a wave with no steps of its own says so, and the step count says
that the plan lists such waves too (the counts never disagree without a word)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from openpyxl import Workbook

from finops_desktop.demo_workshop import write_demo
from finops_desktop.domain.planner import plan_roadmap
from finops_desktop.export.content import ExportContent
from finops_desktop.export.sheet_summary import write_summary


def _summary_text(content: ExportContent) -> dict[str, str]:
    ws = Workbook().active
    assert ws is not None
    write_summary(ws, content, [], None)
    return {str(row[0].value): str(row[1].value) for row in ws.iter_rows(min_col=1, max_col=2) if row[0].value}


def test_a_wave_without_steps_says_so_and_the_step_count_says_why_there_are_more_waves(tmp_path: Path) -> None:
    with write_demo(tmp_path / "demo.finops") as file:
        workshop = file.workshop
    roadmap = plan_roadmap(workshop)
    waves = [money.wave for money in roadmap.money_by_wave]
    assert len(waves) == 3 and {item.wave for item in roadmap.items} == set(waves)
    full = _summary_text(ExportContent(workshop, roadmap, workshop.active_round.id))
    assert full["Steps"] == f"{len(roadmap.items)} in 3 waves"
    assert full[f"After {waves[1]}"].startswith(f"{sum(1 for i in roadmap.items if i.wave == waves[1])} steps; ")

    gapped = replace(roadmap, items=[item for item in roadmap.items if item.wave != waves[1]])
    text = _summary_text(ExportContent(workshop, gapped, workshop.active_round.id))
    assert text["Steps"].endswith("in 2 waves (the plan by wave below shows the waves without steps too)")
    middle = text[f"After {waves[1]}"]
    assert middle.startswith("no steps of its own, earlier savings go on; ")
    assert "days of effort" not in middle
