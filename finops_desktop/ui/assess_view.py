"""The Assess tab: the grid on top, the selected cell's detail panel below."""

from __future__ import annotations

import itertools
from functools import partial

from PySide6.QtCore import QItemSelection, QModelIndex, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ..domain.model import NOT_APPLICABLE
from ..storage.workshop_file import WorkshopFile
from . import undo_commands
from .assessment_grid import AssessmentGridModel, AssessmentGridView
from .cell_detail_panel import CellDetailPanel
from .context import ApplicationContext
from .fonts import set_relative_font
from .round_lock import EarlierRoundBar

#: The least share of the Assess tab's height the grid gets before the detail panel (which scrolls).
GRID_SHARE_AT_LEAST = 0.5


class _EmptyGrid(QWidget):
    """Shown instead of the grid while the workshop has no business units."""

    add_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        heading = QLabel("No business units yet")
        set_relative_font(heading, 1.5, bold=True)
        text = QLabel("Add the business units you will assess — a division, a product line or a region. "
                      "Each becomes a row of the grid.")
        text.setWordWrap(True)
        set_relative_font(text, 1.1)
        self.button = QPushButton("Add business unit…")
        self.button.setObjectName("addFirstBusinessUnit")
        set_relative_font(self.button, 1.15, bold=True)
        self.button.clicked.connect(self.add_requested)
        heading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        column = QVBoxLayout()
        column.setSpacing(12)
        column.addWidget(heading)
        column.addWidget(text)
        column.addWidget(self.button, 0, Qt.AlignmentFlag.AlignHCenter)
        column_box = QWidget()
        column_box.setLayout(column)
        column_box.setMaximumWidth(600)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(column_box, 4)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addLayout(row)
        layout.addStretch(2)


class AssessView(QWidget):
    add_business_unit_requested = Signal()

    def __init__(self, context: ApplicationContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self._auto_fit = True
        self.grid_model = AssessmentGridModel(context, self)
        self.grid = AssessmentGridView()
        self.grid.setModel(self.grid_model)
        self.detail = CellDetailPanel(context)
        self.empty = _EmptyGrid()
        self.empty.add_requested.connect(self.add_business_unit_requested)

        self.grid_stack = QStackedWidget()
        self.grid_stack.addWidget(self.grid)
        self.grid_stack.addWidget(self.empty)
        self.earlier_round = EarlierRoundBar(context)
        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 4, 0, 0)
        top_layout.setSpacing(4)
        top_layout.addWidget(self.earlier_round)
        top_layout.addWidget(self.grid_stack, 1)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setObjectName("assessSplitter")
        self.splitter.addWidget(top)
        self.splitter.addWidget(self.detail)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setStretchFactor(0, 4)
        self.splitter.setStretchFactor(1, 5)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)
        self.splitter.splitterMoved.connect(self._divider_moved)

        self.grid.selectionModel().currentChanged.connect(self._current_changed)
        self.grid.selectionModel().selectionChanged.connect(self._selection_changed)
        self.grid.current_requested.connect(self.rate_current)
        self.grid.target_requested.connect(self.rate_target)
        self.grid.notes_requested.connect(self.detail.focus_notes)
        self.detail.return_to_grid.connect(lambda: self.grid.setFocus(Qt.FocusReason.TabFocusReason))
        self.detail.fields_changed.connect(self.set_tab_order)
        for signal in (self.grid_model.modelReset, self.grid_model.rowsInserted, self.grid_model.rowsRemoved):
            signal.connect(self._rows_changed)
            signal.connect(self._fit_grid)
        context.cell_revisited.connect(self.select_cell)
        context.file_changed.connect(self._file_changed)
        # A round chosen or just started: the next key pressed rates a cell of it, not the button
        # or list that chose it.
        context.round_changed.connect(lambda _round: self.grid.setFocus(Qt.FocusReason.OtherFocusReason)
                                      if self.isVisible() else None)
        self.grid.verticalHeader().setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.grid.verticalHeader().customContextMenuRequested.connect(self._business_unit_menu)
        self.grid.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.grid.customContextMenuRequested.connect(self._cell_menu)
        self._file_changed(context.file)

    # Selection ----------------------------------------------------------------------------

    def current_cell(self) -> tuple[int, str] | None:
        index = self.grid.currentIndex()
        bu_id = self.grid_model.business_unit_id(index.row()) if index.isValid() else None
        dimension_id = self.grid_model.dimension_id(index.column()) if index.isValid() else None
        return (bu_id, dimension_id) if bu_id is not None and dimension_id is not None else None

    def select_cell(self, bu_id: int, dimension_id: str) -> None:
        self.grid.select_cell(self.grid_model.index_of(bu_id, dimension_id))

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        cell = self.current_cell()
        self.detail.show_cell(*(cell if cell else (None, None)))

    def _selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        if not self.grid.selectionModel().hasSelection() and self.grid.currentIndex().isValid():
            self.grid.selectionModel().select(self.grid.currentIndex(),
                                              self.grid.selectionModel().SelectionFlag.ClearAndSelect)

    def _rows_changed(self, *_args: object) -> None:
        has_rows = self.grid_model.rowCount() > 0
        self.grid_stack.setCurrentWidget(self.grid if has_rows else self.empty)
        if has_rows and not self.grid.currentIndex().isValid():
            self.grid.select_cell(self.grid_model.index(0, 0))
        self.detail.setVisible(has_rows)
        if not has_rows:
            self.detail.show_cell(None, None)

    def _file_changed(self, _file: WorkshopFile | None) -> None:
        self._rows_changed()
        self.detail.show_cell(*(self.current_cell() or (None, None)))
        self.set_tab_order()
        self._auto_fit = True
        QTimer.singleShot(0, self._fit_grid)  # once the layout has given the splitter its height

    def _fit_grid(self) -> None:
        """Give the grid the height of its rows, the detail panel the rest (until the user moves the divider)."""
        total = self.splitter.height()
        if not self._auto_fit or total <= 0 or not self.isVisible():
            return
        rows = max(self.grid_model.rowCount(), 3)
        header = self.grid.horizontalHeader()
        bars = self.earlier_round.sizeHint().height() + 4 if not self.earlier_round.isHidden() else 0
        wanted = (bars + 4 + max(header.sizeHint().height(), header.minimumHeight())
                  + rows * self.grid.verticalHeader().defaultSectionSize() + 2 * self.grid.frameWidth() + 2)
        share = self._context.settings.assess_grid_share
        if share is not None:  # where the facilitator put the divider last time
            grid_height = min(wanted, round(total * share))
        else:
            # The grid comes first: it keeps at least the rows that fit in half the height (the
            # detail panel scrolls), whatever the text size; it never takes more than its rows need.
            detail_height = self.detail.preferred_height()
            grid_height = min(wanted, max(total - detail_height, round(total * GRID_SHARE_AT_LEAST)))
        self.splitter.setSizes([grid_height, total - grid_height])

    def _divider_moved(self, _position: int, _index: int) -> None:
        self._auto_fit = False
        total = self.splitter.height()
        if total > 0:
            self._context.settings.assess_grid_share = self.splitter.sizes()[0] / total

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_grid()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._fit_grid()

    def next_unassessed(self) -> bool:
        """Move to the next cell not yet assessed (row by row, wrapping round)."""
        rows, columns = self.grid_model.rowCount(), self.grid_model.columnCount()
        if not rows or not columns:
            return False
        start = self.grid.currentIndex()
        first = (start.row() * columns + start.column() + 1) if start.isValid() else 0
        for step in range(rows * columns):
            position = (first + step) % (rows * columns)
            index = self.grid_model.index(position // columns, position % columns)
            rating = self.grid_model.rating_at(index)
            if rating is not None and not rating.is_assessed:
                self.grid.select_cell(index)
                self.grid.setFocus(Qt.FocusReason.ShortcutFocusReason)
                return True
        self._context.message.emit("Every cell of this round is assessed.")
        return False

    # Edits of the current cell ------------------------------------------------------------

    def rate_current(self, stage: str | None) -> bool:
        cell = self.current_cell()
        if cell is None:
            return False
        self.detail.commit_pending()
        return undo_commands.rate_current(self._context, cell[0], cell[1], stage)

    def rate_target(self, stage: str | None) -> bool:
        cell = self.current_cell()
        if cell is None:
            return False
        self.detail.commit_pending()
        return undo_commands.rate_target(self._context, cell[0], cell[1], stage)

    # Context menus -------------------------------------------------------------------------

    def business_unit_menu(self, row: int) -> QMenu | None:
        """What a right-click on a business unit's name offers."""
        bu_id = self.grid_model.business_unit_id(row)
        if bu_id is None:
            return None
        from .business_units_panel import remove_business_unit, rename_business_unit  # with the first such menu

        context = self._context
        menu = QMenu(self)
        menu.addAction("Rename…", lambda: rename_business_unit(context, bu_id))
        up = menu.addAction("Move up", lambda: undo_commands.move_business_unit(context, bu_id, row - 1))
        up.setEnabled(row > 0)
        down = menu.addAction("Move down", lambda: undo_commands.move_business_unit(context, bu_id, row + 1))
        down.setEnabled(row < self.grid_model.rowCount() - 1)
        menu.addSeparator()
        menu.addAction("Remove…", lambda: remove_business_unit(context, bu_id))
        for action in menu.actions():
            action.setEnabled(action.isEnabled() and not context.read_only)
        return menu

    def cell_menu(self) -> QMenu | None:
        """What a right-click on a cell offers: its stage, its target, not applicable, not assessed."""
        workshop = self._context.workshop
        if workshop is None or self.current_cell() is None:
            return None
        menu = QMenu(self)
        stages = sorted(workshop.model.stages, key=lambda s: s.score)
        for number, stage in enumerate(stages, start=1):
            menu.addAction(f"{stage.name}\t{number}", partial(self.rate_current, stage.id))
        menu.addSeparator()
        for number, stage in enumerate(stages, start=1):
            menu.addAction(f"Target: {stage.name}\tShift+{number}", partial(self.rate_target, stage.id))
        menu.addAction("No target\tShift+0", lambda: self.rate_target(None))
        menu.addSeparator()
        menu.addAction("Not applicable\tN", lambda: self.rate_current(NOT_APPLICABLE))
        menu.addAction("Not assessed\t0", lambda: self.rate_current(None))
        menu.addAction("Edit notes\tEnter", self.detail.focus_notes)
        return menu

    def _business_unit_menu(self, position: QPoint) -> None:
        header = self.grid.verticalHeader()
        menu = self.business_unit_menu(header.logicalIndexAt(position))
        if menu is not None:
            menu.exec(header.mapToGlobal(position))

    def _cell_menu(self, position: QPoint) -> None:
        index = self.grid.indexAt(position)
        if not index.isValid():
            return
        self.grid.setCurrentIndex(index)
        menu = self.cell_menu()
        if menu is not None:
            menu.exec(self.grid.viewport().mapToGlobal(position))

    def set_tab_order(self) -> None:
        """Grid, stage cards, target, confidence, indicators, who was in the room, notes; Tab from the notes
        goes back to the grid (see the detail panel). "Not assessed" and "Not applicable" are off this path:
        they are clicked, or 0 and N in the grid."""
        detail = self.detail
        chain: list[QWidget] = [self.grid, *detail.cards.cards]
        chain += [button for _, button in detail.target.buttons]  # one stop: Tab skips all but one
        chain += [button for _, button in detail.confidence.buttons]
        chain += [*detail.indicator_fields(), detail.participants, detail.notes]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)
