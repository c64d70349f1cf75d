"""A killed process loses no edit it reported as made, and leaves a sound, unlocked file."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from finops_desktop.storage.workshop_file import WorkshopFile
from tests.helpers.workshops import make_workshop_file

pytestmark = pytest.mark.slow

WRITER = textwrap.dedent("""
    import sys
    from finops_desktop.domain.workshop import Rating
    from finops_desktop.storage.workshop_file import WorkshopFile

    stages = ["crawl", "walk", "run"]
    file = WorkshopFile.open(sys.argv[1])
    units = file.workshop.business_units
    dimensions = [d.id for d in file.workshop.model.dimensions]
    for n in range(100_000):
        bu = units[n % len(units)]
        dimension = dimensions[(n // len(units)) % len(dimensions)]
        note = f"edit {n}"
        file.set_rating(bu.id, dimension, Rating(stages[n % 3], note=note))
        print(f"{bu.id} {dimension} {stages[n % 3]} {n}", flush=True)
""")


def test_sigkill_during_edits_loses_nothing_reported(tmp_path: Path) -> None:
    path = make_workshop_file(tmp_path / "crash.finops", [(f"Unit {i}", 100.0, {}) for i in range(7)])
    process = subprocess.Popen([sys.executable, "-c", WRITER, str(path)], stdout=subprocess.PIPE, text=True)
    reported: dict[tuple[int, str], tuple[str, str]] = {}
    assert process.stdout is not None
    for line in process.stdout:
        bu_id, dimension, stage, n = line.split()
        reported[(int(bu_id), dimension)] = (stage, f"edit {n}")
        if int(n) >= 300:
            os.kill(process.pid, signal.SIGKILL)
            break
    process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL
    assert len(reported) == 7 * 6  # every cell was written at least once

    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
    # The lock died with the process: the file opens for editing at once.
    with WorkshopFile.open(path) as file:
        for (bu_id, dimension), (stage, note) in reported.items():
            rating = file.workshop.rating(bu_id, dimension)
            # The process may have committed one more edit than it reported, never fewer.
            later = int(rating.note.split()[1]) >= int(note.split()[1])
            assert (rating.current, rating.note) == (stage, note) or later
        history = file.rating_history()
        assert len(history) >= 301
