"""The open workshop: its header, then the Assess, Business units and Charts tabs."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from .assess_view import AssessView
from .charts_tab import ChartsTab
from .context import ApplicationContext
from .fonts import set_relative_font
from .room_now import RoomNowBar
from .workshop_header import WorkshopHeader

if TYPE_CHECKING:
    from .business_units_panel import BusinessUnitsPanel

ASSESS_TAB, BUSINESS_UNITS_TAB, CHARTS_TAB = range(3)


class Workspace(QWidget):
    def __init__(self, context: ApplicationContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("workspace")
        self._context = context
        self.header = WorkshopHeader(context)
        self.assess = AssessView(context)
        # The Business units tab is built the first time it is shown or used (see business_units).
        self._business_units: BusinessUnitsPanel | None = None
        self._business_units_page = QWidget()
        self._business_units_layout = QVBoxLayout(self._business_units_page)
        self._business_units_layout.setContentsMargins(0, 0, 0, 0)
        self.charts = ChartsTab(context)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("workspaceTabs")
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.assess, "&Assess")
        self.tabs.addTab(self._business_units_page, "&Business units")
        self.tabs.addTab(self.charts, "C&harts")
        set_relative_font(self.tabs.tabBar(), 1.1, bold=True)
        # Beside the tabs, always in sight: who is in the room now.
        self.room_now = RoomNowBar(context)
        self.tabs.setCornerWidget(self.room_now, Qt.Corner.TopRightCorner)
        self.tabs.currentChanged.connect(self._tab_changed)
        self.assess.add_business_unit_requested.connect(self.add_business_unit)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.header)
        layout.addWidget(self.tabs, 1)

    @property
    def business_units(self) -> BusinessUnitsPanel:
        """The Business units tab, built when first needed."""
        if self._business_units is None:
            from .business_units_panel import BusinessUnitsPanel

            self._business_units = BusinessUnitsPanel(self._context)
            self._business_units_layout.addWidget(self._business_units)
            self._business_units.show()  # at once if the tab is on screen, else with the tab
        return self._business_units

    def _tab_changed(self, index: int) -> None:
        if index == BUSINESS_UNITS_TAB:
            self.business_units  # noqa: B018 - built on first show
        if index == CHARTS_TAB:
            self.charts.ensure_loaded()
        self.assess.detail.commit_pending()
        if index == ASSESS_TAB and self.assess.grid.isVisible():
            self.assess.grid.setFocus(Qt.FocusReason.OtherFocusReason)  # the keys rate at once

    def show_tab(self, index: int) -> None:
        if index == BUSINESS_UNITS_TAB:
            self.business_units  # noqa: B018 - built before its tab shows
        self.tabs.setCurrentIndex(index)
        widget = self.tabs.currentWidget()
        if index == ASSESS_TAB:
            self.assess.grid.setFocus()
        elif index == BUSINESS_UNITS_TAB:
            self.business_units.table.setFocus()
        elif widget is not None:
            widget.setFocus()

    def add_business_unit(self) -> None:
        """Add a business unit from anywhere; on the Assess tab its first cell is selected."""
        bu_id = self.business_units.add_business_unit()
        if bu_id is None:
            return
        if self.tabs.currentIndex() == ASSESS_TAB:
            model = self._context.workshop.model if self._context.workshop else None
            if model and model.dimensions:
                self.assess.select_cell(bu_id, model.dimensions[0].id)
                self.assess.grid.setFocus()
