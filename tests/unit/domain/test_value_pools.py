"""What gaps are worth with the default model's own figures: coverage pricing, indicators, evidence, the cap.

Every unit here has its three enablers at Run, so it captures all of the pools' gaps (100%),
unless a test says otherwise. The default figures: 50% of spend eligible for commitments,
35% average discount, coverage 60% / 70% / 80% and unused commitment 2% / 1% / 0.5% of spend
at Crawl / Walk / Run, so the rate pool wastes 5.5% / 2.75% / 0.5%; usage 17% / 9% / 4%;
anomalies 3% / 1.2% / 0.4%.
"""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from finops_desktop.domain.model import WasteAssumption
from finops_desktop.domain.planner import plan_roadmap
from finops_desktop.domain.roadmap import Roadmap
from finops_desktop.domain.value_pools import PoolPricing, crawl_everywhere_share
from finops_desktop.domain.workshop import Rating

from .roadmap_samples import MODEL, make_workshop

TODAY = date(2026, 11, 27)
ENABLERS_AT_RUN = {"cost_visibility": "run/run", "tagging_coverage": "run/run", "finops_ownership": "run/run"}


def gap(roadmap: Roadmap, unit: str, dimension_id: str) -> tuple[float, str]:
    (found,) = [g for g in roadmap.gaps if g.business_unit == unit and g.dimension_id == dimension_id]
    return found.monthly_waste, found.source


def test_coverage_pricing_from_the_stage_and_from_a_typed_or_measured_coverage() -> None:
    """Four units of 200,000 a month, commitments Crawl to Walk.

    Stage figures: 200,000 x (5.5% - 2.75%) = 5,500.
    Typed 50% coverage: 0.5 x (80% - 50%) x 35% + 2% = 7.25% at today's level: 200,000 x
    (7.25% - 2.75%) = 9,000, from the indicator.
    Typed 50% but measured 66% from billing data: 0.5 x 14% x 35% + 2% = 4.45%: 200,000 x 1.7%
    = 3,400, from the evidence, which wins.
    Typed 75%, above the Walk coverage: 0.5 x 5% x 35% + 2% = 2.875%: only 250 is left, mostly
    unused commitment.
    """
    units = [(name, 200_000.0, None, ENABLERS_AT_RUN | {"commitment_strategy": "crawl/walk"})
             for name in ("Stage", "Typed", "Measured", "Covered")]
    workshop = make_workshop(units, shares=None)
    for bu_id, value in ((2, 50.0), (3, 50.0), (4, 75.0)):
        workshop.ratings[(1, bu_id, "commitment_strategy")] = Rating("crawl", "walk", indicators=(
            ("commitment_coverage", value),))
    roadmap = plan_roadmap(workshop, today=TODAY, measured={(3, "commitment_coverage"): 66.0})
    assert gap(roadmap, "Stage", "commitment_strategy") == pytest.approx((5_500, "assumption"))
    assert gap(roadmap, "Typed", "commitment_strategy")[0] == pytest.approx(9_000)
    assert gap(roadmap, "Typed", "commitment_strategy")[1] == "indicator"
    assert gap(roadmap, "Measured", "commitment_strategy")[0] == pytest.approx(3_400)
    assert gap(roadmap, "Measured", "commitment_strategy")[1] == "evidence"
    assert gap(roadmap, "Covered", "commitment_strategy")[0] == pytest.approx(250)


def test_crawl_to_run_commitments_are_worth_about_four_to_five_points_not_thirteen() -> None:
    """At 60% coverage, half of spend eligible and 35% off: 0.5 x 20% x 35% = 3.5%, plus 1.5% unused."""
    workshop = make_workshop([("Bank", 1_000_000.0, None, ENABLERS_AT_RUN | {"commitment_strategy": "crawl/run"})],
                             shares=None)
    assert gap(plan_roadmap(workshop, today=TODAY), "Bank", "commitment_strategy")[0] == pytest.approx(50_000)


def test_the_usage_pool_reads_the_idle_share_indicator() -> None:
    """Two units, automation Crawl to Walk: 100,000 x (17% - 9%) = 8,000; typed 20% idle: 100,000 x 11%."""
    units = [(name, 100_000.0, None, ENABLERS_AT_RUN | {"automation_level": "crawl/walk"}) for name in ("A", "B")]
    workshop = make_workshop(units, shares=None)
    workshop.ratings[(1, 2, "automation_level")] = Rating("crawl", "walk", indicators=(("idle_spend_share", 20.0),))
    roadmap = plan_roadmap(workshop, today=TODAY)
    assert gap(roadmap, "A", "automation_level") == pytest.approx((8_000, "assumption"))
    assert gap(roadmap, "B", "automation_level")[0] == pytest.approx(11_000)
    assert gap(roadmap, "B", "automation_level")[1] == "indicator"


def test_the_anomaly_pool_and_the_capture_of_a_unit_at_crawl() -> None:
    """Anomalies Crawl to Walk, 100,000: (3% - 1.2%) = 1,800 at full capture.

    A second unit at Crawl in its enablers captures (50% + 40% + 30%) / 3 = 40% today: 720 for
    anomalies; raising visibility alone to Walk adds 100,000 x 1.8% x (80% - 50%) / 3 = 180.
    An enabler not assessed leaves the mean: a third unit with only tagging rated at Crawl
    captures 40% (tagging's own figure).
    """
    workshop = make_workshop([
        ("Full", 100_000.0, None, ENABLERS_AT_RUN | {"anomaly_detection": "crawl/walk"}),
        ("Crawl", 100_000.0, None, {"cost_visibility": "crawl/walk", "tagging_coverage": "crawl/crawl",
                                    "finops_ownership": "crawl/crawl", "anomaly_detection": "crawl/walk"}),
        ("Partly", 100_000.0, None, {"tagging_coverage": "crawl/crawl", "anomaly_detection": "crawl/walk"}),
    ], shares=None)
    roadmap = plan_roadmap(workshop, today=TODAY)
    assert gap(roadmap, "Full", "anomaly_detection")[0] == pytest.approx(1_800)
    assert gap(roadmap, "Crawl", "anomaly_detection")[0] == pytest.approx(720)
    assert gap(roadmap, "Crawl", "cost_visibility")[0] == pytest.approx(180)
    assert gap(roadmap, "Partly", "anomaly_detection")[0] == pytest.approx(720)


def test_no_unit_is_credited_with_more_than_the_cap() -> None:
    """Edited figures that would recover 160% of spend are scaled down to the model's 30%, in proportion."""
    shares = {"commitment_strategy": (0.9, 0.5, 0.1), "automation_level": (0.9, 0.5, 0.1)}
    workshop = make_workshop([("Odd", 10_000.0, None, ENABLERS_AT_RUN | {"commitment_strategy": "crawl/run",
                                                                          "automation_level": "crawl/run"})],
                             shares=shares)
    roadmap = plan_roadmap(workshop, today=TODAY)
    assert sum(g.monthly_waste for g in roadmap.gaps) == pytest.approx(3_000)
    assert gap(roadmap, "Odd", "commitment_strategy")[0] == pytest.approx(1_500)


def test_default_figures_for_a_unit_at_crawl_everywhere() -> None:
    workshop = make_workshop([("Any", 1.0, None, {})], shares=None)
    assert crawl_everywhere_share(workshop) == pytest.approx(0.255)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.sampled_from([None, 1, 2, 3]), st.integers(0, 2)), min_size=6, max_size=6),
       st.floats(0, 1e7), st.one_of(st.none(), st.floats(0, 100)), st.one_of(st.none(), st.floats(0, 100)),
       st.lists(st.floats(0, 1), min_size=6, max_size=6))
def test_a_unit_is_never_worth_more_than_the_cap_whatever_the_figures(
        levels: list[tuple[int | None, int]], spend: float, coverage: float | None, idle: float | None,
        figures: list[float]) -> None:
    workshop = make_workshop([], shares=None)
    for dimension, value in zip(MODEL.dimensions[:3], figures[:3], strict=True):
        workshop.waste_overrides[(dimension.id, "crawl")] = WasteAssumption(value, "edited")
    pricing = PoolPricing(workshop)
    current = {d.id: c for d, (c, _) in zip(MODEL.dimensions, levels, strict=True) if c is not None}
    planned = {d: min(3, c + rise) for (d, c), (_, rise) in zip(current.items(), levels, strict=False)}
    known = {}
    if coverage is not None:
        known["commitment_strategy"] = (coverage, "indicator")
    if idle is not None:
        known["automation_level"] = (idle, "evidence")
    value = pricing.price(spend, current, planned, known)
    total = sum(money for money, _ in value.transitions.values())
    assert 0 <= total <= MODEL.max_recoverable_share * spend * (1 + 1e-9) + 1e-6
