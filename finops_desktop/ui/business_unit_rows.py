"""Keep an item model's rows in step with the workshop's business units.

Each change the file reports names the unit and its row (added, updated, moved, removed),
so the model forwards it as the matching Qt notification: views keep their selection and
scroll position instead of being reset.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QModelIndex

from ..storage.changes import BusinessUnitsChanged


class BusinessUnitRows:
    """The business unit ids of a model's rows, and the Qt notifications to change them."""

    def __init__(self, model: QAbstractItemModel) -> None:
        self._model = model
        self.ids: list[int] = []
        self._rows: dict[int, int] = {}

    def row_of(self, bu_id: int) -> int:
        if len(self._rows) != len(self.ids):
            self._rows = {bu_id: row for row, bu_id in enumerate(self.ids)}
        return self._rows.get(bu_id, -1)

    def reset(self, ids: list[int]) -> None:
        self._model.beginResetModel()
        self._set(ids)
        self._model.endResetModel()

    def follow(self, change: BusinessUnitsChanged, ids: list[int]) -> list[int]:
        """Forward one change; ``ids`` is the workshop's order after it. Returns rows whose content changed."""
        parent = QModelIndex()
        old = self.ids
        if change.action == "added" and old == ids[:change.row] + ids[change.row + 1:]:
            self._model.beginInsertRows(parent, change.row, change.row)
            self._set(ids)
            self._model.endInsertRows()
            return []
        if change.action == "removed" and ids == old[:change.row] + old[change.row + 1:]:
            self._model.beginRemoveRows(parent, change.row, change.row)
            self._set(ids)
            self._model.endRemoveRows()
            return []
        if change.action == "moved" and change.old_row is not None and sorted(old) == sorted(ids):
            source, destination = change.old_row, change.row
            # Qt's destination is the row *before which* the row goes, counted before the move.
            qt_destination = destination + 1 if destination > source else destination
            if self._model.beginMoveRows(parent, source, source, parent, qt_destination):
                self._set(ids)
                self._model.endMoveRows()
                return []
        if change.action == "updated" and old == ids:
            return [change.row]
        self.reset(ids)  # the rows were out of step: start again from the workshop
        return []

    def _set(self, ids: list[int]) -> None:
        self.ids = list(ids)
        self._rows = {bu_id: row for row, bu_id in enumerate(self.ids)}
