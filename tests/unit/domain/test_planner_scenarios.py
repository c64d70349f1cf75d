"""Four client situations planned with the shipped model and playbook, the headline and first wave reasoned by hand.

Default figures: rate pool 5.5% / 2.75% / 0.5% of spend at Crawl / Walk / Run, usage 17% / 9% /
4%, anomalies 3% / 1.2% / 0.4%. Enablers capture (visibility 50/80/100%, tagging 40/80/100%,
ownership 30/80/100%), averaged over the rated ones: 40% at Crawl everywhere, 80% at Walk.
"""

from __future__ import annotations

from datetime import date

import pytest

from finops_desktop.domain.planner import WAVES, plan_roadmap
from finops_desktop.domain.roadmap import Roadmap, RoadmapItem

from .roadmap_samples import DIMENSIONS, make_workshop

TODAY = date(2026, 11, 27)
FIRST, SECOND, THIRD = (w.name for w in WAVES)


def rows(roadmap: Roadmap) -> dict[tuple[str, str], RoadmapItem]:
    return {(i.step_id, name): i for i in roadmap.items for name in i.business_units}


def gap_value(roadmap: Roadmap, unit: str, dimension_id: str) -> float:
    return sum(g.monthly_waste for g in roadmap.gaps if g.business_unit == unit and g.dimension_id == dimension_id)


def test_a_one_unit_start_up_at_crawl_with_twenty_days_a_quarter() -> None:
    """40,000 a month, Crawl everywhere, no targets set: every dimension is planned to Walk (suggested).

    Pools, at today's capture of 40%: usage 40,000 x (17% - 9%) x 40% = 1,280; rate 40,000 x
    2.75% x 40% = 440; anomalies 40,000 x 1.8% x 40% = 288. The enablers share what their rise
    in capture adds (12.55% of spend in pool drops, 40% to 80%): ownership the most, 837.
    Headline: automation, whose first steps need nothing and start at once. With 20 days a
    quarter the first wave holds the automation steps and the foundations they need first,
    the commitment steps (small money for this unit) come later: the plan agrees with its
    headline, and no step above Walk is planned.
    """
    workshop = make_workshop([("Start-up", 40_000.0, 120.0, {d: "crawl" for d in DIMENSIONS})], shares=None)
    roadmap = plan_roadmap(workshop, today=TODAY, capacity_days_per_quarter=20, day_rate=900)
    headline = roadmap.headline
    assert headline is not None and headline.dimension_id == "automation_level" and headline.actionable_now
    assert headline.monthly_waste == pytest.approx(1_280)
    assert gap_value(roadmap, "Start-up", "commitment_strategy") == pytest.approx(440)
    assert gap_value(roadmap, "Start-up", "finops_ownership") == pytest.approx(40_000 * 0.1255 * 0.5 / 3)
    assert all(g.suggested_target for g in roadmap.gaps)
    first_wave = [i for i in roadmap.items if i.wave == FIRST]
    assert first_wave[0].dimension_id == "automation_level"
    assert sum(i.effort_days_total for i in first_wave) <= 20
    assert {i.dimension_id for i in first_wave} >= {"automation_level"}
    assert all(i.to_stage == "walk" for i in roadmap.items)
    assert roadmap.payback_months is not None and roadmap.payback_months > 0


BANK = [
    ("Retail banking", 2_100_000.0, 15.0, {"cost_visibility": "walk/run", "tagging_coverage": "walk/run",
                                           "commitment_strategy": "walk/run", "anomaly_detection": "walk",
                                           "finops_ownership": "walk/walk", "automation_level": "crawl/walk"}),
    ("Cards", 650_000.0, 20.0, {"cost_visibility": "walk", "tagging_coverage": "crawl/walk",
                                "commitment_strategy": "crawl/walk", "anomaly_detection": "-",
                                "finops_ownership": "walk", "automation_level": "crawl"}),
    ("Markets", 900_000.0, 10.0, {d: "walk/run" for d in DIMENSIONS} | {"cost_visibility": "run/run"}),
    ("Wealth", 120_000.0, 5.0, {"cost_visibility": "crawl", "tagging_coverage": "crawl", "commitment_strategy": "na",
                                "anomaly_detection": "crawl", "finops_ownership": "-", "automation_level": "crawl"}),
    ("Insurance", 300_000.0, 35.0, {d: "crawl/walk" for d in DIMENSIONS} | {"commitment_strategy": "crawl/run"}),
    ("Treasury", 45_000.0, 0.0, {d: "walk/walk" for d in DIMENSIONS} | {"commitment_strategy": "na"}),
    ("Data lab", 80_000.0, 60.0, {"cost_visibility": "-", "tagging_coverage": "crawl/walk",
                                  "commitment_strategy": "-", "anomaly_detection": "-", "finops_ownership": "-",
                                  "automation_level": "crawl/walk"}),
    ("Group IT", 400_000.0, 8.0, {d: "walk/walk" for d in DIMENSIONS} | {"commitment_strategy": "crawl/walk",
                                                                        "anomaly_detection": "crawl/walk"}),
]


def test_a_bank_of_eight_uneven_units_with_unassessed_and_not_applicable_cells() -> None:
    """Retail banking dominates: 2,100,000 a month with its enablers at Walk (capture 80%).

    Its automation Crawl to Walk is worth 2,100,000 x 8% x 80% = 134,400 on its own, more than
    any other gap; its automation steps need nothing and start at once, so the headline is
    automation. Retail banking's commitments Walk to Run (2,100,000 x 2.25% x 80% = 37,800)
    start in the first wave too: its foundations are at Walk, and the less mature Wealth or
    Insurance do not hold it back. Not applicable and not assessed cells get no gap and no
    money; a prerequisite in Data lab's unassessed visibility is named, not planned.
    """
    roadmap = plan_roadmap(make_workshop(BANK, shares=None), today=TODAY)
    headline = roadmap.headline
    assert headline is not None and headline.dimension_id == "automation_level" and headline.actionable_now
    assert gap_value(roadmap, "Retail banking", "automation_level") == pytest.approx(134_400)
    assert gap_value(roadmap, "Retail banking", "commitment_strategy") == pytest.approx(37_800)
    placed = rows(roadmap)
    assert placed[("commit-usage-feed", "Retail banking")].wave == FIRST
    assert placed[("commit-usage-feed", "Insurance")].wave != FIRST
    assert roadmap.items[0].dimension_id == "automation_level" and roadmap.items[0].wave == FIRST
    gaps = {(g.business_unit, g.dimension_id) for g in roadmap.gaps}
    assert ("Wealth", "commitment_strategy") not in gaps and ("Data lab", "commitment_strategy") not in gaps
    assert ("Cards", "anomaly_detection") not in gaps
    idle = placed[("auto-idle-alerts", "Data lab")]
    assert any("Data lab" in p.reason for p in idle.unplanned_prerequisites)


def test_an_organisation_at_run_in_visibility_and_crawl_in_commitments() -> None:
    """Three units, visibility at Run, tagging and ownership at Walk: capture (100 + 80 + 80) / 3 = 86.7%.

    Commitments Crawl to Run are the only gap: 1,250,000 x (5.5% - 0.5%) x 86.7% = 54,167 a
    month. The headline is commitments and acts at once: the Crawl-to-Walk steps (tracking,
    policy, expiry calendar, baseline, purchase, quarterly review) fill the first wave; the
    Walk-to-Run steps wait until Walk counts as reached, 180 days in (the quarterly review needs
    two quarters to show), so they sit in the 6-12 month wave.
    """
    units = [(name, spend, None, {"cost_visibility": "run/run", "tagging_coverage": "walk/walk",
                                  "finops_ownership": "walk/walk", "commitment_strategy": "crawl/run",
                                  "anomaly_detection": "walk/walk", "automation_level": "walk/walk"})
             for name, spend in (("Online", 800_000.0), ("Stores", 300_000.0), ("Logistics", 150_000.0))]
    roadmap = plan_roadmap(make_workshop(units, shares=None), today=TODAY)
    headline = roadmap.headline
    assert headline is not None and headline.dimension_id == "commitment_strategy" and headline.actionable_now
    assert headline.monthly_waste == pytest.approx(1_250_000 * 0.05 * 2.6 / 3)
    first_wave = {i.step_id for i in roadmap.items if i.wave == FIRST}
    assert first_wave == {"commit-utilisation-report", "commit-purchase-policy", "commit-expiry-calendar",
                          "commit-baseline", "commit-baseline-purchase", "commit-quarterly-review"}
    assert {i.wave for i in roadmap.items if i.to_stage == "run"} == {THIRD}
    # Each of the first wave's steps is needed for the whole gap, Walk to Run included.
    assert all(i.monthly_savings == pytest.approx(headline.monthly_waste) for i in roadmap.items
               if i.wave == FIRST)
    # Walk counts from day 180 (end of the second wave), Run once the slowest Walk-to-Run step
    # (negotiating with the provider, 180 days) shows, day 360: within the third wave.
    assert [dict(dict(p.units)["Online"])["commitment_strategy"] for p in roadmap.projected] == [1, 2, 3]


def test_commitments_at_walk_with_everything_else_at_crawl() -> None:
    """500,000 a month, commitments at Walk, the rest at Crawl; no targets: each to its next stage.

    Automation Crawl to Walk: 500,000 x 8% x 40% = 16,000, the largest gap, and it can start
    at once: the headline. Commitments Walk to Run are worth 500,000 x 2.25% x 40% = 4,500 but
    lead above Walk, so they wait for the foundations (visibility, tagging, ownership) to reach
    Walk; the monthly cost report needs six months to show, so that is day 180 and the
    commitment steps sit in the 6-12 month wave. The first wave is the foundations and the
    Crawl-to-Walk steps of automation and anomalies.
    """
    ratings = {d: "crawl" for d in DIMENSIONS} | {"commitment_strategy": "walk"}
    roadmap = plan_roadmap(make_workshop([("Group", 500_000.0, None, ratings)], shares=None), today=TODAY)
    headline = roadmap.headline
    assert headline is not None and headline.dimension_id == "automation_level" and headline.actionable_now
    assert headline.monthly_waste == pytest.approx(16_000)
    assert gap_value(roadmap, "Group", "commitment_strategy") == pytest.approx(4_500)
    first_wave = [i for i in roadmap.items if i.wave == FIRST]
    assert {i.to_stage for i in first_wave} == {"walk"}
    assert {i.dimension_id for i in first_wave} == set(DIMENSIONS) - {"commitment_strategy"}
    assert {i.wave for i in roadmap.items if i.dimension_id == "commitment_strategy"} == {THIRD}
