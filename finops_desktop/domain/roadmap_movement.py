"""What moved between two rounds' roadmaps: the cells that went up or down, the steps no longer needed, the new ones."""

from __future__ import annotations

from .labels import format_money
from .record import record
from .roadmap import Roadmap
from .workshop import Workshop


@record
class StepChange:
    step_id: str
    title: str
    business_unit: str
    #: "no longer needed" (done, or the unit reached the stage) or "new".
    change: str


@record
class RoadmapMovement:
    before_round: str
    cells_up: int
    cells_down: int
    changes: tuple[StepChange, ...]
    savings_before: float
    savings_after: float

    @property
    def gone(self) -> int:
        return sum(1 for c in self.changes if c.change == NO_LONGER_NEEDED)

    @property
    def new(self) -> int:
        return sum(1 for c in self.changes if c.change == NEW)

    def summary(self, currency: str = "") -> str:
        """One line for the window and the workbook."""
        parts = [f"{self.cells_up} cell{'s' if self.cells_up != 1 else ''} up, {self.cells_down} down",
                 f"{self.gone} step{'s' if self.gone != 1 else ''} for a unit no longer needed, {self.new} new"]
        if self.savings_before or self.savings_after:
            parts.append(f"{format_money(self.savings_before, currency)} → "
                         f"{format_money(self.savings_after, currency)} a month still to gain")
        return f"Since {self.before_round}: " + "; ".join(parts)


NO_LONGER_NEEDED, NEW = "no longer needed", "new"


def roadmap_movement(workshop: Workshop, before_round_id: int, after_round_id: int, before: Roadmap,
                     after: Roadmap) -> RoadmapMovement:
    """How ``after`` (the roadmap of ``after_round_id``) differs from ``before`` (of ``before_round_id``)."""
    model = workshop.model
    up = down = 0
    for bu in workshop.business_units:
        for dimension in model.dimensions:
            was = model.score(workshop.rating(bu.id, dimension.id, before_round_id).current)
            now = model.score(workshop.rating(bu.id, dimension.id, after_round_id).current)
            if was is not None and now is not None:
                up += now > was
                down += now < was
    pairs_before = {(i.step_id, name): i.title for i in before.items for name in i.business_units}
    pairs_after = {(i.step_id, name): i.title for i in after.items for name in i.business_units}
    changes = [StepChange(step, title, name, NO_LONGER_NEEDED) for (step, name), title in pairs_before.items()
               if (step, name) not in pairs_after]
    changes += [StepChange(step, title, name, NEW) for (step, name), title in pairs_after.items()
                if (step, name) not in pairs_before]
    name = next(r.name for r in workshop.rounds if r.id == before_round_id)
    # Money still to gain is the gaps', each counted once (several steps share a gap's money).
    return RoadmapMovement(name, up, down, tuple(changes), sum(g.monthly_waste for g in before.gaps),
                           sum(g.monthly_waste for g in after.gaps))
