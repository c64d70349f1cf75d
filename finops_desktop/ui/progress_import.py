"""File → Import progress…: read the tracker the client kept back into the open workshop.

The workbook reader (python-calamine) is imported only when an import starts. The question
asked (which workbook) is a parameter with a default, so tests answer it without a dialog.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QWidget

from .context import ApplicationContext
from .dialogs import describe_error

TITLE = "Import progress"
FILE_FILTER = "Excel workbooks (*.xlsx);;All files (*)"
#: Rows left out that the summary lists by name; beyond, it gives their count.
LISTED_SKIPS = 8

AskPath = Callable[[QWidget, Path], Path | None]


def _ask_path(parent: QWidget, folder: Path) -> Path | None:
    chosen, _ = QFileDialog.getOpenFileName(parent, "Import progress from the workbook the client sent back",
                                            str(folder), FILE_FILTER)
    return Path(chosen) if chosen else None


def import_progress_from_workbook(parent: QWidget, context: ApplicationContext, *,
                                  ask_path: AskPath | None = None) -> bool:
    """Ask for a workbook and read its tracker into the open file; whether anything changed."""
    file = context.file
    if file is None or not context.can_edit():
        return False
    path = (ask_path or _ask_path)(parent, context.settings.last_folder or file.path.parent)
    if path is None:
        return False
    from ..storage.errors import WorkshopFileError
    from ..tracker.importing import TrackerRefused, import_progress

    try:
        result = import_progress(file, path)
    except TrackerRefused as exc:
        context.dialogs.error("The progress was not imported", f"{exc}.\n\nNothing was changed.", str(path))
        return False
    except WorkshopFileError as exc:
        context.dialogs.error("The progress was not imported", describe_error(exc) + "\n\nNothing was changed.")
        return False
    lines = [result.summary()[0].upper() + result.summary()[1:] + "."]
    skipped = result.reading.skipped
    if skipped:
        lines.append("Left out:")
        lines += [f"• {line}" for line in skipped[:LISTED_SKIPS]]
        if len(skipped) > LISTED_SKIPS:
            lines.append(f"• and {len(skipped) - LISTED_SKIPS} more")
    context.dialogs.information(TITLE, "\n".join(lines))
    context.message.emit(f"{path.name}: {result.summary()}")
    return bool(result.changed)
