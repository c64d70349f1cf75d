"""The maturity models on offer: those shipped with the app, and the consultant's own.

Shipped models are ``resources/models/*.toml``; a consultant adds their own in the
``models`` folder of the app's data directory (:func:`user_folder`), and their own
playbooks in its ``playbooks`` folder. A file that cannot be read is skipped and reported
as ``file, line: field: reason``; the others are still offered. A model whose id is
already taken (by a shipped model or an earlier file) is refused, never silently swapped in.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

from .definition_file import DefinitionError
from .model import MaturityModel
from .model_file import parse_model
from .record import record

DEFAULT_MODEL_ID = "finops-crawl-walk-run"
#: A model or playbook file larger than this is not one (the shipped model is about 40 KB).
MAX_DEFINITION_FILE = 1_000_000


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


def user_folder(kind: str) -> Path:
    """Where the consultant keeps their own ``models`` or ``playbooks`` (under ``~/.local/share/finops-workshop``)."""
    import platformdirs

    return Path(platformdirs.user_data_dir("finops-workshop", appauthor=False)) / kind


@record
class Catalogue:
    """The models on offer by id, and one ``file, line: field: reason`` line for each file skipped."""

    models: dict[str, MaturityModel]
    problems: tuple[str, ...]


def read_definition_entry(entry: Traversable | Path, shown: str) -> str:
    """The text of one definition file, or :class:`DefinitionError` saying why it is not one."""
    try:
        if not entry.is_file():
            raise DefinitionError(shown, None, "", "not a file (a folder or a special file)")
        with entry.open("rb") as handle:
            data = handle.read(MAX_DEFINITION_FILE + 1)
    except OSError as exc:
        raise DefinitionError(shown, None, "", exc.strerror or str(exc)) from None
    if len(data) > MAX_DEFINITION_FILE:
        raise DefinitionError(shown, None, "", f"larger than any definition file ({MAX_DEFINITION_FILE:,} bytes)")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise DefinitionError(shown, None, "", "not a text file (UTF-8 expected)") from None


def definition_entries(folder: Traversable | Path) -> list[Traversable | Path]:
    """The ``*.toml`` entries of a folder, by name; none when the folder is missing or unreadable."""
    try:
        return sorted((e for e in folder.iterdir() if e.name.endswith(".toml")), key=lambda e: e.name)
    except OSError:
        return []


def load_catalogue(sources: Iterable[tuple[Traversable | Path, str]]) -> Catalogue:
    """Every model in the folders given (each with the name shown for it), first come first served."""
    models: dict[str, MaturityModel] = {}
    origin: dict[str, str] = {}
    problems: list[str] = []
    for folder, shown_folder in sources:
        for entry in definition_entries(folder):
            shown = f"{shown_folder}/{entry.name}"
            try:
                model = parse_model(read_definition_entry(entry, shown), shown)
            except DefinitionError as exc:
                problems.append(str(exc))
                continue
            if model.id in models:
                reason = f"model '{model.id}' is already defined by {origin[model.id]}; give this one its own id"
                problems.append(str(DefinitionError(shown, None, "id", reason)))
                continue
            models[model.id] = model
            origin[model.id] = shown
    return Catalogue(models, tuple(problems))


@cache
def model_catalogue() -> Catalogue:
    """The shipped models, then the consultant's own; read once."""
    own = user_folder("models")
    return load_catalogue([(resource_dir("resources").joinpath("models"), "resources/models"), (own, str(own))])


def builtin_models() -> dict[str, MaturityModel]:
    """Every model on offer, by model id (the name is older than the consultant's own models)."""
    return model_catalogue().models


def find_model(model_id: str) -> MaturityModel:
    models = builtin_models()
    if model_id not in models:
        known = ", ".join(sorted(models))
        raise KeyError(f"no model '{model_id}' (available: {known})")
    return models[model_id]
