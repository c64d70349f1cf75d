"""Writing a chart to a file or to bytes: PNG at print resolution, or SVG."""

from __future__ import annotations

import io
from pathlib import Path

from matplotlib.figure import Figure

#: Resolution of exported PNG files: sharp when printed or projected full screen.
PRINT_DPI = 200
FORMATS = {".png": "png", ".svg": "svg"}


def save_figure(fig: Figure, path: Path | str, *, dpi: int = PRINT_DPI) -> Path:
    """Write ``fig`` as PNG or SVG, chosen by the file's suffix; any other suffix is refused."""
    path = Path(path)
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise ValueError(f"{path.name}: charts are saved as .png or .svg, not '{path.suffix or 'no suffix'}'")
    fig.savefig(path, format=fmt, dpi=dpi, facecolor=fig.get_facecolor(), bbox_inches="tight", pad_inches=0.2,
                metadata=_metadata(fmt))
    return path


def figure_png_bytes(fig: Figure, dpi: int = PRINT_DPI) -> bytes:
    """The chart as PNG bytes, e.g. to embed in a workbook."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi, facecolor=fig.get_facecolor(), bbox_inches="tight",
                pad_inches=0.2, metadata=_metadata("png"))
    return buffer.getvalue()


def figure_svg_bytes(fig: Figure) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="svg", facecolor=fig.get_facecolor(), bbox_inches="tight", pad_inches=0.2,
                metadata=_metadata("svg"))
    return buffer.getvalue()


def _metadata(fmt: str) -> dict[str, str | None]:
    if fmt == "svg":
        return {"Creator": "FinOps Maturity Workshop", "Date": None}
    return {"Software": "FinOps Maturity Workshop"}
