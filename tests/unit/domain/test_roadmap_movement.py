"""What moved between two rounds' roadmaps."""

from __future__ import annotations

from finops_desktop.domain.planner import plan_roadmap
from finops_desktop.domain.roadmap_movement import NEW, NO_LONGER_NEEDED, roadmap_movement
from finops_desktop.domain.workshop import AssessmentRound, Rating
from tests.helpers.workshops import build_workshop


def test_a_unit_that_moved_up_no_longer_needs_its_steps() -> None:
    workshop = build_workshop([("Retail", 1000.0, {"tagging_coverage": ("crawl", "walk"),
                                                   "cost_visibility": ("walk", "walk")}),
                               ("Payments", 500.0, {"tagging_coverage": ("walk", "walk")})])
    workshop.rounds.append(AssessmentRound(2, "Six months on"))
    for (_, bu_id, dimension_id), rating in list(workshop.ratings.items()):
        workshop.ratings[(2, bu_id, dimension_id)] = rating
    workshop.ratings[(2, 1, "tagging_coverage")] = Rating("walk", "walk")
    workshop.ratings[(2, 2, "tagging_coverage")] = Rating("crawl", "walk")  # slipped back
    before, after = plan_roadmap(workshop, round_id=1), plan_roadmap(workshop, round_id=2)
    movement = roadmap_movement(workshop, 1, 2, before, after)
    assert (movement.cells_up, movement.cells_down) == (1, 1)
    tagging = {i.step_id for i in before.items if i.dimension_id == "tagging_coverage"}
    assert tagging
    gone = {(c.step_id, c.business_unit) for c in movement.changes if c.change == NO_LONGER_NEEDED}
    new = {(c.step_id, c.business_unit) for c in movement.changes if c.change == NEW}
    assert {(s, "Retail") for s in tagging} <= gone
    assert {(s, "Payments") for s in tagging} <= new
    assert movement.summary("EUR").startswith("Since Baseline: 1 cell up, 1 down;")
