"""The window's menus: built once, and the ones that follow the workshop refilled when it changes.

Names typed in the room (rounds, files) are shown as typed: an ampersand is doubled so that
Qt does not take it for a mnemonic.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMenu

from . import votes_actions
from .app_settings import file_exists, path_text
from .fonts import SCALE_STEP
from .menu_actions import add_action, menu_text
from .palette import Scheme
from .round_commands import remove_round, rename_round, start_new_round
from .workshop_header import edit_workshop_details
from .workspace import ASSESS_TAB, BUSINESS_UNITS_TAB, CHARTS_TAB, ROADMAP_TAB

if TYPE_CHECKING:
    from .app_settings import AppSettings
    from .main_window import MainWindow


APP_NAME = "FinOps Maturity Workshop"
EXPORT_MODULE = "finops_desktop.ui.export_action"
PROGRESS_IMPORT_MODULE = "finops_desktop.ui.progress_import"


def build_menus(window: MainWindow) -> None:
    bar = window.menuBar()
    standard = QKeySequence.StandardKey

    file_menu = bar.addMenu("&File")
    add_action(window, file_menu, "&New workshop…", window.new_workshop, standard.New)
    add_action(window, file_menu, "&Open…", window.open_workshop, standard.Open)
    window.recent_menu = file_menu.addMenu("Open &Recent")
    add_action(window, file_menu, "Open the &demo workshop", window.open_demo)
    add_action(window, file_menu, "Open a &clean copy…", window.open_clean_copy)
    file_menu.addSeparator()
    window.save_as_action = add_action(window, file_menu, "Save &As…", window.save_as,
                                       [standard.SaveAs, "Ctrl+Shift+S"])
    window.export_action = add_action(window, file_menu, "&Export to Excel…", window.export_to_excel, "Ctrl+E",
                                      status_tip="Write the workbook to hand over: scores, roadmap, charts")
    window.export_action.setVisible(importlib.util.find_spec(EXPORT_MODULE) is not None)
    window.import_progress_action = add_action(
        window, file_menu, "&Import progress…",
        lambda: importlib.import_module(PROGRESS_IMPORT_MODULE).import_progress_from_workbook(window, window.context),
        status_tip="Read the tracker the client kept in the workbook back into the workshop")
    votes_actions.add_file_actions(window, file_menu)
    file_menu.addSeparator()
    window.close_action = add_action(window, file_menu, "&Close workshop", window.close_workshop,
                                     ["Ctrl+W", standard.Close])
    file_menu.addSeparator()
    quit_action = add_action(window, file_menu, "&Quit", window.close, [standard.Quit, "Ctrl+Q"])
    quit_action.setMenuRole(QAction.MenuRole.QuitRole)

    edit_menu = bar.addMenu("&Edit")
    window.undo_action = add_action(window, edit_menu, "&Undo", window.undo, [standard.Undo])
    window.redo_action = add_action(window, edit_menu, "&Redo", window.redo, [standard.Redo, "Ctrl+Y", "Ctrl+Shift+Z"])
    edit_menu.addSeparator()
    window.add_bu_action = add_action(window, edit_menu, "Add &business unit…", window.workspace.add_business_unit,
                                      "Ctrl+Shift+B")
    window.details_action = add_action(window, edit_menu, "Workshop &details…",
                                       lambda: edit_workshop_details(window.context))

    view_menu = bar.addMenu("&View")
    window.tab_actions = [
        add_action(window, view_menu, "&Assess", lambda: window.workspace.show_tab(ASSESS_TAB), "Ctrl+1"),
        add_action(window, view_menu, "&Business units", lambda: window.workspace.show_tab(BUSINESS_UNITS_TAB),
                     "Ctrl+2"),
        add_action(window, view_menu, "&Charts", lambda: window.workspace.show_tab(CHARTS_TAB), "Ctrl+3"),
        add_action(window, view_menu, "&Roadmap", lambda: window.workspace.show_tab(ROADMAP_TAB), "Ctrl+4"),
    ]
    view_menu.addSeparator()
    add_action(window, view_menu, "&Larger text", lambda: window.change_font_scale(SCALE_STEP),
                 [standard.ZoomIn, "Ctrl+="])
    add_action(window, view_menu, "&Smaller text", lambda: window.change_font_scale(1 / SCALE_STEP), [standard.ZoomOut])
    add_action(window, view_menu, "&Normal text size", lambda: window.set_font_scale(1.0), "Ctrl+0")
    appearance = view_menu.addMenu("A&ppearance")
    window.scheme_actions = {}
    group = QActionGroup(window)
    for scheme, label in ((Scheme.SYSTEM, "Follow the &system"), (Scheme.LIGHT, "&Light"),
                          (Scheme.DARK, "&Dark")):
        action = add_action(window, appearance, label, lambda _checked=False, s=scheme: window.set_scheme(s))
        action.setCheckable(True)
        group.addAction(action)
        window.scheme_actions[scheme] = action
    window.scheme_actions[window.context.settings.scheme].setChecked(True)
    view_menu.addSeparator()
    window.full_screen_action = add_action(window, view_menu, "&Full screen", window.toggle_full_screen,
                                           [standard.FullScreen, "F11"])
    window.full_screen_action.setCheckable(True)
    votes_actions.add_view_actions(window, view_menu)

    window.assessment_menu = bar.addMenu("&Assessment")
    window.rounds_menu = QMenu("&Round", window)

    help_menu = bar.addMenu("&Help")
    add_action(window, help_menu, "&Keyboard shortcuts", window.show_shortcuts, ["F1", "Ctrl+/"])
    about = add_action(window, help_menu, f"&About {APP_NAME}", window.show_about)
    about.setMenuRole(QAction.MenuRole.AboutRole)
    fill_recent_menu(window)

def fill_assessment_menu(window: MainWindow) -> None:
    menu = window.assessment_menu
    menu.clear()
    workshop = window.context.workshop
    assess = window.workspace.assess
    if workshop is None:
        menu.setEnabled(False)
        return
    menu.setEnabled(True)
    stages = sorted(workshop.model.stages, key=lambda s: s.score)
    current = menu.addMenu("Set &current stage")
    for number, stage in enumerate(stages, start=1):
        add_action(window, current, f"{stage.name}\t{number}", lambda _c=False, s=stage.id: assess.rate_current(s))
    target = menu.addMenu("Set &target")
    for number, stage in enumerate(stages, start=1):
        add_action(window, target, f"{stage.name}\tShift+{number}", lambda _c=False, s=stage.id: assess.rate_target(s))
    add_action(window, target, "No target\tShift+0", lambda: assess.rate_target(None))
    add_action(window, menu, "Not &assessed\t0", lambda: assess.rate_current(None))
    add_action(window, menu, "Not a&pplicable\tN", lambda: assess.rate_current("na"))
    add_action(window, menu, "Edit &notes\tEnter", window._edit_notes)
    add_action(window, menu, "Ne&xt cell not assessed", window._next_unassessed, "Ctrl+J")
    votes_actions.add_assessment_actions(window, menu)
    menu.addSeparator()
    menu.addMenu(window.rounds_menu)
    add_action(window, menu, "&New round…", lambda: start_new_round(window.context))
    window.rename_round_action = add_action(window, menu, "Rena&me this round…",
                                            lambda: rename_round(window.context))
    window.remove_round_action = add_action(window, menu, "Re&move this round…",
                                            lambda: remove_round(window.context),
                                            status_tip="Only a round with no ratings of its own (a copy of the one "
                                                       "before it) can be removed")
    menu.addSeparator()
    add_action(window, menu, "&Waste assumptions…", window.show_waste_assumptions,
               status_tip="The share of spend each stage wastes, which prices the roadmap; editable per workshop")
    add_action(window, menu, "Import &billing data…", window.import_billing_data,
               status_tip="Measure spend and coverage from the client's FOCUS billing export")
    add_action(window, menu, "Billing &evidence…", window.show_evidence)
    fill_rounds_menu(window)

def fill_rounds_menu(window: MainWindow) -> None:
    window.rounds_menu.clear()
    workshop = window.context.workshop
    if workshop is None:
        return
    group = QActionGroup(window.rounds_menu)
    for rnd in workshop.rounds:
        action = add_action(window, window.rounds_menu, menu_text(rnd.name),
                            lambda _c=False, r=rnd.id: window.context.set_round(r))
        action.setCheckable(True)
        action.setChecked(rnd.id == window.context.round_id)
        group.addAction(action)

def recent_file_text(number: int, path: Path) -> str:
    """"&1 acme.finops — ~/Clients/Acme": the file's name and, dimmer in meaning, its folder."""
    prefix = f"&{number} " if number < 10 else ""
    folder = str(path.parent)
    home = str(Path.home())
    if folder == home or folder.startswith(home + "/"):
        folder = "~" + folder[len(home):]
    missing = "" if file_exists(path) else "  (missing)"
    return f"{prefix}{menu_text(path_text(path.name))}  —  {menu_text(path_text(folder))}{missing}"


def fill_recent_menu(window: MainWindow) -> None:
    window.recent_menu.clear()
    settings = window.context.settings
    files = settings.recent_files()
    for number, path in enumerate(files, start=1):
        action = add_action(window, window.recent_menu, recent_file_text(number, path),
                            lambda _c=False, p=path: window.open_path(p))
        action.setStatusTip(path_text(str(path)))
    if files:
        window.recent_menu.addSeparator()
        missing = [path for path in files if not file_exists(path)]
        if missing:
            add_action(window, window.recent_menu, "Remove &missing files from the list",
                       lambda: _forget(settings, missing))
        add_action(window, window.recent_menu, "Clear the list", settings.clear_recent_files)
    window.recent_menu.setEnabled(bool(files))


def _forget(settings: AppSettings, paths: list[Path]) -> None:
    """Take the missing files off the list: one write, one refill of the menu and the start screen."""
    settings.remove_recent_files(paths)
