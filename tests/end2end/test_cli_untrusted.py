"""Crafted files and arguments on the command line: one ``error:`` line, exit 2, nothing changed or left behind."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from collections.abc import Iterator
from pathlib import Path

import pytest

from finops_desktop.domain import catalogue
from finops_desktop.domain.catalogue import load_catalogue, resource_dir
from finops_desktop.domain.playbook import _SHIPPED, playbook_for
from finops_desktop.domain.workshop import WorkshopInfo
from finops_desktop.storage.errors import InvalidEdit, WriteFailed
from finops_desktop.storage.workshop_file import WorkshopFile
from tests.helpers.commands import digest, run
from tests.helpers.workshops import default_model, make_workshop_file

SHIPPED_MODEL = resource_dir("resources").joinpath("models", "finops-crawl-walk-run.toml").read_text(encoding="utf-8")
SHIPPED_PLAYBOOK = resource_dir("roadmaps").joinpath("finops-crawl-walk-run.toml").read_text(encoding="utf-8")


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    return make_workshop_file(tmp_path / "received.finops",
                              [("Retail", 1000.0, {"tagging_coverage": ("crawl", "walk")})])


def craft(path: Path, *statements: str) -> None:
    conn = sqlite3.connect(path)
    for statement in statements:
        conn.execute(statement)
    conn.commit()
    conn.close()


def one_error(capsys: pytest.CaptureFixture[str], *args: object) -> str:
    code, out, err = run(capsys, *args)
    assert code == 2, (out, err)
    lines = err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), err
    assert "Traceback" not in err and "unexpected problem" not in err
    return lines[0]


def test_a_file_carrying_a_trigger_is_refused_by_every_command_and_repair_makes_it_usable(
        sample: Path, capsys: pytest.CaptureFixture[str]) -> None:
    craft(sample, "CREATE TRIGGER sneaky AFTER INSERT ON rating_history BEGIN UPDATE workshop SET client = 'x'; END")
    before = digest(sample)
    assert "trigger 'sneaky'" in one_error(capsys, "show", sample)
    assert "trigger 'sneaky'" in one_error(capsys, "rate", sample, "--bu", "Retail", "--dimension",
                                           "cost_visibility", "--stage", "run")
    assert digest(sample) == before
    clean = sample.with_name("clean.finops")
    code, out, err = run(capsys, "repair", sample, "--out", clean)
    assert code == 0, err
    assert "left out: trigger 'sneaky' on 'rating_history'" in out
    assert digest(sample) == before
    assert run(capsys, "rate", clean, "--bu", "Retail", "--dimension", "cost_visibility", "--stage", "run")[0] == 0
    code, out, err = run(capsys, "show", clean, "--json")
    assert json.loads(out)["client"] == "Test client"
    assert sorted(p.name for p in sample.parent.iterdir()) == ["clean.finops", "received.finops"]


def test_a_fifo_named_like_a_workshop_is_refused_without_waiting(tmp_path: Path) -> None:
    fifo = tmp_path / "x.finops"
    os.mkfifo(fifo)
    for command in (["show", str(fifo)], ["export", str(fifo), "--xlsx", str(tmp_path / "o.xlsx")],
                    ["bu", "add", str(fifo), "Retail"]):
        done = subprocess.run([sys.executable, "-m", "finops_desktop.cli", *command], capture_output=True,
                              text=True, timeout=60, check=False)
        assert done.returncode == 2 and done.stderr.startswith("error: ") and "regular file" in done.stderr


@pytest.mark.parametrize("statement", [
    "UPDATE ratings SET indicators = printf('%.*c', 200000, '[')",
    "UPDATE model SET definition = 'a = ' || printf('%.*c', 100000, '{b = ')",
    "UPDATE ratings SET dimension_id = 'cost_visibility', indicators = '{\"forecast_variance\": NaN}'",
    "UPDATE business_units SET monthly_spend = 1e999",
    "UPDATE business_units SET name = X'FF'",
    "INSERT INTO waste_assumptions VALUES ('tagging_coverage', 'walk', 'half', 'typed as text')",
])
def test_values_that_raised_on_open_are_one_error_line(sample: Path, capsys: pytest.CaptureFixture[str],
                                                      statement: str) -> None:
    craft(sample, statement)
    before = digest(sample)
    one_error(capsys, "show", sample, "--json")
    assert digest(sample) == before


# Models and playbooks ----------------------------------------------------------------------------------


@pytest.fixture
def own_models(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    folder = catalogue.user_folder("models")
    folder.mkdir(parents=True)
    catalogue.model_catalogue.cache_clear()
    yield folder
    catalogue.model_catalogue.cache_clear()


def test_one_bad_model_file_is_skipped_and_named_and_the_others_are_offered(
        own_models: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (own_models / "broken.toml").write_text("format = 1\nid = \"x\"\nname = = 3\n", encoding="utf-8")
    (own_models / "latin1.toml").write_bytes("name = 'Évaluation'".encode("latin-1"))
    (own_models / "folder.toml").mkdir()
    (own_models / "deep.toml").write_text("x = " + "[" * 50_000, encoding="utf-8")
    (own_models / "copy.toml").write_text(SHIPPED_MODEL, encoding="utf-8")
    (own_models / "escape.toml").write_text(SHIPPED_MODEL.replace('name = "Crawl"', 'name = "Crawl\\u001b[2J"')
                                            .replace('id = "finops-crawl-walk-run"', 'id = "escaped"'),
                                            encoding="utf-8")
    (own_models / "mine.toml").write_text(SHIPPED_MODEL.replace('id = "finops-crawl-walk-run"', 'id = "mine"'),
                                          encoding="utf-8")
    code, out, err = run(capsys, "models")
    assert code == 0, err
    assert out.startswith("finops-crawl-walk-run") and "\nmine  " in out
    assert f"{own_models}/broken.toml, line 3: not valid TOML" in out
    assert f"{own_models}/latin1.toml: not a text file (UTF-8 expected)" in out
    assert f"{own_models}/folder.toml: not a file" in out
    assert f"{own_models}/deep.toml: not valid TOML" in out
    assert f"{own_models}/copy.toml: id: model 'finops-crawl-walk-run' is already defined by " \
           "resources/models/finops-crawl-walk-run.toml" in out
    assert f"{own_models}/escape.toml, line" in out and "control character (U+001B)" in out
    assert "\x1b" not in out
    new = tmp_path / "mine.finops"
    assert run(capsys, "new", new, "--client", "Acme", "--model", "mine")[0] == 0


def test_a_consultants_own_playbook_is_found_for_their_model(tmp_path: Path) -> None:
    models = tmp_path / "models"
    models.mkdir()
    (models / "mine.toml").write_text(SHIPPED_MODEL.replace('id = "finops-crawl-walk-run"', 'id = "mine"'),
                                      encoding="utf-8")
    model = load_catalogue([(models, "models")]).models["mine"]
    playbooks = tmp_path / "playbooks"
    playbooks.mkdir()
    (playbooks / "mine.toml").write_text(SHIPPED_PLAYBOOK.replace('model = "finops-crawl-walk-run"', 'model = "mine"'),
                                         encoding="utf-8")
    try:
        assert playbook_for(model, playbooks).steps
    finally:
        _SHIPPED.clear()


# The smaller findings ------------------------------------------------------------------------------------


def test_terminal_escapes_in_a_files_model_never_reach_the_terminal(sample: Path,
                                                                    capsys: pytest.CaptureFixture[str]) -> None:
    # An older app accepted any text in a model, so a file may carry one; the terminal must not act on it.
    conn = sqlite3.connect(sample)
    definition = conn.execute("SELECT definition FROM model").fetchone()[0]
    conn.close()
    from finops_desktop.cli.show import _show_text, workshop_as_dict

    with WorkshopFile.open(sample, read_only=True) as file:
        workshop = file.workshop
    stage = workshop.model.stages[0]
    object.__setattr__(stage, "name", "Crawl\x1b]0;pwned\x07\x1b[2J\u202e")
    from finops_desktop.cli.output import safe_text

    shown = safe_text(_show_text(workshop, workshop_as_dict(workshop, workshop.active_round.id)))
    assert "\x1b" not in shown and "\x07" not in shown and "\u202e" not in shown and "\\x1b]0;pwned" in shown
    # And a model copy holding such text is refused on open, by show and by roadmap.
    craft(sample, "UPDATE model SET definition = '" + definition.replace('name = "Crawl"', 'name = "Crawl\\u001b[2J"')
          .replace("'", "''") + "'")
    for command in ("show", "roadmap"):
        assert "control character (U+001B)" in one_error(capsys, command, sample)


def test_look_alike_names_are_refused(sample: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for look_alike in ("Re\u200btail", "Retail\u2067", "\u202eliateR"):
        assert "invisible" in one_error(capsys, "bu", "add", sample, look_alike)


def test_a_noncharacter_in_an_older_files_names_is_refused_before_any_svg(sample: Path,
                                                                         capsys: pytest.CaptureFixture[str]) -> None:
    craft(sample, "UPDATE business_units SET name = 'Retail' || char(65534)")
    svg = sample.with_name("chart.svg")
    assert "U+FFFE" in one_error(capsys, "chart", sample, "--org", "--out", svg)
    assert not svg.exists()
    craft(sample, "UPDATE business_units SET name = 'Retail'")
    assert run(capsys, "chart", sample, "--org", "--out", svg)[0] == 0
    ElementTree.parse(svg)


def test_arguments_that_are_not_utf8_are_refused_and_leave_nothing(tmp_path: Path,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "x.finops"
    assert "lone surrogate" in one_error(capsys, "new", path, "--client", os.fsdecode(b"Caf\xe9"))
    assert list(tmp_path.iterdir()) == []


def test_a_file_name_too_long_for_the_folder_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    long_name = tmp_path / ("w" * 243 + ".finops")
    assert "file name is too long" in one_error(capsys, "new", long_name, "--client", "Acme")
    assert list(tmp_path.iterdir()) == []
    file = WorkshopFile.create(tmp_path / "short.finops", WorkshopInfo("Acme"), default_model())
    with file, pytest.raises(InvalidEdit, match="file name is too long"):
        file.save_as(long_name)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["short.finops"]


def test_a_killed_exports_hidden_workbook_is_removed_by_the_next(sample: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    out = sample.with_name("deliverable.xlsx")
    stale = sample.with_name(".deliverable.0badc0de.xlsx.partial")
    stale.write_bytes(b"half a workbook")
    assert run(capsys, "export", sample, "--xlsx", out)[0] == 0
    assert not stale.exists() and out.exists()
    assert sorted(p.name for p in sample.parent.iterdir()) == ["deliverable.xlsx", "received.finops"]


def test_save_as_onto_a_hard_link_of_the_open_file_says_so(sample: Path) -> None:
    link = sample.with_name("same.finops")
    os.link(sample, link)
    with WorkshopFile.open(sample) as file, pytest.raises(InvalidEdit, match="already open"):
        file.save_as(link)


def test_a_file_moved_while_open_says_so_on_the_next_edit(sample: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "moved"
    elsewhere.mkdir()
    with WorkshopFile.open(sample) as file:
        shutil.move(sample, elsewhere / sample.name)
        with pytest.raises(WriteFailed, match="moved or deleted while it was open"):
            file.add_business_unit("Payments")
    assert not (tmp_path / (sample.name + "-journal")).exists()
