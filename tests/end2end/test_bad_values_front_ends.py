"""A bad value is refused the same way, with the same message, by the window and by the command line.

For each kind of value: empty, too long, control characters, direction overrides, lone
surrogates, NaN and infinity, negative money, a date that is not a date, a percentage out of
range. The message both front ends show is the value kind's own; the file is byte-identical.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from finops_desktop.domain import values
from finops_desktop.domain.catalogue import DEFAULT_MODEL_ID, find_model
from finops_desktop.domain.values import ValueRefused
from finops_desktop.domain.workshop import WorkshopInfo
from finops_desktop.ui import undo_commands
from finops_desktop.ui.business_units_panel import GROWTH, SPEND, BusinessUnitsModel
from finops_desktop.ui.context import ApplicationContext
from tests.helpers.commands import digest, run
from tests.helpers.ui_context import ScriptedDialogs, make_context
from tests.helpers.workshops import make_workshop_file

INDICATOR = find_model(DEFAULT_MODEL_ID).dimension("tagging_coverage").indicators[0]


@dataclass(frozen=True)
class Bad:
    name: str
    kind: Any
    value: Any  # what the kind refuses (typed text, or a value for check)
    window: Callable[[ApplicationContext], Any]
    cli: tuple[str, ...]
    typed: bool = True  # the value is text to parse (else a value to check)


def _retail(context: ApplicationContext) -> int:
    assert context.workshop is not None
    bu = context.workshop.business_unit_named("Retail")
    assert bu is not None
    return bu.id


def _add(name: str) -> Callable[[ApplicationContext], Any]:
    return lambda c: c.edit(undo_commands.AddBusinessUnitCommand(c, name))


def _table(column: int, text: str) -> Callable[[ApplicationContext], Any]:
    def edit(context: ApplicationContext) -> None:
        model = BusinessUnitsModel(context)
        model.setData(model.index(0, column), text)
    return edit


def _info(**changes: str) -> Callable[[ApplicationContext], Any]:
    def edit(context: ApplicationContext) -> None:
        assert context.workshop is not None
        info = context.workshop.info
        fields = {"client": info.client, "date": info.date, "facilitator": info.facilitator,
                  "currency": info.currency, **changes}
        context.edit(undo_commands.SetInfoCommand(context, WorkshopInfo(**fields)))
    return edit


def _note(**changes: Any) -> Callable[[ApplicationContext], Any]:
    return lambda c: undo_commands.edit_rating(c, _retail(c), "tagging_coverage", "Edit", **changes)


RATE = ("rate", "{f}", "--bu", "Retail", "--dimension", "tagging_coverage")
NAMES = [("empty", "   "), ("too long", "x" * 201), ("control character", "Retail\x07Bank"),
         ("direction override", "Retail\u202e"), ("lone surrogate", "Retail\udc80"), ("zero width", "Re\u200btail")]
CASES = [
    *[Bad(f"unit name {label}", values.BUSINESS_UNIT_NAME, text, _add(text), ("bu", "add", "{f}", text))
      for label, text in NAMES],
    *[Bad(f"client name {label}", values.CLIENT_NAME, text, _info(client=text),
          ("workshop", "set", "{f}", "--client", text)) for label, text in NAMES],
    Bad("negative spend", values.MONTHLY_SPEND, "-5", _table(SPEND, "-5"),
        ("bu", "set", "{f}", "Retail", "--spend=-5")),
    Bad("spend NaN", values.MONTHLY_SPEND, "nan", _table(SPEND, "nan"),
        ("bu", "set", "{f}", "Retail", "--spend", "nan")),
    Bad("spend infinite", values.MONTHLY_SPEND, "1e999", _table(SPEND, "1e999"),
        ("bu", "set", "{f}", "Retail", "--spend", "1e999")),
    Bad("growth out of range", values.GROWTH, "-150", _table(GROWTH, "-150"),
        ("bu", "set", "{f}", "Retail", "--growth=-150")),
    Bad("date that is no date", values.WORKSHOP_DATE, "next Tuesday", _info(date="next Tuesday"),
        ("workshop", "set", "{f}", "--date", "next Tuesday")),
    Bad("impossible date", values.WORKSHOP_DATE, "2026-02-30", _info(date="2026-02-30"),
        ("workshop", "set", "{f}", "--date", "2026-02-30")),
    Bad("currency", values.CURRENCY, "euro", _info(currency="euro"), ("workshop", "set", "{f}", "--currency", "euro"),
        typed=False),
    Bad("reasoning too long", values.REASONING, "r" * 5001,
        lambda c: undo_commands.set_waste_assumption(c, "commitment_strategy", "crawl", 0.1, "r" * 5001),
        ("assumption", "{f}", "--dimension", "commitment_strategy", "--stage", "crawl", "--share", "10",
         "--reasoning", "r" * 5001)),
    Bad("note with an override", values.RATING_NOTE, "a\u202eb", _note(note="a\u202eb"), (*RATE, "--note", "a\u202eb")),
    Bad("note with a control character", values.RATING_NOTE, "a\x1bb", _note(note="a\x1bb"),
        (*RATE, "--note", "a\x1bb")),
    Bad("participants too long", values.PARTICIPANTS, "p" * 2001, _note(participants="p" * 2001),
        (*RATE, "--participants", "p" * 2001)),
    Bad("indicator NaN", values.IndicatorValue(INDICATOR), float("nan"),
        lambda c: undo_commands.set_indicator(c, _retail(c), "tagging_coverage", INDICATOR.id, float("nan")),
        (*RATE, "--indicator", f"{INDICATOR.id}=nan"), typed=False),
    Bad("indicator over 100 %", values.IndicatorValue(INDICATOR), 140.0,
        lambda c: undo_commands.set_indicator(c, _retail(c), "tagging_coverage", INDICATOR.id, 140.0),
        (*RATE, "--indicator", f"{INDICATOR.id}=140"), typed=False),
]


def _message(bad: Bad) -> str:
    with pytest.raises(ValueRefused) as refused:
        (bad.kind.parse if bad.typed else bad.kind.check)(bad.value)
    return str(refused.value)


def _same(message: str, shown: str) -> bool:
    return message.casefold() in shown.casefold()


@pytest.fixture
def original(tmp_path: Path) -> Path:
    return make_workshop_file(tmp_path / "original.finops", [("Retail", 1000.0, {"tagging_coverage": ("crawl", None)})])


@pytest.fixture
def window(qapp: object, tmp_path: Path) -> Iterator[ApplicationContext]:
    context = make_context(tmp_path, ScriptedDialogs())
    yield context
    context.close_file()


@pytest.mark.parametrize("bad", CASES, ids=lambda bad: bad.name)
def test_both_front_ends_refuse_with_the_kinds_message_and_change_nothing(
        bad: Bad, original: Path, tmp_path: Path, window: ApplicationContext,
        capsys: pytest.CaptureFixture[str]) -> None:
    message = _message(bad)
    by_window, by_cli = tmp_path / "window.finops", tmp_path / "cli.finops"
    shutil.copy(original, by_window)
    shutil.copy(original, by_cli)
    before = digest(original)

    assert window.open_path(by_window)
    bad.window(window)
    errors = window.dialogs.errors  # type: ignore[attr-defined]
    window.close_file()
    assert errors, "the window showed no message"
    assert _same(message, errors[-1].message), (message, errors[-1].message)
    assert digest(by_window) == before

    code, _, err = run(capsys, *[str(by_cli) if arg == "{f}" else arg for arg in bad.cli])
    assert code == 2 and err.startswith("error: ") and err.count("\n") == 1
    assert _same(message, err), (message, err)
    assert digest(by_cli) == before
