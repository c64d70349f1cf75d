"""The spread of a cell's votes, and what counts as disagreement."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from finops_desktop.domain.votes import QUESTIONNAIRE, ROOM, Vote, counted, spread
from tests.helpers.workshops import default_model

MODEL = default_model()
STAGES = [s.id for s in MODEL.stages]


def votes(*stages: str) -> list[Vote]:
    return [Vote(index, stage) for index, stage in enumerate(stages, start=1)]


def test_spread_counts_votes_by_stage_lowest_first() -> None:
    result = spread(MODEL, votes("walk", "crawl", "walk"))
    assert result.counts == (("crawl", 1), ("walk", 2), ("run", 0))
    assert result.total == 3
    assert result.majority == "walk"
    assert not result.in_disagreement


def test_votes_two_stages_apart_disagree_even_with_a_majority() -> None:
    result = spread(MODEL, votes("crawl", "crawl", "crawl", "run"))
    assert result.majority == "crawl"
    assert result.width == 2
    assert result.in_disagreement


def test_no_majority_is_disagreement() -> None:
    assert spread(MODEL, votes("crawl", "walk")).in_disagreement
    assert spread(MODEL, votes("crawl", "walk", "walk", "crawl")).in_disagreement


def test_one_vote_or_none_is_no_disagreement() -> None:
    assert not spread(MODEL, votes("run")).in_disagreement
    assert not spread(MODEL, []).in_disagreement
    assert spread(MODEL, []).majority is None


def test_a_room_vote_counts_over_the_same_persons_questionnaire_answer() -> None:
    given_votes = [Vote(1, "crawl", source=QUESTIONNAIRE), Vote(1, "run", source=ROOM), Vote(2, "walk")]
    assert sorted(v.stage for v in counted(given_votes)) == ["run", "walk"]
    assert spread(MODEL, given_votes).count("crawl") == 0


@given(st.lists(st.sampled_from(STAGES), max_size=12))
def test_disagreement_matches_its_definition(stages: list[str]) -> None:
    result = spread(MODEL, votes(*stages))
    scores = [MODEL.stage(s).score for s in stages]
    apart = bool(scores) and max(scores) - min(scores) >= 2
    majority = any(stages.count(s) * 2 > len(stages) for s in STAGES)
    assert result.total == len(stages)
    assert result.in_disagreement == (len(stages) >= 2 and (apart or not majority))
