"""The playbook: concrete next steps for every dimension and transition of a model.

A playbook is data, one TOML file per model under ``roadmaps/`` (named after the model id).
Each step moves one dimension one stage up and says who does it, how much work it is, the
KPI that shows it worked, and what must be in place first: other steps, or another
dimension at a given stage. The loader refuses a malformed playbook with the file, the line
and the field: unknown ids, a step for a dimension or stage the model lacks, a cycle in
the prerequisites, a transition without any step.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import field
from pathlib import Path as FsPath
from types import MappingProxyType
from typing import Any

from .catalogue import read_definition_entry, resource_dir, user_folder
from .definition_file import DefinitionError, Path, TomlDocument, read_definition_text
from .diagnostics import DiagnosticRules
from .model import MaturityModel
from .record import record

#: The playbook file format this version reads.
PLAYBOOK_FORMAT = 1

# Why one step must come before another for the same business unit.
PREREQUISITE = "prerequisite"  # listed in the step's prerequisites
REQUIREMENT = "requirement"  # the step requires the other step's dimension at a stage
EARLIER_STAGE = "earlier stage"  # the same dimension, an earlier transition
FOUNDATIONS_FIRST = "foundations first"  # the model's foundation rule
#: Reasons that need the earlier step's stage reached, not just the step done: the
#: dependant then goes in a later wave.
STAGE_REASONS = frozenset({REQUIREMENT, EARLIER_STAGE, FOUNDATIONS_FIRST})


@record
class Effort:
    """A size on the playbook's effort scale, e.g. S = 2 to 5 days of work."""

    id: str
    name: str
    days: tuple[int, int]

    @property
    def midpoint(self) -> float:
        return (self.days[0] + self.days[1]) / 2


#: How a step's effort counts: once for the organisation, or for each business unit (scaled by its size).
CENTRAL = "central"
PER_UNIT = "per_unit"
SCOPES = (CENTRAL, PER_UNIT)
#: Calendar days from a step's start until its KPI can show, when the playbook does not say.
DEFAULT_LEAD_DAYS = 90


@record
class SizeBand:
    """Business units up to ``up_to`` monthly spend (``None``: any) scale per-unit effort by ``factor``."""

    id: str
    name: str
    up_to: float | None
    factor: float


#: Used when a playbook names no size bands: every unit counts once.
DEFAULT_SIZE_BANDS = (SizeBand("any", "Any size", None, 1.0),)


@record
class StageRequirement:
    """A step needs ``dimension_id`` of the same business unit at ``stage_id`` or above."""

    dimension_id: str
    stage_id: str


@record
class Step:
    id: str
    dimension_id: str
    from_stage: str
    to_stage: str
    title: str
    description: str
    owner_role: str
    effort: Effort
    kpi: str
    kpi_target: str
    prerequisites: tuple[str, ...] = ()
    requires: tuple[StageRequirement, ...] = ()
    #: Kept for older playbooks; money now sits on the gap, not on the step.
    weight: float = 1.0
    #: ``central`` (done once: a policy, a RACI) or ``per_unit`` (done for each unit, scaled by its size band).
    scope: str = PER_UNIT
    #: Calendar days from the step's start until its KPI can show; the stage counts as reached then.
    lead_days: int = DEFAULT_LEAD_DAYS


@record
class Playbook:
    model_id: str
    name: str
    version: str
    efforts: tuple[Effort, ...]
    steps: tuple[Step, ...]
    diagnostics: DiagnosticRules = field(default_factory=DiagnosticRules)
    description: str = ""
    source: str = field(default="", repr=False, compare=False)
    size_bands: tuple[SizeBand, ...] = DEFAULT_SIZE_BANDS

    def size_band(self, monthly_spend: float | None) -> SizeBand:
        """The band of a unit's monthly spend; a unit without spend counts as the middle band."""
        if monthly_spend is None:
            return self.size_bands[len(self.size_bands) // 2]
        for band in self.size_bands:
            if band.up_to is None or monthly_spend <= band.up_to:
                return band
        return self.size_bands[-1]

    def __post_init__(self) -> None:
        by_id = {s.id: s for s in self.steps}
        by_transition: dict[tuple[str, str], list[Step]] = {}
        for step in self.steps:
            by_transition.setdefault((step.dimension_id, step.from_stage), []).append(step)
        object.__setattr__(self, "_by_id", MappingProxyType(by_id))
        object.__setattr__(self, "_by_transition",
                           MappingProxyType({k: tuple(v) for k, v in by_transition.items()}))

    def step(self, step_id: str) -> Step:
        return self._by_id[step_id]  # type: ignore[attr-defined]

    def steps_from(self, dimension_id: str, from_stage: str) -> tuple[Step, ...]:
        """The steps that take ``dimension_id`` from ``from_stage`` to the next stage, in file order."""
        return self._by_transition.get((dimension_id, from_stage), ())  # type: ignore[attr-defined]


def step_order(playbook: Playbook, model: MaturityModel) -> Mapping[str, Mapping[str, frozenset[str]]]:
    """For each step, the steps that must come before it for the same business unit, and why.

    Besides the prerequisites written in the file, a step comes after the earlier
    transitions of its own dimension, after the steps that bring a dimension it requires to
    the required stage, and, when it leads above the foundation stage, after the steps that
    bring the foundation dimensions to that stage.
    """
    score = {s.id: s.score for s in model.stages}
    floor = score[model.foundation_stage]
    foundations = {d.id for d in model.foundations}
    order: dict[str, Mapping[str, frozenset[str]]] = {}
    for after in playbook.steps:
        befores: dict[str, frozenset[str]] = {}
        for before in playbook.steps:
            if before.id == after.id:
                continue
            reasons = set()
            if before.id in after.prerequisites:
                reasons.add(PREREQUISITE)
            if before.dimension_id == after.dimension_id and score[before.to_stage] <= score[after.from_stage]:
                reasons.add(EARLIER_STAGE)
            if any(r.dimension_id == before.dimension_id and score[before.to_stage] <= score[r.stage_id]
                   for r in after.requires):
                reasons.add(REQUIREMENT)
            if before.dimension_id in foundations and score[before.to_stage] <= floor < score[after.to_stage]:
                reasons.add(FOUNDATIONS_FIRST)
            if reasons:
                befores[before.id] = frozenset(reasons)
        order[after.id] = MappingProxyType(befores)
    return MappingProxyType(order)


# Loading --------------------------------------------------------------------------------


_SHIPPED: dict[tuple[str, str], Playbook] = {}


def playbook_for(model: MaturityModel, own_folder: FsPath | None = None) -> Playbook:
    """The playbook for ``model``, checked against it: shipped (``roadmaps/<id>.toml``), else the consultant's own.

    The consultant's own playbooks are in the ``playbooks`` folder of the app's data
    directory (:func:`~.catalogue.user_folder`); a shipped playbook is never replaced.
    """
    key = (model.id, model.source)
    if key not in _SHIPPED:
        name = f"{model.id}.toml"
        entry = resource_dir("roadmaps").joinpath(name)
        shown = f"roadmaps/{name}"
        if not entry.is_file():
            folder = own_folder if own_folder is not None else user_folder("playbooks")
            own = folder / name
            if not own.exists():
                raise DefinitionError(shown, None, "", f"there is no playbook for model '{model.id}' "
                                                       f"(a consultant's own goes in {folder})")
            entry, shown = own, str(own)
        _SHIPPED[key] = parse_playbook(read_definition_entry(entry, shown), shown, model)
    return _SHIPPED[key]


def load_playbook(path: FsPath | str, model: MaturityModel) -> Playbook:
    """Read and validate a playbook file against the model it is for."""
    path = FsPath(path)
    text = read_definition_text(path)
    return parse_playbook(text, str(path), model)


def parse_playbook(text: str, source: str, model: MaturityModel) -> Playbook:
    """Build a playbook from its text; ``source`` names the file in error messages."""
    doc = TomlDocument(text, source)
    data = doc.data
    _known_fields(doc, data, (), {"format", "model", "name", "version", "description", "efforts", "steps",
                                  "diagnostics", "size_bands"})
    fmt = doc.get(data, "format", (), int)
    if fmt > PLAYBOOK_FORMAT:
        raise doc.error(("format",), f"format {fmt} is newer than this app reads ({PLAYBOOK_FORMAT}); update the app")
    if fmt < 1:
        raise doc.error(("format",), "must be 1 or more")
    model_id = doc.get(data, "model", (), str)
    if model_id != model.id:
        raise doc.error(("model",), f"this playbook is for model '{model_id}', not '{model.id}'")

    efforts = _efforts(doc)
    steps: list[Step] = []
    for table, path in doc.tables(data, "steps", ()):
        step = _step(doc, table, path, model, efforts)
        if any(s.id == step.id for s in steps):
            raise doc.error(path + ("id",), f"step '{step.id}' is defined twice")
        steps.append(step)
    step_paths: dict[str, Path] = {step.id: ("steps", index) for index, step in enumerate(steps)}
    for step in steps:
        for index, prerequisite in enumerate(step.prerequisites):
            if prerequisite not in step_paths:
                raise doc.error(step_paths[step.id] + ("prerequisites", index), f"unknown step '{prerequisite}'")

    playbook = Playbook(
        model_id=model_id,
        name=doc.get(data, "name", (), str),
        version=doc.get(data, "version", (), str),
        description=doc.get(data, "description", (), str, required=False, default="").strip(),
        efforts=tuple(efforts.values()),
        steps=tuple(steps),
        diagnostics=_diagnostic_rules(doc, model),
        source=text,
        size_bands=_size_bands(doc),
    )
    _check_coverage(doc, playbook, model)
    _check_cycles(doc, playbook, model, step_paths)
    return playbook


def _known_fields(doc: TomlDocument, table: dict[str, Any], path: Path, known: set[str]) -> None:
    for key in table:
        if key not in known:
            raise doc.error(path + (key,), f"unknown field (expected one of: {', '.join(sorted(known))})")


def _identifier(doc: TomlDocument, table: dict[str, Any], key: str, path: Path) -> str:
    value: str = doc.get(table, key, path, str)
    if not value.replace("_", "").replace("-", "").replace(".", "").isalnum() or not value.isascii():
        raise doc.error(path + (key,), f"'{value}' is not an identifier (letters, digits, '_', '-' and '.')")
    return value


def _efforts(doc: TomlDocument) -> dict[str, Effort]:
    efforts: dict[str, Effort] = {}
    for table, path in doc.tables(doc.data, "efforts", ()):
        _known_fields(doc, table, path, {"id", "name", "days"})
        effort_id = _identifier(doc, table, "id", path)
        if effort_id in efforts:
            raise doc.error(path + ("id",), f"effort '{effort_id}' is defined twice")
        days = doc.get(table, "days", path, list)
        if len(days) != 2 or not all(isinstance(d, int) and not isinstance(d, bool) for d in days):
            raise doc.error(path + ("days",), "expected two whole numbers of days, e.g. [2, 5]")
        low, high = days
        if low < 0 or high < 1 or low > high:
            raise doc.error(path + ("days",), f"expected 0 <= fewest <= most and most >= 1, not [{low}, {high}]")
        efforts[effort_id] = Effort(effort_id, doc.get(table, "name", path, str), (low, high))
    return efforts


def _size_bands(doc: TomlDocument) -> tuple[SizeBand, ...]:
    bands: list[SizeBand] = []
    for table, path in doc.tables(doc.data, "size_bands", (), required=False):
        _known_fields(doc, table, path, {"id", "name", "up_to", "factor"})
        up_to = doc.optional_number(table, "up_to", path)
        if bands and bands[-1].up_to is None:
            raise doc.error(path, "a band after the open-ended one can never apply")
        if up_to is not None and bands and up_to <= (bands[-1].up_to or 0):
            raise doc.error(path + ("up_to",), "size bands go from the smallest up, each above the one before")
        factor = doc.number(table, "factor", path)
        if not 0 < factor <= 100:
            raise doc.error(path + ("factor",), f"must be above 0 and at most 100, not {factor:g}")
        bands.append(SizeBand(_identifier(doc, table, "id", path), doc.get(table, "name", path, str), up_to, factor))
    if bands and bands[-1].up_to is not None:
        raise doc.error(("size_bands",), "the last size band needs no 'up_to', so that every unit has a band")
    return tuple(bands) or DEFAULT_SIZE_BANDS


_STEP_FIELDS = {"id", "dimension", "from", "to", "title", "description", "owner_role", "effort", "kpi",
                "kpi_target", "prerequisites", "requires", "weight", "scope", "lead_days"}


def _step(doc: TomlDocument, table: dict[str, Any], path: Path, model: MaturityModel,
          efforts: dict[str, Effort]) -> Step:
    _known_fields(doc, table, path, _STEP_FIELDS)
    step_id = _identifier(doc, table, "id", path)
    dimension_id = doc.get(table, "dimension", path, str)
    if not model.has_dimension(dimension_id):
        raise doc.error(path + ("dimension",), f"model '{model.id}' has no dimension '{dimension_id}'")
    from_stage = _stage(doc, table, "from", path, model)
    to_stage = _stage(doc, table, "to", path, model)
    following = model.next_stage(from_stage)
    if following is None or following.id != to_stage:
        expected = f"'{following.id}'" if following else f"nothing: '{from_stage}' is the highest stage"
        raise doc.error(path + ("to",), f"a step moves one stage up; from '{from_stage}' it leads to {expected}")
    effort_id = doc.get(table, "effort", path, str)
    if effort_id not in efforts:
        raise doc.error(path + ("effort",), f"unknown effort '{effort_id}' (efforts: {', '.join(efforts)})")

    prerequisites = doc.get(table, "prerequisites", path, list, required=False, default=[])
    for index, prerequisite in enumerate(prerequisites):
        if not isinstance(prerequisite, str):
            raise doc.error(path + ("prerequisites", index), "expected a step id (text)")
        if prerequisite == step_id:
            raise doc.error(path + ("prerequisites", index), "a step cannot be its own prerequisite")
    if len(set(prerequisites)) != len(prerequisites):
        raise doc.error(path + ("prerequisites",), "lists a step twice")

    requires: list[StageRequirement] = []
    required = doc.get(table, "requires", path, dict, required=False, default={})
    for required_dimension, required_stage in required.items():
        where = path + ("requires", required_dimension)
        if not model.has_dimension(required_dimension):
            raise doc.error(where, f"model '{model.id}' has no dimension '{required_dimension}'")
        if not isinstance(required_stage, str) or not model.has_stage(required_stage):
            known = ", ".join(s.id for s in model.stages)
            raise doc.error(where, f"unknown stage '{required_stage}' (stages: {known})")
        if required_dimension == dimension_id and \
                model.stage(required_stage).score >= model.stage(to_stage).score:
            raise doc.error(where, f"a step cannot require its own dimension at '{required_stage}': "
                                   f"it leads to '{to_stage}' itself")
        requires.append(StageRequirement(required_dimension, required_stage))

    weight = doc.number(table, "weight", path, default=1.0)
    if not weight > 0:
        raise doc.error(path + ("weight",), f"must be above 0, not {weight:g}")
    scope = doc.get(table, "scope", path, str, required=False, default=PER_UNIT)
    if scope not in SCOPES:
        raise doc.error(path + ("scope",), f"expected one of: {', '.join(SCOPES)}")
    lead_days = doc.get(table, "lead_days", path, int, required=False, default=DEFAULT_LEAD_DAYS)
    if not 0 <= lead_days <= 730:
        raise doc.error(path + ("lead_days",), f"a lead time lies between 0 and 730 days, not {lead_days}")
    return Step(
        id=step_id,
        dimension_id=dimension_id,
        from_stage=from_stage,
        to_stage=to_stage,
        title=doc.get(table, "title", path, str).strip(),
        description=" ".join(doc.get(table, "description", path, str).split()),
        owner_role=doc.get(table, "owner_role", path, str).strip(),
        effort=efforts[effort_id],
        kpi=doc.get(table, "kpi", path, str).strip(),
        kpi_target=doc.get(table, "kpi_target", path, str).strip(),
        prerequisites=tuple(prerequisites),
        requires=tuple(requires),
        weight=weight,
        scope=scope,
        lead_days=lead_days,
    )


def _stage(doc: TomlDocument, table: dict[str, Any], key: str, path: Path, model: MaturityModel) -> str:
    value: str = doc.get(table, key, path, str)
    if not model.has_stage(value):
        known = ", ".join(s.id for s in model.stages)
        raise doc.error(path + (key,), f"unknown stage '{value}' (stages: {known})")
    return value


def _diagnostic_rules(doc: TomlDocument, model: MaturityModel) -> DiagnosticRules:
    section = doc.get(doc.data, "diagnostics", (), dict, required=False, default={})
    base: Path = ("diagnostics",)
    _known_fields(doc, section, base, {"attribution_debt", "dashboards_without_execution", "static_automation"})

    def part(name: str, known: set[str]) -> tuple[dict[str, Any], Path]:
        table = doc.get(section, name, base, dict, required=False, default={})
        _known_fields(doc, table, base + (name,), known)
        return table, base + (name,)

    def dimensions(table: dict[str, Any], key: str, path: Path) -> tuple[str, ...]:
        values = doc.get(table, key, path, list, required=False, default=[])
        for index, value in enumerate(values):
            if not isinstance(value, str) or not model.has_dimension(value):
                raise doc.error(path + (key, index), f"model '{model.id}' has no dimension '{value}'")
        return tuple(values)

    def number(table: dict[str, Any], key: str, path: Path, default: float, low: float) -> float:
        value = doc.number(table, key, path, default=default)
        if value < low:
            raise doc.error(path + (key,), f"must be {low:g} or more, not {value:g}")
        return value

    defaults = DiagnosticRules()
    debt, debt_path = part("attribution_debt", {"dimensions", "min_growth", "high_growth"})
    min_growth = number(debt, "min_growth", debt_path, defaults.min_growth, 0)
    high_growth = number(debt, "high_growth", debt_path, max(defaults.high_growth, min_growth), min_growth)
    dashboards, dashboards_path = part("dashboards_without_execution", {"visibility", "execution"})
    static, static_path = part("static_automation", {"dimensions", "reassess_after_days"})
    days = doc.get(static, "reassess_after_days", static_path, int, required=False,
                   default=defaults.reassess_after_days)
    if days < 1:
        raise doc.error(static_path + ("reassess_after_days",), f"must be 1 or more, not {days}")
    return DiagnosticRules(
        attribution_dimensions=dimensions(debt, "dimensions", debt_path),
        min_growth=min_growth,
        high_growth=high_growth,
        visibility_dimensions=dimensions(dashboards, "visibility", dashboards_path),
        execution_dimensions=dimensions(dashboards, "execution", dashboards_path),
        static_dimensions=dimensions(static, "dimensions", static_path),
        reassess_after_days=days,
    )


def _check_coverage(doc: TomlDocument, playbook: Playbook, model: MaturityModel) -> None:
    """Every transition of every dimension needs a step, or its gaps could not be planned."""
    for dimension in model.dimensions:
        for stage in model.stages:
            following = model.next_stage(stage.id)
            if following and not playbook.steps_from(dimension.id, stage.id):
                # Point at the dimension's first step, where the missing one belongs.
                index = next((i for i, s in enumerate(playbook.steps) if s.dimension_id == dimension.id), None)
                line = doc.line_of(("model",) if index is None else ("steps", index))
                raise DefinitionError(doc.source, line, "steps",
                                      f"no step takes '{dimension.id}' from '{stage.id}' to '{following.id}'; "
                                      f"every dimension needs at least one step per transition")


def _check_cycles(doc: TomlDocument, playbook: Playbook, model: MaturityModel,
                  step_paths: dict[str, Path]) -> None:
    order = step_order(playbook, model)
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    trail: list[str] = []

    def visit(step_id: str) -> list[str] | None:
        state[step_id] = 1
        trail.append(step_id)
        for before in order[step_id]:
            if state.get(before) == 1:
                return trail[trail.index(before):] + [before]
            if before not in state:
                found = visit(before)
                if found:
                    return found
        state[step_id] = 2
        trail.pop()
        return None

    for step in playbook.steps:
        if step.id in state:
            continue
        cycle = visit(step.id)
        if cycle:
            raise _cycle_error(doc, cycle, order, step_paths)


def _cycle_error(doc: TomlDocument, cycle: list[str], order: Mapping[str, Mapping[str, frozenset[str]]],
                 step_paths: dict[str, Path]) -> DefinitionError:
    # ``cycle`` runs from a step to the step that must precede it, and so on back to the
    # first: read it backwards to say it in the order the steps would have to be done.
    forward = list(reversed(cycle))
    links = []
    blamed: Path | None = None
    for before, after in itertools.pairwise(forward):
        reasons = order[after][before]
        links.append(f"{before} → {after}" + ("" if reasons == {PREREQUISITE} else
                                                f" ({', '.join(sorted(reasons))})"))
        if blamed is None and reasons & {PREREQUISITE, REQUIREMENT}:
            blamed = step_paths[after] + ("prerequisites" if PREREQUISITE in reasons else "requires",)
    assert blamed is not None  # implied orderings always raise the stage, so a cycle has a written link
    return doc.error(blamed, "the steps depend on each other in a circle: " + "; ".join(links))


__all__ = ["CENTRAL", "PER_UNIT", "PLAYBOOK_FORMAT", "DefinitionError", "Effort", "Playbook", "SizeBand",
           "StageRequirement", "Step", "load_playbook", "parse_playbook", "playbook_for", "step_order"]
