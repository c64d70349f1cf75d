"""Add business unit as one form: what the gate refuses is said under its field, and what was typed stays."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from pytestqt.qtbot import QtBot

from finops_desktop.domain import values
from finops_desktop.domain.values import ValueRefused
from finops_desktop.ui.business_unit_form import NewBusinessUnitDialog
from tests.helpers.ui_context import OFFSCREEN_PLATFORM_NOTICES

pytestmark = OFFSCREEN_PLATFORM_NOTICES


def test_name_spend_growth_and_owner_in_one_form(qtbot: QtBot) -> None:
    dialog = NewBusinessUnitDialog(["Retail"], "EUR")
    qtbot.addWidget(dialog)
    assert not dialog.add_button.isEnabled()
    assert dialog.fields["name"].message.isHidden()  # nothing said before anything was typed
    qtbot.keyClicks(dialog.name, "Treasury")
    qtbot.keyClicks(dialog.spend, "120k")
    qtbot.keyClicks(dialog.growth, "12.5")
    qtbot.keyClicks(dialog.owner, "Group CFO")
    assert dialog.add_button.isEnabled()
    request = dialog.request()
    assert (request.name, request.monthly_spend, request.annual_growth, request.owner) == (
        "Treasury", 120_000.0, 12.5, "Group CFO")


def test_a_refused_value_is_said_under_its_field_and_kept(qtbot: QtBot) -> None:
    dialog = NewBusinessUnitDialog(["Retail"], "EUR")
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.name, "retail")
    message = dialog.fields["name"].message
    assert not message.isHidden() and "exists" in message.text()
    dialog.name.setText("Treasury")
    qtbot.keyClicks(dialog.spend, "lots")
    assert not dialog.fields["monthly_spend"].message.isHidden()
    assert dialog.spend.text() == "lots"  # kept, to be corrected
    assert not dialog.add_button.isEnabled()
    dialog.spend.setText("")
    assert dialog.add_button.isEnabled()
    assert dialog.request().monthly_spend is None


@settings(max_examples=80, deadline=None)
@given(st.text(max_size=12))
def test_add_is_offered_exactly_when_the_gate_takes_the_spend(qapp: object, typed: str) -> None:
    dialog = NewBusinessUnitDialog([], "EUR")
    dialog.name.setText("Treasury")
    dialog.spend.setText(typed)
    try:
        expected = values.MONTHLY_SPEND.parse(typed)
        taken = True
    except ValueRefused:
        taken = False
    assert dialog.add_button.isEnabled() is taken
    if taken:
        assert dialog.request().monthly_spend == expected
    dialog.deleteLater()
