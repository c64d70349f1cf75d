"""Reading and validating a maturity model definition (TOML)."""

from __future__ import annotations

from pathlib import Path as FsPath
from types import MappingProxyType
from typing import Any

from .definition_file import DefinitionError, Path, TomlDocument, read_definition_text
from .model import Dimension, Indicator, IndicatorBand, MaturityModel, Source, Stage, WasteAssumption
from .model_money_file import read_cap, read_pools, read_sources, read_stage_figures

#: The model file format this version reads.
MODEL_FORMAT = 2


def load_model(path: FsPath | str) -> MaturityModel:
    """Read and validate a model definition file."""
    path = FsPath(path)
    text = read_definition_text(path)
    return parse_model(text, str(path))


def parse_model(text: str, source: str) -> MaturityModel:
    """Build a model from definition text; ``source`` names the file in error messages."""
    doc = TomlDocument(text, source)
    data = doc.data
    fmt = doc.get(data, "format", (), int)
    if fmt > MODEL_FORMAT:
        raise doc.error(("format",), f"format {fmt} is newer than this app reads ({MODEL_FORMAT}); update the app")
    if fmt < 1:
        raise doc.error(("format",), "must be 1 or more")

    stages = _stages(doc)
    stage_ids = {s.id for s in stages}
    rules = doc.get(data, "rules", (), dict)
    foundation_stage = doc.get(rules, "foundation_stage", ("rules",), str)
    if foundation_stage not in stage_ids:
        raise doc.error(("rules", "foundation_stage"), f"unknown stage '{foundation_stage}'")

    sources = read_sources(doc)
    dimensions: list[Dimension] = []
    for table, path in doc.tables(data, "dimensions", ()):
        dimension = _dimension(doc, table, path, stages, sources)
        if any(d.id == dimension.id for d in dimensions):
            raise doc.error(path + ("id",), f"dimension '{dimension.id}' is defined twice")
        dimensions.append(dimension)
    if not 3 <= len(dimensions) <= 25:
        raise doc.error(("dimensions",), f"a model has 3 to 25 dimensions, this one has {len(dimensions)}")
    dimensions, pools, enablers = read_pools(doc, dimensions, stages, sources)
    cap, cap_reasoning = read_cap(doc, sources)

    return MaturityModel(
        id=_identifier(doc, data, "id", ()),
        name=doc.get(data, "name", (), str),
        version=doc.get(data, "version", (), str),
        description=doc.get(data, "description", (), str, required=False, default="").strip(),
        stages=stages,
        dimensions=tuple(dimensions),
        foundation_stage=foundation_stage,
        source=text,
        pools=pools,
        enablers=enablers,
        max_recoverable_share=cap,
        cap_reasoning=cap_reasoning,
        sources=tuple(sources.values()),
    )


def _identifier(doc: TomlDocument, table: dict[str, Any], key: str, path: Path) -> str:
    value: str = doc.get(table, key, path, str)
    if not value.replace("_", "").replace("-", "").isalnum() or not value.isascii():
        raise doc.error(path + (key,), f"'{value}' is not an identifier (letters, digits, '_' and '-')")
    return value


def _stages(doc: TomlDocument) -> tuple[Stage, ...]:
    stages: list[Stage] = []
    for table, path in doc.tables(doc.data, "stages", ()):
        stage = Stage(
            id=_identifier(doc, table, "id", path),
            name=doc.get(table, "name", path, str),
            score=doc.get(table, "score", path, int),
        )
        if stage.id == "na":
            raise doc.error(path + ("id",), "'na' is reserved for 'not applicable'")
        if any(s.id == stage.id for s in stages):
            raise doc.error(path + ("id",), f"stage '{stage.id}' is defined twice")
        expected = len(stages) + 1
        if stage.score != expected:
            raise doc.error(path + ("score",), f"stages are scored 1, 2, 3… in order; expected {expected}")
        stages.append(stage)
    if len(stages) < 2:
        raise doc.error(("stages",), "a model needs at least two stages")
    return tuple(stages)


def _per_stage(doc: TomlDocument, table: dict[str, Any], key: str, path: Path,
               stages: tuple[Stage, ...]) -> dict[str, Any]:
    values: dict[str, Any] = doc.get(table, key, path, dict)
    for stage_id in values:
        if stage_id not in {s.id for s in stages}:
            raise doc.error(path + (key, stage_id), f"unknown stage '{stage_id}'")
    for stage in stages:
        if stage.id not in values:
            raise doc.error(path + (key,), f"stage '{stage.id}' is missing")
    return values


def _dimension(doc: TomlDocument, table: dict[str, Any], path: Path, stages: tuple[Stage, ...],
               sources: dict[str, Source]) -> Dimension:
    descriptions = _per_stage(doc, table, "stages", path, stages)
    for stage in stages:
        doc.get(descriptions, stage.id, path + ("stages",), str)
    # A pool's dimension has "waste" figures, an enabler "capture" figures; a rate pool priced
    # from coverage has its waste worked out later.
    if "waste" in table and "capture" in table:
        raise doc.error(path + ("capture",), "a dimension has either waste figures (a pool) or capture "
                                             "figures (an enabler), not both")
    key = "capture" if "capture" in table else "waste"
    waste: dict[str, WasteAssumption] = {}
    if key in table:
        waste = dict(read_stage_figures(doc, table, key, path, stages, sources))
    indicators = tuple(
        _indicator(doc, item, item_path, stages)
        for item, item_path in doc.tables(table, "indicators", path, required=False)
    )
    return Dimension(
        id=_identifier(doc, table, "id", path),
        name=doc.get(table, "name", path, str),
        short_name=doc.get(table, "short_name", path, str, required=False, default=""),
        question=doc.get(table, "question", path, str),
        descriptions=MappingProxyType({s.id: descriptions[s.id].strip() for s in stages}),
        waste=MappingProxyType(waste),
        foundation=doc.get(table, "foundation", path, bool, required=False, default=False),
        indicators=indicators,
        figures_written_as=key if waste else "",
    )


def _indicator(doc: TomlDocument, table: dict[str, Any], path: Path, stages: tuple[Stage, ...]) -> Indicator:
    stage_ids = {s.id for s in stages}
    bands: list[IndicatorBand] = []
    for band, band_path in doc.tables(table, "bands", path):
        stage = doc.get(band, "stage", band_path, str)
        if stage not in stage_ids:
            raise doc.error(band_path + ("stage",), f"unknown stage '{stage}'")
        low = doc.optional_number(band, "low", band_path)
        high = doc.optional_number(band, "high", band_path)
        if low is None and high is None:
            raise doc.error(band_path, "a band needs 'low', 'high' or both")
        if low is not None and high is not None and low > high:
            raise doc.error(band_path + ("low",), f"low ({low:g}) is above high ({high:g})")
        bands.append(IndicatorBand(stage, low, high))
    return Indicator(
        id=_identifier(doc, table, "id", path),
        name=doc.get(table, "name", path, str),
        unit=doc.get(table, "unit", path, str, required=False, default=""),
        higher_is_better=doc.get(table, "higher_is_better", path, bool),
        bands=tuple(bands),
        help=doc.get(table, "help", path, str, required=False, default=""),
    )


__all__ = ["MODEL_FORMAT", "DefinitionError", "load_model", "parse_model"]
