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
        if model.figure_kind(dimension.id) == "waste":
            assert shares == sorted(shares, reverse=True), f"{dimension.id}: waste must fall with maturity"
        else:
            assert model.figure_kind(dimension.id) == "capture"
            assert shares == sorted(shares), f"{dimension.id}: capture must rise with maturity"
        for stage in ("crawl", "walk", "run"):
            figure = dimension.waste[stage]
            assert figure.reasoning and figure.source is not None and figure.source.publication


def test_pools_and_enablers_of_the_default_model() -> None:
    """Three pools own money; the three foundations are enablers; every source has a publication and a year."""
    model = builtin_models()[DEFAULT_MODEL_ID]
    assert {p.id: p.dimension_id for p in model.pools} == {
        "rate": "commitment_strategy", "usage": "automation_level", "anomalies": "anomaly_detection"}
    assert {e.dimension_id for e in model.enablers} == {d.id for d in model.foundations}
    assert all(source.year for source in model.sources)
    assert any("Flexera" in s.publication and s.year == 2025 for s in model.sources)
    assert model.max_recoverable_share == pytest.approx(0.30)


def test_a_unit_at_crawl_everywhere_wastes_no_more_than_about_thirty_percent() -> None:
    """Rate 5.5 % (0.5 × (80 − 60) % × 35 % + 2 %), usage 17 %, anomalies 3 %: 25.5 % in all."""
    model = builtin_models()[DEFAULT_MODEL_ID]
    total = sum(model.dimension(p.dimension_id).waste["crawl"].share for p in model.pools)
    assert total == pytest.approx(0.255)
    assert total <= 0.30


def test_the_rate_pool_is_worked_out_from_coverage() -> None:
    model = builtin_models()[DEFAULT_MODEL_ID]
    waste = model.dimension("commitment_strategy").waste
    # 0.5 × (0.8 − coverage) × 0.35 + unused: Crawl 0.035 + 0.02, Walk 0.0175 + 0.01, Run 0 + 0.005.
    assert [waste[s].share for s in ("crawl", "walk", "run")] == pytest.approx([0.055, 0.0275, 0.005])
    assert "35% discount" in waste["crawl"].reasoning
    # Crawl to Run is worth 5 points of spend, not the 13 a per-dimension share once claimed.
    assert waste["crawl"].share - waste["run"].share == pytest.approx(0.05)


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
        ('crawl = { share = 0.17,', 'crawl = { share = 1.5,', 1, "dimensions[5].waste.crawl.share",
         "between 0 and 1", 'crawl = { share = 1.5,'),
        ('source = "flexera-2025" }', 'source = "flexera-2052" }', 1, "dimensions[5].waste.crawl.source",
         "unknown source 'flexera-2052'", 'source = "flexera-2052" }'),
        ('dimension = "automation_level"\ndescription', 'dimension = "automation_levle"\ndescription', 1,
         "pools[1].dimension", "no dimension 'automation_levle'", 'dimension = "automation_levle"'),
        ('crawl = { coverage = 0.60,', 'crawl = { coverage = 0.90,', 1, "pools[0].coverage.stages",
         "must not fall", '[pools.coverage.stages]'),
        ('reads = "coverage"', 'reads = "guess"', 1, "pools[0].reads", "expected one of", 'reads = "guess"'),
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
        parse_model(default_text().replace("format = 2", "format = 9", 1), "m.toml")


def test_an_enabler_with_waste_figures_is_refused() -> None:
    text = default_text().replace("[dimensions.capture]", "[dimensions.waste]", 1)
    with pytest.raises(DefinitionError, match="no capture figures"):
        parse_model(text, "m.toml")


def test_a_model_without_pools_makes_each_dimension_its_own_pool() -> None:
    """A workshop assessed with a model from before pools keeps its money: every dimension wastes its share."""
    text = default_text()
    text = text[:text.index("[[pools]]")] + text[text.index("[[stages]]"):]
    text = text.replace("[dimensions.capture]", "[dimensions.waste]")
    text = text.replace("[pools.coverage]", "")
    commitment = ('[dimensions.waste]\ncrawl = { share = 0.15, reasoning = "r" }\nwalk = { share = 0.07, '
                  'reasoning = "r" }\nrun = { share = 0.02, reasoning = "r" }\n\n')
    text = text.replace('[[dimensions.indicators]]\nid = "commitment_coverage"',
                        commitment + '[[dimensions.indicators]]\nid = "commitment_coverage"')
    model = parse_model(text, "m.toml")
    assert [p.dimension_id for p in model.pools] == [d.id for d in model.dimensions]
    assert model.enablers == ()
    assert model.dimension("commitment_strategy").waste["crawl"].share == 0.15


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
