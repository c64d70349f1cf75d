"""Small playbooks and workshops for the planner, playbook and diagnostics tests.

The worked examples pin the waste shares with per-workshop overrides and use a playbook of
one step per transition, so that every expected figure can be worked out by hand.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from finops_desktop.domain.catalogue import DEFAULT_MODEL_ID, find_model
from finops_desktop.domain.model import WasteAssumption
from finops_desktop.domain.playbook import Playbook, parse_playbook
from finops_desktop.domain.workshop import AssessmentRound, BusinessUnit, Rating, Workshop, WorkshopInfo

MODEL = find_model(DEFAULT_MODEL_ID)
DIMENSIONS = [d.id for d in MODEL.dimensions]
FOUNDATIONS = {d.id for d in MODEL.foundations}

#: Round figures for the worked examples, (crawl, walk, run): the share of spend each pool wastes
#: (rate, usage, anomalies) and the share of the pools' gaps each enabler captures.
POOL_SHARES = {"commitment_strategy": (0.10, 0.04, 0.01), "automation_level": (0.10, 0.05, 0.02),
               "anomaly_detection": (0.04, 0.02, 0.01)}
CAPTURE = {"cost_visibility": (0.5, 0.8, 1.0), "tagging_coverage": (0.5, 0.8, 1.0),
           "finops_ownership": (0.5, 0.8, 1.0)}
SHARES = POOL_SHARES | CAPTURE

#: (name, monthly spend, annual growth %, {dimension id: "current/target"})
#: "crawl" alone has no target; "-" is not assessed; "na" not applicable.
Unit = tuple[str, float | None, float | None, Mapping[str, str]]


def step_id(dimension_id: str, from_stage: str) -> str:
    """The id of the test playbook's step for a transition, e.g. ``commitment_strategy.crawl``."""
    return f"{dimension_id}.{from_stage}"


def _value(value: Any) -> str:
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{k} = {_value(v)}" for k, v in value.items()) + " }"
    return repr(value)


def step_table(step: Mapping[str, Any]) -> str:
    return "[[steps]]\n" + "".join(f"{key} = {_value(value)}\n" for key, value in step.items()) + "\n"


def default_step(dimension_id: str, from_stage: str, to_stage: str) -> dict[str, Any]:
    return {"id": step_id(dimension_id, from_stage), "dimension": dimension_id, "from": from_stage, "to": to_stage,
            "title": f"Move {dimension_id} to {to_stage}", "description": "What to do, in a sentence or two.",
            "owner_role": "FinOps lead", "effort": "S", "kpi": "A measure", "kpi_target": "a value"}


def playbook_text(changes: Mapping[str, Mapping[str, Any]] | None = None,
                  extra_steps: Iterable[Mapping[str, Any]] = (), *, header: str = "") -> str:
    """A valid playbook for the default model: one step per transition, ``changes`` applied by step id.

    A change value of ``None`` removes the field.
    """
    changes = changes or {}
    text = (f'format = 1\nmodel = "{DEFAULT_MODEL_ID}"\nname = "Test playbook"\nversion = "0.1"\n{header}\n'
            '[[efforts]]\nid = "S"\nname = "Small"\ndays = [1, 3]\n\n'
            '[[efforts]]\nid = "M"\nname = "Medium"\ndays = [4, 8]\n\n'
            '[[efforts]]\nid = "L"\nname = "Large"\ndays = [10, 20]\n\n')
    for dimension_id in DIMENSIONS:
        for from_stage, to_stage in (("crawl", "walk"), ("walk", "run")):
            step = default_step(dimension_id, from_stage, to_stage)
            for key, value in changes.get(step["id"], {}).items():
                if value is None:
                    step.pop(key, None)
                else:
                    step[key] = value
            text += step_table(step)
    for step in extra_steps:
        text += step_table(step)
    return text


def small_playbook(changes: Mapping[str, Mapping[str, Any]] | None = None,
                   extra_steps: Iterable[Mapping[str, Any]] = (), *, header: str = "") -> Playbook:
    return parse_playbook(playbook_text(changes, extra_steps, header=header), "test-playbook.toml", MODEL)


def rating(spec: str) -> Rating:
    current, _, target = spec.partition("/")

    def stage(text: str) -> str | None:
        return None if text in ("", "-") else text

    return Rating(current=stage(current), target=stage(target))


def make_workshop(units: Iterable[Unit], *, shares: Mapping[str, tuple[float, float, float]] | None = SHARES,
                  rounds: Iterable[AssessmentRound] | None = None, currency: str = "USD") -> Workshop:
    """A workshop in memory; every round gets the same ratings."""
    rounds = list(rounds or [AssessmentRound(1, "Baseline", "2026-11-27T09:00:00+00:00")])
    workshop = Workshop(WorkshopInfo("Test client", currency=currency), MODEL, rounds=rounds)
    for index, (name, spend, growth, ratings) in enumerate(units, start=1):
        workshop.business_units.append(BusinessUnit(index, name, index - 1, spend, annual_growth=growth))
        for dimension_id, spec in ratings.items():
            for rnd in rounds:
                workshop.ratings[(rnd.id, index, dimension_id)] = rating(spec)
    for dimension_id, values in (shares or {}).items():
        for stage, share in zip(("crawl", "walk", "run"), values, strict=True):
            workshop.waste_overrides[(dimension_id, stage)] = WasteAssumption(share, "Round figure for a test.")
    return workshop


def at_walk(**ratings: str) -> dict[str, str]:
    """Every dimension at Walk with no move, except those given."""
    return {d: "walk/walk" for d in DIMENSIONS} | ratings
