"""Steps the client reports done are not planned again for that unit; the other units keep them."""

from __future__ import annotations

from finops_desktop.domain.planner import plan_roadmap
from finops_desktop.domain.progress import DONE, IN_PROGRESS, StepProgress, done_steps, due_date
from tests.helpers.workshops import build_workshop

UNITS = [("Retail", 1000.0, {"tagging_coverage": ("crawl", "walk")}),
         ("Payments", 500.0, {"tagging_coverage": ("crawl", "walk")})]


def test_a_done_step_leaves_the_plan_for_that_unit_only() -> None:
    workshop = build_workshop(UNITS)
    before = plan_roadmap(workshop)
    step = before.items[0]
    assert set(step.business_units) == {"Retail", "Payments"}
    progress = [StepProgress(step.step_id, 1, DONE), StepProgress(before.items[1].step_id, 1, IN_PROGRESS)]
    after = plan_roadmap(workshop, done=done_steps(progress))
    same = next(i for i in after.items if i.step_id == step.step_id)
    assert same.business_units == ("Payments",)
    assert any(i.step_id == before.items[1].step_id and "Retail" in i.business_units for i in after.items)
    assert plan_roadmap(workshop, done=()) == before  # nothing done: the same roadmap


def test_due_dates_follow_the_wave_from_the_rounds_date() -> None:
    assert due_date("wave1", "2026-11-30") == "2027-02-28"  # the end of a shorter month
    assert due_date("wave2", "2026-11-27") == "2027-05-27"
    assert due_date("wave3", "2026-11-27") == "2027-11-27"
    assert due_date("wave1", "") == "" and due_date("unknown", "2026-11-27") == ""
