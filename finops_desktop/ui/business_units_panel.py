"""The business units of the workshop: add, rename, reorder (drag or Alt+arrows), remove; spend, owner, notes.

:class:`BusinessUnitsModel` is an editable table over the workshop's business units; every
edit becomes an undo command, and the rows follow the file's change notices.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QByteArray, QMimeData, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ..domain import values
from ..domain.labels import format_money
from ..domain.values import ValueRefused
from ..domain.workshop import BusinessUnit, Workshop
from ..storage.changes import BusinessUnitsChanged, Change, InfoChanged, Reloaded
from ..storage.workshop_file import WorkshopFile
from .business_unit_rows import BusinessUnitRows
from .context import ApplicationContext
from .fonts import relative_font, set_relative_font
from .undo_commands import (
    AddBusinessUnitCommand,
    RemoveBusinessUnitCommand,
    UpdateBusinessUnitCommand,
    move_business_unit,
)

ModelIndex = QModelIndex | QPersistentModelIndex

MIME_TYPE = "application/x-finops-business-unit"
NAME, SPEND, GROWTH, OWNER, NOTES = range(5)
_HEADERS = ("Business unit", "Monthly spend", "Spend growth / year", "Owner", "Notes")
_FIELDS = ("name", "monthly_spend", "annual_growth", "owner", "notes")
_EDIT_TEXT = ("Rename", "Change monthly spend", "Change spend growth", "Change owner", "Change notes")


class BusinessUnitsModel(QAbstractTableModel):
    def __init__(self, context: ApplicationContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self._rows = BusinessUnitRows(self)
        context.file_changed.connect(self._file_changed)
        context.workshop_changed.connect(self._workshop_changed)
        self._file_changed(context.file)

    @property
    def workshop(self) -> Workshop | None:
        return self._context.workshop

    def business_unit(self, row: int) -> BusinessUnit | None:
        workshop = self.workshop
        if workshop is None or not 0 <= row < len(self._rows.ids):
            return None
        try:
            return workshop.business_unit(self._rows.ids[row])
        except KeyError:  # removed from the file; its row is on its way out
            return None

    def row_of(self, bu_id: int) -> int:
        return self._rows.row_of(bu_id)

    # Qt model interface -------------------------------------------------------------------

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows.ids)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(_HEADERS)

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDragEnabled
        if not self._context.read_only:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        bu = self.business_unit(index.row()) if index.isValid() else None
        workshop = self.workshop
        if bu is None or workshop is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == SPEND:
                return format_money(bu.monthly_spend, workshop.info.currency)
            if column == GROWTH:
                return "" if bu.annual_growth is None else f"{bu.annual_growth:g} %"
            if column == NOTES:
                return bu.notes.replace("\n", " ")
            return getattr(bu, _FIELDS[column])
        if role == Qt.ItemDataRole.EditRole:
            value = getattr(bu, _FIELDS[column])
            return "" if value is None else (f"{value:g}" if isinstance(value, float) else value)
        if role == Qt.ItemDataRole.ToolTipRole and column == NOTES and bu.notes:
            return bu.notes
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (SPEND, GROWTH):
            return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        if role == Qt.ItemDataRole.FontRole and column == NAME:
            return relative_font(1.0, bold=True)
        return None

    def setData(self, index: ModelIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        bu = self.business_unit(index.row()) if index.isValid() else None
        if bu is None or role != Qt.ItemDataRole.EditRole:
            return False
        column = index.column()
        text = "" if value is None else str(value)
        new_value: Any = text
        if column in (SPEND, GROWTH):
            try:
                new_value = (values.MONTHLY_SPEND if column == SPEND else values.GROWTH).parse(text)
            except ValueRefused as exc:
                self._context.dialogs.error("The change was not made", f"{str(exc)[:1].upper()}{str(exc)[1:]}.")
                return False
        if new_value == getattr(bu, _FIELDS[column]):
            return False
        command = UpdateBusinessUnitCommand(self._context, bu.id, _EDIT_TEXT[column], **{_FIELDS[column]: new_value})
        return self._context.edit(command)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole \
                and 0 <= section < len(_HEADERS):
            return _HEADERS[section]
        if orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole \
                and 0 <= section < len(self._rows.ids):
            return str(section + 1)
        return None

    # Drag and drop to reorder ---------------------------------------------------------------

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [MIME_TYPE]

    def mimeData(self, indexes: list[QModelIndex]) -> QMimeData:  # type: ignore[override]
        data = QMimeData()
        rows = sorted({i.row() for i in indexes if i.isValid()})
        if rows:
            data.setData(MIME_TYPE, QByteArray(str(self._rows.ids[rows[0]]).encode()))
        return data

    def canDropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int,
                        parent: ModelIndex) -> bool:
        return data.hasFormat(MIME_TYPE) and not self._context.read_only

    def dropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int,
                     parent: ModelIndex) -> bool:
        if not self.canDropMimeData(data, action, row, column, parent):
            return False
        try:
            bu_id = int(bytes(data.data(MIME_TYPE).data()).decode())
        except ValueError:
            return False
        source = self._rows.row_of(bu_id)
        if source < 0:
            return False
        destination = row if row >= 0 else (parent.row() if parent.isValid() else len(self._rows.ids))
        if destination > source:
            destination -= 1  # the row leaves its old place first
        # The move is made by the undo command; the view must not remove the dragged row itself.
        move_business_unit(self._context, bu_id, destination)
        return False

    # Following the file -------------------------------------------------------------------

    def _file_changed(self, file: WorkshopFile | None) -> None:
        self._rows.reset([bu.id for bu in file.workshop.business_units] if file else [])

    def _workshop_changed(self, change: Change) -> None:
        workshop = self.workshop
        if workshop is None:
            return
        if isinstance(change, Reloaded):  # a refused write: the file was read again
            self._file_changed(self._context.file)
        elif isinstance(change, BusinessUnitsChanged):
            changed = self._rows.follow(change, [bu.id for bu in workshop.business_units])
            if changed:
                self.dataChanged.emit(self.index(changed[0], 0), self.index(changed[-1], len(_HEADERS) - 1))
                self.headerDataChanged.emit(Qt.Orientation.Vertical, changed[0], changed[-1])
        elif isinstance(change, InfoChanged) and self._rows.ids:
            self.dataChanged.emit(self.index(0, SPEND), self.index(len(self._rows.ids) - 1, SPEND))


class BusinessUnitsPanel(QWidget):
    """The table of business units with its buttons."""

    def __init__(self, context: ApplicationContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("businessUnitsPanel")
        self._context = context
        self.model = BusinessUnitsModel(context, self)

        title = QLabel("Business units")
        set_relative_font(title, 1.35, bold=True)
        self.hint = hint = QLabel()
        hint.setWordWrap(True)

        self.table = QTableView()
        self.table.setObjectName("businessUnitsTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                   | QAbstractItemView.EditTrigger.EditKeyPressed
                                   | QAbstractItemView.EditTrigger.AnyKeyPressed)
        self.table.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.table.setDragEnabled(True)
        self.table.setAcceptDrops(True)
        self.table.setDropIndicatorShown(True)
        self.table.setDragDropOverwriteMode(False)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setTabKeyNavigation(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in ((NAME, 220), (SPEND, 160), (GROWTH, 170), (OWNER, 230)):
            self.table.setColumnWidth(column, width)
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() * 2)

        self.add_button = QPushButton("Add business unit…")
        self.add_button.clicked.connect(self.add_business_unit)
        self.rename_button = QPushButton("Rename")
        self.rename_button.clicked.connect(self.rename_selected)
        self.up_button = QPushButton("Move up")
        self.up_button.clicked.connect(lambda: self.move_selected(-1))
        self.down_button = QPushButton("Move down")
        self.down_button.clicked.connect(lambda: self.move_selected(+1))
        self.remove_button = QPushButton("Remove…")
        self.remove_button.clicked.connect(self.remove_selected)
        buttons = QHBoxLayout()
        for button in (self.add_button, self.rename_button, self.up_button, self.down_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.remove_button)

        self.move_up_action = self._table_action("Move up", "Alt+Up", lambda: self.move_selected(-1))
        self.move_down_action = self._table_action("Move down", "Alt+Down", lambda: self.move_selected(+1))
        self.remove_action = self._table_action("Remove…", QKeySequence.StandardKey.Delete, self.remove_selected)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(title)
        layout.addWidget(hint)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)

        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.table.selectionModel().currentChanged.connect(self._update_buttons)
        for signal in (self.model.modelReset, self.model.rowsInserted, self.model.rowsRemoved):
            signal.connect(self._update_hint)
        self._update_hint()
        self.model.modelReset.connect(self._update_buttons)
        self.model.rowsMoved.connect(self._update_buttons)
        context.file_changed.connect(self._update_buttons)
        self._update_buttons()

    def _table_action(self, text: str, keys: str | QKeySequence.StandardKey, slot: Any) -> QAction:
        action = QAction(text, self.table)
        action.setShortcut(QKeySequence(keys))
        action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        action.triggered.connect(slot)
        self.table.addAction(action)
        return action

    def selected_row(self) -> int:
        """The row selected, or else the row of the cell with the focus frame (what the buttons act on)."""
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if rows:
            return rows[0].row()
        current = self.table.currentIndex()
        return current.row() if current.isValid() else -1

    def select_business_unit(self, bu_id: int) -> None:
        row = self.model.row_of(bu_id)
        if row >= 0:
            self.table.selectRow(row)
            self.table.setCurrentIndex(self.model.index(row, NAME))

    def _update_hint(self, *_args: object) -> None:
        self.hint.setText("Double-click a cell to edit it. Drag rows, or use Alt+Up and Alt+Down, to change the order "
                          "in which business units appear in the grid, the charts and the export."
                          if self.model.rowCount() else
                          "No business units yet: add the first with Add business unit…, with its monthly spend.")

    def _update_buttons(self, *_args: object) -> None:
        editable = not self._context.read_only
        row = self.selected_row()
        self.add_button.setEnabled(editable)
        self.rename_button.setEnabled(editable and row >= 0)
        self.remove_button.setEnabled(editable and row >= 0)
        self.up_button.setEnabled(editable and row > 0)
        self.down_button.setEnabled(editable and 0 <= row < self.model.rowCount() - 1)

    def add_business_unit(self) -> int | None:
        """Ask for the unit (name, spend, growth, owner, in one form) and add it; returns its id."""
        workshop = self._context.workshop
        if workshop is None or not self._context.can_edit():
            return None
        request = self._context.dialogs.new_business_unit([bu.name for bu in workshop.business_units],
                                                          workshop.info.currency)
        if request is None or not request.name.strip():
            return None
        command = AddBusinessUnitCommand(self._context, request.name, monthly_spend=request.monthly_spend,
                                         annual_growth=request.annual_growth, owner=request.owner)
        if not self._context.edit(command) or command.bu_id is None:
            return None
        self.select_business_unit(command.bu_id)
        return command.bu_id

    def rename_selected(self) -> None:
        bu = self.model.business_unit(self.selected_row())
        if bu is not None:
            rename_business_unit(self._context, bu.id)

    def move_selected(self, step: int) -> None:
        row = self.selected_row()
        bu = self.model.business_unit(row)
        if bu is None:
            return
        if move_business_unit(self._context, bu.id, row + step):
            self.select_business_unit(bu.id)

    def remove_selected(self) -> None:
        bu = self.model.business_unit(self.selected_row())
        if bu is not None:
            remove_business_unit(self._context, bu.id)


def rename_business_unit(context: ApplicationContext, bu_id: int) -> bool:
    """Ask for a new name and rename the business unit."""
    workshop = context.workshop
    if workshop is None or not context.can_edit():
        return False
    bu = workshop.business_unit(bu_id)
    name = context.dialogs.text("Rename business unit", "New name:", bu.name,
                                max_length=values.BUSINESS_UNIT_NAME.max_length)
    if name is None or not name.strip() or name.strip() == bu.name:
        return False
    return context.edit(UpdateBusinessUnitCommand(context, bu.id, "Rename", name=name))


def remove_business_unit(context: ApplicationContext, bu_id: int) -> bool:
    """Remove a business unit after the user confirms (it can be undone)."""
    workshop = context.workshop
    if workshop is None or not context.can_edit():
        return False
    bu = workshop.business_unit(bu_id)
    rated = sum(1 for (_, unit, _), rating in workshop.ratings.items() if unit == bu_id and not rating.is_empty)
    ratings = f" and its {rated} rating{'s' if rated != 1 else ''}" if rated else ""
    if not context.dialogs.confirm(f"Remove “{bu.name}”?",
                                   f"This removes “{bu.name}”{ratings} from the workshop. "
                                   "Edit ▸ Undo brings it back.", "Remove", destructive=True):
        return False
    return context.edit(RemoveBusinessUnitCommand(context, bu_id))
