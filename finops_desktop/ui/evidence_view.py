"""The Evidence view: what was imported from billing data, and the figures per business unit.

:func:`evidence_report_for` reads the latest import of a file once and keeps its figures until
the file's evidence or business units change, so the cell panel can show measured values for
every cell it shows without reading the file again.
"""

from __future__ import annotations

import weakref
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..storage.workshop_file import Change, WorkshopFile
from .context import ApplicationContext

if TYPE_CHECKING:
    from ..evidence.report import EvidenceReport

_reports: weakref.WeakKeyDictionary[WorkshopFile, EvidenceReport | None] = weakref.WeakKeyDictionary()
_FORGET_ON = {"evidence", "business_units", "reloaded"}


def evidence_report_for(file: WorkshopFile) -> EvidenceReport | None:
    """The figures of the file's latest import (``None`` when it has none)."""
    if file in _reports:
        return _reports[file]
    stored = file.latest_evidence()
    if stored is None:
        report = None
    else:
        from ..evidence.report import evidence_report  # only with evidence to show

        report = evidence_report(stored, file.workshop)
    if file not in _reports:
        ref = weakref.ref(file)

        def forget(change: Change) -> None:
            owner = ref()
            if owner is not None and change.kind in _FORGET_ON:
                _reports.pop(owner, None)

        file.add_listener(forget)
    _reports[file] = report
    return report


def percent_text(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f} %"


def measured_text(value: float, unit: str, report: EvidenceReport) -> str:
    """How a stage card's indicator shows a measured value: "measured 63 % — FOCUS, Sep–Oct 2026"."""
    return f"measured {value:.0f}{' ' + unit if unit == '%' else unit} — {report.source_label()}"


def _table(headers: list[str], rows: list[list[str]], parent: QWidget) -> QTableWidget:
    table = QTableWidget(len(rows), len(headers), parent)
    table.setHorizontalHeaderLabels(headers)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.verticalHeader().setVisible(False)
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            item = QTableWidgetItem(text)
            if c > 0:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            table.setItem(r, c, item)
    table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    for c in range(1, len(headers)):
        table.horizontalHeader().setSectionResizeMode(c, QHeaderView.ResizeMode.ResizeToContents)
    return table


class EvidenceView(QDialog):
    """Imports and figures per unit, read-only: the numbers the room can check against the bill."""

    def __init__(self, context: ApplicationContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Billing evidence")
        self.resize(900, 620)
        file = context.file
        layout = QVBoxLayout(self)
        report = evidence_report_for(file) if file else None
        imports = file.evidence_imports() if file else []
        if report is None:
            self.summary = QLabel("No billing data has been imported yet. Use Assessment → Import billing data… "
                                  "to read the client's FOCUS export.")
            self.summary.setWordWrap(True)
            layout.addWidget(self.summary)
            self.units = self.unmatched = self.imports = None
        else:
            record = report.record
            currency = record.currency
            self.summary = QLabel(f"<b>{report.source_label()}</b> — {record.row_count:,} rows, {currency}, "
                                  f"business units by {record.unit_source}. Monthly spend is the mean over "
                                  f"{len(record.billing_periods)} billing period"
                                  f"{'s' if len(record.billing_periods) != 1 else ''}.")
            self.summary.setWordWrap(True)
            layout.addWidget(self.summary)
            rows = []
            for unit in report.units:
                values = unit.figures.indicators
                rows.append([unit.business_unit.name, f"{unit.figures.monthly_spend:,.2f} {currency}",
                             percent_text(values["allocation_coverage"]), percent_text(values["commitment_coverage"]),
                             percent_text(values["commitment_utilisation"]),
                             percent_text(values["effective_savings_rate"])])
            layout.addWidget(QLabel("Figures per business unit"))
            self.units = _table(["Business unit", "Monthly spend", "Allocated", "Commitment coverage",
                                 "Commitment use", "Effective savings"], rows, self)
            layout.addWidget(self.units, 3)
            unmatched = [[u.value if u.value is not None else "(no value)",
                          f"{u.figures.monthly_spend:,.2f} {currency}"] for u in report.unmatched]
            layout.addWidget(QLabel(f"Matching no business unit ({len(unmatched)})"))
            self.unmatched = _table(["Value in the data", "Monthly spend"], unmatched, self)
            layout.addWidget(self.unmatched, 1)
            files = [[f"{f.name}", f"{r.imported_at[:16].replace('T', ' ')}", f"{f.row_count:,}",
                      f"{f.focus_version or '—'}", f.sha256[:16] + "…"] for r in imports for f in r.files]
            layout.addWidget(QLabel("Imported files"))
            self.imports = _table(["File", "Imported", "Rows", "FOCUS", "SHA-256"], files, self)
            layout.addWidget(self.imports, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)


def show_evidence_view(context: ApplicationContext, parent: QWidget | None = None) -> EvidenceView | None:
    if context.file is None:
        return None
    view = EvidenceView(context, parent)
    view.show()
    return view


def show_measured(context: ApplicationContext, cell: tuple[int, str] | None, inputs: Sequence[Any]) -> None:
    """Beside each indicator typed in the room, the value measured from billing data and the stage it suggests."""
    file, workshop = context.file, context.workshop
    report = evidence_report_for(file) if file is not None and cell is not None else None
    unit = report.for_unit(cell[0]) if report is not None and cell is not None else None
    for widget in inputs:
        value = unit.figures.indicators.get(widget.indicator.id) if unit is not None else None
        if value is None or report is None or workshop is None:
            widget.measured.setVisible(False)
            continue
        suggestion = widget.indicator.suggest(value, workshop.model.stages)
        text = measured_text(value, widget.indicator.unit, report)
        widget.measured.setText(f"{text}" + (f" · suggests <b>{suggestion.text}</b>" if suggestion.text else ""))
        widget.measured.setToolTip(f"{widget.indicator.name}, measured from the billing data "
                                   f"({report.record.row_count:,} rows, {report.record.period_label})")
        widget.measured.setVisible(True)
