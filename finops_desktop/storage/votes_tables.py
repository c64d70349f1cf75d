"""Participants and their votes in a workshop file: read and checked like every value, written through the gate.

Votes sit beside the agreed rating and never change it. Every vote given, replaced or
withdrawn is appended to ``vote_history`` (append-only), so the record of who said what
survives a questionnaire imported again.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from ..domain import values
from ..domain.values import StageValue, ValueRefused
from ..domain.votes import QUESTIONNAIRE, ROOM, CellKey, Participant, Vote, WorkshopVotes
from ..domain.workshop import Workshop
from .changes import ParticipantsChanged, VotesChanged
from .edits import WorkshopEdits, edit, now
from .errors import InvalidEdit

#: What a questionnaire answer holds for one cell: stage, confidence, comment.
Answer = tuple[str, str | None, str]


def read_votes(conn: sqlite3.Connection, workshop: Workshop, tables: set[str]) -> WorkshopVotes:
    """The participants and votes a file holds, each value checked by its kind."""
    found = WorkshopVotes()
    if "participants" not in tables:
        return found  # a file of a version before votes (opened read-only, not migrated)
    unit_ids = {bu.id for bu in workshop.business_units}
    for pid, name, role, bu_id in conn.execute("SELECT id, name, role, bu_id FROM participants ORDER BY id"):
        found.participants.append(Participant(_integer(pid), values.PARTICIPANT_NAME.check(name),
                                              values.PARTICIPANT_ROLE.check(role),
                                              bu_id if bu_id in unit_ids else None))
    people = {p.id for p in found.participants}
    model = workshop.model
    stage = StageValue(model, "voted stage", allow_not_applicable=False)
    cells: dict[CellKey, list[Vote]] = {}
    for r in conn.execute("SELECT round_id, bu_id, dimension_id, participant_id, source, stage, confidence, "
                          "comment, at FROM votes"):
        round_id, bu_id, dimension_id, pid = _integer(r[0]), _integer(r[1]), r[2], _integer(r[3])
        if bu_id not in unit_ids or pid not in people:
            continue  # the unit was removed; its votes come back with it
        if not isinstance(dimension_id, str) or not model.has_dimension(dimension_id):
            raise ValueRefused(f"a vote names a dimension the model lacks ({str(dimension_id)[:40]!r})")
        vote = Vote(pid, str(stage.check(r[5])), values.CONFIDENCE.check(r[6]), values.VOTE_COMMENT.check(r[7]),
                    values.VOTE_SOURCE.check(r[4]), r[8] or "")
        cells.setdefault((round_id, bu_id, dimension_id), []).append(vote)
    for key, cell_votes in cells.items():
        found.with_votes(key, cell_votes)
    return found


def _integer(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueRefused("an id in the file is not a whole number")
    return value


class VoteEdits(WorkshopEdits):
    """The vote and participant edits of :class:`~.workshop_file.WorkshopFile`."""

    @property
    def votes(self) -> WorkshopVotes:
        return self.workshop.votes

    @property
    def workshop_uid(self) -> str:
        """The workshop's stable id: it marks what the workshop sends out (questionnaires)."""
        try:
            row = self._conn.execute("SELECT uid FROM workshop").fetchone()
        except sqlite3.Error:
            row = None  # a file of an earlier version, opened read-only
        if not row or not isinstance(row[0], str) or not row[0]:
            raise InvalidEdit(self.path, "the workshop has no id yet; open the file for editing once")
        return row[0]

    # Participants ------------------------------------------------------------------------

    @edit
    def add_participant(self, name: str, *, role: str = "", bu_id: int | None = None) -> Participant:
        db = self._writable()
        person = Participant(0, self._unique_participant(name), values.PARTICIPANT_ROLE.check(role),
                             self._unit_or_none(bu_id))
        pid = db.table("participants").insert({"name": person.name, "role": person.role,
                                               "bu_id": person.bu_id}).last_pk
        person = replace(person, id=int(pid))  # type: ignore[arg-type]
        self.votes.participants.append(person)
        self._changed(ParticipantsChanged(person.id, "added"))
        return person

    @edit
    def update_participant(self, participant_id: int, *, name: str | None = None, role: str | None = None,
                           bu_id: int | str | None = "keep") -> Participant:
        person = self._participant(participant_id)
        changed = replace(
            person,
            name=person.name if name is None else self._unique_participant(name, except_id=participant_id),
            role=person.role if role is None else values.PARTICIPANT_ROLE.check(role),
            bu_id=person.bu_id if bu_id == "keep" else self._unit_or_none(bu_id),
        )
        if changed == person:
            return person
        self._writable().table("participants").update(participant_id, {"name": changed.name, "role": changed.role,
                                                                       "bu_id": changed.bu_id})
        people = self.votes.participants
        people[people.index(person)] = changed
        self._changed(ParticipantsChanged(participant_id, "updated"))
        return changed

    @edit
    def remove_participant(self, participant_id: int) -> None:
        """Remove a participant and withdraw their votes (the history keeps what they said)."""
        person = self._participant(participant_id)
        db = self._writable()
        touched: dict[int, list[tuple[int, str]]] = {}
        with db.atomic():
            for key, cell_votes in list(self.votes.by_cell.items()):
                mine = [v for v in cell_votes if v.participant_id == participant_id]
                for vote in mine:
                    self._history(db, key, person, vote.source, None)
                if mine:
                    touched.setdefault(key[0], []).append((key[1], key[2]))
            db.execute("DELETE FROM votes WHERE participant_id = ?", [participant_id])
            db.execute("DELETE FROM participants WHERE id = ?", [participant_id])
        for key, cell_votes in list(self.votes.by_cell.items()):
            self.votes.with_votes(key, [v for v in cell_votes if v.participant_id != participant_id])
        self.votes.participants.remove(person)
        for round_id, cells in touched.items():
            self._changed(VotesChanged(round_id, tuple(cells)))
        self._changed(ParticipantsChanged(participant_id, "removed"))

    # Votes ---------------------------------------------------------------------------------

    @edit
    def set_vote(self, bu_id: int, dimension_id: str, participant_id: int, stage: str | None, *,
                 confidence: str | None = None, comment: str = "", source: str = ROOM,
                 round_id: int | None = None) -> Vote | None:
        """Give, replace or (``stage=None``) withdraw one participant's vote on a cell."""
        key = self._cell(bu_id, dimension_id, round_id)
        person = self._participant(participant_id)
        source = values.VOTE_SOURCE.check(source)
        vote = None if stage is None else self._checked_vote(dimension_id, participant_id, stage, confidence,
                                                             comment, source)
        db = self._writable()
        with db.atomic():
            self._write_vote(db, key, person, source, vote)
        others = [v for v in self.votes.votes(*key) if (v.participant_id, v.source) != (participant_id, source)]
        self.votes.with_votes(key, others + ([vote] if vote else []))
        self._changed(VotesChanged(key[0], ((bu_id, dimension_id),)))
        return vote

    @edit
    def replace_questionnaire_votes(self, participant_id: int, answers: Mapping[tuple[int, str], Answer],
                                    round_id: int | None = None) -> int:
        """A participant's questionnaire answers replace their earlier ones in a round, in one transaction.

        Every answer passes the gate before anything is written; returns how many were stored.
        """
        person = self._participant(participant_id)
        round_key = self._cell(None, None, round_id)[0]
        checked = {}
        for (bu_id, dimension_id), (stage, confidence, comment) in answers.items():
            self._cell(bu_id, dimension_id, round_key)
            checked[(round_key, bu_id, dimension_id)] = self._checked_vote(
                dimension_id, participant_id, stage, confidence, comment, QUESTIONNAIRE)
        earlier = [key for key, cell_votes in self.votes.by_cell.items() if key[0] == round_key
                   and any(v.participant_id == participant_id and v.source == QUESTIONNAIRE for v in cell_votes)]
        db = self._writable()
        with db.atomic():
            for key in earlier:
                if key not in checked:
                    self._write_vote(db, key, person, QUESTIONNAIRE, None)
            for key, vote in checked.items():
                self._write_vote(db, key, person, QUESTIONNAIRE, vote)
        for key in set(earlier) | set(checked):
            others = [v for v in self.votes.votes(*key)
                      if (v.participant_id, v.source) != (participant_id, QUESTIONNAIRE)]
            self.votes.with_votes(key, others + ([checked[key]] if key in checked else []))
        cells = tuple(sorted({(k[1], k[2]) for k in set(earlier) | set(checked)}))
        if cells:
            self._changed(VotesChanged(round_key, cells))
        return len(checked)

    def vote_history(self) -> list[dict[str, Any]]:
        """Every vote given, replaced or withdrawn, oldest first (``stage`` empty: withdrawn)."""
        cursor = self._conn.execute("SELECT * FROM vote_history ORDER BY id")
        names = [column[0] for column in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor]

    # Internals -----------------------------------------------------------------------------

    def _checked_vote(self, dimension_id: str, participant_id: int, stage: str, confidence: str | None,
                      comment: str, source: str) -> Vote:
        voted = StageValue(self.workshop.model, "voted stage", allow_not_applicable=False).check(stage)
        if voted is None:
            raise ValueRefused("a vote names a stage")
        return Vote(participant_id, voted, values.CONFIDENCE.check(confidence), values.VOTE_COMMENT.check(comment),
                    source, now())

    def _write_vote(self, db: Any, key: CellKey, person: Participant, source: str, vote: Vote | None) -> None:
        where = [*key, person.id, source]
        if vote is None:
            cursor = db.execute("DELETE FROM votes WHERE round_id = ? AND bu_id = ? AND dimension_id = ? "
                                "AND participant_id = ? AND source = ?", where)
            if cursor.rowcount:
                self._history(db, key, person, source, None)
            return
        db.execute("INSERT OR REPLACE INTO votes (round_id, bu_id, dimension_id, participant_id, source, stage, "
                   "confidence, comment, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                   [*where, vote.stage, vote.confidence, vote.comment, vote.at])
        self._history(db, key, person, source, vote)

    def _history(self, db: Any, key: CellKey, person: Participant, source: str, vote: Vote | None) -> None:
        db.execute("INSERT INTO vote_history (at, round_id, bu_id, dimension_id, participant_id, participant_name, "
                   "source, stage, confidence, comment) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                   [now(), *key, person.id, person.name, source, vote.stage if vote else None,
                    vote.confidence if vote else None, vote.comment if vote else ""])

    def _cell(self, bu_id: int | None, dimension_id: str | None, round_id: int | None) -> CellKey:
        round_id = self.workshop.active_round.id if round_id is None else round_id
        if not any(r.id == round_id for r in self.workshop.rounds):
            raise InvalidEdit(self.path, f"no assessment round {round_id}")
        if bu_id is not None:
            self._business_unit(bu_id)
        if dimension_id is not None and not self.workshop.model.has_dimension(dimension_id):
            raise ValueRefused(f"unknown dimension '{str(dimension_id)[:40]}'")
        return round_id, bu_id or 0, dimension_id or ""

    def _participant(self, participant_id: int) -> Participant:
        try:
            return self.votes.participant(participant_id)
        except KeyError:
            raise InvalidEdit(self.path, f"no participant with id {participant_id}") from None

    def _unique_participant(self, name: str, except_id: int | None = None) -> str:
        name = values.PARTICIPANT_NAME.check(name)
        other = self.votes.participant_named(name)
        if other and other.id != except_id:
            raise InvalidEdit(self.path, f"a participant named '{other.name}' already exists")
        return name

    def _unit_or_none(self, bu_id: object) -> int | None:
        if bu_id is None:
            return None
        if isinstance(bu_id, bool) or not isinstance(bu_id, int):
            raise ValueRefused("a participant's business unit is named by its id")
        return self._business_unit(bu_id).id
