"""What an import keeps: where the data came from, and the query's sums (never the raw rows)."""

from __future__ import annotations

from dataclasses import field
from datetime import date

from ..domain.record import record
from .figures import SummaryRow, billing_periods, check_currency

FROM_FILES = "billing files"
FROM_SUMMARY = "warehouse summary"


@record
class FileRecord:
    name: str
    size: int
    sha256: str
    row_count: int
    format: str
    focus_version: str | None = None  # unknown for a warehouse summary


@record
class ImportRecord:
    source: str  # FROM_FILES | FROM_SUMMARY
    files: tuple[FileRecord, ...]
    unit_source: str
    allocation_tags: tuple[str, ...]
    currency: str
    billing_periods: tuple[date, ...]
    row_count: int
    imported_at: str = ""
    id: int | None = None

    @property
    def focus_versions(self) -> tuple[str, ...]:
        return tuple(sorted({f.focus_version for f in self.files if f.focus_version}))

    @property
    def period_label(self) -> str:
        """The billing periods as people say them: "Sep–Oct 2026", "Dec 2025–Jan 2026"."""
        return period_label(self.billing_periods)


def period_label(periods: tuple[date, ...] | list[date]) -> str:
    if not periods:
        return "no billing period"
    first, last = min(periods), max(periods)
    if (first.year, first.month) == (last.year, last.month):
        return f"{first:%b %Y}"
    if first.year == last.year:
        return f"{first:%b}–{last:%b %Y}"
    return f"{first:%b %Y}–{last:%b %Y}"


@record
class BillingSummary:
    """The output of the aggregation query over some data, and where that data came from."""

    record: ImportRecord
    rows: tuple[SummaryRow, ...] = field(repr=False)


def summary_record(source: str, files: tuple[FileRecord, ...], rows: tuple[SummaryRow, ...], *,
                   unit_source: str, allocation_tags: tuple[str, ...]) -> ImportRecord:
    """The record of an import, once its rows are known to be usable (one currency, some rows)."""
    currency = check_currency(rows)
    return ImportRecord(source, files, unit_source, allocation_tags, currency, tuple(billing_periods(rows)),
                        sum(row.sums.row_count for row in rows))
