"""A realistic demo engagement, to try the app or rehearse a workshop."""

from __future__ import annotations

from pathlib import Path

from .domain.catalogue import DEFAULT_MODEL_ID, find_model
from .domain.workshop import Rating, WorkshopInfo
from .storage.workshop_file import WorkshopFile

# name, monthly spend, owner, growth %, notes
_UNITS = [
    ("Retail Banking", 420_000.0, "Head of Digital Channels", 18.0,
     "Mobile app and online banking; the largest cloud estate, migrated two years ago."),
    ("Payments", 265_000.0, "CTO Payments", 35.0,
     "Card processing platform; steady 24/7 load, strong engineering culture."),
    ("Data & Analytics", 180_000.0, "Chief Data Officer", 60.0,
     "Data lake and ML training; spend grows with every new model."),
    ("Corporate IT", 75_000.0, "CIO Office", 5.0, "Internal tools, identity, collaboration."),
    ("Insurance", 120_000.0, "COO Insurance", 12.0, "Policy administration moving off the mainframe."),
    ("Innovation Lab", 18_000.0, "Lab lead", 80.0, "Short-lived experiments; many sandbox accounts."),
]

# current/target per dimension: visibility, tagging, commitments, anomalies, ownership, automation
_RATINGS = {
    "Retail Banking": ["walk/run", "walk/run", "crawl/walk", "walk/walk", "walk/run", "crawl/walk"],
    "Payments": ["run/run", "run/run", "run/run", "walk/run", "walk/run", "run/run"],
    "Data & Analytics": ["run/run", "crawl/walk", "crawl/walk", "crawl/walk", "crawl/walk", "walk/run"],
    "Corporate IT": ["crawl/walk", "walk/walk", "walk/walk", "crawl/walk", "crawl/walk", "crawl/walk"],
    "Insurance": ["crawl/walk", "crawl/walk", "crawl/run", "crawl/walk", "crawl/walk", "crawl/walk"],
    "Innovation Lab": ["walk/walk", "crawl/walk", "na/na", "crawl/walk", "crawl/walk", "walk/walk"],
}

_NOTES = {
    ("Retail Banking", "commitment_strategy"): (
        "Savings plans bought once, last year, after the Black Friday bill. Nobody reviews utilisation.", "high"),
    ("Retail Banking", "cost_visibility"): (
        "Monthly showback deck per squad; no unit costs yet.", "high"),
    ("Payments", "commitment_strategy"): (
        "Commitment portfolio managed by a scheduled job that rebalances weekly from usage.", "high"),
    ("Payments", "anomaly_detection"): (
        "Budget alerts per account; last incident found after four days.", "medium"),
    ("Data & Analytics", "tagging_coverage"): (
        "Around 40% of spend attributable; shared clusters untagged.", "medium"),
    ("Data & Analytics", "cost_visibility"): (
        "Dashboards are good, but nobody acts on them: commitments and clean-up still manual.", "medium"),
    ("Insurance", "commitment_strategy"): (
        "Mainframe exit: steady workloads arriving; the board wants Run within a year.", "low"),
    ("Innovation Lab", "commitment_strategy"): (
        "Experiments live for weeks; commitments do not apply.", "high"),
}

_INDICATORS = {
    ("Data & Analytics", "tagging_coverage", "allocation_coverage"): 41.0,
    ("Retail Banking", "tagging_coverage", "allocation_coverage"): 84.0,
    ("Payments", "commitment_strategy", "commitment_coverage"): 82.0,
    ("Retail Banking", "commitment_strategy", "commitment_coverage"): 58.0,
}


def write_demo(path: Path | str) -> WorkshopFile:
    """Create the demo workshop at ``path`` and return it open for editing."""
    model = find_model(DEFAULT_MODEL_ID)
    info = WorkshopInfo(client="Northwind Financial Group", date="2026-11-27", facilitator="Alex Morgan",
                        currency="EUR")
    file = WorkshopFile.create(path, info, model)
    dimensions = [d.id for d in model.dimensions]
    room = "CFO office, platform engineering, product leads"
    for name, spend, owner, growth, notes in _UNITS:
        bu = file.add_business_unit(name, monthly_spend=spend, owner=owner, notes=notes, annual_growth=growth)
        for dimension_id, pair in zip(dimensions, _RATINGS[name], strict=True):
            current, target = pair.split("/")
            note, confidence = _NOTES.get((name, dimension_id), ("", "medium"))
            rating = Rating(current=current, target=target, confidence=confidence, note=note, participants=room)
            for (bu_name, dim, indicator), value in _INDICATORS.items():
                if bu_name == name and dim == dimension_id:
                    rating = rating.with_indicator(indicator, value)
            file.set_rating(bu.id, dimension_id, rating)
    return file
