"""The window never reaches into SQLite: it talks to the workshop file through storage's public API only."""

from __future__ import annotations

import ast
from pathlib import Path

UI = Path(__file__).resolve().parents[3] / "finops_desktop" / "ui"
SQLITE = {"sqlite3", "sqlite_utils"}


def imported_modules(source: str) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(("." * node.level) + node.module)
    return names


def test_no_ui_module_imports_sqlite() -> None:
    offenders = {}
    for path in sorted(UI.rglob("*.py")):
        found = {m for m in imported_modules(path.read_text(encoding="utf-8")) if m.split(".")[0] in SQLITE}
        if found:
            offenders[path.name] = sorted(found)
    assert offenders == {}


def test_ui_modules_use_only_the_public_storage_modules() -> None:
    public = {"..storage.workshop_file", "..storage.errors", "..storage.changes", "..storage.repair",
              "finops_desktop.storage.workshop_file", "finops_desktop.storage.errors",
              "finops_desktop.storage.changes"}
    offenders = {}
    for path in sorted(UI.rglob("*.py")):
        storage = {m for m in imported_modules(path.read_text(encoding="utf-8")) if "storage" in m}
        if storage - public:
            offenders[path.name] = sorted(storage - public)
    assert offenders == {}


def test_the_check_sees_an_import_inside_a_function() -> None:
    assert "sqlite3" in imported_modules("def f():\n    import sqlite3\n")
    assert "sqlite_utils.db" in imported_modules("from sqlite_utils.db import Database\n")
