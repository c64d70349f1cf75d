"""The rules of an edit: what one change implies for the rest of a cell, a figure or a round.

Written once, here; storage applies them to every write, and the window's undo commands and
the command line call them to say what an edit will do. A rule written twice will disagree.
"""

from __future__ import annotations

import itertools
from dataclasses import replace
from typing import Any

from .model import NOT_APPLICABLE, MaturityModel, WasteAssumption
from .workshop import Rating, Workshop

UNSET: Any = object()


def edited_rating(before: Rating, *, current: Any = UNSET, target: Any = UNSET, confidence: Any = UNSET,
                  note: Any = UNSET, participants: Any = UNSET,
                  indicators: Any = UNSET) -> Rating:
    """A cell after an edit of some of its fields.

    - Marking a cell not applicable takes its target away: there is nothing to reach.
    - Marking it not assessed clears the target too, unless a target is given with it.
    - Rating a not-applicable cell a stage, or giving it a target, makes it applicable again.
    """
    after = before
    if current is not UNSET:
        after = replace(after, current=current)
        if current == NOT_APPLICABLE:
            after = replace(after, target=NOT_APPLICABLE)
        elif (current is None and target is UNSET) or before.target == NOT_APPLICABLE:
            after = replace(after, target=None)
    if target is not UNSET:
        after = replace(after, target=target)
        if target is not None and target != NOT_APPLICABLE and after.current == NOT_APPLICABLE:
            after = replace(after, current=None)
    changes = {name: value for name, value in (("confidence", confidence), ("note", note),
                                                ("participants", participants)) if value is not UNSET}
    if indicators is not UNSET:
        changes["indicators"] = tuple(sorted(dict(indicators).items()))
    return consistent_rating(replace(after, **changes))


def consistent_rating(rating: Rating) -> Rating:
    """A rating as it may be stored: a not-applicable cell has no target but "not applicable"."""
    if rating.current == NOT_APPLICABLE and rating.target != NOT_APPLICABLE:
        return replace(rating, target=NOT_APPLICABLE)
    if rating.current != NOT_APPLICABLE and rating.target == NOT_APPLICABLE:
        return replace(rating, target=None)
    return rating


def carried_into_new_round(rating: Rating) -> Rating:
    """What a new round copies from the previous one: the assessment, not who was in the room."""
    return replace(rating, participants="")


def waste_figure_after(model_figure: WasteAssumption, in_force: WasteAssumption, share: float | None,
                       reasoning: str | None) -> WasteAssumption | None:
    """This workshop's waste figure after an edit, or ``None`` when the edit is a reset to the model's.

    A share or reasoning left out (or a blank reasoning) keeps the one in force; a figure that
    ends up equal to the model's, share and reasoning, is the model's figure.
    """
    new_share = in_force.share if share is None else share
    new_reasoning = in_force.reasoning if reasoning is None or not reasoning.strip() else reasoning.strip()
    if abs(new_share - model_figure.share) < 1e-9 and new_reasoning == model_figure.reasoning.strip():
        return None
    return WasteAssumption(new_share, new_reasoning)


def rising_waste_warning(workshop: Workshop, dimension_id: str) -> str:
    """A sentence when a pool's waste rises with maturity (a later stage wasting more than an earlier one), else "".

    Such figures are allowed (the consultant may know better) but usually a typing slip: the
    roadmap would then price moving up as a loss.
    """
    model = workshop.model
    if model.figure_kind(dimension_id) != "waste":
        return ""
    stages = sorted(model.stages, key=lambda s: s.score)
    figures = [(stage, workshop.waste(dimension_id, stage.id).share) for stage in stages
               if stage.id in model.dimension(dimension_id).waste]
    for (lower, low_share), (higher, high_share) in itertools.pairwise(figures):
        if high_share > low_share + 1e-12:
            return (f"{higher.name} wastes more than {lower.name} here ({high_share:.1%} against {low_share:.1%}); "
                    "a more mature stage usually wastes less, so moving up would be priced as a loss.")
    return ""


def suggested_target(model: MaturityModel, rating: Rating, suggest: bool = True) -> str | None:
    """The next stage, planned as a suggestion when nobody set a target (``None`` when there is none to suggest).

    One rule for every view: the grid, the heatmap, the Scores sheet and the roadmap all say
    "suggested" for it; with the workshop's ``suggest_targets`` off there is no suggestion.
    """
    if not suggest or rating.target is not None or rating.current is None or not model.has_stage(rating.current):
        return None
    following = model.next_stage(rating.current)
    return following.id if following is not None else None
