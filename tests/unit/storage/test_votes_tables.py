"""Participants and votes in the workshop file: through the gate, with history, read back the same."""

from __future__ import annotations

from pathlib import Path

import pytest

from finops_desktop.domain.votes import QUESTIONNAIRE, ROOM
from finops_desktop.storage.changes import Change, ParticipantsChanged, VotesChanged
from finops_desktop.storage.errors import InvalidEdit
from finops_desktop.storage.workshop_file import WorkshopFile
from tests.helpers.workshops import make_workshop_file


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return make_workshop_file(tmp_path / "w.finops", [("Retail", 1000.0, {"tagging_coverage": ("crawl", "walk")})])


def test_votes_are_kept_beside_the_rating_and_read_back(path: Path) -> None:
    heard: list[Change] = []
    with WorkshopFile.open(path) as file:
        file.add_listener(heard.append)
        bu = file.workshop.business_units[0]
        ana = file.add_participant("Ana", role="Finance lead", bu_id=bu.id)
        ben = file.add_participant("Ben")
        file.set_vote(bu.id, "tagging_coverage", ana.id, "run", confidence="high", comment="we tag all")
        file.set_vote(bu.id, "tagging_coverage", ben.id, "crawl")
        rating = file.workshop.rating(bu.id, "tagging_coverage")
    assert ParticipantsChanged(ana.id, "added") in heard
    assert VotesChanged(1, ((bu.id, "tagging_coverage"),)) in heard
    with WorkshopFile.open(path, read_only=True) as file:
        assert file.workshop.rating(bu.id, "tagging_coverage") == rating  # the agreed stage is untouched
        people = file.votes.participants
        assert [(p.name, p.role, p.bu_id) for p in people] == [("Ana", "Finance lead", bu.id), ("Ben", "", None)]
        cell = file.votes.votes(1, bu.id, "tagging_coverage")
        assert [(v.participant_id, v.stage, v.confidence, v.comment, v.source) for v in cell] == [
            (ana.id, "run", "high", "we tag all", ROOM), (ben.id, "crawl", None, "", ROOM)]
        assert file.votes.spread(file.workshop.model, 1, bu.id, "tagging_coverage").in_disagreement


def test_a_bad_vote_is_refused_and_changes_nothing(path: Path) -> None:
    with WorkshopFile.open(path) as file:
        bu = file.workshop.business_units[0]
        ana = file.add_participant("Ana")
    before = path.read_bytes()
    with WorkshopFile.open(path) as file:
        for call in (
            lambda: file.set_vote(bu.id, "tagging_coverage", ana.id, "sprint"),
            lambda: file.set_vote(bu.id, "tagging_coverage", ana.id, "na"),
            lambda: file.set_vote(bu.id, "tagging_coverage", ana.id, "walk", confidence="sure"),
            lambda: file.set_vote(bu.id, "nope", ana.id, "walk"),
            lambda: file.set_vote(bu.id + 9, "tagging_coverage", ana.id, "walk"),
            lambda: file.set_vote(bu.id, "tagging_coverage", ana.id + 9, "walk"),
            lambda: file.set_vote(bu.id, "tagging_coverage", ana.id, "walk", source="email"),
            lambda: file.add_participant("  ana "),
            lambda: file.add_participant("Ben\u202e"),
            lambda: file.replace_questionnaire_votes(ana.id, {(bu.id, "tagging_coverage"): ("walk", None, ""),
                                                              (bu.id, "cost_visibility"): ("jog", None, "")}),
        ):
            with pytest.raises(InvalidEdit):
                call()
        assert file.votes.by_cell == {}
    assert path.read_bytes() == before


def test_a_questionnaire_again_replaces_that_participants_answers_with_history(path: Path) -> None:
    with WorkshopFile.open(path) as file:
        bu = file.workshop.business_units[0]
        ana = file.add_participant("Ana")
        file.set_vote(bu.id, "tagging_coverage", ana.id, "run")  # in the room: kept
        file.replace_questionnaire_votes(ana.id, {(bu.id, "tagging_coverage"): ("crawl", "low", ""),
                                                  (bu.id, "cost_visibility"): ("walk", None, "")})
        file.replace_questionnaire_votes(ana.id, {(bu.id, "tagging_coverage"): ("walk", "high", "rethought")})
        history = file.vote_history()
    with WorkshopFile.open(path, read_only=True) as file:
        tagging = {(v.source, v.stage) for v in file.votes.votes(1, bu.id, "tagging_coverage")}
        assert tagging == {(ROOM, "run"), (QUESTIONNAIRE, "walk")}
        assert file.votes.votes(1, bu.id, "cost_visibility") == ()
    assert [(h["dimension_id"], h["source"], h["stage"]) for h in history] == [
        ("tagging_coverage", ROOM, "run"), ("tagging_coverage", QUESTIONNAIRE, "crawl"),
        ("cost_visibility", QUESTIONNAIRE, "walk"), ("cost_visibility", QUESTIONNAIRE, None),
        ("tagging_coverage", QUESTIONNAIRE, "walk")]


def test_removing_a_participant_withdraws_their_votes(path: Path) -> None:
    with WorkshopFile.open(path) as file:
        bu = file.workshop.business_units[0]
        ana = file.add_participant("Ana")
        file.set_vote(bu.id, "tagging_coverage", ana.id, "run")
        file.remove_participant(ana.id)
        assert file.votes.by_cell == {}
        assert file.vote_history()[-1]["stage"] is None
    with WorkshopFile.open(path, read_only=True) as file:
        assert file.votes.participants == []


def test_every_workshop_has_its_own_stable_id(tmp_path: Path, path: Path) -> None:
    other = make_workshop_file(tmp_path / "other.finops")
    with WorkshopFile.open(path) as file, WorkshopFile.open(other) as second:
        uid = file.workshop_uid
        assert len(uid) == 32
        assert second.workshop_uid != uid
    with WorkshopFile.open(path, read_only=True) as file:
        assert file.workshop_uid == uid


def test_a_file_from_before_votes_gets_an_id_and_the_vote_tables(tmp_path: Path) -> None:
    import sqlite3

    from tests.helpers.workshops import make_older_workshop_file

    path = make_older_workshop_file(tmp_path / "v4.finops", stop_before="005_votes", client="Before votes")
    with WorkshopFile.open(path, read_only=True) as file:  # read as it is: no votes, and no id yet
        assert file.votes.participants == []
        with pytest.raises(InvalidEdit, match="no id yet"):
            _ = file.workshop_uid
    with WorkshopFile.open(path) as file:  # opened for editing, it is brought up to date
        uid = file.workshop_uid
        assert len(uid) == 32 and int(uid, 16) >= 0
        file.add_participant("Ana")
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT uid FROM workshop").fetchone()[0] == uid
    conn.close()
