"""The status line's count of assessed cells follows every edit as a full count would."""

from __future__ import annotations

from pathlib import Path

from finops_desktop.domain.workshop import Rating
from finops_desktop.storage.changes import InfoChanged
from finops_desktop.storage.workshop_file import WorkshopFile
from finops_desktop.ui.assessed_cells import AssessedCells
from tests.helpers.workshops import make_workshop_file


def test_the_count_follows_ratings_units_and_rounds_as_a_full_count_would(tmp_path: Path) -> None:
    path = make_workshop_file(tmp_path / "w.finops", [
        ("Retail", 1000.0, {"tagging_coverage": ("crawl", "walk"), "cost_visibility": ("walk", None)}),
        ("Payments", None, {"commitment_strategy": ("run", None)}),
    ])
    with WorkshopFile.open(path) as file:
        workshop = file.workshop
        cells = AssessedCells()
        file.add_listener(lambda change: cells.follow(workshop, change))
        retail, payments = workshop.business_units
        first = workshop.active_round.id

        def counted(round_id: int | None = None) -> int:
            expected = workshop.assessed_count(round_id)
            assert cells.count(workshop, round_id) == expected
            return expected

        assert counted() == 3
        file.set_rating(retail.id, "anomaly_detection", Rating("walk"))
        assert counted() == 4
        file.set_rating(retail.id, "tagging_coverage", Rating(None, "walk"))  # a target alone is not assessed
        assert counted() == 3
        file.set_rating(payments.id, "automation_level", Rating("na"))
        assert counted() == 4  # not applicable is a decision the room took: it counts
        file.remove_business_unit(payments.id)
        assert counted() == 2
        later = file.add_round("Later")
        assert counted(later.id) == 2
        file.set_rating(retail.id, "cost_visibility", Rating(None), round_id=later.id)
        assert counted(later.id) == 1
        assert counted(first) == 2
        file.set_rating(retail.id, "cost_visibility", Rating("run"), round_id=later.id)
        assert counted() == 2


def test_another_file_is_counted_afresh(tmp_path: Path) -> None:
    one = make_workshop_file(tmp_path / "one.finops", [("Retail", None, {"tagging_coverage": ("crawl", None)})])
    two = make_workshop_file(tmp_path / "two.finops", [("A", None, {}), ("B", None, {})])
    cells = AssessedCells()
    with WorkshopFile.open(one, read_only=True) as file:
        assert cells.count(file.workshop, None) == 1
    cells.forget()
    with WorkshopFile.open(two, read_only=True) as file:
        assert cells.count(file.workshop, None) == 0
        cells.follow(file.workshop, InfoChanged())
        assert cells.count(file.workshop, None) == 0
