"""How far a workbook's sheets reach, measured before python-calamine is given the file.

calamine holds a sheet as one block of memory, a cell's worth for every position from its
first filled cell to its last, however few are filled: a 5 KB workbook with one cell at
XFD1048576 asks for 512 GB, and that allocation failing ends the process, with no exception
to catch. So the workbook's own XML is read first, as a stream, the way calamine finds cells
(an ``.xlsx`` sheet's ``<c>`` cells in ``<sheetData>``; an ``.ods`` ``content.xml`` with its
repeated rows and cells), and a workbook whose sheets reach further than any the app writes is
refused before calamine sees it. Every part of the package is measured, not only the parts
the workbook's relationships name, so no part calamine might read is missed; a part holding
sheet markup that is not well-formed XML is refused too, as calamine would still read cells
from it. Formats whose sheets are binary (``.xls``, ``.xlsb``) cannot be measured this way
and are refused.
The readers (:mod:`.reader`, :mod:`finops_desktop.export.questionnaire_reader`) word the refusal.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from pathlib import Path
from xml.parsers import expat

from .quick_extent import quick_extent

#: Cells in one sheet, counted from A1 to its last filled row and column. The largest sheet
#: the app writes is the tracker: a row per planned step and unit, 12 columns. The benchmarks'
#: 10,000-unit workshop gives 120,000 rows (1.4 million cells); every one of the playbook's 57
#: steps planned for each of those units would be 570,000 rows (6.8 million). calamine needs
#: 32 bytes a cell, so a sheet at this limit costs 320 MB while it is read.
MAX_SHEET_CELLS = 10_000_000
#: Cells in all the sheets together, and the most cells the measuring reads before it stops: a
#: questionnaire's sheets are all read at once (an ``.ods`` one when it is opened), and the
#: export's other sheets are each smaller than its tracker.
MAX_WORKBOOK_CELLS = 2 * MAX_SHEET_CELLS
#: Excel's own sheet: no application the client uses writes beyond it.
EXCEL_ROWS, EXCEL_COLUMNS = 1_048_576, 16_384
_CHUNK = 1 << 16
_REFERENCE = re.compile(r"([A-Za-z]*)([0-9]+)")
_FAR = EXCEL_ROWS * EXCEL_COLUMNS  # a position calamine could not be trusted with
_CELL_ENDS = (":c", "table-cell")
#: Markup calamine reads cells from, as bytes in the encodings an XML part may be in.
_SHEET_MARKS = tuple(word.encode(encoding) for word in ("sheetData", "table-row", "table-cell")
                     for encoding in ("utf-8", "utf-16-le", "utf-16-be"))
_MARK_LENGTH = max(len(mark) for mark in _SHEET_MARKS)


class SheetTooLarge(Exception):
    """A sheet reaches further than any the app writes, or the sheets hold more cells; says how far."""

    def __init__(self, rows: int, columns: int, *, where: str = "a sheet", cells: int | None = None) -> None:
        text = (f"its sheets hold more than {cells:,} cells" if cells is not None
                else f"{where} reaches cell {corner(rows, columns)} ({rows:,} rows × {columns:,} columns)")
        super().__init__(text)
        self.rows, self.columns = rows, columns


def corner(rows: int, columns: int) -> str:
    """The far corner of ``rows`` × ``columns`` from A1 as Excel names it, e.g. ``XFD1048576``."""
    if rows > EXCEL_ROWS or columns > EXCEL_COLUMNS:
        return "beyond XFD1048576"
    letters, index = "", columns
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return f"{letters}{rows}"


class FormatNotMeasured(Exception):
    """The file's sheets cannot be measured before they are read (a binary format, a damaged part); says why."""


def check_sheet_sizes(path: Path) -> None:
    """Raise :class:`SheetTooLarge` or :class:`FormatNotMeasured` before calamine reads ``path``.

    A file that is no zip package is left to calamine to refuse, unless calamine would read it
    as an Excel 97–2003 workbook: it picks the format by the exact (case-sensitive) suffix,
    and tries every format for a suffix it does not know.
    """
    suffix = path.suffix[1:]
    if suffix in ("xls", "xla", "xlsb"):
        raise FormatNotMeasured("saved in a binary Excel format (.xls or .xlsb)")
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        if suffix not in ("xlsx", "xlsm", "xlam", "ods") and _is_compound_file(path):
            raise FormatNotMeasured("saved in an older Excel format (.xls) or with a password") from None
        return
    with archive:
        measure = _Extents()
        for info in archive.infolist():
            if info.filename.lower().endswith(".bin") and info.filename.lower().startswith("xl/workbook"):
                raise FormatNotMeasured("saved as a binary Excel workbook (.xlsb)")
            if not info.is_dir():
                measure.read(archive, info)


def _is_compound_file(path: Path) -> bool:
    try:
        with open(path, "rb") as handle:
            return handle.read(8) == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    except OSError:
        return False


def _position(reference: str | None, row: int, column: int) -> tuple[int, int]:
    """(row, column), 0-based, of a cell reference such as ``B7``; far away when it is not one."""
    if reference is None:
        return row, column
    found = _REFERENCE.fullmatch(reference)
    if found is None or not found.group(1):
        return _FAR, _FAR
    column = 0
    for letter in found.group(1).upper():
        column = column * 26 + ord(letter) - 64
    return int(found.group(2)) - 1, column - 1


def _count(value: str | None) -> int:
    """A repeat count of an ``.ods`` row or cell; far too many when it is not a number."""
    if value is None:
        return 1
    return int(value) if value.isdigit() and len(value) < 12 else _FAR


class _Extents:
    """Follows one part's XML and raises as soon as a sheet in it reaches too far."""

    def __init__(self) -> None:
        self.total = 0  # cells of the sheets measured so far
        self.elements = 0  # cell elements read, for the whole package

    def read(self, archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
        """Measure one part. calamine's XML reader is lenient (end tags unchecked, text before the
        root skipped), so a part that is not well-formed XML yet holds sheet markup is refused:
        calamine would read cells from it that no strict parser can place."""
        try:
            with archive.open(info) as stream:
                quick = quick_extent(stream)
        except (zipfile.BadZipFile, zlib.error, NotImplementedError, RuntimeError, OSError, EOFError,
                ValueError):
            raise FormatNotMeasured("a part of it is damaged") from None
        if quick is not None:  # every cell names its place: no need to follow the markup
            rows, columns, cells = quick
            self._reset()
            self.elements += cells
            if self.elements > MAX_WORKBOOK_CELLS:
                raise SheetTooLarge(rows, columns, cells=MAX_WORKBOOK_CELLS)
            if rows and columns:
                self.in_sheet = True
                self._reach(rows, columns)
                self._close_sheet()
            return
        parser = expat.ParserCreate()  # names as written: a prefix (x:c) is dropped below
        parser.StartElementHandler = self._start
        parser.EndElementHandler = self._end
        parser.StartDoctypeDeclHandler = _no_doctype  # nothing a workbook needs; entities could expand
        self._reset()
        well_formed, marked, tail = True, False, b""
        try:
            with archive.open(info) as stream:
                while chunk := stream.read(_CHUNK):
                    window = tail + chunk
                    marked = marked or any(mark in window for mark in _SHEET_MARKS)
                    tail = window[-_MARK_LENGTH:]
                    well_formed = well_formed and _parse(parser, chunk, final=False)
                well_formed = well_formed and _parse(parser, b"", final=True)
        except (zipfile.BadZipFile, zlib.error, NotImplementedError, RuntimeError, OSError, EOFError,
                ValueError):
            raise FormatNotMeasured("a part of it is damaged") from None
        if marked and not well_formed:
            raise FormatNotMeasured("a part of it is damaged")
        self._close_sheet()

    def _reset(self) -> None:
        self.in_sheet = False  # inside an .xlsx <sheetData> or an .ods <table:table>
        self.rows = self.columns = 0  # the sheet's extent from A1
        self.row = self.column = 0  # where the next row and cell go
        self.row_repeat = 1
        self.cell: tuple[int, int, int] | None = None  # (row, column, columns repeated) of the open cell
        self.cell_filled = False

    def _start(self, name: str, attributes: dict[str, str]) -> None:
        if self.cell is not None:
            self.cell_filled = True  # a value, a formula, text: anything inside the cell
            return
        local = name.rpartition(":")[2]
        if local in ("sheetData", "table"):
            self._close_sheet()
            self.in_sheet = True
            self.row = self.column = 0
        elif not self.in_sheet:
            return
        elif local == "row":
            if "r" in attributes:
                self.row = _position("A" + attributes["r"], 0, 0)[0]
            self.column = 0
        elif local == "c":
            row, self.column = _position(attributes.get("r"), self.row, self.column)
            self._open_cell(row, 1, filled=False)
        elif local == "table-row":
            self.row_repeat, self.column = _count(_local(attributes, "number-rows-repeated")), 0
        elif local in ("table-cell", "covered-table-cell"):
            self._open_cell(self.row, _count(_local(attributes, "number-columns-repeated")),
                            filled=_local(attributes, "value-type") is not None)

    def _open_cell(self, row: int, repeat: int, *, filled: bool) -> None:
        self.elements += 1
        if self.elements > MAX_WORKBOOK_CELLS:
            raise SheetTooLarge(self.rows, self.columns, cells=MAX_WORKBOOK_CELLS)
        self.cell, self.cell_filled = (row, self.column, repeat), filled

    def _end(self, name: str) -> None:
        if self.cell is not None and name != "c" and not name.endswith(_CELL_ENDS):
            return  # the end of something inside the cell
        local = name.rpartition(":")[2]
        if self.cell is not None:
            if local not in ("c", "table-cell", "covered-table-cell"):
                return
            row, column, repeat = self.cell
            if self.cell_filled:
                self._reach(row + (self.row_repeat if local != "c" else 1), column + repeat)
            self.cell, self.column = None, column + repeat
        elif local == "row" and self.in_sheet:
            self.row, self.column = self.row + 1, 0
        elif local == "table-row" and self.in_sheet:
            self.row, self.column, self.row_repeat = self.row + self.row_repeat, 0, 1
        elif local in ("sheetData", "table"):
            self._close_sheet()

    def _reach(self, rows: int, columns: int) -> None:
        self.rows, self.columns = max(self.rows, rows), max(self.columns, columns)
        cells = self.rows * self.columns
        if cells > MAX_SHEET_CELLS or self.rows > EXCEL_ROWS or self.columns > EXCEL_COLUMNS:
            raise SheetTooLarge(self.rows, self.columns)
        if self.total + cells > MAX_WORKBOOK_CELLS:
            raise SheetTooLarge(self.rows, self.columns, cells=MAX_WORKBOOK_CELLS)

    def _close_sheet(self) -> None:
        if self.in_sheet:
            self.total += self.rows * self.columns
        self.in_sheet, self.rows, self.columns, self.cell = False, 0, 0, None


def _parse(parser: expat.XMLParserType, data: bytes, *, final: bool) -> bool:
    """Whether the part is still well-formed XML after ``data``."""
    try:
        parser.Parse(data, final)
    except expat.ExpatError:
        return False
    return True


def _local(attributes: dict[str, str], name: str) -> str | None:
    """An attribute by its name without namespace (``table:number-rows-repeated`` and the like)."""
    for key, value in attributes.items():
        if key.rpartition(":")[2] == name:
            return value
    return None


def _no_doctype(*_: object) -> None:
    raise expat.ExpatError("a document type declaration")
