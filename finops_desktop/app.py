"""Start the desktop app: ``finops-desktop [FILE]``."""

from __future__ import annotations

import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    from PySide6.QtWidgets import QApplication, QLabel

    args = list(sys.argv[1:] if argv is None else argv)
    app = QApplication.instance() or QApplication([sys.argv[0]])
    window = QLabel("FinOps Maturity Workshop" + (f"\n{args[0]}" if args else ""))
    window.resize(800, 600)
    window.show()
    return app.exec()
