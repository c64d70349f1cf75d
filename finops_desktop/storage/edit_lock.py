"""One editor per workshop file.

The lock is an advisory ``flock`` held on the file itself for as long as it is open for
editing. The operating system drops it when the process ends, however it ends, so a
crashed session never leaves a stale lock behind. Readers take no lock.
"""

from __future__ import annotations

import os
from pathlib import Path

from .errors import FileInUse, ReadOnlyFile

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]


class EditLock:
    def __init__(self, path: Path) -> None:
        self._path = path
        self._fd: int | None = None

    def acquire(self) -> None:
        if fcntl is not None:
            try:
                fd = os.open(self._path, os.O_RDONLY)
            except OSError as exc:
                raise ReadOnlyFile(self._path, f"the file cannot be opened ({exc.strerror or exc})") from None
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                os.close(fd)
                raise FileInUse(self._path, "the file is open for editing in another window; "
                                            "close it there or open this one read-only") from None
        else:  # pragma: no cover - Windows
            import msvcrt

            fd = os.open(str(self._path) + ".lock", os.O_RDWR | os.O_CREAT)
            try:
                msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
            except OSError:
                os.close(fd)
                raise FileInUse(self._path, "the file is open for editing in another window; "
                                            "close it there or open this one read-only") from None
        self._fd = fd

    def release(self) -> None:
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        os.close(fd)
        if fcntl is None:  # pragma: no cover - Windows
            try:
                os.remove(str(self._path) + ".lock")
            except OSError:
                pass
