"""Reading back the aggregation query's output, run in the client's warehouse and saved as CSV.

Column names are matched without regard to case (Snowflake, for one, returns them in capitals);
dates may carry a time of day. An empty ``allocated_cost`` column means no allocation keys were given.
"""

from __future__ import annotations

import csv
import math
from collections import defaultdict
from datetime import date
from pathlib import Path

from ..domain.values import BILLING_AMOUNT, amount_text
from .errors import EvidenceError
from .figures import SummaryRow, Sums, check_sums
from .query import OUTPUT_COLUMNS, SUM_COLUMNS
from .records import FROM_SUMMARY, BillingSummary, FileRecord, summary_record
from .sources import sha256_of

UNIT_SOURCE = "values in the warehouse summary"
_MAX_ROWS = 2**53  # beyond this a row count read as a number is no longer exact


def read_summary(path: Path | str) -> BillingSummary:
    path = Path(path)
    if not path.is_file():
        raise EvidenceError(f"{path}: no such file")
    sums: dict[tuple[str | None, str, date, date], Sums] = defaultdict(Sums)
    try:
        with open(path, newline="", encoding="utf-8-sig") as handle:
            reader = csv.reader(handle)
            header = next(reader, None)
            if header is None:
                raise EvidenceError(f"{path.name} is empty: it holds no summary")
            positions = {name.strip().casefold(): n for n, name in enumerate(header)}
            missing = [c for c in OUTPUT_COLUMNS if c not in positions]
            if missing:
                raise EvidenceError(f"{path.name} is not the output of 'evidence sql': it lacks the column"
                                    f"{'s' if len(missing) > 1 else ''} {', '.join(missing)}")
            for line, row in enumerate(reader, start=2):
                if not any(cell.strip() for cell in row):
                    continue
                if len(row) != len(header):
                    raise EvidenceError(f"{path.name}, line {line}: {len(row)} values for {len(header)} columns")
                cells = {c: row[positions[c]].strip() for c in OUTPUT_COLUMNS}
                key = (cells["bu_value"] or None, cells["currency"], _date(cells["billing_period"], path, line),
                       _date(cells["charge_day"], path, line))
                if not key[1]:
                    raise EvidenceError(f"{path.name}, line {line}: the currency is empty")
                sums[key] = check_sums(sums[key] + _sums(cells, path, line), f"{path.name}, line {line}")
    except OSError as exc:
        raise EvidenceError(f"{path.name} cannot be read ({exc.strerror})") from None
    except (csv.Error, UnicodeDecodeError) as exc:
        raise EvidenceError(f"{path.name} cannot be read as CSV ({exc})") from None
    rows = tuple(SummaryRow(*key, value) for key, value in sorted(sums.items(), key=lambda i: (i[0][0] or "",
                                                                                                *i[0][1:])))
    if not rows:
        raise EvidenceError(f"{path.name} holds a header and no rows")
    row_count = sum(r.sums.row_count for r in rows)
    record_file = FileRecord(path.name, path.stat().st_size, sha256_of(path), row_count, "summary csv")
    allocated = any(r.sums.allocated_cost is not None for r in rows)
    record = summary_record(FROM_SUMMARY, (record_file,), rows, unit_source=UNIT_SOURCE,
                            allocation_tags=("(as given to 'evidence sql')",) if allocated else ())
    return BillingSummary(record, rows)


def _date(text: str, path: Path, line: int) -> date:
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        raise EvidenceError(f"{path.name}, line {line}: '{_shown(text)}' is not a date") from None


def _sums(cells: dict[str, str], path: Path, line: int) -> Sums:
    values: dict[str, float | int | None] = {}
    for name in SUM_COLUMNS:
        text = cells[name]
        if not text:
            values[name] = None if name == "allocated_cost" else 0
            continue
        where = f"{path.name}, line {line}: {name}"
        try:
            number = float(text)
        except ValueError:
            raise EvidenceError(f"{where} is '{_shown(text)}', which is not a number") from None
        if not math.isfinite(number):
            raise EvidenceError(f"{where} is '{_shown(text)}', which is not a finite number")
        if name == "row_count":
            if not number.is_integer() or not 0 <= number <= _MAX_ROWS:
                raise EvidenceError(f"{where} is '{_shown(text)}', which is not a number of rows "
                                    "(a whole number, 0 or more)")
            values[name] = int(number)
        elif abs(number) > BILLING_AMOUNT.maximum:
            raise EvidenceError(f"{where} is {amount_text(number, 2)}, beyond any bill (at most "
                                f"{amount_text(BILLING_AMOUNT.maximum, 2)} either way)")
        else:
            values[name] = number
    return Sums(**values)  # type: ignore[arg-type]


def _shown(text: str) -> str:
    return text if len(text) <= 40 else text[:37] + "…"

