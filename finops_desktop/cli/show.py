"""``show``: a workshop printed for people, or as the JSON document scripts rely on."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from ..domain.aggregate import aggregate
from ..domain.labels import stage_label
from ..domain.workshop import Workshop
from ..storage.workshop_file import WorkshopFile
from .base import round_id_named
from .output import safe_text


def register(sub: Any) -> None:
    show = sub.add_parser("show", help="print a workshop (readable, or --json)")
    show.add_argument("file", type=Path)
    show.add_argument("--json", action="store_true")
    show.add_argument("--round", dest="round_name", help="assessment round (default: the latest)")
    show.set_defaults(run=_show)


def _show(args: argparse.Namespace) -> int:
    with WorkshopFile.open(args.file, read_only=True) as file:
        workshop = file.workshop
        data = workshop_as_dict(workshop, round_id_named(workshop, args.round_name))
    if args.json:
        print(safe_text(json.dumps(data, ensure_ascii=False, indent=2), in_json=True))
    else:
        print(safe_text(_show_text(workshop, data)))
    return 0


def workshop_as_dict(workshop: Workshop, round_id: int) -> dict[str, Any]:
    """The ``show --json`` document: the contract scripts rely on."""
    model = workshop.model
    rnd = next(r for r in workshop.rounds if r.id == round_id)
    return {
        "client": workshop.info.client,
        "date": workshop.info.date,
        "facilitator": workshop.info.facilitator,
        "currency": workshop.info.currency,
        "model": {"id": model.id, "version": model.version, "name": model.name},
        "rounds": [{"name": r.name, "created_at": r.created_at} for r in workshop.rounds],
        "round": rnd.name,
        "dimensions": [{"id": d.id, "name": d.name, "foundation": d.foundation} for d in model.dimensions],
        "business_units": [
            {
                "name": bu.name,
                "monthly_spend": bu.monthly_spend,
                "owner": bu.owner,
                "notes": bu.notes,
                "annual_growth": bu.annual_growth,
                "ratings": {
                    d.id: {
                        "current": r.current,
                        "target": r.target,
                        "confidence": r.confidence,
                        "note": r.note,
                        "participants": r.participants,
                        "indicators": dict(r.indicators),
                        **votes_as_dict(workshop, round_id, bu.id, d.id),
                    }
                    for d in model.dimensions
                    for r in [workshop.rating(bu.id, d.id, round_id)]
                },
            }
            for bu in workshop.business_units
        ],
        "participants": [
            {"name": p.name, "role": p.role,
             "business_unit": workshop.business_unit(p.bu_id).name if p.bu_id is not None else None}
            for p in workshop.votes.participants
        ],
        "aggregate": {key: value.as_dict() for key, value in aggregate(workshop, round_id).items()},
        "waste_assumptions": {
            d.id: {
                stage.id: {"share": workshop.waste(d.id, stage.id).share,
                           "reasoning": workshop.waste(d.id, stage.id).reasoning,
                           "edited": (d.id, stage.id) in workshop.waste_overrides}
                for stage in model.stages
            }
            for d in model.dimensions
        },
    }


def votes_as_dict(workshop: Workshop, round_id: int, bu_id: int, dimension_id: str) -> dict[str, Any]:
    """A cell's votes, their spread by stage and whether the room disagrees."""
    votes = workshop.votes
    cell = votes.votes(round_id, bu_id, dimension_id)
    spread = votes.spread(workshop.model, round_id, bu_id, dimension_id)
    return {
        "votes": [{"participant": votes.participant(v.participant_id).name, "stage": v.stage,
                   "confidence": v.confidence, "comment": v.comment, "source": v.source} for v in cell],
        "spread": dict(spread.counts),
        "in_disagreement": spread.in_disagreement,
    }


def _show_text(workshop: Workshop, data: dict[str, Any]) -> str:
    model = workshop.model
    lines = [
        f"{data['client']}  ({data['date'] or 'no date'}, facilitator: {data['facilitator'] or '-'})",
        f"Model: {model.name} {model.version}   Round: {data['round']}   "
        f"Business units: {len(data['business_units'])}",
        "",
    ]
    # One row per business unit, one column per dimension.
    name_width = min(max([len(bu["name"]) for bu in data["business_units"]] + [13]), 28)
    cells = {(bu["name"], d.id): _cell_text(workshop, bu["ratings"][d.id])
             for bu in data["business_units"] for d in model.dimensions}
    widths = {d.id: max([len(d.label)] + [len(cells[(bu["name"], d.id)]) for bu in data["business_units"]])
              for d in model.dimensions}
    lines.append("Business unit".ljust(name_width) + "".join(
        "  " + d.label.ljust(widths[d.id]) for d in model.dimensions).rstrip())
    for bu in data["business_units"]:
        name = bu["name"] if len(bu["name"]) <= name_width else bu["name"][:name_width - 1] + "…"
        lines.append(name.ljust(name_width) + "".join(
            "  " + cells[(bu["name"], d.id)].ljust(widths[d.id]) for d in model.dimensions).rstrip())
    width = max(len(d.label) for d in model.dimensions)
    lines.append("")
    lines.append("Organisation (spend-weighted mean, min-max):")
    for dimension in model.dimensions:
        agg = data["aggregate"][dimension.id]
        if agg["mean"] is None:
            lines.append(f"  {dimension.label.ljust(width)}  not assessed")
        else:
            lines.append(f"  {dimension.label.ljust(width)}  {agg['mean']:.2f}  ({agg['min']}-{agg['max']})")
    return "\n".join(lines)


def _cell_text(workshop: Workshop, rating: dict[str, Any]) -> str:
    text = stage_label(workshop.model, rating["current"])
    if rating["target"] and rating["target"] != rating["current"]:
        text += f" -> {stage_label(workshop.model, rating['target'])}"
    return text
