"""The Roadmap tab: the plan the client pays for, on screen — the headline, the waves, each step, the traps.

The roadmap is planned again after every change to the workshop, off the hot path: changes
are coalesced by a zero-delay timer, and a hidden tab only notes that it is stale and plans
when it is next shown. Steps the client reports done in the tracker are left out, as in the
export. Selecting a step shows what it is, what it needs first and the gaps it closes;
selecting a diagnostic asks for its cells to be selected in the grid.
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from PySide6.QtCore import QModelIndex, QSortFilterProxyModel, Qt, QTimer, Signal
from PySide6.QtGui import QResizeEvent, QShowEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QTextBrowser,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from ..domain.labels import format_money, stage_label
from ..domain.progress import done_steps
from ..domain.record import record
from ..domain.roadmap import Diagnostic, Roadmap, RoadmapItem
from ..domain.value_pools import EVIDENCE, INDICATOR
from ..domain.workshop import Workshop
from ..storage.changes import Change
from ..storage.workshop_file import WorkshopFile
from .context import ApplicationContext
from .elided import ElidedComboBox
from .fonts import set_relative_font

COLUMNS = ("Step", "Business units", "Owner role", "Effort", "KPI → target", "Unlocks")
#: The roadmap item (or, on a wave's row, ``None``) behind a row of the model.
ITEM_ROLE = Qt.ItemDataRole.UserRole + 1
ALL = "All"
#: Widths of the columns after the step's, in average characters (the step takes the rest).
#: 0: fitted to the contents.
_COLUMN_CHARACTERS = (22, 18, 0, 24, 0)
#: The least share of the table's width the step's title gets.
_STEP_SHARE = 0.36


@record
class Filters:
    """What the room narrows the roadmap to; ``None`` shows all."""

    business_unit: str | None = None
    dimension_id: str | None = None
    wave: str | None = None

    def keeps(self, item: RoadmapItem) -> bool:
        return ((self.business_unit is None or self.business_unit in item.business_units)
                and (self.dimension_id is None or item.dimension_id == self.dimension_id)
                and (self.wave is None or item.wave == self.wave))


#: No filter: the whole roadmap.
ALL_STEPS = Filters()


def money_text(amount: float, currency: str) -> str:
    if amount <= 0:
        return "—"
    return format_money(amount, currency)


def effort_text(item: RoadmapItem) -> str:
    low, high = item.effort_days
    days = "" if not high else (f"{low} d" if low == high else f"{low}–{high} d")
    return f"{item.effort} · {days}" if item.effort and days else (item.effort or days)


def wave_savings(roadmap: Roadmap) -> dict[str, float]:
    """What each wave adds to the monthly savings (the stages reached by its end), counting each gap once."""
    added: dict[str, float] = {}
    before = 0.0
    for money in roadmap.money_by_wave:
        added[money.wave] = max(money.monthly_run_rate - before, 0.0)
        before = max(before, money.monthly_run_rate)
    return added


def roadmap_model(roadmap: Roadmap, workshop: Workshop, filters: Filters = ALL_STEPS) -> QStandardItemModel:
    """The waves as bands (top-level rows), each with its steps as rows beneath."""
    model = QStandardItemModel(0, len(COLUMNS))
    model.setHorizontalHeaderLabels(list(COLUMNS))
    model.horizontalHeaderItem(len(COLUMNS) - 1).setToolTip(
        "What the gaps the step is needed for are worth a month. Steps needed for the same gap share it, "
        "so the column does not add up: the headline and each wave count every gap once.")
    dimensions = {d.id: d.name for d in workshop.model.dimensions}
    added = wave_savings(roadmap)
    for wave in roadmap.waves:
        items = [item for item in roadmap.items if item.wave == wave.name and filters.keeps(item)]
        if not items and filters.wave not in (None, wave.name):
            continue
        total = added.get(wave.name, 0.0)
        unlocks = f" · adds {money_text(total, roadmap.currency)} a month of savings" if total > 0 else ""
        band = [_cell(f"{wave.name} — {len(items)} step{'s' if len(items) != 1 else ''}{unlocks}")]
        band += [_cell("") for _ in COLUMNS[1:]]
        font = band[0].font()
        font.setBold(True)
        for cell in band:
            cell.setFont(font)
            cell.setData(None, ITEM_ROLE)
        for item in items:
            units = ", ".join(item.business_units)
            row = [_cell(f"{item.rank}. {item.title}", f"{dimensions.get(item.dimension_id, item.dimension_id)}: "
                                                       f"{stage_label(workshop.model, item.from_stage)} → "
                                                       f"{stage_label(workshop.model, item.to_stage)}"),
                   _cell(units if len(item.business_units) <= 2 else f"{len(item.business_units)} units", units),
                   _cell(item.owner_role), _cell(effort_text(item)),
                   _cell(f"{item.kpi} → {item.kpi_target}" if item.kpi_target else item.kpi),
                   _cell(money_text(item.monthly_savings, roadmap.currency))]
            for cell in row:
                cell.setData(item, ITEM_ROLE)
            row[-1].setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            band[0].appendRow(row)
        model.appendRow(band)
    return model


def _cell(text: str, tooltip: str = "") -> QStandardItem:
    cell = QStandardItem(text)
    cell.setEditable(False)
    cell.setToolTip(tooltip or text)  # the whole text, where the column cuts it
    return cell


#: Said beside a gap's money when it does not rest on the model's figure for the stage.
_MONEY_FROM = {INDICATOR: ", from the indicator typed in the room", EVIDENCE: ", measured from billing data"}


def step_details(item: RoadmapItem, roadmap: Roadmap, workshop: Workshop) -> str:
    """What a step is, what it needs first and the gaps it closes, as rich text for the side panel."""
    model = workshop.model
    dimension = model.dimension(item.dimension_id).name if model.has_dimension(item.dimension_id) else ""
    by_step = {i.step_id: i for i in roadmap.items}
    parts = [f"<h3>{escape(item.title)}</h3>",
             f"<p><b>{escape(dimension)}</b>: {escape(stage_label(model, item.from_stage))} → "
             f"{escape(stage_label(model, item.to_stage))} · "
             f"{escape(item.wave)} · {escape(item.owner_role)}</p>",
             f"<p>{escape(item.description)}</p>"]
    needs = [f"#{by_step[p].rank} {escape(by_step[p].title)}" if p in by_step else escape(p)
             for p in item.prerequisites]
    needs += [f"Not planned: {escape(u.title)} ({escape(u.reason)})" for u in item.unplanned_prerequisites]
    parts.append("<p><b>Needs first:</b> " + ("; ".join(needs) if needs else "nothing") + "</p>")
    gaps = [g for g in roadmap.gaps if g.dimension_id == item.dimension_id and g.business_unit in item.business_units]
    if gaps:
        rows = "".join(f"<li>{escape(g.business_unit)}: {escape(stage_label(model, g.current))} → "
                       f"{escape(stage_label(model, g.planned))}"
                       f" ({money_text(g.monthly_waste, roadmap.currency)} a month"
                       f"{_MONEY_FROM.get(g.source, '')})</li>" for g in gaps)
        parts.append(f"<p><b>Gaps it closes:</b></p><ul>{rows}</ul>")
    if item.beyond_target:
        parts.append("<p><i>Beyond the agreed target for " + escape(", ".join(item.beyond_target))
                     + ": a later step needs it.</i></p>")
    return "".join(parts)


def diagnostic_cells(diagnostic: Diagnostic, workshop: Workshop) -> list[tuple[int, str]]:
    """The grid cells a diagnostic is about: its unit (or every unit) in each of its dimensions."""
    if diagnostic.business_unit is not None:
        bu = workshop.business_unit_named(diagnostic.business_unit)
        units = [bu] if bu is not None else []
    else:
        units = list(workshop.business_units)
    return [(bu.id, d) for bu in units for d in diagnostic.dimensions if workshop.model.has_dimension(d)]


class RoadmapView(QWidget):
    """The Roadmap tab."""

    #: Cells to select in the grid: a list of (business unit id, dimension id).
    cells_requested = Signal(list)

    def __init__(self, context: ApplicationContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("roadmapView")
        self._context = context
        self.roadmap: Roadmap | None = None
        self._stale = True
        self._replan = QTimer(self)
        self._replan.setSingleShot(True)
        self._replan.setInterval(0)
        self._replan.timeout.connect(self.refresh)

        self.headline = QLabel()
        self.headline.setObjectName("roadmapHeadline")
        self.headline.setWordWrap(True)
        self.headline.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        set_relative_font(self.headline, 1.25, bold=True)
        self.reason = QLabel()
        self.reason.setObjectName("roadmapReason")
        self.reason.setWordWrap(True)
        self.reason.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        #: With an earlier round: what moved since it.
        self.movement = QLabel()
        self.movement.setObjectName("roadmapMovement")
        self.movement.setWordWrap(True)
        self.movement.hide()
        # Unit and dimension names may be long: they elide, with the whole name in the tooltip.
        self.unit_filter, self.dimension_filter, self.wave_filter = ElidedComboBox(), ElidedComboBox(), QComboBox()
        filters = QHBoxLayout()
        for label, combo in (("&Unit", self.unit_filter), ("&Dimension", self.dimension_filter),
                             ("&Wave", self.wave_filter)):
            caption = QLabel(label)
            caption.setBuddy(combo)
            if not isinstance(combo, ElidedComboBox):
                combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            combo.currentIndexChanged.connect(self._filters_changed)
            filters.addWidget(caption)
            filters.addWidget(combo)
            filters.addSpacing(12)
        filters.addStretch(1)

        self.steps = QTreeView()
        self.steps.setObjectName("roadmapSteps")
        self.steps.setAlternatingRowColors(True)
        self.steps.setUniformRowHeights(True)
        self.steps.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.proxy = QSortFilterProxyModel(self)
        self.steps.setModel(self.proxy)
        self.steps.selectionModel().currentChanged.connect(self._current_changed)
        self.details = QTextBrowser()
        self.details.setObjectName("roadmapDetails")
        self.details.setOpenLinks(False)
        self.diagnostics = QListWidget()
        self.diagnostics.setObjectName("roadmapDiagnostics")
        self.diagnostics.setWordWrap(True)
        self.diagnostics.setSpacing(4)
        self.diagnostics.setAlternatingRowColors(True)
        self.diagnostics.itemActivated.connect(self._diagnostic_chosen)
        self.diagnostics.itemClicked.connect(self._diagnostic_chosen)
        side = QSplitter(Qt.Orientation.Vertical)
        side_top = QWidget()
        side_layout = QVBoxLayout(side_top)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.addWidget(QLabel("<b>Selected step</b>"))
        side_layout.addWidget(self.details)
        side_bottom = QWidget()
        bottom_layout = QVBoxLayout(side_bottom)
        bottom_layout.setContentsMargins(0, 0, 0, 0)
        self.diagnostics_title = QLabel("<b>Diagnostics</b>")
        bottom_layout.addWidget(self.diagnostics_title)
        bottom_layout.addWidget(self.diagnostics)
        side.addWidget(side_top)
        side.addWidget(side_bottom)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.steps)
        self.splitter.addWidget(side)
        self.splitter.setStretchFactor(0, 5)
        self.splitter.setStretchFactor(1, 2)

        layout = QVBoxLayout(self)
        layout.addWidget(self.headline)
        layout.addWidget(self.reason)
        layout.addWidget(self.movement)
        layout.addLayout(filters)
        layout.addWidget(self.splitter, 1)

        context.file_changed.connect(self._file_changed)
        context.workshop_changed.connect(self._workshop_changed)
        context.round_changed.connect(lambda _r: self.schedule())
        self._file_changed(context.file)

    # Following the workshop -------------------------------------------------------------

    def _file_changed(self, _file: WorkshopFile | None) -> None:
        self._fill_filters()
        self.schedule()

    def _workshop_changed(self, change: Change) -> None:
        if change.kind in ("business_units", "info", "rounds", "reloaded"):
            self._fill_filters()
        self.schedule()

    def schedule(self) -> None:
        """Plan again soon: at once after the current events if the tab is shown, else when it is next shown."""
        self._stale = True
        if self.isVisible():
            self._replan.start()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self._replan.start()

    def refresh(self) -> None:
        """Plan the roadmap of the round shown and redraw the tab."""
        self._stale = False
        workshop = self._context.workshop
        roadmap = None
        if workshop is not None and workshop.rounds:
            from ..domain.planner import plan_roadmap

            try:
                roadmap = plan_roadmap(workshop, round_id=self._context.round_id,
                                       done=done_steps(workshop.progress.values()))
            except ValueError as exc:  # no playbook for the model, or a damaged one
                self.headline.setText(f"No roadmap can be planned: {exc}")
        waves_before = self.roadmap.waves if self.roadmap else ()
        self.roadmap = roadmap
        self._show_movement(workshop, roadmap)
        if roadmap is not None and roadmap.waves != waves_before:
            self._fill_filters()
        self._show(workshop, roadmap)

    def _show_movement(self, workshop: Workshop | None, roadmap: Roadmap | None) -> None:
        """Say what moved since the round before the one shown, planned the same way."""
        text = ""
        if workshop is not None and roadmap is not None:
            ids = [r.id for r in workshop.rounds]
            shown = self._context.round_id if self._context.round_id in ids else ids[-1]
            position = ids.index(shown)
            if position > 0:
                from ..domain.planner import plan_roadmap
                from ..domain.roadmap_movement import roadmap_movement

                done = done_steps(workshop.progress.values())
                before = plan_roadmap(workshop, round_id=ids[position - 1], done=done)
                text = roadmap_movement(workshop, ids[position - 1], shown, before, roadmap).summary(
                    roadmap.currency)
        self.movement.setText(text)
        self.movement.setVisible(bool(text))

    def _show(self, workshop: Workshop | None, roadmap: Roadmap | None) -> None:
        selected = self.selected_item()
        if workshop is None or roadmap is None:
            self.proxy.setSourceModel(QStandardItemModel(0, len(COLUMNS), self))
            self.diagnostics.clear()
            if workshop is None:
                self.headline.setText("")
                self.reason.hide()
            return
        headline, reason = self._headline_text(workshop, roadmap)
        self.headline.setText(headline)
        self.reason.setText(reason)
        self.reason.setVisible(bool(reason))
        source = roadmap_model(roadmap, workshop, self.filters())
        source.setParent(self)
        old = self.proxy.sourceModel()
        self.proxy.setSourceModel(source)
        if old is not None and old.parent() is self:
            old.deleteLater()
        for band in range(self.proxy.rowCount()):  # a wave's band reads across the whole row
            self.steps.setFirstColumnSpanned(band, QModelIndex(), True)
        self.steps.expandAll()
        self.fit_columns()
        self._fill_diagnostics(roadmap.diagnostics)
        if selected is not None:
            self.select_step(selected.step_id)

    def fit_columns(self) -> None:
        """Share the width: figures shown whole, the step's title at least ``_STEP_SHARE`` of it, the rest scaled."""
        header = self.steps.header()
        header.setStretchLastSection(False)
        # The width inside the frame, less a vertical scroll bar, shown or soon to be.
        available = (self.steps.width() - 2 * self.steps.frameWidth()
                     - self.steps.verticalScrollBar().sizeHint().width())
        character = self.steps.fontMetrics().horizontalAdvance("x")
        fitted = {}
        for column, characters in enumerate(_COLUMN_CHARACTERS, start=1):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            fitted[column] = characters * character if characters else \
                max(self.steps.sizeHintForColumn(column), header.sectionSizeHint(column))
        flexible = sum(width for column, width in fitted.items() if _COLUMN_CHARACTERS[column - 1])
        fixed = sum(fitted.values()) - flexible
        room = available * (1 - _STEP_SHARE) - fixed
        scale = min(1.0, max(0.3, room / flexible)) if flexible else 1.0
        for column, width in fitted.items():  # never narrower than its heading: a cut heading names nothing
            header.resizeSection(column, max(int(width * scale), header.sectionSizeHint(column))
                                 if _COLUMN_CHARACTERS[column - 1] else width)
        used = sum(header.sectionSize(column) for column in fitted)
        header.resizeSection(0, max(available - used, int(available * _STEP_SHARE)))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.roadmap is not None:
            QTimer.singleShot(0, self.fit_columns)  # once the splitter has given the table its new width

    def _headline_text(self, workshop: Workshop, roadmap: Roadmap) -> tuple[str, str]:
        """The headline and its reason, in two lines of different weight."""
        total = sum(gap.monthly_waste for gap in roadmap.gaps)  # each gap once: steps share their gaps' money
        steps = f"{len(roadmap.items)} step{'s' if len(roadmap.items) != 1 else ''}"
        money = f", {money_text(total, roadmap.currency)} a month in all" if total > 0 else ""
        if roadmap.headline is None:
            if roadmap.items:
                return f"{steps}{money}; no single capability stands out.", ""
            if not workshop.business_units:
                return "No steps yet: add the business units and rate them on the Assess tab.", ""
            if not any(r.is_assessed for _, _, r in workshop.cells()):
                return "No steps yet: rate the business units on the Assess tab.", ""
            return "No steps: every unit assessed has reached its target.", ""
        name = workshop.model.dimension(roadmap.headline.dimension_id).name
        return f"Advance {name} first  ·  {steps}{money}", roadmap.headline.reason

    # Filters -----------------------------------------------------------------------------

    def _fill_filters(self) -> None:
        workshop = self._context.workshop
        units = [bu.name for bu in workshop.business_units] if workshop else []
        dimensions = [(d.name, d.id) for d in workshop.model.dimensions] if workshop else []
        waves = [w.name for w in self.roadmap.waves] if self.roadmap else []
        for combo, entries in ((self.unit_filter, [(u, u) for u in units]),
                               (self.dimension_filter, dimensions), (self.wave_filter, [(w, w) for w in waves])):
            current = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(ALL, None)
            for text, data in entries:
                combo.addItem(text, data)
            found = combo.findData(current) if current is not None else 0
            combo.setCurrentIndex(max(found, 0))
            combo.blockSignals(False)

    def filters(self) -> Filters:
        return Filters(self.unit_filter.currentData(), self.dimension_filter.currentData(),
                       self.wave_filter.currentData())

    def _filters_changed(self, _index: int) -> None:
        self._show(self._context.workshop, self.roadmap)

    # Selection ---------------------------------------------------------------------------

    def selected_item(self) -> RoadmapItem | None:
        model = self.steps.selectionModel()
        index = model.currentIndex() if model is not None else QModelIndex()
        item = index.data(ITEM_ROLE) if index.isValid() else None
        return item if isinstance(item, RoadmapItem) else None

    def select_step(self, step_id: str) -> bool:
        for band in range(self.proxy.rowCount()):
            parent = self.proxy.index(band, 0)
            for row in range(self.proxy.rowCount(parent)):
                index = self.proxy.index(row, 0, parent)
                item = index.data(ITEM_ROLE)
                if isinstance(item, RoadmapItem) and item.step_id == step_id:
                    self.steps.setCurrentIndex(index)
                    return True
        return False

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        item = current.data(ITEM_ROLE) if current.isValid() else None
        workshop, roadmap = self._context.workshop, self.roadmap
        if isinstance(item, RoadmapItem) and workshop is not None and roadmap is not None:
            self.details.setHtml(step_details(item, roadmap, workshop))
        else:
            self.details.setHtml("<p><i>Select a step to see what it is, what it needs first "
                                 "and the gaps it closes.</i></p>")

    def _fill_diagnostics(self, diagnostics: Iterable[Diagnostic]) -> None:
        self.diagnostics.clear()
        for diagnostic in diagnostics:
            where = f"{diagnostic.business_unit}: " if diagnostic.business_unit else ""
            entry = QListWidgetItem(f"{diagnostic.severity.capitalize()} · {where}{diagnostic.message}")
            entry.setData(ITEM_ROLE, diagnostic)
            entry.setToolTip("Select to show its cells in the Assess grid")
            self.diagnostics.addItem(entry)
        self.diagnostics_title.setText(f"<b>Diagnostics</b> ({self.diagnostics.count()})")
        self._current_changed(self.steps.currentIndex(), QModelIndex())

    def _diagnostic_chosen(self, entry: QListWidgetItem) -> None:
        diagnostic = entry.data(ITEM_ROLE)
        workshop = self._context.workshop
        if isinstance(diagnostic, Diagnostic) and workshop is not None:
            cells = diagnostic_cells(diagnostic, workshop)
            if cells:
                self.cells_requested.emit(cells)
