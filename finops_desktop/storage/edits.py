"""Every change a workshop file takes, through the gate: each value is checked by its kind.

The window's undo commands, the command line and every importer call these methods; they
apply the edit rules of :mod:`finops_desktop.domain.edit_rules` and the value kinds of
:mod:`finops_desktop.domain.values`, so a value is accepted or refused the same way
whoever asks. Each write is one transaction, committed at once; listeners then hear a typed
change event.
"""

from __future__ import annotations

import functools
import json
import sqlite3
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from ..domain import values
from ..domain.edit_rules import carried_into_new_round, consistent_rating, waste_figure_after
from ..domain.model import WasteAssumption
from ..domain.record import record
from ..domain.values import StageValue, ValueRefused
from ..domain.workshop import AssessmentRound, BusinessUnit, Rating, Workshop, WorkshopInfo
from ..domain.workshop_settings import SETTING_KINDS
from .changes import (
    AssumptionsChanged,
    BusinessUnitsChanged,
    Change,
    InfoChanged,
    RatingChanged,
    RoundsChanged,
    SettingsChanged,
)
from .errors import InvalidEdit, ReadOnlyFile, WriteFailed

if TYPE_CHECKING:
    from sqlite_utils import Database

_UNSET: Any = object()
_Method = TypeVar("_Method", bound=Callable[..., Any])


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@record
class RemovedBusinessUnit:
    """Everything needed to put a removed business unit back (undo)."""

    business_unit: BusinessUnit
    ratings: dict[tuple[int, int, str], Rating]


@record
class RemovedRound:
    """Everything needed to put a removed round back (undo)."""

    round: AssessmentRound
    ratings: dict[tuple[int, int, str], Rating]


def edit(method: _Method) -> _Method:
    """An edit that the gate or the file refuses leaves the file and the workshop in memory as they were.

    A value the gate refuses becomes :class:`InvalidEdit`. SQLite rolls a refused write back;
    the workshop in memory, which the edit may have begun to change, is read again from the
    file and listeners hear :class:`Reloaded`.
    """

    @functools.wraps(method)
    def wrapper(self: WorkshopEdits, *args: Any, **kwargs: Any) -> Any:
        try:
            return method(self, *args, **kwargs)
        except ValueRefused as exc:
            raise InvalidEdit(self.path, str(exc)) from None
        except sqlite3.Error as exc:
            self._reload_after_failed_write()
            raise WriteFailed(self.path, f"the change could not be saved ({exc}); the file is as it was") from None

    return wrapper  # type: ignore[return-value]


class WorkshopEdits:
    """The edits of :class:`~.workshop_file.WorkshopFile`; it provides the connection and the listeners."""

    path: Path
    workshop: Workshop
    read_only: bool
    _conn: sqlite3.Connection
    _db: Database | None

    def _changed(self, change: Change) -> None:
        raise NotImplementedError

    def _reload_after_failed_write(self) -> None:
        raise NotImplementedError

    def where_is_the_file(self) -> str | None:
        """Why writes would go astray (the file moved or replaced while open), or None."""
        return None

    def _writable(self) -> Database:
        if self.read_only:
            raise ReadOnlyFile(self.path, "the file is open read-only")
        astray = self.where_is_the_file()
        if astray:
            raise WriteFailed(self.path, f"{astray}; the change was not made. Open the file where it is now")
        if self._db is None:
            from .database import writable_database

            self._db = writable_database(self._conn)
        return self._db

    # The workshop --------------------------------------------------------------------------

    @edit
    def set_info(self, *, client: str = _UNSET, date: str = _UNSET, facilitator: str = _UNSET,
                 currency: str = _UNSET) -> WorkshopInfo:
        db = self._writable()
        info = self.workshop.info
        new = WorkshopInfo(
            client=info.client if client is _UNSET else values.CLIENT_NAME.check(client),
            date=info.date if date is _UNSET else values.WORKSHOP_DATE.check(date),
            facilitator=info.facilitator if facilitator is _UNSET else values.FACILITATOR.check(facilitator),
            currency=info.currency if currency is _UNSET else values.CURRENCY.check(currency),
        )
        if new == info:
            return info
        db.table("workshop").update(1, {"client": new.client, "date": new.date, "facilitator": new.facilitator,
                                        "currency": new.currency})
        self.workshop.info = new
        self._changed(InfoChanged())
        return new

    @edit
    def set_setting(self, key: str, value: object) -> None:
        """Change one of the workshop's settings (see :class:`~finops_desktop.domain.workshop_settings`)."""
        if key not in SETTING_KINDS:
            raise ValueRefused(f"no workshop setting '{key}' (settings: {', '.join(SETTING_KINDS)})")
        settings = self.workshop.settings.edited(key, value)
        if settings == self.workshop.settings:
            return
        db = self._writable()
        db.table("settings").upsert({"key": key, "value": json.dumps(getattr(settings, key))}, pk="key")
        self.workshop.settings = settings
        self._changed(SettingsChanged(key))

    # Business units ------------------------------------------------------------------------

    @edit
    def add_business_unit(self, name: str, *, monthly_spend: float | None = None, owner: str = "",
                          notes: str = "", annual_growth: float | None = None) -> BusinessUnit:
        db = self._writable()
        bu = BusinessUnit(0, self._unique_name(name), len(self.workshop.business_units),
                          values.MONTHLY_SPEND.check(monthly_spend), values.OWNER.check(owner),
                          values.UNIT_NOTES.check(notes), values.GROWTH.check(annual_growth))
        row = {"name": bu.name, "position": bu.position, "monthly_spend": bu.monthly_spend, "owner": bu.owner,
               "notes": bu.notes, "annual_growth": bu.annual_growth}
        bu = replace(bu, id=self._next_business_unit_id())
        db.table("business_units").insert({"id": bu.id, **row})
        self.workshop.business_units.append(bu)
        self._changed(BusinessUnitsChanged(bu.id, "added", bu.position))
        return bu

    @edit
    def update_business_unit(self, bu_id: int, *, name: str = _UNSET, monthly_spend: float | None = _UNSET,
                             owner: str = _UNSET, notes: str = _UNSET,
                             annual_growth: float | None = _UNSET) -> BusinessUnit:
        bu = self._business_unit(bu_id)
        changes: dict[str, Any] = {}
        if name is not _UNSET:
            changes["name"] = self._unique_name(name, except_id=bu_id)
        if monthly_spend is not _UNSET:
            changes["monthly_spend"] = values.MONTHLY_SPEND.check(monthly_spend)
        if owner is not _UNSET:
            changes["owner"] = values.OWNER.check(owner)
        if notes is not _UNSET:
            changes["notes"] = values.UNIT_NOTES.check(notes)
        if annual_growth is not _UNSET:
            changes["annual_growth"] = values.GROWTH.check(annual_growth)
        changes = {key: value for key, value in changes.items() if getattr(bu, key) != value}
        if not changes:
            return bu
        self._writable().table("business_units").update(bu_id, changes)
        updated = replace(bu, **changes)
        units = self.workshop.business_units
        row = next(i for i, u in enumerate(units) if u.id == bu_id)
        units[row] = updated
        self._changed(BusinessUnitsChanged(bu_id, "updated", row))
        return updated

    def rename_business_unit(self, bu_id: int, new_name: str) -> BusinessUnit:
        return self.update_business_unit(bu_id, name=new_name)

    @edit
    def move_business_unit(self, bu_id: int, new_index: int) -> None:
        """Put a business unit at ``new_index`` in the display order."""
        db = self._writable()
        units = self.workshop.business_units
        bu = self._business_unit(bu_id)
        old_index = units.index(bu)
        new_index = max(0, min(new_index, len(units) - 1))
        if new_index == old_index:
            return
        units.remove(bu)
        units.insert(new_index, bu)
        self._renumber(db)
        self._changed(BusinessUnitsChanged(bu_id, "moved", new_index, old_index))

    @edit
    def remove_business_unit(self, bu_id: int) -> RemovedBusinessUnit:
        """Remove a business unit and its ratings; the result puts it back (undo)."""
        db = self._writable()
        bu = self._business_unit(bu_id)
        row = self.workshop.business_units.index(bu)
        ratings = {key: r for key, r in self.workshop.ratings.items() if key[1] == bu_id}
        with db.atomic():
            db.execute("DELETE FROM ratings WHERE bu_id = ?", [bu_id])
            db.execute("DELETE FROM business_units WHERE id = ?", [bu_id])
            self.workshop.business_units.remove(bu)
            for key in ratings:
                del self.workshop.ratings[key]
            self._renumber(db)
        self._changed(BusinessUnitsChanged(bu_id, "removed", row))
        return RemovedBusinessUnit(bu, ratings)

    @edit
    def restore_business_unit(self, removed: RemovedBusinessUnit) -> BusinessUnit:
        """Put back a business unit removed by :meth:`remove_business_unit`, with its ratings."""
        db = self._writable()
        bu = removed.business_unit
        self._unique_name(bu.name)
        units = self.workshop.business_units
        with db.atomic():
            db.table("business_units").insert({"id": bu.id, "name": bu.name, "position": bu.position,
                                               "monthly_spend": bu.monthly_spend, "owner": bu.owner,
                                               "notes": bu.notes, "annual_growth": bu.annual_growth})
            for (round_id, _, dimension_id), rating in removed.ratings.items():
                self._write_rating(db, round_id, bu, dimension_id, rating, history=False)
            row = min(bu.position, len(units))
            units.insert(row, bu)
            self._renumber(db)
        self.workshop.ratings.update(removed.ratings)
        self._changed(BusinessUnitsChanged(bu.id, "added", row))
        return bu

    # Ratings -------------------------------------------------------------------------------

    @edit
    def set_rating(self, bu_id: int, dimension_id: str, rating: Rating, round_id: int | None = None) -> Rating:
        """Write one cell's rating and append it to the history, in one transaction; returns it as stored."""
        db = self._writable()
        bu = self._business_unit(bu_id)
        round_id = self.workshop.active_round.id if round_id is None else round_id
        if not any(r.id == round_id for r in self.workshop.rounds):
            raise InvalidEdit(self.path, f"no assessment round {round_id}")
        rating = replace(self.checked_rating(dimension_id, rating), rated_at=now())
        with db.atomic():
            self._write_rating(db, round_id, bu, dimension_id, rating, history=True)
        key = (round_id, bu_id, dimension_id)
        if rating.is_empty:
            self.workshop.ratings.pop(key, None)
        else:
            self.workshop.ratings[key] = rating
        self._changed(RatingChanged(bu_id, dimension_id, round_id))
        return rating

    def checked_rating(self, dimension_id: str, rating: Rating) -> Rating:
        """A rating through the gate: every field by its kind, then the edit rules that keep a cell consistent."""
        model = self.workshop.model
        if not model.has_dimension(dimension_id):
            known = ", ".join(d.id for d in model.dimensions)
            raise ValueRefused(f"unknown dimension '{dimension_id}' (this model has: {known})")
        stage = StageValue(model)
        kinds = {i.id: values.IndicatorValue(i) for i in model.dimension(dimension_id).indicators}
        indicators = []
        for indicator_id, value in rating.indicators:
            if indicator_id not in kinds:
                raise ValueRefused(f"dimension '{dimension_id}' has no indicator '{indicator_id}'")
            number = kinds[indicator_id].check(value)
            if number is not None:
                indicators.append((indicator_id, number))
        checked = replace(rating, current=stage.check(rating.current), target=StageValue(model, "target").check(
            rating.target), confidence=values.CONFIDENCE.check(rating.confidence),
            note=values.RATING_NOTE.check(rating.note), participants=values.PARTICIPANTS.check(rating.participants),
            indicators=tuple(sorted(indicators)))
        return consistent_rating(checked)

    # Rounds --------------------------------------------------------------------------------

    @edit
    def add_round(self, name: str, *, copy_previous: bool = True) -> AssessmentRound:
        """Start a new assessment round; it starts from the previous round's ratings unless told not to."""
        db = self._writable()
        name = self._unique_round_name(name)
        previous = self.workshop.active_round
        created = now()
        with db.atomic():
            round_id = self._next_round_id()
            db.table("rounds").insert({"id": round_id, "name": name, "created_at": created})
            copied = {}
            if copy_previous:
                for (rid, bu_id, dimension_id), rating in list(self.workshop.ratings.items()):
                    if rid == previous.id:
                        carried = carried_into_new_round(rating)
                        self._write_rating(db, round_id, self._business_unit(bu_id), dimension_id, carried,
                                           history=True)
                        copied[(round_id, bu_id, dimension_id)] = carried
        rnd = AssessmentRound(round_id, name, created)
        self.workshop.rounds.append(rnd)
        self.workshop.ratings.update(copied)
        self._changed(RoundsChanged(round_id, "added"))
        return rnd

    @edit
    def rename_round(self, round_id: int, name: str) -> AssessmentRound:
        rnd = self._round(round_id)
        name = self._unique_round_name(name, except_id=round_id)
        if name == rnd.name:
            return rnd
        self._writable().table("rounds").update(round_id, {"name": name})
        renamed = replace(rnd, name=name)
        rounds = self.workshop.rounds
        rounds[rounds.index(rnd)] = renamed
        self._changed(RoundsChanged(round_id, "renamed"))
        return renamed

    def round_has_changes(self, round_id: int) -> bool:
        """Whether a round holds ratings of its own, beyond what it copied from the round before."""
        rounds = self.workshop.rounds
        index = rounds.index(self._round(round_id))
        previous = rounds[index - 1].id if index > 0 else None
        for (rid, bu_id, dimension_id), rating in self.workshop.ratings.items():
            if rid != round_id:
                continue
            copied_from = self.workshop.ratings.get((previous, bu_id, dimension_id)) if previous else None
            if copied_from is None or carried_into_new_round(copied_from) != rating:
                return True
        return False

    @edit
    def remove_round(self, round_id: int) -> RemovedRound:
        """Remove a round that holds no changes of its own (it only copied the round before, or is empty)."""
        rnd = self._round(round_id)
        if len(self.workshop.rounds) == 1:
            raise InvalidEdit(self.path, "a workshop keeps at least one round")
        if self.round_has_changes(round_id):
            raise InvalidEdit(self.path, f"the round '{rnd.name}' holds ratings of its own; it is kept")
        db = self._writable()
        ratings = {key: r for key, r in self.workshop.ratings.items() if key[0] == round_id}
        with db.atomic():
            db.execute("DELETE FROM ratings WHERE round_id = ?", [round_id])
            db.execute("DELETE FROM rounds WHERE id = ?", [round_id])
        self.workshop.rounds.remove(rnd)
        for key in ratings:
            del self.workshop.ratings[key]
        self._changed(RoundsChanged(round_id, "removed"))
        return RemovedRound(rnd, ratings)

    @edit
    def restore_round(self, removed: RemovedRound) -> AssessmentRound:
        """Put back a round removed by :meth:`remove_round`, with the ratings it held."""
        db = self._writable()
        rnd = removed.round
        self._unique_round_name(rnd.name)
        with db.atomic():
            db.table("rounds").insert({"id": rnd.id, "name": rnd.name, "created_at": rnd.created_at})
            for (_, bu_id, dimension_id), rating in removed.ratings.items():
                self._write_rating(db, rnd.id, self._business_unit(bu_id), dimension_id, rating, history=False)
        self.workshop.rounds.append(rnd)
        self.workshop.rounds.sort(key=lambda r: r.id)
        self.workshop.ratings.update(removed.ratings)
        self._changed(RoundsChanged(rnd.id, "added"))
        return rnd

    # Waste assumptions ---------------------------------------------------------------------

    @edit
    def set_waste_assumption(self, dimension_id: str, stage: str, share: float | None = None,
                             reasoning: str | None = None) -> WasteAssumption | None:
        """Edit a waste figure for this workshop only (the model keeps its own figure).

        A share or reasoning left out keeps the one in force; a figure that ends up equal to
        the model's is a reset. Returns the workshop's own figure, or ``None`` after a reset.
        """
        model_figure = self._model_waste(dimension_id, stage)
        share = None if share is None else values.SHARE_OF_SPEND.check(share)
        reasoning = None if reasoning is None else values.REASONING.check(reasoning)
        after = waste_figure_after(model_figure, self.workshop.waste(dimension_id, stage), share, reasoning)
        if after is None:
            self.reset_waste_assumption(dimension_id, stage)
            return None
        if self.workshop.waste_overrides.get((dimension_id, stage)) == after:
            return after
        self._writable().table("waste_assumptions").upsert(
            {"dimension_id": dimension_id, "stage": stage, "share": after.share, "reasoning": after.reasoning},
            pk=("dimension_id", "stage"))
        self.workshop.waste_overrides[(dimension_id, stage)] = after
        self._changed(AssumptionsChanged(dimension_id, stage))
        return after

    @edit
    def reset_waste_assumption(self, dimension_id: str, stage: str) -> None:
        self._model_waste(dimension_id, stage)
        if (dimension_id, stage) not in self.workshop.waste_overrides:
            return
        self._writable().execute("DELETE FROM waste_assumptions WHERE dimension_id = ? AND stage = ?",
                                 [dimension_id, stage])
        self.workshop.waste_overrides.pop((dimension_id, stage), None)
        self._changed(AssumptionsChanged(dimension_id, stage))

    def _model_waste(self, dimension_id: str, stage: str) -> WasteAssumption:
        model = self.workshop.model
        if not model.has_dimension(dimension_id) or stage not in model.dimension(dimension_id).waste:
            raise ValueRefused(f"no waste assumption for '{dimension_id}' at '{stage}' in this model")
        return model.dimension(dimension_id).waste[stage]

    # Internals -----------------------------------------------------------------------------

    def _business_unit(self, bu_id: int) -> BusinessUnit:
        try:
            return self.workshop.business_unit(bu_id)
        except KeyError:
            raise InvalidEdit(self.path, f"no business unit with id {bu_id}") from None

    def _round(self, round_id: int) -> AssessmentRound:
        for rnd in self.workshop.rounds:
            if rnd.id == round_id:
                return rnd
        raise InvalidEdit(self.path, f"no assessment round {round_id}")

    def _unique_name(self, name: str, except_id: int | None = None) -> str:
        name = values.BUSINESS_UNIT_NAME.check(name)
        other = self.workshop.business_unit_named(name)
        if other and other.id != except_id:
            raise InvalidEdit(self.path, f"a business unit named '{other.name}' already exists")
        return name

    def _unique_round_name(self, name: str, except_id: int | None = None) -> str:
        name = values.ROUND_NAME.check(name)
        other = self.workshop.round_named(name)
        if other and other.id != except_id:
            raise InvalidEdit(self.path, f"a round named '{other.name}' already exists")
        return name

    def _next_round_id(self) -> int:
        """A round id never used before, not even by a removed round whose history stays in the file."""
        used = self._conn.execute("SELECT max(coalesce((SELECT max(id) FROM rounds), 0), "
                                  "coalesce((SELECT max(round_id) FROM rating_history), 0))").fetchone()[0]
        return int(used or 0) + 1

    def _next_business_unit_id(self) -> int:
        """An id no unit ever had: a removed unit's votes, progress or history never pass to a new one."""
        highest = self._conn.execute("SELECT coalesce(max(id), 0) FROM business_units").fetchone()[0]
        tables = [name for (name,) in self._conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        for table in tables:
            columns = {row[1] for row in self._conn.execute(f'PRAGMA table_info("{table}")')}
            if "bu_id" in columns:
                used = self._conn.execute(f'SELECT coalesce(max(bu_id), 0) FROM "{table}"').fetchone()[0]
                highest = max(highest, int(used) if isinstance(used, int) else 0)
        return int(highest) + 1

    def _renumber(self, db: Database) -> None:
        units = self.workshop.business_units
        with db.atomic():
            for index, bu in enumerate(units):
                if bu.position != index:
                    db.execute("UPDATE business_units SET position = ? WHERE id = ?", [index, bu.id])
                    units[index] = replace(bu, position=index)

    def _write_rating(self, db: Database, round_id: int, bu: BusinessUnit, dimension_id: str, rating: Rating,
                      *, history: bool) -> None:
        stamp = now()
        rated_at = rating.rated_at or stamp  # a copied or restored rating keeps the date it was made
        row = {"current": rating.current, "target": rating.target, "confidence": rating.confidence,
               "note": rating.note, "participants": rating.participants,
               "indicators": json.dumps(dict(rating.indicators), sort_keys=True)}
        if rating.is_empty:
            db.execute("DELETE FROM ratings WHERE round_id = ? AND bu_id = ? AND dimension_id = ?",
                       [round_id, bu.id, dimension_id])
        else:
            db.table("ratings").upsert({"round_id": round_id, "bu_id": bu.id, "dimension_id": dimension_id,
                                        "updated_at": rated_at, **row}, pk=("round_id", "bu_id", "dimension_id"))
        if history:
            db.table("rating_history").insert({"at": stamp, "round_id": round_id, "bu_id": bu.id,
                                               "bu_name": bu.name, "dimension_id": dimension_id, **row})
