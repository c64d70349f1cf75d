"""The room's votes in the window: presentation mode by keys, the spread on the grid, disagreements, questionnaires."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
from PySide6 import QtGui
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QTextDocument
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from finops_desktop.domain.votes import ROOM
from finops_desktop.domain.workshop import Rating
from finops_desktop.storage.workshop_file import WorkshopFile
from finops_desktop.ui import votes_actions
from finops_desktop.ui.assessment_grid import SPREAD_ROLE
from finops_desktop.ui.main_window import MainWindow
from finops_desktop.ui.presentation import Presentation, PresentationView, start_presentation
from tests.helpers.ui_context import OFFSCREEN_PLATFORM_NOTICES, ScriptedDialogs, make_context
from tests.helpers.workshops import make_workshop_file

pytestmark = OFFSCREEN_PLATFORM_NOTICES


@pytest.fixture
def path(tmp_path: Path) -> Path:
    path = make_workshop_file(tmp_path / "w.finops", [("Retail", 1000.0, {}), ("Platform", 500.0, {})])
    with WorkshopFile.open(path) as file:
        for name in ("Ana", "Ben", "Chloé"):
            file.add_participant(name)
    return path


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path, path: Path) -> Iterator[MainWindow]:
    window = MainWindow(make_context(tmp_path))
    qtbot.addWidget(window)
    window.resize(1280, 720)
    window.show()
    qtbot.wait_exposed(window)
    assert window.open_path(path)
    yield window
    window.close()


def room_votes(path: Path, bu: str, dimension: str) -> list[tuple[str, str]]:
    with WorkshopFile.open(path, read_only=True) as file:
        workshop = file.workshop
        unit = workshop.business_unit_named(bu)
        assert unit is not None
        return sorted((workshop.votes.participant(v.participant_id).name, v.stage)
                      for v in workshop.votes.votes(workshop.active_round.id, unit.id, dimension) if v.source == ROOM)


def test_presentation_is_driven_by_keys(qtbot: QtBot, window: MainWindow, path: Path) -> None:
    windows = votes_actions.present(window)
    assert windows is not None
    view = windows.view
    qtbot.wait_exposed(view)
    assert view.isFullScreen()
    assert "Retail" in view.place.text() and "Cost visibility" in view.place.text()
    assert "(1 of 12)" in view.place.text()
    qtbot.keyClick(view, Qt.Key.Key_1)  # Ana: Crawl
    qtbot.keyClick(view, Qt.Key.Key_3)  # Ben: Run
    assert room_votes(path, "Retail", "cost_visibility") == [("Ana", "crawl"), ("Ben", "run")]
    assert "The room disagrees" in view.place.text()
    assert view.columns[0].bar.count == 1 and view.columns[2].bar.count == 1 and view.columns[0].bar.total == 2
    qtbot.keyClick(view, Qt.Key.Key_2, Qt.KeyboardModifier.ShiftModifier)  # the agreed stage: Walk
    assert window.context.workshop is not None
    retail = window.context.workshop.business_units[0].id
    assert window.context.workshop.rating(retail, "cost_visibility").current == "walk"
    assert "agreed" in view.columns[1].title.text()
    qtbot.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # undo the agreed stage
    assert window.context.workshop.rating(retail, "cost_visibility").current is None
    qtbot.keyClick(view, Qt.Key.Key_Right)
    assert "Tagging coverage" in view.place.text() or "(2 of 12)" in view.place.text()
    qtbot.keyClick(view, Qt.Key.Key_Up)  # back to Ben
    qtbot.keyClick(view, Qt.Key.Key_2)
    dimension = window.context.workshop.model.dimensions[1].id
    assert room_votes(path, "Retail", dimension) == [("Ben", "walk")]
    qtbot.keyClick(view, Qt.Key.Key_Left)
    qtbot.keyClick(view, Qt.Key.Key_Up)
    qtbot.keyClick(view, Qt.Key.Key_Up)  # Ana again: withdraw her vote
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert room_votes(path, "Retail", "cost_visibility") == [("Ben", "run")]
    with qtbot.wait_signal(view.destroyed):
        qtbot.keyClick(view, Qt.Key.Key_Escape)
    assert window.isVisible()


def test_with_a_second_screen_the_laptop_keeps_the_controls(qtbot: QtBot, window: MainWindow, path: Path) -> None:
    screen = QGuiApplication.primaryScreen()
    # Headless there is one screen; listed twice, it stands for a laptop and a projector.
    windows = start_presentation(window.context, window, None, [screen, screen])
    assert windows is not None and windows.controls is not None
    qtbot.wait_exposed(windows.controls)
    assert not windows.view.footer.isVisible()  # the keys are on the laptop
    qtbot.keyClick(windows.controls, Qt.Key.Key_2)
    assert room_votes(path, "Retail", "cost_visibility") == [("Ana", "walk")]
    assert "Ana: Walk" in windows.controls.people.item(0).text()
    controls = windows.controls
    with qtbot.wait_signal(windows.view.destroyed):
        qtbot.keyClick(controls, Qt.Key.Key_Escape)
    assert windows.controls is None


def test_presentation_shows_everything_at_1280_by_720(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    assert window.context.workshop is not None
    presentation = Presentation(window.context, None, parent=window)
    for size in ((1280, 720), (1920, 1080)):
        view = PresentationView(presentation)
        qtbot.addWidget(view)
        view.resize(*size)
        view.show()
        qtbot.wait_exposed(view)
        QApplication.processEvents()
        view.grab().save(str(tmp_path / f"presentation-{size[0]}.png"))
        for column in view.columns:  # every description fits its card, every card fits the window
            assert column.description.heightForWidth(column.description.width()) <= column.description.height()
            assert view.rect().contains(column.geometry())
        assert view.question.heightForWidth(view.question.width()) <= view.question.height()
        assert view.footer.geometry().bottom() <= view.height()
        view.close()


def test_the_grid_shows_the_spread_and_walks_the_disagreements(qtbot: QtBot, window: MainWindow,
                                                               path: Path) -> None:
    file = window.context.file
    assert file is not None
    units = [bu.id for bu in file.workshop.business_units]
    people = [p.id for p in file.workshop.votes.participants]
    grid = window.workspace.assess.grid_model
    with qtbot.wait_signal(grid.dataChanged):
        file.set_vote(units[1], "tagging_coverage", people[0], "crawl")
    index = grid.index_of(units[1], "tagging_coverage")
    assert grid.data(index, SPREAD_ROLE).total == 1
    assert "Votes: Crawl 1" in grid.data(index, Qt.ItemDataRole.ToolTipRole)
    file.set_vote(units[1], "tagging_coverage", people[1], "run")
    file.set_vote(units[0], "cost_visibility", people[0], "walk")
    file.set_vote(units[0], "cost_visibility", people[1], "run")
    window.workspace.assess.select_cell(units[1], "cost_visibility")
    assert votes_actions.next_disagreement(window)
    assert window.workspace.assess.current_cell() == (units[1], "tagging_coverage")
    assert votes_actions.next_disagreement(window)  # wraps round
    assert window.workspace.assess.current_cell() == (units[0], "cost_visibility")
    assert votes_actions.next_disagreement(window)
    assert window.workspace.assess.current_cell() == (units[1], "tagging_coverage")
    file.set_vote(units[1], "tagging_coverage", people[1], None)
    file.set_vote(units[0], "cost_visibility", people[1], None)
    assert not votes_actions.next_disagreement(window)
    window.workspace.assess.grid.grab().save(str(path.with_suffix(".grid.png")))


def test_questionnaires_sent_and_imported_from_the_window(window: MainWindow, path: Path, tmp_path: Path) -> None:
    dialogs = window.context.dialogs
    assert isinstance(dialogs, ScriptedDialogs)
    out = tmp_path / "sent"
    out.mkdir()
    dialogs.answer("choose_folder", out)
    assert votes_actions.send_questionnaire(window) == 3
    books = sorted(out.glob("*.xlsx"))
    wb = openpyxl.load_workbook(books[0])
    wb["Retail"].cell(4, 3).value = "Walk"
    wb.save(books[0])
    dialogs.answer("choose_workbooks", [books[0]])
    assert votes_actions.import_questionnaires(window) == "1 answer from 1 participant, 0 cells now in disagreement"
    bad = tmp_path / "bad.xlsx"
    bad.write_text("no")
    before = path.read_bytes()
    dialogs.answer("choose_workbooks", [bad])
    assert votes_actions.import_questionnaires(window) is None
    assert dialogs.errors[-1].title == "The questionnaires were not imported"
    assert path.read_bytes() == before


def test_participants_are_added_and_removed_in_their_dialog(qtbot: QtBot, window: MainWindow, path: Path) -> None:
    from finops_desktop.ui.participants_dialog import ParticipantsDialog

    dialog = ParticipantsDialog(window.context, window)
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == 3
    dialog.name.setText("Dev")
    dialog.role.setText("Finance lead")
    dialog.unit.setCurrentIndex(1)
    assert dialog.add()
    dialog.name.setText("  ana ")
    assert not dialog.add()
    assert "already exists" in dialog.problem.text()
    dialog.table.selectRow(3)
    dialogs = window.context.dialogs
    assert isinstance(dialogs, ScriptedDialogs)
    dialogs.answer("confirm", True)
    assert dialog.remove_selected()
    assert [p.name for p in window.context.workshop.votes.participants] == ["Ana", "Ben", "Chloé"]  # type: ignore[union-attr]
    dialog.name.setText("Dev")
    assert dialog.add()
    assert dialog.name.text() == "" and not dialog.save_button.isEnabled()
    dialog.table.setCurrentCell(1, 0)  # Ben: into the form, to be changed
    assert dialog.name.text() == "Ben" and dialog.save_button.isEnabled()
    dialog.role.setText("Platform lead")
    dialog.unit.setCurrentIndex(2)
    assert dialog.save_selected()
    assert dialog.table.item(1, 1).text() == "Platform lead" and dialog.table.item(1, 2).text() == "Platform"
    dialog.name.setText("Chloé")
    assert not dialog.save_selected()
    assert "already exists" in dialog.problem.text()
    dialog.grab().save(str(path.with_suffix(".participants.png")))
    QApplication.processEvents()
    with WorkshopFile.open(path, read_only=True) as file:
        dev = file.workshop.votes.participant_named("Dev")
        assert dev is not None and dev.bu_id is None
        ben = file.workshop.votes.participant_named("Ben")
        platform = file.workshop.business_unit_named("Platform")
        assert ben is not None and platform is not None
        assert (ben.role, ben.bu_id) == ("Platform lead", platform.id)


def test_a_unit_removed_while_presenting_leaves_the_presentation_on_a_cell_that_is_there(
        qtbot: QtBot, window: MainWindow) -> None:
    file = window.context.file
    assert file is not None
    platform = file.workshop.business_units[1]
    windows = votes_actions.present(window)
    assert windows is not None
    view = windows.view
    for _ in range(7):  # onto Platform's second dimension
        qtbot.keyClick(view, Qt.Key.Key_Right)
    assert "Platform" in view.place.text()
    file.remove_business_unit(platform.id)
    assert "Retail" in view.place.text() and "(6 of 6)" in view.place.text()
    qtbot.keyClick(view, Qt.Key.Key_1)  # still records, on a cell that exists
    assert file.workshop.votes.votes(1, file.workshop.business_units[0].id, file.workshop.model.dimensions[-1].id)
    with qtbot.wait_signal(view.destroyed):
        qtbot.keyClick(view, Qt.Key.Key_Escape)


def as_shown(label: QLabel) -> str:
    """A label's text as it reads on screen: its markup read as Qt reads it (as written in plain text)."""
    document = QTextDocument()
    if label.textFormat() == Qt.TextFormat.PlainText or (
            label.textFormat() == Qt.TextFormat.AutoText and not QtGui.Qt.mightBeRichText(label.text())):
        document.setPlainText(label.text())
    else:
        document.setHtml(label.text())
    return document.toPlainText()


def test_names_and_notes_that_look_like_markup_are_shown_as_typed(qtbot: QtBot, tmp_path: Path) -> None:
    """A unit named "<i>Retail</i> & Co" or a note "<b>urgent</b>" is text: no label of the presentation
    renders it as markup, on the audience's screen or the facilitator's."""
    marked = make_workshop_file(tmp_path / "marked.finops", [("<i>Retail</i> & Co", 1000.0, {})])
    with WorkshopFile.open(marked) as file:
        file.add_participant("<u>Ana</u>")
        bu = file.workshop.business_units[0]
        file.set_rating(bu.id, "cost_visibility", Rating("walk", note="<b>urgent</b> & <a href='x'>see</a>"))
    window = MainWindow(make_context(tmp_path))
    qtbot.addWidget(window)
    window.show()
    assert window.open_path(marked)
    screen = QGuiApplication.primaryScreen()
    windows = start_presentation(window.context, window, None, [screen, screen])
    assert windows is not None and windows.controls is not None
    shown = []
    for widget in (windows.view, windows.controls):
        shown += [as_shown(label) for label in widget.findChildren(QLabel)]
    text = "\n".join(shown)
    assert "<i>Retail</i> & Co" in text
    assert "<b>urgent</b> & <a href='x'>see</a>" in text
    assert "&nbsp;" not in text and "&lt;" not in text and "&amp;" not in text  # no markup shown as written
    with qtbot.wait_signal(windows.view.destroyed):
        qtbot.keyClick(windows.controls, Qt.Key.Key_Escape)
    window.close()


def test_the_heading_of_a_cell_the_room_agrees_on_shows_no_markup(qtbot: QtBot, window: MainWindow) -> None:
    windows = votes_actions.present(window)
    assert windows is not None
    shown = as_shown(windows.view.place)
    assert "Retail" in shown and "(1 of " in shown
    assert "&nbsp;" not in shown and "<" not in shown
    with qtbot.wait_signal(windows.view.destroyed):
        qtbot.keyClick(windows.view, Qt.Key.Key_Escape)


@pytest.mark.parametrize("scale", [1.0, 2.0])
def test_the_participants_dialog_fits_a_small_screen_whatever_the_unit_names(qtbot: QtBot, tmp_path: Path,
                                                                            scale: float) -> None:
    from finops_desktop.ui.participants_dialog import ParticipantsDialog

    long_name = ("Global Manufacturing and Supply Chain Operations for Europe, the Middle East and Africa, "
                 "shared platform engineering group")[:120]
    path = make_workshop_file(tmp_path / "long.finops", [(long_name, 1000.0, {})])
    window = MainWindow(make_context(tmp_path))
    qtbot.addWidget(window)
    window.show()
    assert window.open_path(path)
    window.set_font_scale(scale)
    dialog = ParticipantsDialog(window.context, window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.minimumSizeHint().width() <= 1280 and dialog.width() <= 1280
    if scale == 1.0:
        assert dialog.sizeHint().width() <= 900
    for button in (dialog.add_button, dialog.save_button, dialog.remove_button):  # every button's text whole
        assert button.width() >= button.sizeHint().width()
    assert dialog.unit.itemData(1, Qt.ItemDataRole.ToolTipRole) == long_name  # the whole name, in its tooltip
    dialog.close()
    window.set_font_scale(1.0)
    window.close()


def test_a_vote_keyed_in_without_participants_says_so_in_the_presentation_until_the_next_cell(
        qtbot: QtBot, tmp_path: Path) -> None:
    from finops_desktop.ui.presentation_state import NO_PARTICIPANTS_NOTICE

    path = make_workshop_file(tmp_path / "nobody.finops", [("Retail", 1000.0, {})])
    window = MainWindow(make_context(tmp_path))
    qtbot.addWidget(window)
    window.resize(1280, 720)
    window.show()
    assert window.open_path(path)
    screen = QGuiApplication.primaryScreen()
    for screens in ([screen], [screen, screen]):
        windows = start_presentation(window.context, window, None, screens)
        assert windows is not None
        view, keys = windows.view, windows.controls or windows.view
        view.resize(1280, 720)
        qtbot.wait_exposed(view)
        assert not view.notice.isVisible()
        qtbot.keyClick(keys, Qt.Key.Key_1)
        assert room_votes(path, "Retail", "cost_visibility") == []
        for shown in (view.notice, windows.controls.notice if windows.controls else view.notice):
            assert shown.isVisible() and shown.text() == NO_PARTICIPANTS_NOTICE
            assert "Participants…" in shown.text()
        qtbot.keyClick(keys, Qt.Key.Key_2)
        assert view.notice.isVisible()  # kept on this cell
        qtbot.keyClick(keys, Qt.Key.Key_Right)
        assert not view.notice.isVisible()
        with qtbot.wait_signal(view.destroyed):
            qtbot.keyClick(keys, Qt.Key.Key_Escape)
    presentation = Presentation(window.context, None, parent=window)
    presentation.vote(1)
    view = PresentationView(presentation)  # on a 1280 × 720 projector: one line
    qtbot.addWidget(view)
    view.resize(1280, 720)
    view.show()
    qtbot.wait_exposed(view)
    QApplication.processEvents()
    line = view.notice.fontMetrics().horizontalAdvance(view.notice.text())
    assert view.notice.isVisible() and line <= view.notice.contentsRect().width()
    view.grab().save(str(tmp_path / "notice.png"))
    view.close()
    window.close()


def test_the_footer_shows_names_as_typed_and_who_has_voted(qtbot: QtBot, tmp_path: Path) -> None:
    path = make_workshop_file(tmp_path / "names.finops", [("Retail", 1000.0, {})])
    with WorkshopFile.open(path) as file:
        file.add_participant("Ana <i>Lopez</i>")
        file.add_participant("Bo & Co")
    window = MainWindow(make_context(tmp_path))
    qtbot.addWidget(window)
    window.show()
    assert window.open_path(path)
    windows = start_presentation(window.context, window, None, [QGuiApplication.primaryScreen()])
    assert windows is not None
    view = windows.view
    qtbot.wait_exposed(view)
    assert view.footer.textFormat() == Qt.TextFormat.PlainText
    assert view.footer.text().startswith("Voting: Ana <i>Lopez</i>") and "voted:" not in view.footer.text()
    qtbot.keyClick(view, Qt.Key.Key_3)  # Ana votes; the turn passes to Bo, and the footer says so
    assert view.footer.text().startswith("Voting: Bo & Co  ·  voted: Ana <i>Lopez</i>")
    with qtbot.wait_signal(view.destroyed):
        qtbot.keyClick(view, Qt.Key.Key_Escape)
    window.close()


def test_an_earlier_round_says_why_nothing_is_recorded_and_a_rating_clears_an_old_notice(
        qtbot: QtBot, window: MainWindow, path: Path) -> None:
    from finops_desktop.ui.presentation_state import EARLIER_ROUND_NOTICE, NO_PARTICIPANTS_NOTICE

    context = window.context
    presentation = Presentation(context, None, parent=window)
    presentation.notice = NO_PARTICIPANTS_NOTICE  # left from an earlier key
    presentation.agree(2)
    assert presentation.notice == ""
    assert context.workshop is not None
    retail = context.workshop.business_units[0].id
    assert context.workshop.rating(retail, "cost_visibility").current == "walk"
    baseline = context.workshop.active_round.id
    assert context.file is not None
    context.file.add_round("Six months on")
    context.set_round(baseline)  # the earlier round, not opened for editing
    before = path.read_bytes()
    presentation.agree(3)
    assert presentation.notice == EARLIER_ROUND_NOTICE
    presentation.vote(1)
    assert presentation.notice == EARLIER_ROUND_NOTICE
    assert context.workshop.rating(retail, "cost_visibility", baseline).current == "walk"
    assert room_votes(path, "Retail", "cost_visibility") == []
    assert path.read_bytes() == before


def test_leaving_the_presentation_selects_the_cell_the_room_ended_on(qtbot: QtBot, window: MainWindow) -> None:
    windows = votes_actions.present(window)
    assert windows is not None
    view = windows.view
    qtbot.wait_exposed(view)
    for _ in range(3):
        qtbot.keyClick(view, Qt.Key.Key_Right)
    ended_on = windows.presentation.cell
    with qtbot.wait_signal(view.destroyed):
        qtbot.keyClick(view, Qt.Key.Key_Escape)
    assert window.workspace.assess.current_cell() == ended_on


def test_the_participants_dialog_says_what_participants_are_for_and_removes_only_a_chosen_one(
        qtbot: QtBot, window: MainWindow) -> None:
    from finops_desktop.ui.participants_dialog import ParticipantsDialog

    dialog = ParticipantsDialog(window.context, window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert any("vote" in label.text() and "presentation" in label.text() for label in dialog.findChildren(QLabel))
    assert not dialog.remove_button.isEnabled()  # nobody chosen
    dialog.table.setCurrentCell(0, 0)
    assert dialog.remove_button.isEnabled()
    dialog.close()
