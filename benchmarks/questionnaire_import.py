"""How long the pre-work questionnaire takes: writing 50 workbooks, and importing them back as votes.

Run: ``.venv/bin/python -m benchmarks.questionnaire_import [--units 40] [--participants 50] [--runs 3]``.
A seeded workshop of ``--units`` business units; half the participants belong to one unit,
half answer for every unit; each answers every row (seeded), filled in with openpyxl. The
import is timed from the list of workbooks to the votes written (read, checked, one
transaction), each run into a fresh copy of the workshop; the read alone is timed apart.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import time
from pathlib import Path
from typing import Any

import openpyxl

from benchmarks.timing import scratch_folder, summary
from finops_desktop.domain.workshop import WorkshopInfo
from finops_desktop.export.questionnaire import FIRST_ROW, file_name, targets, write_questionnaire
from finops_desktop.export.questionnaire_reader import import_questionnaires, read_questionnaire
from finops_desktop.storage.workshop_file import WorkshopFile
from tests.helpers.workshops import default_model


def build(folder: Path, units: int, participants: int) -> tuple[Path, list[Path], float]:
    """The workshop, the filled workbooks, and the seconds writing the blank workbooks took."""
    path = folder / "questionnaire.finops"
    model = default_model()
    with WorkshopFile.create(path, WorkshopInfo("Benchmark"), model) as file, file.batch():
        ids = [file.add_business_unit(f"Unit {n:03d}", monthly_spend=1000.0 * n).id for n in range(1, units + 1)]
        for n in range(participants):
            file.add_participant(f"Participant {n:02d}", role="Engineering",
                                 bu_id=ids[n % units] if n % 2 == 0 else None)
    with WorkshopFile.open(path, read_only=True) as file:
        workshop, uid = file.workshop, file.workshop_uid
    out = folder / "sent"
    out.mkdir()
    start = time.perf_counter()
    books = []
    for target in targets(workshop, workshop.votes.participants):
        book = out / file_name(target.participant)
        write_questionnaire(workshop, uid, target, book)
        books.append(book)
    written = time.perf_counter() - start
    rng = random.Random(16)
    stages = [s.name for s in model.stages]
    for book in books:
        wb = openpyxl.load_workbook(book)
        for ws in wb.worksheets[1:-1]:
            for row in range(FIRST_ROW, FIRST_ROW + len(model.dimensions)):
                ws.cell(row, 3).value = rng.choice(stages)
                ws.cell(row, 4).value = rng.choice(("low", "medium", "high", None))
        wb.save(book)
    return path, books, written


def measure(units: int = 40, participants: int = 50, runs: int = 3) -> dict[str, Any]:
    with scratch_folder() as scratch:
        folder = Path(scratch)
        path, books, written = build(folder, units, participants)
        with WorkshopFile.open(path, read_only=True) as file:
            workshop, uid = file.workshop, file.workshop_uid
        reads, imports, result = [], [], None
        for run in range(runs):
            start = time.perf_counter()
            for book in books:
                read_questionnaire(book, workshop, uid)
            reads.append(time.perf_counter() - start)
            copy = folder / f"copy-{run}.finops"
            shutil.copy(path, copy)
            with WorkshopFile.open(copy) as file:
                start = time.perf_counter()
                result = import_questionnaires(file, books)
                imports.append(time.perf_counter() - start)
        return {"units": units, "participants": participants, "export_all": written, "read_all": summary(reads),
                "import_all": summary(imports), "summary": str(result)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--units", type=int, default=40)
    parser.add_argument("--participants", type=int, default=50)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    print(json.dumps(measure(args.units, args.participants, args.runs), indent=2))


if __name__ == "__main__":
    main()
