"""The value kinds: one parser and checker per kind, the same bad inputs refused with one message."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from finops_desktop.domain import values
from finops_desktop.domain.catalogue import builtin_models
from finops_desktop.domain.values import ValueRefused

MODEL = next(iter(builtin_models().values()))
INDICATOR = MODEL.dimension("tagging_coverage").indicators[0]

TEXT_KINDS = [values.CLIENT_NAME, values.BUSINESS_UNIT_NAME, values.ROUND_NAME, values.PARTICIPANT_NAME,
              values.FACILITATOR, values.OWNER, values.UNIT_NOTES, values.RATING_NOTE, values.PARTICIPANTS,
              values.REASONING]
NAME_KINDS = [values.CLIENT_NAME, values.BUSINESS_UNIT_NAME, values.ROUND_NAME, values.PARTICIPANT_NAME]
ALL_KINDS = [*TEXT_KINDS, values.MONTHLY_SPEND, values.DAY_RATE, values.GROWTH, values.SHARE_OF_SPEND,
             values.WORKSHOP_DATE, values.CURRENCY, values.CONFIDENCE, values.StageValue(MODEL),
             values.IndicatorValue(INDICATOR), values.Flag("suggesting targets"), values.PaperSize()]


@pytest.mark.parametrize("kind", NAME_KINDS, ids=lambda k: k.what)
@pytest.mark.parametrize(("text", "words"), [
    ("", "must not be empty"), ("   ", "must not be empty"), ("x" * 201, "too long"),
    ("Retail\x07", "control character"), ("two\nlines", "control character"),
    ("Retail\u202e", "direction mark"), ("Re\u200btail", "invisible character"),
    ("Retail\ud800", "lone surrogate"), ("Retail\ufffe", "no text may hold"),
])
def test_names_refuse_what_no_name_should_hold(kind: values.Name, text: str, words: str) -> None:
    with pytest.raises(ValueRefused, match=words):
        kind.parse(text)
    with pytest.raises(ValueRefused, match=words):
        kind.check(text)


def test_names_keep_every_script_and_emoji_and_are_stored_in_one_unicode_form() -> None:
    for text in ("東京事業部", "الخدمات المصرفية", "Payments 👩🏽‍💻", "می‌خواهم", "Zu\u0308rich"):
        assert values.BUSINESS_UNIT_NAME.parse(text) == __import__("unicodedata").normalize("NFC", text)


@pytest.mark.parametrize("kind", [values.UNIT_NOTES, values.RATING_NOTE, values.REASONING], ids=lambda k: k.what)
def test_free_text_keeps_lines_and_refuses_hidden_characters(kind: values.FreeText) -> None:
    assert kind.parse("line one\nline two\ttabbed") == "line one\nline two\ttabbed"
    for bad, words in (("a\x00b", "control character"), ("a\u202eb", "direction mark"), ("a\udfffb", "surrogate"),
                       ("x" * (kind.max_length + 1), "too long")):
        with pytest.raises(ValueRefused, match=words):
            kind.parse(bad)


def test_a_reasoning_of_5001_characters_is_too_long() -> None:
    with pytest.raises(ValueRefused, match=r"too long \(5,001 characters; at most 2,000\)"):
        values.REASONING.check("r" * 5001)


@pytest.mark.parametrize(("text", "amount"), [
    ("420000", 420000.0), ("420,000", 420000.0), ("€ 420 000", 420000.0), ("EUR 420k", 420000.0),
    ("1.2m", 1200000.0), ("99,5", 99.5), ("75k", 75000.0), ("12 500 USD", 12500.0), ("", None),
])
def test_money_is_read_as_typed(text: str, amount: float | None) -> None:
    assert values.MONTHLY_SPEND.parse(text) == amount


@pytest.mark.parametrize(("text", "words"), [
    ("lots", "must be an amount"), ("12 apples", "must be an amount"), ("k", "must be an amount"),
    ("1.2.3x", "must be an amount"), ("-5", "cannot be negative"), ("nan", "must be an amount"),
    ("inf", "must be an amount"), ("1e13", "at most"), ("1e999", "must be an amount"),
])
def test_money_refuses_what_is_not_an_amount(text: str, words: str) -> None:
    with pytest.raises(ValueRefused, match=words):
        values.MONTHLY_SPEND.parse(text)


@pytest.mark.parametrize("value", [float("nan"), float("inf"), -1.0, 2e12, "12", True])
def test_money_checks_values_from_code_and_files_the_same_way(value: object) -> None:
    with pytest.raises(ValueRefused):
        values.MONTHLY_SPEND.check(value)


def test_percentages_are_in_percent_and_a_bare_fraction_is_refused_not_guessed() -> None:
    assert values.SHARE_OF_SPEND.parse("12.5") == 0.125
    assert values.SHARE_OF_SPEND.parse("12,5 %") == 0.125
    assert values.SHARE_OF_SPEND.parse("0.5 %") == 0.005
    with pytest.raises(ValueRefused, match=r"for 22\.5 % write 22\.5"):
        values.SHARE_OF_SPEND.parse("0.225")
    for text in ("150", "-3", "101 %"):
        with pytest.raises(ValueRefused, match="between 0 and 100"):
            values.SHARE_OF_SPEND.parse(text)
    assert values.GROWTH.parse("-20") == -20.0
    with pytest.raises(ValueRefused, match="between -100 and 10000"):
        values.GROWTH.parse("-150")


@pytest.mark.parametrize("text", ["tomorrow", "next Tuesday", "2026-02-30", "27/11/2026", "2026-13-01", "20261127"])
def test_a_date_that_is_not_a_date_is_refused(text: str) -> None:
    with pytest.raises(ValueRefused, match="YYYY-MM-DD"):
        values.WORKSHOP_DATE.parse(text)


def test_dates_and_currencies_are_stored_in_one_form() -> None:
    assert values.WORKSHOP_DATE.parse(" 2026-11-27 ") == "2026-11-27"
    assert values.WORKSHOP_DATE.parse("") == ""
    assert values.CURRENCY.parse("eur") == "EUR"
    for bad in ("euro", "E1R", "", "€"):
        with pytest.raises(ValueRefused, match="three-letter code"):
            values.CURRENCY.parse(bad)


def test_stages_are_read_by_id_name_or_score_and_unknown_ones_name_the_choices() -> None:
    stage = values.StageValue(MODEL)
    assert [stage.parse(t) for t in ("Crawl", "walk", "3", "none", "", "n/a", "NA")] == \
        ["crawl", "walk", "run", None, None, "na", "na"]
    with pytest.raises(ValueRefused, match=r"unknown stage 'jog' \(use crawl, walk, run, none or na\)"):
        stage.parse("jog")
    with pytest.raises(ValueRefused, match="unknown target 'na'"):
        values.StageValue(MODEL, "target", allow_not_applicable=False).parse("na")


def test_indicator_values_are_finite_and_percentages_stay_within_0_and_100() -> None:
    kind = values.IndicatorValue(INDICATOR)
    assert kind.parse("63 %") == 63.0
    assert kind.parse("") is None
    for bad in ("NaN", "Infinity", "lots", "101", "-1"):
        with pytest.raises(ValueRefused):
            kind.parse(bad)


@settings(max_examples=300, deadline=None)
@given(text=st.text(max_size=300))
def test_any_text_is_either_taken_in_a_form_the_kind_accepts_again_or_refused_with_a_message(text: str) -> None:
    for kind in ALL_KINDS:
        try:
            value = kind.parse(text)
        except ValueRefused as exc:
            assert str(exc) and "\n" not in str(exc)
            continue
        assert kind.check(value) == value
        if isinstance(value, float):
            assert math.isfinite(value)


@settings(max_examples=200, deadline=None)
@given(value=st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.text(max_size=50),
                       st.binary(max_size=20), st.lists(st.integers(), max_size=3)))
def test_any_value_from_a_file_is_either_accepted_as_is_or_refused_never_crashes(value: object) -> None:
    for kind in ALL_KINDS:
        try:
            checked = kind.check(value)
        except ValueRefused:
            continue
        assert kind.check(checked) == checked


@pytest.mark.parametrize("amount", [1e308, -1e308, 1e16, -5e300])
def test_an_amount_beyond_any_bill_is_named_in_a_few_characters(amount: float) -> None:
    """A refusal quotes the amount as ``1e+308``, not as the 309 digits of its full form."""
    for kind, value in ((values.BillingAmount(), amount), (values.MONTHLY_SPEND, amount)):
        with pytest.raises(values.ValueRefused) as refused:
            kind.check(value)
        assert len(str(refused.value)) < 120, str(refused.value)
