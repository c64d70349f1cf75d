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
    from .roadmap_view import RoadmapView

ASSESS_TAB, BUSINESS_UNITS_TAB, CHARTS_TAB, ROADMAP_TAB = range(4)


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
        # The Roadmap tab, like Business units, is built the first time it is shown (see roadmap).
        self._roadmap: RoadmapView | None = None
        self._roadmap_page = QWidget()
        self._roadmap_layout = QVBoxLayout(self._roadmap_page)
        self._roadmap_layout.setContentsMargins(0, 0, 0, 0)
        self.tabs.addTab(self._roadmap_page, "&Roadmap")
        set_relative_font(self.tabs.tabBar(), 1.1, bold=True)
        # Every tab in sight at any text size: a title too long for the room ends in "…" (no scroll arrows).
        self.tabs.tabBar().setUsesScrollButtons(False)
        self.tabs.tabBar().setElideMode(Qt.TextElideMode.ElideRight)
        # Beside the tabs, always in sight: who is in the room now (it gives way to the tab titles).
        self.room_now = RoomNowBar(context)
        self.room_now.place_beside(self.tabs)
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

    @property
    def roadmap(self) -> RoadmapView:
        """The Roadmap tab, built when first needed."""
        if self._roadmap is None:
            from .roadmap_view import RoadmapView

            self._roadmap = RoadmapView(self._context)
            self._roadmap.cells_requested.connect(self.select_cells)
            self._roadmap_layout.addWidget(self._roadmap)
            self._roadmap.show()
        return self._roadmap

    def _tab_changed(self, index: int) -> None:
        if index == BUSINESS_UNITS_TAB:
            self.business_units  # noqa: B018 - built on first show
        if index == CHARTS_TAB:
            self.charts.ensure_loaded()
        if index == ROADMAP_TAB:
            self.roadmap  # noqa: B018 - built on first show
        self.assess.detail.commit_pending()
        if index == ASSESS_TAB and self.assess.grid.isVisible():
            self.assess.grid.setFocus(Qt.FocusReason.OtherFocusReason)  # the keys rate at once

    def show_tab(self, index: int) -> None:
        if index == BUSINESS_UNITS_TAB:
            self.business_units  # noqa: B018 - built before its tab shows
        if index == ROADMAP_TAB:
            self.roadmap  # noqa: B018 - built before its tab shows
        self.tabs.setCurrentIndex(index)
        widget = self.tabs.currentWidget()
        if index == ASSESS_TAB:
            self.assess.grid.setFocus()
        elif index == BUSINESS_UNITS_TAB:
            self.business_units.table.setFocus()
        elif widget is not None:
            widget.setFocus()

    def select_cells(self, cells: list[tuple[int, str]]) -> None:
        """Show the Assess tab with these (unit id, dimension id) cells selected, the first one current."""
        self.show_tab(ASSESS_TAB)
        grid = self.assess.grid
        self.assess.select_cell(*cells[0])
        flag = grid.selectionModel().SelectionFlag.Select
        for bu_id, dimension_id in cells[1:]:
            grid.selectionModel().select(self.assess.grid_model.index_of(bu_id, dimension_id), flag)

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
