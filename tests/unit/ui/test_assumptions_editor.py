"""The waste assumptions editor: every figure editable for this workshop, written at once, undoable."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from finops_desktop.domain.model import WasteAssumption
from finops_desktop.storage.workshop_file import WorkshopFile
from finops_desktop.ui import undo_commands
from finops_desktop.ui.assumptions_editor import (
    AT_STAKE,
    BASIS,
    MAX_REASONING_LENGTH,
    REASONING,
    SHARE,
    SOURCE,
    AssumptionsEditor,
    format_share,
    parse_share_percent,
    reasoning_problem,
    share_from_percent,
    share_problem,
)
from finops_desktop.ui.context import ApplicationContext
from finops_desktop.ui.main_window import MainWindow
from tests.helpers.ui_context import OFFSCREEN_PLATFORM_NOTICES, ScriptedDialogs, make_context
from tests.helpers.workshops import default_model, make_workshop_file

pytestmark = OFFSCREEN_PLATFORM_NOTICES

COMMITMENTS = "commitment_strategy"
MODEL_CRAWL = default_model().dimension(COMMITMENTS).waste["crawl"]


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return make_workshop_file(tmp_path / "w.finops", [("Retail", 1000.0, {COMMITMENTS: ("crawl", "walk")}),
                                                      ("Payments", None, {})])


@pytest.fixture
def context(qapp: object, tmp_path: Path, path: Path) -> Iterator[ApplicationContext]:
    context = make_context(tmp_path)
    assert context.open_path(path)
    yield context
    context.close_file()


@pytest.fixture
def editor(qtbot: QtBot, context: ApplicationContext) -> AssumptionsEditor:
    editor = AssumptionsEditor(context)
    qtbot.addWidget(editor)
    editor.resize(1200, 760)
    editor.show()
    qtbot.wait_exposed(editor)
    return editor


def on_disk(path: Path, dimension_id: str = COMMITMENTS, stage_id: str = "crawl") -> tuple[WasteAssumption, bool]:
    """The figure in force and whether it is edited, as another program reading the file sees them."""
    with WorkshopFile.open(path, read_only=True) as file:
        workshop = file.workshop
        return workshop.waste(dimension_id, stage_id), (dimension_id, stage_id) in workshop.waste_overrides


def dialogs(context: ApplicationContext) -> ScriptedDialogs:
    assert isinstance(context.dialogs, ScriptedDialogs)
    return context.dialogs


def typed_percent(value: str) -> str:
    return value.replace(".", QLocale().decimalPoint())


def test_every_dimension_and_stage_is_listed_with_the_models_figure(qtmodeltester: object,
                                                                    editor: AssumptionsEditor) -> None:
    model = editor.model
    qtmodeltester.check(model)  # type: ignore[attr-defined]
    assert model.rowCount() == len(default_model().dimensions) * 3
    row = model.row_of(COMMITMENTS, "crawl")
    assert model.index(row, SHARE).data() == format_share(MODEL_CRAWL.share)
    assert model.index(row, SHARE).data(Qt.ItemDataRole.EditRole) == 5.5
    assert model.index(row, SOURCE).data() == "Model"
    assert model.index(row, REASONING).data(Qt.ItemDataRole.EditRole) == MODEL_CRAWL.reasoning
    assert editor.model.index(row, SHARE).flags() & Qt.ItemFlag.ItemIsEditable
    assert not editor.read_only_banner.isVisible()


def test_a_share_typed_in_the_table_is_written_undone_and_redone(qtbot: QtBot, editor: AssumptionsEditor,
                                                                 context: ApplicationContext, path: Path) -> None:
    row = editor.model.row_of(COMMITMENTS, "crawl")
    editor.table.setFocus()
    editor.table.setCurrentIndex(editor.model.index(row, SHARE))
    qtbot.keyClick(editor.table, Qt.Key.Key_F2)
    field = editor.table.findChild(QLineEdit)
    assert field is not None and field.selectedText() == field.text()
    qtbot.keyClicks(field, typed_percent("22.5"))
    qtbot.keyClick(field, Qt.Key.Key_Return)  # the view commits the editor's value once back in the event loop

    qtbot.wait_until(lambda: on_disk(path)[1])
    assert on_disk(path) == (WasteAssumption(0.225, MODEL_CRAWL.reasoning), True)
    assert editor.model.index(row, SOURCE).data() == "Edited"
    assert editor.badge.text() == "EDITED FOR THIS WORKSHOP"
    assert context.undo_stack.undoText() == "Change waste figure (Commitments · Crawl)"

    editor.undo_button.click()
    assert on_disk(path) == (MODEL_CRAWL, False)
    assert editor.model.index(row, SOURCE).data() == "Model"
    assert editor.badge.text() == "MODEL'S FIGURE"
    editor.redo_button.click()
    assert on_disk(path) == (WasteAssumption(0.225, MODEL_CRAWL.reasoning), True)


def test_share_and_reasoning_edited_in_the_pane(qtbot: QtBot, editor: AssumptionsEditor,
                                                context: ApplicationContext, path: Path) -> None:
    editor.select_entry(COMMITMENTS, "crawl")
    assert editor.entry_heading.text() == "Commitment strategy · Crawl"
    editor.share.setFocus()
    editor.share.selectAll()
    qtbot.keyClicks(editor.share, typed_percent("20"))
    qtbot.keyClick(editor.share, Qt.Key.Key_Return)
    assert on_disk(path) == (WasteAssumption(0.2, MODEL_CRAWL.reasoning), True)
    assert editor.hint.isVisible()  # the reasoning still says what the model says

    reasoning = "Steady core banking load: 70% of spend is eligible for commitments, not the usual half."
    editor.reasoning.setFocus()
    editor.reasoning.selectAll()
    qtbot.keyClicks(editor.reasoning, reasoning)
    assert editor.has_pending_text()
    qtbot.wait_until(lambda: on_disk(path)[0].reasoning == reasoning, timeout=5000)
    assert on_disk(path) == (WasteAssumption(0.2, reasoning), True)
    assert not editor.hint.isVisible()
    assert context.undo_stack.count() == 2  # the share, then the reasoning typed in one go
    assert context.undo_stack.undoText() == "Edit reasoning (Commitments · Crawl)"

    editor.undo()
    assert on_disk(path) == (WasteAssumption(0.2, MODEL_CRAWL.reasoning), True)
    assert editor.reasoning.toPlainText() == MODEL_CRAWL.reasoning
    editor.undo()
    assert on_disk(path) == (MODEL_CRAWL, False)
    assert editor.share.value() == 5.5
    editor.redo()
    editor.redo()
    assert on_disk(path) == (WasteAssumption(0.2, reasoning), True)


def test_reasoning_still_being_typed_is_written_when_the_editor_closes(qtbot: QtBot, editor: AssumptionsEditor,
                                                                       path: Path) -> None:
    editor.select_entry("tagging_coverage", "walk")
    editor.reasoning.setFocus()
    editor.reasoning.selectAll()
    editor.reasoning.insertPlainText("Coût réel 💶 — shared clusters in 東京 stay untagged.")  # as pasted
    assert editor.has_pending_text()
    editor.close()
    figure, edited = on_disk(path, "tagging_coverage", "walk")
    assert edited and figure.reasoning == "Coût réel 💶 — shared clusters in 東京 stay untagged."


def test_reset_goes_back_to_the_models_figure_and_can_be_undone(editor: AssumptionsEditor,
                                                                context: ApplicationContext, path: Path) -> None:
    editor.select_entry(COMMITMENTS, "crawl")
    assert not editor.reset_button.isEnabled()
    assert undo_commands.set_waste_assumption(context, COMMITMENTS, "crawl", 0.3, "Mostly on-demand.")
    assert editor.reset_button.isEnabled()
    assert "The model's figure: " + format_share(MODEL_CRAWL.share) in editor.model_text.text()

    editor.reset_button.click()
    assert on_disk(path) == (MODEL_CRAWL, False)
    assert not editor.reset_button.isEnabled()
    assert context.undo_stack.undoText() == "Reset waste figure to the model's (Commitments · Crawl)"
    context.undo_stack.undo()
    assert on_disk(path) == (WasteAssumption(0.3, "Mostly on-demand."), True)

    row = editor.model.row_of(COMMITMENTS, "crawl")
    assert editor.model.setData(editor.model.index(row, SHARE), 5.5)
    assert editor.model.setData(editor.model.index(row, REASONING), MODEL_CRAWL.reasoning)
    assert on_disk(path) == (MODEL_CRAWL, False)  # the model's figure typed back is the model's figure


def test_an_out_of_range_share_is_refused(editor: AssumptionsEditor, context: ApplicationContext,
                                          path: Path) -> None:
    before = path.read_bytes()
    share = editor.model.index(editor.model.row_of(COMMITMENTS, "crawl"), SHARE)
    assert not editor.model.setData(share, 150.0)
    assert not editor.model.setData(share, -1)
    assert not editor.model.setData(share, "lots")
    assert not editor.model.setData(share, float("nan"))
    assert not editor.model.setData(share, "150")  # typed: refused, never read as 15 %
    assert not editor.model.setData(share, "0.225")  # typed: 22.5 % or 0.225 %? refused, not guessed
    messages = [e.message for e in dialogs(context).errors]
    assert messages[0] == "The share lies between 0 and 100 %, not 150 %."
    assert messages[2] == "The share must be a number of percent such as 12.5, not 'lots'."
    assert messages[4] == "The share lies between 0 and 100 %, not 150 %."
    assert messages[5].startswith("The share is in percent: for 22.5 % write 22.5")
    assert {e.title for e in dialogs(context).errors} == {"The change was not made"}
    assert context.undo_stack.count() == 0
    assert path.read_bytes() == before
    assert editor.model.setData(share, "12,5 %")
    assert on_disk(path)[0].share == 0.125


def test_odd_or_too_long_reasoning_is_refused_with_a_message(qtbot: QtBot, editor: AssumptionsEditor,
                                                             context: ApplicationContext, path: Path) -> None:
    before = path.read_bytes()
    editor.select_entry(COMMITMENTS, "crawl")
    editor.reasoning.setFocus()
    editor.reasoning.selectAll()
    qtbot.keyClicks(editor.reasoning, "Looks fine ")
    editor.reasoning.insertPlainText("\u202egnp.exe")  # pasted: the keyboard cannot type it
    assert editor.problem.isVisible()
    assert "U+202E RIGHT-TO-LEFT OVERRIDE" in editor.problem.text()
    assert not editor.commit_reasoning()
    assert editor.problem.isVisible()  # the text stays until it is corrected

    editor.reasoning.setPlainText("x" * (MAX_REASONING_LENGTH + 1))
    assert not editor.commit_reasoning()
    assert "too long" in editor.problem.text()
    editor.select_entry(COMMITMENTS, "walk")  # moving on drops what could not be written
    assert not editor.problem.isVisible()

    reasoning = editor.model.index(editor.model.row_of(COMMITMENTS, "crawl"), REASONING)
    assert not editor.model.setData(reasoning, "   ")
    assert not editor.model.setData(reasoning, "bell\x07")
    assert context.undo_stack.count() == 0
    assert path.read_bytes() == before


def test_a_read_only_file_refuses_edits(qtbot: QtBot, tmp_path: Path, path: Path) -> None:
    context = make_context(tmp_path)
    with WorkshopFile.open(path):  # another window edits it
        dialogs(context).answer("offer_read_only", True)
        assert context.open_path(path)
    before = path.read_bytes()
    editor = AssumptionsEditor(context)
    qtbot.addWidget(editor)
    editor.show()
    qtbot.wait_exposed(editor)
    assert editor.read_only_banner.isVisible()
    assert "read-only" in editor.read_only_banner.text()
    editor.select_entry(COMMITMENTS, "crawl")
    assert editor.share.isReadOnly() and editor.reasoning.isReadOnly()
    assert not editor.reset_button.isEnabled()
    share = editor.model.index(editor.model.row_of(COMMITMENTS, "crawl"), SHARE)
    assert not share.flags() & Qt.ItemFlag.ItemIsEditable
    with qtbot.wait_signal(context.message) as blocker:
        assert not editor.model.setData(share, 20.0)
    assert "read-only" in blocker.args[0]
    assert not editor.reset_selected()
    assert context.undo_stack.count() == 0
    assert path.read_bytes() == before
    context.close_file()


def test_undo_shows_the_figure_it_changed(editor: AssumptionsEditor, context: ApplicationContext) -> None:
    assert undo_commands.set_waste_assumption(context, "automation_level", "walk", 0.05, "Manual scheduling.")
    editor.select_entry(COMMITMENTS, "run")
    context.undo_stack.undo()
    entry = editor.current_entry()
    assert entry is not None and (entry.dimension_id, entry.stage_id) == ("automation_level", "walk")


def test_the_money_at_stake_and_the_headline_follow_the_figures(qtbot: QtBot, editor: AssumptionsEditor,
                                                                context: ApplicationContext) -> None:
    money = editor.model.index(editor.model.row_of(COMMITMENTS, "crawl"), AT_STAKE)
    # Retail spends 1,000 a month, at Crawl with Walk as target, no enabler rated (full capture):
    # the rate pool's 5.5 % − 2.75 % of it.
    qtbot.wait_until(lambda: money.data() == "USD 28")
    assert "Advance first: Commitment strategy." in editor.headline.text()
    assert editor.model.index(editor.model.row_of("cost_visibility", "crawl"), AT_STAKE).data() == "no gap"
    # Each row says what its figure is, and what it rests on.
    commitments = editor.model.row_of(COMMITMENTS, "crawl")
    assert editor.model.index(commitments, 0).data().endswith("Rate pool")
    assert "Rate: commitment discounts" in editor.model.index(commitments, 0).data(Qt.ItemDataRole.ToolTipRole)
    assert editor.model.index(editor.model.row_of("cost_visibility", "crawl"), 0).data().endswith("Enabler")
    assert editor.model.index(commitments, BASIS).data() == "FinOps Foundation, 2023"
    editor.select_entry("tagging_coverage", "walk")
    assert editor.share_label.text() == "&Share of the pools' gaps a unit captures"
    assert "Based on: Practitioner estimate" in editor.source_text.text()
    assert undo_commands.set_waste_assumption(context, COMMITMENTS, "crawl", 0.2875, "Mostly on-demand.")
    qtbot.wait_until(lambda: money.data() == "USD 260")
    assert "USD 260" in editor.headline.text()
    context.undo_stack.undo()
    qtbot.wait_until(lambda: money.data() == "USD 28")


def test_the_assessment_menu_opens_the_editor(qtbot: QtBot, tmp_path: Path, path: Path) -> None:
    window = MainWindow(make_context(tmp_path))
    qtbot.addWidget(window)
    window.show()
    qtbot.wait_exposed(window)
    assert window.open_path(path)
    actions = {a.text().replace("&", ""): a for a in window.assessment_menu.actions()}
    actions["Waste assumptions…"].trigger()
    editor = window.findChild(AssumptionsEditor)
    assert editor is not None and editor.isVisible()
    assert editor.windowTitle() == "Waste assumptions — Test client"
    window.show_waste_assumptions()
    assert window.findChildren(AssumptionsEditor) == [editor]
    window.close_workshop()
    assert not editor.isVisible()
    window.close()


def test_typed_figures_are_checked() -> None:
    assert share_problem(0) == share_problem(100) == ""
    assert "between 0 and 100" in share_problem(100.05)
    assert share_problem(100.05) == "The share lies between 0 and 100 %, not 100.05 %."
    assert "number" in share_problem(float("inf"))
    assert parse_share_percent(" 12,5 % ") == 12.5
    with pytest.raises(ValueError):
        parse_share_percent("")
    assert share_from_percent(12.3) == 0.123
    shown = round(0.0125 * 100, 1)
    assert share_from_percent(shown, keep=0.0125) == 0.0125  # the figure as shown, unchanged: kept exactly
    assert reasoning_problem("Emoji 💶, accents é, scripts 東京, joiners 👩\u200d💻 and\nnew lines") == ""
    assert "U+0000" in reasoning_problem("nul\x00")
    assert "U+2066" in reasoning_problem("isolate \u2066x")
    assert "Write the reasoning" in reasoning_problem(" \n ")


def test_the_dialogs_undo_says_what_it_takes_back(editor: AssumptionsEditor, context: ApplicationContext) -> None:
    from finops_desktop.domain.workshop import WorkshopInfo
    from finops_desktop.ui.undo_commands import SetInfoCommand

    workshop = context.workshop
    assert workshop is not None
    info = workshop.info
    assert context.edit(SetInfoCommand(context, WorkshopInfo(info.client, "2027-01-15", info.facilitator,
                                                             info.currency)))
    assert editor.undo_button.isEnabled()
    assert editor.undo_button.text() == "Undo: Edit workshop details"  # an edit made elsewhere, named


@pytest.mark.parametrize("typed", ["150", "0.225", "lots"])
def test_a_share_typed_in_the_table_that_is_not_one_is_refused_not_guessed(
        qtbot: QtBot, editor: AssumptionsEditor, context: ApplicationContext, path: Path, typed: str) -> None:
    """Typed key by key into the table's cell: "150" must not become 15 % nor "0.225" 0.2 %."""
    before = path.read_bytes()
    row = editor.model.row_of(COMMITMENTS, "crawl")
    editor.table.setFocus()
    editor.table.setCurrentIndex(editor.model.index(row, SHARE))
    qtbot.keyClick(editor.table, Qt.Key.Key_F2)
    field = editor.table.findChild(QLineEdit)
    assert field is not None
    qtbot.keyClicks(field, typed_percent(typed))
    qtbot.keyClick(field, Qt.Key.Key_Return)
    qtbot.wait_until(lambda: bool(dialogs(context).errors))
    assert dialogs(context).errors[0].title == "The change was not made"
    assert path.read_bytes() == before and context.undo_stack.count() == 0
    assert editor.model.index(row, SHARE).data(Qt.ItemDataRole.EditRole) == 5.5


@pytest.mark.parametrize("typed", ["150", "0.225", "lots"])
def test_a_share_typed_in_the_pane_that_is_not_one_is_refused_and_said(
        qtbot: QtBot, editor: AssumptionsEditor, context: ApplicationContext, path: Path, typed: str) -> None:
    before = path.read_bytes()
    editor.select_entry(COMMITMENTS, "crawl")
    editor.share.setFocus()
    editor.share.selectAll()
    qtbot.keyClicks(editor.share, typed_percent(typed))
    qtbot.keyClick(editor.share, Qt.Key.Key_Return)
    assert editor.problem.isVisible() and editor.problem.text().startswith("The share ")
    assert editor.share.value() == 5.5 and "5" in editor.share.text()  # the figure in force is shown again
    assert path.read_bytes() == before and context.undo_stack.count() == 0


def test_the_source_line_is_one_clean_sentence_for_the_models_figure_and_for_an_edited_one(
        editor: AssumptionsEditor, context: ApplicationContext) -> None:
    source = MODEL_CRAWL.source
    assert source is not None and source.year
    editor.select_entry(COMMITMENTS, "crawl")
    shown = editor.source_text.text()
    assert shown == f"Based on: {source.publication}, {source.year}. This is the model's figure."
    assert ") (" not in shown and ".." not in shown
    assert undo_commands.set_waste_assumption(context, COMMITMENTS, "crawl", 0.2875, "Mostly on-demand.")
    editor.select_entry(COMMITMENTS, "crawl")
    shown = editor.source_text.text()
    assert shown == (f"The model's figure was based on: {source.publication}, {source.year}. "
                     "This workshop's figure replaces it.")
    assert editor.source_text.toolTip() == source.url


def test_a_figure_without_a_source_says_so_in_words() -> None:
    from finops_desktop.ui.assumptions_detail import source_sentence

    figure = WasteAssumption(0.1, "Our estimate.")
    assert source_sentence(figure, edited=False) == "The model gives no source for this figure."
    assert source_sentence(figure, edited=True) == \
        "The model's figure had no source; this workshop's figure replaces it."
    assert "—" not in source_sentence(figure, edited=False)


def test_at_larger_text_on_a_small_screen_the_pane_scrolls_instead_of_overlapping_its_lines(
        qtbot: QtBot, editor: AssumptionsEditor, context: ApplicationContext) -> None:
    from PySide6.QtWidgets import QApplication, QLabel

    from finops_desktop.ui.fonts import rescale_fonts

    base = QApplication.font()
    try:
        bigger = QApplication.font()
        bigger.setPointSizeF(base.pointSizeF() * 1.5)
        QApplication.setFont(bigger)
        rescale_fonts()
        editor.resize(1240, 680)
        assert undo_commands.set_waste_assumption(context, COMMITMENTS, "crawl", 0.2875, "Mostly on-demand.")
        editor.select_entry(COMMITMENTS, "crawl")
        for _ in range(5):
            qtbot.wait(10)
        squeezed = [label.text()[:30] for label in editor.detail.findChildren(QLabel)
                    if label.isVisible() and label.wordWrap() and label.height() < label.heightForWidth(label.width())]
        assert not squeezed
        assert editor.model_text.isVisible() and editor.source_text.isVisible()
    finally:
        QApplication.setFont(base)
        rescale_fonts()


def test_a_refusal_in_a_pane_too_short_for_it_is_scrolled_into_view(
        qtbot: QtBot, editor: AssumptionsEditor) -> None:
    """At larger text on a small screen the pane scrolls: the refusal is brought into view, or the
    figure put back would look like the figure taken back without a word."""
    pane = editor.detail
    editor.select_entry(COMMITMENTS, "crawl")
    pane.resize(pane.width(), 120)
    qtbot.wait(20)
    area = pane.scroller
    area.verticalScrollBar().setValue(area.verticalScrollBar().maximum())  # scrolled past the field
    editor.share.setFocus()
    editor.share.selectAll()
    qtbot.keyClicks(editor.share, typed_percent("150"))
    qtbot.keyClick(editor.share, Qt.Key.Key_Return)

    def shown() -> None:
        top_left = editor.problem.mapTo(area.widget(), editor.problem.rect().topLeft())
        visible = area.viewport().rect().translated(0, area.verticalScrollBar().value())
        assert visible.contains(top_left)

    qtbot.wait_until(shown, timeout=1000)
