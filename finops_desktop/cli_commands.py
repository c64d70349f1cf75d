"""The command groups beyond the workshop file itself, each registered from its own module.

A registrar takes the ``finops-workshop`` sub-parser collection and adds its commands; it
imports heavy libraries (matplotlib, openpyxl) only inside the command it runs.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

REGISTRARS: list[Callable[[Any], None]] = []
REGISTRARS.append(lambda sub: __import__(f"{__package__}.cli_roadmap", fromlist=["register"]).register(sub))
REGISTRARS.append(lambda sub: __import__(f"{__package__}.cli_chart", fromlist=["register"]).register(sub))
REGISTRARS.append(lambda sub: __import__(f"{__package__}.cli_export", fromlist=["register"]).register(sub))
