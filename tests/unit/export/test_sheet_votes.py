"""The Votes sheet and the disagreement marks on the Scores sheet."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook

from finops_desktop.demo_workshop import write_demo
from finops_desktop.domain.votes import QUESTIONNAIRE
from finops_desktop.export import write_workbook

from .conftest import HOSTILE, formula_cells


def test_votes_by_stage_spread_agreed_stage_and_who_voted(tmp_path: Path) -> None:
    with write_demo(tmp_path / "demo.finops") as file:
        workshop = file.workshop
        retail = workshop.business_units[0]
        ana = file.add_participant("Ana")
        ben = file.add_participant(HOSTILE[0])
        chloe = file.add_participant("Chloé")
        file.set_vote(retail.id, "cost_visibility", ana.id, "crawl", confidence="high", comment=HOSTILE[1])
        file.set_vote(retail.id, "cost_visibility", ben.id, "run")
        file.set_vote(retail.id, "cost_visibility", chloe.id, "run", source=QUESTIONNAIRE)
        file.set_vote(retail.id, "tagging_coverage", ana.id, "walk")
        file.set_vote(retail.id, "tagging_coverage", ben.id, "walk")
        path = tmp_path / "out.xlsx"
        write_workbook(file.workshop, path)
    book = load_workbook(path)
    assert book.sheetnames.index("Votes") == book.sheetnames.index("Evidence") + 1
    ws = book["Votes"]
    header = [c.value for c in ws[4]]
    assert header == ["Business unit", "Dimension", "Crawl", "Walk", "Run", "Votes", "Spread", "In disagreement",
                      "Agreed stage", "Who voted"]
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=5, max_row=6)]
    assert rows[0][:9] == [retail.name, "Cost visibility", 1, 0, 2, 3, "2 stages apart; the agreed stage is another",
                           "Yes", "Walk"]  # two of three voted Run; the room agreed Walk
    assert rows[0][9].split("\n") == [f"{HOSTILE[0]}: Run", f"Ana: Crawl (high) — {HOSTILE[1]}",
                                      "Chloé: Run (questionnaire)"]
    assert rows[1][:9] == [retail.name, "Tagging coverage", 0, 2, 0, 2, "all agree", None, "Walk"]
    assert not [where for where in formula_cells(path) if where.startswith("Votes!")]  # typed text stays text

    scores = book["Scores"]
    assert scores.cell(9, 4).value == "Walk ≠"  # Retail Banking, cost visibility: in disagreement
    assert scores.cell(9, 4).border.left.color.rgb.endswith("D9480F")
    assert scores.cell(9, 6).value == "Walk"  # tagging: agreed, not marked
    assert "≠ after a stage" in scores.cell(2, 1).value


def test_a_round_without_votes_has_no_votes_sheet(tmp_path: Path) -> None:
    with write_demo(tmp_path / "demo.finops") as file:
        path = tmp_path / "out.xlsx"
        write_workbook(file.workshop, path)
    book = load_workbook(path)
    assert "Votes" not in book.sheetnames
    assert "≠" not in book["Scores"].cell(2, 1).value


def test_the_spread_says_one_vote_and_an_agreed_stage_that_is_not_the_votes() -> None:
    from finops_desktop.domain.votes import Spread
    from finops_desktop.export.sheet_votes import spread_words

    one_walk = Spread((("crawl", 0), ("walk", 1), ("run", 0)), 1, 2, 2)
    assert spread_words(one_walk) == "one vote"
    assert spread_words(one_walk, "walk") == "one vote"
    assert spread_words(one_walk, "run") == "one vote; the agreed stage is another"
    two_walk = Spread((("crawl", 0), ("walk", 2), ("run", 0)), 2, 2, 2)
    assert spread_words(two_walk, "walk") == "all agree"
    assert spread_words(two_walk, "run") == "all agree; the agreed stage is another"
    apart = Spread((("crawl", 1), ("walk", 0), ("run", 1)), 2, 1, 3)
    assert spread_words(apart, "walk") == "2 stages apart"  # no majority to differ from
