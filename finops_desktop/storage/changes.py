"""What an edit changed, as typed events, and the listeners that hear them.

Each event says exactly what changed (which unit, dimension, round, row), so item models
forward it without comparing lists. Listeners that are bound methods are held weakly: a
view that is gone stops hearing changes without having to unsubscribe.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from typing import Any, ClassVar

from ..domain.record import record


@record
class Change:
    """Something in the workshop changed; subclasses say what."""

    kind: ClassVar[str] = "change"


@record
class RatingChanged(Change):
    """A cell's rating (stage, target, confidence, notes) in one round was set or cleared."""

    kind: ClassVar[str] = "rating"
    bu_id: int
    dimension_id: str
    round_id: int


@record
class BusinessUnitsChanged(Change):
    """A unit was added, updated, moved or removed; ``row`` is its place in the list (before, for a removal)."""

    kind: ClassVar[str] = "business_units"
    bu_id: int
    action: str  # "added" | "updated" | "moved" | "removed"
    row: int
    old_row: int | None = None


@record
class InfoChanged(Change):
    """The workshop's details (client, date, facilitator, currency) were edited."""

    kind: ClassVar[str] = "info"


@record
class RoundsChanged(Change):
    """A round was added, renamed or removed."""

    kind: ClassVar[str] = "rounds"
    round_id: int
    action: str  # "added" | "renamed" | "removed"


@record
class AssumptionsChanged(Change):
    """The waste assumption of one dimension at one stage was set, or put back to the model's."""

    kind: ClassVar[str] = "assumptions"
    dimension_id: str
    stage_id: str


@record
class SettingsChanged(Change):
    """One of the workshop's settings (``key``) was changed."""

    kind: ClassVar[str] = "settings"
    key: str


@record
class EvidenceChanged(Change):
    """Billing data was imported: the measured figures are new."""

    kind: ClassVar[str] = "evidence"


@record
class ProgressChanged(Change):
    """Progress was read back from a workbook; ``keys`` are the (step id, unit id) records that changed."""

    kind: ClassVar[str] = "progress"
    keys: tuple[tuple[str, int], ...]


@record
class Reloaded(Change):
    """The workshop was read again from the file (a refused write, or a batch that failed)."""

    kind: ClassVar[str] = "reloaded"


@record
class VotesChanged(Change):
    """Votes on these cells (business unit id, dimension id) of a round were given, replaced or withdrawn."""

    kind: ClassVar[str] = "votes"
    round_id: int
    cells: tuple[tuple[int, str], ...]


@record
class ParticipantsChanged(Change):
    """Someone in the room was added, edited or removed."""

    kind: ClassVar[str] = "participants"
    participant_id: int
    action: str  # "added" | "updated" | "removed"


Listener = Callable[[Change], None]


class Listeners:
    """Who hears a file's changes; bound methods are held weakly."""

    def __init__(self) -> None:
        self._entries: list[Callable[[], Listener | None]] = []

    def add(self, listener: Listener) -> None:
        if hasattr(listener, "__self__") and hasattr(listener, "__func__"):
            self._entries.append(weakref.WeakMethod(listener))
        else:
            self._entries.append(lambda: listener)

    def remove(self, listener: Listener) -> None:
        self._entries = [entry for entry in self._entries if entry() not in (None, listener)]

    def tell(self, change: Change) -> None:
        alive: list[Callable[[], Any]] = []
        callbacks = []
        for entry in self._entries:
            callback = entry()
            if callback is not None:
                alive.append(entry)
                callbacks.append(callback)
        self._entries = alive
        for callback in callbacks:
            callback(change)

    def __len__(self) -> int:
        return sum(1 for entry in self._entries if entry() is not None)
