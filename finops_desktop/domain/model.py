"""The maturity model as plain, immutable objects.

A model is data (a TOML definition file); these classes are what the rest of the app
sees once the file has been read and validated by :mod:`finops_desktop.domain.model_file`.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import field
from types import MappingProxyType

from .record import record

#: Rating value meaning "this dimension does not apply to this business unit".
NOT_APPLICABLE = "na"

#: Rating value meaning "not assessed yet". Never counted as the lowest stage.
NOT_ASSESSED = None


@record
class Stage:
    """A step of the maturity model (Crawl, Walk, Run); ``score`` orders them, lowest first."""

    id: str
    name: str
    score: int


@record
class IndicatorBand:
    """A range of an indicator's value that suggests one stage (bounds inclusive)."""

    stage: str
    low: float | None = None
    high: float | None = None

    def contains(self, value: float) -> bool:
        return (self.low is None or value >= self.low) and (self.high is None or value <= self.high)


@record
class Suggestion:
    """What an indicator value suggests; the facilitator decides."""

    stage: str
    text: str
    between: tuple[str, str] | None = None


@record
class Indicator:
    """A measurable figure of a dimension (in ``unit``), whose bands say which stage a value suggests."""

    id: str
    name: str
    unit: str
    higher_is_better: bool
    bands: tuple[IndicatorBand, ...]
    help: str = ""

    def suggest(self, value: float, stages: tuple[Stage, ...]) -> Suggestion:
        """The stage a measured value suggests, naming values that fall between two bands."""
        names = {s.id: s.name for s in stages}
        order = {s.id: s.score for s in stages}
        ranked = sorted(self.bands, key=lambda b: order[b.stage])
        # A value on the edge of two bands counts for the higher stage.
        for band in reversed(ranked):
            if band.contains(value):
                return Suggestion(band.stage, names[band.stage])
        # Between two bands: the lower stage, close to the next one.
        for lower, upper in itertools.pairwise(ranked):
            if _lies_between(value, lower, upper, self.higher_is_better):
                text = f"{names[lower.stage]}, close to {names[upper.stage]}"
                return Suggestion(lower.stage, text, (lower.stage, upper.stage))
        # Outside every band (e.g. below the lowest): the nearest end.
        first, last = ranked[0], ranked[-1]
        beyond_top = (value > (last.low or 0)) if self.higher_is_better else (value < (last.high or 0))
        band = last if beyond_top else first
        return Suggestion(band.stage, names[band.stage])


def _lies_between(value: float, lower: IndicatorBand, upper: IndicatorBand, higher_is_better: bool) -> bool:
    if higher_is_better:
        return lower.high is not None and upper.low is not None and lower.high < value < upper.low
    return upper.high is not None and lower.low is not None and upper.high < value < lower.low


@record
class Source:
    """Where a figure comes from: a publication, its address and its year."""

    id: str
    publication: str
    url: str = ""
    year: int | None = None

    @property
    def citation(self) -> str:
        """e.g. "Flexera, State of the Cloud Report (2025), https://…"."""
        year = f" ({self.year})" if self.year else ""
        return f"{self.publication}{year}" + (f", {self.url}" if self.url else "")


@record
class WasteAssumption:
    """One figure of a dimension at one stage, with its reasoning and source.

    For a dimension that owns a value pool it is the share of a business unit's monthly
    spend that the pool wastes at that stage; for an enabler it is the share of the pools'
    gaps the unit can capture at that stage. A workshop may edit either (share, reasoning).
    """

    share: float
    reasoning: str
    #: Where the model's figure comes from; not part of the figure (a workshop's edit has none).
    source: Source | None = field(default=None, compare=False)


@record
class Figure:
    """A single figure of the model (not per stage), with its reasoning and source."""

    value: float
    reasoning: str
    source: Source | None = None


@record
class CoveragePricing:
    """How a rate pool is priced from commitment coverage.

    The pool wastes, at a stage, eligible share × (ceiling − coverage at the stage) × average
    discount, plus the unused commitment at the stage (a share of spend), where the ceiling is
    the coverage of the highest stage. A coverage value known for a cell replaces the stage's.
    """

    indicator: str
    eligible_share: Figure
    average_discount: Figure
    #: Coverage of eligible spend (0..1) and unused commitment (share of spend), per stage id.
    coverage: Mapping[str, Figure]
    unused: Mapping[str, Figure]

    def waste_share(self, stage_id: str, highest_stage_id: str, coverage: float | None = None) -> float:
        covered = self.coverage[stage_id].value if coverage is None else coverage
        ceiling = self.coverage[highest_stage_id].value
        missing = max(0.0, ceiling - covered)
        return self.eligible_share.value * missing * self.average_discount.value + self.unused[stage_id].value


@record
class ValuePool:
    """A pool of recoverable spend (rate, usage, anomalies), owned by one dimension.

    The owning dimension's per-stage figures are the share of spend the pool wastes.
    ``indicator`` names an indicator of that dimension whose value replaces the stage's
    figure for a cell: ``reads`` says how (``coverage`` through :class:`CoveragePricing`, or
    ``waste_percent``: the value is the percent of spend the pool wastes).
    """

    id: str
    name: str
    dimension_id: str
    description: str = ""
    indicator: str = ""
    reads: str = ""
    coverage: CoveragePricing | None = None


@record
class Enabler:
    """A dimension that owns no pool but sets how much of the pools a unit captures.

    A unit's capture is the weighted mean of its rated enablers' capture figures at their
    stages; an enabler not rated (not assessed or not applicable) leaves the mean.
    """

    dimension_id: str
    weight: float = 1.0


@record
class Dimension:
    """One area of the model: its question, what each stage looks like, and what moving up is worth."""

    id: str
    name: str
    question: str
    descriptions: Mapping[str, str]
    waste: Mapping[str, WasteAssumption]
    foundation: bool = False
    indicators: tuple[Indicator, ...] = ()
    short_name: str = ""
    #: How the file wrote ``waste``: "waste" (a pool's), "capture" (an enabler's) or "" (none).
    figures_written_as: str = field(default="", compare=False)

    @property
    def label(self) -> str:
        return self.short_name or self.name


@record
class MaturityModel:
    """A maturity model as its definition file gives it: stages, dimensions and their money."""

    id: str
    name: str
    version: str
    description: str
    stages: tuple[Stage, ...]
    dimensions: tuple[Dimension, ...]
    #: Foundation dimensions must reach this stage before any dimension of the same
    #: business unit is planned above it.
    foundation_stage: str
    #: The TOML text the model was read from; a workshop file keeps a copy of it.
    source: str = field(default="", repr=False, compare=False)
    #: The pools of recoverable spend; a model file without pools makes each dimension its own.
    pools: tuple[ValuePool, ...] = ()
    enablers: tuple[Enabler, ...] = ()
    #: No unit's recoverable money exceeds this share of its spend, whatever the figures say.
    max_recoverable_share: float = 1.0
    #: Why that cap, and where it comes from.
    cap_reasoning: Figure | None = None
    sources: tuple[Source, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "_stages", MappingProxyType({s.id: s for s in self.stages}))
        object.__setattr__(self, "_dimensions", MappingProxyType({d.id: d for d in self.dimensions}))
        object.__setattr__(self, "_pools", MappingProxyType({p.dimension_id: p for p in self.pools}))
        object.__setattr__(self, "_enablers", MappingProxyType({e.dimension_id: e for e in self.enablers}))

    def pool_of(self, dimension_id: str) -> ValuePool | None:
        """The pool this dimension owns, if any."""
        return self._pools.get(dimension_id)  # type: ignore[attr-defined]

    def enabler(self, dimension_id: str) -> Enabler | None:
        return self._enablers.get(dimension_id)  # type: ignore[attr-defined]

    def figure_kind(self, dimension_id: str) -> str:
        """What the dimension's per-stage figures are: ``waste`` (a pool), ``capture`` (an enabler) or ``""``."""
        if dimension_id in self._pools:  # type: ignore[attr-defined]
            return "waste"
        return "capture" if dimension_id in self._enablers else ""  # type: ignore[attr-defined]

    def stage(self, stage_id: str) -> Stage:
        return self._stages[stage_id]  # type: ignore[attr-defined]

    def dimension(self, dimension_id: str) -> Dimension:
        return self._dimensions[dimension_id]  # type: ignore[attr-defined]

    def has_stage(self, stage_id: str | None) -> bool:
        return stage_id in self._stages  # type: ignore[attr-defined]

    def has_dimension(self, dimension_id: str) -> bool:
        return dimension_id in self._dimensions  # type: ignore[attr-defined]

    def score(self, stage_id: str | None) -> int | None:
        """Score 1..n of a stage; ``None`` for not assessed and not applicable."""
        stage = self._stages.get(stage_id)  # type: ignore[attr-defined]
        return stage.score if stage else None

    def stage_by_score(self, score: int) -> Stage:
        for stage in self.stages:
            if stage.score == score:
                return stage
        raise KeyError(score)

    def next_stage(self, stage_id: str) -> Stage | None:
        score = self.stage(stage_id).score
        later = [s for s in self.stages if s.score > score]
        return min(later, key=lambda s: s.score) if later else None

    @property
    def lowest_stage(self) -> Stage:
        return min(self.stages, key=lambda s: s.score)

    @property
    def highest_stage(self) -> Stage:
        return max(self.stages, key=lambda s: s.score)

    @property
    def foundations(self) -> tuple[Dimension, ...]:
        return tuple(d for d in self.dimensions if d.foundation)
