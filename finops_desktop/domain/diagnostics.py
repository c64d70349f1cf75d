"""Known traps in a workshop's ratings, each told in a sentence a client understands.

The traps are the ways FinOps programmes usually go wrong: Run ambitions on Crawl
foundations (or on foundations nobody assessed), attribution debt, dashboards nobody acts
on, and automation left alone. Which dimensions play which part comes from the playbook of
the model (:class:`DiagnosticRules`), so another model can use the same traps with its own
dimensions.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from .labels import format_money
from .model import MaturityModel
from .record import record
from .roadmap import Diagnostic
from .workshop import BusinessUnit, Workshop

RUN_ON_CRAWL_FOUNDATIONS = "run_on_crawl_foundations"
RUN_ON_UNASSESSED_FOUNDATIONS = "run_on_unassessed_foundations"
ATTRIBUTION_DEBT = "attribution_debt"
DASHBOARDS_WITHOUT_EXECUTION = "dashboards_without_execution"
STATIC_AUTOMATION = "static_automation"

#: Diagnostic ids in the order they are listed within one severity and business unit.
KINDS = (RUN_ON_CRAWL_FOUNDATIONS, RUN_ON_UNASSESSED_FOUNDATIONS, ATTRIBUTION_DEBT, DASHBOARDS_WITHOUT_EXECUTION,
         STATIC_AUTOMATION)
SEVERITIES = ("high", "medium", "low")
#: Short names of the traps, for headings and tables.
TITLES = {
    RUN_ON_CRAWL_FOUNDATIONS: "Run ambitions on Crawl foundations",
    RUN_ON_UNASSESSED_FOUNDATIONS: "Run ambitions on unassessed foundations",
    ATTRIBUTION_DEBT: "Attribution debt",
    DASHBOARDS_WITHOUT_EXECUTION: "Dashboards without execution",
    STATIC_AUTOMATION: "Automation treated as static",
}


@record
class DiagnosticRules:
    """Which dimensions take part in which trap, and the thresholds; read from the playbook."""

    #: Attribution debt: these dimensions at the lowest stage while spend grows.
    attribution_dimensions: tuple[str, ...] = ()
    #: Yearly spend growth (percent) from which unattributed spend counts as debt.
    min_growth: float = 10.0
    #: Growth (percent) from which the debt is a high-severity finding.
    high_growth: float = 30.0
    #: Dashboards without execution: any of these above the lowest stage ...
    visibility_dimensions: tuple[str, ...] = ()
    #: ... while any of these stays at the lowest stage.
    execution_dimensions: tuple[str, ...] = ()
    #: Automation treated as static: these at the highest stage, not re-assessed for a while.
    static_dimensions: tuple[str, ...] = ()
    reassess_after_days: int = 180


def diagnose(workshop: Workshop, rules: DiagnosticRules | None = None, round_id: int | None = None, *,
             today: date | None = None) -> tuple[Diagnostic, ...]:
    """Every trap the ratings of one round show, most severe first, then in business unit order.

    ``today`` is the date re-assessments are counted from (default: the computer's date).
    """
    rules = rules or DiagnosticRules()
    today = today or date.today()
    model = workshop.model
    round_id = workshop.active_round.id if round_id is None else round_id
    memo = _memo(model, rules, today, workshop.info.currency)
    found: list[tuple[int, int, int, Diagnostic]] = []
    highest = model.highest_stage.id
    for position, bu in enumerate(workshop.business_units):
        current: dict[str, str] = {}
        target: dict[str, str] = {}
        unassessed: list[str] = []
        for dimension in model.dimensions:
            rating = workshop.rating(bu.id, dimension.id, round_id)
            if model.has_stage(rating.current):
                assert rating.current is not None
                current[dimension.id] = rating.current
                # Ambitions are what someone set: a suggested next stage is nobody's ambition.
                target[dimension.id] = effective_target(model, rating.current, rating.target, suggest=False)
            elif not rating.is_assessed:
                unassessed.append(dimension.id)
        last = (_last_assessment(workshop, round_id, bu.id, rules)
                if any(current.get(d) == highest for d in rules.static_dimensions) else None)
        # A unit's traps depend only on these; after an edit, every other unit's are known.
        key = (bu.name, bu.annual_growth, bu.monthly_spend, tuple(current.items()), tuple(target.items()),
               tuple(unassessed), last)
        unit_found = memo.get(key)
        if unit_found is None:
            unit_found = memo[key] = _unit_traps(model, bu, current, target, unassessed, rules,
                                                 workshop.info.currency, last, today)
        for kind_order, diagnostic in unit_found:
            found.append((SEVERITIES.index(diagnostic.severity), position, kind_order, diagnostic))
    found.sort(key=lambda entry: entry[:3])
    return tuple(entry[3] for entry in found)


def _unit_traps(model: MaturityModel, bu: BusinessUnit, current: dict[str, str], target: dict[str, str],
                unassessed: list[str], rules: DiagnosticRules, currency: str, last_assessed: date | None,
                today: date) -> _Traps:
    """One unit's traps, each with its place in :data:`KINDS`."""
    checks = (
        _run_on_crawl_foundations(model, bu, current, target),
        _run_on_unassessed_foundations(model, bu, current, target, unassessed),
        _attribution_debt(model, bu, current, rules, currency),
        _dashboards_without_execution(model, bu, current, rules),
        _static_automation(model, bu, current, rules, last_assessed, today),
    )
    return tuple((kind_order, diagnostic) for kind_order, diagnostic in enumerate(checks) if diagnostic is not None)


_UnitKey = tuple[object, ...]
_Traps = tuple[tuple[int, Diagnostic], ...]
_MEMOS: dict[tuple[int, DiagnosticRules, date, str], tuple[MaturityModel, dict[_UnitKey, _Traps]]] = {}
#: How many units' traps are kept per model, rules, date and currency before they are forgotten.
_KEPT = 20_000


def _memo(model: MaturityModel, rules: DiagnosticRules, today: date,
          currency: str) -> dict[_UnitKey, _Traps]:
    """The traps already worked out for units of this model, rules, date and currency."""
    key = (id(model), rules, today, currency)
    entry = _MEMOS.get(key)
    if entry is None or entry[0] is not model:
        if len(_MEMOS) > 8:
            _MEMOS.clear()
        entry = _MEMOS[key] = (model, {})
    if len(entry[1]) > _KEPT:
        entry[1].clear()
    return entry[1]


def effective_target(model: MaturityModel, current: str, target: str | None, *, suggest: bool = True) -> str:
    """The stage a dimension is planned to reach: the target, or, when none is set, the suggested
    next stage (``suggest``, the workshop's setting) or no move.

    A target that is not a stage (not applicable) or lies below the current stage means no move.
    """
    if target is None:
        if not suggest:
            return current
        following = model.next_stage(current)
        return following.id if following else current
    if not model.has_stage(target) or model.stage(target).score < model.stage(current).score:
        return current
    return target


# The traps ------------------------------------------------------------------------------


def _ambitions(model: MaturityModel, current: dict[str, str], target: dict[str, str]) -> tuple[list[str], str]:
    """The dimensions aimed or working above the foundation stage, and a phrase saying so."""
    floor = model.stage(model.foundation_stage).score
    ambitions = [d.id for d in model.dimensions if d.id in target and model.stage(target[d.id]).score > floor]
    # Dimensions already above the foundation stage count as much as those aiming there.
    already = {d: current[d] for d in ambitions if model.stage(current[d]).score > floor}
    aiming = {d: target[d] for d in ambitions if d not in already}
    parts = []
    if aiming:
        parts.append("aims for " + _by_stage(model, aiming, "{stage} in {names}"))
    if already:
        parts.append(("already works at " if not aiming else "works at ") + _by_stage(model, already,
                                                                                      "{stage} in {names}"))
    return ambitions, " and ".join(parts)


def _run_on_crawl_foundations(model: MaturityModel, bu: BusinessUnit, current: dict[str, str],
                              target: dict[str, str]) -> Diagnostic | None:
    floor = model.stage(model.foundation_stage).score
    weak = [d.id for d in model.foundations if d.id in current and model.stage(current[d.id]).score < floor]
    if not weak:
        return None
    ambitions, phrase = _ambitions(model, current, target)
    if not ambitions:
        return None
    lagging = _by_stage(model, {d: current[d] for d in weak}, "{names} at {stage}")
    message = (f"{bu.name} {phrase} while its foundations are not in place: {lagging}. "
               f"Advanced practice on weak foundations rarely holds, so the roadmap brings the foundations "
               f"to {model.stage(model.foundation_stage).name} first.")
    return Diagnostic(RUN_ON_CRAWL_FOUNDATIONS, "high", bu.name, _in_model_order(model, ambitions + weak), message)


def _run_on_unassessed_foundations(model: MaturityModel, bu: BusinessUnit, current: dict[str, str],
                                   target: dict[str, str], unassessed: list[str]) -> Diagnostic | None:
    unknown = [d.id for d in model.foundations if d.id in unassessed]
    if not unknown:
        return None
    ambitions, phrase = _ambitions(model, current, target)
    if not ambitions:
        return None
    foundation = model.stage(model.foundation_stage).name
    message = (f"{bu.name} {phrase}, but {_names(model, unknown)} {_is_are(unknown)} not assessed. Nobody knows "
               f"whether these foundations are at {foundation} yet, so the roadmap cannot plan them, and steps "
               f"that depend on them show those prerequisites as not planned. Assess "
               f"{'it' if len(unknown) == 1 else 'them'} before committing to this ambition.")
    return Diagnostic(RUN_ON_UNASSESSED_FOUNDATIONS, "medium", bu.name, _in_model_order(model, ambitions + unknown),
                      message)


def _attribution_debt(model: MaturityModel, bu: BusinessUnit, current: dict[str, str], rules: DiagnosticRules,
                      currency: str) -> Diagnostic | None:
    growth = bu.annual_growth
    if growth is None or growth < rules.min_growth or growth <= 0:
        return None
    lowest = model.lowest_stage
    debt = [d for d in rules.attribution_dimensions if current.get(d) == lowest.id]
    if not debt:
        return None
    message = (f"{bu.name} expects its cloud spend to grow by about {_number(growth)}% a year while "
               f"{_names(model, debt)} {_is_are(debt)} still at {lowest.name}. Every month adds spend that "
               f"nobody can trace to an owner, and tagging it afterwards costs far more than tagging it now.")
    if bu.monthly_spend:
        extra = bu.monthly_spend * growth / 100
        message += (f" At that pace the unit will spend about {format_money(extra, currency)} more each month "
                    f"a year from now.")
    severity = "high" if growth >= rules.high_growth else "medium"
    return Diagnostic(ATTRIBUTION_DEBT, severity, bu.name, _in_model_order(model, debt), message)


def _dashboards_without_execution(model: MaturityModel, bu: BusinessUnit, current: dict[str, str],
                                  rules: DiagnosticRules) -> Diagnostic | None:
    lowest = model.lowest_stage
    seeing = [d for d in rules.visibility_dimensions if d in current and current[d] != lowest.id]
    idle = [d for d in rules.execution_dimensions if current.get(d) == lowest.id]
    if not seeing or not idle:
        return None
    sees = _by_stage(model, {d: current[d] for d in seeing}, "{names} at {stage}")
    message = (f"{bu.name} sees its costs ({sees}) but does not act on them yet: {_names(model, idle)} "
               f"{_is_are(idle)} still at {lowest.name}. Reports alone save nothing; make someone "
               f"responsible for acting on what they show.")
    return Diagnostic(DASHBOARDS_WITHOUT_EXECUTION, "medium", bu.name, _in_model_order(model, seeing + idle),
                      message)


def _static_automation(model: MaturityModel, bu: BusinessUnit, current: dict[str, str], rules: DiagnosticRules,
                       last_assessed: date | None, today: date) -> Diagnostic | None:
    if last_assessed is None:
        return None
    age = (today - last_assessed).days
    if age < rules.reassess_after_days:
        return None
    highest = model.highest_stage
    automated = [d for d in rules.static_dimensions if current.get(d) == highest.id]
    if not automated:
        return None
    message = (f"{bu.name} rates {_names(model, automated)} at {highest.name}, but the last assessment was on "
               f"{last_assessed.isoformat()}, {age} days ago. Automation that nobody revisits drifts as usage, "
               f"prices and discount offers change; re-assess it and check its results against today's usage.")
    severity = "high" if age >= 2 * rules.reassess_after_days else "medium"
    return Diagnostic(STATIC_AUTOMATION, severity, bu.name, _in_model_order(model, automated), message)


# Wording --------------------------------------------------------------------------------


def _last_assessment(workshop: Workshop, round_id: int, bu_id: int, rules: DiagnosticRules) -> date | None:
    """When the unit's automated dimensions were last rated, in the round diagnosed or a later one.

    A cell carries the date it was rated; one without (written before dates were kept) counts
    from the date its round began. A round that only copied a rating did not re-assess it.
    """
    ids = [r.id for r in workshop.rounds]
    start = ids.index(round_id) if round_id in ids else 0
    dates: list[date] = []
    for rnd in workshop.rounds[start:]:
        for dimension_id in rules.static_dimensions:
            rating = workshop.rating(bu_id, dimension_id, rnd.id)
            if not rating.is_assessed:
                continue
            when = _parse_date(rating.rated_at) if rating.rated_at else _parse_date(rnd.created_at)
            if when is not None:
                dates.append(when)
    return max(dates) if dates else None


def _parse_date(text: str) -> date | None:
    try:
        return datetime.fromisoformat(text.strip()).date()
    except ValueError:
        return None


def _in_model_order(model: MaturityModel, dimension_ids: Iterable[str]) -> tuple[str, ...]:
    wanted = set(dimension_ids)
    return tuple(d.id for d in model.dimensions if d.id in wanted)


def _names(model: MaturityModel, dimension_ids: Iterable[str]) -> str:
    return join_words([model.dimension(d).name for d in _in_model_order(model, dimension_ids)])


def _by_stage(model: MaturityModel, stages: dict[str, str], pattern: str) -> str:
    """E.g. "Tagging coverage and FinOps ownership at Crawl", grouped by stage, lowest first."""
    groups: dict[str, list[str]] = {}
    for dimension_id in _in_model_order(model, stages):
        groups.setdefault(stages[dimension_id], []).append(dimension_id)
    ordered = sorted(groups, key=lambda s: model.stage(s).score)
    return join_words([pattern.format(stage=model.stage(s).name, names=_names(model, groups[s])) for s in ordered])


def join_words(words: list[str]) -> str:
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


def _is_are(items: list[str]) -> str:
    return "is" if len(items) == 1 else "are"


def _number(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")

