"""The edit rules, written once: what one change implies for the rest of a cell, a figure or a round."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from finops_desktop.domain.edit_rules import (
    carried_into_new_round,
    consistent_rating,
    edited_rating,
    waste_figure_after,
)
from finops_desktop.domain.model import WasteAssumption
from finops_desktop.domain.workshop import Rating

STAGES = st.sampled_from([None, "na", "crawl", "walk", "run"])


def test_not_applicable_takes_the_target_away() -> None:
    assert edited_rating(Rating("crawl", "walk"), current="na") == Rating("na", "na")


def test_not_assessed_clears_the_target_unless_one_comes_with_it() -> None:
    assert edited_rating(Rating("crawl", "walk", note="n"), current=None) == Rating(None, None, note="n")
    assert edited_rating(Rating("crawl", "walk"), current=None, target="run") == Rating(None, "run")


def test_rating_or_targeting_a_not_applicable_cell_makes_it_applicable_again() -> None:
    assert edited_rating(Rating("na", "na"), current="walk") == Rating("walk", None)
    assert edited_rating(Rating("na", "na"), target="run") == Rating(None, "run")


def test_other_fields_are_kept() -> None:
    before = Rating("walk", "run", "high", "note", "Ana", (("allocation_coverage", 60.0),))
    assert edited_rating(before, confidence="low") == Rating("walk", "run", "low", "note", "Ana",
                                                             (("allocation_coverage", 60.0),))
    assert edited_rating(before, indicators={"b": 1.0, "a": 2.0}).indicators == (("a", 2.0), ("b", 1.0))


@given(current=STAGES, target=STAGES)
def test_every_stored_rating_is_consistent(current: str | None, target: str | None) -> None:
    rating = consistent_rating(Rating(current, target))
    assert (rating.current == "na") == (rating.target == "na")
    assert consistent_rating(rating) == rating
    assert edited_rating(Rating(), current=current, target=target) == consistent_rating(
        edited_rating(Rating(), current=current, target=target))


def test_a_new_round_copies_the_assessment_but_not_who_was_in_the_room() -> None:
    rating = Rating("walk", "run", "high", "note", "Ana, Bo")
    assert carried_into_new_round(rating) == Rating("walk", "run", "high", "note", "")


MODEL = WasteAssumption(0.15, "The model's reasoning.")


def test_a_figure_equal_to_the_models_is_a_reset() -> None:
    assert waste_figure_after(MODEL, MODEL, 0.15, None) is None
    assert waste_figure_after(MODEL, WasteAssumption(0.2, "Ours."), 0.15, "The model's reasoning.") is None


def test_a_share_without_reasoning_keeps_the_reasoning_in_force() -> None:
    assert waste_figure_after(MODEL, MODEL, 0.1, None) == WasteAssumption(0.1, "The model's reasoning.")
    assert waste_figure_after(MODEL, MODEL, 0.1, "   ") == WasteAssumption(0.1, "The model's reasoning.")
    assert waste_figure_after(MODEL, WasteAssumption(0.2, "Ours."), 0.1, None) == WasteAssumption(0.1, "Ours.")


def test_the_models_share_with_a_reasoning_of_its_own_stays_an_edit() -> None:
    assert waste_figure_after(MODEL, MODEL, 0.15, "Measured.") == WasteAssumption(0.15, "Measured.")


def test_a_pool_whose_waste_rises_with_maturity_is_warned_about_and_an_enabler_is_not() -> None:
    from finops_desktop.domain.catalogue import DEFAULT_MODEL_ID, find_model
    from finops_desktop.domain.edit_rules import rising_waste_warning
    from finops_desktop.domain.workshop import AssessmentRound, Workshop, WorkshopInfo

    model = find_model(DEFAULT_MODEL_ID)
    workshop = Workshop(WorkshopInfo("Acme"), model, rounds=[AssessmentRound(1, "Baseline")])
    pool = next(d.id for d in model.dimensions if model.figure_kind(d.id) == "waste")
    enabler = next(d.id for d in model.dimensions if model.figure_kind(d.id) == "capture")
    assert rising_waste_warning(workshop, pool) == ""  # the model's own figures fall with maturity
    crawl = model.dimension(pool).waste["crawl"]
    workshop.waste_overrides[(pool, "run")] = WasteAssumption(crawl.share + 0.05, "typed in the room")
    assert rising_waste_warning(workshop, pool).startswith("Run wastes more than Walk here")
    assert rising_waste_warning(workshop, enabler) == ""
