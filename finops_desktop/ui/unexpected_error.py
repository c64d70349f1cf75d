"""An error nothing else caught: said in the window, written to a log, and the room goes on.

Every refusal the app knows of has its own clear message. Anything else, a defect, would
otherwise reach Qt, which prints it where no one in the room looks and leaves the click
that caused it looking as if nothing happened. :func:`install` makes Python's last resort
show one line over the window instead, with where the details were written. Each change
is written to the file the moment it is made, so an error leaves every earlier change in it.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from ..user_folders import log_folder

if TYPE_CHECKING:
    from .dialogs import Dialogs

LOG_NAME = "errors.log"
#: A log grown past this is started again, so that a repeating error cannot fill the disk.
LOG_LIMIT = 1_000_000

Hook = Callable[[type[BaseException], BaseException, TracebackType | None], object]


def install(dialogs: Dialogs) -> Hook:
    """Show every uncaught error through ``dialogs``; the hook it replaced is returned."""
    previous = sys.excepthook
    showing = False

    def hook(kind: type[BaseException], error: BaseException, trace: TracebackType | None) -> None:
        nonlocal showing
        if issubclass(kind, KeyboardInterrupt | SystemExit) or showing:
            previous(kind, error, trace)
            return
        showing = True
        try:
            report(dialogs, error, trace)
        except Exception:  # the message itself failed: Python's own report is all there is
            previous(kind, error, trace)
        finally:
            showing = False

    sys.excepthook = hook
    return previous


def report(dialogs: Dialogs, error: BaseException, trace: TracebackType | None) -> Path | None:
    """Say ``error`` in one line over the window; the log it was written to, if it could be."""
    log = write_log(error, trace)
    where = f"The details were written to {log}." if log is not None else \
        "The details could not be written to the app's log folder."
    what = _one_line(error) or type(error).__name__
    dialogs.error("Something went wrong",
                  f"The app met a problem it did not expect: {what}. Every change made before it is in "
                  "the workshop file.", where)
    return log


def write_log(error: BaseException, trace: TracebackType | None, folder: Path | None = None) -> Path | None:
    """Append ``error`` with its traceback to the log; None if the folder cannot be written."""
    import traceback

    try:
        folder = folder if folder is not None else log_folder()
        folder.mkdir(parents=True, exist_ok=True)
        log = folder / LOG_NAME
        mode = "w" if log.exists() and log.stat().st_size > LOG_LIMIT else "a"
        stamp = time.strftime("%Y-%m-%d %H:%M:%S")
        with open(log, mode, encoding="utf-8", errors="replace") as out:
            out.write(f"--- {stamp}\n")
            out.writelines(traceback.format_exception(type(error), error, trace))
    except OSError:
        return None
    return log


def _one_line(error: BaseException) -> str:
    """The error's text on one line, printable, cut at 200 characters."""
    text = " ".join(str(error).split())
    return "".join(c if c.isprintable() else "?" for c in text)[:200]
