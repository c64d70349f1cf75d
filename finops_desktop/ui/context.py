"""The one object every view and command is given: settings, dialogs, the open file, the undo stack.

It owns the life of the open :class:`WorkshopFile` (open, create, save as, close) and turns
the file's change notifications into a Qt signal, so views redraw exactly what changed and
never read the file again.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QStandardPaths, QTimer, Signal
from PySide6.QtGui import QUndoStack

from ..domain.workshop import AssessmentRound, Workshop
from ..storage.changes import RoundsChanged
from ..storage.errors import FileInUse, FileMissing, NeedsCleanCopy, ReadOnlyFile, WorkshopFileError
from ..storage.workshop_file import Change, WorkshopFile
from .app_settings import AppSettings
from .dialogs import Dialogs, NewWorkshopRequest, describe_error, title_name

if TYPE_CHECKING:
    from .undo_commands import WorkshopCommand

DEMO_FILE_NAME = "Demo workshop.finops"
#: A path under a file's error message is cut to this many characters, each of its names to the second.
DETAIL_PATH_CHARACTERS = 300
DETAIL_NAME_CHARACTERS = 80
#: Why an edit is refused, on the status line.
READ_ONLY_MESSAGE = "This workshop is open read-only: nothing can be changed."
EARLIER_ROUND_MESSAGE = ("This is an earlier round, kept as it was for comparison: choose “Edit this round” to "
                         "change it.")


def shown_path(path: Path) -> str:
    """``path`` under a message: a line breaks after a "/" only, so a long name (or a 5,000-character
    path) is cut in its middle rather than drawn past the edge of the message."""
    parts = str(path).split("/")
    return title_name("/".join(title_name(part, DETAIL_NAME_CHARACTERS) for part in parts), DETAIL_PATH_CHARACTERS)


class ApplicationContext(QObject):
    #: The open file changed: a :class:`WorkshopFile`, or ``None`` once closed.
    file_changed = Signal(object)
    #: An edit was written to the open file (a storage :class:`Change`).
    workshop_changed = Signal(object)
    #: The assessment round shown is about to change: text still being typed is written to the old one.
    round_about_to_change = Signal()
    #: The assessment round shown (and edited) changed.
    round_changed = Signal(int)
    #: Undo or redo changed a cell: (business unit id, dimension id); views select it.
    cell_revisited = Signal(int, str)
    #: A short message for the status line.
    message = Signal(str)
    #: Who is in the room now changed (the text, empty once cleared).
    room_now_changed = Signal(str)
    #: Whether the round shown takes edits changed ("Edit this round" on an earlier round, or its end).
    round_lock_changed = Signal()

    def __init__(self, settings: AppSettings | None = None, dialogs: Dialogs | None = None,
                 data_dir: Path | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.settings = settings if settings is not None else AppSettings(parent=self)
        self.dialogs = dialogs if dialogs is not None else Dialogs()
        self._data_dir = data_dir
        self.undo_stack = QUndoStack(self)
        self.file: WorkshopFile | None = None
        self.round_id: int | None = None
        #: Who is in the room now, as the facilitator set it (see :attr:`participants`).
        self.room_now = ""
        #: The earlier round opened for editing on purpose ("Edit this round"); ``None``: none.
        self._unlocked_round: int | None = None
        #: The last file refused for holding more than a workshop; "Open a clean copy…" offers it.
        self.refused_for_clean_copy: Path | None = None

    # The open file ----------------------------------------------------------------------

    @property
    def workshop(self) -> Workshop | None:
        return self.file.workshop if self.file else None

    @property
    def read_only(self) -> bool:
        return self.file is None or self.file.read_only

    @property
    def round(self) -> AssessmentRound | None:
        workshop = self.workshop
        if workshop is None:
            return None
        return next((r for r in workshop.rounds if r.id == self.round_id), workshop.active_round)

    @property
    def participants(self) -> str:
        """Who is in the room now, recorded on each cell rated without its own entry.

        Set on purpose (the Assess tab's "In the room now" field), cleared on purpose or when
        another file opens, and never recorded in an earlier round: only the latest round is
        the room of today.
        """
        workshop = self.workshop
        if not self.room_now or workshop is None or self.round_id != workshop.active_round.id:
            return ""
        return self.room_now

    @participants.setter
    def participants(self, text: str) -> None:
        self.set_room_now(text)

    def set_room_now(self, text: str) -> None:
        text = " ".join(text.split())
        if text != self.room_now:
            self.room_now = text
            self.room_now_changed.emit(text)

    @property
    def data_dir(self) -> Path:
        """Where the demo workshop lives (the user's application data folder unless given)."""
        if self._data_dir is None:
            location = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
            self._data_dir = Path(location or Path.home() / ".finops-workshop")
        return self._data_dir

    def open_path(self, path: Path | str) -> bool:
        """Open a workshop file for editing, offering read-only when another window edits it."""
        path = Path(path)
        if self.file is not None and path.absolute() == self.file.path.absolute():
            return True  # already open here
        title = f"Cannot open “{title_name(path.name)}”"
        try:
            file = WorkshopFile.open(path)
        except (FileInUse, ReadOnlyFile) as exc:
            if not self.dialogs.offer_read_only(title, describe_error(exc)):
                return False
            try:
                file = WorkshopFile.open(path, read_only=True)
            except WorkshopFileError as again:
                self._show_file_error(title, again, path)
                return False
        except WorkshopFileError as exc:
            if isinstance(exc, FileMissing):
                self.settings.remove_recent_file(path)
            if isinstance(exc, NeedsCleanCopy):
                self.refused_for_clean_copy = path
            self._show_file_error(title, exc, path)
            return False
        self._adopt(file)
        return True

    def offer_clean_copy(self, folder: Path) -> bool:
        """File → Open a clean copy…: of the file just refused for SQL of its own (or one chosen), into a new file."""
        source = self.refused_for_clean_copy or self.dialogs.choose_file_to_open(folder)
        if source is None:
            return False
        out = self.dialogs.choose_file_to_save("Save the clean copy as",
                                               source.with_name(f"{source.stem} (clean){source.suffix or '.finops'}"))
        return self.open_clean_copy(Path(source), Path(out)) if out else False

    def open_clean_copy(self, source: Path, out: Path) -> bool:
        """Copy a refused file's workshop through the edit gate into ``out``, say what was left out, open it."""
        try:
            report = WorkshopFile.repair(source, out)
        except WorkshopFileError as exc:
            self._show_file_error("Cannot make a clean copy", exc, source)
            return False
        left_out = "\n".join(f"• {line}" for line in report.dropped) or "Nothing was left out."
        self.dialogs.information("Clean copy made", f"Copied {', '.join(report.copied)} into “{out.name}”; "
                                                    f"“{source.name}” was not changed.\n\n{left_out}")
        self.refused_for_clean_copy = None
        return self.open_path(out)

    def create(self, request: NewWorkshopRequest) -> bool:
        try:
            file = WorkshopFile.create(request.path, request.info, request.model)
        except WorkshopFileError as exc:
            self._show_file_error("Cannot create the workshop", exc, request.path)
            return False
        self.settings.last_folder = request.path.parent
        self.settings.last_currency = request.info.currency
        self._adopt(file)
        return True

    def open_demo(self) -> bool:
        """Open the demo workshop, writing it into the data folder first if it is not there."""
        path = self.data_dir / DEMO_FILE_NAME
        if not path.exists():
            from ..demo_workshop import write_demo

            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                write_demo(path).close()
            except (OSError, WorkshopFileError) as exc:
                self._show_file_error("Cannot create the demo workshop", exc, path)
                return False
        return self.open_path(path)

    def save_as(self, path: Path) -> bool:
        """Copy the open workshop to ``path`` and carry on working in the copy."""
        if self.file is None:
            return False
        try:
            copy = self.file.save_as(path)
        except WorkshopFileError as exc:
            self._show_file_error("Cannot save a copy", exc, path)
            return False
        # The copy holds the same business units and ratings, so the undo history still applies.
        self._adopt(copy, keep_history=True)
        self.message.emit(f"Saved as {title_name(path.name)}")
        return True

    def reload_read_only(self) -> bool:
        """Read a file open read-only again, after another window wrote to it; the round shown stays."""
        if self.file is None or not self.file.read_only:
            return False
        try:
            file = WorkshopFile.open(self.file.path, read_only=True)
        except WorkshopFileError:
            return False  # caught in the middle of a write, or gone: the next change tries again
        self._adopt(file, keep_history=True)
        self.message.emit("Updated: the workshop was changed in the window editing it.")
        return True

    def close_file(self) -> None:
        if self.file is None:
            return
        file, self.file = self.file, None
        file.remove_listener(self._forward_change)
        self.undo_stack.clear()
        file.close()
        self.round_id = None
        self._unlocked_round = None
        self.set_room_now("")
        self.file_changed.emit(None)

    def _adopt(self, file: WorkshopFile, *, keep_history: bool = False) -> None:
        round_id = self.round_id if keep_history else None
        if self.file is not None:
            old, self.file = self.file, None
            old.remove_listener(self._forward_change)
            old.close()
        if not keep_history:
            self.undo_stack.clear()
            self.set_room_now("")  # another workshop, another room
        self.undo_stack.setClean()
        self.file = file
        rounds = {r.id for r in file.workshop.rounds}
        self.round_id = round_id if round_id in rounds else file.workshop.active_round.id
        if not keep_history:
            self._unlocked_round = None
        file.add_listener(self._forward_change)
        self.settings.add_recent_file(file.path)
        self.file_changed.emit(file)

    def _forward_change(self, change: Change) -> None:
        self.workshop_changed.emit(change)
        workshop = self.workshop
        if isinstance(change, RoundsChanged) and workshop is not None and not any(
                r.id == self.round_id for r in workshop.rounds):
            self.set_round(workshop.active_round.id)  # the round shown was removed (or its start undone)

    def _show_file_error(self, title: str, error: WorkshopFileError | OSError, path: Path) -> None:
        self.dialogs.error(title, describe_error(error) + "\n\nNothing was changed.", shown_path(path))

    # Rounds -----------------------------------------------------------------------------

    def set_round(self, round_id: int) -> None:
        if self.workshop is None or round_id == self.round_id:
            return
        if any(r.id == round_id for r in self.workshop.rounds):
            self.round_about_to_change.emit()
            self.round_id = round_id
            self._unlocked_round = None  # an earlier round opens read-only every time it is shown
            self.round_changed.emit(round_id)

    @property
    def is_earlier_round(self) -> bool:
        """Whether the round shown is an earlier one (the baseline later rounds compare against)."""
        workshop = self.workshop
        return workshop is not None and self.round_id is not None and self.round_id != workshop.active_round.id

    @property
    def round_editable(self) -> bool:
        """Whether ratings of the round shown take edits: the latest round, or an earlier one opened on purpose."""
        if self.read_only:
            return False
        return not self.is_earlier_round or self._unlocked_round == self.round_id

    def edit_earlier_round(self, editing: bool = True) -> None:
        """Open the earlier round shown for editing ("Edit this round"), or close it again."""
        unlocked = self.round_id if editing and self.is_earlier_round else None
        if unlocked != self._unlocked_round:
            self._unlocked_round = unlocked
            self.round_lock_changed.emit()

    # Edits ------------------------------------------------------------------------------

    def can_edit(self) -> bool:
        """Whether the open file takes edits; says why not on the status line."""
        if self.file is None:
            return False
        if self.file.read_only:
            self.message.emit(READ_ONLY_MESSAGE)
            return False
        return True

    def say_why_not_editable(self) -> None:
        """On the status line: why the ratings shown take no edit (a key typed in a field of one)."""
        if self.file is not None:
            self.message.emit(READ_ONLY_MESSAGE if self.file.read_only else EARLIER_ROUND_MESSAGE)

    def edit(self, command: WorkshopCommand) -> bool:
        """Make an edit and put it on the undo stack; an edit the file refuses is shown, not stacked.

        The command is made here, outside the stack, so that a refused edit never reaches the
        stack (Qt records a command even when its first ``redo`` fails).
        """
        if not self.can_edit():
            return False
        round_id = getattr(command, "round_id", None)  # a rating of one round
        workshop = self.workshop
        if (round_id is not None and workshop is not None and round_id != workshop.active_round.id
                and round_id != self._unlocked_round):
            self.message.emit(EARLIER_ROUND_MESSAGE)
            return False
        try:
            command.make()
        except Exception as exc:  # any failed write is shown; the app keeps running
            self.show_edit_error(exc)
            return False
        self.undo_stack.push(command)
        return True

    def show_edit_error(self, error: BaseException) -> None:
        if not isinstance(error, WorkshopFileError):
            import logging  # only when something unexpected went wrong

            logging.getLogger(__name__).exception("edit failed", exc_info=error)
        self.dialogs.error("The change was not made", describe_error(error))

    def undo_failed(self, error: BaseException) -> None:
        """Undo or redo could not write to the file: say so, and drop a history that no longer fits."""
        self.show_edit_error(error)
        QTimer.singleShot(0, self.undo_stack.clear)
