"""The folder where the app keeps what it can make again (its caches), for every layer.

It is the folder platformdirs names. On Linux that is ``$XDG_CACHE_HOME`` or ``~/.cache``,
worked out here as platformdirs does it: importing platformdirs took 5 ms, and the window
reads two caches before its first frame (the platform check and the schema's reference).
It also reads and writes those caches safely (:func:`read_regular_file`, :func:`replace_file`).
"""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

APP_FOLDER = "finops-workshop"

#: Open without following a link at the last step, and without waiting for a FIFO's writer.
_NO_LINK_NO_WAIT = getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)


def cache_folder() -> Path:
    """The app's folder in the user's cache folder (made by whoever first writes to it)."""
    if sys.platform.startswith("linux"):
        configured = os.environ.get("XDG_CACHE_HOME", "")
        base = configured if os.path.isabs(configured) else os.path.expanduser("~/.cache")  # relative: ignored
        return Path(base) / APP_FOLDER
    import platformdirs

    return Path(platformdirs.user_cache_dir(APP_FOLDER, appauthor=False))


def log_folder() -> Path:
    """The app's folder for its log of errors nothing else caught (loaded only when one happens)."""
    import platformdirs

    return Path(platformdirs.user_log_dir(APP_FOLDER, appauthor=False))


def read_regular_file(path: Path, limit: int) -> bytes | None:
    """The bytes of the regular file at ``path``; None when it is absent, a link, a FIFO, a device, a
    folder, longer than ``limit`` bytes, or unreadable.

    For the app's own caches: whatever was left in their place, reading one can neither block
    (a FIFO), follow a link (to a device that never ends), nor exhaust memory, and a cache read
    as None is simply made again.
    """
    try:
        if not stat.S_ISREG(os.lstat(path).st_mode):  # never open a device or FIFO at all
            return None
        fd = os.open(path, os.O_RDONLY | _NO_LINK_NO_WAIT | getattr(os, "O_BINARY", 0))
    except (OSError, ValueError):
        return None
    try:
        info = os.fstat(fd)  # what was opened, should it have been swapped since lstat
        if not stat.S_ISREG(info.st_mode) or info.st_size > limit:
            return None
        chunks: list[bytes] = []
        size = 0
        while size <= limit:  # the file may grow while read: never more than limit + 1 bytes
            chunk = os.read(fd, limit + 1 - size)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        return b"".join(chunks) if size <= limit else None
    except OSError:
        return None
    finally:
        os.close(fd)


def replace_file(path: Path, data: bytes) -> bool:
    """Write ``data`` as the file ``path``, atomically: False (and nothing left behind) if it cannot be.

    The data goes to a new file of an unpredictable name in the same folder, made with
    ``O_CREAT | O_EXCL | O_NOFOLLOW`` (``tempfile.mkstemp``), which is then renamed over
    ``path``: a link planted in the folder is never followed, and a link at ``path`` itself is
    replaced, not its target.
    """
    import tempfile  # only when a cache is written, never on the way to the window

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, partial = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".partial", dir=path.parent)
    except (OSError, ValueError):
        return False
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.replace(partial, path)
    except OSError:
        try:
            os.unlink(partial)
        except OSError:
            pass
        return False
    return True
