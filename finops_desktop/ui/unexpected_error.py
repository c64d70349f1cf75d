"""An error nothing else caught: said in the window, written to a log, and the room goes on.

Every refusal the app knows of has its own clear message. Anything else, a defect, would
otherwise reach Qt, which prints it where no one in the room looks and leaves the click
that caused it looking as if nothing happened. :func:`install` makes Python's last resort
show one line over the window instead, with where the details were written. Each change
is written to the file the moment it is made, so an error leaves every earlier change in it.
"""

from __future__ import annotations

import os
import stat
import sys
import time
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from ..domain.text_values import shown
from ..user_folders import log_folder, replace_file

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
    what = shown(" ".join(str(error).split()), 200) or type(error).__name__
    dialogs.error("Something went wrong",
                  f"The app met a problem it did not expect: {what}. Every change made before it is in "
                  "the workshop file.", where)
    return log


def write_log(error: BaseException, trace: TracebackType | None, folder: Path | None = None) -> Path | None:
    """Append ``error`` with its traceback to the log; None if the folder cannot be written.

    The log is opened without following a link and only if it is a regular file: a link, FIFO
    or device left in its place is never written through (None, and the message is still
    shown). A log past its limit is replaced by a new file, never truncated in place.
    """
    import traceback

    stamp = time.strftime("%Y-%m-%d %H:%M:%S")
    entry = f"--- {stamp}\n" + "".join(traceback.format_exception(type(error), error, trace))
    data = entry.encode("utf-8", "replace")
    try:
        folder = folder if folder is not None else log_folder()
        folder.mkdir(parents=True, exist_ok=True)
        log = folder / LOG_NAME
        fd = os.open(log, _APPEND, 0o600)
    except OSError:  # a link (ELOOP), a FIFO with no reader (ENXIO), a folder, no permission...
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):  # a device or a FIFO someone reads
            return None
        if info.st_size > LOG_LIMIT:
            return log if replace_file(log, data) else None
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
    except OSError:
        return None
    finally:
        os.close(fd)
    return log


#: Append, made if absent, never through a link, never waiting on a FIFO.
_APPEND = (os.O_WRONLY | os.O_APPEND | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
           | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0))

