"""The table of money figures behind the roadmap, one row per dimension and stage, as a Qt item model.

A dimension that owns a value pool has the share of spend the pool wastes at each stage; an
enabler has the share of the pools' gaps a unit captures at each stage. Every figure comes
with its reasoning and its published source; a workshop may give any of them its own value
and reasoning (marked "Edited"). Also here: the checks on what is typed, and the editors the
dialog (:mod:`.assumptions_editor`) uses.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QLocale,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QFocusEvent,
    QGuiApplication,
    QPalette,
)
from PySide6.QtWidgets import (
    QLineEdit,
    QPlainTextEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from ..domain import values
from ..domain.labels import format_money
from ..domain.model import WasteAssumption
from ..domain.planner import plan_roadmap
from ..domain.record import record
from ..domain.roadmap import Headline
from ..domain.values import ValueRefused
from ..domain.workshop import Workshop
from ..storage.workshop_file import Change, WorkshopFile
from . import undo_commands
from .context import ApplicationContext
from .fonts import relative_font
from .palette import is_dark

ModelIndex = QModelIndex | QPersistentModelIndex

DIMENSION, STAGE, SHARE, SOURCE, REASONING, BASIS, AT_STAKE = range(7)
HEADERS = ("Dimension", "Stage", "Figure", "In force", "Reasoning", "Based on", "At stake / month")
_HEADERS = HEADERS
#: What a row's figure is, by the dimension's kind of figures.
MEANING = {"waste": "Share of monthly spend this pool wastes",
           "capture": "Share of the pools' gaps a unit captures"}

#: The export prints the reasoning in one cell beside the figure: a paragraph, not an essay.
MAX_REASONING_LENGTH = values.MAX_REASONING_LENGTH
#: How long typing may pause before the reasoning is written to the file.
TEXT_COMMIT_DELAY_MS = 700
EDITED = "Edited"
MODEL = "Model"
_EDITED_LIGHT, _EDITED_DARK = "#B45309", "#F5A524"


# Checking what was typed ----------------------------------------------------------------------


def refusal_sentence(refused: ValueRefused) -> str:
    """The gate's reason as a sentence for the dialog."""
    text = str(refused)
    return text[:1].upper() + text[1:] + "."


def share_problem(percent: float) -> str:
    """Why a share (in % of spend) cannot be used, or "" when it can: the gate's rule for percentages."""
    try:
        _SHARE_PERCENT.check(percent)
    except ValueRefused as refused:
        return refusal_sentence(refused)
    return ""


def reasoning_problem(text: str) -> str:
    """Why a reasoning cannot be used, or "" when it can: the gate's rule for a reasoning."""
    if not text.strip():
        return "Write the reasoning behind the figure: the export prints it next to the figure."
    try:
        values.REASONING.check(text)
    except ValueRefused as refused:
        return refusal_sentence(refused)
    return ""


def parse_share_percent(value: object) -> float:
    """A share typed or given in percent: 12.5, "12.5", "12,5 %"; raises :class:`ValueRefused` otherwise.

    Read by the gate's percentage kind, so "0.225" is refused as ambiguous and "150" as out of range.
    """
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    percent = _SHARE_PERCENT.parse("" if value is None else str(value))
    assert percent is not None
    return percent


_SHARE_PERCENT = values.Percentage("share", optional=False)  # of spend wasted, or of gaps captured


def share_from_percent(percent: float, keep: float | None = None) -> float:
    """The share (0 to 1) for a figure in percent with one decimal; ``keep`` when it shows the same figure."""
    rounded = round(percent, 1)
    if keep is not None and round(keep * 100, 1) == rounded:
        return keep
    return round(rounded / 100, 6)


def format_share(share: float) -> str:
    return f"{QLocale().toString(share * 100, 'f', 1)} %"


# The table --------------------------------------------------------------------------------------


@record
class Entry:
    dimension_id: str
    stage_id: str


@record
class MoneyAtStake:
    """What closing each dimension's gaps recovers a month, by the roadmap's estimate."""

    by_dimension: dict[str, float]
    headline: Headline | None
    any_spend: bool


def money_at_stake(workshop: Workshop, round_id: int | None,
                   file: WorkshopFile | None = None) -> MoneyAtStake | None:
    """The roadmap's money per dimension with the figures in force; ``None`` when no roadmap can be planned.

    With the ``file``, values measured from its last billing import replace the typed ones, as in
    the roadmap and the workbook.
    """
    measured = None
    if file is not None:
        from .evidence_view import evidence_report_for  # the figures of the last import, read once

        report = evidence_report_for(file)
        measured = report.measured() if report is not None else None
    try:
        roadmap = plan_roadmap(workshop, round_id=round_id, measured=measured)
    except ValueError:  # no playbook for this model, or a damaged one
        return None
    money: dict[str, float] = {}
    for gap in roadmap.gaps:
        money[gap.dimension_id] = money.get(gap.dimension_id, 0.0) + gap.monthly_waste
    any_spend = any((bu.monthly_spend or 0) > 0 for bu in workshop.business_units)
    return MoneyAtStake(money, roadmap.headline, any_spend)


def role_text(workshop: Workshop, entry: Entry) -> str:
    """E.g. "Rate pool" or "Enabler" (the pool's full name is in the tooltip)."""
    pool = workshop.model.pool_of(entry.dimension_id)
    if pool is not None:
        return f"{pool.name.split(':')[0].strip()} pool"
    return "Enabler" if workshop.model.enabler(entry.dimension_id) else ""


def role_tooltip(workshop: Workshop, entry: Entry) -> str:
    model = workshop.model
    pool = model.pool_of(entry.dimension_id)
    if pool is not None:
        text = f"Owns the pool {pool.name}: {pool.description}".strip()
        if pool.coverage is not None:
            pricing = pool.coverage
            text += (f" Priced from coverage: {pricing.eligible_share.value:.0%} of spend eligible, "
                     f"{pricing.average_discount.value:.0%} average discount; a coverage typed for a cell "
                     f"replaces the stage's.")
        return text
    return "An enabler owns no pool: its stage sets how much of the pools' gaps a unit can capture."


def basis_text(figure: WasteAssumption) -> str:
    """The source in a few words, "Flexera, 2025": who published it and when (the tooltip cites it in full)."""
    source = figure.source
    if source is None:
        return "—"
    return source.publication.split(",")[0].split(":")[0].strip() + (f", {source.year}" if source.year else "")


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
                return f"{workshop.model.dimension(entry.dimension_id).name}\n{role_text(workshop, entry)}" \
                    if first else ""
            if column == BASIS:
                return basis_text(self.model_figure(entry))
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
            if column == BASIS:
                source = self.model_figure(entry).source
                return source.citation if source is not None else "The model's own figure"
            if column == DIMENSION and first:
                return role_tooltip(workshop, entry)
            if column == SHARE and not edited:
                return MEANING.get(workshop.model.figure_kind(entry.dimension_id), "")
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
            except ValueRefused as refused:
                self._refuse(refusal_sentence(refused))
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
                return ("For a pool's dimension, the share of a unit's monthly spend the pool wastes at this stage; "
                        "for an enabler, the share of the pools' gaps a unit at this stage captures")
            if role == Qt.ItemDataRole.ToolTipRole and section == BASIS:
                return "The publication (and year) the model's figure rests on"
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
        return format_money(money.by_dimension[dimension_id], workshop.info.currency)

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
    """Edits a share in place as typed text, which the table reads with the gate: "150" or "0.225"
    is refused with a message, never taken as 15 % or 0.2 % as a spin box would."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: ModelIndex) -> QWidget:
        editor = QLineEdit(parent)
        editor.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return editor

    def setEditorData(self, editor: QWidget, index: ModelIndex) -> None:
        if isinstance(editor, QLineEdit):
            shown = f"{QLocale().toString(float(index.data(Qt.ItemDataRole.EditRole) or 0.0), 'f', 1)} %"
            editor.setText(shown)
            editor.setProperty("shown", shown)
            editor.selectAll()

    def setModelData(self, editor: QWidget, model: Any, index: ModelIndex) -> None:
        if isinstance(editor, QLineEdit) and editor.text() != editor.property("shown"):
            model.setData(index, editor.text())


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
