"""What the app remembers between sessions: recent files, window layout, text size, colour scheme.

The ``QSettings`` store is passed in, so tests keep theirs in a temporary folder.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QObject, QSettings, Signal

from .fonts import clamp_scale
from .palette import Scheme

MAX_RECENT_FILES = 10


class AppSettings(QObject):
    recent_files_changed = Signal()

    def __init__(self, store: QSettings | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store = store if store is not None else QSettings()

    # Recent files -----------------------------------------------------------------------

    def recent_files(self) -> list[Path]:
        value = self.store.value("files/recent", [])
        if isinstance(value, str):  # one entry comes back as a plain string
            value = [value]
        if not isinstance(value, list):
            return []
        return [Path(str(p)) for p in value if p]

    def add_recent_file(self, path: Path) -> None:
        path = Path(path).absolute()
        files = [p for p in self.recent_files() if p != path]
        self._set_recent([path, *files][:MAX_RECENT_FILES])

    def remove_recent_file(self, path: Path) -> None:
        path = Path(path).absolute()
        self._set_recent([p for p in self.recent_files() if p != path])

    def clear_recent_files(self) -> None:
        self._set_recent([])

    def _set_recent(self, files: list[Path]) -> None:
        if files == self.recent_files():
            return  # reopening the file opened last: nothing to write, no menu to refill
        self.store.setValue("files/recent", [str(p) for p in files])
        self.store.sync()
        self.recent_files_changed.emit()

    @property
    def last_folder(self) -> Path | None:
        value = self.store.value("files/last_folder", "")
        return Path(str(value)) if value else None

    @last_folder.setter
    def last_folder(self, folder: Path) -> None:
        self.store.setValue("files/last_folder", str(folder))

    @property
    def last_currency(self) -> str:
        """The currency of the workshop created last, offered for the next one."""
        return str(self.store.value("workshops/last_currency", "") or "")

    @last_currency.setter
    def last_currency(self, currency: str) -> None:
        self.store.setValue("workshops/last_currency", currency)

    # View -------------------------------------------------------------------------------

    @property
    def font_scale(self) -> float:
        try:
            return clamp_scale(float(self.store.value("view/font_scale", 1.0)))  # type: ignore[arg-type]
        except (TypeError, ValueError):
            return 1.0

    @font_scale.setter
    def font_scale(self, scale: float) -> None:
        self.store.setValue("view/font_scale", clamp_scale(scale))

    @property
    def scheme(self) -> Scheme:
        try:
            return Scheme(str(self.store.value("view/scheme", Scheme.SYSTEM.value)))
        except ValueError:
            return Scheme.SYSTEM

    @scheme.setter
    def scheme(self, scheme: Scheme) -> None:
        self.store.setValue("view/scheme", scheme.value)

    @property
    def assess_grid_share(self) -> float | None:
        """The share of the Assess tab's height the facilitator gave the grid (``None``: never moved)."""
        value = self.store.value("view/assess_grid_share", None)
        try:
            share = float(value)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            return None
        return share if 0.1 <= share <= 0.95 else None

    @assess_grid_share.setter
    def assess_grid_share(self, share: float) -> None:
        self.store.setValue("view/assess_grid_share", round(min(max(share, 0.1), 0.95), 3))

    def window_state(self, key: str) -> QByteArray | None:
        value = self.store.value(f"window/{key}")
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def set_window_state(self, key: str, value: QByteArray) -> None:
        self.store.setValue(f"window/{key}", value)

    def sync(self) -> None:
        self.store.sync()
