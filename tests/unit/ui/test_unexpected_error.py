"""An error nothing caught is said in the window in one line and written to the log; the room goes on."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, Signal

from finops_desktop.ui import unexpected_error
from tests.helpers.ui_context import ScriptedDialogs


class _Button(QObject):
    clicked = Signal()


@pytest.fixture
def log_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "log"
    monkeypatch.setattr(unexpected_error, "log_folder", lambda: folder)
    return folder


@pytest.mark.qt_no_exception_capture
def test_an_error_in_a_slot_is_shown_over_the_window_and_logged(qtbot: object, log_folder: Path) -> None:
    dialogs = ScriptedDialogs()
    previous = unexpected_error.install(dialogs)
    try:
        button = _Button()

        def broken() -> None:
            raise ZeroDivisionError("the share of nothing")

        button.clicked.connect(broken)
        button.clicked.emit()  # Qt reports what the slot raised to Python's last resort
    finally:
        sys.excepthook = previous
    assert len(dialogs.errors) == 1
    shown = dialogs.errors[0]
    assert shown.title == "Something went wrong"
    assert "the share of nothing" in shown.message and "\n" not in shown.message
    assert str(log_folder / unexpected_error.LOG_NAME) in shown.detail
    logged = (log_folder / unexpected_error.LOG_NAME).read_text()
    assert "ZeroDivisionError: the share of nothing" in logged and "in broken" in logged


def test_a_log_that_cannot_be_written_is_said_and_the_message_still_shown(tmp_path: Path,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    blocked = tmp_path / "file-in-the-way"
    blocked.write_text("")
    monkeypatch.setattr(unexpected_error, "log_folder", lambda: blocked / "log")
    dialogs = ScriptedDialogs()
    try:
        raise ValueError("odd\nvalue")
    except ValueError as error:
        assert unexpected_error.report(dialogs, error, error.__traceback__) is None
    assert "odd value" in dialogs.errors[0].message
    assert "could not be written" in dialogs.errors[0].detail


def test_the_log_starts_again_once_it_has_grown_past_its_limit(log_folder: Path) -> None:
    log_folder.mkdir()
    log = log_folder / unexpected_error.LOG_NAME
    log.write_text("x" * (unexpected_error.LOG_LIMIT + 1))
    unexpected_error.write_log(RuntimeError("again"), None)
    assert log.stat().st_size < 1000 and "RuntimeError: again" in log.read_text()
    unexpected_error.write_log(RuntimeError("once more"), None)
    assert log.read_text().count("RuntimeError") == 2


def test_an_interrupt_is_left_to_python(log_folder: Path) -> None:
    seen: list[type[BaseException]] = []
    dialogs = ScriptedDialogs()
    sys.excepthook, saved = (lambda kind, error, trace: seen.append(kind)), sys.excepthook
    try:
        unexpected_error.install(dialogs)
        sys.excepthook(KeyboardInterrupt, KeyboardInterrupt(), None)
    finally:
        sys.excepthook = saved
    assert seen == [KeyboardInterrupt] and dialogs.errors == []


# The log is never written through a link, a FIFO or a device ---------------------------------------------


def _error() -> BaseException:
    try:
        raise RuntimeError("logged")
    except RuntimeError as error:
        return error


@pytest.mark.parametrize("size", [20, unexpected_error.LOG_LIMIT + 1])
def test_a_log_that_is_a_link_is_never_written_through(log_folder: Path, tmp_path: Path, size: int) -> None:
    """Finding 2: a link planted as the log leaves its target (a user's document) as it was."""
    log_folder.mkdir()
    thesis = tmp_path / "thesis.txt"
    thesis.write_bytes(b"c" * size)
    (log_folder / unexpected_error.LOG_NAME).symlink_to(thesis)
    dialogs = ScriptedDialogs()
    error = _error()
    assert unexpected_error.report(dialogs, error, error.__traceback__) is None
    assert "logged" in dialogs.errors[0].message and "could not be written" in dialogs.errors[0].detail
    assert thesis.read_bytes() == b"c" * size
    assert (log_folder / unexpected_error.LOG_NAME).is_symlink()


def test_a_log_that_is_a_fifo_is_refused_without_blocking(log_folder: Path) -> None:
    from tests.helpers.deadline import deadline

    log_folder.mkdir()
    os.mkfifo(log_folder / unexpected_error.LOG_NAME)
    with deadline(5):
        assert unexpected_error.write_log(_error(), None) is None


def test_a_log_started_again_is_replaced_never_truncated_through_another_name(log_folder: Path,
                                                                              tmp_path: Path) -> None:
    """Past its limit the log is a new file: a document that is also the log by a hard link keeps its bytes."""
    log_folder.mkdir()
    document = log_folder / "document.txt"
    document.write_bytes(b"d" * (unexpected_error.LOG_LIMIT + 1))
    log = log_folder / unexpected_error.LOG_NAME
    os.link(document, log)
    assert unexpected_error.write_log(_error(), None) == log
    assert document.read_bytes() == b"d" * (unexpected_error.LOG_LIMIT + 1)
    assert "RuntimeError: logged" in log.read_text(encoding="utf-8") and log.stat().st_size < 1000
    assert sorted(p.name for p in log_folder.iterdir()) == ["document.txt", unexpected_error.LOG_NAME]
