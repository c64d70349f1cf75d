"""Qt stays in the ui layer; the domain stays pure (see also the import-linter contracts)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "finops_desktop"
QT = {"PySide6", "shiboken6", "PyQt5", "PyQt6"}
DOMAIN_FORBIDDEN = QT | {"sqlite3", "sqlite_utils", "openpyxl", "matplotlib"}


def imported_roots(source: str, module: str) -> set[str]:
    """Top-level names a module imports, with relative imports resolved inside the package."""
    roots = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            roots |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = module.split(".")[: -node.level]
                target = ".".join(base + ([node.module] if node.module else []))
                roots.add(target.split(".")[1] if target.count(".") else target)
            elif node.module:
                roots.add(node.module.split(".")[0])
    return roots


def modules(layer: str) -> list[Path]:
    return sorted((PACKAGE / layer).rglob("*.py"))


@pytest.mark.parametrize("layer", ["domain", "storage", "charts", "export"])
def test_no_qt_below_the_ui(layer: str) -> None:
    offenders = [str(p.relative_to(PACKAGE)) for p in modules(layer)
                 if imported_roots(p.read_text(encoding="utf-8"), f"finops_desktop.{layer}.{p.stem}") & QT]
    assert offenders == []


def test_domain_imports_no_storage_charts_excel_or_ui() -> None:
    offenders = []
    for path in modules("domain"):
        roots = imported_roots(path.read_text(encoding="utf-8"), f"finops_desktop.domain.{path.stem}")
        if roots & (DOMAIN_FORBIDDEN | {"storage", "ui", "charts", "export"}):
            offenders.append(path.name)
    assert offenders == []


def test_the_check_finds_a_qt_import() -> None:
    assert "PySide6" in imported_roots("from PySide6.QtCore import QObject\n", "finops_desktop.domain.x")
    assert "ui" in imported_roots("from ..ui import main_window\n", "finops_desktop.domain.x")
    assert "sqlite3" in imported_roots("def f():\n    import sqlite3\n", "finops_desktop.domain.x")
