"""The model definition: the shipped model is complete, and a malformed file says where."""

from __future__ import annotations

from pathlib import Path

import pytest

from finops_desktop.domain.catalogue import DEFAULT_MODEL_ID, builtin_models, resource_dir
from finops_desktop.domain.definition_file import DefinitionError
from finops_desktop.domain.model_file import load_model, parse_model

EXPECTED_DIMENSIONS = ["cost_visibility", "tagging_coverage", "commitment_strategy", "anomaly_detection",
                       "finops_ownership", "automation_level"]


def default_text() -> str:
    return resource_dir("resources").joinpath("models", f"{DEFAULT_MODEL_ID}.toml").read_text(encoding="utf-8")


def test_default_model_has_the_six_dimensions_and_three_stages() -> None:
    model = builtin_models()[DEFAULT_MODEL_ID]
    assert [d.id for d in model.dimensions] == EXPECTED_DIMENSIONS
    assert [(s.id, s.score) for s in model.stages] == [("crawl", 1), ("walk", 2), ("run", 3)]
    assert {d.id for d in model.foundations} == {"cost_visibility", "tagging_coverage", "finops_ownership"}
    assert model.foundation_stage == "walk"
    for dimension in model.dimensions:
        assert dimension.question.endswith("?")
        assert set(dimension.descriptions) == {"crawl", "walk", "run"}
        shares = [dimension.waste[s].share for s in ("crawl", "walk", "run")]
        assert shares == sorted(shares, reverse=True), f"{dimension.id}: waste must fall with maturity"
        assert all(dimension.waste[s].reasoning for s in ("crawl", "walk", "run"))


def test_commitment_strategy_wastes_the_most_at_crawl() -> None:
    model = builtin_models()[DEFAULT_MODEL_ID]
    largest = max(model.dimensions, key=lambda d: d.waste["crawl"].share)
    assert largest.id == "commitment_strategy"


@pytest.mark.parametrize(
    ("value", "stage", "text"),
    [(10, "crawl", "Crawl"), (49.9, "crawl", "Crawl"), (50, "walk", "Walk"), (80, "walk", "Walk"),
     (85, "walk", "Walk, close to Run"), (90, "run", "Run"), (100, "run", "Run")],
)
def test_tagging_coverage_bands_including_the_gap_between_80_and_90(value: float, stage: str, text: str) -> None:
    model = builtin_models()[DEFAULT_MODEL_ID]
    indicator = model.dimension("tagging_coverage").indicators[0]
    suggestion = indicator.suggest(value, model.stages)
    assert (suggestion.stage, suggestion.text) == (stage, text)


@pytest.mark.parametrize(("value", "stage"), [(25, "crawl"), (20, "crawl"), (15, "walk"), (12, "run"), (3, "run")])
def test_forecast_variance_lower_is_better(value: float, stage: str) -> None:
    model = builtin_models()[DEFAULT_MODEL_ID]
    indicator = model.dimension("cost_visibility").indicators[0]
    assert indicator.suggest(value, model.stages).stage == stage


@pytest.mark.parametrize(("value", "stage"), [(55, "crawl"), (60, "crawl"), (70, "walk"), (80, "run")])
def test_commitment_coverage_bands(value: float, stage: str) -> None:
    model = builtin_models()[DEFAULT_MODEL_ID]
    indicator = model.dimension("commitment_strategy").indicators[0]
    assert indicator.suggest(value, model.stages).stage == stage


def test_a_model_keeps_its_source_text() -> None:
    model = parse_model(default_text(), "copy.toml")
    assert model.source == default_text()
    assert model == builtin_models()[DEFAULT_MODEL_ID]


def _line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def _broken(old: str, new: str, occurrence: int = 1) -> str:
    text = default_text()
    index = -1
    for _ in range(occurrence):
        index = text.index(old, index + 1)
    return text[:index] + new + text[index + len(old):]


@pytest.mark.parametrize(
    ("old", "new", "occurrence", "field", "reason", "line_needle"),
    [
        ('score = 2', 'score = "two"', 1, "stages[1].score", "expected a whole number, found text", 'score = "two"'),
        ('foundation = true', 'foundation = "yes"', 2, "dimensions[1].foundation", "expected true or false",
         'foundation = "yes"'),
        ('crawl = { share = 0.15,', 'crawl = { share = 1.5,', 1, "dimensions[2].waste.crawl.share",
         "between 0 and 1", 'crawl = { share = 1.5,'),
        ('{ stage = "walk", low = 50, high = 80 }', '{ stage = "wlak", low = 50, high = 80 }', 1,
         "dimensions[1].indicators[0].bands[1].stage", "unknown stage 'wlak'", '{ stage = "wlak"'),
        ('foundation_stage = "walk"', 'foundation_stage = "jog"', 1, "rules.foundation_stage", "unknown stage 'jog'",
         'foundation_stage = "jog"'),
        ('id = "anomaly_detection"', 'id = "cost_visibility"', 1, "dimensions[3].id", "defined twice",
         'id = "cost_visibility"'),
    ],
)
def test_malformed_model_names_file_line_and_field(tmp_path: Path, old: str, new: str, occurrence: int, field: str,
                                                   reason: str, line_needle: str) -> None:
    text = _broken(old, new, occurrence)
    path = tmp_path / "broken-model.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DefinitionError) as caught:
        load_model(path)
    error = caught.value
    assert error.source == str(path)
    assert error.field == field
    assert reason in error.reason
    expected_lines = [i for i, line in enumerate(text.splitlines(), 1) if line_needle in line]
    assert error.line in expected_lines
    assert str(path) in str(error) and f"line {error.line}" in str(error) and field in str(error)


def test_missing_field_names_its_table(tmp_path: Path) -> None:
    text = _broken('question = "What share', 'asked = "What share')
    with pytest.raises(DefinitionError) as caught:
        parse_model(text, "m.toml")
    assert caught.value.field == "dimensions[1].question"
    assert "required field is missing" in str(caught.value)
    # Reported at the line of the dimension's own key nearest to it: the table header.
    assert caught.value.line == _line_of(text, 'id = "tagging_coverage"') - 1


def test_missing_stage_description(tmp_path: Path) -> None:
    text = _broken('run = "Cost and usage data flow', 'sprint = "Cost and usage data flow')
    with pytest.raises(DefinitionError) as caught:
        parse_model(text, "m.toml")
    assert caught.value.field == "dimensions[0].stages.sprint"
    assert caught.value.line == _line_of(text, 'sprint = "Cost and usage')


def test_toml_syntax_error_gives_the_line() -> None:
    text = default_text().replace('name = "Walk"', 'name = "Walk', 1)
    with pytest.raises(DefinitionError) as caught:
        parse_model(text, "m.toml")
    assert caught.value.line == _line_of(text, 'name = "Walk')
    assert "not valid TOML" in str(caught.value)


def test_newer_model_format_is_refused() -> None:
    with pytest.raises(DefinitionError, match="newer than this app reads"):
        parse_model(default_text().replace("format = 1", "format = 9", 1), "m.toml")


@pytest.mark.parametrize("content", [b"\xff\xfe\x00garbage", b""])
def test_unreadable_model_files(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "model.toml"
    path.write_bytes(content)
    with pytest.raises(DefinitionError) as caught:
        load_model(path)
    assert str(path) in str(caught.value)


def test_missing_model_file(tmp_path: Path) -> None:
    with pytest.raises(DefinitionError, match="No such file"):
        load_model(tmp_path / "nope.toml")


def test_too_few_dimensions(tmp_path: Path) -> None:
    text = default_text()
    cut = text.index("[[dimensions]]", text.index('id = "tagging_coverage"'))
    with pytest.raises(DefinitionError, match="3 to 25 dimensions"):
        parse_model(text[:cut], "m.toml")
