"""Every number in a model, its money section or a playbook is a finite figure in range, or the file is refused.

A refusal names the file, the line and the field, like any other malformed definition, never an
OverflowError (a share of 400 digits) or Python's own ValueError (a number of 5,000 digits), and a
figure of ``inf`` or ``nan`` never reaches the sums.
"""

from __future__ import annotations

import math
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from finops_desktop.domain.catalogue import DEFAULT_MODEL_ID, load_catalogue, resource_dir
from finops_desktop.domain.definition_file import MAX_NUMBER, DefinitionError, TomlDocument
from finops_desktop.domain.model import MaturityModel
from finops_desktop.domain.model_file import parse_model
from finops_desktop.domain.playbook import Playbook, parse_playbook

from .roadmap_samples import MODEL

MODEL_TEXT = resource_dir("resources").joinpath("models", f"{DEFAULT_MODEL_ID}.toml").read_text(encoding="utf-8")
PLAYBOOK_TEXT = resource_dir("roadmaps").joinpath(f"{DEFAULT_MODEL_ID}.toml").read_text(encoding="utf-8")

#: Numbers no figure can have: valid TOML all of them.
UNREADABLE = {
    "401 digits": "1" + "0" * 400,
    "5,000 digits": "9" * 5000,
    "minus 401 digits": "-1" + "0" * 400,
    "inf": "inf",
    "-inf": "-inf",
    "nan": "nan",
    "1e999 (infinity)": "1e999",
}
#: Finite, but above any figure a definition holds (and, below 1e308, not caught by float()).
TOO_LARGE = {"1e16": "1e16", "1e300": "1e300", "10**20": "100_000_000_000_000_000_000", "2**80 in hex": "0x" + "f" * 20}
NUMBER_REASONS = ("expected a number, found nan (not a number)", "expected a finite number, found infinity",
                  f"a number larger than any figure a definition holds (at most {MAX_NUMBER:,} either way)")

# (where the number goes: the text it replaces, the text with {} for the number; the field named)
MODEL_FIELDS = {
    "a band's low": ('{ stage = "run", low = 90 }', '{{ stage = "run", low = {} }}',
                     "dimensions[1].indicators[0].bands[2].low"),
    "a band's high": ('{ stage = "walk", low = 50, high = 80 }', '{{ stage = "walk", low = 50, high = {} }}',
                      "dimensions[1].indicators[0].bands[1].high"),
    "a stage's score": ("score = 2", "score = {}", "stages[1].score"),
    "the format": ("format = 2", "format = {}", "format"),
}
MONEY_FIELDS = {
    "a capture share": ("crawl = { share = 0.5,", "crawl = {{ share = {},", "dimensions[0].capture.crawl.share"),
    "the cap": ("max_recoverable_share = 0.30", "max_recoverable_share = {}", "money.max_recoverable_share"),
    "a source's year": ("year = 2025", "year = {}", "sources[0].year"),
    "the eligible share": ("eligible_share = { value = 0.5,", "eligible_share = {{ value = {},",
                           "pools[0].coverage.eligible_share.value"),
    "a coverage": ("crawl = { coverage = 0.60,", "crawl = {{ coverage = {},",
                   "pools[0].coverage.stages.crawl.coverage"),
    "an enabler's weight": ('dimension = "cost_visibility"\n\n[[enablers]]',
                            'dimension = "cost_visibility"\nweight = {}\n\n[[enablers]]', "enablers[0].weight"),
}
PLAYBOOK_FIELDS = {
    "a size band's factor": ("factor = 0.5\n", "factor = {}\n", "size_bands[0].factor"),
    "a size band's up_to": ("up_to = 50000\n", "up_to = {}\n", "size_bands[0].up_to"),
    "an effort's days": ("days = [2, 5]", "days = [2, {}]", "efforts[0].days[1]"),
    "a step's weight": ("weight = 1\n", "weight = {}\n", "steps[0].weight"),
    "a step's lead time": ("lead_days = 30\n", "lead_days = {}\n", "steps[0].lead_days"),
    "a diagnostic growth": ("min_growth = 10\n", "min_growth = {}\n", "diagnostics.attribution_debt.min_growth"),
    "a diagnostic age": ("reassess_after_days = 180\n", "reassess_after_days = {}\n",
                         "diagnostics.static_automation.reassess_after_days"),
}


def put(text: str, old: str, new: str, number: str) -> tuple[str, int]:
    """``text`` with ``number`` written in place of ``old``, and the line the number is on."""
    assert text.count(old) >= 1, old
    at = text.index(old)
    before = new.split("{}")[0].replace("{{", "{")
    return text[:at] + new.format(number) + text[at + len(old):], text.count("\n", 0, at) + before.count("\n") + 1


def assert_names_line_and_field(error: DefinitionError, source: str, line: int, field: str) -> None:
    assert (error.source, error.line, error.field) == (source, line, field)
    assert str(error).startswith(f"{source}, line {line}: {field}: ")
    assert "\n" not in str(error) and len(str(error)) < 300, "the message quotes no 400-digit number"
    assert "set_int_max_str_digits" not in str(error)


def refused_model(text: str) -> DefinitionError:
    with pytest.raises(DefinitionError) as caught:
        parse_model(text, "mine.toml")
    return caught.value


def refused_playbook(text: str) -> DefinitionError:
    with pytest.raises(DefinitionError) as caught:
        parse_playbook(text, "mine.toml", MODEL)
    return caught.value


# Targeted: each unreadable or too large number, in each kind of field ------------------------------------------


@pytest.mark.parametrize("number", [*UNREADABLE.values(), *TOO_LARGE.values()], ids=[*UNREADABLE, *TOO_LARGE])
@pytest.mark.parametrize("where", [*MODEL_FIELDS, *MONEY_FIELDS])
def test_a_model_number_no_figure_can_have_names_the_line_and_field(where: str, number: str) -> None:
    old, new, field = (MODEL_FIELDS | MONEY_FIELDS)[where]
    text, line = put(MODEL_TEXT, old, new, number)
    error = refused_model(text)
    assert_names_line_and_field(error, "mine.toml", line, field)
    assert error.reason in NUMBER_REASONS


@pytest.mark.parametrize("number", [*UNREADABLE.values(), *TOO_LARGE.values()], ids=[*UNREADABLE, *TOO_LARGE])
@pytest.mark.parametrize("where", PLAYBOOK_FIELDS)
def test_a_playbook_number_no_figure_can_have_names_the_line_and_field(where: str, number: str) -> None:
    old, new, field = PLAYBOOK_FIELDS[where]
    text, line = put(PLAYBOOK_TEXT, old, new, number)
    error = refused_playbook(text)
    assert_names_line_and_field(error, "mine.toml", line, field)
    assert error.reason in NUMBER_REASONS


@pytest.mark.parametrize(
    ("where", "number", "reason"),
    [
        ("a capture share", "-0.1", "a share lies between 0 and 1, not -0.1"),
        ("a capture share", "1.0000001", "a share lies between 0 and 1"),
        ("a capture share", "2", "a share lies between 0 and 1, not 2"),
        ("a coverage", "-5", "a share lies between 0 and 1, not -5"),
        ("the cap", "0", "must be above 0"),
        ("an enabler's weight", "0", "must be above 0, not 0"),
        ("an enabler's weight", "-1e15", "must be above 0, not -1e+15"),
        ("a source's year", "-2025", "between 1990 and 2100, not -2025"),
    ],
)
def test_a_model_figure_out_of_its_range_names_the_line_and_field(where: str, number: str, reason: str) -> None:
    old, new, field = (MODEL_FIELDS | MONEY_FIELDS)[where]
    text, line = put(MODEL_TEXT, old, new, number)
    error = refused_model(text)
    assert_names_line_and_field(error, "mine.toml", line, field)
    assert reason in error.reason


@pytest.mark.parametrize(
    ("where", "number", "reason"),
    [
        ("a size band's factor", "0", "must be above 0 and at most 100, not 0"),
        ("a size band's factor", "-0.5", "must be above 0 and at most 100, not -0.5"),
        ("a size band's factor", "100.5", "must be above 0 and at most 100, not 100.5"),
        ("a step's weight", "-1", "must be above 0, not -1"),
        ("a step's lead time", "731", "between 0 and 730 days, not 731"),
        ("a diagnostic growth", "-1", "must be 0 or more, not -1"),
        ("a diagnostic age", "0", "must be 1 or more, not 0"),
    ],
)
def test_a_playbook_figure_out_of_its_range_names_the_line_and_field(where: str, number: str, reason: str) -> None:
    old, new, field = PLAYBOOK_FIELDS[where]
    text, line = put(PLAYBOOK_TEXT, old, new, number)
    error = refused_playbook(text)
    assert_names_line_and_field(error, "mine.toml", line, field)
    assert reason in error.reason


def test_the_largest_figure_allowed_is_read() -> None:
    """A monthly spend of up to a thousand million million is a figure, not a slip."""
    text, _ = put(PLAYBOOK_TEXT, "up_to = 500000\n", "up_to = {}\n", "1_000_000_000_000_000")
    playbook = parse_playbook(text, "mine.toml", MODEL)
    assert playbook.size_bands[1].up_to == 1e15
    assert isinstance(playbook.size_bands[0].factor, float) and isinstance(playbook.size_bands[0].up_to, float)


@pytest.mark.parametrize("number", ["1" + "0" * 400, "9" * 5000, "inf"], ids=["401 digits", "5,000 digits", "inf"])
def test_the_catalogue_skips_such_a_model_names_it_and_offers_the_others(tmp_path: Path, number: str) -> None:
    mine = MODEL_TEXT.replace(f'id = "{DEFAULT_MODEL_ID}"', 'id = "mine"', 1)
    (tmp_path / "a-mine.toml").write_text(put(mine, *MONEY_FIELDS["an enabler's weight"][:2], number)[0])
    (tmp_path / "b-other.toml").write_text(mine.replace('id = "mine"', 'id = "other"', 1))
    catalogue = load_catalogue([(tmp_path, "models")])
    assert list(catalogue.models) == ["other"]
    (problem,) = catalogue.problems
    assert problem.startswith("models/a-mine.toml, line ") and ": enablers[0].weight: " in problem


# The document itself: a number is refused wherever it is, even where no parser reads ----------------------------


def test_a_number_too_long_for_python_is_refused_in_the_products_words() -> None:
    text = 'format = 1\n\n[table]\nname = "x"\nlong = ' + "7" * 5000 + "\n"
    with pytest.raises(DefinitionError) as caught:
        TomlDocument(text, "long.toml")
    assert_names_line_and_field(caught.value, "long.toml", 5, "table.long")
    assert type(caught.value) is DefinitionError


@pytest.mark.parametrize(("text", "line", "field"), [
    ('a = 1\n[unused]\nvalue = nan\n', 3, "unused.value"),
    ('a = 1\nlist = [1, 2, inf]\n', 2, "list[2]"),
    ('a = 1\nrows = [\n  { x = 1 },\n  { x = -inf },\n]\n', 4, "rows[1].x"),
    ('t = { deep = { n = ' + "1" * 401 + ' } }\n', 1, "t.deep.n"),
])
def test_a_number_no_figure_can_have_is_refused_wherever_it_is(text: str, line: int, field: str) -> None:
    with pytest.raises(DefinitionError) as caught:
        TomlDocument(text, "f.toml")
    assert_names_line_and_field(caught.value, "f.toml", line, field)


def test_number_reads_a_float_and_is_itself_a_gate() -> None:
    doc = TomlDocument("whole = 3\nhalf = 0.5\n", "f.toml")
    assert doc.number(doc.data, "whole", ()) == 3.0 and isinstance(doc.number(doc.data, "whole", ()), float)
    assert doc.number(doc.data, "missing", (), default=1.0) == 1.0
    assert doc.optional_number(doc.data, "missing", ()) is None
    with pytest.raises(DefinitionError, match="required field is missing"):
        doc.number(doc.data, "missing", ())
    for bad in (math.inf, math.nan, 10**400):
        with pytest.raises(DefinitionError, match=r"f\.toml, line 1: whole: "):
            doc.number({"whole": bad}, "whole", ())


# Fuzz: any number anywhere a number is written ----------------------------------------------------------------

_NUMBER_AT = re.compile(r"(?<=[=\[,] )-?[0-9][0-9_.eE+]*|(?<=\[)-?[0-9][0-9_.eE+]*")
MODEL_SPOTS = [m.span() for m in _NUMBER_AT.finditer(MODEL_TEXT)]
PLAYBOOK_SPOTS = [m.span() for m in _NUMBER_AT.finditer(PLAYBOOK_TEXT)]

LITERALS = st.one_of(
    st.integers().map(str),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.integers(min_value=15, max_value=6000).map(lambda n: "9" * n),
    st.integers(min_value=1, max_value=300).map(lambda n: "0x" + "f" * n),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.sampled_from(["inf", "+inf", "-inf", "nan", "-nan", "1e999", "-1e999", "1e308", "0", "-0.0", "1_000"]),
)


def _model_numbers(model: MaturityModel) -> list[Any]:
    numbers: list[Any] = [model.max_recoverable_share, *(s.score for s in model.stages),
                          *(s.year for s in model.sources if s.year is not None), *(e.weight for e in model.enablers)]
    for dimension in model.dimensions:
        numbers += [figure.share for figure in dimension.waste.values()]
        numbers += [v for i in dimension.indicators for b in i.bands for v in (b.low, b.high) if v is not None]
    for pool in model.pools:
        if pool.coverage is not None:
            numbers += [pool.coverage.eligible_share.value, pool.coverage.average_discount.value]
            numbers += [f.value for f in (*pool.coverage.coverage.values(), *pool.coverage.unused.values())]
    return numbers


def _playbook_numbers(playbook: Playbook) -> list[Any]:
    rules = playbook.diagnostics
    return [*(d for e in playbook.efforts for d in e.days), *(s.weight for s in playbook.steps),
            *(s.lead_days for s in playbook.steps), *(b.factor for b in playbook.size_bands),
            *(b.up_to for b in playbook.size_bands if b.up_to is not None),
            rules.min_growth, rules.high_growth, rules.reassess_after_days]


def _assert_figures(numbers: list[Any]) -> None:
    for number in numbers:
        assert isinstance(number, int | float) and math.isfinite(number) and abs(number) <= MAX_NUMBER, number


def _assert_clear(error: DefinitionError, line: int) -> None:
    assert error.source == "mine.toml" and error.line is not None and error.field
    assert "\n" not in str(error) and len(str(error)) < 500
    if error.reason in NUMBER_REASONS:
        assert error.line == line


@settings(max_examples=150, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(spot=st.sampled_from(MODEL_SPOTS), number=LITERALS)
def test_fuzz_any_number_in_a_model_is_a_figure_or_a_clear_refusal(spot: tuple[int, int], number: str) -> None:
    text = MODEL_TEXT[:spot[0]] + number + MODEL_TEXT[spot[1]:]
    try:
        model = parse_model(text, "mine.toml")
    except DefinitionError as error:
        _assert_clear(error, MODEL_TEXT.count("\n", 0, spot[0]) + 1)
    else:
        _assert_figures(_model_numbers(model))


@settings(max_examples=150, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(spot=st.sampled_from(PLAYBOOK_SPOTS), number=LITERALS)
def test_fuzz_any_number_in_a_playbook_is_a_figure_or_a_clear_refusal(spot: tuple[int, int], number: str) -> None:
    text = PLAYBOOK_TEXT[:spot[0]] + number + PLAYBOOK_TEXT[spot[1]:]
    try:
        playbook = parse_playbook(text, "mine.toml", MODEL)
    except DefinitionError as error:
        _assert_clear(error, PLAYBOOK_TEXT.count("\n", 0, spot[0]) + 1)
    else:
        _assert_figures(_playbook_numbers(playbook))
