"""The organisation's picture: spend-weighted mean, min and max; unassessed never counts as Crawl."""

from __future__ import annotations

import pytest

from finops_desktop.domain.aggregate import aggregate
from tests.helpers.workshops import build_workshop


def test_spend_weighted_mean_min_and_max() -> None:
    workshop = build_workshop([
        ("A", 1000.0, {"tagging_coverage": ("crawl", None)}),
        ("B", 3000.0, {"tagging_coverage": ("run", None)}),
    ])
    result = aggregate(workshop)["tagging_coverage"]
    assert result.mean == pytest.approx((1 * 1000 + 3 * 3000) / 4000)
    assert (result.min, result.max, result.assessed) == (1, 3, 2)
    assert result.weighted_by_spend


def test_not_assessed_and_not_applicable_are_left_out_never_counted_as_crawl() -> None:
    workshop = build_workshop([
        ("A", 1000.0, {"commitment_strategy": ("run", None)}),
        ("B", 5000.0, {"commitment_strategy": ("na", None)}),
        ("C", 5000.0, {}),
    ])
    result = aggregate(workshop)["commitment_strategy"]
    assert (result.mean, result.min, result.max) == (3, 3, 3)
    assert (result.assessed, result.not_applicable) == (1, 1)


def test_dimension_nobody_assessed_has_no_mean() -> None:
    workshop = build_workshop([("A", 100.0, {})])
    result = aggregate(workshop)["anomaly_detection"]
    assert (result.mean, result.min, result.max, result.assessed) == (None, None, None, 0)


def test_plain_mean_when_no_unit_has_a_spend() -> None:
    workshop = build_workshop([
        ("A", None, {"finops_ownership": ("crawl", None)}),
        ("B", None, {"finops_ownership": ("walk", None)}),
        ("C", 0.0, {"finops_ownership": ("walk", None)}),
    ])
    result = aggregate(workshop)["finops_ownership"]
    assert result.mean == pytest.approx(5 / 3)
    assert not result.weighted_by_spend


def test_units_without_spend_count_in_min_and_max_but_not_in_a_weighted_mean() -> None:
    workshop = build_workshop([
        ("A", 2000.0, {"automation_level": ("walk", None)}),
        ("B", None, {"automation_level": ("crawl", None)}),
    ])
    result = aggregate(workshop)["automation_level"]
    assert result.mean == 2
    assert (result.min, result.max) == (1, 2)


def test_rounds_are_aggregated_separately() -> None:
    workshop = build_workshop([("A", 10.0, {"cost_visibility": ("crawl", None)})])
    from finops_desktop.domain.workshop import AssessmentRound, Rating

    workshop.rounds.append(AssessmentRound(2, "Later"))
    workshop.ratings[(2, 1, "cost_visibility")] = Rating(current="run")
    assert aggregate(workshop, 1)["cost_visibility"].mean == 1
    assert aggregate(workshop)["cost_visibility"].mean == 3
