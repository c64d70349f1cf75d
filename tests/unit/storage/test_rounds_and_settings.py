"""Rounds can be renamed and, while they hold nothing of their own, removed; settings are kept in the file."""

from __future__ import annotations

from pathlib import Path

import pytest

from finops_desktop.domain.workshop import Rating
from finops_desktop.storage.errors import InvalidEdit
from finops_desktop.storage.workshop_file import WorkshopFile
from tests.helpers.commands import digest
from tests.helpers.workshops import make_workshop_file


@pytest.fixture
def path(tmp_path: Path) -> Path:
    path = make_workshop_file(tmp_path / "w.finops", [("Retail", 100.0, {"tagging_coverage": ("crawl", "walk")})])
    with WorkshopFile.open(path) as file:
        bu = file.workshop.business_units[0]
        file.set_rating(bu.id, "cost_visibility", Rating("walk", participants="Ana, Bo", note="Seen in the room"))
    return path


def test_a_new_round_copies_the_ratings_but_not_who_was_in_the_room(path: Path) -> None:
    with WorkshopFile.open(path) as file:
        bu = file.workshop.business_units[0]
        rnd = file.add_round("Six months on")
    with WorkshopFile.open(path, read_only=True) as again:
        copied = again.workshop.rating(bu.id, "cost_visibility", rnd.id)
        assert (copied.current, copied.note, copied.participants) == ("walk", "Seen in the room", "")
        assert again.workshop.rating(bu.id, "tagging_coverage", rnd.id) == Rating("crawl", "walk")


def test_a_round_is_renamed_and_names_stay_unique(path: Path) -> None:
    with WorkshopFile.open(path) as file:
        rnd = file.add_round("Round 2")
        assert file.rename_round(rnd.id, "  Q3 review ").name == "Q3 review"
        with pytest.raises(InvalidEdit, match="already exists"):
            file.rename_round(rnd.id, "baseline")
    with WorkshopFile.open(path, read_only=True) as again:
        assert [r.name for r in again.workshop.rounds] == ["Baseline", "Q3 review"]


def test_a_round_with_nothing_of_its_own_is_removed_and_put_back(path: Path) -> None:
    with WorkshopFile.open(path) as file:
        rnd = file.add_round("By mistake")
        removed = file.remove_round(rnd.id)
        assert [r.name for r in file.workshop.rounds] == ["Baseline"]
        file.restore_round(removed)
        assert [r.name for r in file.workshop.rounds] == ["Baseline", "By mistake"]
        assert file.workshop.assessed_count(rnd.id) == 2
        file.remove_round(rnd.id)
        again = file.add_round("Later")
        assert again.id > rnd.id  # a removed round's id, still in the history, is never given again


def test_a_round_with_ratings_of_its_own_is_kept_and_the_last_round_too(path: Path) -> None:
    with WorkshopFile.open(path) as file:
        bu = file.workshop.business_units[0]
        rnd = file.add_round("Q3")
        file.set_rating(bu.id, "tagging_coverage", Rating("walk", "run"), rnd.id)
    before = digest(path)
    with WorkshopFile.open(path) as file:
        with pytest.raises(InvalidEdit, match="holds ratings of its own"):
            file.remove_round(rnd.id)
        with pytest.raises(InvalidEdit, match="holds ratings of its own"):
            file.remove_round(file.workshop.rounds[0].id)  # the first round's ratings are its own
        only = make_workshop_file(path.with_name("one.finops"))
        with WorkshopFile.open(only) as single, pytest.raises(InvalidEdit, match="at least one round"):
            single.remove_round(single.workshop.rounds[0].id)
    assert digest(path) == before


def test_settings_are_kept_in_the_file_and_bad_ones_refused(path: Path) -> None:
    with WorkshopFile.open(path) as file:
        assert file.workshop.settings.suggest_targets is True
        file.set_setting("suggest_targets", False)
        file.set_setting("day_rate", 1200.0)
        file.set_setting("paper_size", "Letter")
        for key, value, words in (("day_rate", -1.0, "cannot be negative"), ("paper_size", "A3", "A4, Letter"),
                                  ("suggest_targets", "yes", "on or off"), ("colour", 1, "no workshop setting")):
            with pytest.raises(InvalidEdit, match=words):
                file.set_setting(key, value)
    with WorkshopFile.open(path, read_only=True) as again:
        settings = again.workshop.settings
        assert (settings.suggest_targets, settings.day_rate, settings.paper_size) == (False, 1200.0, "Letter")


def test_a_new_unit_never_takes_the_id_of_a_removed_one(path: Path) -> None:
    with WorkshopFile.open(path) as file:
        last = file.add_business_unit("Short-lived")
        file.set_rating(last.id, "tagging_coverage", Rating("walk"))  # its history stays in the file
        file.remove_business_unit(last.id)
        newcomer = file.add_business_unit("Newcomer")
        assert newcomer.id > last.id
        assert file.rating_history(newcomer.id) == []
