"""Many rows written quickly: cells made directly, with formats stamped once per column.

openpyxl's ``ws.cell`` and its value and style setters look each value's type and each format
up anew; for the tracker's thousands of rows or the Evidence sheet's, that is most of the time
a large workbook takes to build. Text goes through the same guard as
:func:`~.cell_text.put_text` (control characters out, a leading "=" kept as text), worked out
once for each distinct text: sheets repeat their names on every row.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from copy import copy
from datetime import date, datetime

from openpyxl.cell.cell import Cell
from openpyxl.worksheet.worksheet import Worksheet

from .cell_text import clean_text, could_read_as_formula
from .styles import CellFormats


class RowWriter:
    """Rows of values into ``ws``, each column with its formats (``formats[i]``: attribute → value).

    ``keep_empty``: an empty value still makes a cell with its column's formats (a table's rule
    under every cell); otherwise it makes none (the column's own format covers it).
    """

    def __init__(self, ws: Worksheet, formats: Sequence[dict[str, object]], *, keep_empty: bool = False) -> None:
        self._ws = ws
        self._formats = list(formats)
        self._keep_empty = keep_empty
        self._stamps = CellFormats()
        self._styles: dict[tuple[int, bool], object] = {}
        self._texts: dict[str, tuple[str, bool]] = {}

    def _style(self, index: int, quoted: bool) -> object:
        style = self._styles.get((index, quoted))
        if style is None:
            probe = Cell(self._ws)
            self._stamps.stamp(probe, index, **self._formats[index])
            probe.quotePrefix = quoted
            style = self._styles[(index, quoted)] = probe._style
        return style

    def _text(self, value: str) -> tuple[str, bool]:
        known = self._texts.get(value)
        if known is None:
            text = clean_text(value)
            known = self._texts[value] = (text, could_read_as_formula(text))
        return known

    def write(self, row: int, values: Sequence[object]) -> None:
        cells = self._ws._cells
        for index, value in enumerate(values):
            quoted = False
            kind = "n"
            if isinstance(value, float) and not math.isfinite(value):
                value = None  # Excel has no NaN or infinity; such a number would need a repair
            if isinstance(value, bool):
                kind = "b"
            elif isinstance(value, int | float):
                kind = "n"
            elif isinstance(value, datetime | date):
                kind = "d"
            elif value is not None:
                value, quoted = self._text(str(value))
                kind = "s"
                if value == "":
                    value = None
            if value is None and not (self._keep_empty and self._formats[index]):
                continue
            plain = not quoted and not self._formats[index]
            cell = Cell(self._ws, row=row, column=index + 1,
                        style_array=None if plain else copy(self._style(index, quoted)))
            if value is not None:
                cell._value = value
                cell.data_type = kind
            cells[(row, index + 1)] = cell
