"""The window and the command line change a workshop the same way: every undo command has a command.

Each case makes one edit through the window's undo command on one copy of a file and the
command-line equivalent on another copy; both files then read back identical (``show --json``).
A new undo command without a case here fails the test, so no edit is ever window-only.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from finops_desktop.domain.workshop import Rating, WorkshopInfo
from finops_desktop.storage.workshop_file import WorkshopFile
from finops_desktop.ui import round_commands, undo_commands
from finops_desktop.ui.context import ApplicationContext
from finops_desktop.ui.undo_commands import WorkshopCommand
from tests.helpers.billing import TWO_UNITS_CSV
from tests.helpers.commands import run
from tests.helpers.ui_context import ScriptedDialogs, make_context
from tests.helpers.workshops import make_workshop_file

Window = Callable[[ApplicationContext], Any]


@dataclass(frozen=True)
class Case:
    command: str  # the undo command's class name
    window: Window
    cli: tuple[str, ...]  # "{f}" stands for the file
    report: bool = False  # the command prints a report of what it read, not one line


def _bu(context: ApplicationContext, name: str) -> int:
    workshop = context.workshop
    assert workshop is not None
    found = workshop.business_unit_named(name)
    assert found is not None
    return found.id


def _command(factory: Callable[[ApplicationContext], WorkshopCommand]) -> Window:
    return lambda context: context.edit(factory(context))


def _import_billing(context: ApplicationContext) -> WorkshopCommand:
    from finops_desktop.evidence.query import QuerySettings, UnitSource
    from finops_desktop.evidence.reader import BillingReader
    from finops_desktop.ui.billing_import_dialog import ImportBillingCommand

    summary = BillingReader([TWO_UNITS_CSV], QuerySettings(UnitSource("column", "SubAccountName"))).read()
    return ImportBillingCommand(context, summary, None, apply_spend=True)


CASES = [
    Case("SetRatingCommand", lambda c: undo_commands.rate_current(c, _bu(c, "Retail"), "tagging_coverage", "na"),
         ("rate", "{f}", "--bu", "Retail", "--dimension", "tagging_coverage", "--stage", "na")),
    Case("SetRatingCommand", lambda c: undo_commands.rate_current(c, _bu(c, "Retail"), "tagging_coverage", None),
         ("rate", "{f}", "--bu", "Retail", "--dimension", "tagging_coverage", "--stage", "none")),
    Case("SetRatingCommand", lambda c: undo_commands.rate_target(c, _bu(c, "Payments"), "cost_visibility", "run"),
         ("rate", "{f}", "--bu", "Payments", "--dimension", "Visibility", "--target", "Run")),
    Case("SetRatingCommand", lambda c: undo_commands.edit_rating(c, _bu(c, "Retail"), "tagging_coverage", "Notes",
                                                                  note="40 % tagged", confidence="high",
                                                                  participants="Ana, Bo"),
         ("rate", "{f}", "--bu", "Retail", "--dimension", "tagging_coverage", "--note", "40 % tagged",
          "--confidence", "high", "--participants", "Ana, Bo")),
    Case("SetRatingCommand", lambda c: undo_commands.set_indicator(c, _bu(c, "Retail"), "tagging_coverage",
                                                                    "allocation_coverage", 63.0),
         ("rate", "{f}", "--bu", "Retail", "--dimension", "tagging_coverage", "--indicator",
          "allocation_coverage=63")),
    Case("AddBusinessUnitCommand",
         _command(lambda c: undo_commands.AddBusinessUnitCommand(c, "Logistics", monthly_spend=75_000.0,
                                                                 owner="Kim", notes="New in 2026",
                                                                 annual_growth=10.0)),
         ("bu", "add", "{f}", "Logistics", "--spend", "75k", "--owner", "Kim", "--notes", "New in 2026",
          "--growth", "10")),
    Case("UpdateBusinessUnitCommand",
         _command(lambda c: undo_commands.UpdateBusinessUnitCommand(c, _bu(c, "Retail"), "Edit", name="Retail Banking",
                                                                    monthly_spend=1_200.0, annual_growth=-5.0,
                                                                    owner="Ana", notes="Two lines\nof notes")),
         ("bu", "set", "{f}", "Retail", "--name", "Retail Banking", "--spend", "1,200", "--growth", "-5",
          "--owner", "Ana", "--notes", "Two lines\nof notes")),
    Case("MoveBusinessUnitCommand",
         _command(lambda c: undo_commands.MoveBusinessUnitCommand(c, _bu(c, "Payments"), 0)),
         ("bu", "set", "{f}", "Payments", "--position", "1")),
    Case("RemoveBusinessUnitCommand",
         _command(lambda c: undo_commands.RemoveBusinessUnitCommand(c, _bu(c, "Payments"))),
         ("bu", "remove", "{f}", "Payments")),
    Case("SetInfoCommand",
         _command(lambda c: undo_commands.SetInfoCommand(c, WorkshopInfo("Acme Group", "2026-11-27", "Sam", "EUR"))),
         ("workshop", "set", "{f}", "--client", "Acme Group", "--date", "2026-11-27", "--facilitator", "Sam",
          "--currency", "eur")),
    Case("SetWasteAssumptionCommand",
         lambda c: undo_commands.set_waste_assumption(c, "commitment_strategy", "crawl", 0.1, None),
         ("assumption", "{f}", "--dimension", "commitment_strategy", "--stage", "crawl", "--share", "10")),
    Case("SetWasteAssumptionCommand",
         lambda c: undo_commands.set_waste_assumption(c, "commitment_strategy", "crawl", 0.15, None),
         ("assumption", "{f}", "--dimension", "commitments", "--stage", "crawl", "--share", "15")),
    Case("ImportBillingCommand", _command(_import_billing),
         ("evidence", "import", "{f}", str(TWO_UNITS_CSV), "--bu-column", "SubAccountName", "--apply-spend")),
]


def _import_billing(context: ApplicationContext) -> None:
    from finops_desktop.evidence.query import QuerySettings, UnitSource
    from finops_desktop.evidence.reader import BillingReader
    from finops_desktop.ui.billing_import_dialog import ImportBillingCommand

    summary = BillingReader([BILLING], QuerySettings(UnitSource("column", "SubAccountName"))).read()
    context.edit(ImportBillingCommand(context, summary, None, apply_spend=True))


def _billing_export(folder: Path) -> Path:
    from finops_desktop.evidence.synthetic import SyntheticExport, UnitSpend

    return SyntheticExport((UnitSpend("Retail"), UnitSpend("Payments", on_demand=40.0))).write(folder / "focus.csv")


BILLING = Path()  # set by the fixture that writes the export

def _round(context: ApplicationContext, name: str) -> int:
    assert context.workshop is not None
    found = context.workshop.round_named(name)
    assert found is not None
    return found.id


CASES += [
    Case("AddRoundCommand", _command(lambda c: round_commands.AddRoundCommand(c, "Q3 2027", copy_previous=True)),
         ("round", "add", "{f}", "Q3 2027")),
    Case("AddRoundCommand", _command(lambda c: round_commands.AddRoundCommand(c, "Fresh", copy_previous=False)),
         ("round", "add", "{f}", "Fresh", "--empty")),
    Case("RenameRoundCommand",
         _command(lambda c: round_commands.RenameRoundCommand(c, _round(c, "Baseline"), "Kick-off")),
         ("round", "rename", "{f}", "baseline", "Kick-off")),
    Case("RemoveRoundCommand", _command(lambda c: round_commands.RemoveRoundCommand(c, _round(c, "Copy"))),
         ("round", "remove", "{f}", "Copy")),
]

def _vote(context: ApplicationContext) -> None:
    from finops_desktop.ui.vote_undo import SetVoteCommand

    workshop = context.workshop
    assert workshop is not None
    ana = next(p for p in workshop.votes.participants if p.name == "Ana")
    context.edit(SetVoteCommand(context, workshop.active_round.id, _bu(context, "Retail"), "tagging_coverage",
                                ana.id, "walk"))


CASES.append(Case("SetVoteCommand", _vote, ("vote", "{f}", "--participant", "ana", "--bu", "Retail", "--dimension",
                                            "tagging", "--stage", "Walk")))

CASES.append(Case("ImportBillingCommand", _import_billing,
                  ("evidence", "import", "{f}", "{billing}", "--bu-column", "SubAccountName", "--apply-spend"),
                  report=True))


def _all_commands(cls: type) -> set[str]:
    found = set()
    for sub in cls.__subclasses__():
        found.add(sub.__name__)
        found |= _all_commands(sub)
    return found


def test_every_undo_command_of_the_window_has_a_command_line_case() -> None:
    # Import every ui module, so that commands defined anywhere in the window are seen.
    import importlib
    import pkgutil

    import finops_desktop.ui as ui

    for module in pkgutil.iter_modules(ui.__path__):
        importlib.import_module(f"finops_desktop.ui.{module.name}")
    assert _all_commands(WorkshopCommand) <= {case.command for case in CASES}


@pytest.fixture
def original(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setitem(globals(), "BILLING", _billing_export(tmp_path))
    path = make_workshop_file(tmp_path / "original.finops", [
        ("Retail", 1000.0, {"tagging_coverage": ("crawl", "walk"), "cost_visibility": ("walk", None)}),
        ("Payments", 500.0, {"cost_visibility": ("crawl", None)}),
    ])
    with WorkshopFile.open(path) as file:
        bu = file.workshop.business_unit_named("Retail")
        assert bu is not None
        file.set_rating(bu.id, "tagging_coverage", Rating("crawl", "walk", participants="Old room"))
        file.add_round("Copy")  # a round with nothing of its own yet: the one rated, and removable
        file.add_participant("Ana", role="Head of Retail", bu_id=bu.id)
    return path


@pytest.fixture
def window(qapp: object, tmp_path: Path) -> Iterator[ApplicationContext]:
    context = make_context(tmp_path, ScriptedDialogs())
    yield context
    context.close_file()


def _read_back(capsys: pytest.CaptureFixture[str], path: Path) -> dict[str, Any]:
    code, out, err = run(capsys, "show", path, "--json")
    assert code == 0, err
    data = json.loads(out)
    for rnd in data["rounds"]:
        rnd.pop("created_at")
    return data


@pytest.mark.parametrize("case", CASES, ids=lambda case: f"{case.command}:{' '.join(case.cli[:2])}")
def test_the_window_and_the_command_line_make_the_same_file(case: Case, original: Path, tmp_path: Path,
                                                            window: ApplicationContext,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    by_window, by_cli = tmp_path / "window.finops", tmp_path / "cli.finops"
    shutil.copy(original, by_window)
    shutil.copy(original, by_cli)
    untouched = _read_back(capsys, original)

    assert window.open_path(by_window)
    case.window(window)
    assert not window.dialogs.errors  # type: ignore[attr-defined]
    window.close_file()
    arguments = {"{f}": str(by_cli), "{billing}": str(BILLING)}
    code, out, err = run(capsys, *[arguments.get(arg, arg) for arg in case.cli])
    assert code == 0, err
    assert case.report or out.count("\n") == 1  # one line says what changed

    assert _read_back(capsys, by_window) == _read_back(capsys, by_cli)
    assert _read_back(capsys, by_cli) != untouched or "the model's" in out  # the edit did something
