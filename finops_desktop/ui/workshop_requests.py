"""What the workshop forms hand back, and the names they suggest: plain data, no Qt."""

from __future__ import annotations

import re
from pathlib import Path

from ..domain.model import MaturityModel
from ..domain.record import record
from ..domain.workshop import WorkshopInfo

SUFFIX = ".finops"
CURRENCIES = ("EUR", "USD", "GBP", "CHF", "SEK", "NOK", "DKK", "PLN", "CAD", "AUD", "JPY", "INR")


@record
class NewWorkshopRequest:
    """What the New workshop form asks for: where the file goes, the details and the model."""

    path: Path
    info: WorkshopInfo
    model: MaturityModel


@record
class NewRoundRequest:
    """What the New round form asks for: the round's name, and whether it starts from the last one."""

    name: str
    copy_previous: bool


def file_name_for(client: str) -> str:
    """A file name from a client name: readable, and safe on every operating system."""
    cleaned = re.sub(r'[<>:"/\\|?*\x00-\x1f]', " ", client).strip(" .")
    cleaned = re.sub(r"\s+", " ", cleaned)[:80].strip()
    return f"{cleaned or 'Workshop'} FinOps workshop{SUFFIX}"


@record
class NewBusinessUnitRequest:
    """A business unit to add, its values already read by the gate's kinds."""

    name: str
    monthly_spend: float | None = None
    annual_growth: float | None = None
    owner: str = ""
