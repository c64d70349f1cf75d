"""The waste assumptions of the open workshop: per dimension and stage, the share of spend wasted and why.

The figures come from the model; a workshop may give any of them its own value and
reasoning (the export marks those). Every change is an undo command written to the file
at once; the money column and the roadmap headline are re-estimated with the figures in
force, so the room sees what a figure is worth while discussing it.
"""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QLocale,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QColor,
    QFocusEvent,
    QFontMetrics,
    QGuiApplication,
    QKeySequence,
    QPalette,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDoubleSpinBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ..domain.model import WasteAssumption
from ..domain.planner import plan_roadmap
from ..domain.roadmap import Headline
from ..domain.workshop import Workshop
from ..storage.workshop_file import Change, WorkshopFile
from . import undo_commands
from .business_units_panel import format_amount
from .context import ApplicationContext
from .fonts import relative_font, set_relative_font
from .palette import is_dark, readable_text

ModelIndex = QModelIndex | QPersistentModelIndex

DIMENSION, STAGE, SHARE, SOURCE, REASONING, AT_STAKE = range(6)
_HEADERS = ("Dimension", "Stage", "Share of spend", "Source", "Reasoning", "At stake / month")

#: The export prints the reasoning in one cell beside the figure: a paragraph, not an essay.
MAX_REASONING_LENGTH = 2_000
#: How long typing may pause before the reasoning is written to the file.
TEXT_COMMIT_DELAY_MS = 700
EDITED = "Edited"
MODEL = "Model"
_EDITED_LIGHT, _EDITED_DARK = "#B45309", "#F5A524"
_PROBLEM_COLOUR = "#B3261E"
#: Characters that reorder or hide the text around them; in a handed-over workbook they garble the reasoning.
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


# Checking what was typed ----------------------------------------------------------------------


def share_problem(percent: float) -> str:
    """Why a share (in % of spend) cannot be used, or "" when it can."""
    if not isinstance(percent, int | float) or not math.isfinite(percent):
        return "The share of spend must be a number of percent, between 0 and 100 %."
    if not 0 <= percent <= 100:
        return f"A share of spend lies between 0 and 100 %, not {percent:g} %."
    return ""


def reasoning_problem(text: str) -> str:
    """Why a reasoning cannot be used, or "" when it can."""
    if not text.strip():
        return "Write the reasoning behind the figure: the export prints it next to the figure."
    if len(text) > MAX_REASONING_LENGTH:
        return (f"The reasoning is too long ({len(text):,} characters; at most {MAX_REASONING_LENGTH:,}): "
                "the export prints it in one cell beside the figure.")
    for character in text:
        category = unicodedata.category(character)
        odd = (category == "Cc" and character not in "\n\t") or category in ("Cs", "Co") \
            or character in _BIDI_CONTROLS or (category == "Cn" and ord(character) & 0xFFFE == 0xFFFE)
        if odd:
            name = unicodedata.name(character, "a control character")
            return (f"The reasoning contains an invisible character (U+{ord(character):04X} {name}) "
                    "that would garble it in the export; remove it.")
    return ""


def parse_share_percent(value: object) -> float:
    """A share typed or given in percent: 12.5, "12.5", "12,5 %"; raises ValueError otherwise."""
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, int | float):
        return float(value)
    text = str(value).strip().rstrip("%").strip().replace(",", ".")
    if not text:
        raise ValueError(value)
    return float(text)


def share_from_percent(percent: float, keep: float | None = None) -> float:
    """The share (0 to 1) for a figure in percent with one decimal; ``keep`` when it shows the same figure."""
    rounded = round(percent, 1)
    if keep is not None and round(keep * 100, 1) == rounded:
        return keep
    return round(rounded / 100, 6)


def format_share(share: float) -> str:
    return f"{QLocale().toString(share * 100, 'f', 1)} %"


# The table --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    dimension_id: str
    stage_id: str


@dataclass(frozen=True)
class MoneyAtStake:
    """What closing each dimension's gaps recovers a month, by the roadmap's estimate."""

    by_dimension: dict[str, float]
    headline: Headline | None
    any_spend: bool


def money_at_stake(workshop: Workshop, round_id: int | None) -> MoneyAtStake | None:
    """The roadmap's money per dimension with the figures in force; ``None`` when no roadmap can be planned."""
    try:
        roadmap = plan_roadmap(workshop, round_id=round_id)
    except ValueError:  # no playbook for this model, or a damaged one
        return None
    money: dict[str, float] = {}
    for gap in roadmap.gaps:
        money[gap.dimension_id] = money.get(gap.dimension_id, 0.0) + gap.monthly_waste
    any_spend = any((bu.monthly_spend or 0) > 0 for bu in workshop.business_units)
    return MoneyAtStake(money, roadmap.headline, any_spend)


def edited_colour() -> QColor:
    return QColor(_EDITED_DARK if is_dark() else _EDITED_LIGHT)


def muted_colour() -> QColor:
    return QGuiApplication.palette().color(QPalette.ColorRole.PlaceholderText)


class WasteAssumptionsModel(QAbstractTableModel):
    """One row per dimension and stage; the share and the reasoning are editable unless the file is read-only."""

    #: Undo, redo or an edit changed these rows (first row given): views show it.
    rows_changed = Signal(int)

    def __init__(self, context: ApplicationContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self._entries: list[Entry] = []
        self._shown: list[tuple[WasteAssumption, bool]] = []
        self._first_rows: dict[str, int] = {}
        self._money: MoneyAtStake | None = None
        context.file_changed.connect(self._file_changed)
        context.workshop_changed.connect(self._workshop_changed)
        self._file_changed(context.file)

    @property
    def workshop(self) -> Workshop | None:
        return self._context.workshop

    def entry(self, row: int) -> Entry | None:
        return self._entries[row] if 0 <= row < len(self._entries) else None

    def row_of(self, dimension_id: str, stage_id: str) -> int:
        try:
            return self._entries.index(Entry(dimension_id, stage_id))
        except ValueError:
            return -1

    def dimension_rows(self) -> list[tuple[int, int]]:
        """(first row, number of rows) of each dimension, for the view's spans."""
        counts: dict[str, int] = {}
        for entry in self._entries:
            counts[entry.dimension_id] = counts.get(entry.dimension_id, 0) + 1
        return [(self._first_rows[d], n) for d, n in counts.items()]

    def figure(self, entry: Entry) -> WasteAssumption:
        workshop = self.workshop
        assert workshop is not None
        return workshop.waste(entry.dimension_id, entry.stage_id)

    def is_edited(self, entry: Entry) -> bool:
        workshop = self.workshop
        return workshop is not None and (entry.dimension_id, entry.stage_id) in workshop.waste_overrides

    def model_figure(self, entry: Entry) -> WasteAssumption:
        workshop = self.workshop
        assert workshop is not None
        return workshop.model.dimension(entry.dimension_id).waste[entry.stage_id]

    def set_money(self, money: MoneyAtStake | None) -> None:
        self._money = money
        if self._entries:
            self.dataChanged.emit(self.index(0, AT_STAKE), self.index(len(self._entries) - 1, AT_STAKE))

    @property
    def money(self) -> MoneyAtStake | None:
        return self._money

    # Qt model interface -------------------------------------------------------------------

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._entries)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(_HEADERS)

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() in (SHARE, REASONING) and not self._context.read_only:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        entry = self.entry(index.row()) if index.isValid() else None
        workshop = self.workshop
        if entry is None or workshop is None:
            return None
        column = index.column()
        figure = workshop.waste(entry.dimension_id, entry.stage_id)
        edited = self.is_edited(entry)
        first = self._first_rows.get(entry.dimension_id) == index.row()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == DIMENSION:
                return workshop.model.dimension(entry.dimension_id).name if first else ""
            if column == STAGE:
                return workshop.model.stage(entry.stage_id).name
            if column == SHARE:
                return format_share(figure.share)
            if column == SOURCE:
                return EDITED if edited else MODEL
            if column == REASONING:
                return " ".join(figure.reasoning.split())
            if column == AT_STAKE:
                return self._money_text(entry.dimension_id) if first else ""
            return None
        if role == Qt.ItemDataRole.EditRole:
            if column == SHARE:
                return round(figure.share * 100, 1)
            if column == REASONING:
                return figure.reasoning
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == REASONING:
                return figure.reasoning
            if column == SOURCE or (column == SHARE and edited):
                if not edited:
                    return "The model's figure"
                model_figure = self.model_figure(entry)
                return (f"Edited for this workshop. The model's figure is {format_share(model_figure.share)}: "
                        f"{model_figure.reasoning}")
            if column == AT_STAKE and first:
                return ("What closing this dimension's gaps recovers each month, as the roadmap estimates it "
                        "from the units' monthly spend and the figures in force")
            return None
        if role == Qt.ItemDataRole.FontRole:
            if column == DIMENSION or (column in (SHARE, SOURCE) and edited):
                return relative_font(1.0, bold=True)
            return None
        if role == Qt.ItemDataRole.ForegroundRole:
            if column == SOURCE:
                return edited_colour() if edited else muted_colour()
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if column in (SHARE, AT_STAKE):
                return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
            return Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        return None

    def setData(self, index: ModelIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        entry = self.entry(index.row()) if index.isValid() else None
        workshop = self.workshop
        if entry is None or workshop is None or role != Qt.ItemDataRole.EditRole:
            return False
        if index.column() not in (SHARE, REASONING) or not self._context.can_edit():
            return False
        figure = workshop.waste(entry.dimension_id, entry.stage_id)
        if index.column() == SHARE:
            try:
                percent = parse_share_percent(value)
            except ValueError:
                self._refuse(f"“{value}” is not a number of percent.")
                return False
            problem = share_problem(percent)
            if problem:
                self._refuse(problem)
                return False
            share = share_from_percent(percent, keep=figure.share)
            return undo_commands.set_waste_assumption(self._context, entry.dimension_id, entry.stage_id, share,
                                                      figure.reasoning)
        text = "" if value is None else str(value)
        problem = reasoning_problem(text)
        if problem:
            self._refuse(problem)
            return False
        return undo_commands.set_waste_assumption(self._context, entry.dimension_id, entry.stage_id, figure.share,
                                                  text, text="Edit reasoning")

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(_HEADERS):
            if role == Qt.ItemDataRole.DisplayRole:
                return _HEADERS[section]
            if role == Qt.ItemDataRole.TextAlignmentRole:
                horizontal = Qt.AlignmentFlag.AlignRight if section in (SHARE, AT_STAKE) else Qt.AlignmentFlag.AlignLeft
                return horizontal | Qt.AlignmentFlag.AlignVCenter
            if role == Qt.ItemDataRole.ToolTipRole and section == SHARE:
                return "Share of a business unit's monthly spend that immaturity at this stage typically wastes"
        return None

    def _refuse(self, problem: str) -> None:
        self._context.dialogs.error("The change was not made", problem)

    def _money_text(self, dimension_id: str) -> str:
        money = self._money
        workshop = self.workshop
        if money is None or workshop is None:
            return "—"
        if dimension_id not in money.by_dimension:
            return "no gap"
        if not money.any_spend:
            return "no spend recorded"
        return format_amount(money.by_dimension[dimension_id], workshop.info.currency)

    # Following the file -------------------------------------------------------------------

    def _file_changed(self, file: WorkshopFile | None) -> None:
        self.beginResetModel()
        self._entries = []
        self._first_rows = {}
        self._money = None
        if file is not None:
            model = file.workshop.model
            stages = sorted(model.stages, key=lambda s: s.score)
            for dimension in model.dimensions:
                for stage in stages:
                    if stage.id in dimension.waste:
                        self._first_rows.setdefault(dimension.id, len(self._entries))
                        self._entries.append(Entry(dimension.id, stage.id))
        self._shown = self._snapshot()
        self.endResetModel()

    def _snapshot(self) -> list[tuple[WasteAssumption, bool]]:
        return [(self.figure(entry), self.is_edited(entry)) for entry in self._entries]

    def _workshop_changed(self, change: Change) -> None:
        if change.kind not in ("assumptions", "reloaded") or self.workshop is None:
            return
        shown, self._shown = self._shown, self._snapshot()
        changed = [row for row, (before, after) in enumerate(zip(shown, self._shown, strict=True)) if before != after]
        if changed:
            self.dataChanged.emit(self.index(changed[0], 0), self.index(changed[-1], len(_HEADERS) - 1))
            self.rows_changed.emit(changed[0])


class ShareDelegate(QStyledItemDelegate):
    """Edits a share in place with a spin box: 0 to 100 %, one decimal."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: ModelIndex) -> QWidget:
        return share_spin_box(parent)

    def setEditorData(self, editor: QWidget, index: ModelIndex) -> None:
        if isinstance(editor, QDoubleSpinBox):
            editor.setValue(float(index.data(Qt.ItemDataRole.EditRole) or 0.0))
            editor.selectAll()

    def setModelData(self, editor: QWidget, model: Any, index: ModelIndex) -> None:
        if isinstance(editor, QDoubleSpinBox):
            editor.interpretText()
            if round(editor.value(), 1) != index.data(Qt.ItemDataRole.EditRole):
                model.setData(index, editor.value())


def share_spin_box(parent: QWidget | None = None) -> QDoubleSpinBox:
    box = QDoubleSpinBox(parent)
    box.setRange(0.0, 100.0)
    box.setDecimals(1)
    box.setSingleStep(0.5)
    box.setSuffix(" %")
    box.setKeyboardTracking(False)
    box.setAccelerated(True)
    return box


# The editor -------------------------------------------------------------------------------------


class ReasoningEdit(QPlainTextEdit):
    """The reasoning behind a figure; Tab moves on instead of typing a tab."""

    focus_lost = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTabChangesFocus(True)

    def sizeHint(self) -> QSize:
        return QSize(360, self.fontMetrics().lineSpacing() * 7 + 12)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.focus_lost.emit()


class AssumptionsEditor(QDialog):
    """The waste assumptions of the open workshop, one row per dimension and stage, and the selected one to edit."""

    def __init__(self, context: ApplicationContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("assumptionsEditor")
        self.setWindowTitle("Waste assumptions")
        self.setSizeGripEnabled(True)
        self.setMinimumSize(900, 560)
        self.resize(_first_size(parent))
        self._context = context
        self._showing = False
        #: Reasoning typed and not written yet (waiting for a pause, or refused until corrected).
        self._pending = False
        self.model = WasteAssumptionsModel(context, self)

        heading = QLabel("Waste assumptions")
        set_relative_font(heading, 1.35, bold=True)
        self.intro = QLabel("The share of a business unit's monthly spend that immaturity at each stage typically "
                            "wastes. The roadmap prices every gap with these figures, and the Excel export prints "
                            "them on its Assumptions sheet. Changes apply to this workshop only; the model keeps "
                            "its own figures.")
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

        self.detail = self._build_detail()
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

    def _build_detail(self) -> QWidget:
        panel = QWidget()
        panel.setObjectName("assumptionDetail")
        panel.setMinimumWidth(340)
        panel.setMaximumWidth(460)
        self.entry_heading = QLabel()
        self.entry_heading.setWordWrap(True)
        set_relative_font(self.entry_heading, 1.25, bold=True)
        self.badge = QLabel()
        self.badge.setObjectName("editedBadge")
        set_relative_font(self.badge, 0.9, bold=True)
        share_label = QLabel("&Share of monthly spend wasted")
        set_relative_font(share_label, 1.0, bold=True)
        self.share = share_spin_box()
        self.share.setObjectName("shareEdit")
        set_relative_font(self.share, 1.4, bold=True)
        self.share.setMinimumWidth(170)
        share_label.setBuddy(self.share)
        reasoning_label = QLabel("&Reasoning")
        set_relative_font(reasoning_label, 1.0, bold=True)
        self.reasoning = ReasoningEdit()
        self.reasoning.setObjectName("reasoningEdit")
        self.reasoning.setPlaceholderText("Why this share of spend is wasted at this stage")
        reasoning_label.setBuddy(self.reasoning)
        self.problem = QLabel()
        self.problem.setObjectName("problem")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet(f"color: {_PROBLEM_COLOUR}; font-weight: bold;")
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.model_text = QLabel()
        self.model_text.setObjectName("modelFigure")
        self.model_text.setWordWrap(True)
        self.model_text.setTextFormat(Qt.TextFormat.PlainText)
        self.model_text.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.reset_button = QPushButton("Reset to the model's figure")
        self.reset_button.setObjectName("resetButton")

        share_row = QHBoxLayout()
        share_row.addWidget(self.share)
        share_row.addStretch(1)
        badge_row = QHBoxLayout()
        badge_row.addWidget(self.badge)
        badge_row.addStretch(1)
        reset_row = QHBoxLayout()
        reset_row.addWidget(self.reset_button)
        reset_row.addStretch(1)

        layout = QVBoxLayout(panel)
        layout.setContentsMargins(14, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.entry_heading)
        layout.addLayout(badge_row)
        layout.addSpacing(6)
        layout.addWidget(share_label)
        layout.addLayout(share_row)
        layout.addSpacing(6)
        layout.addWidget(reasoning_label)
        layout.addWidget(self.reasoning)
        layout.addWidget(self.problem)
        layout.addWidget(self.hint)
        layout.addWidget(self.model_text)
        layout.addLayout(reset_row)
        layout.addStretch(1)
        return panel

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
        content = {
            DIMENSION: max((bold.horizontalAdvance(name) for name in names), default=0),
            STAGE: max((plain.horizontalAdvance(name) for name in stages), default=0),
            SHARE: bold.horizontalAdvance("100.0 %"),
            SOURCE: bold.horizontalAdvance(EDITED),
            AT_STAKE: plain.horizontalAdvance("EUR 1,000,000"),
        }
        for column, width in content.items():
            self.table.setColumnWidth(column, max(width, header.horizontalAdvance(_HEADERS[column])) + padding)
        self.table.verticalHeader().setDefaultSectionSize(round(plain.height() * 2.1))

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.ApplicationFontChange):
            self._fit_columns()

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
            return
        figure = self.model.figure(entry)
        model_figure = self.model.model_figure(entry)
        edited = self.model.is_edited(entry)
        dimension = workshop.model.dimension(entry.dimension_id)
        self.entry_heading.setText(f"{dimension.name} · {workshop.model.stage(entry.stage_id).name}")
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
            self.hint.setText("")
        self.hint.setVisible(bool(self.hint.text()))
        if not self._pending:
            self._show_problem("")

    def _show_problem(self, problem: str) -> None:
        self.problem.setText(problem)
        self.problem.setVisible(bool(problem))

    def _update_undo_buttons(self, *_args: object) -> None:
        stack = self._context.undo_stack
        self.undo_button.setEnabled(stack.canUndo())
        self.redo_button.setEnabled(stack.canRedo())
        self.undo_button.setToolTip(f"Undo {stack.undoText()}" if stack.canUndo() else "")
        self.redo_button.setToolTip(f"Redo {stack.redoText()}" if stack.canRedo() else "")

    # Money at stake ---------------------------------------------------------------------------

    def _schedule_money(self) -> None:
        if self.isVisible():
            self._money_timer.start()

    def refresh_money(self) -> None:
        """Re-estimate the money per dimension and the roadmap's headline with the figures in force."""
        self._money_timer.stop()
        workshop = self._context.workshop
        money = money_at_stake(workshop, self._context.round_id) if workshop is not None else None
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
            self.headline.setText(f"<b>Advance first: {_escape(name)}.</b> {_escape(money.headline.reason)}")

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


def _first_size(parent: QWidget | None) -> QSize:
    """1240×800, or the screen less a margin where it is smaller (a 1280×720 projector)."""
    screen = (parent.screen() if parent is not None else None) or QGuiApplication.primaryScreen()
    if screen is None:
        return QSize(1240, 800)
    available = screen.availableGeometry().size()
    return QSize(min(1240, available.width() - 40), min(800, available.height() - 40))


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


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
