"""A workshop open read-only follows its file: when the window editing it writes, this one shows it.

The file is watched while it is open read-only; a change is read a moment after the writes
settle (by opening the file again, read-only), and the views redraw from it as after any open.
A file caught in the middle of a write is read at its next change.
"""

from __future__ import annotations

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer

from ..storage.workshop_file import WorkshopFile
from .context import ApplicationContext

#: How long the file must be quiet before it is read again (milliseconds).
SETTLE_MS = 400


class ReadOnlyFollower(QObject):
    def __init__(self, context: ApplicationContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self._watcher = QFileSystemWatcher(self)
        self._settle = QTimer(self, singleShot=True, interval=SETTLE_MS)
        self._settle.timeout.connect(self._read_again)
        self._watcher.fileChanged.connect(lambda _path: self._settle.start())
        context.file_changed.connect(self._file_changed)
        self._file_changed(context.file)

    def _file_changed(self, file: WorkshopFile | None) -> None:
        watched = self._watcher.files()
        if watched:
            self._watcher.removePaths(watched)
        if file is not None and file.read_only:
            self._watcher.addPath(str(file.path))

    def _read_again(self) -> None:
        self._context.reload_read_only()
