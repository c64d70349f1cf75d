"""One parser and checker per kind of value a workshop holds: the gate every edit passes.

Every way of changing a workshop — the window, the command line, the importers, and the
values read back from a file — goes through these kinds, so a value is accepted or refused
the same way, with the same message, wherever it comes from. ``parse`` reads what a person
typed (a command-line argument, a line edit); ``check`` takes a value that is already of the
right type (from code, or from a file) and applies the same rules.
"""

from __future__ import annotations

import math
import re
from datetime import date

from .model import NOT_APPLICABLE, Indicator, MaturityModel
from .progress import STATUSES
from .record import record
from .text_values import (
    BIDI_CONTROLS,
    CONFIDENCE_LEVELS,
    INVISIBLE_IN_NAMES,
    MAX_MONTHLY_SPEND,
    MAX_NAME_LENGTH,
    MAX_NOTE_LENGTH,
    MAX_PARTICIPANTS_LENGTH,
    MAX_REASONING_LENGTH,
    FreeText,
    Name,
    ValueRefused,
    odd_character,
    shown,
)

# Numbers ----------------------------------------------------------------------------------


def _finite(value: object, message: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueRefused(message)
    number = float(value)
    if not math.isfinite(number):
        raise ValueRefused(message)
    return number + 0.0  # -0.0 becomes 0.0


_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def _number_text(text: str) -> float | None:
    """A plain decimal number as typed ("12.5", "12,5"), or None when it is not one."""
    cleaned = text.strip().replace("\u2212", "-")
    if re.fullmatch(r"[+-]?\d+,\d+", cleaned):
        cleaned = cleaned.replace(",", ".")  # a decimal comma
    if not _NUMBER.fullmatch(cleaned):
        return None
    return float(cleaned)


@record
class Money:
    """An amount of money per month: "420000", "420,000", "€ 420 000", "75k", "1.2m"; empty means none."""

    what: str = "monthly spend"
    maximum: float = MAX_MONTHLY_SPEND

    def parse(self, text: str) -> float | None:
        if not text.strip():
            return None
        cleaned = re.sub(r"^\s*([A-Z]{3}(?![A-Za-z])|[€$£¥])", "", text.strip())  # a currency in front
        cleaned = re.sub(r"[ \t'’_\u00a0\u202f]", "", cleaned)
        cleaned = re.sub(r"([A-Z]{3}|[€$£¥])$", "", cleaned)  # or behind
        if not cleaned:
            raise ValueRefused(f"the {self.what} must be an amount such as 42000, 42,000 or 42k, "
                               f"not '{shown(text.strip())}'")
        factor = 1.0
        if cleaned[-1] in "kK":
            factor, cleaned = 1_000.0, cleaned[:-1]
        elif cleaned[-1] in "mM":
            factor, cleaned = 1_000_000.0, cleaned[:-1]
        if re.fullmatch(r"[+-]?\d{1,3}(,\d{3})+(\.\d+)?", cleaned):
            cleaned = cleaned.replace(",", "")  # thousands separators
        number = _number_text(cleaned)
        if number is None:
            raise ValueRefused(f"the {self.what} must be an amount such as 42000, 42,000 or 42k, "
                               f"not '{shown(text.strip())}'")
        return self.check(number * factor)

    def check(self, value: object) -> float | None:
        if value is None:
            return None
        amount = _finite(value, f"the {self.what} must be an amount of money, not '{shown(value)}'")
        if amount < 0:
            raise ValueRefused(f"the {self.what} cannot be negative ({amount_text(amount, 2)})")
        if amount > self.maximum:
            raise ValueRefused(f"the {self.what} must be at most {self.maximum:,.0f}, not {amount_text(amount)}")
        return amount


def amount_text(amount: float, decimals: int = 0) -> str:
    """An amount as a message shows it: with thousands separators, or as ``1.2e+308`` beyond any bill."""
    return f"{amount:.3g}" if abs(amount) >= 1e15 else f"{amount:,.{decimals}f}"


@record
class BillingAmount:
    """A sum read from billing data: negative where credits exceed charges, never beyond any bill."""

    what: str = "billing amount"
    maximum: float = 1e15

    def check(self, value: object) -> float:
        amount = _finite(value, f"the {self.what} must be an amount of money, not '{shown(str(value))}'")
        if abs(amount) > self.maximum:
            raise ValueRefused(f"the {self.what} lies beyond any bill ({amount_text(amount)})")
        return amount


@record
class Percentage:
    """A figure in percent (12.5 means 12.5 %), within bounds.

    A number between 0 and 1 typed without a % sign is refused: "0.225" is as likely to
    mean 22.5 % as 0.225 %, and guessing would be silently wrong by a factor of a hundred.
    """

    what: str
    low: float = 0.0
    high: float = 100.0
    optional: bool = True

    def parse(self, text: str) -> float | None:
        stripped = text.strip()
        if not stripped:
            if self.optional:
                return None
            raise ValueRefused(f"the {self.what} must be a percentage")
        has_sign = stripped.endswith("%")
        number = _number_text(stripped.rstrip("%").strip())
        if number is None:
            raise ValueRefused(f"the {self.what} must be a number of percent such as 12.5, "
                               f"not '{shown(stripped)}'")
        if not has_sign and 0 < abs(number) < 1:
            raise ValueRefused(f"the {self.what} is in percent: for {number * 100:g} % write {number * 100:g}; "
                               f"for less than one percent write {number:g} %")
        return self.check(number)

    def check(self, value: object) -> float | None:
        if value is None and self.optional:
            return None
        number = _finite(value, f"the {self.what} must be a number of percent, not '{shown(value)}'")
        if not self.low <= number <= self.high:
            raise ValueRefused(f"the {self.what} lies between {self.low:g} and {self.high:g} %, not {number:g} %")
        return number


@record
class Share:
    """A share of spend, stored as a fraction (0 to 1), typed in percent like :class:`Percentage`."""

    what: str = "share of spend"

    def parse(self, text: str) -> float:
        percent = Percentage(self.what, optional=False).parse(text)
        assert percent is not None
        return round(percent / 100, 6)

    def check(self, value: object) -> float:
        number = _finite(value, f"the {self.what} must be a number, not '{shown(value)}'")
        if not 0 <= number <= 1:
            raise ValueRefused(f"the {self.what} lies between 0 and 100 %, not {number * 100:g} %")
        return number


# Dates, currencies, stages ---------------------------------------------------------------------


@record
class DateValue:
    """A calendar date, written as ISO 8601 (2026-11-27); empty means none."""

    what: str = "date"

    def parse(self, text: str) -> str:
        return self.check(text)

    def check(self, value: object) -> str:
        if value is None:
            return ""
        if isinstance(value, date):
            return value.isoformat()
        if not isinstance(value, str):
            raise ValueRefused(f"the {self.what} must be a date such as 2026-11-27")
        text = value.strip()
        if not text:
            return ""
        try:
            if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
                raise ValueError(text)
            return date.fromisoformat(text).isoformat()
        except ValueError:
            raise ValueRefused(f"the {self.what} must be a date written as YYYY-MM-DD, e.g. 2026-11-27, "
                               f"not '{shown(text)}'") from None


@record
class Currency:
    """An ISO 4217 currency code: three letters, e.g. EUR."""

    what: str = "currency"

    def parse(self, text: str) -> str:
        return self.check(text.strip().upper())

    def check(self, value: object) -> str:
        if not isinstance(value, str) or not re.fullmatch(r"[A-Z]{3}", value):
            raise ValueRefused(f"the {self.what} is a three-letter code such as EUR, USD or GBP, "
                               f"not '{shown(value)}'")
        return value


def stage_choices(model: MaturityModel) -> str:
    return ", ".join(s.id for s in model.stages)


@record
class StageValue:
    """The stage a cell is at: a stage of the model, ``"na"`` (not applicable) or ``None`` (not assessed)."""

    model: MaturityModel
    what: str = "stage"
    allow_not_applicable: bool = True

    def parse(self, text: str) -> str | None:
        wanted = text.strip().casefold()
        if wanted in ("", "none", "-", "not assessed"):
            return None
        if wanted in ("na", "n/a", "not applicable"):
            return self.check(NOT_APPLICABLE)
        for stage in self.model.stages:
            if wanted in (stage.id.casefold(), stage.name.casefold(), str(stage.score)):
                return stage.id
        raise self._refused(text.strip())

    def check(self, value: object) -> str | None:
        if value is None:
            return None
        if value == NOT_APPLICABLE and self.allow_not_applicable:
            return NOT_APPLICABLE
        if isinstance(value, str) and self.model.has_stage(value):
            return value
        raise self._refused(value)

    def _refused(self, value: object) -> ValueRefused:
        extra = ", none or na" if self.allow_not_applicable else " or none"
        return ValueRefused(f"unknown {self.what} '{shown(value)}' (use {stage_choices(self.model)}{extra})")


@record
class Confidence:
    """How sure the room is of a rating: low, medium or high; empty means not said."""

    what: str = "confidence"

    def parse(self, text: str) -> str | None:
        return self.check(text.strip().casefold() or None)

    def check(self, value: object) -> str | None:
        if value is None or value == "none":
            return None
        if value not in CONFIDENCE_LEVELS:
            raise ValueRefused(f"the {self.what} is one of {', '.join(CONFIDENCE_LEVELS)} (or none)")
        return str(value)


@record
class IndicatorValue:
    """A measured value of one indicator; a percentage lies between 0 and 100."""

    indicator: Indicator

    def parse(self, text: str) -> float | None:
        stripped = text.strip().rstrip("%").strip()
        if not stripped:
            return None
        number = _number_text(stripped)
        if number is None:
            raise ValueRefused(f"{self.indicator.name} must be a number, not '{shown(text.strip())}'")
        return self.check(number)

    def check(self, value: object) -> float | None:
        if value is None:
            return None
        number = _finite(value, f"{self.indicator.name} must be a number, not '{shown(value)}'")
        if self.indicator.unit.strip() == "%" and not 0 <= number <= 100:
            raise ValueRefused(f"{self.indicator.name} is a percentage between 0 and 100, not {number:g}")
        if abs(number) > 1e12:
            raise ValueRefused(f"{self.indicator.name} is out of any sane range ({number:g})")
        return number


@record
class Flag:
    """A setting that is on or off."""

    what: str

    def parse(self, text: str) -> bool:
        word = text.strip().casefold()
        if word in ("on", "yes", "true", "1"):
            return True
        if word in ("off", "no", "false", "0"):
            return False
        raise ValueRefused(f"{self.what} is on or off, not '{shown(word)}'")

    def check(self, value: object) -> bool:
        if not isinstance(value, bool):
            raise ValueRefused(f"{self.what} is on or off")
        return value


PAPER_SIZES = ("A4", "Letter")


@record
class PaperSize:
    """A4 or Letter; ``None`` lets the workbook choose from the workshop's currency."""

    what: str = "paper size"

    def parse(self, text: str) -> str | None:
        word = text.strip().casefold()
        if word in ("", "auto"):
            return None
        return self.check(next((p for p in PAPER_SIZES if p.casefold() == word), word[:20]))

    def check(self, value: object) -> str | None:
        if value is None:
            return None
        if isinstance(value, str) and value in PAPER_SIZES:
            return value
        raise ValueRefused(f"the {self.what} is A4, Letter or auto, not '{shown(value)}'")


@record
class Choice:
    """One of a fixed list of words, matched ignoring case; ``None`` or "" is the first."""

    what: str
    choices: tuple[str, ...]

    def parse(self, text: str) -> str:
        return self.check(text)

    def check(self, value: object) -> str:
        if value is None or (isinstance(value, str) and not value.strip()):
            return self.choices[0]
        wanted = value.strip().casefold() if isinstance(value, str) else None
        for choice in self.choices:
            if choice.casefold() == wanted:
                return choice
        raise ValueRefused(f"the {self.what} is one of {', '.join(self.choices)}, not '{shown(value)}'")


# The kinds a workshop uses, by field -------------------------------------------------------

CLIENT_NAME = Name("client name")
BUSINESS_UNIT_NAME = Name("business unit name")
ROUND_NAME = Name("round name", max_length=100)
PARTICIPANT_NAME = Name("participant name")
FACILITATOR = FreeText("facilitator's name", max_length=MAX_NAME_LENGTH, multiline=False)
OWNER = FreeText("owner", max_length=MAX_NAME_LENGTH, multiline=False)
UNIT_NOTES = FreeText("notes", max_length=MAX_NOTE_LENGTH)
RATING_NOTE = FreeText("evidence note", max_length=MAX_NOTE_LENGTH)
PARTICIPANTS = FreeText("list of who was in the room", max_length=MAX_PARTICIPANTS_LENGTH, multiline=False)
REASONING = FreeText("reasoning", max_length=MAX_REASONING_LENGTH)
MONTHLY_SPEND = Money("monthly spend")
DAY_RATE = Money("day rate", maximum=1e7)
GROWTH = Percentage("spend growth", low=-100, high=10_000)
SHARE_OF_SPEND = Share("share of spend")
WORKSHOP_DATE = DateValue("workshop date")
CURRENCY = Currency()
CONFIDENCE = Confidence()
BILLING_AMOUNT = BillingAmount()
BILLING_VALUE = FreeText("value in the billing data", max_length=1_000, multiline=False)
BILLING_TEXT = FreeText("description of the billing data", max_length=MAX_NOTE_LENGTH, multiline=False)
PARTICIPANT_ROLE = FreeText("participant's role", max_length=MAX_NAME_LENGTH, multiline=False)
VOTE_COMMENT = FreeText("comment on a vote", max_length=MAX_REASONING_LENGTH)


VOTE_SOURCES = ("room", "questionnaire")
VOTE_SOURCE = Choice("source of a vote", VOTE_SOURCES)
STEP_STATUS = Choice("status", STATUSES)
STEP_OWNER = FreeText("owner", max_length=MAX_NAME_LENGTH, multiline=False)
DUE_DATE = DateValue("due date")
PERCENT_COMPLETE = Percentage("% complete")
STEP_COMMENT = FreeText("comment", max_length=MAX_NOTE_LENGTH)
SAVINGS_REALISED = Money("savings realised")


__all__ = [
    "BIDI_CONTROLS",
    "BILLING_AMOUNT",
    "BILLING_TEXT",
    "BILLING_VALUE",
    "BUSINESS_UNIT_NAME",
    "CLIENT_NAME",
    "CONFIDENCE",
    "CONFIDENCE_LEVELS",
    "CURRENCY",
    "DAY_RATE",
    "DUE_DATE",
    "FACILITATOR",
    "GROWTH",
    "INVISIBLE_IN_NAMES",
    "MAX_MONTHLY_SPEND",
    "MAX_NAME_LENGTH",
    "MAX_NOTE_LENGTH",
    "MAX_PARTICIPANTS_LENGTH",
    "MAX_REASONING_LENGTH",
    "MONTHLY_SPEND",
    "OWNER",
    "PAPER_SIZES",
    "PARTICIPANTS",
    "PARTICIPANT_NAME",
    "PARTICIPANT_ROLE",
    "PERCENT_COMPLETE",
    "RATING_NOTE",
    "REASONING",
    "ROUND_NAME",
    "SAVINGS_REALISED",
    "SHARE_OF_SPEND",
    "STEP_COMMENT",
    "STEP_OWNER",
    "STEP_STATUS",
    "UNIT_NOTES",
    "VOTE_COMMENT",
    "VOTE_SOURCE",
    "VOTE_SOURCES",
    "WORKSHOP_DATE",
    "BillingAmount",
    "Choice",
    "Confidence",
    "Currency",
    "DateValue",
    "Flag",
    "FreeText",
    "IndicatorValue",
    "Money",
    "Name",
    "PaperSize",
    "Percentage",
    "Share",
    "StageValue",
    "ValueRefused",
    "odd_character",
    "shown",
]
