"""How a stage and an amount of money read, the same in the window, the charts, the workbook and the terminal."""

from __future__ import annotations

from .model import NOT_APPLICABLE, MaturityModel

NOT_ASSESSED_LABEL = "Not assessed"
NOT_APPLICABLE_LABEL = "N/A"


def stage_label(model: MaturityModel, stage: str | None) -> str:
    """"Walk", "Not assessed" or "N/A" (a stage the model lacks reads as its id)."""
    if stage is None:
        return NOT_ASSESSED_LABEL
    if stage == NOT_APPLICABLE:
        return NOT_APPLICABLE_LABEL
    return model.stage(stage).name if model.has_stage(stage) else stage


def format_money(amount: float | None, currency: str) -> str:
    """"EUR 12,345": whole units with thousands separators; nothing for no amount."""
    if amount is None:
        return ""
    return f"{currency} {amount:,.0f}".strip()
