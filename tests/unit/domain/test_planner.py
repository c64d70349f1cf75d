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
from finops_desktop.domain.workshop import AssessmentRound, BusinessUnit, Rating, Workshop, WorkshopInfo

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
    return {item.step_id: item for item in roadmap.items}


def savings(item: RoadmapItem) -> dict[str, float]:
    return dict(item.savings_by_business_unit)


# Worked examples ------------------------------------------------------------------------
# Shares wasted (see roadmap_samples.SHARES): commitments 20% / 8% / 2% at Crawl / Walk /
# Run, every other dimension 10% / 5% / 1%. The small playbook has one step per transition
# with effort S (1–3 days) unless a test says otherwise.


def test_headline_and_merged_items_worked_example() -> None:
    workshop = make_workshop([
        ("Retail", 100_000.0, None, at_walk(commitment_strategy="crawl/walk", automation_level="crawl/walk")),
        ("Payments", 50_000.0, None, at_walk(commitment_strategy="walk/run")),
        ("Lab", None, None, at_walk(commitment_strategy="crawl/walk", automation_level="crawl/walk")),
    ])
    roadmap = plan_roadmap(workshop, small_playbook(), today=TODAY)

    # Commitments: Retail 100,000 x (20% - 8%) = 12,000; Payments 50,000 x (8% - 2%) = 3,000;
    # Lab has no spend. Automation: Retail 100,000 x (10% - 5%) = 5,000.
    assert roadmap.headline is not None
    assert roadmap.headline.dimension_id == "commitment_strategy"
    assert roadmap.headline.monthly_waste == pytest.approx(15_000)
    assert "USD 15,000" in roadmap.headline.reason and "Commitment strategy" in roadmap.headline.reason
    assert "Automation level with USD 5,000" in roadmap.headline.reason

    items = by_step(roadmap)
    assert [i.step_id for i in roadmap.items] == [step_id("commitment_strategy", "crawl"),
                                                 step_id("automation_level", "crawl"),
                                                 step_id("commitment_strategy", "walk")]
    merged = items[step_id("commitment_strategy", "crawl")]
    assert merged.business_units == ("Retail", "Lab")
    assert merged.monthly_savings == pytest.approx(12_000)
    assert savings(merged) == pytest.approx({"Retail": 12_000, "Lab": 0})
    assert (merged.from_stage, merged.to_stage, merged.rank) == ("crawl", "walk", 1)
    assert items[step_id("automation_level", "crawl")].monthly_savings == pytest.approx(5_000)
    assert items[step_id("commitment_strategy", "walk")].business_units == ("Payments",)
    assert items[step_id("commitment_strategy", "walk")].monthly_savings == pytest.approx(3_000)
    # Every unit has its foundations at Walk already: nothing needs to wait, Walk to Run included.
    assert [i.wave for i in roadmap.items] == ["0–90 days", "0–90 days", "0–90 days"]
    assert [g.monthly_waste for g in roadmap.gaps] == pytest.approx([12_000, 5_000, 3_000, 0, 0])


def test_money_is_split_between_the_steps_of_a_transition_by_weight() -> None:
    policy = {"id": "commit-policy", "dimension": "commitment_strategy", "from": "crawl", "to": "walk",
              "title": "Policy", "description": "d", "owner_role": "Finance partner", "effort": "S", "kpi": "k",
              "kpi_target": "t", "weight": 1}
    playbook = small_playbook({step_id("commitment_strategy", "crawl"): {"weight": 3}}, [policy])
    workshop = make_workshop([
        ("Retail", 100_000.0, None, at_walk(commitment_strategy="crawl/walk")),
        ("Insurance", 40_000.0, None, at_walk(commitment_strategy="crawl/walk")),
    ])
    items = by_step(plan_roadmap(workshop, playbook, today=TODAY))
    # Retail 12,000 and Insurance 40,000 x 12% = 4,800, split 3 : 1.
    assert savings(items[step_id("commitment_strategy", "crawl")]) == pytest.approx(
        {"Retail": 9_000, "Insurance": 3_600})
    assert savings(items["commit-policy"]) == pytest.approx({"Retail": 3_000, "Insurance": 1_200})
    assert items["commit-policy"].monthly_savings == pytest.approx(4_200)


def test_money_per_day_of_effort_ranks_and_a_prerequisite_carries_what_it_unlocks() -> None:
    purchase = step_id("commitment_strategy", "crawl")
    policy = {"id": "commit-policy", "dimension": "commitment_strategy", "from": "crawl", "to": "walk",
              "title": "Policy", "description": "d", "owner_role": "Finance partner", "effort": "M", "kpi": "k",
              "kpi_target": "t"}
    playbook = small_playbook({purchase: {"weight": 3, "prerequisites": ["commit-policy"]},
                               step_id("anomaly_detection", "crawl"): {"effort": "M"}}, [policy])
    workshop = make_workshop([("Retail", 100_000.0, None,
                               at_walk(commitment_strategy="crawl/walk", automation_level="crawl/walk",
                                       anomaly_detection="crawl/walk"))])
    roadmap = plan_roadmap(workshop, playbook, today=TODAY)
    # Per day of effort (S = 2 days, M = 6 days at the midpoint): purchase 9,000 / 2 = 4,500;
    # automation 5,000 / 2 = 2,500; anomalies 5,000 / 6 = 833; the policy on its own
    # 3,000 / 6 = 500, but it unlocks the purchase, so it goes first.
    assert [i.step_id for i in roadmap.items] == ["commit-policy", purchase, step_id("automation_level", "crawl"),
                                                 step_id("anomaly_detection", "crawl")]
    assert by_step(roadmap)[purchase].prerequisites == ("commit-policy",)


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
    # 200,000 x (10% - 5%) = 10,000 for tagging; 200,000 x (5% - 1%) = 8,000 for automation.
    assert items[tagging].monthly_savings == pytest.approx(10_000)
    assert items[automation].monthly_savings == pytest.approx(8_000)
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
    items = by_step(roadmap)
    visibility, tagging, anomalies = (step_id("cost_visibility", "walk"), step_id("tagging_coverage", "walk"),
                                      step_id("anomaly_detection", "walk"))
    assert [i.step_id for i in roadmap.items] == [visibility, tagging, anomalies]
    # Ops needs tagging at Run, which needs visibility at Run: each waits a wave for the last.
    assert [items[s].wave for s in (visibility, tagging, anomalies)] == ["0–90 days", "3–6 months", "6–12 months"]
    assert items[visibility].beyond_target == ("Ops",) and items[tagging].beyond_target == ("Ops",)
    assert items[anomalies].business_units == ("Ops", "Web")
    assert LATER not in roadmap.waves

    # With ownership to build first, Ops' work above Walk starts a wave later, and the last
    # step falls beyond the year.
    workshop.ratings[(1, 1, "finops_ownership")] = Rating("crawl", "walk")
    roadmap = plan_roadmap(workshop, playbook, today=TODAY)
    items = by_step(roadmap)
    ownership = step_id("finops_ownership", "crawl")
    assert [i.step_id for i in roadmap.items] == [ownership, visibility, tagging, anomalies]
    assert [items[s].wave for s in (ownership, visibility, tagging, anomalies)] == [
        "0–90 days", "3–6 months", "6–12 months", "After 12 months"]
    assert roadmap.waves[-1] == LATER


def test_capacity_spreads_items_over_the_waves() -> None:
    # Anomalies recover 100,000 x (10% - 8%) = 2,000, less than automation's 5,000.
    workshop = make_workshop([("Retail", 100_000.0, None,
                               at_walk(commitment_strategy="crawl/walk", automation_level="crawl/walk",
                                       anomaly_detection="crawl/walk"))],
                             shares=SHARES | {"anomaly_detection": (0.10, 0.08, 0.01)})
    unlimited = plan_roadmap(workshop, small_playbook(), today=TODAY)
    assert {i.wave for i in unlimited.items} == {"0–90 days"}
    # Three steps of 2 days each, 4 days a quarter: two in the first wave, one in the next.
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
    # No money, but commitments recover 12 points of spend and automation 5 for the same effort.
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


def test_missing_target_means_the_next_stage() -> None:
    workshop = make_workshop([("Retail", 100_000.0, None,
                               {"commitment_strategy": "crawl", "cost_visibility": "walk/walk",
                                "tagging_coverage": "walk/walk", "finops_ownership": "walk/walk",
                                "automation_level": "run"})])
    roadmap = plan_roadmap(workshop, small_playbook(), today=TODAY)
    assert [i.step_id for i in roadmap.items] == [step_id("commitment_strategy", "crawl")]
    assert [(g.dimension_id, g.target, g.planned) for g in roadmap.gaps] == [("commitment_strategy", "walk", "walk")]


def test_workshop_waste_edits_are_used_and_a_rising_share_recovers_nothing() -> None:
    shares = {"commitment_strategy": (0.05, 0.10, 0.01)}  # an odd edit: Walk wastes more than Crawl
    workshop = make_workshop([("Retail", 100_000.0, None, at_walk(commitment_strategy="crawl/run"))], shares=shares)
    items = by_step(plan_roadmap(workshop, small_playbook(), today=TODAY))
    assert items[step_id("commitment_strategy", "crawl")].monthly_savings == 0
    assert items[step_id("commitment_strategy", "walk")].monthly_savings == pytest.approx(9_000)


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
    assert roadmap.as_dict()["items"][list(items).index("commit-baseline")]["unplanned_prerequisites"] == [
        {"step_id": "vis-billing-export", "title": "Switch on the detailed billing export",
         "reason": "Cost visibility not applicable for Lab; not assessed for Insurance"}]
    (diagnostic,) = [d for d in roadmap.diagnostics if d.id == "run_on_unassessed_foundations"]
    assert diagnostic.business_unit == "Insurance"
    assert diagnostic.dimensions == ("cost_visibility", "tagging_coverage", "commitment_strategy",
                                     "finops_ownership")
    assert "Cost visibility, Tagging coverage and FinOps ownership are not assessed" in diagnostic.message


def test_a_unit_with_its_foundations_in_place_starts_towards_run_at_once() -> None:
    workshop = make_workshop([("Payments", 265_000.0, None, {d: "walk/run" for d in DIMENSIONS})])
    roadmap = plan_roadmap(workshop, small_playbook(), today=TODAY)
    assert len(roadmap.items) == len(DIMENSIONS)
    # No foundation step to wait for, and the steps do not depend on each other.
    assert {i.wave for i in roadmap.items} == {"0–90 days"}
    shipped = plan_roadmap(workshop, today=TODAY)
    assert any(i.wave == "0–90 days" for i in shipped.items)


def test_foundation_steps_rank_first_and_the_headline_still_names_the_costliest_dimension() -> None:
    workshop = make_workshop([("Retail", 100_000.0, None, at_walk(commitment_strategy="crawl/walk")),
                              ("Data", 100_000.0, None, at_walk(commitment_strategy="crawl/walk",
                                                                tagging_coverage="crawl/walk"))])
    roadmap = plan_roadmap(workshop, small_playbook(), today=TODAY)
    # Commitments recover 2 x 12,000 for 2 days, tagging 5,000 for 2 days; tagging is a
    # foundation, so it goes first all the same.
    assert [i.step_id for i in roadmap.items] == [step_id("tagging_coverage", "crawl"),
                                                 step_id("commitment_strategy", "crawl")]
    assert {i.wave for i in roadmap.items} == {"0–90 days"}
    assert roadmap.headline is not None and roadmap.headline.dimension_id == "commitment_strategy"


def test_an_earlier_round_can_be_planned() -> None:
    rounds = [AssessmentRound(1, "Baseline", "2026-01-10"), AssessmentRound(2, "Six months on", "2026-07-10")]
    workshop = make_workshop([("Retail", 100_000.0, None, at_walk(commitment_strategy="crawl/walk"))], rounds=rounds)
    workshop.ratings[(2, 1, "commitment_strategy")] = Rating("walk", "walk")
    assert plan_roadmap(workshop, small_playbook(), today=TODAY).items == ()
    assert len(plan_roadmap(workshop, small_playbook(), round_id=1, today=TODAY).items) == 1
    with pytest.raises(ValueError, match="no assessment round 9"):
        plan_roadmap(workshop, small_playbook(), round_id=9)


def test_as_dict_has_the_documented_keys() -> None:
    workshop = make_workshop([("Retail", 100_000.0, None, at_walk(commitment_strategy="crawl/walk"))])
    data = plan_roadmap(workshop, small_playbook(), today=TODAY).as_dict()
    assert set(data["headline"]) == {"dimension", "monthly_waste", "reason"}
    assert data["headline"]["monthly_waste"] == 12_000
    item = data["items"][0]
    assert {"rank", "step_id", "title", "dimension", "from_stage", "to_stage", "business_units", "wave",
            "owner_role", "effort", "monthly_savings", "kpi", "prerequisites"} <= set(item)
    assert item["business_units"] == ["Retail"] and item["rank"] == 1 and item["effort"] == "S"


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
    rank = {i.step_id: i.rank for i in roadmap.items}
    wave = {i.step_id: WAVE_NAMES.index(i.wave) for i in roadmap.items}
    assert [i.rank for i in roadmap.items] == list(range(1, len(roadmap.items) + 1))
    assert [wave[i.step_id] for i in roadmap.items] == sorted(wave.values())
    for item in roadmap.items:
        for prerequisite in item.prerequisites:
            assert rank[prerequisite] < item.rank
            assert wave[prerequisite] <= wave[item.step_id]
    # For each business unit, every ordering the playbook implies (written prerequisites,
    # earlier stages, required stages, foundations) holds between the steps it gets.
    order = step_order(playbook_for(MODEL), MODEL)
    for item in roadmap.items:
        for other in roadmap.items:
            if other.step_id in order[item.step_id] and set(other.business_units) & set(item.business_units):
                assert other.rank < item.rank, f"{other.step_id} must come before {item.step_id}"


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


def depends_on(roadmap: Roadmap, item: RoadmapItem) -> set[str]:
    """Every item that ``item`` waits for, directly or not, through a business unit they share."""
    order = step_order(playbook_for(MODEL), MODEL)
    found: set[str] = set()
    todo = [item]
    while todo:
        after = todo.pop()
        for other in roadmap.items:
            if (other.step_id in order[after.step_id] and other.step_id not in found
                    and set(other.business_units) & set(after.business_units)):
                found.add(other.step_id)
                todo.append(other)
    return found


@PROPERTY
@given(workshops(), CAPACITIES)
def test_foundation_steps_rank_first_within_each_wave(workshop: Workshop, capacity: float | None) -> None:
    roadmap = plan_roadmap(workshop, today=TODAY, capacity_days_per_quarter=capacity)
    foundation = [i for i in roadmap.items if i.dimension_id in FOUNDATIONS and SCORE[i.to_stage] <= WALK]
    for item in foundation:
        needed = depends_on(roadmap, item)
        for other in roadmap.items:
            if other.wave == item.wave and other.rank < item.rank and other not in foundation:
                assert other.step_id in needed, f"{other.step_id} ranks before {item.step_id}"


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
                    item = by_step(roadmap)[step.id]
                    assert bu.name in item.business_units and bu.name not in item.beyond_target


@PROPERTY
@given(workshops())
def test_money_sums_match_the_figures_per_unit(workshop: Workshop) -> None:
    roadmap = plan(workshop)
    per_unit_items: dict[str, float] = {}
    for item in roadmap.items:
        assert item.monthly_savings == pytest.approx(sum(savings(item).values()), abs=1e-6)
        assert all(amount >= 0 for amount in savings(item).values())
        for name, amount in item.savings_by_business_unit:
            per_unit_items[name] = per_unit_items.get(name, 0.0) + amount
    per_unit_gaps: dict[str, float] = {}
    for gap in roadmap.gaps:
        bu = workshop.business_unit_named(gap.business_unit)
        assert bu is not None
        spend = bu.monthly_spend or 0.0
        expected = spend * (workshop.waste(gap.dimension_id, gap.current).share
                            - workshop.waste(gap.dimension_id, gap.planned).share)
        assert gap.monthly_waste == pytest.approx(expected, rel=1e-9, abs=1e-6)
        per_unit_gaps[gap.business_unit] = per_unit_gaps.get(gap.business_unit, 0.0) + gap.monthly_waste
    assert per_unit_items.keys() == per_unit_gaps.keys()
    for name, total in per_unit_gaps.items():
        assert per_unit_items[name] == pytest.approx(total, rel=1e-9, abs=1e-6)
    # The headline is the dimension with the most money across the units.
    by_dimension: dict[str, float] = {}
    for gap in roadmap.gaps:
        by_dimension[gap.dimension_id] = by_dimension.get(gap.dimension_id, 0.0) + gap.monthly_waste
    if not roadmap.gaps:
        assert roadmap.headline is None
    else:
        assert roadmap.headline is not None
        assert roadmap.headline.monthly_waste == pytest.approx(max(by_dimension.values()))
        assert by_dimension[roadmap.headline.dimension_id] == max(by_dimension.values())


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
    free = plan_roadmap(workshop, today=TODAY)
    limited = plan_roadmap(workshop, today=TODAY, capacity_days_per_quarter=capacity)
    assert {i.step_id for i in free.items} == {i.step_id for i in limited.items}
    free_wave = {i.step_id: WAVE_NAMES.index(i.wave) for i in free.items}
    rank = {i.step_id: i.rank for i in limited.items}
    for item in limited.items:
        assert WAVE_NAMES.index(item.wave) >= free_wave[item.step_id]
        assert all(rank[p] < item.rank for p in item.prerequisites)
    assert math.isclose(sum(i.monthly_savings for i in free.items), sum(i.monthly_savings for i in limited.items),
                        rel_tol=1e-9, abs_tol=1e-6)
