"""Building workshops for tests: real files in temporary folders, or plain domain objects."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from finops_desktop.domain.catalogue import DEFAULT_MODEL_ID, find_model
from finops_desktop.domain.model import MaturityModel
from finops_desktop.domain.workshop import AssessmentRound, BusinessUnit, Rating, Workshop, WorkshopInfo
from finops_desktop.storage.workshop_file import WorkshopFile

#: (name, monthly spend, {dimension id: (current, target)})
UnitSpec = tuple[str, float | None, dict[str, tuple[str | None, str | None]]]


def default_model() -> MaturityModel:
    return find_model(DEFAULT_MODEL_ID)


def make_workshop_file(path: Path, units: Iterable[UnitSpec] = (), *, client: str = "Test client",
                       model: MaturityModel | None = None) -> Path:
    """Write a workshop file with the given business units and ratings, closed again."""
    with WorkshopFile.create(path, WorkshopInfo(client), model or default_model()) as file:
        for name, spend, ratings in units:
            bu = file.add_business_unit(name, monthly_spend=spend)
            for dimension_id, (current, target) in ratings.items():
                file.set_rating(bu.id, dimension_id, Rating(current=current, target=target))
    return path


def build_workshop(units: Iterable[UnitSpec], *, model: MaturityModel | None = None) -> Workshop:
    """The same as :func:`make_workshop_file`, as domain objects in memory only."""
    workshop = Workshop(WorkshopInfo("Test client"), model or default_model(), rounds=[AssessmentRound(1, "Baseline")])
    for index, (name, spend, ratings) in enumerate(units, start=1):
        workshop.business_units.append(BusinessUnit(index, name, index - 1, spend))
        for dimension_id, (current, target) in ratings.items():
            workshop.ratings[(1, index, dimension_id)] = Rating(current=current, target=target)
    return workshop
