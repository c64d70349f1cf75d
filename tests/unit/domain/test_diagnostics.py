"""Diagnostics: each known trap is raised when the ratings show it, and only then."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from finops_desktop.domain.diagnostics import (
    ATTRIBUTION_DEBT,
    DASHBOARDS_WITHOUT_EXECUTION,
    RUN_ON_CRAWL_FOUNDATIONS,
    RUN_ON_UNASSESSED_FOUNDATIONS,
    SEVERITIES,
    STATIC_AUTOMATION,
    TITLES,
    DiagnosticRules,
    diagnose,
)
from finops_desktop.domain.playbook import playbook_for
from finops_desktop.domain.roadmap import Diagnostic
from finops_desktop.domain.workshop import AssessmentRound, BusinessUnit, Rating, Workshop, WorkshopInfo

from .roadmap_samples import DIMENSIONS, FOUNDATIONS, MODEL, at_walk, make_workshop

RULES = playbook_for(MODEL).diagnostics
TODAY = date(2026, 11, 27)


def found(workshop: Workshop, kind: str, *, today: date = TODAY, rules: DiagnosticRules = RULES) -> list[Diagnostic]:
    return [d for d in diagnose(workshop, rules, today=today) if d.id == kind]


# Run ambitions on Crawl foundations -----------------------------------------------------


def test_run_ambitions_on_crawl_foundations() -> None:
    workshop = make_workshop([
        ("Insurance", 120_000.0, None, at_walk(commitment_strategy="crawl/run", tagging_coverage="crawl/walk",
                                               finops_ownership="crawl/walk")),
        ("Payments", 265_000.0, None, at_walk(commitment_strategy="walk/run")),  # foundations at Walk
        # No target: Run is only a suggestion, nobody's ambition.
        ("Lab", 18_000.0, None, at_walk(automation_level="walk", cost_visibility="crawl/crawl")),
        ("Retail", 400_000.0, None, at_walk(commitment_strategy="walk/run", tagging_coverage="-")),  # unknown
        ("Web", 18_000.0, None, at_walk(automation_level="walk/run", cost_visibility="crawl/crawl")),
    ])
    diagnostics = found(workshop, RUN_ON_CRAWL_FOUNDATIONS)
    assert [d.business_unit for d in diagnostics] == ["Insurance", "Web"]
    insurance, lab = diagnostics
    assert insurance.severity == "high"
    assert insurance.dimensions == ("tagging_coverage", "commitment_strategy", "finops_ownership")
    assert "Insurance aims for Run in Commitment strategy" in insurance.message
    assert "Tagging coverage and FinOps ownership at Crawl" in insurance.message
    assert "to Walk first" in insurance.message
    assert lab.dimensions == ("cost_visibility", "automation_level")
    assert "Run in Automation level" in lab.message and "Cost visibility at Crawl" in lab.message


def test_a_leap_of_a_foundation_itself_counts() -> None:
    workshop = make_workshop([("Data", 180_000.0, None, at_walk(tagging_coverage="crawl/run"))])
    (diagnostic,) = found(workshop, RUN_ON_CRAWL_FOUNDATIONS)
    assert diagnostic.dimensions == ("tagging_coverage",)


def test_working_at_run_on_crawl_foundations_counts_too() -> None:
    workshop = make_workshop([("Data", 180_000.0, None, at_walk(tagging_coverage="crawl/walk",
                                                                 automation_level="run/run",
                                                                 commitment_strategy="walk/run"))])
    (diagnostic,) = found(workshop, RUN_ON_CRAWL_FOUNDATIONS)
    assert diagnostic.dimensions == ("tagging_coverage", "commitment_strategy", "automation_level")
    assert "Data aims for Run in Commitment strategy and works at Run in Automation level" in diagnostic.message


def test_no_run_ambition_no_diagnostic() -> None:
    workshop = make_workshop([("Data", 180_000.0, None,
                               {"tagging_coverage": "crawl/walk", "commitment_strategy": "walk/walk",
                                "automation_level": "walk/na", "anomaly_detection": "na",
                                "cost_visibility": "walk/crawl"})])  # a target below the current stage: no move
    assert found(workshop, RUN_ON_CRAWL_FOUNDATIONS) == []


def test_run_ambitions_on_unassessed_foundations() -> None:
    workshop = make_workshop([
        ("Insurance", 120_000.0, None, {"commitment_strategy": "crawl/run"}),  # nothing else assessed
        ("Retail", 400_000.0, None, at_walk(commitment_strategy="walk/run", tagging_coverage="-")),
        ("Payments", 265_000.0, None, at_walk(automation_level="run/run", finops_ownership="-/walk")),
        ("Lab", 18_000.0, None, at_walk(commitment_strategy="walk/run", tagging_coverage="na")),  # not applicable
        ("Corporate IT", 75_000.0, None, {"commitment_strategy": "crawl/walk"}),  # no Run ambition
    ])
    diagnostics = found(workshop, RUN_ON_UNASSESSED_FOUNDATIONS)
    assert [d.business_unit for d in diagnostics] == ["Insurance", "Retail", "Payments"]
    insurance, retail, payments = diagnostics
    assert insurance.severity == "medium"
    assert insurance.dimensions == ("cost_visibility", "tagging_coverage", "commitment_strategy", "finops_ownership")
    assert insurance.message.startswith("Insurance aims for Run in Commitment strategy, but Cost visibility, "
                                        "Tagging coverage and FinOps ownership are not assessed.")
    assert "at Walk yet" in insurance.message and "Assess them" in insurance.message
    assert retail.dimensions == ("tagging_coverage", "commitment_strategy")
    assert "Tagging coverage is not assessed" in retail.message and "Assess it" in retail.message
    assert payments.message.startswith("Payments already works at Run in Automation level, but FinOps ownership")
    # Crawl foundations are the other trap; a unit can show both.
    assert found(workshop, RUN_ON_CRAWL_FOUNDATIONS) == []
    assert TITLES[RUN_ON_UNASSESSED_FOUNDATIONS] == "Run ambitions on unassessed foundations"


# Attribution debt -----------------------------------------------------------------------


def test_attribution_debt_when_tagging_is_crawl_and_spend_grows() -> None:
    workshop = make_workshop([
        ("Data", 180_000.0, 60.0, at_walk(tagging_coverage="crawl/walk")),
        ("Insurance", 120_000.0, 12.0, at_walk(tagging_coverage="crawl/walk")),
        ("Corporate IT", 75_000.0, 5.0, at_walk(tagging_coverage="crawl/walk")),  # barely grows
        ("Payments", 265_000.0, 35.0, at_walk(tagging_coverage="walk/run")),  # tagged enough
        ("Lab", None, 80.0, at_walk(tagging_coverage="crawl/walk")),  # no spend recorded
        ("Unknown", 50_000.0, None, at_walk(tagging_coverage="crawl/walk")),  # growth not known
    ], currency="EUR")
    diagnostics = found(workshop, ATTRIBUTION_DEBT)
    assert [(d.business_unit, d.severity) for d in diagnostics] == [("Data", "high"), ("Lab", "high"),
                                                                    ("Insurance", "medium")]
    data = diagnostics[0]
    assert data.dimensions == ("tagging_coverage",)
    assert "about 60% a year" in data.message and "Tagging coverage is still at Crawl" in data.message
    # 180,000 a month growing 60% a year: 108,000 more a month in a year.
    assert "EUR 108,000 more each month" in data.message
    # 120,000 x 12% = 14,400.
    assert "EUR 14,400 more each month" in diagnostics[2].message
    assert "more each month" not in diagnostics[1].message


def test_attribution_debt_thresholds_come_from_the_rules() -> None:
    workshop = make_workshop([("Corporate IT", 75_000.0, 5.0, at_walk(tagging_coverage="crawl/walk"))])
    rules = DiagnosticRules(attribution_dimensions=("tagging_coverage",), min_growth=5, high_growth=5)
    assert [d.severity for d in found(workshop, ATTRIBUTION_DEBT, rules=rules)] == ["high"]
    assert found(workshop, ATTRIBUTION_DEBT, rules=DiagnosticRules()) == []


# Dashboards without execution -----------------------------------------------------------


def test_dashboards_without_execution() -> None:
    workshop = make_workshop([
        ("Retail", 420_000.0, None, at_walk(commitment_strategy="crawl/walk", automation_level="crawl/walk")),
        ("Data", 180_000.0, None, at_walk(cost_visibility="run/run", commitment_strategy="crawl/walk")),
        ("Corporate IT", 75_000.0, None, at_walk(cost_visibility="crawl/walk", commitment_strategy="crawl/walk")),
        ("Payments", 265_000.0, None, at_walk(cost_visibility="run/run")),
        ("Lab", 18_000.0, None, at_walk(cost_visibility="-", commitment_strategy="crawl/walk")),
    ])
    diagnostics = found(workshop, DASHBOARDS_WITHOUT_EXECUTION)
    assert [d.business_unit for d in diagnostics] == ["Retail", "Data"]
    retail, data = diagnostics
    assert retail.severity == "medium"
    assert retail.dimensions == ("cost_visibility", "commitment_strategy", "automation_level")
    assert "Cost visibility at Walk" in retail.message
    assert "Commitment strategy and Automation level are still at Crawl" in retail.message
    assert data.dimensions == ("cost_visibility", "commitment_strategy")
    assert "Cost visibility at Run" in data.message and "Commitment strategy is still at Crawl" in data.message


# Automation treated as static -----------------------------------------------------------


@pytest.mark.parametrize(
    ("today", "severity"),
    [(date(2026, 5, 1), None), (date(2026, 7, 8), None), (date(2026, 7, 9), "medium"), (date(2026, 11, 27), "medium"),
     (date(2027, 1, 4), "medium"), (date(2027, 1, 5), "high")],
)
def test_static_automation_after_180_days_and_high_after_360(today: date, severity: str | None) -> None:
    # Assessed on 10 January 2026: day 180 is 9 July 2026, day 360 is 5 January 2027.
    rounds = [AssessmentRound(1, "Baseline", "2026-01-10T09:30:00+00:00")]
    workshop = make_workshop([
        ("Payments", 265_000.0, None, at_walk(commitment_strategy="run/run")),
        ("Retail", 420_000.0, None, at_walk(commitment_strategy="walk/run")),
    ], rounds=rounds)
    diagnostics = found(workshop, STATIC_AUTOMATION, today=today)
    assert [d.severity for d in diagnostics] == ([severity] if severity else [])
    if severity:
        (diagnostic,) = diagnostics
        assert diagnostic.business_unit == "Payments"
        assert diagnostic.dimensions == ("commitment_strategy",)
        days = (today - date(2026, 1, 10)).days
        assert f"on 2026-01-10, {days} days ago" in diagnostic.message


def test_a_later_round_counts_as_reassessment() -> None:
    rounds = [AssessmentRound(1, "Baseline", "2025-06-01T09:00:00+00:00"),
              AssessmentRound(2, "Six months on", "2026-10-01T09:00:00+00:00")]
    workshop = make_workshop([("Payments", 265_000.0, None, at_walk(commitment_strategy="run/run"))], rounds=rounds)
    assert found(workshop, STATIC_AUTOMATION) == []
    # Diagnosing the baseline itself still looks at the later round.
    assert [d for d in diagnose(workshop, RULES, round_id=1, today=TODAY) if d.id == STATIC_AUTOMATION] == []


def test_the_date_a_cell_was_rated_counts_not_when_its_round_began() -> None:
    # The round was set up long ago, but the room rated the commitments this week: not static.
    rounds = [AssessmentRound(1, "Baseline", "2025-01-10T09:00:00+00:00")]
    workshop = make_workshop([("Payments", 265_000.0, None, at_walk(commitment_strategy="run/run"))], rounds=rounds)
    key = (1, 1, "commitment_strategy")
    workshop.ratings[key] = replace(workshop.ratings[key], rated_at="2026-11-20T10:00:00+00:00")
    assert found(workshop, STATIC_AUTOMATION) == []
    # Rated long ago and only carried into a later round: static, dated from the rating.
    rounds.append(AssessmentRound(2, "Six months on", "2026-10-01T09:00:00+00:00"))
    old = replace(workshop.ratings[key], rated_at="2025-02-01T10:00:00+00:00")
    workshop.ratings[key] = old
    workshop.ratings[(2, 1, "commitment_strategy")] = old
    (diagnostic,) = found(workshop, STATIC_AUTOMATION)
    assert "on 2025-02-01" in diagnostic.message and diagnostic.severity == "high"


def test_no_date_no_static_automation_diagnostic() -> None:
    workshop = make_workshop([("Payments", 265_000.0, None, at_walk(commitment_strategy="run/run"))],
                             rounds=[AssessmentRound(1, "Baseline", "")])
    assert found(workshop, STATIC_AUTOMATION, today=date(2030, 1, 1)) == []


# All together ---------------------------------------------------------------------------


def test_most_severe_first_then_in_business_unit_order() -> None:
    rounds = [AssessmentRound(1, "Baseline", "2025-01-10T09:00:00+00:00")]
    workshop = make_workshop([
        ("Retail", 420_000.0, 15.0, at_walk(tagging_coverage="crawl/walk", commitment_strategy="crawl/walk")),
        ("Payments", 265_000.0, None, at_walk(commitment_strategy="run/run", finops_ownership="crawl/walk")),
    ], rounds=rounds)
    diagnostics = diagnose(workshop, RULES, today=TODAY)
    assert [(d.severity, d.business_unit, d.id) for d in diagnostics] == [
        ("high", "Payments", RUN_ON_CRAWL_FOUNDATIONS),
        ("high", "Payments", STATIC_AUTOMATION),
        ("medium", "Retail", ATTRIBUTION_DEBT),
        ("medium", "Retail", DASHBOARDS_WITHOUT_EXECUTION),
    ]
    assert all(d.id in TITLES for d in diagnostics)


def test_without_rules_only_the_foundation_trap_is_checked() -> None:
    workshop = make_workshop([("Retail", 420_000.0, 50.0,
                               at_walk(tagging_coverage="crawl/walk", commitment_strategy="run/run"))],
                             rounds=[AssessmentRound(1, "Baseline", "2020-01-01")])
    assert [d.id for d in diagnose(workshop, today=TODAY)] == [RUN_ON_CRAWL_FOUNDATIONS]


# Properties -----------------------------------------------------------------------------

STAGE_VALUES = [None, "na", "crawl", "walk", "run"]
SCORE = {s.id: s.score for s in MODEL.stages}


@st.composite
def workshops(draw: st.DrawFn) -> Workshop:
    count = draw(st.integers(min_value=1, max_value=5))
    units, ratings = [], {}
    for index in range(1, count + 1):
        spend = draw(st.one_of(st.none(), st.floats(min_value=0, max_value=1_000_000)))
        growth = draw(st.one_of(st.none(), st.floats(min_value=-20, max_value=150)))
        units.append(BusinessUnit(index, f"Unit {index}", index - 1, spend, annual_growth=growth))
        for dimension_id in DIMENSIONS:
            current, target = draw(st.sampled_from(STAGE_VALUES)), draw(st.sampled_from(STAGE_VALUES))
            ratings[(1, index, dimension_id)] = Rating(current, target)
    created = draw(st.dates(min_value=date(2024, 1, 1), max_value=TODAY))
    rounds = [AssessmentRound(1, "Baseline", f"{created.isoformat()}T12:00:00+00:00")]
    return Workshop(WorkshopInfo("Client"), MODEL, units, rounds, ratings)


@settings(max_examples=150, deadline=None)
@given(workshops())
def test_diagnostics_are_well_formed_ordered_and_repeatable(workshop: Workshop) -> None:
    diagnostics = diagnose(workshop, RULES, today=TODAY)
    assert diagnose(workshop, RULES, today=TODAY) == diagnostics
    names = [bu.name for bu in workshop.business_units]
    keys = [(SEVERITIES.index(d.severity), names.index(d.business_unit or "")) for d in diagnostics]
    assert keys == sorted(keys)
    for diagnostic in diagnostics:
        assert diagnostic.business_unit in names and diagnostic.business_unit in diagnostic.message
        assert diagnostic.dimensions and list(diagnostic.dimensions) == [d for d in DIMENSIONS
                                                                         if d in diagnostic.dimensions]
    pairs = [(d.business_unit, d.id) for d in diagnostics]
    assert len(pairs) == len(set(pairs))


@settings(max_examples=150, deadline=None)
@given(workshops())
def test_foundation_trap_raised_exactly_when_a_foundation_is_crawl_and_a_target_above_walk(
        workshop: Workshop) -> None:
    raised = {d.business_unit for d in diagnose(workshop, RULES, today=TODAY) if d.id == RUN_ON_CRAWL_FOUNDATIONS}
    for bu in workshop.business_units:
        weak = ambitious = False
        for dimension_id in DIMENSIONS:
            rating = workshop.rating(bu.id, dimension_id)
            if rating.current not in SCORE:
                continue  # not assessed or not applicable: neither weak nor ambitious
            current = SCORE[rating.current]  # type: ignore[index]
            target = current if rating.target is None else max(current, SCORE.get(rating.target, current))
            weak |= dimension_id in FOUNDATIONS and current < 2
            ambitious |= target > 2
        assert (bu.name in raised) == (weak and ambitious)


@settings(max_examples=150, deadline=None)
@given(workshops())
def test_unassessed_foundation_trap_raised_exactly_when_a_foundation_is_unrated_and_a_target_above_walk(
        workshop: Workshop) -> None:
    raised = {d.business_unit: d for d in diagnose(workshop, RULES, today=TODAY)
              if d.id == RUN_ON_UNASSESSED_FOUNDATIONS}
    for bu in workshop.business_units:
        unknown, ambitious = [], False
        for dimension_id in DIMENSIONS:
            rating = workshop.rating(bu.id, dimension_id)
            if rating.current is None:
                if dimension_id in FOUNDATIONS:
                    unknown.append(dimension_id)
                continue
            if rating.current not in SCORE:
                continue  # not applicable
            current = SCORE[rating.current]
            target = current if rating.target is None else max(current, SCORE.get(rating.target, current))
            ambitious |= target > 2
        assert (bu.name in raised) == (bool(unknown) and ambitious)
        if bu.name in raised:
            assert set(unknown) <= set(raised[bu.name].dimensions)


@settings(max_examples=150, deadline=None)
@given(workshops())
def test_attribution_debt_raised_exactly_for_growing_units_with_crawl_tagging(workshop: Workshop) -> None:
    raised = {d.business_unit for d in diagnose(workshop, RULES, today=TODAY) if d.id == ATTRIBUTION_DEBT}
    for bu in workshop.business_units:
        crawl = workshop.rating(bu.id, "tagging_coverage").current == "crawl"
        growing = bu.annual_growth is not None and bu.annual_growth >= RULES.min_growth
        assert (bu.name in raised) == (crawl and growing)


def _edited(workshop: Workshop, edit: tuple[str, int, str, object]) -> Workshop:
    """The workshop after one edit of a kind the window makes: a rating, a unit's details, the currency."""
    kind, index, dimension_id, value = edit
    bu = workshop.business_units[index % len(workshop.business_units)]
    if kind == "rating":
        current, target = value if isinstance(value, tuple) else (value, None)
        ratings = dict(workshop.ratings)
        ratings[(1, bu.id, dimension_id)] = Rating(current, target, rated_at=f"{TODAY.isoformat()}T09:00:00+00:00"
                                                   if current == "run" else None)
        return replace(workshop, ratings=ratings)
    if kind == "currency":
        return replace(workshop, info=replace(workshop.info, currency=str(value)))
    changed = replace(bu, **{kind: value})
    return replace(workshop, business_units=[changed if u.id == bu.id else u for u in workshop.business_units])


EDITS = st.one_of(
    st.tuples(st.just("rating"), st.integers(0, 4), st.sampled_from(DIMENSIONS),
              st.tuples(st.sampled_from(STAGE_VALUES), st.sampled_from(STAGE_VALUES))),
    st.tuples(st.just("name"), st.integers(0, 4), st.just(""), st.sampled_from(["Retail", "Payments", "Lab"])),
    st.tuples(st.just("annual_growth"), st.integers(0, 4), st.just(""),
              st.one_of(st.none(), st.floats(min_value=-20, max_value=150))),
    st.tuples(st.just("monthly_spend"), st.integers(0, 4), st.just(""),
              st.one_of(st.none(), st.floats(min_value=0, max_value=1_000_000))),
    st.tuples(st.just("currency"), st.just(0), st.just(""), st.sampled_from(["EUR", "USD", "GBP"])),
)


@settings(max_examples=300, deadline=None)
@given(workshops(), st.lists(EDITS, max_size=6), st.sampled_from([TODAY, date(2027, 12, 1)]))
def test_traps_remembered_between_plans_are_those_worked_out_afresh(workshop: Workshop,
                                                                    edits: list[tuple[str, int, str, object]],
                                                                    today: date) -> None:
    """After each edit, what diagnose remembers from earlier calls never stands in for what changed."""
    from finops_desktop.domain import diagnostics

    diagnostics._MEMOS.clear()
    for edit in [None, *edits]:
        if edit is not None:
            workshop = _edited(workshop, edit)
        remembered = diagnose(workshop, RULES, today=today)
        diagnostics._MEMOS.clear()
        assert remembered == diagnose(workshop, RULES, today=today)
