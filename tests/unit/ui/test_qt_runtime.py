"""The installed Qt for Python keeps Python's reference counts right (a broken release aborts the app)."""

from __future__ import annotations

import sys

from PySide6.QtGui import QFont, QStandardItemModel


def test_calls_that_return_nothing_keep_none_alive(qapp: object) -> None:
    # PySide6 6.12.0 on Python 3.11 loses a reference to None on every such call; the
    # window makes thousands a minute and Python aborts ("deallocating None").
    font = QFont()
    before = sys.getrefcount(None)
    for _ in range(500):
        font.setItalic(False)
    assert before - sys.getrefcount(None) < 100


def test_empty_item_data_keeps_none_alive(qapp: object) -> None:
    model = QStandardItemModel(1, 1)
    index = model.index(0, 0)
    before = sys.getrefcount(None)
    for _ in range(500):
        index.data()
    assert before - sys.getrefcount(None) < 100
