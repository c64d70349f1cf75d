"""Reading the money part of a model definition: sources, value pools, enablers and the cap.

A model names the pools of recoverable spend (each owned by one dimension, whose per-stage
``waste`` figures are what the pool wastes), the enablers (dimensions whose per-stage
``capture`` figures set how much of the pools a unit can capture) and the cap on what any
unit can recover. Every figure may name a source (an id of ``[[sources]]``). A model file
without ``[[pools]]`` is read as before pools existed: every dimension is a pool of its own
and nothing limits the capture, so workshops assessed with such a model keep their money.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from .definition_file import Path, TomlDocument
from .model import CoveragePricing, Dimension, Enabler, Figure, Source, Stage, ValuePool, WasteAssumption

#: How a pool's indicator value is read.
READS = ("coverage", "waste_percent")


def read_sources(doc: TomlDocument) -> dict[str, Source]:
    sources: dict[str, Source] = {}
    for table, path in doc.tables(doc.data, "sources", (), required=False):
        source_id = doc.get(table, "id", path, str)
        if source_id in sources:
            raise doc.error(path + ("id",), f"source '{source_id}' is defined twice")
        year = doc.get(table, "year", path, int, required=False)
        if year is not None and not 1990 <= year <= 2100:
            raise doc.error(path + ("year",), f"a publication year lies between 1990 and 2100, not {year}")
        sources[source_id] = Source(source_id, doc.get(table, "publication", path, str).strip(),
                                    doc.get(table, "url", path, str, required=False, default="").strip(), year)
    return sources


def source_of(doc: TomlDocument, table: dict[str, Any], path: Path, sources: Mapping[str, Source]) -> Source | None:
    source_id = doc.get(table, "source", path, str, required=False)
    if source_id is None:
        return None
    if source_id not in sources:
        known = ", ".join(sources) or "none defined"
        raise doc.error(path + ("source",), f"unknown source '{source_id}' (sources: {known})")
    return sources[source_id]


def share(doc: TomlDocument, table: dict[str, Any], key: str, path: Path) -> float:
    value = doc.number(table, key, path)
    if not 0 <= value <= 1:
        raise doc.error(path + (key,), f"a share lies between 0 and 1, not {value:g}")
    return value


def read_stage_figures(doc: TomlDocument, table: dict[str, Any], key: str, path: Path, stages: tuple[Stage, ...],
                       sources: Mapping[str, Source]) -> Mapping[str, WasteAssumption]:
    """``key`` = { crawl = { share, reasoning, source? }, … }: one figure per stage."""
    values: dict[str, Any] = doc.get(table, key, path, dict)
    known = {s.id for s in stages}
    for stage_id in values:
        if stage_id not in known:
            raise doc.error(path + (key, stage_id), f"unknown stage '{stage_id}'")
    figures: dict[str, WasteAssumption] = {}
    for stage in stages:
        if stage.id not in values:
            raise doc.error(path + (key,), f"stage '{stage.id}' is missing")
        entry = doc.get(values, stage.id, path + (key,), dict)
        entry_path = path + (key, stage.id)
        figures[stage.id] = WasteAssumption(share(doc, entry, "share", entry_path),
                                            doc.get(entry, "reasoning", entry_path, str).strip(),
                                            source_of(doc, entry, entry_path, sources))
    return MappingProxyType(figures)


def _figure(doc: TomlDocument, table: dict[str, Any], key: str, path: Path,
            sources: Mapping[str, Source]) -> Figure:
    entry = doc.get(table, key, path, dict)
    where = path + (key,)
    return Figure(share(doc, entry, "value", where), doc.get(entry, "reasoning", where, str).strip(),
                  source_of(doc, entry, where, sources))


def read_pools(doc: TomlDocument, dimensions: list[Dimension], stages: tuple[Stage, ...],
               sources: Mapping[str, Source]) -> tuple[list[Dimension], tuple[ValuePool, ...], tuple[Enabler, ...]]:
    """The pools and enablers, and the dimensions with the rate pools' figures worked out."""
    by_id = {d.id: d for d in dimensions}
    if "pools" not in doc.data:
        # A model from before pools: every dimension wastes its own share, nothing limits capture.
        for dimension in dimensions:
            if not dimension.waste:
                raise doc.error(("dimensions",), f"dimension '{dimension.id}' has no waste figures and the model "
                                                 f"declares no pools")
        return dimensions, tuple(ValuePool(d.id, d.name, d.id) for d in dimensions), ()

    pools: list[ValuePool] = []
    for table, path in doc.tables(doc.data, "pools", ()):
        dimension_id = doc.get(table, "dimension", path, str)
        if dimension_id not in by_id:
            raise doc.error(path + ("dimension",), f"no dimension '{dimension_id}' in this model")
        if any(p.dimension_id == dimension_id for p in pools):
            raise doc.error(path + ("dimension",), f"dimension '{dimension_id}' already owns a pool")
        dimension = by_id[dimension_id]
        indicator = doc.get(table, "indicator", path, str, required=False, default="")
        if indicator and not any(i.id == indicator for i in dimension.indicators):
            raise doc.error(path + ("indicator",), f"dimension '{dimension_id}' has no indicator '{indicator}'")
        reads = doc.get(table, "reads", path, str, required=False, default="")
        if indicator and reads not in READS:
            raise doc.error(path + ("reads",), f"expected one of: {', '.join(READS)}")
        coverage = None
        if reads == "coverage" or "coverage" in table:
            coverage = _coverage(doc, table, path, stages, sources, indicator)
            if dimension.waste:
                raise doc.error(("dimensions",), f"dimension '{dimension_id}' is priced from coverage: "
                                                 f"its waste figures are worked out, not written")
            by_id[dimension_id] = _with_worked_out_waste(dimension, coverage, stages)
        elif dimension.figures_written_as != "waste":
            raise doc.error(path + ("dimension",), f"dimension '{dimension_id}' owns a pool but has no waste figures")
        pools.append(ValuePool(doc.get(table, "id", path, str), doc.get(table, "name", path, str).strip(),
                               dimension_id, doc.get(table, "description", path, str, required=False,
                                                     default="").strip(), indicator, reads, coverage))

    enablers: list[Enabler] = []
    for table, path in doc.tables(doc.data, "enablers", (), required=False):
        dimension_id = doc.get(table, "dimension", path, str)
        if dimension_id not in by_id:
            raise doc.error(path + ("dimension",), f"no dimension '{dimension_id}' in this model")
        if any(p.dimension_id == dimension_id for p in pools) or any(e.dimension_id == dimension_id
                                                                     for e in enablers):
            raise doc.error(path + ("dimension",), f"dimension '{dimension_id}' already owns a pool or enables")
        if by_id[dimension_id].figures_written_as != "capture":
            raise doc.error(path + ("dimension",), f"enabler '{dimension_id}' has no capture figures")
        weight = doc.number(table, "weight", path, default=1.0)
        if not weight > 0:
            raise doc.error(path + ("weight",), f"must be above 0, not {weight:g}")
        enablers.append(Enabler(dimension_id, weight))
    roles = {p.dimension_id for p in pools} | {e.dimension_id for e in enablers}
    for dimension in dimensions:
        if dimension.waste and dimension.id not in roles:
            raise doc.error(("dimensions",), f"dimension '{dimension.id}' has money figures but neither owns "
                                             f"a pool nor is an enabler")
    return [by_id[d.id] for d in dimensions], tuple(pools), tuple(enablers)


def _coverage(doc: TomlDocument, table: dict[str, Any], path: Path, stages: tuple[Stage, ...],
              sources: Mapping[str, Source], indicator: str) -> CoveragePricing:
    section = doc.get(table, "coverage", path, dict)
    where = path + ("coverage",)
    per_stage = doc.get(section, "stages", where, dict)
    coverage: dict[str, Figure] = {}
    unused: dict[str, Figure] = {}
    for stage in stages:
        entry = doc.get(per_stage, stage.id, where + ("stages",), dict)
        entry_path = where + ("stages", stage.id)
        reasoning = doc.get(entry, "reasoning", entry_path, str).strip()
        source = source_of(doc, entry, entry_path, sources)
        coverage[stage.id] = Figure(share(doc, entry, "coverage", entry_path), reasoning, source)
        unused[stage.id] = Figure(share(doc, entry, "unused", entry_path), reasoning, source)
    ordered = [coverage[s.id].value for s in stages]
    if ordered != sorted(ordered):
        raise doc.error(where + ("stages",), "coverage must not fall from one stage to the next")
    return CoveragePricing(indicator, _figure(doc, section, "eligible_share", where, sources),
                           _figure(doc, section, "average_discount", where, sources),
                           MappingProxyType(coverage), MappingProxyType(unused))


def _with_worked_out_waste(dimension: Dimension, pricing: CoveragePricing, stages: tuple[Stage, ...]) -> Dimension:
    highest = stages[-1].id
    waste: dict[str, WasteAssumption] = {}
    ceiling = pricing.coverage[highest].value
    for stage in stages:
        value = pricing.waste_share(stage.id, highest)
        covered, unused = pricing.coverage[stage.id], pricing.unused[stage.id]
        worked = (f"{pricing.eligible_share.value:.0%} of spend eligible × ({ceiling:.0%} − {covered.value:.0%} "
                  f"coverage) × {pricing.average_discount.value:.0%} discount + {unused.value:.1%} unused "
                  f"commitment = {value:.2%} of spend.")
        waste[stage.id] = WasteAssumption(round(value, 6), f"{covered.reasoning} {worked}", covered.source)
    return Dimension(dimension.id, dimension.name, dimension.question, dimension.descriptions,
                     MappingProxyType(waste), dimension.foundation, dimension.indicators, dimension.short_name,
                     "waste")


def read_cap(doc: TomlDocument, sources: Mapping[str, Source]) -> tuple[float, Figure | None]:
    money = doc.get(doc.data, "money", (), dict, required=False, default=None)
    if money is None:
        return 1.0, None
    path: Path = ("money",)
    cap = share(doc, money, "max_recoverable_share", path)
    if not cap > 0:
        raise doc.error(path + ("max_recoverable_share",), "must be above 0")
    return cap, Figure(cap, doc.get(money, "reasoning", path, str).strip(), source_of(doc, money, path, sources))
