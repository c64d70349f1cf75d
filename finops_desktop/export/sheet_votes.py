"""The Votes sheet: what the room said per cell — votes by stage, how far apart, the agreed stage, who voted.

Only in the workbook when the round has votes. Names, comments and everything typed pass
through :func:`~.cell_text.put_text` like every other text.
"""

from __future__ import annotations

from openpyxl.worksheet.worksheet import Worksheet

from ..domain.votes import QUESTIONNAIRE, Spread, counted
from .content import ExportContent
from .styles import prepare_print, write_title
from .tables import Column, write_table

SHEET_TITLE = "Votes"
HEADER_ROW = 4


def has_votes(content: ExportContent) -> bool:
    return any(key[0] == content.round_id for key in content.workshop.votes.by_cell)


def columns(content: ExportContent) -> list[Column]:
    stages = sorted(content.workshop.model.stages, key=lambda s: s.score)
    return [Column("Business unit", 24), Column("Dimension", 20),
            *(Column(stage.name, 8, wrap=False) for stage in stages),
            Column("Votes", 8, wrap=False), Column("Spread", 22), Column("In disagreement", 13, wrap=False),
            Column("Agreed stage", 13, wrap=False), Column("Who voted", 60)]


def spread_words(spread: Spread, agreed: str | None = None) -> str:
    """How far apart the votes are; and when the room agreed on a stage that is not the votes'
    majority, that it did (one vote for Walk beside an agreed Run is no agreement)."""
    if spread.width >= 2:
        words = f"{spread.width} stages apart"
    elif spread.majority is None:
        words = "no majority"
    elif spread.total == 1:
        words = "one vote"
    else:
        words = "all agree" if spread.width == 0 else "within one stage"
    if agreed is not None and spread.majority is not None and agreed != spread.majority:
        words += "; the agreed stage is another"
    return words


def write_votes(ws: Worksheet, content: ExportContent) -> None:
    write_title(ws, f"Votes — {content.round.name}",
                "The participants' votes per cell, from the questionnaire and in the room, beside the stage the "
                "room agreed. In disagreement: votes two stages apart, or no stage with a majority.")
    write_table(ws, HEADER_ROW, columns(content), vote_rows(content), name="VotesTable",
                empty_message="Nobody voted in this round.")
    ws.freeze_panes = ws.cell(HEADER_ROW + 1, 3)
    prepare_print(ws, landscape=True, title_rows=f"{HEADER_ROW}:{HEADER_ROW}",
                  footer=f"{content.workshop.info.client} — votes")


def vote_rows(content: ExportContent) -> list[list[object]]:
    """One row per cell with votes, in the grid's order."""
    workshop = content.workshop
    model, votes = workshop.model, workshop.votes
    rows: list[list[object]] = []
    for bu in workshop.business_units:
        for dimension in model.dimensions:
            cell_votes = votes.votes(content.round_id, bu.id, dimension.id)
            if not cell_votes:
                continue
            spread = votes.spread(model, content.round_id, bu.id, dimension.id)
            who = []
            for vote in sorted(counted(cell_votes), key=lambda v: votes.participant(v.participant_id).name):
                text = f"{votes.participant(vote.participant_id).name}: {model.stage(vote.stage).name}"
                details = [d for d in (vote.confidence, "questionnaire" if vote.source == QUESTIONNAIRE else "")
                           if d]
                if details:
                    text += f" ({', '.join(details)})"
                if vote.comment:
                    text += f" — {vote.comment}"
                who.append(text)
            rating = content.rating(bu.id, dimension.id)
            rows.append([bu.name, dimension.name, *(count for _, count in spread.counts), spread.total,
                         spread_words(spread, rating.current if rating.is_assessed else None),
                         "Yes" if spread.in_disagreement else None,
                         content.stage_label(rating.current) if rating.is_assessed else None, "\n".join(who)])
    return rows
