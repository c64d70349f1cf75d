"""A fixed corpus of mangled workshop files: byte flips, truncations, schema edits and value edits.

The same seed always gives the same files, so a failure found once is found again.
"""

from __future__ import annotations

import random
import sqlite3
from pathlib import Path

from finops_desktop.domain.workshop import Rating
from finops_desktop.storage.workshop_file import WorkshopFile
from tests.helpers.workshops import make_workshop_file

SEED = 20261201

SCHEMA_EDITS = (
    "CREATE TRIGGER t AFTER UPDATE ON ratings BEGIN UPDATE workshop SET client = 'x'; END",
    "CREATE TRIGGER t AFTER INSERT ON business_units BEGIN INSERT INTO business_units (name, position) "
    "VALUES (hex(randomblob(8)), 0); END",
    "CREATE VIEW v AS SELECT * FROM ratings",
    "CREATE INDEX i ON ratings (note || current)",
    "CREATE INDEX i ON business_units (notes) WHERE notes <> ''",
    "ALTER TABLE business_units ADD COLUMN g TEXT GENERATED ALWAYS AS (printf('%.*c', 1000000, 'x')) VIRTUAL",
    "ALTER TABLE ratings ADD COLUMN extra TEXT",
    "CREATE TABLE extra (x)",
    "DROP INDEX idx_business_units_name",
    "DROP TABLE waste_assumptions",
    "DROP TABLE settings",
    "DROP TRIGGER rating_history_no_update",
    "ALTER TABLE rounds RENAME TO r2",
    "PRAGMA journal_mode = WAL",
    "PRAGMA user_version = 1",
    "PRAGMA user_version = 2",
    "PRAGMA user_version = 0",
    "PRAGMA user_version = 99",
    "PRAGMA application_id = 7",
    "DELETE FROM rounds",
    "DELETE FROM model",
    "DELETE FROM workshop",
    "DELETE FROM _sqlite_migrations",
)

COLUMNS = {
    "workshop": ("client", "date", "facilitator", "currency", "created_at"),
    "model": ("model_id", "version", "name", "definition"),
    "business_units": ("name", "position", "monthly_spend", "owner", "notes", "annual_growth", "id"),
    "rounds": ("name", "created_at", "id"),
    "ratings": ("current", "target", "confidence", "note", "participants", "indicators", "updated_at",
                "dimension_id", "bu_id", "round_id"),
    "waste_assumptions": ("share", "reasoning", "stage", "dimension_id"),
    "settings": ("value", "key"),
}

VALUES = (
    "NULL", "X'FF'", "X'00'", "''", "' '", "'text'", "-1", "0", "1e999", "-1e999", "9223372036854775807",
    "0.5", "1e300", "'NaN'", "'{\"forecast_variance\": NaN}'", "'{\"forecast_variance\": 1e999}'",
    "'{\"forecast_variance\": \"x\"}'", "'[1, 2]'", "printf('%.*c', 5000, '[')", "printf('%.*c', 200000, 'x')",
    "'Re' || char(8203) || 'tail'", "'Retail' || char(65534)", "'a' || char(27) || '[2J'",
    "'a' || char(8238) || 'b'", "CAST(X'C328' AS TEXT)", "'walk'", "'na'", "'high'", "'2026-13-45'",
    "'Retail'", "'format = 1'", "'x = ' || printf('%.*c', 3000, '[')",
)


def base_file(folder: Path) -> Path:
    """A workshop with every kind of row: units, ratings with indicators, two rounds, a waste figure, a setting."""
    path = make_workshop_file(folder / "base.finops", [
        ("Retail", 1000.0, {"tagging_coverage": ("crawl", "walk"), "cost_visibility": ("walk", "run")}),
        ("Payments", 2500.0, {"tagging_coverage": ("run", None)}),
        ("Lab", None, {"commitment_strategy": ("na", None)}),
    ])
    with WorkshopFile.open(path) as file:
        retail = file.workshop.business_units[0].id
        file.set_rating(retail, "cost_visibility", Rating("walk", "run", note="40% in reports",
                                                          indicators=(("forecast_variance", 12.5),)))
        file.set_waste_assumption("tagging_coverage", "crawl", 0.2, "untagged spend")
        file.add_round("Follow-up")
        file.update_business_unit(retail, notes="Owner: Ana")
    return path


def mutate(path: Path, rng: random.Random) -> str:
    """Mangle the file at ``path`` in one of four ways; returns what was done (shown when a case fails)."""
    kind = rng.choice(("flip", "flip", "truncate", "schema", "value", "value"))
    if kind == "flip":
        data = bytearray(path.read_bytes())
        flips = []
        for _ in range(rng.randint(1, 6)):
            position = rng.randrange(min(len(data), 16384)) if rng.random() < 0.7 else rng.randrange(len(data))
            data[position] ^= 1 << rng.randrange(8)
            flips.append(position)
        path.write_bytes(bytes(data))
        return f"flipped bits at {flips}"
    if kind == "truncate":
        data = path.read_bytes()
        size = rng.choice((0, rng.randrange(1, 100), rng.randrange(100, len(data))))
        path.write_bytes(data[:size])
        return f"truncated to {size} bytes"
    statement = rng.choice(SCHEMA_EDITS) if kind == "schema" else _value_edit(rng)
    conn = sqlite3.connect(path)
    try:
        conn.execute(statement)
        conn.commit()
    except sqlite3.Error as exc:
        return f"{statement} (refused by SQLite: {exc})"
    finally:
        conn.close()
    return statement


def _value_edit(rng: random.Random) -> str:
    table = rng.choice(sorted(COLUMNS))
    column = rng.choice(COLUMNS[table])
    return f"UPDATE {table} SET {column} = {rng.choice(VALUES)}"


def build_corpus(folder: Path, count: int) -> list[tuple[Path, str]]:
    """``count`` mangled files in ``folder``, each in its own sub-folder (so companion files can be seen)."""
    rng = random.Random(SEED)
    base = base_file(folder)
    cases = []
    for index in range(count):
        case = folder / f"case{index:03d}"
        case.mkdir()
        path = case / "w.finops"
        path.write_bytes(base.read_bytes())
        cases.append((path, mutate(path, rng)))
    return cases
