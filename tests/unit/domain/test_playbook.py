"""The playbook: the shipped one is complete, and a malformed one says file, line and field."""

from __future__ import annotations

from pathlib import Path

import pytest

from finops_desktop.domain.catalogue import DEFAULT_MODEL_ID, resource_dir
from finops_desktop.domain.definition_file import DefinitionError
from finops_desktop.domain.model_file import parse_model
from finops_desktop.domain.playbook import (
    EARLIER_STAGE,
    FOUNDATIONS_FIRST,
    PREREQUISITE,
    REQUIREMENT,
    load_playbook,
    parse_playbook,
    playbook_for,
    step_order,
)

from .roadmap_samples import DIMENSIONS, MODEL, playbook_text, small_playbook, step_id

SHIPPED = f"roadmaps/{DEFAULT_MODEL_ID}.toml"


def shipped_text() -> str:
    return resource_dir("roadmaps").joinpath(f"{DEFAULT_MODEL_ID}.toml").read_text(encoding="utf-8")


# The shipped playbook -------------------------------------------------------------------


@pytest.mark.parametrize("dimension_id", DIMENSIONS)
@pytest.mark.parametrize(("from_stage", "to_stage"), [("crawl", "walk"), ("walk", "run")])
def test_shipped_playbook_has_four_steps_or_more_per_transition(dimension_id: str, from_stage: str,
                                                                 to_stage: str) -> None:
    steps = playbook_for(MODEL).steps_from(dimension_id, from_stage)
    assert len(steps) >= 4
    assert all(step.to_stage == to_stage and step.dimension_id == dimension_id for step in steps)


def test_shipped_steps_are_complete_and_distinct() -> None:
    playbook = playbook_for(MODEL)
    assert playbook.model_id == MODEL.id
    for step in playbook.steps:
        for text in (step.title, step.description, step.owner_role, step.kpi, step.kpi_target):
            assert text.strip(), f"{step.id} has an empty text"
        assert step.effort.id in {"S", "M", "L"}
        assert 0 < step.effort.days[0] <= step.effort.days[1]
        assert step.weight > 0
    for attribute in ("id", "title", "description"):
        values = [getattr(step, attribute) for step in playbook.steps]
        assert len(values) == len(set(values)), f"two steps share a {attribute}"
    roles = {step.owner_role for step in playbook.steps}
    assert {"FinOps lead", "Cloud platform team", "Finance partner", "Engineering managers"} <= roles


def test_shipped_effort_scale_grows() -> None:
    efforts = playbook_for(MODEL).efforts
    assert [e.id for e in efforts] == ["S", "M", "L"]
    assert [e.midpoint for e in efforts] == sorted(e.midpoint for e in efforts)


def test_shipped_playbook_names_the_dimensions_of_the_traps() -> None:
    rules = playbook_for(MODEL).diagnostics
    assert rules.attribution_dimensions == ("tagging_coverage",)
    assert rules.visibility_dimensions == ("cost_visibility",)
    assert set(rules.execution_dimensions) == {"commitment_strategy", "automation_level"}
    assert "commitment_strategy" in rules.static_dimensions
    assert rules.reassess_after_days >= 90


def test_loading_the_file_gives_the_shipped_playbook(tmp_path: Path) -> None:
    path = tmp_path / "copy.toml"
    path.write_text(shipped_text(), encoding="utf-8")
    assert load_playbook(path, MODEL) == playbook_for(MODEL)


def test_a_playbook_is_checked_against_the_models_copy_in_the_workshop() -> None:
    """A workshop's own copy of the model (same id) gets the shipped playbook too."""
    copy = parse_model(MODEL.source, "workshop copy")
    assert playbook_for(copy).steps == playbook_for(MODEL).steps


def test_no_playbook_for_an_unknown_model() -> None:
    other = parse_model(MODEL.source.replace(f'id = "{DEFAULT_MODEL_ID}"', 'id = "no-such-model"', 1), "m.toml")
    with pytest.raises(DefinitionError, match="no playbook for model 'no-such-model'"):
        playbook_for(other)


# What must come first -------------------------------------------------------------------


def test_step_order_knows_why_one_step_comes_before_another() -> None:
    playbook = small_playbook(
        {step_id("commitment_strategy", "walk"): {"prerequisites": [step_id("anomaly_detection", "crawl")],
                                                  "requires": {"automation_level": "walk"}}})
    before = step_order(playbook, MODEL)[step_id("commitment_strategy", "walk")]
    assert before[step_id("anomaly_detection", "crawl")] == {PREREQUISITE}
    assert before[step_id("automation_level", "crawl")] == {REQUIREMENT}
    assert before[step_id("commitment_strategy", "crawl")] == {EARLIER_STAGE}
    assert before[step_id("tagging_coverage", "crawl")] == {FOUNDATIONS_FIRST}
    assert before[step_id("cost_visibility", "crawl")] == {FOUNDATIONS_FIRST}
    assert before[step_id("finops_ownership", "crawl")] == {FOUNDATIONS_FIRST}
    # Nothing else: not the other Walk-to-Run steps, not Crawl-to-Walk steps of other dimensions.
    assert len(before) == 6
    # A Crawl-to-Walk step of a foundation waits for nothing.
    assert step_order(playbook, MODEL)[step_id("tagging_coverage", "crawl")] == {}


def test_weights_default_to_one() -> None:
    playbook = small_playbook({step_id("tagging_coverage", "crawl"): {"weight": 2.5}})
    assert playbook.step(step_id("tagging_coverage", "crawl")).weight == 2.5
    assert playbook.step(step_id("tagging_coverage", "walk")).weight == 1.0


# Malformed playbooks --------------------------------------------------------------------

TAG = step_id("tagging_coverage", "crawl")
COMMIT_WALK = step_id("commitment_strategy", "walk")
ANOMALY = step_id("anomaly_detection", "crawl")
# Position of a step in the test playbook: dimensions in model order, two transitions each.
TAG_INDEX = 2
COMMIT_WALK_INDEX = 5
ANOMALY_INDEX = 6


def _line(text: str, needle: str, after: str = "", occurrence: int = 1) -> int:
    """The line holding ``needle`` for the ``occurrence``-th time after the line holding ``after``."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if after in line) if after else 0
    found = [i for i, line in enumerate(lines[start:], start + 1) if needle in line]
    return found[occurrence - 1]


def _refused(text: str, tmp_path: Path) -> DefinitionError:
    path = tmp_path / "broken-playbook.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DefinitionError) as caught:
        load_playbook(path, MODEL)
    error = caught.value
    # One line naming the file, the line and the field.
    assert error.line is not None
    assert str(error).startswith(f"{path}, line {error.line}: " + (f"{error.field}: " if error.field else ""))
    assert "\n" not in str(error)
    return error


@pytest.mark.parametrize(
    ("changes", "field", "reason", "needle", "occurrence"),
    [
        ({TAG: {"prerequisites": ["tag-nonexistent"]}}, f"steps[{TAG_INDEX}].prerequisites[0]",
         "unknown step 'tag-nonexistent'", 'prerequisites = ["tag-nonexistent"]', 1),
        ({TAG: {"dimension": "carbon_footprint"}}, f"steps[{TAG_INDEX}].dimension",
         f"model '{DEFAULT_MODEL_ID}' has no dimension 'carbon_footprint'", 'dimension = "carbon_footprint"', 1),
        ({TAG: {"from": "sprint"}}, f"steps[{TAG_INDEX}].from", "unknown stage 'sprint'", 'from = "sprint"', 1),
        ({TAG: {"to": "run"}}, f"steps[{TAG_INDEX}].to", "from 'crawl' it leads to 'walk'", 'to = "run"', 1),
        ({TAG: {"effort": "XL"}}, f"steps[{TAG_INDEX}].effort", "unknown effort 'XL'", 'effort = "XL"', 1),
        ({TAG: {"weight": 0}}, f"steps[{TAG_INDEX}].weight", "must be above 0", "weight = 0", 1),
        ({TAG: {"weight": "heavy"}}, f"steps[{TAG_INDEX}].weight", "expected a whole number or a number, found text",
         'weight = "heavy"', 1),
        ({TAG: {"prerequisite": [ANOMALY]}}, f"steps[{TAG_INDEX}].prerequisite", "unknown field",
         "prerequisite = ", 1),
        ({TAG: {"prerequisites": [TAG]}}, f"steps[{TAG_INDEX}].prerequisites[0]", "its own prerequisite",
         "prerequisites = ", 1),
        ({TAG: {"requires": {"carbon": "walk"}}}, f"steps[{TAG_INDEX}].requires.carbon", "no dimension 'carbon'",
         "requires = ", 1),
        ({TAG: {"requires": {"cost_visibility": "jog"}}}, f"steps[{TAG_INDEX}].requires.cost_visibility",
         "unknown stage 'jog'", "requires = ", 1),
        ({TAG: {"requires": {"tagging_coverage": "walk"}}}, f"steps[{TAG_INDEX}].requires.tagging_coverage",
         "cannot require its own dimension", "requires = ", 1),
        ({ANOMALY: {"id": TAG}}, f"steps[{ANOMALY_INDEX}].id", f"step '{TAG}' is defined twice", f'id = "{TAG}"', 2),
        ({TAG: {"kpi": "  "}}, f"steps[{TAG_INDEX}].kpi", "must not be empty", 'kpi = "  "', 1),
    ],
)
def test_malformed_step_names_file_line_and_field(tmp_path: Path, changes: dict, field: str, reason: str,
                                                  needle: str, occurrence: int) -> None:
    text = playbook_text(changes)
    error = _refused(text, tmp_path)
    assert error.field == field
    assert reason in error.reason
    after = f'id = "{TAG}"' if TAG in changes else ""
    assert error.line == _line(text, needle, after=after, occurrence=occurrence)


def test_missing_field_points_at_its_step(tmp_path: Path) -> None:
    text = playbook_text({TAG: {"title": None}})
    error = _refused(text, tmp_path)
    assert error.field == f"steps[{TAG_INDEX}].title"
    assert error.reason == "required field is missing"
    assert error.line == _line(text, f'id = "{TAG}"') - 1  # the [[steps]] header of that step


def test_cycle_of_prerequisites_is_refused(tmp_path: Path) -> None:
    text = playbook_text({TAG: {"prerequisites": [ANOMALY]}, ANOMALY: {"prerequisites": [TAG]}})
    error = _refused(text, tmp_path)
    assert "in a circle" in error.reason
    assert f"{TAG} → {ANOMALY}" in error.reason and f"{ANOMALY} → {TAG}" in error.reason
    blamed = {f"steps[{TAG_INDEX}].prerequisites": _line(text, "prerequisites", after=f'id = "{TAG}"'),
              f"steps[{ANOMALY_INDEX}].prerequisites": _line(text, "prerequisites", after=f'id = "{ANOMALY}"')}
    assert error.field in blamed
    assert error.line == blamed[error.field]


def test_longer_cycle_is_refused(tmp_path: Path) -> None:
    visibility = step_id("cost_visibility", "crawl")
    text = playbook_text({TAG: {"prerequisites": [ANOMALY]}, ANOMALY: {"prerequisites": [visibility]},
                          visibility: {"prerequisites": [TAG]}})
    error = _refused(text, tmp_path)
    assert "in a circle" in error.reason
    for name in (TAG, ANOMALY, visibility):
        assert name in error.reason


def test_cycle_through_the_foundation_rule_is_refused(tmp_path: Path) -> None:
    """A foundation step to Walk cannot wait for a Run step: the Run step waits for the foundations."""
    text = playbook_text({TAG: {"prerequisites": [COMMIT_WALK]}})
    error = _refused(text, tmp_path)
    assert error.field == f"steps[{TAG_INDEX}].prerequisites"
    assert error.line == _line(text, "prerequisites", after=f'id = "{TAG}"')
    assert FOUNDATIONS_FIRST in error.reason and COMMIT_WALK in error.reason


def test_cycle_through_required_stages_is_refused(tmp_path: Path) -> None:
    text = playbook_text({TAG: {"requires": {"anomaly_detection": "walk"}},
                          ANOMALY: {"requires": {"tagging_coverage": "walk"}}})
    error = _refused(text, tmp_path)
    assert error.field in {f"steps[{TAG_INDEX}].requires", f"steps[{ANOMALY_INDEX}].requires"}
    assert REQUIREMENT in error.reason
    step = TAG if error.field.startswith(f"steps[{TAG_INDEX}]") else ANOMALY
    assert error.line == _line(text, "requires", after=f'id = "{step}"')


def test_transition_without_a_step_is_refused(tmp_path: Path) -> None:
    text = playbook_text()
    start = text.index(f'id = "{step_id("anomaly_detection", "walk")}"') - len("[[steps]]\n")
    end = text.index("[[steps]]", start + 1)
    text = text[:start] + text[end:]
    error = _refused(text, tmp_path)
    assert error.field == "steps"
    assert "no step takes 'anomaly_detection' from 'walk' to 'run'" in error.reason
    assert error.line == _line(text, f'id = "{ANOMALY}"') - 1


@pytest.mark.parametrize(
    ("old", "new", "field", "reason"),
    [
        (f'model = "{DEFAULT_MODEL_ID}"', 'model = "another-model"', "model",
         f"this playbook is for model 'another-model', not '{DEFAULT_MODEL_ID}'"),
        ("format = 1", "format = 7", "format", "newer than this app reads"),
        ("days = [1, 3]", "days = [3, 1]", "efforts[0].days", "fewest <= most"),
        ("days = [1, 3]", 'days = ["one", 3]', "efforts[0].days", "two whole numbers"),
        ('name = "Test playbook"', 'title = "Test playbook"', "title", "unknown field"),
    ],
)
def test_malformed_header_names_file_line_and_field(tmp_path: Path, old: str, new: str, field: str,
                                                    reason: str) -> None:
    text = playbook_text().replace(old, new, 1)
    error = _refused(text, tmp_path)
    assert error.field == field
    assert reason in error.reason
    assert error.line == _line(text, new)


@pytest.mark.parametrize(
    ("section", "field", "reason", "needle"),
    [
        ('[diagnostics.attribution_debt]\ndimensions = ["carbon"]\n', "diagnostics.attribution_debt.dimensions[0]",
         "no dimension 'carbon'", 'dimensions = ["carbon"]'),
        ("[diagnostics.static_automation]\nreassess_after_days = 0\n",
         "diagnostics.static_automation.reassess_after_days", "1 or more", "reassess_after_days = 0"),
        ("[diagnostics.attribution_debt]\nmin_growth = 20\nhigh_growth = 5\n",
         "diagnostics.attribution_debt.high_growth", "must be 20 or more", "high_growth = 5"),
        ("[diagnostics.dashboards]\nvisibility = []\n", "diagnostics.dashboards", "unknown field",
         "[diagnostics.dashboards]"),
    ],
)
def test_malformed_diagnostics_names_file_line_and_field(tmp_path: Path, section: str, field: str, reason: str,
                                                         needle: str) -> None:
    text = playbook_text(header="\n" + section)
    error = _refused(text, tmp_path)
    assert error.field == field
    assert reason in error.reason
    assert error.line == _line(text, needle)


def test_toml_syntax_error_gives_the_line(tmp_path: Path) -> None:
    broken = 'title = "Move tagging_coverage to walk'
    text = playbook_text().replace(broken + '"', broken, 1)
    error = _refused(text, tmp_path)
    assert "not valid TOML" in error.reason
    assert error.line == _line(text, broken)


def test_unreadable_playbook_file(tmp_path: Path) -> None:
    path = tmp_path / "playbook.toml"
    path.write_bytes(b"\xff\xfe\x00 not text")
    with pytest.raises(DefinitionError, match="not a text file") as caught:
        load_playbook(path, MODEL)
    assert str(path) in str(caught.value)
    with pytest.raises(DefinitionError, match="No such file"):
        load_playbook(tmp_path / "missing.toml", MODEL)


def test_a_valid_small_playbook_loads() -> None:
    playbook = parse_playbook(playbook_text(), "ok.toml", MODEL)
    assert len(playbook.steps) == 2 * len(DIMENSIONS)
    assert playbook.steps_from("tagging_coverage", "run") == ()
