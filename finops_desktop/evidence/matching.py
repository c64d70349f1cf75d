"""Which workshop unit each value of the data belongs to: by name as the app matches names, or by a mapping CSV.

A mapping CSV has two columns, ``value,business_unit`` (a header row of those names is
optional): a value of the business-unit column or tag, and the name of a workshop unit.
Values the mapping does not list are matched by name. What matches no unit is kept and
reported with its spend, never dropped.
"""

from __future__ import annotations

import csv
import difflib
from collections.abc import Iterable, Sequence
from pathlib import Path

from ..domain.workshop import BusinessUnit, same_name_key
from .errors import EvidenceError

_HEADER = ("value", "business_unit")


def _key(text: str) -> str:
    return same_name_key(text.strip())


def read_mapping(path: Path | str, units: Sequence[BusinessUnit]) -> dict[str, int]:
    """The mapping CSV as unit ids by the value's name key; every unit it names must exist."""
    path = Path(path)
    try:
        with open(path, newline="", encoding="utf-8-sig") as handle:
            rows = list(csv.reader(handle))
    except FileNotFoundError:
        raise EvidenceError(f"{path}: no such mapping file") from None
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise EvidenceError(f"the mapping {path.name} cannot be read ({exc})") from None
    by_name = {_key(bu.name): bu for bu in units}
    mapping: dict[str, int] = {}
    written: dict[str, tuple[int, str]] = {}
    unknown: list[str] = []
    for line, row in enumerate(rows, start=1):
        if not row or all(not cell.strip() for cell in row):
            continue
        if line == 1 and tuple(cell.strip().casefold() for cell in row) == _HEADER:
            continue
        if len(row) != 2 or not row[0].strip() or not row[1].strip():
            raise EvidenceError(f"the mapping {path.name}, line {line}: expected two values, "
                                "'value,business_unit'")
        value, unit_name = row[0].strip(), row[1].strip()
        bu = by_name.get(_key(unit_name))
        if bu is None:
            if unit_name not in unknown:
                unknown.append(unit_name)
            continue
        earlier = written.get(_key(value))
        if earlier and earlier[0] != bu.id:
            raise EvidenceError(f"the mapping {path.name}, line {line}: '{value}' is mapped to two units "
                                f"('{earlier[1]}' and '{bu.name}')")
        written[_key(value)] = (bu.id, bu.name)
        mapping[_key(value)] = bu.id
    if unknown:
        names = ", ".join(f"'{n}'" for n in unknown[:5]) + (f" and {len(unknown) - 5} more" if len(unknown) > 5 else "")
        close = difflib.get_close_matches(_key(unknown[0]), list(by_name), n=1, cutoff=0.6)
        hint = f"; did you mean '{by_name[close[0]].name}' for '{unknown[0]}'?" if close else \
            " (add the units to the workshop first, or correct the names)"
        raise EvidenceError(f"the mapping {path.name} names business units the workshop does not have: {names}"
                            + hint)
    if not mapping:
        raise EvidenceError(f"the mapping {path.name} maps no value to a business unit")
    return mapping


def match_values(values: Iterable[str | None], units: Sequence[BusinessUnit],
                 mapping: dict[str, int] | None = None) -> dict[str | None, int | None]:
    """Each data value's unit id, or ``None`` when it matches no unit (and for rows without a value)."""
    by_name = {_key(bu.name): bu.id for bu in units}
    matches: dict[str | None, int | None] = {}
    for value in values:
        if value is None:
            matches[value] = None
            continue
        key = _key(value)
        matches[value] = (mapping or {}).get(key, by_name.get(key))
    return matches
