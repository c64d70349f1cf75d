"""A workshop file whose copy of the model holds a number no figure can have is refused with one clear line.

Before, a share of 401 digits made opening the file raise OverflowError, one of 5,000 digits quoted
Python's advice, and ``inf`` in a band or an enabler's weight was taken as a figure.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from finops_desktop.storage.errors import CorruptFile
from finops_desktop.storage.repair import repair
from finops_desktop.storage.workshop_file import WorkshopFile
from tests.helpers.commands import digest
from tests.helpers.workshops import make_workshop_file

# (the text of the model replaced, its replacement, the field named)
CRAFTED = {
    "a share of 401 digits": ("crawl = { share = 0.5,", "crawl = { share = 1" + "0" * 400 + ",",
                              "dimensions[0].capture.crawl.share"),
    "a share of 5,000 digits": ("crawl = { share = 0.5,", "crawl = { share = " + "9" * 5000 + ",",
                                "dimensions[0].capture.crawl.share"),
    "a band of inf": ('{ stage = "run", low = 90 }', '{ stage = "run", low = inf }',
                      "dimensions[1].indicators[0].bands[2].low"),
    "a band of nan": ('{ stage = "run", low = 90 }', '{ stage = "run", low = nan }',
                      "dimensions[1].indicators[0].bands[2].low"),
    "an enabler's weight of 1e999": ('dimension = "cost_visibility"\n\n[[enablers]]',
                                     'dimension = "cost_visibility"\nweight = 1e999\n\n[[enablers]]',
                                     "enablers[0].weight"),
    "a format of 401 digits": ("format = 2", "format = 2" + "0" * 400, "format"),
}


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    return make_workshop_file(tmp_path / "received.finops",
                              [("Retail", 1000.0, {"tagging_coverage": ("crawl", "walk")})])


def craft_model(path: Path, old: str, new: str) -> None:
    conn = sqlite3.connect(path)
    (definition,) = conn.execute("SELECT definition FROM model").fetchone()
    assert old in definition
    conn.execute("UPDATE model SET definition = ?", (definition.replace(old, new, 1),))
    conn.commit()
    conn.close()


@pytest.mark.parametrize("read_only", [True, False])
@pytest.mark.parametrize("name", CRAFTED)
def test_a_model_copy_with_a_number_no_figure_can_have_is_refused_on_open(sample: Path, name: str,
                                                                          read_only: bool) -> None:
    old, new, field = CRAFTED[name]
    craft_model(sample, old, new)
    before, files = digest(sample), sorted(p.name for p in sample.parent.iterdir())
    with pytest.raises(CorruptFile) as caught:
        WorkshopFile.open(sample, read_only=read_only)
    message = str(caught.value)
    assert message.startswith(f"{sample}: the model stored in the file is damaged: received.finops (its copy of "
                              f"model 'finops-crawl-walk-run'), line "), message
    assert f": {field}: " in message and "\n" not in message and len(message) < 400
    assert "set_int_max_str_digits" not in message
    assert digest(sample) == before and sorted(p.name for p in sample.parent.iterdir()) == files


@pytest.mark.parametrize("name", ["a share of 401 digits", "a share of 5,000 digits", "a band of inf"])
def test_a_clean_copy_of_such_a_file_uses_the_apps_own_model_and_says_why(sample: Path, name: str) -> None:
    old, new, _ = CRAFTED[name]
    craft_model(sample, old, new)
    out = sample.with_name("clean.finops")
    report = repair(sample, out)
    assert any(line.startswith("the file's copy of its model (") and "number" in line
               and line.endswith("the app's own model 'finops-crawl-walk-run' is used") for line in report.dropped)
    with WorkshopFile.open(out) as clean:
        unit = clean.workshop.business_units[0]
        assert clean.workshop.rating(unit.id, "tagging_coverage").current == "crawl"
