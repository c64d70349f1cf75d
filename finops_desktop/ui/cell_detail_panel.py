"""The detail panel for the selected cell: the question, the stage cards and the evidence.

Everything here edits one cell's rating through undo commands. Free text (notes, who was
in the room) is written shortly after typing pauses and whenever the cell or the focus
changes; the status line says "Saved" once it is in the file.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ..domain.model import NOT_APPLICABLE, Dimension
from ..domain.workshop import CONFIDENCE_LEVELS, Rating
from ..storage.changes import BusinessUnitsChanged, Change, RatingChanged, Reloaded, RoundsChanged, SettingsChanged
from ..storage.workshop_file import WorkshopFile
from . import undo_commands
from .assessment_grid import cell_text
from .choice_buttons import ChoiceButtons
from .context import ApplicationContext
from .elided import ElidedLabel
from .evidence_box import EvidenceBox
from .evidence_inputs import IndicatorInput, NotesEdit
from .fonts import set_relative_font
from .read_only_hint import ReadOnlyHint
from .stage_cards import StageCardRow

#: How long typing may pause before the text is written to the file.
TEXT_COMMIT_DELAY_MS = 700


class CellDetailPanel(QWidget):
    """Shows and edits the cell selected in the grid."""

    #: Esc in the notes, or a request to go back to rating.
    return_to_grid = Signal()
    #: Typed text is waiting to be written (True) or has been written (False).
    text_pending = Signal(bool)
    #: The fields changed (another dimension's indicators): the Tab order is to be set again.
    fields_changed = Signal()

    def __init__(self, context: ApplicationContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("cellDetailPanel")
        self._context = context
        self.bu_id: int | None = None
        self.dimension_id: str | None = None

        self.placeholder = QLabel("Select a cell in the grid to see the stage descriptions and record evidence.\n"
                                  "Use the arrow keys to move, 1–3 to rate, Shift with a digit for the target.")
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setWordWrap(True)
        set_relative_font(self.placeholder, 1.15)

        self.title = ElidedLabel()  # "unit · dimension": a long unit name elides
        self.title.setObjectName("cellTitle")
        set_relative_font(self.title, 1.35, bold=True)
        self.question = QLabel()
        self.question.setWordWrap(True)
        self.question.setTextFormat(Qt.TextFormat.PlainText)
        set_relative_font(self.question, 1.1, italic=True)
        self.previous = QLabel()
        self.previous.setTextFormat(Qt.TextFormat.PlainText)
        self.not_assessed_button = QPushButton("Not assessed")
        self.not_assessed_button.setToolTip("Clear the stage and the target of this cell (0 or Delete in the grid)")
        self.not_assessed_button.clicked.connect(lambda: self._rate(None))
        # Both clear what the room agreed: clicked on purpose (or 0 and N in the grid), never reached by Tab.
        self.not_assessed_button.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.not_applicable_button = QPushButton("Not applicable")
        self.not_applicable_button.setCheckable(True)
        self.not_applicable_button.setToolTip("This dimension does not apply to this business unit (N in the grid)")
        self.not_applicable_button.clicked.connect(self._toggle_not_applicable)
        self.not_applicable_button.setFocusPolicy(Qt.FocusPolicy.ClickFocus)

        self.cards = StageCardRow()
        self.cards.chosen.connect(self._card_chosen)

        self.target = ChoiceButtons()
        self.target.setAccessibleName("Target stage")
        self.target.chosen.connect(self._target_chosen)
        self.target_warning = QLabel()
        self.target_warning.setObjectName("targetBelowCurrent")
        self.target_warning.setWordWrap(True)
        self.target_warning.setTextFormat(Qt.TextFormat.PlainText)
        self.target_warning.hide()
        self.confidence = ChoiceButtons(allow_none=True)
        self.confidence.setAccessibleName("Confidence")
        self.confidence.set_options([(level, level.capitalize()) for level in CONFIDENCE_LEVELS])
        self.confidence.chosen.connect(self._confidence_chosen)
        self.indicators = QWidget()
        self._indicator_layout = QVBoxLayout(self.indicators)
        self._indicator_layout.setContentsMargins(0, 0, 0, 0)
        self._indicator_inputs: list[IndicatorInput] = []
        self.participants = QLineEdit()
        self.participants.setPlaceholderText("Who was in the room, e.g. CFO office, platform team")
        self.participants.setAccessibleName("Who was in the room")
        self.notes = NotesEdit()
        ReadOnlyHint(context, self).watch(self.participants, self.notes)
        self.notes.setPlaceholderText("Evidence: what was said and shown, what the room disagreed on…")
        self.notes.setAccessibleName("Evidence notes")
        self.notes.setMinimumHeight(70)
        set_relative_font(self.notes, 1.05)

        self._notes_timer = QTimer(self, singleShot=True, interval=TEXT_COMMIT_DELAY_MS)
        self._notes_timer.timeout.connect(self.commit_notes)
        self._participants_timer = QTimer(self, singleShot=True, interval=TEXT_COMMIT_DELAY_MS)
        self._participants_timer.timeout.connect(self.commit_participants)
        self.notes.textChanged.connect(self._notes_typed)
        self.notes.focus_lost.connect(self.commit_notes)
        self.notes.escape_pressed.connect(self._leave_notes)
        self.notes.tab_pressed.connect(self._leave_notes)
        self.participants.textEdited.connect(self._participants_typed)
        self.participants.editingFinished.connect(self.commit_participants)

        self.content = self._build_content()
        self.stack = QStackedWidget()
        self.stack.addWidget(self.placeholder)
        self.stack.addWidget(self.content)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.stack)

        context.workshop_changed.connect(self._workshop_changed)
        context.round_changed.connect(lambda _round: self.refresh())
        context.round_lock_changed.connect(self.refresh)
        context.round_about_to_change.connect(self.commit_pending)
        context.file_changed.connect(self._file_changed)
        self._file_changed(context.file)

    def _build_content(self) -> QWidget:
        header_text = QVBoxLayout()
        header_text.setSpacing(2)
        header_text.addWidget(self.title)
        header_text.addWidget(self.question)
        header_text.addWidget(self.previous)
        header_buttons = QHBoxLayout()
        header_buttons.setAlignment(Qt.AlignmentFlag.AlignTop)
        header_buttons.addWidget(self.not_assessed_button)
        header_buttons.addWidget(self.not_applicable_button)
        header = QHBoxLayout()
        header.addLayout(header_text, 1)
        header.addLayout(header_buttons)

        evidence = QFormLayout()
        evidence.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        evidence.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        evidence.setVerticalSpacing(8)
        evidence.addRow("&Target", self.target)
        evidence.addRow("", self.target_warning)
        evidence.addRow("Con&fidence", self.confidence)
        self._indicator_label = QLabel("Indicator")
        evidence.addRow(self._indicator_label, self.indicators)
        evidence.addRow("In the &room", self.participants)
        evidence.addRow("&Notes", self.notes)
        for row in range(evidence.rowCount()):
            label_item = evidence.itemAt(row, QFormLayout.ItemRole.LabelRole)
            field_item = evidence.itemAt(row, QFormLayout.ItemRole.FieldRole)
            label = label_item.widget() if label_item else None
            buddy = field_item.widget() if field_item else None
            if isinstance(label, QLabel):
                set_relative_font(label, 1.0, bold=True)
                if buddy is not None:
                    label.setBuddy(buddy)
        evidence_box = self._evidence_box = EvidenceBox()
        evidence_box.setLayout(evidence)

        body = QHBoxLayout()
        body.setSpacing(18)
        cards_column = QVBoxLayout()
        cards_column.addWidget(self.cards)
        cards_column.addStretch(1)  # on a tall screen the cards keep their height; the notes grow
        body.addLayout(cards_column, 62)
        body.addWidget(evidence_box, 38)

        inner = QWidget()
        layout = QVBoxLayout(inner)
        layout.setContentsMargins(16, 10, 16, 12)
        layout.setSpacing(10)
        layout.addLayout(header)
        layout.addLayout(body, 1)

        self._inner = inner
        scroll = QScrollArea()
        scroll.setWidget(inner)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        return scroll

    def preferred_height(self) -> int:
        """The least height that shows the whole panel without scrolling."""
        inner = self._inner
        height = inner.heightForWidth(self.width()) if inner.hasHeightForWidth() else -1
        return max(height, inner.minimumSizeHint().height()) + 4

    # What is shown ----------------------------------------------------------------------

    def show_cell(self, bu_id: int | None, dimension_id: str | None) -> None:
        """Show a cell (``None`` shows the hint); text typed in the previous cell is written first."""
        if (bu_id, dimension_id) != (self.bu_id, self.dimension_id):
            self.commit_pending()
        self.bu_id, self.dimension_id = bu_id, dimension_id
        self.refresh()

    def _cell(self) -> tuple[int, str] | None:
        workshop = self._context.workshop
        if workshop is None or self.bu_id is None or self.dimension_id is None:
            return None
        try:
            workshop.business_unit(self.bu_id)
        except KeyError:  # removed
            return None
        return self.bu_id, self.dimension_id

    def rating(self) -> Rating | None:
        cell = self._cell()
        workshop = self._context.workshop
        if cell is None or workshop is None:
            return None
        return workshop.rating(cell[0], cell[1], self._context.round_id)

    def refresh(self) -> None:
        cell = self._cell()
        workshop = self._context.workshop
        rating = self.rating()
        if cell is None or workshop is None or rating is None:
            self.stack.setCurrentWidget(self.placeholder)
            return
        self.stack.setCurrentWidget(self.content)
        model = workshop.model
        bu = workshop.business_unit(cell[0])
        dimension = model.dimension(cell[1])
        self.title.set_full_text(f"{bu.name} · {dimension.name}")
        self.question.setText(dimension.question)
        self.cards.show_dimension(dimension, rating.current, rating.target)
        self.target.set_value(rating.target if rating.target != NOT_APPLICABLE else None)
        self._flag_target(rating)
        self.confidence.set_value(rating.confidence)
        self.not_applicable_button.setChecked(rating.not_applicable)
        self.not_assessed_button.setEnabled(rating.is_assessed or rating.target is not None)
        self._show_previous(cell)
        self._show_indicators(dimension, rating)
        self._evidence_box.refit_later()
        if self.participants.text() != rating.participants and not self._participants_timer.isActive():
            self.participants.setText(rating.participants)
            self.participants.setCursorPosition(0)
        if self.notes.toPlainText() != rating.note and not self._notes_timer.isActive():
            self.notes.blockSignals(True)
            self.notes.setPlainText(rating.note)
            self.notes.blockSignals(False)
        read_only = not self._context.round_editable  # the file is read-only, or this is an earlier round
        for widget in (self.cards, self.target, self.confidence, self.indicators, self.not_assessed_button,
                       self.not_applicable_button):
            widget.setEnabled(not read_only)
        self.notes.setReadOnly(read_only)
        self.participants.setReadOnly(read_only)

    def _flag_target(self, rating: Rating) -> None:
        """Say so when the target is below the stage the cell is at (a slip of the key, or a step back)."""
        workshop = self._context.workshop
        assert workshop is not None
        current, target = workshop.model.score(rating.current), workshop.model.score(rating.target)
        below = current is not None and target is not None and target < current
        self.target_warning.setText("⚠ The target is below the current stage." if below else "")
        self.target_warning.setVisible(below)

    def _show_previous(self, cell: tuple[int, str]) -> None:
        workshop = self._context.workshop
        assert workshop is not None
        ids = [r.id for r in workshop.rounds]
        position = ids.index(self._context.round_id) if self._context.round_id in ids else len(ids) - 1
        if position == 0:
            self.previous.hide()
            return
        earlier = workshop.rounds[position - 1]
        before = workshop.rating(cell[0], cell[1], earlier.id)
        self.previous.setText(f"In “{earlier.name}”: {cell_text(workshop.model, before)}")
        self.previous.show()

    def _show_indicators(self, dimension: Dimension, rating: Rating) -> None:
        workshop = self._context.workshop
        assert workshop is not None
        if [i.indicator.id for i in self._indicator_inputs] != [i.id for i in dimension.indicators]:
            for old in self._indicator_inputs:
                self._indicator_layout.removeWidget(old)
                old.hide()
                old.deleteLater()
            self._indicator_inputs = []
            for indicator in dimension.indicators:
                widget = IndicatorInput(indicator, self.indicators)
                widget.value_entered.connect(self._indicator_entered)
                widget.use_suggestion.connect(lambda stage: self._rate(stage))
                self._indicator_layout.addWidget(widget)
                widget.show()  # at once, so that Tab reaches it before the layout's next pass
                self._indicator_inputs.append(widget)
            self.fields_changed.emit()
        has_indicators = bool(dimension.indicators)
        self.indicators.setVisible(has_indicators)
        self._indicator_label.setVisible(has_indicators)
        if has_indicators:
            first = dimension.indicators[0]
            self._indicator_label.setText("Indicator" if len(dimension.indicators) == 1 else "Indicators")
            self._indicator_label.setToolTip(first.name)
        for widget in self._indicator_inputs:
            value = rating.indicator(widget.indicator.id)
            widget.field.setToolTip(f"{widget.indicator.name}. {widget.indicator.help}".strip())
            if value is None:
                widget.show_value(None, "", None)
            else:
                suggestion = widget.indicator.suggest(value, workshop.model.stages)
                widget.show_value(value, suggestion.text, suggestion.stage)
        file = self._context.file
        if file is None or not file.has_evidence():  # no billing data imported: nothing measured to show
            for widget in self._indicator_inputs:
                widget.measured.setVisible(False)
            return
        from .evidence_view import show_measured  # the evidence view's figures, read once per import

        show_measured(self._context, self._cell(), self._indicator_inputs)

    # Edits ------------------------------------------------------------------------------

    def _rate(self, stage: str | None) -> None:
        cell = self._cell()
        if cell:
            self.commit_pending()
            undo_commands.rate_current(self._context, cell[0], cell[1], stage)

    def _toggle_not_applicable(self) -> None:
        rating = self.rating()
        if rating is None:
            return
        self._rate(None if rating.not_applicable else NOT_APPLICABLE)
        self.refresh()

    def _card_chosen(self, stage_id: str, as_target: bool) -> None:
        cell = self._cell()
        if cell is None:
            return
        self.commit_pending()
        if as_target:
            undo_commands.rate_target(self._context, cell[0], cell[1], stage_id)
        else:
            undo_commands.rate_current(self._context, cell[0], cell[1], stage_id)

    def _target_chosen(self, stage_id: str | None) -> None:
        cell = self._cell()
        if cell is None:
            return
        if not undo_commands.rate_target(self._context, cell[0], cell[1], stage_id):
            self.refresh()

    def _confidence_chosen(self, level: str | None) -> None:
        cell = self._cell()
        if cell is None:
            return
        text = f"Confidence {level}" if level else "Clear confidence"
        if not undo_commands.edit_rating(self._context, cell[0], cell[1], text, confidence=level):
            self.refresh()

    def _indicator_entered(self, indicator_id: str, value: float | None) -> None:
        cell = self._cell()
        if cell is None:
            return
        if not undo_commands.set_indicator(self._context, cell[0], cell[1], indicator_id, value):
            self.refresh()

    def _notes_typed(self) -> None:
        if not self.notes.isReadOnly():
            self._notes_timer.start()
            self.text_pending.emit(True)

    def _participants_typed(self, _text: str) -> None:
        if not self.participants.isReadOnly():
            self._participants_timer.start()
            self.text_pending.emit(True)

    def _stop_timer(self, timer: QTimer) -> None:
        timer.stop()
        if not self.has_pending_text():
            self.text_pending.emit(False)

    def commit_notes(self) -> None:
        self._stop_timer(self._notes_timer)
        cell = self._cell()
        rating = self.rating()
        if (cell is None or rating is None or not self._context.round_editable
                or self.notes.toPlainText() == rating.note):
            return
        if not undo_commands.edit_rating(self._context, cell[0], cell[1], "Edit notes", merge_field="note",
                                         note=self.notes.toPlainText()):
            self.notes.setPlainText(rating.note)  # refused (the message says why): show what the file holds

    def commit_participants(self) -> None:
        self._stop_timer(self._participants_timer)
        cell = self._cell()
        rating = self.rating()
        text = self.participants.text()
        if cell is None or rating is None or not self._context.round_editable:
            return
        if text != rating.participants and not undo_commands.edit_rating(
                self._context, cell[0], cell[1], "Edit who was in the room", merge_field="participants",
                participants=text):
            self.participants.setText(rating.participants)  # refused: show what the file holds

    def commit_pending(self) -> None:
        """Write text still waiting for a pause in typing."""
        if self._notes_timer.isActive():
            self.commit_notes()
        if self._participants_timer.isActive():
            self.commit_participants()

    def has_pending_text(self) -> bool:
        return self._notes_timer.isActive() or self._participants_timer.isActive()

    def indicator_fields(self) -> list[QWidget]:
        """The indicator value fields of the cell shown, in order."""
        return [widget.field for widget in self._indicator_inputs]

    def focus_notes(self) -> None:
        if self._cell() is not None:
            self.notes.setFocus(Qt.FocusReason.ShortcutFocusReason)
            self.notes.moveCursor(self.notes.textCursor().MoveOperation.End)

    def _leave_notes(self) -> None:
        self.commit_notes()
        self.return_to_grid.emit()

    # Following the file -----------------------------------------------------------------

    def _file_changed(self, file: WorkshopFile | None) -> None:
        self._notes_timer.stop()
        self._participants_timer.stop()
        self.bu_id = self.dimension_id = None
        model = file.workshop.model if file else None
        self.cards.set_model(model)
        if model is not None:
            stages = sorted(model.stages, key=lambda s: s.score)
            self.target.set_options([(None, "None"), *((s.id, s.name) for s in stages)])
        self.notes.blockSignals(True)
        self.notes.clear()
        self.notes.blockSignals(False)
        self.participants.clear()
        self.refresh()

    def _workshop_changed(self, change: Change) -> None:
        if isinstance(change, RatingChanged) and (change.bu_id, change.dimension_id) != (self.bu_id,
                                                                                          self.dimension_id):
            return
        if isinstance(change, RatingChanged | BusinessUnitsChanged | RoundsChanged | SettingsChanged | Reloaded):
            self.refresh()


