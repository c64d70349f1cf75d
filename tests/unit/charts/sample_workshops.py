"""Small workshops built in memory, with models of any number of dimensions."""

from __future__ import annotations

from collections.abc import Sequence

from finops_desktop.domain.model import MaturityModel
from finops_desktop.domain.model_file import parse_model
from finops_desktop.domain.workshop import AssessmentRound, BusinessUnit, Rating, Workshop, WorkshopInfo

DIMENSION_NAMES = [
    "Cost visibility", "Tagging coverage", "Commitment strategy", "Anomaly detection", "FinOps ownership",
    "Automation level", "Forecasting and budgeting", "Unit economics", "Rate optimisation",
    "Workload right-sizing", "Sustainability reporting", "Policy and governance", "Data ingestion",
    "Chargeback and invoicing", "Architecting for the cloud", "Licence management", "Shared cost allocation",
    "Onboarding new workloads", "Cloud intersecting frameworks", "Education and enablement",
    "Tooling and integrations", "Procurement alignment", "Engineering incentives", "Executive reporting",
    "Container cost allocation",
]


def model_text(dimensions: int, stages: Sequence[str] = ("Crawl", "Walk", "Run")) -> str:
    """A valid model definition with ``dimensions`` dimensions (names from a realistic list)."""
    lines = ['format = 1', f'id = "test-{dimensions}"', f'name = "Test model, {dimensions} dimensions"',
             'version = "1"', "", "[rules]", f'foundation_stage = "{stages[0].lower()}"', ""]
    for score, stage in enumerate(stages, start=1):
        lines += ["[[stages]]", f'id = "{stage.lower()}"', f'name = "{stage}"', f"score = {score}", ""]
    for index in range(dimensions):
        name = DIMENSION_NAMES[index % len(DIMENSION_NAMES)]
        if index >= len(DIMENSION_NAMES):
            name += f" {index}"
        lines += ["[[dimensions]]", f'id = "d{index}"', f'name = "{name}"', f'question = "How is {name}?"', "",
                  "[dimensions.stages]"]
        lines += [f'{stage.lower()} = "What {stage} looks like."' for stage in stages]
        lines += ["", "[dimensions.waste]"]
        lines += [f'{stage.lower()} = {{ share = 0.01, reasoning = "An assumption." }}' for stage in stages]
        lines.append("")
    return "\n".join(lines)


def make_model(dimensions: int, stages: Sequence[str] = ("Crawl", "Walk", "Run")) -> MaturityModel:
    return parse_model(model_text(dimensions, stages), f"test model ({dimensions} dimensions)")


def make_workshop(model: MaturityModel, units: int, *, rounds: int = 1, spend: bool = True) -> Workshop:
    """``units`` business units and ``rounds`` rounds, nothing rated yet."""
    return Workshop(
        info=WorkshopInfo(client="Contoso Test", date="2026-11-27"),
        model=model,
        business_units=[BusinessUnit(i + 1, f"Business unit {i + 1}", i, 1000.0 * (i + 1) if spend else None)
                        for i in range(units)],
        rounds=[AssessmentRound(r + 1, "Baseline" if r == 0 else f"Round {r + 1}") for r in range(rounds)],
    )


def rate(workshop: Workshop, bu_id: int, dimension_id: str, current: str | None, target: str | None = None,
         round_id: int | None = None) -> None:
    rid = workshop.active_round.id if round_id is None else round_id
    workshop.ratings[(rid, bu_id, dimension_id)] = Rating(current=current, target=target)


def stage_cycle(model: MaturityModel, bu_index: int, dim_index: int) -> str:
    """A deterministic spread of stages over units and dimensions."""
    stages = [s.id for s in model.stages]
    return stages[(bu_index * 2 + dim_index + bu_index * dim_index // 3) % len(stages)]
