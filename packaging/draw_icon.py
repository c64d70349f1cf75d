"""Draw the app icon: ``resources/icons/finops-desktop.svg`` and its PNG and ICO renderings.

The picture is the app's own: a six-axis radar (one axis per dimension of the default model)
with the Crawl, Walk and Run rings, and an uneven shape on it — Run in some dimensions,
Crawl in others. Run from the repository: ``.venv/bin/python packaging/draw_icon.py``.
"""

from __future__ import annotations

import math
import os
import sys
from pathlib import Path

ICONS = Path(__file__).resolve().parent.parent / "resources" / "icons"
NAME = "finops-desktop"
PNG_SIZES = (16, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 32, 48, 64, 128, 256)

CENTRE = (128.0, 130.0)
RING_RADII = (30.0, 60.0, 90.0)  # Crawl, Walk, Run
STAGES = (3, 2, 3, 1, 2, 2)  # one stage per axis, clockwise from the top


def _point(axis: int, radius: float) -> tuple[float, float]:
    angle = math.radians(-90 + 60 * axis)
    return CENTRE[0] + radius * math.cos(angle), CENTRE[1] + radius * math.sin(angle)


def _polygon(radii: list[float]) -> str:
    return " ".join(f"{x:.1f},{y:.1f}" for x, y in (_point(i, r) for i, r in enumerate(radii)))


def icon_svg() -> str:
    rings = "\n".join(
        f'    <polygon points="{_polygon([r] * 6)}" fill="none" stroke="#ffffff" '
        f'stroke-opacity="{0.28 + 0.12 * i:.2f}" stroke-width="{3 if i == 2 else 2.5}" stroke-linejoin="round"/>'
        for i, r in enumerate(RING_RADII)
    )
    spokes = "\n".join(
        '    <line x1="{:.1f}" y1="{:.1f}" x2="{:.1f}" y2="{:.1f}" stroke="#ffffff" stroke-opacity="0.3" '
        'stroke-width="2.5"/>'.format(*CENTRE, *_point(i, RING_RADII[-1]))
        for i in range(6)
    )
    shape = [RING_RADII[stage - 1] for stage in STAGES]
    dots = "\n".join(
        f'    <circle cx="{x:.1f}" cy="{y:.1f}" r="8" fill="#ffd27a" stroke="#0b3b47" stroke-width="3"/>'
        for x, y in (_point(i, r) for i, r in enumerate(shape))
    )
    return f"""<svg xmlns="http://www.w3.org/2000/svg" width="256" height="256" viewBox="0 0 256 256">
  <title>FinOps Maturity Workshop</title>
  <defs>
    <linearGradient id="background" x1="0" y1="0" x2="0" y2="1">
      <stop offset="0" stop-color="#178a93"/>
      <stop offset="1" stop-color="#0b3b47"/>
    </linearGradient>
  </defs>
  <rect x="8" y="8" width="240" height="240" rx="48" fill="url(#background)"/>
  <g>
{rings}
{spokes}
  </g>
  <polygon points="{_polygon(shape)}" fill="#f5a524" fill-opacity="0.88" stroke="#ffd27a" stroke-width="5"
           stroke-linejoin="round"/>
{dots}
</svg>
"""


def render_png(svg: bytes, size: int, path: Path) -> None:
    from PySide6.QtCore import QByteArray, Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(QByteArray(svg))
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    if not image.save(str(path), "PNG"):
        raise OSError(f"could not write {path}")


def write_ico(pngs: dict[int, Path], path: Path) -> None:
    from PIL import Image

    images = [Image.open(pngs[size]) for size in ICO_SIZES]
    largest = images[-1]
    largest.save(path, format="ICO", sizes=[(s, s) for s in ICO_SIZES], append_images=images[:-1])


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    ICONS.mkdir(parents=True, exist_ok=True)
    svg = icon_svg()
    (ICONS / f"{NAME}.svg").write_text(svg, encoding="utf-8")
    pngs = {}
    for size in PNG_SIZES:
        pngs[size] = ICONS / f"{NAME}-{size}.png"
        render_png(svg.encode(), size, pngs[size])
    write_ico(pngs, ICONS / f"{NAME}.ico")
    del app
    print(f"wrote {NAME}.svg, .ico and {len(PNG_SIZES)} PNG files in {ICONS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
