"""A chart leaving the window: the file it is saved to, and the clipboard."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QGuiApplication, QImage
from PySide6.QtWidgets import QFileDialog, QWidget

from ..domain.workshop import Workshop
from .chart_build import MODE_ORGANISATION, MODE_SPREAD, MODE_UNITS, ChartKey

if TYPE_CHECKING:
    from matplotlib.figure import Figure

#: Asks where to save a chart: (parent, suggested path) -> chosen path, or None when cancelled.
AskSavePath = Callable[[QWidget, Path], "Path | None"]


def ask_save_path(parent: QWidget, suggested: Path) -> Path | None:
    path, _ = QFileDialog.getSaveFileName(parent, "Export chart", str(suggested),
                                          "PNG image (*.png);;SVG image (*.svg)",
                                          "SVG image (*.svg)" if suggested.suffix == ".svg" else "PNG image (*.png)")
    return Path(path) if path else None


def suggested_name(workshop: Workshop, key: ChartKey, suffix: str, page: int = 0, pages: int = 1) -> str:
    """"Client - heatmap 2 of 4.png": what the chart shows, safe as a file name on every system."""
    mode, bu_ids, _, _ = key
    if mode == MODE_UNITS:
        what = workshop.business_unit(bu_ids[0]).name if len(bu_ids) == 1 else f"{len(bu_ids)} business units"
    else:
        what = {MODE_ORGANISATION: "organisation", MODE_SPREAD: "votes"}.get(mode, "heatmap")
    if pages > 1:
        what += f" {page + 1} of {pages}"
    name = f"{workshop.info.client} - {what}"[:150] + suffix
    return "".join("_" if c in '<>:"/\\|?*' or ord(c) < 32 else c for c in name)


def copy_picture(figure: Figure) -> None:
    """Put ``figure`` on the clipboard as a picture at print resolution."""
    from ..charts import figure_png_bytes

    # setImage lets Qt own the clipboard data; handing it a QMimeData made here crashes
    # the interpreter at exit when both sides free it.
    QGuiApplication.clipboard().setImage(QImage.fromData(figure_png_bytes(figure)))
