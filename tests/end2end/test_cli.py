"""``finops-workshop``: every command's effect shows in ``show --json``; errors are one line, exit 2."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers.commands import digest, run


def show(capsys: pytest.CaptureFixture[str], path: Path) -> dict:
    code, out, err = run(capsys, "show", path, "--json")
    assert code == 0, err
    return json.loads(out)



def test_new_bu_rate_show_round_trip(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "acme.finops"
    assert run(capsys, "new", path, "--client", "Acme", "--facilitator", "Sam")[0] == 0
    assert run(capsys, "bu", "add", path, "Retail", "--spend", "1000", "--owner", "Ana")[0] == 0
    assert run(capsys, "bu", "add", path, "Payments", "--spend", "3000")[0] == 0
    assert run(capsys, "bu", "add", path, "Lab")[0] == 0
    assert run(capsys, "rate", path, "--bu", "Retail", "--dimension", "tagging_coverage", "--stage", "crawl",
               "--target", "walk", "--note", "40% tagged", "--confidence", "high")[0] == 0
    assert run(capsys, "rate", path, "--bu", "payments", "--dimension", "tagging_coverage", "--stage", "run")[0] == 0
    assert run(capsys, "rate", path, "--bu", "Lab", "--dimension", "commitment_strategy", "--stage", "na")[0] == 0
    assert run(capsys, "bu", "rename", path, "Lab", "Innovation Lab")[0] == 0

    data = show(capsys, path)
    assert data["client"] == "Acme" and data["facilitator"] == "Sam"
    assert data["model"] == {"id": "finops-crawl-walk-run", "version": "2.0.0",
                             "name": "FinOps maturity: Crawl, Walk, Run"}
    assert [r["name"] for r in data["rounds"]] == ["Baseline"]
    units = {bu["name"]: bu for bu in data["business_units"]}
    assert list(units) == ["Retail", "Payments", "Innovation Lab"]
    assert units["Retail"]["monthly_spend"] == 1000 and units["Retail"]["owner"] == "Ana"
    assert units["Innovation Lab"]["monthly_spend"] is None
    tagging = units["Retail"]["ratings"]["tagging_coverage"]
    assert {k: tagging[k] for k in ("current", "target", "confidence", "note")} == {
        "current": "crawl", "target": "walk", "confidence": "high", "note": "40% tagged"}
    assert units["Innovation Lab"]["ratings"]["commitment_strategy"]["current"] == "na"
    assert units["Retail"]["ratings"]["anomaly_detection"]["current"] is None
    assert data["aggregate"]["tagging_coverage"] == {"mean": 2.5, "min": 1, "max": 3, "assessed": 2,
                                                     "not_applicable": 0}
    assert data["aggregate"]["commitment_strategy"]["mean"] is None

    # Changing one field keeps the others; "none" marks the cell not assessed, which clears its target
    # as the window's "Mark not assessed" does, unless a target comes with it.
    assert run(capsys, "rate", path, "--bu", "Retail", "--dimension", "tagging_coverage", "--stage", "none")[0] == 0
    tagging = show(capsys, path)["business_units"][0]["ratings"]["tagging_coverage"]
    assert (tagging["current"], tagging["target"], tagging["note"]) == (None, None, "40% tagged")
    assert run(capsys, "rate", path, "--bu", "Retail", "--dimension", "tagging", "--stage", "none",
               "--target", "walk")[0] == 0
    tagging = show(capsys, path)["business_units"][0]["ratings"]["tagging_coverage"]
    assert (tagging["current"], tagging["target"]) == (None, "walk")

    assert run(capsys, "bu", "remove", path, "Payments")[0] == 0
    assert [bu["name"] for bu in show(capsys, path)["business_units"]] == ["Retail", "Innovation Lab"]


def test_demo_is_realistic(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "demo.finops"
    assert run(capsys, "demo", path)[0] == 0
    data = show(capsys, path)
    units = data["business_units"]
    assert len(units) >= 5 and all(bu["monthly_spend"] for bu in units)
    stages_per_unit = [{r["current"] for r in bu["ratings"].values()} for bu in units]
    assert any({"run", "crawl"} <= stages for stages in stages_per_unit), "some unit is Run and Crawl at once"
    assert any(r["target"] for bu in units for r in bu["ratings"].values())
    assert any(r["note"] for bu in units for r in bu["ratings"].values())


def test_models_lists_the_default_model(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "models")
    assert code == 0
    assert "finops-crawl-walk-run" in out and "commitment_strategy" in out


def test_readable_show(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "demo.finops"
    run(capsys, "demo", path)
    code, out, _ = run(capsys, "show", path)
    assert code == 0
    assert "Northwind Financial Group" in out and "Crawl -> Walk" in out and "N/A" in out


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["rate", "{f}", "--bu", "Nobody", "--dimension", "tagging_coverage", "--stage", "run"], "no business unit"),
        (["rate", "{f}", "--bu", "Retail", "--dimension", "vibes", "--stage", "run"], "unknown dimension"),
        (["rate", "{f}", "--bu", "Retail", "--dimension", "tagging_coverage", "--stage", "jog"], "unknown stage"),
        (["rate", "{f}", "--bu", "Retail", "--dimension", "tagging_coverage", "--confidence", "total"],
         "the confidence is one of low, medium, high"),
        (["bu", "add", "{f}", "Retail"], "already exists"),
        (["bu", "add", "{f}", "New", "--spend", "-5"], "cannot be negative"),
        (["bu", "add", "{f}", "  "], "must not be empty"),
        (["bu", "rename", "{f}", "Nobody", "X"], "no business unit"),
        (["bu", "remove", "{f}", "Nobody"], "no business unit"),
        (["new", "{f}", "--client", "Again"], "already exists"),
        (["new", "{d}/other.finops", "--client", "X", "--model", "nope"], "no model 'nope'"),
        (["show", "{f}", "--round", "Never"], "no round named"),
        (["frobnicate"], "invalid choice"),
    ],
)
def test_errors_are_one_line_exit_2_and_change_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                       args: list[str], words: str) -> None:
    path = tmp_path / "w.finops"
    run(capsys, "new", path, "--client", "Acme")
    run(capsys, "bu", "add", path, "Retail")
    before = digest(path)
    code, _out, err = run(capsys, *[a.format(f=path, d=tmp_path) for a in args])
    assert code == 2
    assert err.startswith("error: ") and err.count("\n") == 1 and words in err
    assert "Traceback" not in err
    assert digest(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["w.finops"]


@pytest.mark.parametrize(
    ("content", "words"),
    [(b"\x00\x01garbage" * 100, "not a SQLite database"), (b"", "empty"), (b"hello\n", "not a SQLite database")],
)
def test_bad_files_in_every_command(tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes,
                                    words: str) -> None:
    path = tmp_path / "bad.finops"
    path.write_bytes(content)
    for args in (["show", path], ["bu", "add", path, "X"],
                 ["rate", path, "--bu", "X", "--dimension", "tagging_coverage", "--stage", "run"]):
        code, _, err = run(capsys, *args)
        assert code == 2 and words in err and err.count("\n") == 1
    assert path.read_bytes() == content


def test_a_file_written_by_one_process_reads_the_same_in_another(tmp_path: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "shared.finops"
    exe = [sys.executable, "-m", "finops_desktop.cli"]
    subprocess.run([*exe, "demo", str(path)], check=True, capture_output=True)
    subprocess.run([*exe, "rate", str(path), "--bu", "Payments", "--dimension", "anomaly_detection", "--stage",
                    "run", "--note", "ML alerts since June ✓"], check=True, capture_output=True)
    other = subprocess.run([*exe, "show", str(path), "--json"], check=True, capture_output=True, text=True)
    assert json.loads(other.stdout) == show(capsys, path)
    payments = next(bu for bu in json.loads(other.stdout)["business_units"] if bu["name"] == "Payments")
    assert payments["ratings"]["anomaly_detection"]["note"] == "ML alerts since June ✓"


def test_subprocess_error_has_no_traceback(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "finops_desktop.cli", "show", str(tmp_path / "none.finops")],
                            capture_output=True, text=True)
    assert result.returncode == 2
    assert result.stderr.startswith("error: ") and "no such file" in result.stderr
    assert result.stderr.count("\n") == 1


def test_output_cut_short_by_the_reader_is_no_error(tmp_path: Path) -> None:
    path = tmp_path / "demo.finops"
    exe = [sys.executable, "-m", "finops_desktop.cli"]
    subprocess.run([*exe, "demo", str(path)], check=True, capture_output=True)
    producer = subprocess.Popen([*exe, "show", str(path), "--json"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert producer.stdout is not None and producer.stderr is not None
    producer.stdout.read(10)
    producer.stdout.close()  # like `| head -c 10`
    stderr = producer.stderr.read().decode()
    assert producer.wait(timeout=30) == 0
    assert "Traceback" not in stderr


def test_a_reader_gone_before_the_last_flush_is_no_error_either(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """The output a command leaves in its buffer is written before it returns, where a reader gone is
    handled, and not as Python exits, where it would make the exit status 120."""
    import io
    import os

    from finops_desktop.cli import main

    path = tmp_path / "demo.finops"
    assert main(["demo", str(path)]) == 0
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader has gone
    gone = io.TextIOWrapper(io.BufferedWriter(io.FileIO(write_end, "w"), buffer_size=1 << 20), encoding="utf-8")
    monkeypatch.setattr(sys, "stdout", gone)
    try:
        assert main(["show", str(path)]) == 0
        gone.flush()  # what Python does as it exits: nothing is left to fail
    finally:
        monkeypatch.undo()
        gone.close()


def test_waste_assumptions_are_edited_per_workshop_and_reset(tmp_path: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "w.finops"
    run(capsys, "new", path, "--client", "Acme")
    model_figure = show(capsys, path)["waste_assumptions"]["commitment_strategy"]["crawl"]
    assert model_figure["edited"] is False and 0 < model_figure["share"] < 1 and model_figure["reasoning"]

    assert run(capsys, "assumption", path, "--dimension", "commitment_strategy", "--stage", "crawl",
               "--share", "22.5%", "--reasoning", "Mostly steady workloads on demand")[0] == 0
    edited = show(capsys, path)["waste_assumptions"]["commitment_strategy"]["crawl"]
    assert edited == {"share": 0.225, "reasoning": "Mostly steady workloads on demand", "edited": True}

    assert run(capsys, "assumption", path, "--dimension", "commitment_strategy", "--stage", "crawl",
               "--reset")[0] == 0
    assert show(capsys, path)["waste_assumptions"]["commitment_strategy"]["crawl"] == model_figure


@pytest.mark.parametrize(
    ("args", "words"),
    [(["--dimension", "vibes", "--stage", "crawl", "--share", "5"], "unknown dimension 'vibes'"),
     (["--dimension", "commitment_strategy", "--stage", "jog", "--reset"], "unknown stage 'jog'"),
     (["--dimension", "commitment_strategy", "--stage", "crawl", "--share", "120"], "between 0 and 100"),
     (["--dimension", "commitment_strategy", "--stage", "crawl", "--share", "lots"], "must be a number of percent"),
     (["--dimension", "commitment_strategy", "--stage", "crawl"], "one of the arguments")],
)
def test_bad_assumption_edits_are_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str],
                                         words: str) -> None:
    path = tmp_path / "w.finops"
    run(capsys, "new", path, "--client", "Acme")
    before = digest(path)
    code, _, err = run(capsys, "assumption", path, *args)
    assert code == 2 and words in err and err.count("\n") == 1
    assert digest(path) == before
