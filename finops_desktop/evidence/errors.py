"""The one error evidence reading raises: a message a consultant can act on, shown as is."""

from __future__ import annotations


class EvidenceError(Exception):
    """Billing data or a mapping cannot be used; nothing was changed."""
