"""Assessment → Import billing data…: choose FOCUS files, say how units are found, preview, import.

The files are read in a worker thread (DuckDB releases the interpreter while it works), so the
window stays responsive; a progress bar shows the rows read and Cancel stops the reading.
Nothing is written until Import is pressed: the import, and the monthly spend of each matched
unit when asked, is then one undoable step.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from .context import ApplicationContext
from .undo_commands import WorkshopCommand

if TYPE_CHECKING:
    from ..evidence.reader import BillingReader
    from ..evidence.records import BillingSummary

UNIT_COLUMNS = ("SubAccountName", "SubAccountId", "BillingAccountName", "BillingAccountId")
BY_COLUMN, BY_TAG = "A column of the data", "A tag key"
POLL_MS = 100


class ImportBillingCommand(WorkshopCommand):
    """Keep an import and, when asked, set the matched units' monthly spend; undo puts the spend back.

    The import's record stays in the file on undo (it is the history of what was read); the
    evidence shown is always the latest import.
    """

    def __init__(self, context: ApplicationContext, summary: BillingSummary, mapping: dict[str, int] | None,
                 apply_spend: bool) -> None:
        super().__init__(context, "Import billing data")
        self.summary = summary
        self.mapping = mapping
        self.apply_spend = apply_spend
        self.before: dict[int, float | None] = {}
        self.after: dict[int, float | None] = {}

    def make(self) -> None:
        from ..evidence.importer import keep_import

        workshop = self.file.workshop
        spend = {bu.id: bu.monthly_spend for bu in workshop.business_units}
        _, report = keep_import(self.file, self.summary, mapping=self.mapping, apply_spend=self.apply_spend)
        if self.apply_spend:
            self.before = {u.business_unit.id: spend[u.business_unit.id] for u in report.units}
            self.after = {bu_id: self.file.workshop.business_unit(bu_id).monthly_spend for bu_id in self.before}
        self._skip_next_redo = True

    def _set(self, values: dict[int, float | None]) -> None:
        with self.file.batch():
            for bu_id, spend in values.items():
                self.file.update_business_unit(bu_id, monthly_spend=spend)

    def apply(self) -> None:
        self._set(self.after)

    def revert(self) -> None:
        self._set(self.before)


class BillingImportDialog(QDialog):
    def __init__(self, context: ApplicationContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setWindowTitle("Import billing data")
        self.resize(820, 640)
        self.reader: BillingReader | None = None
        self.summary: BillingSummary | None = None
        self.mapping: dict[str, int] | None = None
        self._thread: threading.Thread | None = None
        self._outcome: tuple[BillingSummary | None, BaseException | None] | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self._poll)

        intro = QLabel("Read the client's FOCUS cost-and-usage export (CSV, gzip CSV or Parquet; FOCUS 1.0–1.3). "
                       "Only sums per unit and day are kept in the workshop file, never the rows.")
        intro.setWordWrap(True)
        self.files = QListWidget()
        self.files.setMaximumHeight(140)
        self.files.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        add_files = QPushButton("Add files…")
        add_files.clicked.connect(self._choose_files)
        add_folder = QPushButton("Add folder…")
        add_folder.clicked.connect(self._choose_folder)
        remove = QPushButton("Remove")
        remove.clicked.connect(lambda: [self.files.takeItem(self.files.row(i)) for i in self.files.selectedItems()])
        file_buttons = QVBoxLayout()
        for button in (add_files, add_folder, remove):
            file_buttons.addWidget(button)
        file_buttons.addStretch(1)
        file_row = QHBoxLayout()
        file_row.addWidget(self.files, 1)
        file_row.addLayout(file_buttons)

        self.unit_mode = QComboBox()
        self.unit_mode.addItems([BY_COLUMN, BY_TAG])
        self.unit_key = QComboBox()
        self.unit_key.setEditable(True)
        self.unit_key.addItems(UNIT_COLUMNS)
        self.unit_mode.currentTextChanged.connect(self._mode_changed)
        units_row = QHBoxLayout()
        units_row.addWidget(self.unit_mode)
        units_row.addWidget(self.unit_key, 1)
        self.mapping_path = QLineEdit()
        self.mapping_path.setPlaceholderText("optional: a CSV of value,business_unit rows")
        browse = QPushButton("Choose…")
        browse.clicked.connect(self._choose_mapping)
        mapping_row = QHBoxLayout()
        mapping_row.addWidget(self.mapping_path, 1)
        mapping_row.addWidget(browse)
        self.allocation_tags = QLineEdit()
        self.allocation_tags.setPlaceholderText("e.g. business_unit, cost_center")
        form = QFormLayout()
        form.addRow("Business units from", units_row)
        form.addRow("Mapping", mapping_row)
        form.addRow("Allocation tag keys", self.allocation_tags)

        self.read_button = QPushButton("Read and preview")
        self.read_button.clicked.connect(self.start_reading)
        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        self.progress.setTextVisible(False)
        self.rows_label = QLabel("")
        self.cancel_button = QPushButton("Cancel reading")
        self.cancel_button.clicked.connect(self.cancel_reading)
        self.cancel_button.setEnabled(False)
        read_row = QHBoxLayout()
        read_row.addWidget(self.read_button)
        read_row.addWidget(self.progress, 1)
        read_row.addWidget(self.rows_label)
        read_row.addWidget(self.cancel_button)

        self.status = QLabel("")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.preview = QTableWidget(0, 3)
        self.preview.setHorizontalHeaderLabels(["Value in the data", "Monthly spend", "Business unit"])
        self.preview.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.preview.verticalHeader().setVisible(False)
        header = self.preview.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)

        self.apply_spend = QCheckBox("Set each matched unit's monthly spend from the data")
        self.import_button = QPushButton("Import")
        self.import_button.setDefault(True)
        self.import_button.setEnabled(False)
        self.import_button.clicked.connect(self.import_now)
        close = QPushButton("Close")
        close.clicked.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addWidget(self.apply_spend, 1)
        bottom.addWidget(self.import_button)
        bottom.addWidget(close)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(file_row, 1)
        layout.addLayout(form)
        layout.addLayout(read_row)
        layout.addWidget(self.status)
        layout.addWidget(self.preview, 2)
        layout.addLayout(bottom)

    # Choosing ---------------------------------------------------------------------------

    def add_paths(self, paths: list[Path]) -> None:
        known = {self.files.item(i).text() for i in range(self.files.count())}
        for path in paths:
            if str(path) not in known:
                self.files.addItem(str(path))
        self._forget_preview()

    def _choose_files(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(self, "Billing data files", "",
                                                "FOCUS exports (*.csv *.csv.gz *.gz *.parquet);;All files (*)")
        self.add_paths([Path(n) for n in names])

    def _choose_folder(self) -> None:
        name = QFileDialog.getExistingDirectory(self, "Folder of billing data files")
        if name:
            self.add_paths([Path(name)])

    def _choose_mapping(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "Mapping of values to business units", "", "CSV (*.csv)")
        if name:
            self.mapping_path.setText(name)

    def _mode_changed(self, mode: str) -> None:
        self.unit_key.clear()
        if mode == BY_COLUMN:
            self.unit_key.addItems(UNIT_COLUMNS)
        else:
            self.unit_key.setEditText("business_unit")
        self._forget_preview()

    def _forget_preview(self) -> None:
        self.summary = None
        self.import_button.setEnabled(False)

    # Reading ----------------------------------------------------------------------------

    def start_reading(self) -> None:
        from ..evidence.errors import EvidenceError
        from ..evidence.matching import read_mapping
        from ..evidence.query import QuerySettings, UnitSource
        from ..evidence.reader import BillingReader

        workshop = self.context.workshop
        if workshop is None or self.reading:
            return
        paths = [Path(self.files.item(i).text()) for i in range(self.files.count())]
        try:
            if not paths:
                raise EvidenceError("add the billing data files or folders to read first")
            key = self.unit_key.currentText().strip()
            units = UnitSource("column" if self.unit_mode.currentText() == BY_COLUMN else "tag", key)
            tags = tuple(t.strip() for t in self.allocation_tags.text().split(",") if t.strip())
            if not tags and units.kind == "tag":
                tags = (units.key,)
            settings = QuerySettings(units, tags)
            mapping_text = self.mapping_path.text().strip()
            self.mapping = read_mapping(Path(mapping_text), workshop.business_units) if mapping_text else None
        except EvidenceError as exc:
            self._show_problem(str(exc))
            return
        self.reader = BillingReader(paths, settings)
        self._outcome = None
        self._thread = threading.Thread(target=self._read, args=(self.reader,), name="billing-import", daemon=True)
        self._set_reading(True)
        self.status.setText("Reading…")
        self._thread.start()
        self._timer.start()

    def _read(self, reader: BillingReader) -> None:
        try:
            self._outcome = (reader.read(), None)
        except BaseException as exc:  # reported in the window's thread
            self._outcome = (None, exc)

    @property
    def reading(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def cancel_reading(self) -> None:
        if self.reader is not None and self.reading:
            self.reader.cancel()
            self.status.setText("Cancelling…")

    def wait_for_reading(self, timeout: float = 60.0) -> None:
        """Block until the worker ends (tests, and closing the dialog while it reads)."""
        if self._thread is not None:
            self._thread.join(timeout)
        self._poll()

    def _poll(self) -> None:
        if self.reader is not None:
            progress = self.reader.progress()
            self.progress.setValue(int(progress.fraction * 1000))
            self.rows_label.setText(f"{progress.rows_read:,} rows read")
        if self.reading or self._outcome is None:
            return
        self._timer.stop()
        summary, error = self._outcome
        self._outcome = None
        self._thread = None
        self._set_reading(False)
        if error is not None:
            from ..evidence.errors import EvidenceError

            if not isinstance(error, EvidenceError):
                raise error
            self._show_problem(str(error))
            return
        assert summary is not None
        self.rows_label.setText(f"{summary.record.row_count:,} rows read")
        self.progress.setValue(1000)
        self._show_preview(summary)

    def _set_reading(self, reading: bool) -> None:
        self.read_button.setEnabled(not reading)
        self.cancel_button.setEnabled(reading)
        self.import_button.setEnabled(False)

    def _show_problem(self, message: str) -> None:
        self.summary = None
        self.preview.setRowCount(0)
        self.status.setText(f"<b>Nothing was imported:</b> {message}")
        self.import_button.setEnabled(False)

    def _show_preview(self, summary: BillingSummary) -> None:
        from ..evidence.importer import preview

        file = self.context.file
        if file is None:
            return
        report = preview(summary, file, self.mapping)
        record = summary.record
        currency = record.currency
        rows = [(u.business_unit.name, u.figures.monthly_spend, u.business_unit.name) for u in report.units]
        rows += [(u.value if u.value is not None else "(no value)", u.figures.monthly_spend, "")
                 for u in report.unmatched]
        # Values that map to one unit are shown once per unit; the unmatched ones each on their own.
        self.preview.setRowCount(len(rows))
        for r, (value, spend, unit) in enumerate(rows):
            self.preview.setItem(r, 0, QTableWidgetItem(value))
            amount = QTableWidgetItem(f"{spend:,.2f} {currency}")
            amount.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.preview.setItem(r, 1, amount)
            self.preview.setItem(r, 2, QTableWidgetItem(unit or "— matches no unit"))
        versions = ", ".join(record.focus_versions)
        files = len(record.files)
        self.status.setText(f"{record.row_count:,} rows in {files} file{'s' if files != 1 else ''} (FOCUS {versions}),"
                            f" {record.period_label}, {currency}: {len(report.units)} unit"
                            f"{'s' if len(report.units) != 1 else ''} matched, {len(report.unmatched)} value"
                            f"{'s' if len(report.unmatched) != 1 else ''} matching no unit.")
        self.summary = summary
        self.import_button.setEnabled(not self.context.read_only)

    # Importing --------------------------------------------------------------------------

    def import_now(self) -> bool:
        if self.summary is None:
            return False
        command = ImportBillingCommand(self.context, self.summary, self.mapping, self.apply_spend.isChecked())
        if not self.context.edit(command):
            return False
        self.context.message.emit(f"Billing data imported: {self.summary.record.period_label}.")
        self.accept()
        return True

    def reject(self) -> None:
        if self.reading:
            self.cancel_reading()
            self.wait_for_reading(10)
        super().reject()


def show_billing_import(context: ApplicationContext, parent: QWidget | None = None) -> BillingImportDialog | None:
    if context.workshop is None or not context.can_edit():
        return None
    dialog = BillingImportDialog(context, parent)
    dialog.show()
    return dialog
