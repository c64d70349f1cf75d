"""Mangled workshop files through the command line and the window: a clear refusal or a working file, nothing else.

A fixed corpus (:mod:`tests.helpers.fuzz_corpus`) of byte flips, truncations, schema edits and
value edits is opened, shown, exported and edited. Every command exits 0 or 2 with one
``error:`` line, never a traceback; a refused file keeps every byte and gains no companion
file; ``show --json`` is valid JSON; every file, opened or refused, is asked to export. A case
that hangs ends the run with the stacks of every thread (``faulthandler``), so a hang is a
failure, never a stuck suite.
"""

from __future__ import annotations

import faulthandler
import hashlib
import json
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from finops_desktop.cli import main
from tests.helpers.fuzz_corpus import build_corpus
from tests.helpers.ui_context import OFFSCREEN_PLATFORM_NOTICES, ScriptedDialogs, make_context

CASES = 300
#: Far more than any case needs (a few hundredths of a second); reached only by a hang.
PER_CASE_LIMIT_SECONDS = 60


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[Path, str]]:
    return build_corpus(tmp_path_factory.mktemp("fuzz"), CASES)


@pytest.fixture
def hang_guard() -> Iterator[None]:
    yield
    faulthandler.cancel_dump_traceback_later()


def guard_case() -> None:
    faulthandler.dump_traceback_later(PER_CASE_LIMIT_SECONDS, exit=True, file=sys.__stderr__)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def command(capsys: pytest.CaptureFixture[str], what: str, *args: object) -> tuple[int, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    assert code in (0, 2), f"{what}: exit {code}\n{err}"
    if code == 2:
        lines = err.splitlines()
        assert len(lines) == 1 and lines[0].startswith("error: "), f"{what}: {err!r}"
        assert "unexpected problem" not in err, f"{what}: {err}"
    return code, out


def refuse_constants(name: str) -> float:
    raise AssertionError(f"show --json wrote {name}, which is not JSON")


def test_every_mangled_file_is_refused_clearly_or_works(corpus: list[tuple[Path, str]], hang_guard: None,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    outcomes = {"refused": 0, "opened": 0}
    for index, (path, mutation) in enumerate(corpus):
        what = f"case {index} ({mutation[:120]})"
        guard_case()
        before = digest(path) if path.is_file() else None
        companions = sorted(p.name for p in path.parent.iterdir())
        code, out = command(capsys, what, "show", path, "--json")
        if code == 2:
            outcomes["refused"] += 1
            command(capsys, what, "export", path, "--xlsx", path.with_name("refused.xlsx"))
            assert not path.with_name("refused.xlsx").exists(), f"{what}: a refused file was exported"
            command(capsys, what, "bu", "add", path, "Fuzzed unit")
            command(capsys, what, "rate", path, "--bu", "Retail", "--dimension", "cost_visibility", "--stage", "run")
            assert digest(path) == before, f"{what}: a refused file changed"
            assert sorted(p.name for p in path.parent.iterdir()) == companions, f"{what}: companion files appeared"
            continue
        outcomes["opened"] += 1
        json.loads(out, parse_constant=refuse_constants)
        command(capsys, what, "roadmap", path)
        out = path.with_name(f"out-{index}.xlsx")
        code, _ = command(capsys, what, "export", path, "--xlsx", out)
        assert code == 2 or out.is_file(), f"{what}: export said it worked but wrote no workbook"
        out.unlink(missing_ok=True)
        command(capsys, what, "bu", "add", path, "Fuzzed unit")
        command(capsys, what, "rate", path, "--bu", "Retail", "--dimension", "cost_visibility", "--stage", "run")
        command(capsys, what, "show", path)
    # The corpus exercises both ways out; a corpus where everything opened would prove little.
    assert outcomes["refused"] > CASES // 4 and outcomes["opened"] > CASES // 10, outcomes


@OFFSCREEN_PLATFORM_NOTICES
def test_the_window_shows_every_mangled_file_or_says_why_not(corpus: list[tuple[Path, str]], hang_guard: None,
                                                             qtbot: QtBot, tmp_path: Path) -> None:
    from finops_desktop.ui.main_window import MainWindow

    dialogs = ScriptedDialogs()
    window = MainWindow(make_context(tmp_path / "settings", dialogs))
    qtbot.addWidget(window)
    window.resize(1280, 720)
    window.show()
    for index, (path, mutation) in enumerate(corpus[::3]):
        guard_case()
        errors = len(dialogs.errors)
        dialogs.answer("offer_read_only", True)
        opened = window.open_path(path)
        if opened:
            assert window.context.file is not None and window.context.file.path == path
        else:
            assert len(dialogs.errors) == errors + 1, f"case {index * 3} ({mutation[:120]}): refused without a message"
            message = dialogs.errors[-1].message
            assert message and "\n\nNothing was changed." in message
        dialogs.answers["offer_read_only"].clear()
        window.context.close_file()
    window.close()
