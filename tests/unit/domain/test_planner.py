"""The roadmap planner: worked examples with figures done by hand, and properties over many workshops."""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from finops_desktop.domain.diagnostics import diagnose
from finops_desktop.domain.model import WasteAssumption
from finops_desktop.domain.planner import LATER, WAVES, plan_roadmap
from finops_desktop.domain.playbook import playbook_for, step_order
from finops_desktop.domain.roadmap import Roadmap, RoadmapItem, UnplannedPrerequisite
from finops_desktop.domain.workshop import (
    AssessmentRound,
    BusinessUnit,
    Rating,
    Workshop,
    WorkshopInfo,
    WorkshopSettings,
)

from .roadmap_samples import (
    DIMENSIONS,
    FOUNDATIONS,
    MODEL,
    SHARES,
    at_walk,
    make_workshop,
    small_playbook,
    step_id,
)

TODAY = date(2026, 11, 27)
SCORE = {s.id: s.score for s in MODEL.stages}
WALK = SCORE[MODEL.foundation_stage]
WAVE_NAMES = [w.name for w in WAVES] + [LATER.name]


def by_step(roadmap: Roadmap) -> dict[str, RoadmapItem]:
    """Items by step id; a step whose units fall in different waves has one row per wave (the first kept)."""
    found: dict[str, RoadmapItem] = {}
    for item in roadmap.items:
        found.setdefault(item.step_id, item)
    return found


def placed(roadmap: Roadmap) -> dict[tuple[str, str], RoadmapItem]:
    """The row of each (step id, business unit)."""
    return {(item.step_id, name): item for item in roadmap.items for name in item.business_units}


def savings(item: RoadmapItem) -> dict[str, float]:
    return dict(item.savings_by_business_unit)


# Worked examples ------------------------------------------------------------------------
# Figures (see roadmap_samples.SHARES): the rate pool (commitments) wastes 10% / 4% / 1% of
# spend at Crawl / Walk / Run, the usage pool (automation) 10% / 5% / 2%, anomalies 4% / 2% /
# 1%; each enabler (visibility, tagging, ownership) captures 50% / 80% / 100% of the pools'
# gaps. A unit at Walk in the three enablers captures 80%. The small playbook has one step per
# transition with effort S (1–3 days, 2 at the midpoint) and the default lead time of 90 days.


def test_headline_and_merged_items_worked_example() -> None:
    workshop = make_workshop([
        ("Retail", 100_000.0, None, at_walk(commitment_strategy="crawl/walk", automation_level="crawl/walk")),
        ("Payments", 50_000.0, None, at_walk(commitment_strategy="walk/run")),
        ("Lab", None, None, at_walk(commitment_strategy="crawl/walk", automation_level="crawl/walk")),
    ])
    roadmap = plan_roadmap(workshop, small_playbook(), today=TODAY)

    # Commitments: Retail 100,000 x (10% - 4%) x 80% = 4,800; Payments 50,000 x (4% - 1%) x 80%
    # = 1,200; Lab has no spend. Automation: Retail 100,000 x (10% - 5%) x 80% = 4,000.
    assert roadmap.headline is not None
    assert roadmap.headline.dimension_id == "commitment_strategy"
    assert roadmap.headline.monthly_waste == pytest.approx(6_000)
    assert roadmap.headline.actionable_now
    assert "USD 6,000" in roadmap.headline.reason and "Commitment strategy" in roadmap.headline.reason
    assert "Automation level with USD 4,000" in roadmap.headline.reason

    items = by_step(roadmap)
    # The headline's steps first, then by what each unlocks per day of effort.
    assert [i.step_id for i in roadmap.items] == [step_id("commitment_strategy", "crawl"),
                                                 step_id("commitment_strategy", "walk"),
                                                 step_id("automation_level", "crawl")]
    merged = items[step_id("commitment_strategy", "crawl")]
    assert merged.business_units == ("Retail", "Lab")
    assert merged.monthly_savings == pytest.approx(4_800)
    assert savings(merged) == pytest.approx({"Retail": 4_800, "Lab": 0})
    assert merged.unlocks.shared_by_steps == 1
    assert merged.unlocks.gaps == (("commitment_strategy", "crawl", "walk"),)
    assert [u.wave for u in merged.units] == ["0–90 days", "0–90 days"]
    assert items[step_id("automation_level", "crawl")].monthly_savings == pytest.approx(4_000)
    assert items[step_id("commitment_strategy", "walk")].business_units == ("Payments",)
    assert items[step_id("commitment_strategy", "walk")].monthly_savings == pytest.approx(1_200)
    # Every unit has its foundations at Walk already: nothing needs to wait, Walk to Run included.
    assert [i.wave for i in roadmap.items] == ["0–90 days"] * 3
    assert [g.monthly_waste for g in roadmap.gaps] == pytest.approx([4_800, 4_000, 1_200, 0, 0])
    assert all(g.source == "assumption" for g in roadmap.gaps)


def test_an_enabler_gap_is_worth_the_capture_it_adds_to_the_pools() -> None:
    """One unit, tagging Crawl to Walk and commitments Crawl to Walk.

    Capture today: (80% + 50% + 80%) / 3 = 70%; planned: 80%. The rate pool's drop is 6 points:
    commitments 100,000 x 6% x 70% = 4,200; tagging 100,000 x 6% x (80% - 50%) / 3 = 600; in all
    100,000 x 6% x 80% = 4,800, the pool's drop at the planned capture, counted once.
    """
    workshop = make_workshop([("Data", 100_000.0, None, at_walk(commitment_strategy="crawl/walk",
                                                                tagging_coverage="crawl/walk"))])
    roadmap = plan_roadmap(workshop, small_playbook(), today=TODAY)
    gaps = {g.dimension_id: g.monthly_waste for g in roadmap.gaps}
    assert gaps == pytest.approx({"tagging_coverage": 600, "commitment_strategy": 4_200})
    assert sum(gaps.values()) == pytest.approx(4_800)
    items = by_step(roadmap)
    # Tagging's step unlocks its own gap only: commitments below Walk do not wait for it.
    assert items[step_id("tagging_coverage", "crawl")].monthly_savings == pytest.approx(600)


def test_every_pool_with_two_to_four_units() -> None:
    """Rate, usage and anomalies, four units with their enablers at Run (capture 100%).

    North 200,000: commitments Crawl to Run, 200,000 x (10% - 1%) = 18,000.
    South 50,000: automation Crawl to Walk, 50,000 x (10% - 5%) = 2,500.
    East 80,000: anomalies Walk to Run, 80,000 x (2% - 1%) = 800.
    West 10,000: all three Crawl to Walk: 10,000 x (6% + 5% + 2%) = 1,300.
    """
    run = {"cost_visibility": "run/run", "tagging_coverage": "run/run", "finops_ownership": "run/run",
           "commitment_strategy": "walk/walk", "automation_level": "walk/walk", "anomaly_detection": "walk/walk"}
    workshop = make_workshop([
        ("North", 200_000.0, None, run | {"commitment_strategy": "crawl/run"}),
        ("South", 50_000.0, None, run | {"automation_level": "crawl/walk"}),
        ("East", 80_000.0, None, run | {"anomaly_detection": "walk/run"}),
        ("West", 10_000.0, None, run | {"commitment_strategy": "crawl/walk", "automation_level": "crawl/walk",
                                        "anomaly_detection": "crawl/walk"}),
    ])
    roadmap = plan_roadmap(workshop, small_playbook(), today=TODAY)
    gaps = {(g.business_unit, g.dimension_id): g.monthly_waste for g in roadmap.gaps}
    assert gaps == pytest.approx({
        ("North", "commitment_strategy"): 18_000, ("South", "automation_level"): 2_500,
        ("East", "anomaly_detection"): 800, ("West", "commitment_strategy"): 600,
        ("West", "anomaly_detection"): 200, ("West", "automation_level"): 500})
    # North's Crawl-to-Walk step unlocks both of its transitions: the Walk-to-Run one waits for it.
    crawl_step = placed(roadmap)[(step_id("commitment_strategy", "crawl"), "North")]
    assert dict(crawl_step.savings_by_business_unit)["North"] == pytest.approx(18_000)
    walk_step = placed(roadmap)[(step_id("commitment_strategy", "walk"), "North")]
    assert walk_step.monthly_savings == pytest.approx(100_000 * 0.03 * 2)
    assert walk_step.wave == "3–6 months"
    assert roadmap.headline is not None and roadmap.headline.dimension_id == "commitment_strategy"


def test_a_step_shows_what_it_unlocks_and_a_prerequisite_ranks_first() -> None:
    """A purchase step needs a policy step: the policy unlocks the whole transition too.

    Retail 100,000 with enablers at Walk: commitments 100,000 x 6% x 80% = 4,800, shared by the
    transition's two steps; automation 4,000 for one step of 2 days; anomalies 100,000 x 2% x
    80% = 1,600 for one step of 6 days (M). Per day of effort: commitments 4,800 / (2 + 6) = 600
    for each of its steps, automation 2,000, anomalies 267. The headline (commitments) goes
    first, the policy before the purchase.
    """
    purchase = step_id("commitment_strategy", "crawl")
    policy = {"id": "commit-policy", "dimension": "commitment_strategy", "from": "crawl", "to": "walk",
              "title": "Policy", "description": "d", "owner_role": "Finance partner", "effort": "M", "kpi": "k",
              "kpi_target": "t", "scope": "central"}
    playbook = small_playbook({purchase: {"prerequisites": ["commit-policy"]},
                               step_id("anomaly_detection", "crawl"): {"effort": "M"}}, [policy])
    workshop = make_workshop([("Retail", 100_000.0, None,
                               at_walk(commitment_strategy="crawl/walk", automation_level="crawl/walk",
                                       anomaly_detection="crawl/walk"))])
    roadmap = plan_roadmap(workshop, playbook, today=TODAY)
    assert [i.step_id for i in roadmap.items] == ["commit-policy", purchase, step_id("automation_level", "crawl"),
                                                 step_id("anomaly_detection", "crawl")]
    items = by_step(roadmap)
    assert items[purchase].prerequisites == ("commit-policy",)
    assert items["commit-policy"].monthly_savings == pytest.approx(4_800)
    assert items["commit-policy"].unlocks.shared_by_steps == 2
    assert items["commit-policy"].scope == "central"
    assert headline_of(roadmap) == "commitment_strategy"


def headline_of(roadmap: Roadmap) -> str | None:
    return roadmap.headline.dimension_id if roadmap.headline else None


def test_foundations_are_built_first_even_beyond_the_target() -> None:
    workshop = make_workshop([("Data", 200_000.0, None,
                               at_walk(tagging_coverage="crawl/crawl", automation_level="walk/run"))])
    roadmap = plan_roadmap(workshop, small_playbook(), today=TODAY)
    tagging, automation = step_id("tagging_coverage", "crawl"), step_id("automation_level", "walk")
    assert [i.step_id for i in roadmap.items] == [tagging, automation]
    items = by_step(roadmap)
    # The target keeps tagging at Crawl, but automation above Walk needs it at Walk first.
    assert items[tagging].beyond_target == ("Data",)
    assert items[automation].beyond_target == ()
    # Capture today (80% + 50% + 80%) / 3 = 70%, planned 80%; automation's pool drops 3 points.
    # Automation 200,000 x 3% x 70% = 4,200; tagging 200,000 x 3% x 30% / 3 = 600. Tagging's step
    # unlocks both, as automation waits for it.
    assert items[automation].monthly_savings == pytest.approx(4_200)
    assert items[tagging].monthly_savings == pytest.approx(4_800)
    gaps = {g.dimension_id: g for g in roadmap.gaps}
    assert (gaps["tagging_coverage"].target, gaps["tagging_coverage"].planned) == ("crawl", "walk")
    assert [items[tagging].wave, items[automation].wave] == ["0–90 days", "3–6 months"]


def test_a_required_stage_is_pulled_in_and_waits_a_wave() -> None:
    playbook = small_playbook({step_id("anomaly_detection", "walk"): {"requires": {"tagging_coverage": "run"}},
                               step_id("tagging_coverage", "walk"): {"requires": {"cost_visibility": "run"}}})
    workshop = make_workshop([
        ("Ops", 10_000.0, None, at_walk(anomaly_detection="walk/run")),
        ("Web", 10_000.0, None, at_walk(anomaly_detection="walk/run", tagging_coverage="run/run",
                                        cost_visibility="run/run")),
    ])
    roadmap = plan_roadmap(workshop, playbook, today=TODAY)
    visibility, tagging, anomalies = (step_id("cost_visibility", "walk"), step_id("tagging_coverage", "walk"),
                                      step_id("anomaly_detection", "walk"))
    rows = placed(roadmap)
    # Ops needs tagging at Run, which needs visibility at Run: each waits a wave for the last.
    assert [rows[(s, "Ops")].wave for s in (visibility, tagging, anomalies)] == [
        "0–90 days", "3–6 months", "6–12 months"]
    # Web has what it needs: its anomaly step is not held back by Ops.
    assert rows[(anomalies, "Web")].wave == "0–90 days"
    assert rows[(anomalies, "Web")] is not rows[(anomalies, "Ops")]
    assert rows[(visibility, "Ops")].beyond_target == ("Ops",)
    assert LATER not in roadmap.waves

    # With ownership to build first, Ops' work above Walk starts 90 days later: visibility on
    # day 90, tagging on day 180, anomalies on day 270, still within the year.
    workshop.ratings[(1, 1, "finops_ownership")] = Rating("crawl", "walk")
    rows = placed(plan_roadmap(workshop, playbook, today=TODAY))
    ownership = step_id("finops_ownership", "crawl")
    assert [rows[(s, "Ops")].wave for s in (ownership, visibility, tagging, anomalies)] == [
        "0–90 days", "3–6 months", "6–12 months", "6–12 months"]
    # A longer lead time for tagging (its KPI needs six months) pushes anomalies past the year.
    slow = small_playbook({step_id("anomaly_detection", "walk"): {"requires": {"tagging_coverage": "run"}},
                           step_id("tagging_coverage", "walk"): {"requires": {"cost_visibility": "run"},
                                                                 "lead_days": 200}})
    roadmap = plan_roadmap(workshop, slow, today=TODAY)
    assert placed(roadmap)[(anomalies, "Ops")].wave == "After 12 months"
    assert roadmap.waves[-1] == LATER


def test_adding_a_small_crawl_unit_does_not_move_a_large_unit_later() -> None:
    """The merged row used to take the wave of its least mature unit; now each unit has its own."""
    big = ("Bank", 2_100_000.0, None, at_walk(commitment_strategy="walk/run"))
    alone = placed(plan_roadmap(make_workshop([big]), small_playbook(), today=TODAY))
    small = ("Start-up", 5_000.0, None, at_walk(commitment_strategy="walk/run", tagging_coverage="crawl/walk"))
    both = placed(plan_roadmap(make_workshop([big, small]), small_playbook(), today=TODAY))
    commit = step_id("commitment_strategy", "walk")
    assert alone[(commit, "Bank")].wave == both[(commit, "Bank")].wave == "0–90 days"
    assert both[(commit, "Start-up")].wave == "3–6 months"


def test_a_step_level_prerequisite_pulls_in_that_step_alone() -> None:
    """Ticketing anomalies needs tags enforced, not the whole of tagging's Walk-to-Run (no chargeback)."""
    workshop = make_workshop([("Ops", 300_000.0, None, at_walk(anomaly_detection="walk/run"))])
    roadmap = plan_roadmap(workshop, today=TODAY)
    steps = {i.step_id for i in roadmap.items}
    assert {"anom-itsm-tickets", "tag-enforce-at-creation", "tag-template-defaults"} <= steps
    assert "tag-chargeback" not in steps and "tag-usage-based-split" not in steps
    assert by_step(roadmap)["tag-enforce-at-creation"].beyond_target == ("Ops",)
    assert [g.dimension_id for g in roadmap.gaps] == ["anomaly_detection"]


def test_capacity_spreads_items_over_the_waves() -> None:
    workshop = make_workshop([("Retail", 100_000.0, None,
                               at_walk(commitment_strategy="crawl/walk", automation_level="crawl/walk",
                                       anomaly_detection="crawl/walk"))])
    unlimited = plan_roadmap(workshop, small_playbook(), today=TODAY)
    assert {i.wave for i in unlimited.items} == {"0–90 days"}
    # Three steps of 2 days each, 4 days a quarter: two in the first wave, one in the next.
    # Anomalies unlock 100,000 x 2% x 80% = 1,600, the least.
    limited = plan_roadmap(workshop, small_playbook(), today=TODAY, capacity_days_per_quarter=4)
    assert [(i.step_id, i.wave) for i in limited.items] == [
        (step_id("commitment_strategy", "crawl"), "0–90 days"),
        (step_id("automation_level", "crawl"), "0–90 days"),
        (step_id("anomaly_detection", "crawl"), "3–6 months")]


def test_capacity_overflow_goes_after_twelve_months() -> None:
    ratings = {d: "crawl/walk" for d in DIMENSIONS}
    workshop = make_workshop([("Retail", 100_000.0, None, ratings)])
    # Six steps of 2 days, 2 days a quarter: one per quarter, two in the 6-12 month wave.
    roadmap = plan_roadmap(workshop, small_playbook(), today=TODAY, capacity_days_per_quarter=2)
    assert [i.wave for i in roadmap.items] == (["0–90 days", "3–6 months"] + ["6–12 months"] * 2
                                               + ["After 12 months"] * 2)
    with pytest.raises(ValueError, match="above 0"):
        plan_roadmap(workshop, small_playbook(), capacity_days_per_quarter=0)


def test_business_unit_without_spend_still_gets_steps_ranked_by_share_of_spend() -> None:
    workshop = make_workshop([("Lab", None, None, at_walk(automation_level="crawl/walk",
                                                          commitment_strategy="crawl/walk"))])
    roadmap = plan_roadmap(workshop, small_playbook(), today=TODAY)
    # No money, but commitments recover 6 points of spend and automation 5 for the same effort.
    assert [i.step_id for i in roadmap.items] == [step_id("commitment_strategy", "crawl"),
                                                 step_id("automation_level", "crawl")]
    assert all(i.monthly_savings == 0 for i in roadmap.items)
    assert roadmap.headline is not None
    assert roadmap.headline.dimension_id == "commitment_strategy"
    assert roadmap.headline.monthly_waste == 0
    assert "no monthly spend" in roadmap.headline.reason


def test_not_assessed_and_not_applicable_get_no_steps_and_no_money() -> None:
    workshop = make_workshop([("Retail", 100_000.0, None,
                               at_walk(commitment_strategy="-/walk", automation_level="na",
                                       anomaly_detection="run/walk", tagging_coverage="walk/na"))])
    roadmap = plan_roadmap(workshop, small_playbook(), today=TODAY)
    assert roadmap.items == ()
    assert roadmap.gaps == ()
    assert roadmap.headline is None


def test_missing_target_means_the_suggested_next_stage_unless_suggestions_are_off() -> None:
    workshop = make_workshop([("Retail", 100_000.0, None,
                               {"commitment_strategy": "crawl", "cost_visibility": "walk/walk",
                                "tagging_coverage": "walk/walk", "finops_ownership": "walk/walk",
                                "automation_level": "run"})])
    roadmap = plan_roadmap(workshop, small_playbook(), today=TODAY)
    assert [i.step_id for i in roadmap.items] == [step_id("commitment_strategy", "crawl")]
    assert [(g.dimension_id, g.target, g.planned, g.suggested_target) for g in roadmap.gaps] == [
        ("commitment_strategy", "walk", "walk", True)]
    assert roadmap.as_dict()["gaps"][0]["suggested_target"] is True
    off = plan_roadmap(workshop, small_playbook(), today=TODAY, suggest_targets=False)
    assert off.items == () and off.gaps == () and off.headline is None
    # The workshop's own setting is the default.
    setting = replace(workshop, settings=WorkshopSettings(suggest_targets=False, day_rate=500.0))
    from_setting = plan_roadmap(setting, small_playbook(), today=TODAY)
    assert from_setting.gaps == () and from_setting.day_rate == 500.0
    assert plan_roadmap(setting, small_playbook(), today=TODAY, suggest_targets=True).gaps == roadmap.gaps


def test_workshop_waste_edits_are_used_and_a_rising_share_recovers_nothing() -> None:
    shares = SHARES | {"commitment_strategy": (0.05, 0.10, 0.01)}  # an odd edit: Walk wastes more than Crawl
    workshop = make_workshop([("Retail", 100_000.0, None, at_walk(commitment_strategy="crawl/run"))], shares=shares)
    gaps = plan_roadmap(workshop, small_playbook(), today=TODAY).gaps
    # Crawl to Walk recovers nothing; Walk to Run 100,000 x (5% - 1%) x 80%, from the lower level.
    assert [g.monthly_waste for g in gaps] == pytest.approx([3_200])


def test_the_shipped_playbook_is_the_default_and_diagnostics_come_with_the_plan() -> None:
    workshop = make_workshop([("Data", 180_000.0, 60.0, at_walk(tagging_coverage="crawl/walk",
                                                                 commitment_strategy="walk/run"))])
    roadmap = plan_roadmap(workshop, today=TODAY)
    assert roadmap == plan_roadmap(workshop, playbook_for(MODEL), today=TODAY)
    shipped = {s.id for s in playbook_for(MODEL).steps}
    assert roadmap.items and {i.step_id for i in roadmap.items} <= shipped
    assert roadmap.diagnostics == diagnose(workshop, playbook_for(MODEL).diagnostics, today=TODAY)
    assert {d.id for d in roadmap.diagnostics} == {"attribution_debt", "run_on_crawl_foundations"}


def test_prerequisites_in_unassessed_dimensions_stay_visible_and_the_trap_is_named() -> None:
    # Only commitments were rated, Crawl to Run: nothing is known about the foundations.
    workshop = make_workshop([("Insurance", 120_000.0, None, {"commitment_strategy": "crawl/run"}),
                              ("Retail", 400_000.0, None, at_walk(commitment_strategy="crawl/walk")),
                              ("Lab", 18_000.0, None, at_walk(commitment_strategy="crawl/walk",
                                                              cost_visibility="na"))])
    roadmap = plan_roadmap(workshop, today=TODAY)
    items = by_step(roadmap)
    baseline = items["commit-baseline"]
    assert baseline.business_units == ("Insurance", "Retail", "Lab")
    # Retail's visibility is at Walk: the billing export is there. Not so for the others.
    assert baseline.prerequisites == ()
    assert baseline.unplanned_prerequisites == (UnplannedPrerequisite(
        "vis-billing-export", "Switch on the detailed billing export",
        "Cost visibility not applicable for Lab; not assessed for Insurance"),)
    assert items["commit-utilisation-report"].unplanned_prerequisites == baseline.unplanned_prerequisites
    # Prerequisites in the unit's own, assessed dimension are planned as usual.
    assert items["commit-raise-coverage"].prerequisites == ("commit-auto-rebalance",)
    assert items["commit-raise-coverage"].unplanned_prerequisites == ()
    index = [i.step_id for i in roadmap.items].index("commit-baseline")
    assert roadmap.as_dict()["items"][index]["unplanned_prerequisites"] == [
        {"step_id": "vis-billing-export", "title": "Switch on the detailed billing export",
         "reason": "Cost visibility not applicable for Lab; not assessed for Insurance"}]
    (diagnostic,) = [d for d in roadmap.diagnostics if d.id == "run_on_unassessed_foundations"]
    assert diagnostic.business_unit == "Insurance"


def test_a_unit_with_its_foundations_in_place_starts_towards_run_at_once() -> None:
    workshop = make_workshop([("Payments", 265_000.0, None, {d: "walk/run" for d in DIMENSIONS})])
    roadmap = plan_roadmap(workshop, small_playbook(), today=TODAY)
    assert len(roadmap.items) == len(DIMENSIONS)
    assert {i.wave for i in roadmap.items} == {"0–90 days"}
    shipped = plan_roadmap(workshop, today=TODAY)
    assert any(i.wave == "0–90 days" for i in shipped.items)


def test_the_headline_says_when_the_costliest_gap_must_wait_and_for_what() -> None:
    """Commitments Walk to Run are worth most but wait for visibility at Walk (a wave).

    Capture today (50% + 80% + 80%) / 3 = 70%; pools drop 3 (rate) + 2 (anomalies) points.
    Commitments 100,000 x 3% x 70% = 2,100 (from day 90); anomalies 100,000 x 2% x 70% = 1,400,
    which can start at once: the headline names anomalies and says what commitments wait for.
    """
    workshop = make_workshop([("Retail", 100_000.0, None,
                               at_walk(cost_visibility="crawl/crawl", commitment_strategy="walk/run",
                                       anomaly_detection="crawl/walk"))])
    roadmap = plan_roadmap(workshop, small_playbook(), today=TODAY)
    headline = roadmap.headline
    assert headline is not None
    assert headline.dimension_id == "anomaly_detection" and headline.monthly_waste == pytest.approx(1_400)
    assert headline.actionable_now
    assert headline.costliest_dimension_id == "commitment_strategy"
    assert headline.waits_for == ("Cost visibility at Walk",)
    assert "Commitment strategy is worth more (USD 2,100 a month)" in headline.reason
    assert "wait for Cost visibility at Walk" in headline.reason
    assert roadmap.as_dict()["headline"]["actionable_now"] is True


def test_effort_cost_and_payback_worked_example() -> None:
    """Two units, enablers at Run (capture 100%), commitments Crawl to Walk, one step of effort L (15 days).

    Savings: Large 100,000 x 6% = 6,000, Small 40,000 x 6% = 2,400: 8,400 a month.
    Per unit, scaled by size band (up to 50,000: x 0.5; above: x 2): 30 + 7.5 = 37.5 days; at
    1,000 a day 37,500, paid back in 37,500 / 8,400 = 4.46 months. As a central step the work
    is done once: 15 days, 15,000, 1.79 months. The stage is reached after 90 days, so the first
    wave ends with the full run rate and nothing saved yet; the second has 90 days of it.
    """
    header = ('[[size_bands]]\nid = "small"\nname = "Small"\nup_to = 50000\nfactor = 0.5\n\n'
              '[[size_bands]]\nid = "large"\nname = "Large"\nfactor = 2\n')
    run = {d: "run/run" for d in ("cost_visibility", "tagging_coverage", "finops_ownership")}
    units = [("Large", 100_000.0, None, run | {"commitment_strategy": "crawl/walk"}),
             ("Small", 40_000.0, None, run | {"commitment_strategy": "crawl/walk"})]
    commit = step_id("commitment_strategy", "crawl")
    per_unit = small_playbook({commit: {"effort": "L"}}, header=header)
    roadmap = plan_roadmap(make_workshop(units), per_unit, today=TODAY, day_rate=1_000)
    (item,) = roadmap.items
    assert item.effort_days_total == pytest.approx(37.5)
    assert [u.effort_days for u in item.units] == pytest.approx([30, 7.5])
    assert roadmap.payback_months == pytest.approx(37_500 / 8_400)
    first, second, third = roadmap.money_by_wave
    assert (first.monthly_run_rate, first.cumulative, first.cost) == pytest.approx((8_400, 0, 37_500))
    assert second.cumulative == pytest.approx(8_400 * 90 / (365.25 / 12))
    assert third.cumulative == pytest.approx(8_400 * 275 / (365.25 / 12))
    central = small_playbook({commit: {"effort": "L", "scope": "central"}}, header=header)
    roadmap = plan_roadmap(make_workshop(units), central, today=TODAY, day_rate=1_000)
    assert roadmap.items[0].effort_days_total == pytest.approx(15)
    assert roadmap.payback_months == pytest.approx(15_000 / 8_400)
    assert plan_roadmap(make_workshop(units), central, today=TODAY).payback_months is None


def test_projected_maturity_after_each_wave() -> None:
    """Commitments Crawl to Run: Walk is reached on day 90 (end of wave 1), Run on day 180."""
    workshop = make_workshop([("Retail", 100_000.0, None, at_walk(commitment_strategy="crawl/run")),
                              ("Lab", 300_000.0, None, at_walk())])
    roadmap = plan_roadmap(workshop, small_playbook(), today=TODAY)
    scores = [dict(dict(p.units)["Retail"])["commitment_strategy"] for p in roadmap.projected]
    assert scores == [2, 3, 3]
    organisation = [dict(p.organisation)["commitment_strategy"] for p in roadmap.projected]
    # Spend-weighted: (100,000 x score + 300,000 x 2) / 400,000.
    assert organisation == pytest.approx([2.0, 2.25, 2.25])
    assert [p.wave for p in roadmap.projected] == [w.name for w in WAVES]


def test_an_earlier_round_can_be_planned() -> None:
    rounds = [AssessmentRound(1, "Baseline", "2026-01-10"), AssessmentRound(2, "Six months on", "2026-07-10")]
    workshop = make_workshop([("Retail", 100_000.0, None, at_walk(commitment_strategy="crawl/walk"))], rounds=rounds)
    workshop.ratings[(2, 1, "commitment_strategy")] = Rating("walk", "walk")
    assert plan_roadmap(workshop, small_playbook(), today=TODAY).items == ()
    assert len(plan_roadmap(workshop, small_playbook(), round_id=1, today=TODAY).items) == 1
    with pytest.raises(ValueError, match="no assessment round 9"):
        plan_roadmap(workshop, small_playbook(), round_id=9)


def test_as_dict_keeps_the_old_keys_and_adds_the_new() -> None:
    workshop = make_workshop([("Retail", 100_000.0, None, at_walk(commitment_strategy="crawl/walk"))])
    data = plan_roadmap(workshop, small_playbook(), today=TODAY, day_rate=900).as_dict()
    assert {"dimension", "monthly_waste", "reason", "actionable_now"} <= set(data["headline"])
    assert data["headline"]["monthly_waste"] == 4_800
    item = data["items"][0]
    assert {"rank", "step_id", "title", "dimension", "from_stage", "to_stage", "business_units", "wave",
            "owner_role", "effort", "monthly_savings", "kpi", "prerequisites", "savings_by_business_unit",
            "units", "unlocks"} <= set(item)
    assert item["units"] == [{"business_unit": "Retail", "wave": "0–90 days", "unlocks": 4_800.0,
                              "effort_days": 2.0}]
    assert item["unlocks"]["shared_by_steps"] == 1
    (gap,) = data["gaps"]
    assert gap == {"business_unit": "Retail", "unit": "Retail", "dimension": "commitment_strategy",
                   "current": "crawl", "target": "walk", "planned": "walk", "from": "crawl", "to": "walk",
                   "monthly_waste": 4_800.0, "monthly_value": 4_800.0, "source": "assumption",
                   "suggested_target": False}
    assert {"projected", "cumulative_savings", "payback_months", "waves", "diagnostics", "currency"} <= set(data)
    assert data["payback_months"] == pytest.approx(2 * 900 / 4_800, abs=0.01)
    assert data["projected"][0]["units"][0]["scores"]["commitment_strategy"] == 2
    assert [w["wave"] for w in data["cumulative_savings"]] == [w.name for w in WAVES]


# Properties over generated workshops ----------------------------------------------------

STAGE_VALUES = [None, "na", "crawl", "walk", "run"]


@st.composite
def workshops(draw: st.DrawFn) -> Workshop:
    count = draw(st.integers(min_value=1, max_value=6))
    units, ratings = [], {}
    for index in range(1, count + 1):
        spend = draw(st.one_of(st.none(), st.floats(min_value=0, max_value=2_000_000, allow_nan=False)))
        growth = draw(st.one_of(st.none(), st.floats(min_value=-20, max_value=150, allow_nan=False)))
        units.append(BusinessUnit(index, f"Unit {index}", index - 1, spend, annual_growth=growth))
        for dimension_id in DIMENSIONS:
            current, target = draw(st.sampled_from(STAGE_VALUES)), draw(st.sampled_from(STAGE_VALUES))
            if current is not None or target is not None:
                ratings[(1, index, dimension_id)] = Rating(current, target)
    overrides = {}
    if draw(st.booleans()):
        # Edited assumptions, still falling with maturity.
        for dimension_id in DIMENSIONS:
            values = sorted(draw(st.lists(st.floats(min_value=0, max_value=0.5), min_size=3, max_size=3)),
                            reverse=True)
            for stage, share in zip(("crawl", "walk", "run"), values, strict=True):
                overrides[(dimension_id, stage)] = WasteAssumption(share, "edited")
    rounds = [AssessmentRound(1, "Baseline", "2026-01-15T10:00:00+00:00")]
    return Workshop(WorkshopInfo("Client", currency="EUR"), MODEL, units, rounds, ratings, overrides)


def plan(workshop: Workshop) -> Roadmap:
    return plan_roadmap(workshop, today=TODAY)


def stated_target(workshop: Workshop, bu_id: int, dimension_id: str) -> int | None:
    """The score the ratings ask for (next stage when no target), None when there is nothing to plan."""
    rating = workshop.rating(bu_id, dimension_id)
    if rating.current not in SCORE:
        return None
    current = SCORE[rating.current]  # type: ignore[index]
    if rating.target is None:
        return min(current + 1, max(SCORE.values()))
    return max(current, SCORE.get(rating.target, current))


PROPERTY = settings(max_examples=150, deadline=None)


CAPACITIES = st.one_of(st.none(), st.floats(min_value=1, max_value=100))


@PROPERTY
@given(workshops(), CAPACITIES)
def test_everything_a_step_needs_ranks_before_it(workshop: Workshop, capacity: float | None) -> None:
    roadmap = plan_roadmap(workshop, today=TODAY, capacity_days_per_quarter=capacity)
    rows = placed(roadmap)
    assert [i.rank for i in roadmap.items] == list(range(1, len(roadmap.items) + 1))
    assert [WAVE_NAMES.index(i.wave) for i in roadmap.items] == sorted(WAVE_NAMES.index(i.wave)
                                                                      for i in roadmap.items)
    for item in roadmap.items:
        for name in item.business_units:
            for prerequisite in item.prerequisites:
                if (prerequisite, name) in rows:
                    assert rows[(prerequisite, name)].rank < item.rank
                    assert WAVE_NAMES.index(rows[(prerequisite, name)].wave) <= WAVE_NAMES.index(item.wave)
    # For each business unit, every ordering the playbook implies (written prerequisites,
    # earlier stages, required stages, foundations) holds between the steps it gets.
    order = step_order(playbook_for(MODEL), MODEL)
    for (step, name), item in rows.items():
        for other in order[step]:
            if (other, name) in rows:
                assert rows[(other, name)].rank < item.rank, f"{other} must come before {step} for {name}"


@PROPERTY
@given(workshops(), CAPACITIES)
def test_no_step_above_walk_precedes_the_same_units_foundation_steps(workshop: Workshop,
                                                                     capacity: float | None) -> None:
    roadmap = plan_roadmap(workshop, today=TODAY, capacity_days_per_quarter=capacity)
    for bu in workshop.business_units:
        mine = [i for i in roadmap.items if bu.name in i.business_units]
        above = [i for i in mine if SCORE[i.to_stage] > WALK]
        foundation_steps = [i for i in mine if i.dimension_id in FOUNDATIONS and SCORE[i.to_stage] <= WALK]
        if above:
            assert max(i.rank for i in foundation_steps or [above[0]]) <= min(i.rank for i in above)
            # ... and those foundation steps are really planned when a foundation is below Walk.
            for dimension_id in FOUNDATIONS:
                current = workshop.rating(bu.id, dimension_id).current
                if current in SCORE and SCORE[current] < WALK:  # type: ignore[index]
                    assert any(i.dimension_id == dimension_id for i in foundation_steps)


@PROPERTY
@given(workshops())
def test_the_first_wave_is_never_empty_without_a_capacity(workshop: Workshop) -> None:
    roadmap = plan(workshop)
    if roadmap.items:
        assert roadmap.items[0].wave == WAVES[0].name
    for item in roadmap.items:
        # Above Walk, the second wave at the earliest only for units that build foundations.
        if item.wave == WAVES[0].name and SCORE[item.to_stage] > WALK:
            assert not any(other.dimension_id in FOUNDATIONS and SCORE[other.to_stage] <= WALK
                           and set(other.business_units) & set(item.business_units) for other in roadmap.items)


@PROPERTY
@given(workshops())
def test_every_prerequisite_is_done_planned_or_named_as_not_planned(workshop: Workshop) -> None:
    roadmap = plan(workshop)
    playbook = playbook_for(MODEL)
    for item in roadmap.items:
        unplanned = {p.step_id: p.reason for p in item.unplanned_prerequisites}
        assert set(unplanned) <= set(playbook.step(item.step_id).prerequisites)
        for prerequisite_id in playbook.step(item.step_id).prerequisites:
            prerequisite = playbook.step(prerequisite_id)
            for name in item.business_units:
                bu = workshop.business_unit_named(name)
                assert bu is not None
                current = workshop.rating(bu.id, prerequisite.dimension_id).current
                if current not in SCORE:
                    assert name in unplanned.get(prerequisite_id, "")
                    assert MODEL.dimension(prerequisite.dimension_id).name in unplanned[prerequisite_id]
                elif SCORE[current] < SCORE[prerequisite.to_stage]:  # type: ignore[index]
                    assert prerequisite_id in item.prerequisites


@PROPERTY
@given(workshops())
def test_a_unit_at_its_target_gets_no_steps(workshop: Workshop) -> None:
    roadmap = plan(workshop)
    for bu in workshop.business_units:
        at_target = []
        for dimension_id in DIMENSIONS:
            rating = workshop.rating(bu.id, dimension_id)
            target = stated_target(workshop, bu.id, dimension_id)
            if target is None or target == SCORE[rating.current]:  # type: ignore[index]
                at_target.append(dimension_id)
                for item in roadmap.items:
                    if item.dimension_id == dimension_id and bu.name in item.business_units:
                        # Only when something it needs depends on it, and then said so.
                        assert target is not None and bu.name in item.beyond_target
        if len(at_target) == len(DIMENSIONS):
            assert all(bu.name not in i.business_units for i in roadmap.items)
            assert all(g.business_unit != bu.name for g in roadmap.gaps)


@PROPERTY
@given(workshops())
def test_every_gap_to_the_target_is_planned(workshop: Workshop) -> None:
    roadmap = plan(workshop)
    playbook = playbook_for(MODEL)
    for bu in workshop.business_units:
        for dimension_id in DIMENSIONS:
            target = stated_target(workshop, bu.id, dimension_id)
            current = workshop.rating(bu.id, dimension_id).current
            if target is None:
                continue
            for at in range(SCORE[current], target):  # type: ignore[index]
                stage = MODEL.stage_by_score(at).id
                for step in playbook.steps_from(dimension_id, stage):
                    item = placed(roadmap)[(step.id, bu.name)]
                    assert bu.name not in item.beyond_target


@PROPERTY
@given(workshops())
def test_money_stays_under_the_cap_and_no_step_is_worth_more_than_its_gaps(workshop: Workshop) -> None:
    roadmap = plan(workshop)
    gaps: dict[tuple[str, str], float] = {}
    per_unit: dict[str, float] = {}
    for gap in roadmap.gaps:
        assert gap.monthly_waste >= 0
        gaps[(gap.business_unit, gap.dimension_id)] = gap.monthly_waste
        per_unit[gap.business_unit] = per_unit.get(gap.business_unit, 0.0) + gap.monthly_waste
    for bu in workshop.business_units:
        cap = MODEL.max_recoverable_share * (bu.monthly_spend or 0.0)
        assert per_unit.get(bu.name, 0.0) <= cap + 1e-6
    for item in roadmap.items:
        assert item.monthly_savings == pytest.approx(sum(savings(item).values()), abs=1e-6)
        dimensions = {d for d, _, _ in item.unlocks.gaps}
        for name, amount in item.savings_by_business_unit:
            worth = sum(gaps.get((name, d), 0.0) for d in dimensions)
            assert 0 <= amount <= worth + 1e-6
    # The headline names a dimension with gaps; the costliest when it can start at once.
    by_dimension: dict[str, float] = {}
    for gap in roadmap.gaps:
        by_dimension[gap.dimension_id] = by_dimension.get(gap.dimension_id, 0.0) + gap.monthly_waste
    if not roadmap.gaps:
        assert roadmap.headline is None
    else:
        assert roadmap.headline is not None
        assert roadmap.headline.monthly_waste == pytest.approx(by_dimension[roadmap.headline.dimension_id])
        if roadmap.headline.costliest_dimension_id is None:
            assert by_dimension[roadmap.headline.dimension_id] == max(by_dimension.values())


@PROPERTY
@given(workshops(), st.data())
def test_adding_a_unit_never_moves_another_units_step_later(workshop: Workshop, data: st.DataObject) -> None:
    before = placed(plan(workshop))
    extra = data.draw(workshops())
    added = BusinessUnit(99, "Added unit", 99, extra.business_units[0].monthly_spend)
    grown = replace(workshop, business_units=[*workshop.business_units, added],
                    ratings=workshop.ratings | {(r, 99, d): rating for (r, b, d), rating in extra.ratings.items()
                                                if b == extra.business_units[0].id})
    after = placed(plan(grown))
    for (step, name), item in before.items():
        assert WAVE_NAMES.index(after[(step, name)].wave) <= WAVE_NAMES.index(item.wave)


@PROPERTY
@given(workshops(), CAPACITIES)
def test_the_headlines_first_step_is_in_the_first_wave_when_its_prerequisites_are_met(
        workshop: Workshop, capacity: float | None) -> None:
    roadmap = plan_roadmap(workshop, today=TODAY, capacity_days_per_quarter=capacity)
    if roadmap.headline is None or not roadmap.headline.actionable_now:
        return
    mine = [i for i in roadmap.items if i.dimension_id == roadmap.headline.dimension_id]
    assert mine
    first = mine[0]
    order = step_order(playbook_for(MODEL), MODEL)
    waits = any((other, name) in placed(roadmap) for other in order[first.step_id] for name in first.business_units)
    if not waits:
        assert first.wave == WAVES[0].name


@PROPERTY
@given(workshops())
def test_same_input_same_output(workshop: Workshop) -> None:
    first = plan(workshop)
    assert plan(workshop) == first
    # The same workshop with its ratings and edits stored in another order.
    shuffled = replace(workshop, ratings=dict(reversed(list(workshop.ratings.items()))),
                       waste_overrides=dict(reversed(list(workshop.waste_overrides.items()))))
    assert plan(shuffled) == first
    assert plan(shuffled).as_dict() == first.as_dict()


@PROPERTY
@given(workshops())
def test_not_assessed_is_never_treated_as_crawl(workshop: Workshop) -> None:
    roadmap = plan(workshop)
    for bu in workshop.business_units:
        for dimension_id in DIMENSIONS:
            if workshop.rating(bu.id, dimension_id).current not in SCORE:
                assert not any(i.dimension_id == dimension_id and bu.name in i.business_units
                               for i in roadmap.items)
                assert not any(g.dimension_id == dimension_id and g.business_unit == bu.name for g in roadmap.gaps)


@settings(max_examples=40, deadline=None)
@given(workshops(), st.floats(min_value=1, max_value=200))
def test_capacity_only_moves_items_later_and_keeps_the_order_valid(workshop: Workshop, capacity: float) -> None:
    free = placed(plan_roadmap(workshop, today=TODAY))
    limited_roadmap = plan_roadmap(workshop, today=TODAY, capacity_days_per_quarter=capacity)
    limited = placed(limited_roadmap)
    assert set(free) == set(limited)
    for key, item in limited.items():
        assert WAVE_NAMES.index(item.wave) >= WAVE_NAMES.index(free[key].wave)
        for prerequisite in item.prerequisites:
            if (prerequisite, key[1]) in limited:
                assert limited[(prerequisite, key[1])].rank < item.rank
    assert math.isclose(sum(g.monthly_waste for g in plan_roadmap(workshop, today=TODAY).gaps),
                        sum(g.monthly_waste for g in limited_roadmap.gaps), rel_tol=1e-9, abs_tol=1e-6)
