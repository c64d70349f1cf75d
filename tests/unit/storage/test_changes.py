"""Typed change events say exactly what changed; listeners that are bound methods are held weakly."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from finops_desktop.domain.workshop import Rating
from finops_desktop.storage.changes import (
    AssumptionsChanged,
    BusinessUnitsChanged,
    Change,
    InfoChanged,
    RatingChanged,
    RoundsChanged,
    SettingsChanged,
)
from finops_desktop.storage.workshop_file import WorkshopFile
from tests.helpers.workshops import make_workshop_file


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return make_workshop_file(tmp_path / "w.finops", [("Retail", 100.0, {}), ("Payments", 50.0, {}),
                                                      ("Lab", None, {})])


def test_each_edit_says_what_changed_and_where(path: Path) -> None:
    heard: list[Change] = []
    with WorkshopFile.open(path) as file:
        file.add_listener(heard.append)
        retail, payments, lab = (bu.id for bu in file.workshop.business_units)
        file.set_rating(payments, "tagging_coverage", Rating("walk"))
        file.update_business_unit(lab, owner="Kim")
        file.move_business_unit(lab, 0)
        file.remove_business_unit(retail)
        file.add_business_unit("Insurance")
        file.set_info(client="Acme")
        file.set_setting("day_rate", 1200.0)
        file.set_waste_assumption("commitment_strategy", "crawl", 0.1)
        rnd = file.add_round("Q3")
        file.rename_round(rnd.id, "Q3 2026")
        file.remove_round(rnd.id)
        baseline = file.workshop.rounds[0].id
        insurance = file.workshop.business_units[-1].id
    assert heard == [
        RatingChanged(payments, "tagging_coverage", baseline),
        BusinessUnitsChanged(lab, "updated", 2),
        BusinessUnitsChanged(lab, "moved", 0, 2),
        BusinessUnitsChanged(retail, "removed", 1),
        BusinessUnitsChanged(insurance, "added", 2),
        InfoChanged(),
        SettingsChanged("day_rate"),
        AssumptionsChanged("commitment_strategy", "crawl"),
        RoundsChanged(rnd.id, "added"),
        RoundsChanged(rnd.id, "renamed"),
        RoundsChanged(rnd.id, "removed"),
    ]


def test_an_edit_that_changes_nothing_tells_nobody(path: Path) -> None:
    heard: list[Change] = []
    with WorkshopFile.open(path) as file:
        file.add_listener(heard.append)
        bu = file.workshop.business_units[0]
        file.update_business_unit(bu.id, name=bu.name, monthly_spend=bu.monthly_spend)
        file.set_info(client=file.workshop.info.client)
        file.move_business_unit(bu.id, 0)
        file.reset_waste_assumption("commitment_strategy", "crawl")
    assert heard == []


class View:
    def __init__(self) -> None:
        self.heard: list[Change] = []

    def follow(self, change: Change) -> None:
        self.heard.append(change)


def test_a_view_that_is_gone_stops_hearing_without_unsubscribing(path: Path) -> None:
    with WorkshopFile.open(path) as file:
        kept, dropped = View(), View()
        file.add_listener(kept.follow)
        file.add_listener(dropped.follow)
        del dropped
        gc.collect()
        file.set_info(client="Acme")
        assert kept.heard == [InfoChanged()]
        assert len(file._listeners) == 1
        file.remove_listener(kept.follow)
        file.set_info(client="Acme 2")
        assert kept.heard == [InfoChanged()]
