"""The workshop's own id and the progress table: made by the migration, kept, checked as typed input is."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest

from finops_desktop.domain.progress import DONE, StepProgress
from finops_desktop.storage.errors import CorruptFile, InvalidEdit
from finops_desktop.storage.workshop_file import WorkshopFile
from tests.helpers.commands import digest
from tests.helpers.workshops import make_workshop_file


def test_a_new_workshop_has_a_random_id_that_stays(tmp_path: Path) -> None:
    first, second = make_workshop_file(tmp_path / "a.finops"), make_workshop_file(tmp_path / "b.finops")
    with WorkshopFile.open(first) as a, WorkshopFile.open(second) as b:
        assert re.fullmatch(r"[0-9a-f]{32}", a.workshop.uid)
        assert a.workshop.uid != b.workshop.uid
        uid = a.workshop.uid
        copy = a.save_as(tmp_path / "copy.finops")
        assert copy.workshop.uid == uid  # a copy is the same workshop
        copy.close()
    with WorkshopFile.open(first) as again:
        assert again.workshop.uid == uid


def test_a_file_from_before_the_tracker_gets_an_id_when_migrated(tmp_path: Path) -> None:
    from tests.helpers.workshops import make_older_workshop_file

    path = make_older_workshop_file(tmp_path / "old.finops", stop_before="005_votes", client="Old client")
    with WorkshopFile.open(path) as file:
        assert re.fullmatch(r"[0-9a-f]{32}", file.workshop.uid)
        assert file.workshop.progress == {}


def test_progress_is_written_with_history_and_read_back(tmp_path: Path) -> None:
    path = make_workshop_file(tmp_path / "w.finops", [("Retail", 100.0, {})])
    with WorkshopFile.open(path) as file:
        bu = file.workshop.business_units[0]
        report = StepProgress("vis-billing-export", bu.id, DONE, "Ana", "2027-03-31", 100.0, "on", 50.0)
        written = file.record_progress([report], "book.xlsx")
        assert [p.key for p in written] == [report.key]
        assert file.record_progress([report], "book.xlsx") == []
    with WorkshopFile.open(path) as file:
        stored = file.workshop.progress[report.key]
        assert stored.same_as(report) and stored.updated_at
        history = file.progress_history()
        assert [(h["source"], h["bu_name"], h["status"]) for h in history] == [("book.xlsx", "Retail", DONE)]


@pytest.mark.parametrize(("field", "value"), [("status", "Finished"), ("percent_complete", 101.0),
                                              ("due_date", "soon"), ("savings_realised", -1.0)])
def test_a_bad_value_is_refused_by_the_gate_and_nothing_is_written(tmp_path: Path, field: str, value: object) -> None:
    path = make_workshop_file(tmp_path / "w.finops", [("Retail", 100.0, {})])
    with WorkshopFile.open(path) as file:
        bu = file.workshop.business_units[0]
        good = StepProgress("vis-billing-export", bu.id, DONE)
        bad = StepProgress("own-sponsor", bu.id, **{field: value})  # type: ignore[arg-type]
        before = digest(path)
        with pytest.raises(InvalidEdit):
            file.record_progress([good, bad], "book.xlsx")
        assert file.workshop.progress == {}
    assert digest(path) == before


def test_a_damaged_progress_value_in_the_file_is_reported(tmp_path: Path) -> None:
    path = make_workshop_file(tmp_path / "w.finops", [("Retail", 100.0, {})])
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO progress (step_id, bu_id, status) VALUES ('x', 1, 'Finished')")
    conn.commit()
    conn.close()
    with pytest.raises(CorruptFile, match="status"):
        WorkshopFile.open(path)


def test_the_history_is_append_only(tmp_path: Path) -> None:
    path = make_workshop_file(tmp_path / "w.finops", [("Retail", 100.0, {})])
    with WorkshopFile.open(path) as file:
        file.record_progress([StepProgress("vis-billing-export", 1, DONE)], "book.xlsx")
    conn = sqlite3.connect(path)
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        conn.execute("DELETE FROM progress_history")
    conn.close()
