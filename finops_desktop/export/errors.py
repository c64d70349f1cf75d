"""Why an export did not happen, in words for the person who asked for it."""

from __future__ import annotations


class ExportError(Exception):
    """The workbook could not be written; the message says why and what to do."""


class ExportCancelled(Exception):
    """Raised by a progress callback to stop an export; nothing is written."""
