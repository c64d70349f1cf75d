"""The Charts tab: hosts the charts view, loaded the first time the tab is shown.

The charts need matplotlib, which takes about a second to import; the window must show
long before that, so nothing here imports it until the room asks for the charts.
"""

from __future__ import annotations

import importlib
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from ..storage.workshop_file import WorkshopFile
from .context import ApplicationContext
from .fonts import set_relative_font

CHARTS_MODULE = "finops_desktop.ui.charts_view"


class ChartsTab(QWidget):
    def __init__(self, context: ApplicationContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self.view: Any = None
        self.placeholder = QLabel("The charts appear here.")
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setWordWrap(True)
        set_relative_font(self.placeholder, 1.2)
        self._layout = QVBoxLayout(self)
        self._layout.addWidget(self.placeholder)
        context.file_changed.connect(self._file_changed)
        context.round_changed.connect(self._round_changed)

    def ensure_loaded(self) -> None:
        """Create the charts view (importing matplotlib) unless that was done already."""
        if self.view is not None:
            return
        from .chart_warmup import charts_loading

        charts_loading()  # a warm-up under way imports the same modules: let it finish, and start none after
        try:
            module = importlib.import_module(CHARTS_MODULE)
        except ImportError as exc:
            missing = getattr(exc, "name", "") or ""
            self.placeholder.setText("The charts are not available in this version of the app."
                                     if missing == CHARTS_MODULE else
                                     f"The charts cannot be shown: {exc}.")
            return
        self.view = module.ChartsView(self)
        self._layout.removeWidget(self.placeholder)
        self.placeholder.hide()
        self._layout.addWidget(self.view)
        self.view.set_file(self._context.file)
        self.view.follow_round(self._context.round_id)

    def _round_changed(self, round_id: int) -> None:
        """The chart shows the round the window shows (the round compared with is the chart's own)."""
        if self.view is not None:
            self.view.follow_round(round_id)

    def _file_changed(self, file: WorkshopFile | None) -> None:
        if self.view is not None:
            self.view.set_file(file)
            self.view.follow_round(self._context.round_id)
