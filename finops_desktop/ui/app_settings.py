"""What the app remembers between sessions: recent files, window layout, text size, colour scheme.

The ``QSettings`` store is passed in, so tests keep theirs in a temporary folder.

Every value is checked as it is read back, as one typed would be: the settings file is the
user's to edit, and may hold anything. A number that is not finite, a list longer than its
limit, an entry that is not text or holds a NUL each falls back to the default or is left out.
A settings file that is not a regular file (a pipe would hang the start; a link to a device
would have Qt replace the device) is neither read nor written: the app runs on its defaults.
"""

from __future__ import annotations

import logging
import math
import os
import re
import stat
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote_to_bytes

from PySide6.QtCore import QByteArray, QCoreApplication, QObject, QSettings, QStandardPaths, Signal

from ..domain.values import CURRENCY, ValueRefused
from .fonts import clamp_scale
from .palette import Scheme

MAX_RECENT_FILES = 10
#: Longer, no system opens a path in one go (Linux's PATH_MAX): such an entry names nothing.
MAX_PATH_CHARACTERS = 4096
#: A path whose name is not valid UTF-8 (Linux allows any bytes; Python shows them as lone
#: surrogates, which Qt's strings cannot hold) is kept as its bytes, percent-escaped, after this.
#: No absolute path starts with it, so it can never be read as another file.
BYTES_PREFIX = "fs-bytes:"
_SURROGATE = re.compile("[\ud800-\udfff\x00]")


class MemoryStore:
    """Settings kept for this session only, never written anywhere (the settings file cannot be used)."""

    def __init__(self) -> None:
        self._values: dict[str, Any] = {}

    def value(self, key: str, defaultValue: Any = None) -> Any:
        return self._values.get(key, defaultValue)

    def setValue(self, key: str, value: Any) -> None:
        self._values[key] = value

    def sync(self) -> None:
        pass

    def fileName(self) -> str:
        return ""


def settings_file_path() -> Path | None:
    """Where ``QSettings()`` keeps the app's settings on this system, if it is a file Qt reads itself.

    Worked out without a ``QSettings``: Qt reads the file as it is made, and a pipe there would
    never answer. ``None`` where the settings are not an INI file (Windows' registry, macOS).
    """
    if sys.platform.startswith(("win", "darwin")):
        return None
    organization, application = QCoreApplication.organizationName(), QCoreApplication.applicationName()
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.GenericConfigLocation)
    if not organization or not application or not folder:
        return None
    return Path(folder) / organization / f"{application}.conf"


def settings_file_problem(path: Path) -> str:
    """Why the settings file at ``path`` cannot be used ("" when it can, or is not there yet).

    Looked at with ``lstat``/``stat`` only, never opened: opening a pipe for reading waits for a writer.
    A link to a regular file (as dotfile managers make) is fine; a link to anything else is not.
    """
    try:
        info = os.lstat(path)
        if stat.S_ISLNK(info.st_mode):
            info = os.stat(path)
    except FileNotFoundError:
        if path.is_symlink():
            return "it is a link to nothing"
        return ""
    except (OSError, ValueError) as exc:
        return f"it cannot be looked at ({getattr(exc, 'strerror', None) or exc})"
    if stat.S_ISREG(info.st_mode):
        return ""
    if stat.S_ISDIR(info.st_mode):
        return "it is a folder"
    return "it is a pipe, a device or a socket, not a regular file"


def default_store() -> tuple[QSettings | MemoryStore, str]:
    """The app's settings store, and what to tell the user about it ("" when all is well)."""
    path = settings_file_path()
    if path is None:
        return QSettings(), ""
    problem = settings_file_problem(path)
    if problem:
        message = (f"The settings file {path_text(str(path))} cannot be used ({problem}); "
                   "settings are not remembered in this session.")
        logging.getLogger(__name__).warning(message)
        return MemoryStore(), message
    # The file itself, with no fallbacks: Qt would also read (and hang on) files beside it that the app never writes.
    return QSettings(str(path), QSettings.Format.IniFormat), ""


def path_text(text: str) -> str:
    """A path as it can be shown: a byte that is not UTF-8 (or a NUL) as "\N{REPLACEMENT CHARACTER}".

    Qt drops the lone surrogates Python gives such bytes, which would show "café" as "caf".
    """
    return _SURROGATE.sub("\N{REPLACEMENT CHARACTER}", text)


def file_exists(path: Path) -> bool:
    """Whether a file is at ``path``; a name the system cannot look up (too long, a NUL) counts as none."""
    try:
        os.stat(path)
    except (OSError, ValueError):
        return False
    return True


def stored_path(path: Path) -> str | None:
    """How ``path`` is kept in the settings, exactly; ``None``: a name no file can have (it holds a NUL)."""
    text = str(path)
    if "\0" in text or not text:
        return None
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return BYTES_PREFIX + quote(os.fsencode(path), safe="/")
    return text


def read_path(value: object) -> Path | None:
    """The absolute path a settings entry holds, or ``None`` when it is not one (not text, a NUL, relative…)."""
    if not isinstance(value, str) or not value or len(value) > MAX_PATH_CHARACTERS:
        return None
    text = value
    if value.startswith(BYTES_PREFIX):
        raw = unquote_to_bytes(value[len(BYTES_PREFIX):])
        try:
            text = os.fsdecode(raw)
        except UnicodeDecodeError:
            return None
    if "\0" in text:
        return None
    path = Path(text)
    return path if path.is_absolute() else None


class AppSettings(QObject):
    recent_files_changed = Signal()

    def __init__(self, store: QSettings | MemoryStore | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        #: Why the settings cannot be remembered this session ("" when they can); the window says it once.
        self.problem = ""
        if store is None:
            store, self.problem = default_store()
        self.store = store

    # Recent files -----------------------------------------------------------------------

    def _stored_recent(self) -> list[object]:
        value = self.store.value("files/recent", [])
        if isinstance(value, str):  # one entry comes back as a plain string
            return [value]
        return list(value) if isinstance(value, list) else []

    def recent_files(self) -> list[Path]:
        """At most :data:`MAX_RECENT_FILES` paths, each once; entries that name no file are left out."""
        files: list[Path] = []
        for entry in self._stored_recent():
            path = read_path(entry)
            if path is not None and path not in files:
                files.append(path)
                if len(files) == MAX_RECENT_FILES:
                    break
        return files

    def add_recent_file(self, path: Path) -> None:
        path = Path(path).absolute()
        if stored_path(path) is None:
            return  # no file has such a name: nothing to remember
        files = [p for p in self.recent_files() if p != path]
        self._set_recent([path, *files][:MAX_RECENT_FILES])

    def remove_recent_file(self, path: Path) -> None:
        self.remove_recent_files([path])

    def remove_recent_files(self, paths: Iterable[Path]) -> None:
        """Take all of ``paths`` off the list, in one write."""
        gone = {Path(p).absolute() for p in paths}
        self._set_recent([p for p in self.recent_files() if p not in gone])

    def clear_recent_files(self) -> None:
        self._set_recent([])

    def _set_recent(self, files: list[Path]) -> None:
        entries = [entry for entry in map(stored_path, files[:MAX_RECENT_FILES]) if entry is not None]
        if entries == self._stored_recent():
            return  # reopening the file opened last: nothing to write, no menu to refill
        self.store.setValue("files/recent", entries)
        self.store.sync()
        self.recent_files_changed.emit()

    @property
    def last_folder(self) -> Path | None:
        return read_path(self.store.value("files/last_folder", ""))

    @last_folder.setter
    def last_folder(self, folder: Path) -> None:
        entry = stored_path(Path(folder).absolute())
        if entry is not None:
            self.store.setValue("files/last_folder", entry)

    @property
    def last_currency(self) -> str:
        """The currency of the workshop created last, offered for the next one."""
        try:
            return CURRENCY.check(self.store.value("workshops/last_currency", ""))
        except ValueRefused:
            return ""

    @last_currency.setter
    def last_currency(self, currency: str) -> None:
        self.store.setValue("workshops/last_currency", currency)

    # View -------------------------------------------------------------------------------

    @property
    def font_scale(self) -> float:
        value = self.store.value("view/font_scale", 1.0)
        if not isinstance(value, str | int | float) or isinstance(value, bool):
            return 1.0
        try:
            return clamp_scale(float(value))
        except (TypeError, ValueError, OverflowError):
            return 1.0

    @font_scale.setter
    def font_scale(self, scale: float) -> None:
        self.store.setValue("view/font_scale", clamp_scale(scale))

    @property
    def scheme(self) -> Scheme:
        value = self.store.value("view/scheme", Scheme.SYSTEM.value)
        try:
            return Scheme(value) if isinstance(value, str) else Scheme.SYSTEM
        except ValueError:
            return Scheme.SYSTEM

    @scheme.setter
    def scheme(self, scheme: Scheme) -> None:
        self.store.setValue("view/scheme", scheme.value)

    @property
    def assess_grid_share(self) -> float | None:
        """The share of the Assess tab's height the facilitator gave the grid (``None``: never moved)."""
        value = self.store.value("view/assess_grid_share", None)
        if not isinstance(value, str | int | float) or isinstance(value, bool):
            return None
        try:
            share = float(value)
        except (TypeError, ValueError, OverflowError):
            return None
        return share if math.isfinite(share) and 0.1 <= share <= 0.95 else None

    @assess_grid_share.setter
    def assess_grid_share(self, share: float) -> None:
        if math.isfinite(share):
            self.store.setValue("view/assess_grid_share", round(min(max(share, 0.1), 0.95), 3))

    def window_state(self, key: str) -> QByteArray | None:
        value = self.store.value(f"window/{key}")
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def set_window_state(self, key: str, value: QByteArray) -> None:
        self.store.setValue(f"window/{key}", value)

    def sync(self) -> None:
        self.store.sync()
