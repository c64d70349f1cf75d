"""``finops-workshop roadmap``: the plan of a real workshop file, as JSON or a table; errors in one line."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest

from finops_desktop.domain.catalogue import DEFAULT_MODEL_ID, find_model
from finops_desktop.domain.playbook import playbook_for
from finops_desktop.domain.workshop import Rating, WorkshopInfo
from finops_desktop.storage.workshop_file import WorkshopFile
from tests.helpers.commands import digest, run

MODEL = find_model(DEFAULT_MODEL_ID)
# Round figures so the money can be worked out by hand, (crawl, walk, run): the share of spend
# each pool wastes and the share of the pools' gaps each enabler captures.
SHARES = {"commitment_strategy": (0.10, 0.04, 0.01), "automation_level": (0.10, 0.05, 0.02),
          "anomaly_detection": (0.04, 0.02, 0.01), "cost_visibility": (0.5, 0.8, 1.0),
          "tagging_coverage": (0.5, 0.8, 1.0), "finops_ownership": (0.5, 0.8, 1.0)}
LATER_TODAY = (date.today() + timedelta(days=400)).isoformat()




def at_walk(**ratings: str) -> dict[str, str]:
    return {d.id: "walk/walk" for d in MODEL.dimensions} | ratings


@pytest.fixture
def workshop_file(tmp_path: Path) -> Path:
    """Retail (100,000 a month, growing 40% a year), Payments (50,000) and a Lab without spend."""
    path = tmp_path / "acme.finops"
    units = [
        ("Retail", 100_000.0, 40.0, at_walk(commitment_strategy="crawl/walk", tagging_coverage="crawl/walk")),
        ("Payments", 50_000.0, None, at_walk(commitment_strategy="run/run", anomaly_detection="walk/run")),
        ("Lab", None, None, at_walk(commitment_strategy="crawl/walk")),
    ]
    with WorkshopFile.create(path, WorkshopInfo("Acme", currency="USD"), MODEL) as file:
        for dimension_id, shares in SHARES.items():
            for stage, share in zip(("crawl", "walk", "run"), shares, strict=True):
                file.set_waste_assumption(dimension_id, stage, share, "Round figure agreed in the room.")
        for name, spend, growth, ratings in units:
            bu = file.add_business_unit(name, monthly_spend=spend, annual_growth=growth)
            for dimension_id, spec in ratings.items():
                current, target = spec.split("/")
                file.set_rating(bu.id, dimension_id, Rating(current=current, target=target))
    return path


def roadmap_json(capsys: pytest.CaptureFixture[str], path: Path, *args: str) -> dict:
    code, out, err = run(capsys, "roadmap", path, "--json", *args)
    assert code == 0, err
    return json.loads(out)


def test_json_has_the_headline_items_and_diagnostics(workshop_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = roadmap_json(capsys, workshop_file, "--today", LATER_TODAY)

    # Retail captures (80% + 50% + 80%) / 3 = 70% today. Commitments: Retail 100,000 x (10% -
    # 4%) x 70% = 4,200; the Lab has no spend. Tagging adds 100,000 x 6% x 30% / 3 = 600.
    # Payments' anomalies to Run: 50,000 x (2% - 1%) x 80% = 400.
    assert data["headline"]["dimension"] == "commitment_strategy"
    assert data["headline"]["monthly_waste"] == 4_200
    assert data["headline"]["actionable_now"] is True
    assert "USD 4,200" in data["headline"]["reason"]

    items = data["items"]
    assert [i["rank"] for i in items] == list(range(1, len(items) + 1))
    for item in items:
        assert {"rank", "step_id", "title", "dimension", "from_stage", "to_stage", "business_units", "wave",
                "owner_role", "effort", "monthly_savings", "kpi", "prerequisites", "units", "unlocks"} <= set(item)
        assert all(unit["wave"] == item["wave"] for unit in item["units"])
    playbook = playbook_for(MODEL)
    commitments = [i for i in items if i["dimension"] == "commitment_strategy"]
    assert {i["step_id"] for i in commitments} == {s.id for s in playbook.steps_from("commitment_strategy", "crawl")}
    assert all(i["business_units"] == ["Retail", "Lab"] for i in commitments)
    # Money sits on the gap: every step of the transition unlocks all of it.
    assert all(i["monthly_savings"] == 4_200 and i["unlocks"]["monthly_value"] == 4_200 for i in commitments)
    gaps = {(g["unit"], g["dimension"]): g for g in data["gaps"]}
    assert gaps[("Retail", "commitment_strategy")]["monthly_value"] == 4_200
    assert gaps[("Retail", "tagging_coverage")]["monthly_value"] == 600
    assert gaps[("Payments", "anomaly_detection")]["monthly_value"] == 400
    assert {g["source"] for g in data["gaps"]} == {"assumption"}
    # Ticketing anomalies needs Payments' tags enforced: those two tagging steps come in alone,
    # beyond its target, and not the rest of tagging's Walk-to-Run (no chargeback).
    pulled = [i for i in items if (i["dimension"], i["to_stage"]) == ("tagging_coverage", "run")]
    assert {i["step_id"] for i in pulled} == {"tag-template-defaults", "tag-enforce-at-creation"}
    assert all(i["business_units"] == ["Payments"] and i["beyond_target"] == ["Payments"] for i in pulled)
    rank = {i["step_id"]: i["rank"] for i in items}
    assert all(rank[p] < i["rank"] for i in items for p in i["prerequisites"])
    # Payments builds no foundations (they are at Walk): its work towards Run starts at once.
    wave = {i["step_id"]: i["wave"] for i in items}
    assert wave["anom-itsm-tickets"] == wave["tag-enforce-at-creation"] == "0–90 days"
    assert [p["wave"] for p in data["projected"]] == ["0–90 days", "3–6 months", "6–12 months"]
    assert data["cumulative_savings"][-1]["monthly_run_rate"] == pytest.approx(5_200, abs=0.05)
    assert data["payback_months"] is None

    assert [(d["severity"], d["business_unit"], d["id"]) for d in data["diagnostics"]] == [
        ("high", "Retail", "attribution_debt"),
        ("high", "Payments", "static_automation"),
        ("medium", "Retail", "dashboards_without_execution"),
        ("medium", "Lab", "dashboards_without_execution"),
    ]
    assert data["diagnostics"][0]["dimensions"] == ["tagging_coverage"]
    assert "USD 40,000 more each month" in data["diagnostics"][0]["message"]


def test_diagnostics_count_from_today_by_default(workshop_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ids = [d["id"] for d in roadmap_json(capsys, workshop_file)["diagnostics"]]
    assert "static_automation" not in ids  # assessed today
    assert "attribution_debt" in ids


def test_readable_table(workshop_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "roadmap", workshop_file, "--today", LATER_TODAY)
    assert code == 0, err
    assert "Roadmap for Acme, round Baseline" in out
    assert "Advance first: Commitment strategy, USD 4,200 a month" in out
    assert "0–90 days (" in out and "Unlocks/month" in out
    assert "By the end of each wave" in out
    first = playbook_for(MODEL).steps_from("commitment_strategy", "crawl")[0]
    assert first.title in out and "Crawl→Walk" in out and "Retail, Lab" in out
    assert "Diagnostics (4)" in out and "[high] Retail: Attribution debt" in out
    assert "[high] Payments: Automation treated as static" in out


def test_a_round_can_be_chosen(workshop_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with WorkshopFile.open(workshop_file) as file:
        file.add_round("Six months on")
        retail = file.workshop.business_unit_named("Retail")
        assert retail is not None
        file.set_rating(retail.id, "commitment_strategy", Rating("walk", "walk"))
        file.set_rating(retail.id, "tagging_coverage", Rating("walk", "walk"))
    latest = roadmap_json(capsys, workshop_file)
    baseline = roadmap_json(capsys, workshop_file, "--round", "baseline")
    assert all("Retail" not in i["business_units"] for i in latest["items"])
    assert any("Retail" in i["business_units"] for i in baseline["items"])
    assert baseline["headline"]["monthly_waste"] == 4_200
    # Left: Payments' anomalies, 400 a month.
    assert latest["headline"]["monthly_waste"] == 400 and latest["headline"]["dimension"] == "anomaly_detection"


def test_capacity_spreads_the_same_steps_over_more_waves(workshop_file: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    free = roadmap_json(capsys, workshop_file)
    limited = roadmap_json(capsys, workshop_file, "--capacity", "10", "--day-rate", "1,000")

    def pairs(data: dict) -> list[tuple[str, str]]:
        return sorted((i["step_id"], u) for i in data["items"] for u in i["business_units"])

    assert pairs(free) == pairs(limited)
    assert len({i["wave"] for i in limited["items"]}) > len({i["wave"] for i in free["items"]})
    assert limited["waves"][-1] == "After 12 months"
    costs = [w["cost"] for w in limited["cumulative_savings"]]
    assert all(c is not None and c >= 0 for c in costs) and costs[0] > 0
    assert limited["payback_months"] > 0


def test_works_on_a_file_open_for_editing_and_changes_nothing(workshop_file: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    before = digest(workshop_file)
    with WorkshopFile.open(workshop_file):
        data = roadmap_json(capsys, workshop_file)
    assert data["items"]
    assert digest(workshop_file) == before


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["roadmap", "{d}/missing.finops"], "no such file"),
        (["roadmap", "{f}", "--round", "Never"], "no round named 'Never'"),
        (["roadmap", "{f}", "--today", "someday"], "is not a date"),
        (["roadmap", "{f}", "--capacity", "0"], "above 0"),
        (["roadmap", "{f}", "--capacity", "lots"], "not a number of days"),
        (["roadmap", "{f}", "--day-rate", "-5"], "0 or more"),
        (["roadmap", "{f}", "--day-rate", "cheap"], "not an amount"),
        (["roadmap"], "required"),
    ],
)
def test_errors_are_one_line_exit_2_and_change_nothing(workshop_file: Path, capsys: pytest.CaptureFixture[str],
                                                       args: list[str], words: str) -> None:
    before = digest(workshop_file)
    code, out, err = run(capsys, *[a.format(f=workshop_file, d=workshop_file.parent) for a in args])
    assert code == 2 and out == ""
    assert err.startswith("error: ") and err.count("\n") == 1 and words in err
    assert digest(workshop_file) == before


def test_not_a_workshop_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "notes.finops"
    path.write_text("just some notes\n", encoding="utf-8")
    code, _, err = run(capsys, "roadmap", path)
    assert code == 2 and "not a SQLite database" in err and err.count("\n") == 1
    assert path.read_text(encoding="utf-8") == "just some notes\n"


def test_an_empty_workshop_has_nothing_to_plan(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "empty.finops"
    WorkshopFile.create(path, WorkshopInfo("Empty"), MODEL).close()
    data = roadmap_json(capsys, path)
    assert data["headline"] is None and data["items"] == [] and data["diagnostics"] == []
    code, out, _ = run(capsys, "roadmap", path)
    assert code == 0 and "No steps" in out


@pytest.mark.slow
def test_the_installed_command_prints_the_same_json(workshop_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    result = subprocess.run([sys.executable, "-m", "finops_desktop.cli", "roadmap", str(workshop_file), "--json",
                             "--today", "2027-03-01"], capture_output=True, text=True, check=True)
    assert json.loads(result.stdout) == roadmap_json(capsys, workshop_file, "--today", "2027-03-01")


def test_the_workshop_settings_and_measured_coverage_reach_the_plan(tmp_path: Path,
                                                                    capsys: pytest.CaptureFixture[str]) -> None:
    """Retail, 100,000 a month, commitments Crawl with no target, enablers at Run (full capture).

    Suggested Walk: with the default figures 100,000 x (5.5% - 2.75%) = 2,750 from the stage's
    coverage. After importing billing data, the measured coverage c replaces it: 100,000 x
    (0.5 x (80% - c) x 35% + 2% - 2.75%). The day rate and 'no suggestions' come from the file.
    """
    from tests.helpers.billing import two_units

    path = tmp_path / "acme.finops"
    with WorkshopFile.create(path, WorkshopInfo("Acme", currency="USD"), MODEL) as file:
        bu = file.add_business_unit("Retail", monthly_spend=100_000.0)
        for dimension_id in ("cost_visibility", "tagging_coverage", "finops_ownership"):
            file.set_rating(bu.id, dimension_id, Rating("run", "run"))
        file.set_rating(bu.id, "commitment_strategy", Rating("crawl"))
        file.set_setting("day_rate", 1_000)
    data = roadmap_json(capsys, path)
    (gap,) = data["gaps"]
    assert gap["monthly_value"] == 2_750 and gap["source"] == "assumption" and gap["suggested_target"] is True
    assert data["day_rate"] == 1_000 and data["payback_months"] > 0

    export = two_units()
    billing = export.write(tmp_path / "export.csv.gz", "csv.gz")
    code, _, err = run(capsys, "evidence", "import", path, billing, "--bu-column", "SubAccountName",
                       "--allocation-tags", "business_unit,cost_center")
    assert code == 0, err
    coverage = export.expected("Retail").commitment_coverage
    data = roadmap_json(capsys, path)
    (gap,) = data["gaps"]
    assert gap["source"] == "evidence"
    expected = 100_000 * max(0.0, 0.5 * max(0.0, 0.8 - coverage / 100) * 0.35 + 0.02 - 0.0275)
    assert gap["monthly_value"] == pytest.approx(expected, abs=0.01)

    with WorkshopFile.open(path) as file:
        file.set_setting("suggest_targets", False)
    data = roadmap_json(capsys, path)
    assert data["gaps"] == [] and data["items"] == []
    assert roadmap_json(capsys, path, "--no-suggested-targets")["gaps"] == []
