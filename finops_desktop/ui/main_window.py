"""The main window: menus, the status line, and either the start screen or the open workshop.

The window only wires things together; each feature lives in its own module and every
edit goes through the application context's undo stack.
"""

from __future__ import annotations

import importlib
import importlib.util
import os
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote_to_bytes

from PySide6.QtCore import QEvent, QSize, QStandardPaths, Qt, QUrl
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QFont,
    QGuiApplication,
    QShowEvent,
)
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QMenu, QStackedWidget, QWidget

from ..storage.changes import Change, InfoChanged, Reloaded, RoundsChanged
from ..storage.workshop_file import WorkshopFile
from .app_icon import app_icon
from .assessed_cells import AssessedCells
from .context import ApplicationContext
from .dialogs import TITLE_NAME_CHARACTERS, title_name
from .elided import clipped
from .fonts import MAX_SCALE, MIN_SCALE, clamp_scale, rescale_fonts, scaled_application_font
from .menu_actions import add_action, menu_text
from .palette import Scheme, apply_scheme
from .read_only_follow import ReadOnlyFollower
from .shortcuts import ShortcutsDialog
from .window_menus import (
    APP_NAME,
    EXPORT_MODULE,
    build_menus,
    fill_assessment_menu,
    fill_recent_menu,
    fill_rounds_menu,
)
from .workspace import ASSESS_TAB, BUSINESS_UNITS_TAB, Workspace

if TYPE_CHECKING:
    from .start_screen import StartScreen

WORKSHOP_SUFFIX = ".finops"

_base_font: QFont | None = None


def _application_base_font() -> QFont:
    """The application font before any scaling (taken once, so windows never compound their scale)."""
    global _base_font
    if _base_font is None:
        _base_font = QFont(QApplication.font())
    return _base_font


def app_version() -> str:
    from importlib import metadata  # only when asked: it takes a while to import

    try:
        return metadata.version("finops-desktop")
    except metadata.PackageNotFoundError:
        return "development version"


#: Room left for the title bar the window manager adds above the window (pixels).
TITLE_BAR_ROOM = 32
#: How long the status line says what Undo or Redo took back (milliseconds).
UNDO_MESSAGE_MS = 5000
#: How long the status line says that the settings file cannot be used (milliseconds).
SETTINGS_PROBLEM_MS = 20000


def first_window_size(available: QSize) -> QSize:
    """1280×800 on a first start, or the whole screen where it is smaller (a 1280×720 projector),
    less the room of the title bar, which would otherwise push the status line off the screen."""
    return QSize(min(1280, available.width()), min(800, available.height() - TITLE_BAR_ROOM))


class MainWindow(QMainWindow):
    # Built by window_menus.build_menus.
    recent_menu: QMenu
    assessment_menu: QMenu
    rounds_menu: QMenu
    save_as_action: QAction
    export_action: QAction
    import_progress_action: QAction
    close_action: QAction
    undo_action: QAction
    redo_action: QAction
    add_bu_action: QAction
    details_action: QAction
    tab_actions: list[QAction]
    scheme_actions: dict[Scheme, QAction]
    full_screen_action: QAction
    rename_round_action: QAction
    remove_round_action: QAction

    def __init__(self, context: ApplicationContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        context.dialogs.parent = self
        self.setObjectName("mainWindow")
        self.setWindowIcon(app_icon())
        self.setAcceptDrops(True)
        self.setMinimumSize(960, 600)
        self.resize(1280, 800)
        self._shortcuts_dialog: ShortcutsDialog | None = None

        # The start screen is built when first needed (the window shown without a workshop, or a
        # workshop closed): opened with a file, the window shows the workshop without it.
        self._start_screen: StartScreen | None = None
        self.workspace = Workspace(context)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.workspace)
        self.setCentralWidget(self.stack)

        self.status_text = QLabel()
        self.status_text.setObjectName("statusText")
        self.status_text.setTextFormat(Qt.TextFormat.PlainText)  # names a round typed in the room
        self.statusBar().addPermanentWidget(self.status_text)
        self._typing = False
        self._assessed = AssessedCells()

        self._build_menus()
        self.workspace.assess.detail.text_pending.connect(self._text_pending)

        context.file_changed.connect(self._file_changed)
        context.workshop_changed.connect(self._workshop_changed)
        context.round_changed.connect(self._round_changed)
        context.message.connect(lambda text: self.statusBar().showMessage(text, 6000))
        context.undo_stack.canUndoChanged.connect(self._update_undo_actions)
        context.undo_stack.canRedoChanged.connect(self._update_undo_actions)
        context.undo_stack.undoTextChanged.connect(self._update_undo_actions)
        context.undo_stack.redoTextChanged.connect(self._update_undo_actions)
        context.settings.recent_files_changed.connect(self._fill_recent_menu)
        QGuiApplication.styleHints().colorSchemeChanged.connect(self._system_scheme_changed)

        self._follower = ReadOnlyFollower(context, self)
        self._restore_layout()
        self._file_changed(context.file, show_page=context.file is not None)
        if context.settings.problem:  # said once, at the start: the settings file cannot be used
            self.statusBar().showMessage(context.settings.problem, SETTINGS_PROBLEM_MS)

    @property
    def start_screen(self) -> StartScreen:
        """What the window shows without a workshop: built the first time it is needed."""
        if self._start_screen is None:
            from .start_screen import StartScreen

            screen = StartScreen(self.context.settings)
            screen.new_requested.connect(self.new_workshop)
            screen.open_requested.connect(self.open_workshop)
            screen.demo_requested.connect(self.open_demo)
            screen.recent_chosen.connect(self.open_path)
            self.stack.insertWidget(0, screen)
            self._start_screen = screen
        return self._start_screen

    # Menus (built and refilled in window_menus) --------------------------------------------

    def _action(self, menu: QMenu, text: str, slot: object, shortcut: object = None, *,
                status_tip: str = "") -> QAction:
        return add_action(self, menu, text, slot, shortcut, status_tip=status_tip)

    def _build_menus(self) -> None:
        build_menus(self)

    def _fill_assessment_menu(self) -> None:
        fill_assessment_menu(self)

    def _fill_rounds_menu(self) -> None:
        fill_rounds_menu(self)

    def _fill_recent_menu(self) -> None:
        fill_recent_menu(self)

    # File commands ------------------------------------------------------------------------

    def _documents_folder(self) -> Path:
        folder = self.context.settings.last_folder
        if folder and folder.is_dir():
            return folder
        # Qt names ~/Documents even where a fresh system has not made it: then the home folder.
        documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        return Path(documents) if documents and Path(documents).is_dir() else Path.home()

    def _before_switching(self) -> None:
        """Write text still being typed, before another file replaces this one."""
        self.workspace.assess.detail.commit_pending()

    def new_workshop(self) -> bool:
        facilitator = self.context.workshop.info.facilitator if self.context.workshop else ""
        request = self.context.dialogs.new_workshop(self._documents_folder(), facilitator,
                                                    self.context.settings.last_currency)
        if request is None:
            return False
        self._before_switching()
        if not self.context.create(request):
            return False
        self.workspace.show_tab(BUSINESS_UNITS_TAB if not self.context.workshop or
                                not self.context.workshop.business_units else ASSESS_TAB)
        return True

    def open_workshop(self) -> bool:
        path = self.context.dialogs.choose_file_to_open(self._documents_folder())
        return self.open_path(path) if path else False

    def open_path(self, path: Path | str) -> bool:
        self._before_switching()
        if not self.context.open_path(Path(path)):
            return False
        self.context.settings.last_folder = Path(path).absolute().parent
        self.workspace.show_tab(ASSESS_TAB)
        return True

    def open_demo(self) -> bool:
        self._before_switching()
        if not self.context.open_demo():
            return False
        self.workspace.show_tab(ASSESS_TAB)
        return True

    def open_clean_copy(self) -> bool:
        self._before_switching()
        return self.context.offer_clean_copy(self._documents_folder())

    def save_as(self) -> bool:
        file = self.context.file
        if file is None:
            return False
        self._before_switching()
        suggested = self._documents_folder() / f"{file.path.stem} (copy){WORKSHOP_SUFFIX}"
        path = self.context.dialogs.choose_file_to_save("Save the workshop as", suggested)
        return self.context.save_as(path) if path else False

    def close_workshop(self) -> None:
        self._before_switching()
        self.context.close_file()

    def export_to_excel(self) -> None:
        if self.context.file is None:
            return
        self._before_switching()
        from .chart_warmup import wait_until_warm

        wait_until_warm()  # the export draws charts: matplotlib must not be imported or used from two threads
        module = importlib.import_module(EXPORT_MODULE)
        module.export_to_excel(self, self.context.file, round_id=self.context.round_id)

    # Edit commands ------------------------------------------------------------------------

    def undo(self) -> None:
        self._before_switching()
        stack = self.context.undo_stack
        if stack.canUndo():
            done = stack.undoText()
            stack.undo()
            self.statusBar().showMessage(f"Undone: {done}", UNDO_MESSAGE_MS)  # what was taken back, said

    def redo(self) -> None:
        self._before_switching()
        stack = self.context.undo_stack
        if stack.canRedo():
            done = stack.redoText()
            stack.redo()
            self.statusBar().showMessage(f"Redone: {done}", UNDO_MESSAGE_MS)

    def _update_undo_actions(self, *_args: object) -> None:
        stack = self.context.undo_stack
        self.undo_action.setEnabled(stack.canUndo())
        self.redo_action.setEnabled(stack.canRedo())
        # The edit's name holds names typed in the room: an "&" in one is shown, not taken for a mnemonic.
        self.undo_action.setText(f"&Undo {menu_text(stack.undoText())}" if stack.canUndo() else "&Undo")
        self.redo_action.setText(f"&Redo {menu_text(stack.redoText())}" if stack.canRedo() else "&Redo")

    def _edit_notes(self) -> None:
        self.workspace.show_tab(ASSESS_TAB)
        self.workspace.assess.detail.focus_notes()

    def _next_unassessed(self) -> None:
        self.workspace.show_tab(ASSESS_TAB)
        self.workspace.assess.next_unassessed()

    def show_waste_assumptions(self) -> None:
        from .assumptions_editor import show_assumptions_editor  # loaded when first asked for

        self._before_switching()
        show_assumptions_editor(self.context, self)

    # View ---------------------------------------------------------------------------------


    def import_billing_data(self) -> None:
        from .billing_import_dialog import show_billing_import  # loaded when first asked for

        show_billing_import(self.context, self)

    def show_evidence(self) -> None:
        from .evidence_view import show_evidence_view

        show_evidence_view(self.context, self)
    def set_font_scale(self, scale: float) -> None:
        scale = clamp_scale(scale)
        self.context.settings.font_scale = scale
        QApplication.setFont(scaled_application_font(_application_base_font(), scale))
        rescale_fonts()
        limit = " (the largest)" if scale >= MAX_SCALE else " (the smallest)" if scale <= MIN_SCALE else ""
        self.statusBar().showMessage(f"Text size {round(scale * 100)} %{limit}", 3000)

    def change_font_scale(self, factor: float) -> None:
        self.set_font_scale(self.context.settings.font_scale * factor)

    def set_scheme(self, scheme: Scheme) -> None:
        self.context.settings.scheme = scheme
        self.scheme_actions[scheme].setChecked(True)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            apply_scheme(app, scheme)

    def _system_scheme_changed(self, *_args: object) -> None:
        if self.context.settings.scheme is Scheme.SYSTEM:
            self.set_scheme(Scheme.SYSTEM)

    def toggle_full_screen(self) -> None:
        if self.isFullScreen():
            self.showNormal()
        else:
            self.showFullScreen()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.WindowStateChange:
            self.full_screen_action.setChecked(self.isFullScreen())

    def show_shortcuts(self) -> None:
        workshop = self.context.workshop
        names = [s.name for s in sorted(workshop.model.stages, key=lambda s: s.score)] if workshop else \
            ["Crawl", "Walk", "Run"]
        if self._shortcuts_dialog is None:
            self._shortcuts_dialog = ShortcutsDialog(names, self)
        self._shortcuts_dialog.show()
        self._shortcuts_dialog.raise_()
        self._shortcuts_dialog.activateWindow()

    def show_about(self) -> None:
        self.context.dialogs.information(
            f"About {APP_NAME}",
            f"Version {app_version()}\n\nAssess business units on the FinOps maturity model (Crawl, Walk, Run) "
            "and leave the room with a prioritized roadmap in Excel.\n\nWorks offline. Every change is saved "
            "in the workshop file the moment it is made.")

    # Following the file -------------------------------------------------------------------

    def _file_changed(self, file: WorkshopFile | None, *, show_page: bool = True) -> None:
        """Follow the file opened or closed; ``show_page=False`` leaves the page to :meth:`showEvent`."""
        self._assessed.forget()
        if show_page:
            self.stack.setCurrentWidget(self.workspace if file else self.start_screen)
        has_file = file is not None
        editable = has_file and not self.context.read_only
        for action in (self.save_as_action, self.close_action, self.export_action, *self.tab_actions):
            action.setEnabled(has_file)
        for action in (self.add_bu_action, self.details_action, self.import_progress_action):
            action.setEnabled(editable)
        self._fill_assessment_menu()
        self._update_title()
        self._update_status()
        self._update_undo_actions()
        if file is None and show_page:
            self.start_screen.refresh()
            self.start_screen.focus_first()

    def showEvent(self, event: QShowEvent) -> None:
        if self.context.file is None and self.stack.currentWidget() is not self._start_screen:
            self._file_changed(None)  # shown without a workshop: the start screen
        super().showEvent(event)

    def _workshop_changed(self, change: Change) -> None:
        self._typing = False
        if self.context.workshop is not None:
            self._assessed.follow(self.context.workshop, change)
        if isinstance(change, InfoChanged | Reloaded):
            self._update_title()
        if isinstance(change, RoundsChanged | Reloaded):
            self._fill_rounds_menu()
        self._update_status()

    def _round_changed(self, _round_id: int) -> None:
        self._update_status()
        self._fill_rounds_menu()

    def _text_pending(self, pending: bool) -> None:
        self._typing = pending
        self._update_status()

    def _update_title(self) -> None:
        file = self.context.file
        if file is None:
            self.setWindowTitle(APP_NAME)
            return
        suffix = " (read-only)" if file.read_only else ""
        # Both cut to a length a title bar shows: a file name may be 255 bytes, a path thousands.
        client = clipped(file.workshop.info.client, TITLE_NAME_CHARACTERS)
        self.setWindowTitle(f"{client} — {title_name(file.path.name)}{suffix}")

    def _update_status(self) -> None:
        workshop = self.context.workshop
        if workshop is None:
            self.status_text.setText("")
            return
        if self.context.read_only:
            state = "Read-only"
        elif self._typing:
            state = "Typing…"
        else:
            state = "Saved"
        total = workshop.cell_count
        if total:
            assessed = self._assessed.count(workshop, self.context.round_id)
            cells = f"{assessed} of {total} cells assessed"
        else:
            cells = "no business units yet"
        rounds = workshop.rounds
        round_name = self.context.round.name if self.context.round and len(rounds) > 1 else ""
        self.status_text.setToolTip(f"Round: {round_name}" if round_name else "")
        if len(round_name) > 40:  # a long name would push the status line off the window
            round_name = round_name[:39].rstrip() + "…"
        parts = [state, cells] + ([f"round “{round_name}”"] if round_name else [])
        self.status_text.setText(" · ".join(parts))

    # Window -------------------------------------------------------------------------------

    def _restore_layout(self) -> None:
        settings = self.context.settings
        geometry = settings.window_state("geometry")
        if geometry is not None and self.restoreGeometry(geometry):
            return
        screen = self.screen()
        if screen is not None:
            available = screen.availableGeometry()
            self.resize(first_window_size(available.size()))
            self.move(available.center() - self.rect().center())

    def save_layout(self) -> None:
        settings = self.context.settings
        settings.set_window_state("geometry", self.saveGeometry())
        settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        self._before_switching()
        self.save_layout()
        self.context.close_file()
        if self._shortcuts_dialog is not None:
            self._shortcuts_dialog.close()
        event.accept()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if _dropped_workshop(event) is not None:
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        path = _dropped_workshop(event)
        if path is None:
            event.ignore()
            return
        event.acceptProposedAction()
        self.open_path(path)


def _dropped_workshop(event: QDragEnterEvent | QDropEvent) -> Path | None:
    data = event.mimeData()
    if data is None or not data.hasUrls():
        return None
    for url in data.urls():
        if url.isLocalFile():
            path = _local_path(url)
            if path.name.lower().endswith(WORKSHOP_SUFFIX):
                return path
    return None


def _local_path(url: QUrl) -> Path:
    """The file a ``file:`` URL names, exactly (``toLocalFile`` makes a byte that is not UTF-8 "�")."""
    if os.name == "posix" and not url.host():
        return Path(os.fsdecode(unquote_to_bytes(url.path(QUrl.ComponentFormattingOption.FullyEncoded))))
    return Path(url.toLocalFile())
