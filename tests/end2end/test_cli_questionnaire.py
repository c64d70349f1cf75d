"""The pre-work questionnaire: export, fill in, import; and every workbook that must be refused."""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from finops_desktop.storage.workshop_file import WorkshopFile
from tests.helpers.commands import digest, run
from tests.helpers.workshops import make_workshop_file

UNITS = ("Retail", "Cloud platform")


@pytest.fixture
def workshop(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    path = make_workshop_file(tmp_path / "w.finops", [(u, 1000.0, {}) for u in UNITS])
    for name, unit in (("Ana", "Retail"), ("Ben", "Retail"), ("Chloé", None)):
        args = ["participant", "add", path, name, "--role", "Engineering"] + (["--bu", unit] if unit else [])
        assert run(capsys, *args)[0] == 0
    return path


def export(capsys: pytest.CaptureFixture[str], workshop: Path, out: Path, *names: str) -> dict[str, Path]:
    args: list[object] = ["questionnaire", "export", workshop, out]
    for name in names:
        args += ["--participant", name]
    code, _, err = run(capsys, *args)
    assert code == 0, err
    found = {}
    for path in out.glob("*.xlsx"):
        found[path.name.split("_")[1]] = path
    return found


def fill(path: Path, answers: dict[tuple[str, int], tuple[str, str | None, str | None]]) -> None:
    """Answer (sheet, row) cells as a person would in Excel."""
    wb = openpyxl.load_workbook(path)
    for (sheet, row), (answer, confidence, comment) in answers.items():
        ws = wb[sheet]
        ws.cell(row, 3).value = answer
        ws.cell(row, 4).value = confidence
        ws.cell(row, 5).value = comment
    wb.save(path)


def show(capsys: pytest.CaptureFixture[str], path: Path) -> dict:  # type: ignore[type-arg]
    code, out, err = run(capsys, "show", path, "--json")
    assert code == 0, err
    return json.loads(out)  # type: ignore[no-any-return]


def cell(data: dict, unit: str, dimension: str) -> dict:  # type: ignore[type-arg]
    bu = next(b for b in data["business_units"] if b["name"] == unit)
    return bu["ratings"][dimension]  # type: ignore[no-any-return]


# Row 4 is the model's first dimension (cost visibility), row 5 the second (tagging coverage).
VISIBILITY, TAGGING = 4, 5


def test_round_trip_from_export_to_votes(workshop: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    books = export(capsys, workshop, tmp_path / "out")
    assert set(books) == {"Ana", "Ben", "Chloé"}
    assert openpyxl.load_workbook(books["Ana"]).sheetnames == ["How to answer", "Retail", "Questionnaire id"]
    assert openpyxl.load_workbook(books["Chloé"]).sheetnames == ["How to answer", *UNITS, "Questionnaire id"]
    fill(books["Ana"], {("Retail", VISIBILITY): ("Crawl", "high", "- hand-made reports, @monthly"),
                        ("Retail", TAGGING): ("Walk", None, None)})
    fill(books["Ben"], {("Retail", VISIBILITY): ("Run", "low", None), ("Retail", TAGGING): ("Walk", "medium", "")})
    fill(books["Chloé"], {("Retail", VISIBILITY): ("Crawl", None, None), ("Cloud platform", TAGGING): ("Run", None,
                                                                                                         None)})
    code, out, err = run(capsys, "questionnaire", "import", workshop, *books.values())
    assert code == 0, err
    # Retail visibility: Crawl, Run, Crawl: two stages apart. Retail tagging: Walk, Walk: agreed.
    assert out.strip() == "read 6 answers from 3 participants, 1 cell now in disagreement"
    data = show(capsys, workshop)
    visibility = cell(data, "Retail", "cost_visibility")
    assert sorted((v["participant"], v["stage"], v["confidence"], v["comment"], v["source"])
                  for v in visibility["votes"]) == [
        ("Ana", "crawl", "high", "- hand-made reports, @monthly", "questionnaire"),
        ("Ben", "run", "low", "", "questionnaire"),
        ("Chloé", "crawl", None, "", "questionnaire")]
    assert visibility["spread"] == {"crawl": 2, "walk": 0, "run": 1}
    assert visibility["in_disagreement"] is True
    assert visibility["current"] is None  # the agreed stage stays the facilitator's
    tagging = cell(data, "Retail", "tagging_coverage")
    assert tagging["spread"] == {"crawl": 0, "walk": 2, "run": 0}
    assert tagging["in_disagreement"] is False
    assert cell(data, "Cloud platform", "tagging_coverage")["spread"] == {"crawl": 0, "walk": 0, "run": 1}
    assert [p["name"] for p in data["participants"]] == ["Ana", "Ben", "Chloé"]


def test_importing_again_replaces_that_participants_answers(workshop: Path, tmp_path: Path,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    books = export(capsys, workshop, tmp_path / "out", "Ana")
    fill(books["Ana"], {("Retail", VISIBILITY): ("Crawl", None, None), ("Retail", TAGGING): ("Walk", None, None)})
    assert run(capsys, "questionnaire", "import", workshop, books["Ana"])[0] == 0
    fill(books["Ana"], {("Retail", VISIBILITY): ("Walk", None, "on reflection"), ("Retail", TAGGING): ("", None, None)})
    code, out, _ = run(capsys, "questionnaire", "import", workshop, books["Ana"])
    assert code == 0
    assert out.strip() == "read 1 answer from 1 participant, 0 cells now in disagreement"
    data = show(capsys, workshop)
    assert [(v["stage"], v["comment"]) for v in cell(data, "Retail", "cost_visibility")["votes"]] == [
        ("walk", "on reflection")]
    assert cell(data, "Retail", "tagging_coverage")["votes"] == []
    with WorkshopFile.open(workshop, read_only=True) as file:
        history = [(h["dimension_id"], h["stage"]) for h in file.vote_history()]
    assert history == [("cost_visibility", "crawl"), ("tagging_coverage", "walk"), ("tagging_coverage", None),
                       ("cost_visibility", "walk")]


# Every workbook that must be refused -------------------------------------------------------


def refused(capsys: pytest.CaptureFixture[str], workshop: Path, *books: Path) -> str:
    before = digest(workshop)
    code, out, err = run(capsys, "questionnaire", "import", workshop, *books)
    assert code == 2
    assert out == ""
    assert err.startswith("error: ") and err.count("\n") == 1
    assert digest(workshop) == before
    return err


@pytest.fixture
def ana(workshop: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    books = export(capsys, workshop, tmp_path / "out", "Ana", "Ben")
    fill(books["Ben"], {("Retail", VISIBILITY): ("Walk", None, None)})
    fill(books["Ana"], {("Retail", VISIBILITY): ("Crawl", None, None)})
    return books["Ana"]


def ben(ana: Path) -> Path:
    return next(p for p in ana.parent.glob("*Ben*.xlsx"))


def test_a_workbook_of_another_workshop_is_refused(ana: Path, tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    other = make_workshop_file(tmp_path / "other.finops", [(u, 1000.0, {}) for u in UNITS], client="Other client")
    assert run(capsys, "participant", "add", other, "Ana")[0] == 0
    err = refused(capsys, other, ana)
    assert "belongs to another workshop" in err


def test_an_answer_outside_the_list_is_refused_and_nothing_is_imported(workshop: Path, ana: Path,
                                                                       capsys: pytest.CaptureFixture[str]) -> None:
    fill(ana, {("Retail", TAGGING): ("Sprint", None, None)})
    err = refused(capsys, workshop, ben(ana), ana)  # Ben's good workbook is not imported either
    assert "sheet 'Retail', row 5" in err and "'Sprint' is not one of Crawl, Walk, Run" in err


def test_a_confidence_outside_the_list_is_refused(workshop: Path, ana: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    fill(ana, {("Retail", TAGGING): ("Walk", "certain", None)})
    assert "the confidence 'certain'" in refused(capsys, workshop, ana)


def test_rearranged_sheets_are_refused(workshop: Path, ana: Path, capsys: pytest.CaptureFixture[str]) -> None:
    wb = openpyxl.load_workbook(ana)
    wb.move_sheet("Retail", offset=-1)
    wb.save(ana)
    assert "sheets were renamed, moved, added or removed" in refused(capsys, workshop, ana)


def test_renamed_sheets_are_refused(workshop: Path, ana: Path, capsys: pytest.CaptureFixture[str]) -> None:
    wb = openpyxl.load_workbook(ana)
    wb["Retail"].title = "Retail (mine)"
    wb.save(ana)
    assert "sheets were renamed" in refused(capsys, workshop, ana)


def test_moved_rows_are_refused(workshop: Path, ana: Path, capsys: pytest.CaptureFixture[str]) -> None:
    wb = openpyxl.load_workbook(ana)
    ws = wb["Retail"]
    ws.cell(VISIBILITY, 1).value, ws.cell(TAGGING, 1).value = ws.cell(TAGGING, 1).value, ws.cell(VISIBILITY, 1).value
    wb.save(ana)
    assert "rows were moved or changed" in refused(capsys, workshop, ana)


def test_the_same_participant_twice_is_refused(workshop: Path, ana: Path, tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    copy = tmp_path / "copy.xlsx"
    shutil.copy(ana, copy)
    assert "given twice" in refused(capsys, workshop, ana, copy)


def test_a_participant_removed_since_is_refused(workshop: Path, ana: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "participant", "remove", workshop, "Ana")[0] == 0
    assert "no longer in this workshop" in refused(capsys, workshop, ana)


def test_files_that_are_no_questionnaire_are_refused(workshop: Path, tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    text = tmp_path / "notes.xlsx"
    text.write_text("not a workbook")
    assert "not a workbook that can be read" in refused(capsys, workshop, text)
    broken = tmp_path / "broken.xlsx"
    with zipfile.ZipFile(broken, "w") as archive:
        archive.writestr("hello.txt", "no workbook inside")
    assert "not a workbook" in refused(capsys, workshop, broken)
    plain = tmp_path / "plain.xlsx"
    openpyxl.Workbook().save(plain)
    assert "not a questionnaire of this app" in refused(capsys, workshop, plain)
    assert "no such file" in refused(capsys, workshop, tmp_path / "missing.xlsx")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(answer=st.text(min_size=1, max_size=20).filter(
    # openpyxl would store text starting with "=" as a formula with no value (a protected cell takes none)
    lambda t: t.strip().casefold() not in ("", "crawl", "walk", "run") and t.isprintable() and not t.startswith("=")))
def test_any_answer_outside_the_list_is_refused(workshop: Path, ana: Path, capsys: pytest.CaptureFixture[str],
                                                answer: str) -> None:
    fill(ana, {("Retail", TAGGING): (answer, None, None)})
    assert "is not one of Crawl, Walk, Run" in refused(capsys, workshop, ana)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(junk=st.binary(min_size=0, max_size=2000))
def test_random_bytes_are_refused(workshop: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                  junk: bytes) -> None:
    path = tmp_path / "junk.xlsx"
    path.write_bytes(junk)
    refused(capsys, workshop, path)
