"""``finops-workshop roadmap FILE [--json]``: the prioritised roadmap of a workshop.

The file is opened read-only, so the command works while the workshop is open in the app.
"""

from __future__ import annotations

import argparse
import json
import textwrap
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..domain.labels import format_money
from .output import safe_text

if TYPE_CHECKING:
    from ..domain.roadmap import Roadmap
    from ..domain.workshop import Workshop

_TITLE_WIDTH = 46
_UNITS_SHOWN = 3


def register(sub: Any) -> None:
    parser = sub.add_parser("roadmap", help="print the prioritised roadmap (readable, or --json)",
                            description="Plan the roadmap of a workshop: steps from the playbook for every gap, "
                                        "foundations first, ranked by money recovered against effort, in waves; "
                                        "with the headline and the diagnostics.")
    parser.add_argument("file", type=Path)
    parser.add_argument("--json", action="store_true", help="print the roadmap as JSON")
    parser.add_argument("--round", dest="round_name", help="assessment round (default: the latest)")
    parser.add_argument("--today", type=_date, default=None,
                        help="the date re-assessments are counted from (default: today), e.g. 2026-11-27")
    parser.add_argument("--capacity", type=_capacity, default=None, metavar="DAYS",
                        help="effort (days) the client can give the roadmap per quarter; full waves pass "
                             "steps on to the next (default: no limit)")
    parser.add_argument("--day-rate", type=_day_rate, default=None, metavar="AMOUNT",
                        help="cost of one day of effort, in the workshop's currency: gives each wave's cost and "
                             "the payback (default: the workshop's setting day_rate)")
    parser.add_argument("--no-suggested-targets", dest="suggest_targets", action="store_const", const=False,
                        default=None, help="an unset target means no move, instead of the suggested next stage "
                                           "(default: the workshop's setting suggest_targets)")
    parser.set_defaults(run=_roadmap)


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date like 2026-11-27") from None


def _capacity(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number of days") from None
    if not 0 < value < float("inf"):
        raise argparse.ArgumentTypeError(f"the capacity must be a number of days above 0, not {text}")
    return value


def _day_rate(text: str) -> float:
    try:
        value = float(text.replace(",", ""))
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not an amount") from None
    if not 0 <= value < float("inf"):
        raise argparse.ArgumentTypeError(f"the day rate must be an amount of 0 or more, not {text}")
    return value


def _roadmap(args: argparse.Namespace) -> int:
    from ..domain.planner import plan_roadmap
    from ..domain.progress import done_steps
    from ..storage.workshop_file import WorkshopFile
    from .base import round_id_named

    with WorkshopFile.open(args.file, read_only=True) as file:
        workshop = file.workshop
        stored = file.latest_evidence()
    measured = None
    if stored is not None:  # values measured from billing data replace typed ones and the stages' figures
        from ..evidence.report import evidence_report

        measured = evidence_report(stored, workshop).measured()
    rnd = round_id_named(workshop, args.round_name)
    roadmap = plan_roadmap(workshop, round_id=rnd, today=args.today, capacity_days_per_quarter=args.capacity,
                           suggest_targets=args.suggest_targets, day_rate=args.day_rate, measured=measured,
                           done=done_steps(workshop.progress.values()))
    if args.json:
        print(safe_text(json.dumps(roadmap.as_dict(), ensure_ascii=False, indent=2), in_json=True))
    else:
        round_name = next(r.name for r in workshop.rounds if r.id == rnd)
        print(safe_text(roadmap_text(workshop, roadmap, round_name)))
    return 0


def roadmap_text(workshop: Workshop, roadmap: Roadmap, round_name: str) -> str:
    """The roadmap as a readable table: headline, steps by wave, diagnostics."""
    from ..domain.diagnostics import TITLES

    model = workshop.model
    lines = [f"Roadmap for {workshop.info.client}, round {round_name}", ""]
    if roadmap.headline is None:
        lines.append("Advance first: nothing; no gap between current and target stages.")
    else:
        headline = roadmap.headline
        lines.append(f"Advance first: {model.dimension(headline.dimension_id).name}, "
                     f"{format_money(headline.monthly_waste, roadmap.currency)} a month")
        lines += textwrap.wrap(headline.reason, 100, initial_indent="  ", subsequent_indent="  ",
                               break_on_hyphens=False)
        if not headline.actionable_now:
            lines.append("  Nothing can start on it in the first wave.")
    lines.append("")

    if not roadmap.items:
        lines.append("No steps: every business unit assessed has reached its target.")
    header = (f"  {'#':>3}  {'Step':<{_TITLE_WIDTH}}  {'Dimension':<12}  {'Move':<11}  {'Effort':<6}  "
              f"{'Unlocks/month':>15}  {'Owner role':<21}  Business units")
    for wave in roadmap.waves:
        items = [item for item in roadmap.items if item.wave == wave.name]
        if not items:
            continue
        lines += [f"{wave.name} ({len(items)} step{'s' if len(items) != 1 else ''})", header]
        for item in items:
            move = f"{model.stage(item.from_stage).name}→{model.stage(item.to_stage).name}"
            lines.append(f"  {item.rank:>3}  {_cut(item.title, _TITLE_WIDTH):<{_TITLE_WIDTH}}  "
                         f"{_cut(model.dimension(item.dimension_id).label, 12):<12}  {move:<11}  "
                         f"{item.effort:<6}  {format_money(item.monthly_savings, roadmap.currency):>15}  "
                         f"{_cut(item.owner_role, 21):<21}  {_units(item.business_units)}")
        lines.append("")

    lines += _money_lines(roadmap)
    if roadmap.diagnostics:
        lines.append(f"Diagnostics ({len(roadmap.diagnostics)})")
        for diagnostic in roadmap.diagnostics:
            title = TITLES.get(diagnostic.id, diagnostic.id)
            who = f"{diagnostic.business_unit}: " if diagnostic.business_unit else ""
            lines.append(f"  [{diagnostic.severity}] {who}{title}")
            lines += textwrap.wrap(diagnostic.message, 100, initial_indent="      ", subsequent_indent="      ",
                                   break_on_hyphens=False)
    else:
        lines.append("Diagnostics: none of the known traps shows in the ratings.")
    return "\n".join(lines)


def _money_lines(roadmap: Roadmap) -> list[str]:
    """Savings and cost by the end of each wave, and the payback."""
    if not roadmap.items:
        return []
    lines = ["By the end of each wave (a stage counts once its steps' KPIs can show)"]
    for wave in roadmap.money_by_wave:
        cost = "" if wave.cost is None else f", cost {format_money(wave.cost, roadmap.currency)}"
        lines.append(f"  {wave.wave:<12} savings {format_money(wave.monthly_run_rate, roadmap.currency)} a month, "
                     f"{format_money(wave.cumulative, roadmap.currency)} saved so far; {wave.effort_days:,.1f} days "
                     f"of effort{cost}")
    if roadmap.payback_months is not None:
        lines.append(f"  Payback: {roadmap.payback_months:,.1f} months at the full monthly savings")
    lines.append("")
    return lines


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _units(names: tuple[str, ...]) -> str:
    shown = ", ".join(names[:_UNITS_SHOWN])
    return shown + (f" and {len(names) - _UNITS_SHOWN} more" if len(names) > _UNITS_SHOWN else "")
