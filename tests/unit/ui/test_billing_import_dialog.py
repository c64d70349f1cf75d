"""Import billing data in the window: preview with matches, progress, cancel changes nothing, one undo step."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from finops_desktop.ui.billing_import_dialog import BY_TAG, BillingImportDialog
from finops_desktop.ui.cell_detail_panel import CellDetailPanel
from finops_desktop.ui.context import ApplicationContext
from finops_desktop.ui.evidence_view import EvidenceView
from tests.helpers.billing import two_units
from tests.helpers.commands import digest
from tests.helpers.ui_context import OFFSCREEN_PLATFORM_NOTICES, make_context
from tests.helpers.workshops import make_workshop_file

pytestmark = OFFSCREEN_PLATFORM_NOTICES


@pytest.fixture
def context(qapp: object, tmp_path: Path) -> Iterator[ApplicationContext]:
    path = make_workshop_file(tmp_path / "w.finops", [("Retail", 1000.0, {}), ("Lab", 5.0, {})])
    context = make_context(tmp_path)
    assert context.open_path(path)
    yield context
    context.close_file()


def _dialog(qtbot: QtBot, context: ApplicationContext, paths: list[Path]) -> BillingImportDialog:
    dialog = BillingImportDialog(context)
    qtbot.addWidget(dialog)
    dialog.add_paths(paths)
    dialog.allocation_tags.setText("business_unit, cost_center")
    return dialog


def _read(qtbot: QtBot, dialog: BillingImportDialog) -> None:
    dialog.start_reading()
    qtbot.waitUntil(lambda: not dialog.reading and dialog.read_button.isEnabled(), timeout=30_000)


def test_preview_lists_matched_and_unmatched_values_with_spend(qtbot: QtBot, context: ApplicationContext,
                                                               tmp_path: Path) -> None:
    export = two_units()
    dialog = _dialog(qtbot, context, [export.write(tmp_path / "export.parquet", "parquet")])
    _read(qtbot, dialog)
    rows = {dialog.preview.item(r, 0).text(): (dialog.preview.item(r, 1).text(), dialog.preview.item(r, 2).text())
            for r in range(dialog.preview.rowCount())}
    assert rows["Retail"] == (f"{export.expected('Retail').monthly_spend:,.2f} USD", "Retail")
    assert rows["Payments"][1] == "— matches no unit"
    assert dialog.import_button.isEnabled()
    assert "1 unit matched, 1 value matching no unit" in dialog.status.text()
    assert dialog.rows_label.text() == f"{sum(1 for _ in export.rows()):,} rows read"


def test_import_with_spend_is_one_undoable_step(qtbot: QtBot, context: ApplicationContext, tmp_path: Path) -> None:
    export = two_units()
    dialog = _dialog(qtbot, context, [export.write(tmp_path / "export.csv")])
    _read(qtbot, dialog)
    dialog.apply_spend.setChecked(True)
    assert dialog.import_now()
    workshop = context.workshop
    assert workshop is not None and context.file is not None
    retail = workshop.business_unit_named("Retail")
    assert retail is not None
    assert retail.monthly_spend == pytest.approx(export.expected("Retail").monthly_spend, abs=0.01)
    assert len(context.file.evidence_imports()) == 1
    context.undo_stack.undo()
    assert workshop.business_unit_named("Retail").monthly_spend == 1000.0  # type: ignore[union-attr]
    context.undo_stack.redo()
    assert workshop.business_unit_named("Retail").monthly_spend == pytest.approx(  # type: ignore[union-attr]
        export.expected("Retail").monthly_spend, abs=0.01)


def test_bad_data_is_one_message_and_nothing_is_written(qtbot: QtBot, context: ApplicationContext,
                                                        tmp_path: Path) -> None:
    bad = tmp_path / "invoice.csv"
    bad.write_text("Date,Amount\n2026-09-01,3\n")
    assert context.file is not None
    before = digest(context.file.path)
    dialog = _dialog(qtbot, context, [bad])
    _read(qtbot, dialog)
    assert "Nothing was imported:" in dialog.status.text() and "lacks the columns" in dialog.status.text()
    assert not dialog.import_button.isEnabled()
    assert digest(context.file.path) == before


def test_cancel_leaves_the_file_as_it_was(qtbot: QtBot, context: ApplicationContext, tmp_path: Path) -> None:
    assert context.file is not None
    before = digest(context.file.path)
    files = [two_units(rows_per_charge=20).write(tmp_path / f"part-{n}.csv") for n in range(3)]
    dialog = _dialog(qtbot, context, files)
    dialog.start_reading()
    dialog.cancel_reading()
    qtbot.waitUntil(lambda: not dialog.reading and dialog.read_button.isEnabled(), timeout=30_000)
    assert "cancelled" in dialog.status.text()
    assert dialog.summary is None and not dialog.import_button.isEnabled()
    assert digest(context.file.path) == before


def test_measured_values_show_beside_the_typed_ones_and_in_the_evidence_view(
        qtbot: QtBot, context: ApplicationContext, tmp_path: Path) -> None:
    export = two_units()
    dialog = _dialog(qtbot, context, [export.write(tmp_path / "export.csv")])
    dialog.unit_mode.setCurrentText(BY_TAG)
    dialog.allocation_tags.setText("business_unit, cost_center")
    _read(qtbot, dialog)
    assert dialog.import_now()
    workshop = context.workshop
    assert workshop is not None
    panel = CellDetailPanel(context)
    qtbot.addWidget(panel)
    panel.show()
    retail = workshop.business_unit_named("Retail")
    assert retail is not None
    panel.show_cell(retail.id, "commitment_strategy")
    (indicator,) = panel._indicator_inputs
    coverage = export.expected("Retail", by_tag=True).commitment_coverage
    assert not indicator.measured.isHidden(), (indicator.measured.text(), panel.stack.currentWidget())
    assert indicator.measured.text().startswith(f"measured {coverage:.0f} % — FOCUS, Sep–Oct 2026")
    lab = workshop.business_unit_named("Lab")
    assert lab is not None
    panel.show_cell(lab.id, "commitment_strategy")
    assert panel._indicator_inputs[0].measured.isHidden()  # no data for it
    view = EvidenceView(context)
    qtbot.addWidget(view)
    assert view.units is not None and view.units.item(0, 0).text() == "Retail"
    assert view.unmatched is not None
    assert view.unmatched.item(0, 0).text() in {"Payments", "(no value)"}
