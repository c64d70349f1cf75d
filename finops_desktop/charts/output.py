"""Writing a chart to a file or to bytes: PNG at print resolution, or SVG.

Every picture is cut to what the chart draws plus a margin. PNG bytes are drawn once and
cut from that rendering; matplotlib's own cut (``bbox_inches="tight"``) draws the figure
twice, and drawing is most of the time a workbook's pictures take.
"""

from __future__ import annotations

import io
import os
import secrets
from pathlib import Path

from matplotlib.backend_bases import FigureCanvasBase
from matplotlib.figure import Figure

#: Resolution of exported PNG files: sharp when printed or projected full screen.
PRINT_DPI = 200
FORMATS = {".png": "png", ".svg": "svg"}
#: Margin around what is drawn, in inches.
PAD_INCHES = 0.2
#: zlib's level for PNG pictures: matplotlib's 6 makes files a tenth smaller in twice the time.
PNG_COMPRESSION = 3
SOFTWARE = "FinOps Maturity Workshop"


def save_figure(fig: Figure, path: Path | str, *, dpi: int = PRINT_DPI) -> Path:
    """Write ``fig`` as PNG or SVG, chosen by the file's suffix; any other suffix is refused."""
    path = Path(path)
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise ValueError(f"{path.name}: charts are saved as .png or .svg, not '{path.suffix or 'no suffix'}'")
    _write_whole(path, figure_png_bytes(fig, dpi=dpi) if fmt == "png" else figure_svg_bytes(fig))
    return path


def _write_whole(path: Path, data: bytes) -> None:
    """Put ``data`` at ``path`` in one step: written to a new file beside it, then renamed over it.

    A picture is never left half written, and what was at ``path`` (a pipe, a link) is replaced,
    never written into: writing into a pipe no one reads would wait for ever.
    """
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)  # EXCL: never through a link
    partial = path.with_name(f".{path.stem[:40]}.{secrets.token_hex(4)}{path.suffix}.partial")
    fd = os.open(partial, flags, 0o666)
    try:
        with open(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(partial, path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise


def figure_png_bytes(fig: Figure, dpi: int = PRINT_DPI, *, palette: bool = False) -> bytes:
    """The chart as PNG bytes, e.g. to embed in a workbook.

    A figure shown nowhere (the command line's, the workbook's) is drawn once and cut; one
    shown in a window is saved by matplotlib, which leaves the window's canvas as it was.
    ``palette``: in 256 colours, which a chart's flat colours and smoothed edges need no more
    than, for a third of the bytes in half the time (a workbook's pictures).
    """
    if type(fig.canvas) is FigureCanvasBase:
        png = _drawn_once(fig, dpi, palette)
        if png is not None:
            return png
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi, facecolor=fig.get_facecolor(), bbox_inches="tight",
                pad_inches=PAD_INCHES, metadata={"Software": SOFTWARE},
                pil_kwargs={"compress_level": PNG_COMPRESSION})
    return buffer.getvalue()


def figure_svg_bytes(fig: Figure) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="svg", facecolor=fig.get_facecolor(), bbox_inches="tight", pad_inches=PAD_INCHES,
                metadata={"Creator": SOFTWARE, "Date": None})
    return buffer.getvalue()


def _drawn_once(fig: Figure, dpi: int, palette: bool) -> bytes | None:
    """The figure drawn at ``dpi`` and cut to what it draws plus the margin; None when something
    is drawn outside the figure (then only matplotlib's second drawing can show it)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.colors import to_rgba
    from PIL import Image, PngImagePlugin

    original_dpi = fig.dpi
    canvas = FigureCanvasAgg(fig)
    try:
        fig.dpi = dpi
        canvas.draw()
        drawn = fig.get_tightbbox(canvas.get_renderer())
        width, height = fig.get_size_inches()
        slack = 1 / dpi
        if drawn is None or drawn.x0 < -slack or drawn.y0 < -slack or drawn.x1 > width + slack or \
                drawn.y1 > height + slack:
            return None
        columns, rows = canvas.get_width_height()
        full = Image.frombuffer("RGBA", (columns, rows), canvas.buffer_rgba(), "raw", "RGBA", 0, 1)
        cut = drawn.padded(PAD_INCHES)
        box = (round(cut.x0 * dpi), round((height - cut.y1) * dpi), round(cut.x1 * dpi), round((height - cut.y0) * dpi))
        inside = (max(box[0], 0), max(box[1], 0), min(box[2], columns), min(box[3], rows))
        background = tuple(round(c * 255) for c in to_rgba(fig.get_facecolor()))
        if inside == box:
            picture = full.crop(box)
        else:  # the margin reaches past the figure's edge: the background fills it
            picture = Image.new("RGBA", (box[2] - box[0], box[3] - box[1]), background)
            picture.paste(full.crop(inside), (inside[0] - box[0], inside[1] - box[1]))
    finally:
        fig.dpi = original_dpi
        FigureCanvasBase(fig)
    if background[3] == 255 and fig.patch.get_visible():
        picture = picture.convert("RGB")  # an opaque background leaves no pixel transparent
    if palette:
        picture = picture.quantize(256, method=Image.Quantize.FASTOCTREE)
    info = PngImagePlugin.PngInfo()
    info.add_text("Software", SOFTWARE)
    buffer = io.BytesIO()
    picture.save(buffer, format="png", dpi=(dpi, dpi), pnginfo=info, compress_level=PNG_COMPRESSION)
    return buffer.getvalue()
