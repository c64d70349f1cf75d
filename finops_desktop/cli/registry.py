"""The command groups of ``finops-workshop``, one module each, in the order ``--help`` lists them.

Each module has ``register(sub)`` that adds its commands to the sub-parsers and imports heavy
libraries (matplotlib, openpyxl, DuckDB) only inside the command that needs them.
"""

from __future__ import annotations

import importlib
from typing import Any

GROUPS = (
    "workshop_commands",
    "business_unit_commands",
    "round_commands",
    "rating_commands",
    "assumption_commands",
    "vote_commands",
    "questionnaire",
    "show",
    "roadmap",
    "chart",
    "export",
    "evidence",
    "repair",
    "progress",
)


def register_all(sub: Any) -> None:
    for name in GROUPS:
        importlib.import_module(f"{__package__}.{name}").register(sub)
