"""The assessment grid: business units down, dimensions across, one rating per cell.

:class:`AssessmentGridModel` is a thin adapter over the open workshop: it reads the domain
objects the :class:`WorkshopFile` keeps up to date and turns the file's change notices into
``dataChanged`` and row signals. :class:`AssessmentGridView` draws each cell as a chip in
its stage's colour, always with the stage's name, and turns keys into rating requests.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QBrush, QFontMetrics, QKeyEvent, QRegion, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QTableView,
    QWidget,
)

from ..domain.edit_rules import suggested_target
from ..domain.labels import stage_label
from ..domain.model import NOT_APPLICABLE, MaturityModel
from ..domain.workshop import BusinessUnit, Rating, Workshop
from ..storage.changes import BusinessUnitsChanged, Change, RatingChanged, Reloaded, SettingsChanged, VotesChanged
from ..storage.workshop_file import WorkshopFile
from .business_unit_rows import BusinessUnitRows
from .context import ApplicationContext
from .fonts import relative_font
from .grid_header import DimensionHeader
from .palette import is_dark, stage_colours
from .rating_chip import (
    ARROW,
    BUSINESS_UNIT_ID_ROLE,
    DIMENSION_ID_ROLE,
    PREVIOUS_RATING_ROLE,
    RATING_ROLE,
    SPREAD_ROLE,
    SUGGESTED_ARROW,
    RatingDelegate,
)
from .shortcuts import stage_key
from .vote_spread import cell_spread, spread_text

ModelIndex = QModelIndex | QPersistentModelIndex

_ARROW = ARROW  # a target set; SUGGESTED_ARROW: a suggested next stage (no target set)
_HEADER_ROLES = frozenset({Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole,
                           Qt.ItemDataRole.TextAlignmentRole})




def cell_text(model: MaturityModel, rating: Rating, suggest: bool = False) -> str:
    """What a cell says: "Walk → Run", "Walk ⇢ Run?" (a suggested next stage), "Walk", "Not assessed" or "N/A"."""
    text = stage_label(model, rating.current)
    if rating.target and rating.target != NOT_APPLICABLE and rating.target != rating.current:
        text = f"{text} {_ARROW} {model.stage(rating.target).name}" if rating.is_assessed else \
            f"Not assessed {_ARROW} {model.stage(rating.target).name}"
    elif (suggested := suggested_target(model, rating, suggest)) is not None:
        text = f"{text} {SUGGESTED_ARROW} {model.stage(suggested).name}?"
    return text


class AssessmentGridModel(QAbstractTableModel):
    """Rows are business units (in the workshop's order), columns the model's dimensions."""

    def __init__(self, context: ApplicationContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self._rows = BusinessUnitRows(self)
        self._dimensions: tuple[str, ...] = ()
        context.file_changed.connect(self._file_changed)
        context.workshop_changed.connect(self._workshop_changed)
        context.round_changed.connect(self._round_changed)
        self._file_changed(context.file)

    # Lookups ----------------------------------------------------------------------------

    @property
    def workshop(self) -> Workshop | None:
        return self._context.workshop

    def business_unit_id(self, row: int) -> int | None:
        return self._rows.ids[row] if 0 <= row < len(self._rows.ids) else None

    def dimension_id(self, column: int) -> str | None:
        return self._dimensions[column] if 0 <= column < len(self._dimensions) else None

    def index_of(self, bu_id: int, dimension_id: str) -> QModelIndex:
        row = self._rows.row_of(bu_id)
        if row < 0 or dimension_id not in self._dimensions:
            return QModelIndex()
        return self.index(row, self._dimensions.index(dimension_id))

    def _business_unit(self, row: int) -> BusinessUnit | None:
        """The unit shown in ``row``; ``None`` while a removed unit's row is on its way out."""
        workshop = self.workshop
        bu_id = self.business_unit_id(row)
        if workshop is None or bu_id is None:
            return None
        try:
            return workshop.business_unit(bu_id)
        except KeyError:
            return None

    def rating_at(self, index: ModelIndex) -> Rating | None:
        workshop = self.workshop
        bu = self._business_unit(index.row()) if index.isValid() else None
        dimension_id = self.dimension_id(index.column()) if index.isValid() else None
        if workshop is None or bu is None or dimension_id is None:
            return None
        return workshop.rating(bu.id, dimension_id, self._context.round_id)

    def _previous_round_id(self) -> int | None:
        workshop = self.workshop
        if workshop is None:
            return None
        ids = [r.id for r in workshop.rounds]
        current = self._context.round_id
        position = ids.index(current) if current in ids else len(ids) - 1
        return ids[position - 1] if position > 0 else None

    # Qt model interface -------------------------------------------------------------------

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows.ids)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._dimensions)

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        rating = self.rating_at(index)
        workshop = self.workshop
        if rating is None or workshop is None:
            return None
        model = workshop.model
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return cell_text(model, rating, workshop.settings.suggest_targets)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(index, rating)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return Qt.AlignmentFlag.AlignCenter
        if role == Qt.ItemDataRole.BackgroundRole:
            score = model.score(rating.current)
            if score is None:
                return None
            position = [s.id for s in sorted(model.stages, key=lambda s: s.score)].index(str(rating.current))
            return QBrush(stage_colours(position, len(model.stages), dark=is_dark()).fill)
        if role == RATING_ROLE:
            return rating
        if role == BUSINESS_UNIT_ID_ROLE:
            return self.business_unit_id(index.row())
        if role == DIMENSION_ID_ROLE:
            return self.dimension_id(index.column())
        if role == SPREAD_ROLE:
            return cell_spread(workshop, self._context.round_id, self.business_unit_id(index.row()),
                               self.dimension_id(index.column()))
        if role == PREVIOUS_RATING_ROLE:
            previous = self._previous_round_id()
            bu_id, dimension_id = self.business_unit_id(index.row()), self.dimension_id(index.column())
            if previous is None or bu_id is None or dimension_id is None:
                return None
            return workshop.rating(bu_id, dimension_id, previous)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # The headers ask for about a dozen roles per section, for up to 200 rows, each time they
        # measure themselves: the roles not answered here cost no lookups.
        if role not in _HEADER_ROLES:
            return None
        workshop = self.workshop
        if workshop is None:
            return None
        if orientation == Qt.Orientation.Horizontal:
            dimension_id = self.dimension_id(section)
            if dimension_id is None:
                return None
            dimension = workshop.model.dimension(dimension_id)
            if role == Qt.ItemDataRole.DisplayRole:
                return dimension.label
            if role == Qt.ItemDataRole.ToolTipRole:
                kind = "Foundation dimension. " if dimension.foundation else ""
                return f"<b>{_escape(dimension.name)}</b><br>{kind}{_escape(dimension.question)}"
            return None
        bu = self._business_unit(section)
        if bu is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return bu.name
        if role == Qt.ItemDataRole.ToolTipRole:
            assessed = sum(1 for d in self._dimensions if workshop.rating(bu.id, d, self._context.round_id).is_assessed)
            return f"{bu.name}: {assessed} of {len(self._dimensions)} dimensions assessed"
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        return None

    def _tooltip(self, index: ModelIndex, rating: Rating) -> str:
        workshop = self.workshop
        assert workshop is not None
        model = workshop.model
        bu = self._business_unit(index.row())
        assert bu is not None
        dimension = model.dimension(self._dimensions[index.column()])
        lines = [f"<b>{_escape(bu.name)} · {_escape(dimension.name)}</b>",
                 f"Current: {stage_label(model, rating.current)}"]
        if rating.target:
            lines.append(f"Target: {stage_label(model, rating.target)}")
        elif (suggested := suggested_target(model, rating, workshop.settings.suggest_targets)) is not None:
            lines.append(f"Target: {stage_label(model, suggested)} (suggested: nobody set one; the roadmap plans it)")
        previous = self.data(index, PREVIOUS_RATING_ROLE)
        if isinstance(previous, Rating) and previous.current != rating.current:
            lines.append(f"Previous round: {stage_label(model, previous.current)}")
        if rating.confidence:
            lines.append(f"Confidence: {rating.confidence}")
        if rating.note:
            note = rating.note if len(rating.note) < 300 else rating.note[:300] + "…"
            lines.append(f"<i>{_escape(note)}</i>")
        spread = self.data(index, SPREAD_ROLE)
        if spread is not None:
            lines.append(_escape(spread_text(workshop, spread)))
        return "<br>".join(lines)

    # Following the file -------------------------------------------------------------------

    def _file_changed(self, file: WorkshopFile | None) -> None:
        self.beginResetModel()
        if file is None:
            self._dimensions = ()
            self._rows.ids = []
        else:
            self._dimensions = tuple(d.id for d in file.workshop.model.dimensions)
            self._rows.ids = [bu.id for bu in file.workshop.business_units]
        self.endResetModel()

    def _workshop_changed(self, change: Change) -> None:
        workshop = self.workshop
        if workshop is None:
            return
        if isinstance(change, RatingChanged):
            if change.round_id != self._context.round_id:
                return
            index = self.index_of(change.bu_id, change.dimension_id)
            if index.isValid():
                # Only the cell changes on screen. The unit's header shows its name; its tooltip
                # (how many dimensions are assessed) is worked out when it is shown. Telling the
                # header would make it measure up to 200 rows again after every rating.
                self.dataChanged.emit(index, index)
        elif isinstance(change, VotesChanged):
            if change.round_id == self._context.round_id:
                for bu_id, dimension_id in change.cells:
                    index = self.index_of(bu_id, dimension_id)
                    if index.isValid():
                        self.dataChanged.emit(index, index)
        elif isinstance(change, Reloaded):  # a refused write: the file was read again
            self._file_changed(self._context.file)
        elif isinstance(change, SettingsChanged) and change.key == "suggest_targets" and self._rows.ids:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows.ids) - 1, len(self._dimensions) - 1))
        elif isinstance(change, BusinessUnitsChanged):
            changed = self._rows.follow(change, [bu.id for bu in workshop.business_units])
            if changed and self._dimensions:
                self.headerDataChanged.emit(Qt.Orientation.Vertical, changed[0], changed[-1])
                self.dataChanged.emit(self.index(changed[0], 0), self.index(changed[-1], len(self._dimensions) - 1))

    def _round_changed(self, _round_id: int) -> None:
        if self._rows.ids and self._dimensions:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows.ids) - 1, len(self._dimensions) - 1))


#: The business units' names take at most this share of the grid's width.
ROW_HEADER_SHARE = 0.24


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class AssessmentGridView(QTableView):
    """The grid, driven by mouse or keyboard alone.

    Arrow keys move; the digit row sets the current stage (with Shift, the target); 0 or
    Delete clears the cell; N marks it not applicable; Enter asks for the notes.
    """

    #: A stage id, ``"na"`` or ``None`` for the current cell.
    current_requested = Signal(object)
    #: A stage id or ``None`` (no target) for the current cell.
    target_requested = Signal(object)
    notes_requested = Signal()
    next_unassessed_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("assessmentGrid")
        self._delegate = RatingDelegate(self)
        self.setItemDelegate(self._delegate)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setTabKeyNavigation(False)
        self.setShowGrid(False)
        self.setWordWrap(False)
        self.setCornerButtonEnabled(False)
        self.setMouseTracking(True)
        self.setAccessibleName("Assessment grid")
        self.dimension_header = DimensionHeader(self)  # labels wrap or shrink a step rather than being cut
        self.setHorizontalHeader(self.dimension_header)
        horizontal = self.horizontalHeader()
        horizontal.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        horizontal.setMinimumSectionSize(120)
        horizontal.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)
        horizontal.setHighlightSections(True)
        vertical = self.verticalHeader()
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        vertical.setTextElideMode(Qt.TextElideMode.ElideRight)  # a long unit name ends in "…" (its tooltip has it all)
        horizontal.setTextElideMode(Qt.TextElideMode.ElideRight)
        vertical.setHighlightSections(True)
        self._apply_sizes()

    def changeEvent(self, event: Any) -> None:
        super().changeEvent(event)
        if event.type() in (event.Type.FontChange, event.Type.ApplicationFontChange):
            self._delegate.forget_fonts()
            self._apply_sizes()
            self._fit_chip_labels()
            QTimer.singleShot(0, self, self._keep_current_in_view)  # once the rows have their new height

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_row_header()
        self._keep_current_in_view()

    def _keep_current_in_view(self) -> None:
        """The cell the panel below describes stays on screen when the grid shrinks or its text grows."""
        current = self.currentIndex()
        if current.isValid():
            self.scrollTo(current)

    def updateGeometries(self) -> None:
        super().updateGeometries()  # after the columns changed width (the window, the font, the file)
        self._fit_chip_labels()

    def _fit_chip_labels(self) -> None:
        """One label size for every chip, chosen for the narrowest column."""
        grid = self.model()
        columns = grid.columnCount() if grid is not None else 0
        if not columns:
            return
        narrowest = min(self.columnWidth(column) for column in range(columns))
        self.dimension_header.fit(narrowest)
        maturity = grid.workshop.model if isinstance(grid, AssessmentGridModel) and grid.workshop else None
        if self._delegate.fit_labels(maturity, narrowest):
            # Not viewport().update(): the first time Python is handed the viewport, a plain
            # QWidget made by Qt, PySide tries every widget type on it (15 ms before the first frame).
            self.setDirtyRegion(QRegion(self.rect()))

    def _apply_sizes(self) -> None:
        header_font = relative_font(1.1, bold=True)  # the column headers' size is chosen by their fit
        self.verticalHeader().setFont(header_font)
        metrics = QFontMetrics(relative_font(1.2, bold=True))
        self.verticalHeader().setDefaultSectionSize(round(metrics.height() * 1.75) + 6)
        self.verticalHeader().setMinimumWidth(QFontMetrics(header_font).horizontalAdvance("Data & Analytics") + 24)
        self._fit_row_header()

    def _fit_row_header(self) -> None:
        """Unit names take at most about 18 characters, and never more than a share of the grid's
        width: at larger text a long name ends in "…" rather than squeezing every column."""
        header = self.verticalHeader()
        widest = QFontMetrics(header.font()).horizontalAdvance("M" * 18) + 24
        share = round(self.width() * ROW_HEADER_SHARE) if self.width() > 0 else widest
        header.setMaximumWidth(max(header.minimumWidth(), min(widest, share)))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        grid = self.model()
        if isinstance(grid, AssessmentGridModel) and self.currentIndex().isValid() and self._handle_key(event, grid):
            event.accept()
            return
        super().keyPressEvent(event)

    def _handle_key(self, event: QKeyEvent, grid: AssessmentGridModel) -> bool:
        key = event.key()
        plain = not (event.modifiers() & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
                                          | Qt.KeyboardModifier.MetaModifier))
        shift = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and plain:
            self.notes_requested.emit()
            return True
        if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and plain:
            (self.target_requested if shift else self.current_requested).emit(None)
            return True
        if key == Qt.Key.Key_N and plain and not shift:
            self.current_requested.emit(NOT_APPLICABLE)
            return True
        pressed = stage_key(event)
        if pressed is None or grid.workshop is None:
            return False
        stages = sorted(grid.workshop.model.stages, key=lambda s: s.score)
        if pressed.number > len(stages):
            return False
        stage = stages[pressed.number - 1].id if pressed.number else None
        (self.target_requested if pressed.target else self.current_requested).emit(stage)
        return True

    def select_cell(self, index: QModelIndex) -> None:
        if index.isValid():
            self.setCurrentIndex(index)
            self.scrollTo(index)
