"""Reading FOCUS files with DuckDB: each file is checked, normalised to FOCUS 1.0–1.3 names and aggregated.

Each file is aggregated on its own (the sums add up across files), which gives every file
its row count and lets an import be cancelled between two files as well as during one.
DuckDB runs with a memory limit, so a file of many gigabytes is streamed, not loaded.
"""

from __future__ import annotations

import difflib
import os
import threading
from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..domain.record import record
from .columns import (
    CONDITIONAL,
    MONEY,
    PROVIDER,
    TAG_COLUMNS,
    TIMESTAMPS,
    canonical_names,
    focus_version,
    missing_required,
)
from .errors import EvidenceError
from .figures import SummaryRow, Sums, check_sums
from .offline_duckdb import connect_offline, literal_path
from .query import DEFAULT_TABLE, SUM_COLUMNS, QuerySettings, aggregation_sql
from .records import FROM_FILES, BillingSummary, FileRecord, summary_record
from .sources import DataFile, find_data_files, sha256_of

if TYPE_CHECKING:
    import duckdb

DEFAULT_MEMORY_LIMIT = "1GB"
_CSV_OPTIONS = "header = true, all_varchar = true, nullstr = ['NULL', '']"


class ImportCancelled(EvidenceError):
    """The import was cancelled; nothing was kept."""


@record
class ReadProgress:
    rows_read: int
    fraction: float  # 0–1, by bytes of the files


class BillingReader:
    """One import of billing files: :meth:`read` in a worker thread, :meth:`progress` and :meth:`cancel` from any."""

    def __init__(self, paths: Iterable[Path | str], settings: QuerySettings, *,
                 memory_limit: str = DEFAULT_MEMORY_LIMIT):
        self._paths = list(paths)
        self.settings = settings
        self._memory_limit = memory_limit
        self._con: duckdb.DuckDBPyConnection | None = None
        self._cancelled = threading.Event()
        self._rows_done = 0
        self._bytes_done = 0
        self._bytes_total = 0
        self._current: DataFile | None = None
        self._current_rows: int | None = None

    def cancel(self) -> None:
        self._cancelled.set()
        con = self._con
        if con is not None:
            con.interrupt()

    def progress(self) -> ReadProgress:
        con, current = self._con, self._current
        part = 0.0
        if con is not None and current is not None:
            try:
                part = max(0.0, min(1.0, con.query_progress() / 100))
            except Exception:  # no query running at this moment
                part = 0.0
        done = self._bytes_done + (part * current.size if current else 0)
        rows = self._rows_done + int(part * (self._current_rows or 0))
        return ReadProgress(rows, done / self._bytes_total if self._bytes_total else 0.0)

    def read(self) -> BillingSummary:
        files = find_data_files(self._paths)
        self._bytes_total = sum(f.size for f in files)
        # Progress is tracked only with the progress bar on; it is never printed.
        con = connect_offline([f.path for f in files], memory_limit=self._memory_limit,
                              preserve_insertion_order=False, enable_progress_bar=True,
                              enable_progress_bar_print=False)
        self._con = con
        try:
            records: list[FileRecord] = []
            sums: dict[tuple[str | None, str, date, date], Sums] = defaultdict(Sums)
            for data_file in files:
                self._check_cancelled()
                record, file_rows = self._read_file(con, data_file)
                records.append(record)
                for row in file_rows:
                    key = (row.bu_value, row.currency, row.billing_period, row.charge_day)
                    sums[key] = check_sums(sums[key] + row.sums, "the billing files together")
                self._rows_done += record.row_count
                self._bytes_done += data_file.size
        finally:
            self._con = None
            self._current = None
            con.close()
        self._check_cancelled()
        summary_rows = tuple(SummaryRow(*key, value) for key, value in sorted(sums.items(), key=_row_order))
        if not summary_rows:
            raise EvidenceError("the billing data holds no rows (the files have a header and nothing else)")
        units = self.settings.units
        kept = summary_record(FROM_FILES, tuple(records), summary_rows, unit_source=units.describe(),
                              allocation_tags=self.settings.allocation_tags)
        return BillingSummary(kept, summary_rows)

    def _check_cancelled(self) -> None:
        if self._cancelled.is_set():
            raise ImportCancelled("the import was cancelled; nothing was changed")

    def _read_file(self, con: duckdb.DuckDBPyConnection, data_file: DataFile) -> tuple[FileRecord, list[SummaryRow]]:
        import duckdb

        self._current = data_file
        name = data_file.path.name
        source = _source(data_file)
        try:
            _check_one_file(con, data_file)
            described = con.execute(f"DESCRIBE SELECT * FROM {source}").fetchall()
            self._current_rows = None
            if data_file.format == "parquet":
                self._current_rows = int(con.execute("SELECT SUM(num_rows) FROM parquet_file_metadata(?)",
                                                     [literal_path(data_file.path)]).fetchone()[0] or 0)  # type: ignore[index]
        except duckdb.InterruptException:
            raise ImportCancelled("the import was cancelled; nothing was changed") from None
        except duckdb.Error as exc:
            raise EvidenceError(_unreadable(data_file, exc)) from None
        types = {column: str(kind) for column, kind, *_ in described}
        missing = missing_required(types)
        if missing:
            raise EvidenceError(f"{name} is not a FOCUS cost and usage file: it lacks the column"
                                f"{'s' if len(missing) > 1 else ''} {', '.join(missing)}")
        version = focus_version(types)
        con.execute(f"CREATE OR REPLACE TEMP VIEW {DEFAULT_TABLE} AS {self._normalised(data_file, types)}")
        try:
            result = con.execute(aggregation_sql(self.settings)).fetchall()
        except duckdb.InterruptException:
            raise ImportCancelled("the import was cancelled; nothing was changed") from None
        except duckdb.Error as exc:
            raise EvidenceError(_diagnosed(con, data_file, types, exc)) from None
        rows = [_summary_row(values, name) for values in result]
        sha256 = sha256_of(data_file.path, cancelled=self._cancelled.is_set)
        self._check_cancelled()
        record = FileRecord(name, data_file.size, sha256, sum(r.sums.row_count for r in rows), data_file.format,
                            version)
        return record, rows

    def _normalised(self, data_file: DataFile, types: dict[str, str]) -> str:
        """The file's rows under FOCUS names and types; columns a file lacks are empty."""
        found = canonical_names(types)
        csv = data_file.format != "parquet"
        select: list[str] = []
        for column in MONEY:
            select.append(f"CAST({_quoted(found[column])} AS DOUBLE) AS {column}")
        for column in TIMESTAMPS:
            actual = _quoted(found[column])
            select.append(f"CAST(CAST({actual} AS TIMESTAMPTZ) AS TIMESTAMP) AS {column}" if csv or
                          "TIME ZONE" in types[found[column]] else f"CAST({actual} AS TIMESTAMP) AS {column}")
        for column in ("BillingCurrency", "ChargeCategory", "ServiceCategory"):
            select.append(f"CAST({_quoted(found[column])} AS VARCHAR) AS {column}")
        provider_column = next(found[p] for p in PROVIDER if p in found)
        select.append(f"CAST({_quoted(provider_column)} AS VARCHAR) AS ProviderName")
        tags = [_as_json(found[t], types[found[t]]) for t in TAG_COLUMNS if t in found]
        select.append(f"COALESCE({', '.join(tags)}) AS Tags" if tags else "CAST(NULL AS VARCHAR) AS Tags")
        for column in CONDITIONAL:
            if column in TAG_COLUMNS:
                continue
            value = f"CAST({_quoted(found[column])} AS VARCHAR)" if column in found else "CAST(NULL AS VARCHAR)"
            select.append(f"{value} AS {column}")
        units = self.settings.units
        if units.kind == "column" and units.key not in {*MONEY, *TIMESTAMPS, *CONDITIONAL, "BillingCurrency",
                                                        "ChargeCategory", "ServiceCategory", "ProviderName"}:
            unit_column = {c.casefold(): c for c in types}.get(units.key.casefold())
            if unit_column is None:
                raise EvidenceError(f"{data_file.path.name} has no column '{units.key}' to find business units by"
                                    + _nearest(units.key, types))
            select.append(f"CAST({_quoted(unit_column)} AS VARCHAR) AS {units.key}")
        elif units.kind == "column" and units.key in CONDITIONAL and units.key not in found:
            raise EvidenceError(f"{data_file.path.name} has no column '{units.key}' to find business units by"
                                + _nearest(units.key, types))
        elif units.kind == "tag" and not tags:
            raise EvidenceError(f"{data_file.path.name} has no Tags column, so business units cannot be found "
                                f"by the tag '{units.key}'")
        return f"SELECT {', '.join(select)} FROM {_source(data_file)}"


def _source(data_file: DataFile) -> str:
    """The DuckDB table function reading the file (its name written as an SQL string: views take no parameters).

    The name is escaped (:func:`literal_path`): DuckDB takes ``*``, ``?`` and ``[`` as a pattern of names.
    """
    path = "'" + literal_path(data_file.path).replace("'", "''") + "'"
    if data_file.format == "parquet":
        return f"read_parquet({path})"
    compression = "gzip" if data_file.format == "csv.gz" else "none"
    return f"read_csv({path}, {_CSV_OPTIONS}, compression = '{compression}')"


def _check_one_file(con: duckdb.DuckDBPyConnection, data_file: DataFile) -> None:
    """DuckDB finds exactly this file under its escaped name, or the file is refused, naming it.

    Escaping covers ``*``, ``?`` and ``[``; DuckDB cannot be told that a backslash beside them is literal.
    """
    import duckdb

    try:
        found = [file for (file,) in con.execute("SELECT file FROM glob(?)",
                                                 [literal_path(data_file.path)]).fetchall()]
    except duckdb.Error:  # DuckDB cannot make a path of the name at all (a backslash before ``?``)
        found = []
    if len(found) != 1 or not os.path.samefile(found[0], data_file.path):
        raise EvidenceError(f"{data_file.path.name} cannot be read as one file: its path holds characters "
                            "(* ? [ and \\) that the reader takes as a pattern of file names. Rename the file "
                            "or its folder without them and import it again")


def _quoted(column: str) -> str:
    return '"' + column.replace('"', '""') + '"'


def _as_json(column: str, kind: str) -> str:
    """A tag column as JSON text: CSV holds text already, Parquet may hold a map or a struct."""
    if kind.startswith(("MAP", "STRUCT")):
        return f"CAST(to_json({_quoted(column)}) AS VARCHAR)"
    return f"NULLIF(NULLIF(CAST({_quoted(column)} AS VARCHAR), ''), '{{}}')"


def _nearest(wanted: str, columns: Iterable[str]) -> str:
    close = difflib.get_close_matches(wanted, list(columns), n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""


def _row_order(item: tuple[tuple[str | None, str, date, date], Sums]) -> tuple[str, str, date, date]:
    value, currency, period, day = item[0]
    return (value or "", currency, period, day)


def _number(value: Any) -> float:
    if value is None:
        return 0.0
    return float(value) if isinstance(value, float | int | Decimal) else float(str(value))


def _day(value: Any, name: str) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    raise EvidenceError(f"{name} holds a row without a billing or charge period")


def _summary_row(values: tuple[Any, ...], name: str) -> SummaryRow:
    bu_value, currency, period, day, *numbers = values
    if currency is None or not str(currency).strip():
        raise EvidenceError(f"{name} holds rows without a BillingCurrency")
    sums = dict(zip(SUM_COLUMNS, numbers, strict=True))
    allocated = sums.pop("allocated_cost")
    row_count = int(sums.pop("row_count"))
    return SummaryRow(bu_value, str(currency), _day(period, name), _day(day, name),
                      check_sums(Sums(row_count=row_count,
                                      allocated_cost=None if allocated is None else _number(allocated),
                                      **{k: _number(v) for k, v in sums.items()}), name))


def _first_line(exc: BaseException) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


def _unreadable(data_file: DataFile, exc: BaseException) -> str:
    name = data_file.path.name
    if data_file.format == "parquet":
        return f"{name} is not a readable Parquet file; it may be truncated or damaged ({_first_line(exc)})"
    return f"{name} could not be read as CSV ({_first_line(exc)})"


def _diagnosed(con: duckdb.DuckDBPyConnection, data_file: DataFile, types: dict[str, str],
               exc: BaseException) -> str:
    """Which column holds a value the figures cannot use, and an example of it."""
    name = data_file.path.name
    found = canonical_names(types)
    source = _source(data_file)
    checks = [(column, "TRY_CAST({c} AS DOUBLE) IS NULL", "a number") for column in MONEY]
    checks += [(column, "TRY_CAST({c} AS TIMESTAMPTZ) IS NULL", "a date and time") for column in TIMESTAMPS]
    checks += [(column, "NOT json_valid({c})", "JSON") for column in TAG_COLUMNS if column in found]
    for column, condition, kind in checks:
        if kind != "JSON" and "VARCHAR" not in types[found[column]]:
            continue  # a typed Parquet column holds only values of its type
        actual = f"CAST({_quoted(found[column])} AS VARCHAR)"
        try:
            bad = con.execute(f"SELECT {actual} FROM {source} WHERE {actual} IS NOT NULL AND {actual} <> '' AND "
                              f"{condition.format(c=actual)} LIMIT 1").fetchone()
        except Exception:
            continue
        if bad:
            example = bad[0] if len(bad[0]) <= 60 else bad[0][:57] + "…"
            return f"{name}: the column {found[column]} holds '{example}', which is not {kind}"
    if data_file.format == "parquet":
        return _unreadable(data_file, exc)
    return f"{name} could not be read ({_first_line(exc)})"
