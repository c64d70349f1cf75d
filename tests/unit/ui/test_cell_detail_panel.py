"""The detail panel: stage cards set the stage, and the evidence of a cell is edited and kept."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from finops_desktop.ui.cell_detail_panel import CellDetailPanel
from finops_desktop.ui.context import ApplicationContext
from tests.helpers.ui_context import OFFSCREEN_PLATFORM_NOTICES, make_context
from tests.helpers.workshops import make_workshop_file

pytestmark = OFFSCREEN_PLATFORM_NOTICES


@pytest.fixture
def context(qapp: object, tmp_path: Path) -> Iterator[ApplicationContext]:
    path = make_workshop_file(tmp_path / "w.finops", [("Retail", 1000.0, {"tagging_coverage": ("crawl", "walk")}),
                                                      ("Payments", 500.0, {})])
    context = make_context(tmp_path)
    assert context.open_path(path)
    yield context
    context.close_file()


@pytest.fixture
def panel(qtbot: QtBot, context: ApplicationContext) -> CellDetailPanel:
    panel = CellDetailPanel(context)
    qtbot.addWidget(panel)
    panel.resize(1200, 420)
    panel.show()
    assert context.workshop is not None
    panel.show_cell(context.workshop.business_units[0].id, "tagging_coverage")
    return panel


def rating(context: ApplicationContext, dimension_id: str = "tagging_coverage"):  # type: ignore[no-untyped-def]
    assert context.workshop is not None
    return context.workshop.rating(context.workshop.business_units[0].id, dimension_id)


def test_it_shows_the_question_and_one_card_per_stage(panel: CellDetailPanel) -> None:
    assert panel.stack.currentWidget() is panel.content
    assert panel.title.text() == "Retail · Tagging coverage"
    assert "attributed" in panel.question.text()
    cards = panel.cards.cards
    assert [c.name for c in cards] == ["Crawl", "Walk", "Run"]
    assert "Less than half" in cards[0].description.text()
    assert cards[0].is_current and cards[0].badge.text() == "NOW"
    assert cards[1].is_target and cards[1].badge.text() == "TARGET"
    assert panel.target.value() == "walk"


def test_clicking_a_card_sets_the_current_stage_and_shift_click_the_target(
        qtbot: QtBot, panel: CellDetailPanel, context: ApplicationContext) -> None:
    qtbot.mouseClick(panel.cards.card("run"), Qt.MouseButton.LeftButton)
    assert rating(context).current == "run"
    assert panel.cards.card("run").is_current
    qtbot.mouseClick(panel.cards.card("crawl"), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ShiftModifier)
    assert rating(context).target == "crawl"
    assert panel.cards.card("crawl").is_target
    assert context.undo_stack.count() == 2


def test_a_focused_card_is_chosen_with_space(qtbot: QtBot, panel: CellDetailPanel,
                                             context: ApplicationContext) -> None:
    card = panel.cards.card("walk")
    card.setFocus()
    qtbot.keyClick(card, Qt.Key.Key_Space)
    assert rating(context).current == "walk"


def test_target_confidence_and_not_applicable_buttons(qtbot: QtBot, panel: CellDetailPanel,
                                                      context: ApplicationContext) -> None:
    qtbot.mouseClick(panel.target.button("run"), Qt.MouseButton.LeftButton)
    assert rating(context).target == "run"
    qtbot.mouseClick(panel.target.button(None), Qt.MouseButton.LeftButton)
    assert rating(context).target is None
    qtbot.mouseClick(panel.confidence.button("high"), Qt.MouseButton.LeftButton)
    assert rating(context).confidence == "high"
    qtbot.mouseClick(panel.confidence.button("high"), Qt.MouseButton.LeftButton)
    assert rating(context).confidence is None
    qtbot.mouseClick(panel.not_applicable_button, Qt.MouseButton.LeftButton)
    assert rating(context).current == "na"
    assert panel.not_applicable_button.isChecked()
    qtbot.mouseClick(panel.not_applicable_button, Qt.MouseButton.LeftButton)
    assert rating(context).current is None
    qtbot.mouseClick(panel.cards.card("crawl"), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(panel.not_assessed_button, Qt.MouseButton.LeftButton)
    assert not rating(context).is_assessed


def test_notes_are_written_when_typing_pauses(qtbot: QtBot, panel: CellDetailPanel,
                                              context: ApplicationContext) -> None:
    panel.notes.setFocus()
    qtbot.keyClicks(panel.notes, "Shared clusters untagged")
    assert rating(context).note == ""  # not yet: typing goes on
    qtbot.wait_until(lambda: rating(context).note == "Shared clusters untagged", timeout=3000)
    assert context.undo_stack.count() == 1


def test_notes_are_written_when_another_cell_is_chosen(qtbot: QtBot, panel: CellDetailPanel,
                                                       context: ApplicationContext) -> None:
    qtbot.keyClicks(panel.notes, "Evidence")
    qtbot.keyClicks(panel.participants, "CFO office")
    assert context.workshop is not None
    panel.show_cell(context.workshop.business_units[1].id, "tagging_coverage")
    assert rating(context).note == "Evidence"
    assert rating(context).participants == "CFO office"
    assert panel.notes.toPlainText() == ""
    assert context.participants == ""  # one cell's entry is that cell's alone: "In the room now" is set on purpose


def test_escape_in_the_notes_returns_to_the_grid(qtbot: QtBot, panel: CellDetailPanel,
                                                 context: ApplicationContext) -> None:
    panel.focus_notes()
    qtbot.keyClicks(panel.notes, "Seen")
    with qtbot.wait_signal(panel.return_to_grid):
        qtbot.keyClick(panel.notes, Qt.Key.Key_Escape)
    assert rating(context).note == "Seen"


def test_an_indicator_value_suggests_a_stage(qtbot: QtBot, panel: CellDetailPanel,
                                             context: ApplicationContext) -> None:
    assert len(panel._indicator_inputs) == 1
    indicator = panel._indicator_inputs[0]
    indicator.field.setFocus()
    qtbot.keyClicks(indicator.field, "84")
    qtbot.keyClick(indicator.field, Qt.Key.Key_Return)
    assert rating(context).indicator("allocation_coverage") == 84.0
    assert "Walk, close to Run" in indicator.suggestion.text()
    qtbot.mouseClick(indicator.use_button, Qt.MouseButton.LeftButton)
    assert rating(context).current == "walk"


def test_undo_shows_in_the_panel(panel: CellDetailPanel, context: ApplicationContext) -> None:
    panel.notes.setPlainText("First thought")
    panel.commit_notes()
    context.undo_stack.undo()
    assert panel.notes.toPlainText() == ""


def test_nothing_selected_shows_a_hint(panel: CellDetailPanel) -> None:
    panel.show_cell(None, None)
    assert panel.stack.currentWidget() is panel.placeholder


def test_a_refused_paste_does_not_stay_in_the_notes_as_if_saved(panel: CellDetailPanel,
                                                                 context: ApplicationContext) -> None:
    panel.notes.setPlainText("Seen in the room")
    panel.commit_notes()
    panel.notes.setPlainText("pasted \u202e text")  # a direction override: the gate refuses it
    panel.commit_notes()
    assert context.dialogs.errors  # type: ignore[attr-defined]
    assert "direction mark" in context.dialogs.errors[-1].message  # type: ignore[attr-defined]
    assert panel.notes.toPlainText() == rating(context).note == "Seen in the room"
