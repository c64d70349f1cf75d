"""The waste assumptions dialog: the money figures of the open workshop, and the selected one to edit.

The table (:mod:`.assumptions_table`) lists every pool's waste figures and every enabler's
capture figures with their reasoning and source; the pane beside it edits the selected one.
Every change is an undo command written to the file at once; the money column and the
roadmap headline are re-estimated with the figures in force, so the room sees what a figure
is worth while discussing it.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QModelIndex, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QFontMetrics, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ..domain.edit_rules import rising_waste_warning
from ..storage.workshop_file import Change, WorkshopFile
from . import undo_commands
from .assumptions_detail import DetailPane, escape_html, first_size, label_undo_buttons, source_sentence
from .assumptions_table import (
    AT_STAKE,
    BASIS,
    DIMENSION,
    EDITED,
    HEADERS,
    MAX_REASONING_LENGTH,
    MEANING,
    MODEL,
    REASONING,
    SHARE,
    SOURCE,
    STAGE,
    TEXT_COMMIT_DELAY_MS,
    Entry,
    MoneyAtStake,
    ShareDelegate,
    WasteAssumptionsModel,
    basis_text,
    edited_colour,
    format_share,
    money_at_stake,
    muted_colour,
    parse_share_percent,
    reasoning_problem,
    share_from_percent,
    share_problem,
)
from .context import ApplicationContext
from .fonts import relative_font, set_relative_font
from .palette import readable_text

__all__ = ["AT_STAKE", "BASIS", "MAX_REASONING_LENGTH", "MODEL", "REASONING", "SHARE", "SOURCE", "AssumptionsEditor",
           "Entry", "MoneyAtStake", "format_share", "parse_share_percent", "reasoning_problem", "share_from_percent",
           "share_problem", "show_assumptions_editor"]

# The editor -------------------------------------------------------------------------------------


class AssumptionsEditor(QDialog):
    """The waste assumptions of the open workshop, one row per dimension and stage, and the selected one to edit."""

    def __init__(self, context: ApplicationContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("assumptionsEditor")
        self.setWindowTitle("Waste assumptions")
        self.setSizeGripEnabled(True)
        self.setMinimumSize(900, 560)
        self.resize(first_size(parent))
        self._context = context
        self._showing = False
        #: Reasoning typed and not written yet (waiting for a pause, or refused until corrected).
        self._pending = False
        self.model = WasteAssumptionsModel(context, self)

        heading = QLabel("Waste assumptions")
        set_relative_font(heading, 1.35, bold=True)
        self.intro = QLabel("Money sits on the gaps. Each pool of recoverable spend (rate, usage, anomalies) "
                            "belongs to one dimension, with the share of spend it wastes at each stage; visibility, "
                            "tagging and ownership are enablers, with the share of the pools' gaps a unit captures "
                            "at each stage. Commitments are priced from coverage, and a coverage typed for a cell "
                            "replaces the stage's. The roadmap prices every gap with these figures; the Excel "
                            "export prints them, with their sources. Changes apply to this workshop only.")
        self.intro.setWordWrap(True)
        self.read_only_banner = QLabel("This workshop is open read-only: the figures can be read, not changed.")
        self.read_only_banner.setObjectName("readOnlyBanner")
        set_relative_font(self.read_only_banner, 1.0, bold=True)
        self.read_only_banner.setStyleSheet("color: white; background: #B45309; border-radius: 4px; padding: 6px 10px;")

        self.table = QTableView()
        self.table.setObjectName("assumptionsTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                   | QAbstractItemView.EditTrigger.EditKeyPressed)
        self.table.setItemDelegateForColumn(SHARE, ShareDelegate(self.table))
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().setVisible(False)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(REASONING, QHeaderView.ResizeMode.Stretch)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)

        self.detail = DetailPane()
        pane = self.detail  # its editors, reached as the dialog's own
        self.entry_heading, self.badge, self.share_label, self.share = (pane.entry_heading, pane.badge,
                                                                        pane.share_label, pane.share)
        self.reasoning, self.problem, self.hint = pane.reasoning, pane.problem, pane.hint
        self.model_text, self.source_text, self.reset_button = pane.model_text, pane.source_text, pane.reset_button
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self.table)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 0)

        self.headline = QLabel()
        self.headline.setObjectName("roadmapHeadline")
        self.headline.setWordWrap(True)
        self.headline.setTextFormat(Qt.TextFormat.RichText)
        self.headline.setFrameShape(QFrame.Shape.StyledPanel)
        self.headline.setMargin(8)

        self.undo_button = QPushButton("Undo")
        self.undo_button.clicked.connect(self.undo)
        self.redo_button = QPushButton("Redo")
        self.redo_button.clicked.connect(self.redo)
        self.close_button = QPushButton("Close")
        self.close_button.clicked.connect(self.close)
        for button in (self.undo_button, self.redo_button, self.close_button, self.reset_button):
            button.setAutoDefault(False)  # Enter confirms a typed figure; it never presses a button
        buttons = QHBoxLayout()
        buttons.addWidget(self.undo_button)
        buttons.addWidget(self.redo_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 14)
        layout.setSpacing(10)
        layout.addWidget(heading)
        layout.addWidget(self.intro)
        layout.addWidget(self.read_only_banner)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.headline)
        layout.addLayout(buttons)

        self.reset_action = QAction("Reset to the model's figure", self.table)
        self.reset_action.triggered.connect(self.reset_selected)
        self.table.addAction(self.reset_action)
        self._undo_action = self._window_action("Undo", QKeySequence.StandardKey.Undo, self.undo)
        self._redo_action = self._window_action("Redo", QKeySequence.StandardKey.Redo, self.redo)

        self._reasoning_timer = QTimer(self, singleShot=True, interval=TEXT_COMMIT_DELAY_MS)
        self._reasoning_timer.timeout.connect(self.commit_reasoning)
        self._money_timer = QTimer(self, singleShot=True, interval=0)
        self._money_timer.timeout.connect(self.refresh_money)

        self.table.selectionModel().currentRowChanged.connect(self._row_chosen)
        self.model.modelReset.connect(self._model_reset)
        self.model.rows_changed.connect(self._rows_changed)
        self.model.dataChanged.connect(self._data_changed)
        self.share.valueChanged.connect(self._share_chosen)
        self.share.refused.connect(self._show_problem)
        self.reasoning.textChanged.connect(self._reasoning_typed)
        self.reasoning.focus_lost.connect(self.commit_reasoning)
        self.reset_button.clicked.connect(self.reset_selected)
        context.file_changed.connect(self._file_changed)
        context.workshop_changed.connect(self._workshop_changed)
        context.round_changed.connect(lambda _round: self._schedule_money())
        stack = context.undo_stack
        for signal in (stack.canUndoChanged, stack.canRedoChanged, stack.undoTextChanged, stack.redoTextChanged):
            signal.connect(self._update_undo_buttons)
        self._model_reset()
        self._file_changed(context.file)

    def _window_action(self, text: str, keys: QKeySequence.StandardKey, slot: Any) -> QAction:
        action = QAction(text, self)
        action.setShortcuts(QKeySequence.keyBindings(keys))
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    # What is shown --------------------------------------------------------------------------

    def current_entry(self) -> Entry | None:
        index = self.table.currentIndex()
        return self.model.entry(index.row()) if index.isValid() else None

    def select_entry(self, dimension_id: str, stage_id: str) -> None:
        row = self.model.row_of(dimension_id, stage_id)
        if row >= 0:
            self._select_row(row)

    def _select_row(self, row: int) -> None:
        self.table.setCurrentIndex(self.model.index(row, SHARE))
        self.table.selectRow(row)

    def _model_reset(self) -> None:
        self.table.clearSpans()
        for first, count in self.model.dimension_rows():
            if count > 1:
                self.table.setSpan(first, DIMENSION, count, 1)
                self.table.setSpan(first, AT_STAKE, count, 1)
        self._fit_columns()
        if self.model.rowCount():
            self._select_row(0)
        self.refresh_detail()

    def _fit_columns(self) -> None:
        """Columns as wide as their content at the text size in use (it grows for the projector)."""
        plain = QFontMetrics(relative_font(1.0))  # the application font: the table's may not have followed yet
        bold = QFontMetrics(relative_font(1.0, bold=True))
        header = bold
        workshop = self._context.workshop
        names = [d.name for d in workshop.model.dimensions] if workshop else []
        stages = [st.name for st in workshop.model.stages] if workshop else []
        padding = 2 * plain.horizontalAdvance("M")
        roles = [p.name.split(":")[0] + " pool" for p in workshop.model.pools] if workshop else []
        content = {
            DIMENSION: max((bold.horizontalAdvance(name) for name in names + roles), default=0),
            BASIS: min(max((plain.horizontalAdvance(basis_text(d.waste[st.id])) for d in workshop.model.dimensions
                            for st in workshop.model.stages if d.waste), default=0), 22 * plain.horizontalAdvance("M"))
            if workshop else 0,
            STAGE: max((plain.horizontalAdvance(name) for name in stages), default=0),
            SHARE: bold.horizontalAdvance("100.0 %"),
            SOURCE: bold.horizontalAdvance(EDITED),
            AT_STAKE: plain.horizontalAdvance("EUR 1,000,000"),
        }
        for column, width in content.items():
            self.table.setColumnWidth(column, max(width, header.horizontalAdvance(HEADERS[column])) + padding)
        self.table.verticalHeader().setDefaultSectionSize(round(plain.height() * 2.1))

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.ApplicationFontChange):
            self._fit_columns()
        elif event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            self.refresh_detail()  # the badge's colours come from the scheme

    def _file_changed(self, file: WorkshopFile | None) -> None:
        self._reasoning_timer.stop()
        self._pending = False
        if file is None:
            self.hide()
            return
        self.setWindowTitle(f"Waste assumptions — {file.workshop.info.client}")
        read_only = self._context.read_only
        self.read_only_banner.setVisible(read_only)
        self.reset_action.setEnabled(not read_only)
        self._update_undo_buttons()
        self.refresh_detail()
        self._schedule_money()

    def _workshop_changed(self, change: Change) -> None:
        if change.kind in ("assumptions", "rating", "business_units", "rounds", "info", "reloaded"):
            self._schedule_money()
        if change.kind == "info" and self._context.workshop is not None:
            self.setWindowTitle(f"Waste assumptions — {self._context.workshop.info.client}")

    def _data_changed(self, top_left: QModelIndex, bottom_right: QModelIndex, *_roles: object) -> None:
        if not top_left.column() == bottom_right.column() == AT_STAKE:
            self.refresh_detail()

    def _rows_changed(self, first_row: int) -> None:
        """Undo or redo changed a figure: show it, unless it is the one being edited."""
        entry = self.model.entry(first_row)
        if entry is not None and entry != self.current_entry() and not self._pending:
            self._select_row(first_row)

    def _row_chosen(self, current: QModelIndex, previous: QModelIndex) -> None:
        if previous.isValid() and previous.row() != current.row():
            self.commit_reasoning(self.model.entry(previous.row()))
            self._pending = False  # refused text stays with the entry it was typed for: nowhere
        self.refresh_detail()

    def refresh_detail(self) -> None:
        """Show the selected entry in the editing pane."""
        entry = self.current_entry()
        workshop = self._context.workshop
        read_only = self._context.read_only
        self.detail.setEnabled(entry is not None)
        if entry is None or workshop is None:
            self.entry_heading.setText("")
            self.badge.setVisible(False)
            self.model_text.setText("")
            self.hint.setText("")
            self.source_text.setText("")
            return
        figure = self.model.figure(entry)
        model_figure = self.model.model_figure(entry)
        edited = self.model.is_edited(entry)
        dimension = workshop.model.dimension(entry.dimension_id)
        self.entry_heading.setText(f"{dimension.name} · {workshop.model.stage(entry.stage_id).name}")
        meaning = MEANING.get(workshop.model.figure_kind(entry.dimension_id), "Figure")
        self.share_label.setText(f"&{meaning}")
        source = model_figure.source
        self.source_text.setText(source_sentence(model_figure, edited))
        self.source_text.setToolTip(source.url if source is not None else "")
        self.badge.setVisible(True)
        if edited:
            self.badge.setText("EDITED FOR THIS WORKSHOP")
            fill = edited_colour()
            self.badge.setStyleSheet(f"color: {readable_text(fill).name()}; background: {fill.name()}; "
                                     "border-radius: 4px; padding: 2px 8px;")
        else:
            self.badge.setText("MODEL'S FIGURE")
            self.badge.setStyleSheet(f"color: {muted_colour().name()}; border: 1px solid "
                                     f"{muted_colour().name()}; border-radius: 4px; padding: 1px 7px;")
        self._showing = True
        try:
            self.share.setValue(round(figure.share * 100, 1))
            if not self._pending and self.reasoning.toPlainText().strip() != figure.reasoning.strip():
                self.reasoning.setPlainText(figure.reasoning)
        finally:
            self._showing = False
        self.share.setReadOnly(read_only)
        self.reasoning.setReadOnly(read_only)
        self.reset_button.setEnabled(edited and not read_only)
        self.reset_button.setToolTip(f"Back to {format_share(model_figure.share)} and the model's reasoning"
                                     if edited else "This entry shows the model's figure")
        if edited:
            self.model_text.setText(f"The model's figure: {format_share(model_figure.share)}. "
                                    f"{model_figure.reasoning}")
        else:
            self.model_text.setText("")
        self.model_text.setVisible(edited)
        if edited and not self._pending and figure.share != model_figure.share \
                and figure.reasoning == model_figure.reasoning.strip():
            self.hint.setText("The reasoning is still the model's: say why this workshop's figure differs.")
        else:
            self.hint.setText(rising_waste_warning(workshop, entry.dimension_id))
        self.hint.setVisible(bool(self.hint.text()))
        if not self._pending:
            self._show_problem("")

    def _show_problem(self, problem: str) -> None:
        self.detail.show_problem(problem)

    def _update_undo_buttons(self, *_args: object) -> None:
        label_undo_buttons(self._context.undo_stack, self.undo_button, self.redo_button)

    # Money at stake ---------------------------------------------------------------------------

    def _schedule_money(self) -> None:
        if self.isVisible():
            self._money_timer.start()

    def refresh_money(self) -> None:
        """Re-estimate the money per dimension and the roadmap's headline with the figures in force."""
        self._money_timer.stop()
        workshop = self._context.workshop
        money = money_at_stake(workshop, self._context.round_id, self._context.file) if workshop else None
        self.model.set_money(money)
        if workshop is None:
            self.headline.setText("")
        elif money is None:
            self.headline.setText("There is no roadmap playbook for this model, so no money can be put on the gaps.")
        elif money.headline is None:
            self.headline.setText("<b>Roadmap headline:</b> no gaps to price yet: rate current and target stages "
                                  "on the Assess tab.")
        else:
            name = workshop.model.dimension(money.headline.dimension_id).name
            self.headline.setText(f"<b>Advance first: {escape_html(name)}.</b> {escape_html(money.headline.reason)}")

    # Edits ------------------------------------------------------------------------------------

    def _share_chosen(self, percent: float) -> None:
        entry = self.current_entry()
        workshop = self._context.workshop
        if self._showing or entry is None or workshop is None or self._context.read_only:
            return
        figure = self.model.figure(entry)
        if round(figure.share * 100, 1) == round(percent, 1):
            return
        problem = share_problem(percent)
        if problem:
            self._show_problem(problem)
            return
        self.commit_reasoning(entry)
        undo_commands.set_waste_assumption(self._context, entry.dimension_id, entry.stage_id,
                                           share_from_percent(percent), self.model.figure(entry).reasoning,
                                           merge_field="share")
        self.refresh_detail()

    def _reasoning_typed(self) -> None:
        if self._showing or self.reasoning.isReadOnly():
            return
        self._pending = True
        self.hint.setVisible(False)
        self._show_problem(reasoning_problem(self.reasoning.toPlainText()))
        self._reasoning_timer.start()

    def commit_reasoning(self, entry: Entry | None = None) -> bool:
        """Write the reasoning typed, if it changed and can be used; says what is wrong otherwise."""
        self._reasoning_timer.stop()
        if not self._pending:
            return False
        entry = entry or self.current_entry()
        workshop = self._context.workshop
        if entry is None or workshop is None or self._context.read_only:
            self._pending = False
            return False
        text = self.reasoning.toPlainText()
        problem = reasoning_problem(text)
        self._show_problem(problem)
        if problem:
            return False  # the text stays, with what is wrong with it, until it is corrected
        self._pending = False
        figure = self.model.figure(entry)
        if text.strip() == figure.reasoning:
            return False
        return undo_commands.set_waste_assumption(self._context, entry.dimension_id, entry.stage_id, figure.share,
                                                  text, text="Edit reasoning", merge_field="reasoning")

    def has_pending_text(self) -> bool:
        return self._pending

    def reset_selected(self) -> bool:
        entry = self.current_entry()
        if entry is None or not self._context.can_edit():
            return False
        self._discard_pending()
        done = undo_commands.reset_waste_assumption(self._context, entry.dimension_id, entry.stage_id)
        self.refresh_detail()
        return done

    def undo(self) -> None:
        self._drop_or_commit_pending()
        self._context.undo_stack.undo()

    def redo(self) -> None:
        self._drop_or_commit_pending()
        self._context.undo_stack.redo()

    def _drop_or_commit_pending(self) -> None:
        """Before undo: write the reasoning typed if it can be used, else put back the figure in force."""
        if self._pending and not self.commit_reasoning():
            self._discard_pending()
            self.refresh_detail()

    def _discard_pending(self) -> None:
        """Forget reasoning typed and not written: the pane shows the figure in force again."""
        self._reasoning_timer.stop()
        self._pending = False
        self._show_problem("")
        self._showing = True
        try:
            self.reasoning.setPlainText("")
        finally:
            self._showing = False

    # Window -----------------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresh_money()

    def closeEvent(self, event: QCloseEvent) -> None:
        self._drop_or_commit_pending()
        super().closeEvent(event)

    def reject(self) -> None:  # Esc
        self._drop_or_commit_pending()
        super().reject()


def show_assumptions_editor(context: ApplicationContext, parent: QWidget | None = None) -> AssumptionsEditor | None:
    """Open the waste assumptions of the open workshop (one editor per window, kept for next time)."""
    if context.workshop is None:
        return None
    editor = parent.findChild(AssumptionsEditor) if parent is not None else None
    if editor is None:
        editor = AssumptionsEditor(context, parent)
    editor.show()
    editor.raise_()
    editor.activateWindow()
    editor.table.setFocus()
    return editor
