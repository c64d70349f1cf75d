"""The ``roadmap --json`` document: the fields it always had, plus money on the gaps, waves per unit,
what each step unlocks, projected maturity and money per wave, and the payback."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .roadmap import Roadmap


def _round(value: float | None, digits: int = 2) -> float | None:
    return None if value is None else round(value, digits)


def roadmap_document(roadmap: Roadmap) -> dict[str, Any]:
    document = roadmap.legacy_dict()
    headline = roadmap.headline
    if headline is not None and document["headline"] is not None:
        document["headline"].update({"actionable_now": headline.actionable_now,
                                     "costliest_dimension": headline.costliest_dimension_id,
                                     "waits_for": list(headline.waits_for)})
    for entry, item in zip(document["items"], roadmap.items, strict=True):
        entry["units"] = [{"business_unit": u.business_unit, "wave": u.wave, "unlocks": round(u.unlocks, 2),
                           "effort_days": round(u.effort_days, 2)} for u in item.units]
        entry["unlocks"] = {"monthly_value": round(item.unlocks.monthly_value, 2),
                            "shared_by_steps": item.unlocks.shared_by_steps,
                            "gaps": [{"dimension": d, "from": a, "to": b} for d, a, b in item.unlocks.gaps]}
        entry["scope"] = item.scope
        entry["lead_days"] = item.lead_days
        entry["effort_days_total"] = round(item.effort_days_total, 2)
    for entry, gap in zip(document["gaps"], roadmap.gaps, strict=True):
        entry.update({"unit": gap.business_unit, "from": gap.current, "to": gap.planned,
                      "monthly_value": round(gap.monthly_waste, 2), "source": gap.source,
                      "suggested_target": gap.suggested_target})
    document["projected"] = [
        {"wave": p.wave,
         "units": [{"business_unit": name, "scores": dict(scores)} for name, scores in p.units],
         "organisation": {d: _round(score, 4) for d, score in p.organisation}}
        for p in roadmap.projected
    ]
    document["cumulative_savings"] = [
        {"wave": m.wave, "monthly_run_rate": round(m.monthly_run_rate, 2), "cumulative": round(m.cumulative, 2),
         "effort_days": round(m.effort_days, 2), "cost": _round(m.cost)}
        for m in roadmap.money_by_wave
    ]
    document["payback_months"] = _round(roadmap.payback_months)
    document["day_rate"] = roadmap.day_rate
    return document
