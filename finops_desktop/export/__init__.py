"""The Excel deliverable (openpyxl): the workbook a consultant hands over after the workshop.

Importing this package imports openpyxl; the window and the command line import it only
when an export is asked for.
"""

from .errors import ExportCancelled, ExportError
from .workbook import write_workbook

__all__ = ["ExportCancelled", "ExportError", "write_workbook"]
