"""The roadmap a workshop leads to: what to do, for whom, in which order, and why.

These are the planner's results (:mod:`finops_desktop.domain.planner` builds them); the
window, the charts and the Excel export only read them.
"""

from __future__ import annotations

from dataclasses import field
from typing import Any

from .record import record


@record
class Wave:
    id: str  # e.g. "wave1"
    name: str  # e.g. "0–90 days"


@record
class Headline:
    """The dimension to advance first: the costliest one whose steps can start in the first wave.

    When the costliest dimension's steps must wait (for foundations, a prerequisite), the
    headline names the costliest one that can start now and says what the other waits for;
    when none can start, it names the costliest with ``actionable_now`` false.
    """

    dimension_id: str
    monthly_waste: float
    reason: str
    actionable_now: bool = True
    #: The costliest dimension when it is not the one named, and what its steps wait for.
    costliest_dimension_id: str | None = None
    waits_for: tuple[str, ...] = ()


@record
class UnitPlacement:
    """One business unit on one roadmap item: its wave, what the step unlocks for it, its effort."""

    business_unit: str
    wave: str
    unlocks: float
    effort_days: float


@record
class Unlocks:
    """What a step makes possible: the gaps it is needed for, their money, and how many steps share it."""

    monthly_value: float
    shared_by_steps: int
    #: (dimension id, from stage, to stage) of each transition it is needed for, for some of its units.
    gaps: tuple[tuple[str, str, str], ...] = ()


@record
class UnplannedPrerequisite:
    """A prerequisite of a step that the plan cannot schedule for some of its business units.

    This happens when the prerequisite's dimension is not assessed (or marked not applicable)
    for them: nobody knows whether it is already in place, so the plan neither adds it nor
    drops it silently.
    """

    step_id: str
    title: str
    #: Why, in words, e.g. "Cost visibility not assessed for Insurance".
    reason: str


@record
class RoadmapItem:
    """One step of the playbook, for every business unit that needs it (merged into one row)."""

    rank: int
    step_id: str
    title: str
    description: str
    dimension_id: str
    from_stage: str
    to_stage: str
    business_units: tuple[str, ...]
    wave: str  # Wave.name
    owner_role: str
    effort: str  # e.g. "S", "M", "L"
    effort_days: tuple[int, int]
    #: What the step unlocks a month for its units (see ``unlocks``); several steps share the same money.
    monthly_savings: float
    kpi: str
    kpi_target: str
    prerequisites: tuple[str, ...] = ()
    #: Savings per business unit name; they add up to ``monthly_savings``.
    savings_by_business_unit: tuple[tuple[str, float], ...] = ()
    #: Business units whose agreed target does not reach this step: it is planned for them
    #: because a step they do need depends on it (or on its dimension reaching ``to_stage``).
    beyond_target: tuple[str, ...] = ()
    #: Prerequisites the plan could not schedule for some of the business units, with the reason.
    unplanned_prerequisites: tuple[UnplannedPrerequisite, ...] = ()
    unlocks: Unlocks = Unlocks(0.0, 0)
    #: Days of work per business unit, in the order of ``business_units``.
    unit_effort_days: tuple[float, ...] = ()
    scope: str = "per_unit"
    lead_days: int = 90
    #: Days of work for this row: once for a central step, per unit (by size band) otherwise.
    effort_days_total: float = 0.0

    @property
    def units(self) -> tuple[UnitPlacement, ...]:
        """Each business unit on this row: its wave (the row's), what the step unlocks for it, its effort."""
        efforts = self.unit_effort_days or (0.0,) * len(self.business_units)
        return tuple(UnitPlacement(name, self.wave, amount, days) for (name, amount), days
                     in zip(self.savings_by_business_unit, efforts, strict=True))


@record
class Gap:
    """How far the plan moves one business unit in one dimension, and the money that move recovers."""

    business_unit: str
    dimension_id: str
    current: str
    #: The agreed target, or the next stage when none was set.
    target: str
    #: Where the plan takes the dimension: the target, or further when another step needs it.
    planned: str
    #: What closing the gap (current to planned) is worth a month.
    monthly_waste: float
    #: Where the money came from: assumption | indicator | evidence.
    source: str = "assumption"
    #: True when nobody set a target and the plan takes the next stage as a suggestion.
    suggested_target: bool = False

    @property
    def monthly_value(self) -> float:
        return self.monthly_waste


@record
class ProjectedWave:
    """Where the units and the organisation stand once a wave's steps have shown their KPIs."""

    wave: str
    #: Per business unit name: dimension id -> score (rated dimensions only).
    units: tuple[tuple[str, tuple[tuple[str, int], ...]], ...]
    #: Per dimension id: spend-weighted mean score of the organisation.
    organisation: tuple[tuple[str, float | None], ...]


@record
class WaveMoney:
    """Savings and cost by the end of a wave."""

    wave: str
    #: Monthly savings once the stages reached by the end of the wave count.
    monthly_run_rate: float
    #: Savings accumulated from the day each stage is reached to the end of the wave.
    cumulative: float
    effort_days: float
    #: Effort × day rate (None without a day rate).
    cost: float | None


@record
class Diagnostic:
    """A known trap the ratings show, in words a client understands."""

    id: str
    severity: str  # "high" | "medium" | "low"
    business_unit: str | None
    dimensions: tuple[str, ...]
    message: str


@record
class Roadmap:
    headline: Headline | None
    items: tuple[RoadmapItem, ...]
    diagnostics: tuple[Diagnostic, ...]
    waves: tuple[Wave, ...] = field(default=())
    #: Every gap the plan closes, business units in workshop order, dimensions in model order.
    gaps: tuple[Gap, ...] = ()
    currency: str = ""
    projected: tuple[ProjectedWave, ...] = ()
    money_by_wave: tuple[WaveMoney, ...] = ()
    #: Months until the plan's cost is earned back at its full monthly savings (None without a day rate).
    payback_months: float | None = None
    day_rate: float | None = None

    def as_dict(self) -> dict[str, Any]:
        """The ``roadmap --json`` document."""
        from .roadmap_json import roadmap_document

        return roadmap_document(self)

    def legacy_dict(self) -> dict[str, Any]:
        """The fields ``roadmap --json`` had before gaps carried money; ``as_dict`` adds to them."""
        headline = None
        if self.headline:
            headline = {"dimension": self.headline.dimension_id, "monthly_waste": round(self.headline.monthly_waste, 2),
                        "reason": self.headline.reason}
        return {
            "headline": headline,
            "items": [
                {
                    "rank": item.rank,
                    "step_id": item.step_id,
                    "title": item.title,
                    "description": item.description,
                    "dimension": item.dimension_id,
                    "from_stage": item.from_stage,
                    "to_stage": item.to_stage,
                    "business_units": list(item.business_units),
                    "wave": item.wave,
                    "owner_role": item.owner_role,
                    "effort": item.effort,
                    "effort_days": list(item.effort_days),
                    "monthly_savings": round(item.monthly_savings, 2),
                    "kpi": item.kpi,
                    "kpi_target": item.kpi_target,
                    "prerequisites": list(item.prerequisites),
                    "beyond_target": list(item.beyond_target),
                    "unplanned_prerequisites": [
                        {"step_id": p.step_id, "title": p.title, "reason": p.reason}
                        for p in item.unplanned_prerequisites
                    ],
                    "savings_by_business_unit": [
                        {"business_unit": name, "monthly_savings": round(amount, 2)}
                        for name, amount in item.savings_by_business_unit
                    ],
                }
                for item in self.items
            ],
            "diagnostics": [
                {"id": d.id, "severity": d.severity, "business_unit": d.business_unit,
                 "dimensions": list(d.dimensions), "message": d.message}
                for d in self.diagnostics
            ],
            "waves": [wave.name for wave in self.waves],
            "gaps": [
                {"business_unit": g.business_unit, "dimension": g.dimension_id, "current": g.current,
                 "target": g.target, "planned": g.planned, "monthly_waste": round(g.monthly_waste, 2)}
                for g in self.gaps
            ],
            "currency": self.currency,
        }
