"""The maturity model as plain, immutable objects.

A model is data (a TOML definition file); these classes are what the rest of the app
sees once the file has been read and validated by :mod:`finops_desktop.domain.model_file`.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

#: Rating value meaning "this dimension does not apply to this business unit".
NOT_APPLICABLE = "na"

#: Rating value meaning "not assessed yet". Never counted as the lowest stage.
NOT_ASSESSED = None


@dataclass(frozen=True)
class Stage:
    id: str
    name: str
    score: int


@dataclass(frozen=True)
class IndicatorBand:
    """A range of an indicator's value that suggests one stage (bounds inclusive)."""

    stage: str
    low: float | None = None
    high: float | None = None

    def contains(self, value: float) -> bool:
        return (self.low is None or value >= self.low) and (self.high is None or value <= self.high)


@dataclass(frozen=True)
class Suggestion:
    """What an indicator value suggests; the facilitator decides."""

    stage: str
    text: str
    between: tuple[str, str] | None = None


@dataclass(frozen=True)
class Indicator:
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


@dataclass(frozen=True)
class WasteAssumption:
    """Share of a business unit's monthly spend that immaturity at one stage typically wastes."""

    share: float
    reasoning: str


@dataclass(frozen=True)
class Dimension:
    id: str
    name: str
    question: str
    descriptions: Mapping[str, str]
    waste: Mapping[str, WasteAssumption]
    foundation: bool = False
    indicators: tuple[Indicator, ...] = ()
    short_name: str = ""

    @property
    def label(self) -> str:
        return self.short_name or self.name


@dataclass(frozen=True)
class MaturityModel:
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

    def __post_init__(self) -> None:
        object.__setattr__(self, "_stages", MappingProxyType({s.id: s for s in self.stages}))
        object.__setattr__(self, "_dimensions", MappingProxyType({d.id: d for d in self.dimensions}))

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
