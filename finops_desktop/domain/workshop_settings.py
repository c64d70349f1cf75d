"""Settings of one workshop, kept in its file: how it is planned, priced and printed."""

from __future__ import annotations

from dataclasses import fields, replace
from typing import Any

from .record import record
from .values import DAY_RATE, Flag, PaperSize


@record
class WorkshopSettings:
    """What a workshop can change about how it is planned and printed; the defaults suit most."""

    #: An unset target counts as a suggested move to the next stage; off: an unset target means no move.
    suggest_targets: bool = True
    #: What a day of effort costs, in the workshop's currency (for wave cost and payback).
    day_rate: float | None = None
    #: Paper of the printed workbook; ``None`` chooses from the currency (Letter for USD and CAD).
    paper_size: str | None = None

    def edited(self, key: str, value: object) -> WorkshopSettings:
        return replace(self, **{key: SETTING_KINDS[key].check(value)})


#: The value kind of each setting, by its name in the file and on the command line.
SETTING_KINDS: dict[str, Any] = {
    "suggest_targets": Flag("suggesting targets"),
    "day_rate": DAY_RATE,
    "paper_size": PaperSize(),
}

if set(SETTING_KINDS) != {f.name for f in fields(WorkshopSettings)}:  # pragma: no cover - a coding error
    raise RuntimeError("every workshop setting needs a value kind")
