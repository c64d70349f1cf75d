"""The maturity models shipped with the app (``resources/models/*.toml``)."""

from __future__ import annotations

from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable

from .model import MaturityModel
from .model_file import parse_model

DEFAULT_MODEL_ID = "finops-crawl-walk-run"


def resource_dir(name: str) -> Traversable:
    """A folder of shipped data (``resources``, ``roadmaps``), installed or bundled.

    Installed, the folders are the packages ``finops_desktop.resources`` and
    ``finops_desktop.roadmaps``; run straight from a source checkout (``python -m`` in the
    repository), they are the folders beside the package.
    """
    try:
        return resources.files(f"finops_desktop.{name}")
    except ModuleNotFoundError:
        return resources.files("finops_desktop").joinpath("..", name)


@cache
def builtin_models() -> dict[str, MaturityModel]:
    """Every model file shipped with the app, by model id."""
    models: dict[str, MaturityModel] = {}
    for entry in sorted(resource_dir("resources").joinpath("models").iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".toml"):
            model = parse_model(entry.read_text(encoding="utf-8"), f"resources/models/{entry.name}")
            models[model.id] = model
    return models


def find_model(model_id: str) -> MaturityModel:
    models = builtin_models()
    if model_id not in models:
        known = ", ".join(sorted(models))
        raise KeyError(f"no model '{model_id}' (available: {known})")
    return models[model_id]
