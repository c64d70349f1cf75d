"""Under every chart's title, the date is the one of the round charted: the workshop's date for
the first round, the day a later round began."""

from __future__ import annotations

from dataclasses import replace

import pytest

from finops_desktop.charts.frame import workshop_subtitle
from finops_desktop.domain.workshop import AssessmentRound, Workshop
from tests.unit.charts.sample_workshops import make_model, make_workshop


def _two_rounds(began: str) -> Workshop:
    workshop = make_workshop(make_model(3), 2, rounds=2)
    later = AssessmentRound(2, "Six months on", began)
    return replace(workshop, rounds=[replace(workshop.rounds[0], created_at="2026-11-20T09:00:00+00:00"), later])


def test_the_first_round_shows_the_workshop_date_and_a_later_one_its_own_day() -> None:
    workshop = _two_rounds("2026-12-01T10:30:00+00:00")
    first, later = workshop.rounds
    assert workshop.round_date(first) == "2026-11-27"
    assert workshop.round_date(later) == "2026-12-01"
    assert "2026-12-01" in workshop_subtitle(workshop, 2)
    assert "2026-11-27" in workshop_subtitle(workshop, 1)
    assert "2026-11-27" not in workshop_subtitle(workshop, 2)


@pytest.mark.parametrize("began", ["", "not a date", "2026-13-45"])
def test_a_later_round_of_unknown_day_shows_the_workshop_date(began: str) -> None:
    workshop = _two_rounds(began)
    assert workshop.round_date(workshop.rounds[1]) == "2026-11-27"
