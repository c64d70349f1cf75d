"""Keep an item model's rows in step with the workshop's business units.

The file reports only *that* the business units changed; comparing the ids a model shows
with the ids the workshop now holds tells which rows were added, removed or moved, so the
views keep their selection and scroll position instead of being reset.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QModelIndex


class BusinessUnitRows:
    """The business unit ids of a model's rows, and the Qt notifications to change them."""

    def __init__(self, model: QAbstractItemModel) -> None:
        self._model = model
        self.ids: list[int] = []

    def row_of(self, bu_id: int) -> int:
        try:
            return self.ids.index(bu_id)
        except ValueError:
            return -1

    def reset(self, ids: list[int]) -> None:
        self._model.beginResetModel()
        self.ids = list(ids)
        self._model.endResetModel()

    def sync(self, ids: list[int]) -> list[int]:
        """Follow the new order of ids; returns the rows whose content may have changed."""
        old = self.ids
        if ids == old:
            return list(range(len(ids)))
        parent = QModelIndex()
        added = [i for i in ids if i not in old]
        removed = [i for i in old if i not in ids]
        if len(added) == 1 and not removed:
            row = ids.index(added[0])
            if ids[:row] + ids[row + 1:] == old:
                self._model.beginInsertRows(parent, row, row)
                self.ids = list(ids)
                self._model.endInsertRows()
                return []
        if len(removed) == 1 and not added:
            row = old.index(removed[0])
            if old[:row] + old[row + 1:] == ids:
                self._model.beginRemoveRows(parent, row, row)
                self.ids = list(ids)
                self._model.endRemoveRows()
                return []
        if not added and not removed:
            moved = _single_move(old, ids)
            if moved is not None:
                source, destination = moved
                # Qt's destination is the row *before which* the row goes, counted before the move.
                qt_destination = destination + 1 if destination > source else destination
                if self._model.beginMoveRows(parent, source, source, parent, qt_destination):
                    self.ids = list(ids)
                    self._model.endMoveRows()
                    return []
        self.reset(ids)
        return []


def _single_move(old: list[int], new: list[int]) -> tuple[int, int] | None:
    """(from, to) if ``new`` is ``old`` with one element moved, else ``None``."""
    for source, bu_id in enumerate(old):
        rest = old[:source] + old[source + 1:]
        destination = new.index(bu_id)
        if rest[:destination] + [bu_id] + rest[destination:] == new:
            return source, destination
    return None
