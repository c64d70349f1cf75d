"""Why a workshop file could not be opened or changed; every message is one clear line."""

from __future__ import annotations


class WorkshopFileError(Exception):
    """A workshop file cannot be used as asked. Nothing was changed."""

    def __init__(self, path: object, reason: str) -> None:
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}" if self.path else reason)


class FileMissing(WorkshopFileError):
    pass


class NotAWorkshopFile(WorkshopFileError):
    """Not SQLite at all, or a SQLite database of another application."""


class NewerFileVersion(WorkshopFileError):
    pass


class CorruptFile(WorkshopFileError):
    pass


class NeedsCleanCopy(CorruptFile):
    """The file holds more than a workshop file does (SQL of its own, another journal mode).

    It is refused so that nothing in it runs; its data can be copied into a clean file.
    """

    ADVICE = "; nothing in it was run. Make a clean copy of its data with 'finops-workshop repair' " \
             "(in the window: File → Open a clean copy…)"

    def __init__(self, path: object, reason: str) -> None:
        super().__init__(path, reason + self.ADVICE)
        self.finding = reason


class ReadOnlyFile(WorkshopFileError):
    pass


class FileInUse(WorkshopFileError):
    """Another window or process has the file open for editing."""


class InvalidEdit(WorkshopFileError):
    """An edit that the file refuses (unknown business unit, duplicate name, bad stage…)."""


class WriteFailed(WorkshopFileError):
    """The file refused a write (disk full, locked by another program, gone); it is as it was."""
