"""Charts written to files and bytes: PNG at print resolution, SVG that parses, nothing else."""

from __future__ import annotations

import os
import signal
import struct
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from finops_desktop.charts import PRINT_DPI, figure_png_bytes, figure_svg_bytes, radar_figure, save_figure
from finops_desktop.domain.catalogue import DEFAULT_MODEL_ID, find_model

from .sample_workshops import make_workshop, rate

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def png_info(data: bytes) -> tuple[int, int, float]:
    """Width and height in pixels, and the resolution in dots per inch (from the pHYs chunk)."""
    assert data.startswith(PNG_SIGNATURE)
    width, height = struct.unpack(">II", data[16:24])
    at = data.index(b"pHYs")
    per_metre = struct.unpack(">I", data[at + 4:at + 8])[0]
    return width, height, per_metre * 0.0254


@pytest.fixture
def figure():  # type: ignore[no-untyped-def]
    model = find_model(DEFAULT_MODEL_ID)
    workshop = make_workshop(model, 1)
    rate(workshop, 1, model.dimensions[0].id, "walk", "run")
    return radar_figure(workshop, [1])


def test_png_at_print_resolution(figure, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = save_figure(figure, tmp_path / "radar.png")
    width, height, dpi = png_info(path.read_bytes())
    assert dpi == pytest.approx(PRINT_DPI, abs=1) and PRINT_DPI >= 200
    assert width >= 8 * PRINT_DPI and height >= 7 * PRINT_DPI


def test_svg_parses(figure, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = save_figure(figure, tmp_path / "Radar.SVG")
    root = ET.fromstring(path.read_bytes())
    assert root.tag.endswith("svg")
    ET.fromstring(figure_svg_bytes(figure))


@pytest.mark.parametrize("name", ["radar.pdf", "radar.jpg", "radar", "radar.png.txt"])
def test_other_suffixes_are_refused(figure, tmp_path: Path, name: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValueError, match=r"\.png or \.svg"):
        save_figure(figure, tmp_path / name)
    assert not (tmp_path / name).exists()


def test_png_bytes_for_the_workbook(figure) -> None:  # type: ignore[no-untyped-def]
    width, _, dpi = png_info(figure_png_bytes(figure, dpi=120))
    assert dpi == pytest.approx(120, abs=1)
    assert png_info(figure_png_bytes(figure))[2] == pytest.approx(PRINT_DPI, abs=1)
    assert width > 800


def test_typed_text_with_control_characters_or_of_any_length_renders_cleanly() -> None:
    import warnings
    from dataclasses import replace

    from finops_desktop.charts import heatmap_figure, organisation_figure
    from finops_desktop.domain.workshop import BusinessUnit

    model = find_model(DEFAULT_MODEL_ID)
    workshop = make_workshop(model, 2)
    workshop.info = replace(workshop.info, client="Acme\x1b[31m\tHoldings " + "x" * 10_000)
    workshop.business_units[0] = BusinessUnit(1, "Retail\r\nBanking\x01", 0, 10.0)
    workshop.business_units[1] = BusinessUnit(2, "Ünïcödé — Ελλάδα Москва " * 200, 1, 20.0)
    rate(workshop, 1, model.dimensions[0].id, "walk", "run")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a missing glyph would warn
        for figure in (radar_figure(workshop, [1]), radar_figure(workshop, [1, 2]), organisation_figure(workshop),
                       heatmap_figure(workshop)):
            width, height, _ = png_info(figure_png_bytes(figure, dpi=60))
            assert width < 60 * 20 and height < 60 * 20  # long names are cut, not drawn across the page
            texts = [t.get_text() for t in figure.findobj(lambda a: hasattr(a, "get_text"))]
            assert not any(c in text for text in texts for c in "\x1b\x01\r\t")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="pipes in the file system are a POSIX matter")
def test_a_pipe_where_the_picture_goes_is_replaced_not_written_into(figure, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Writing into a pipe that no one reads waits for ever; the picture takes the pipe's place instead."""
    out = tmp_path / "radar.png"
    os.mkfifo(out)
    signal.signal(signal.SIGALRM, lambda *_: pytest.fail("writing the picture waited on the pipe"))
    signal.alarm(20)
    try:
        save_figure(figure, out)
    finally:
        signal.alarm(0)
    assert out.is_file() and out.read_bytes().startswith(PNG_SIGNATURE)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["radar.png"]


def test_a_picture_that_cannot_be_written_leaves_nothing_half_written(figure, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "radar.svg"
    out.write_text("the picture before")

    def disk_full(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(OSError, match="No space"):
        save_figure(figure, out)
    assert out.read_text() == "the picture before"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["radar.svg"]
