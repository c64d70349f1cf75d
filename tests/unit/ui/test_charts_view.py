"""The Charts view follows the open file: an edit moves the chart's data, no new figure."""

from __future__ import annotations

import math
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from finops_desktop.domain.workshop import Rating
from finops_desktop.storage.workshop_file import WorkshopFile
from finops_desktop.ui.charts_view import MODE_HEATMAP, MODE_ORGANISATION, ChartsView
from tests.helpers.workshops import make_workshop_file

# Showing a window on the offscreen platform always warns that it cannot pass on size hints.
pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")

UNITS = [
    ("Retail", 3000.0, {"cost_visibility": ("walk", "run"), "tagging_coverage": ("crawl", "walk")}),
    ("Payments", 1000.0, {"cost_visibility": ("run", "run"), "commitment_strategy": ("na", "na")}),
    ("Lab", None, {"cost_visibility": ("crawl", "walk")}),
]


@pytest.fixture
def workshop_file(tmp_path: Path) -> Iterator[WorkshopFile]:
    path = make_workshop_file(tmp_path / "charts.finops", UNITS, client="Acme")
    file = WorkshopFile.open(path)
    yield file
    file.close()


@pytest.fixture
def view(qtbot: QtBot, workshop_file: WorkshopFile) -> ChartsView:
    widget = ChartsView(ask_path=lambda parent, suggested: None)
    qtbot.addWidget(widget)
    widget.resize(1100, 760)
    widget.set_file(workshop_file)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def line(view: ChartsView, gid: str) -> Line2D:
    assert view.chart is not None
    found = view.chart.figure.findobj(lambda a: a.get_gid() == gid)
    assert len(found) == 1
    artist = found[0]
    assert isinstance(artist, Line2D)
    return artist


def radii(view: ChartsView, gid: str) -> list[float]:
    return np.asarray(line(view, gid).get_ydata(), dtype=float)[:-1].tolist()


def bu_id(file: WorkshopFile, name: str) -> int:
    bu = file.workshop.business_unit_named(name)
    assert bu is not None
    return bu.id


def test_an_edit_moves_the_radar_without_a_new_figure(qtbot: QtBot, view: ChartsView,
                                                      workshop_file: WorkshopFile) -> None:
    retail = bu_id(workshop_file, "Retail")
    assert view.selected_units() == [retail]
    assert radii(view, f"current:{retail}")[:2] == [2, 1]
    before = line(view, f"current:{retail}")
    figure = view.chart.figure  # type: ignore[union-attr]
    with qtbot.waitSignal(view.chart_updated, timeout=2000):
        workshop_file.set_rating(retail, "tagging_coverage", Rating(current="run", target="run"))
    assert radii(view, f"current:{retail}")[1] == 3
    assert line(view, f"current:{retail}") is before
    assert view.chart.figure is figure  # type: ignore[union-attr]
    # Marked not applicable: a gap, not the lowest ring.
    workshop_file.set_rating(retail, "tagging_coverage", Rating(current="na"))
    assert math.isnan(radii(view, f"current:{retail}")[1])


def test_several_units_then_the_organisation_then_the_heatmap(qtbot: QtBot, view: ChartsView,
                                                              workshop_file: WorkshopFile) -> None:
    ids = [bu.id for bu in workshop_file.workshop.business_units]
    view.set_selected_units(ids)
    assert {f"current:{i}" for i in ids} <= {a.get_gid() for a in view.chart.figure.findobj()}  # type: ignore[union-attr]
    workshop_file.set_rating(ids[2], "cost_visibility", Rating(current="run"))
    assert radii(view, f"current:{ids[2]}")[0] == 3

    view.set_mode(MODE_ORGANISATION)
    assert radii(view, "mean")[0] == pytest.approx((2 * 3000 + 3 * 1000) / 4000)
    workshop_file.update_business_unit(ids[1], monthly_spend=3000.0)
    assert radii(view, "mean")[0] == pytest.approx((2 * 3000 + 3 * 3000) / 6000)

    view.set_mode(MODE_HEATMAP)
    assert view.chart is not None
    cell = view.chart.figure.findobj(lambda a: a.get_gid() == f"cell:{ids[0]}:anomaly_detection")[0]
    assert cell.get_text() == "not\nassessed"  # type: ignore[attr-defined]
    workshop_file.set_rating(ids[0], "anomaly_detection", Rating(current="walk", target="run"))
    assert cell.get_text() == "Walk\n→ Run"  # type: ignore[attr-defined]


def test_business_units_added_renamed_and_removed_follow(view: ChartsView, workshop_file: WorkshopFile) -> None:
    retail = bu_id(workshop_file, "Retail")
    added = workshop_file.add_business_unit("Insurance")
    assert [view.unit_list.item(i).text() for i in range(view.unit_list.count())] == [
        "Retail", "Payments", "Lab", "Insurance"]
    view.set_selected_units([retail, added.id])
    workshop_file.rename_business_unit(added.id, "Insurance & Pensions")
    assert view.chart is not None and view.chart.figure.legends
    assert "Insurance & Pensions" in [t.get_text() for t in view.chart.figure.legends[0].get_texts()]
    workshop_file.remove_business_unit(added.id)
    assert view.selected_units() == [retail]
    assert radii(view, f"current:{retail}")[0] == 2


def test_nothing_ticked_shows_a_hint_and_no_export(view: ChartsView) -> None:
    view.set_selected_units([])
    assert view.stack.currentWidget() is view.placeholder
    assert "Tick one business unit" in view.placeholder.text()
    assert not view.png_button.isEnabled()


def test_closing_the_file_stops_following_it(qtbot: QtBot, view: ChartsView, workshop_file: WorkshopFile) -> None:
    view.set_file(None)
    assert "Open a workshop" in view.placeholder.text()
    with qtbot.assertNotEmitted(view.chart_updated):
        workshop_file.set_rating(bu_id(workshop_file, "Retail"), "cost_visibility", Rating(current="run"))


def test_export_png_and_svg_and_copy(view: ChartsView, workshop_file: WorkshopFile, tmp_path: Path) -> None:
    png = view.export_to(tmp_path / "retail.png")
    assert png.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    svg = view.export_to(tmp_path / "retail.svg")
    assert b"<svg" in svg.read_bytes()[:2000]
    with pytest.raises(ValueError, match=r"\.png or \.svg"):
        view.export_to(tmp_path / "retail.gif")

    chosen = tmp_path / "chosen"
    view._ask_path = lambda parent, suggested: chosen  # the save dialog, answered
    view.export_with_dialog(".svg")
    assert (tmp_path / "chosen.svg").exists()
    assert "Saved chosen.svg" in view.status.text()

    view.copy_to_clipboard()
    clipboard = QGuiApplication.clipboard().mimeData()
    assert clipboard is not None and clipboard.hasImage()


def test_exports_render_at_the_charts_own_size_not_the_windows(view: ChartsView) -> None:
    view.resize(500, 400)
    figure = view.render_figure()
    assert isinstance(figure, Figure)
    from finops_desktop.charts import RadarChart

    workshop = view._workshop()
    assert workshop is not None
    printed = RadarChart(workshop, view.selected_units())  # at print size, whatever the window's text size
    assert tuple(figure.get_size_inches()) == pytest.approx(printed.design_size)


def test_matplotlib_waits_until_the_charts_are_shown(tmp_path: Path) -> None:
    path = make_workshop_file(tmp_path / "lazy.finops", UNITS)
    code = (
        "import sys\n"
        "from PySide6.QtWidgets import QApplication\n"
        "app = QApplication([])\n"
        "from finops_desktop.storage.workshop_file import WorkshopFile\n"
        "from finops_desktop.ui.charts_view import ChartsView\n"
        f"file = WorkshopFile.open({str(path)!r})\n"
        "view = ChartsView()\n"
        "view.set_file(file)\n"
        "assert 'matplotlib' not in sys.modules, 'imported before shown'\n"
        "view.show()\n"
        "app.processEvents()\n"
        "assert 'matplotlib' in sys.modules and view.chart is not None\n"
        "file.close()\n"
    )
    env = {"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                            env=env, cwd=Path(__file__).resolve().parents[3])
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("mode", ["units", MODE_ORGANISATION, MODE_HEATMAP])
def test_an_edit_redraws_only_what_changed_and_looks_as_a_full_redraw(qtbot: QtBot, view: ChartsView,
                                                                      workshop_file: WorkshopFile,
                                                                      mode: str) -> None:
    ids = [bu.id for bu in workshop_file.workshop.business_units]
    view.set_mode(mode)
    view.set_selected_units(ids)
    canvas = view.canvas
    assert canvas is not None
    qtbot.wait(50)  # the redraw the new chart asked for
    full_draws: list[object] = []
    canvas.mpl_connect("draw_event", full_draws.append)
    workshop_file.set_rating(ids[2], "tagging_coverage", Rating(current="run", target="run"))
    workshop_file.set_rating(ids[0], "cost_visibility", Rating(current="na"))
    qtbot.wait(50)
    assert full_draws == []  # nothing redrawn but the changed parts
    partial = np.asarray(canvas.buffer_rgba()).copy()
    canvas.draw()
    np.testing.assert_array_equal(partial, np.asarray(canvas.buffer_rgba()))


def test_the_votes_chart_follows_votes_as_they_are_given(view: ChartsView, workshop_file: WorkshopFile) -> None:
    from finops_desktop.ui.charts_view import MODE_SPREAD

    retail = bu_id(workshop_file, "Retail")
    ana = workshop_file.add_participant("Ana")
    ben = workshop_file.add_participant("Ben")
    view.set_mode(MODE_SPREAD)
    assert view.chart is not None
    cell = view.chart.figure.findobj(lambda a: a.get_gid() == f"cell:{retail}:anomaly_detection")[0]
    assert cell.get_text() == "no votes"  # type: ignore[attr-defined]
    workshop_file.set_vote(retail, "anomaly_detection", ana.id, "crawl")
    workshop_file.set_vote(retail, "anomaly_detection", ben.id, "run")
    assert cell.get_text() == "C 1 · W 0 · R 1"  # type: ignore[attr-defined]


def test_the_organisation_and_the_heatmap_compare_with_an_earlier_round(view: ChartsView,
                                                                       workshop_file: WorkshopFile) -> None:
    later = workshop_file.add_round("Later")
    workshop_file.set_rating(bu_id(workshop_file, "Lab"), "cost_visibility", Rating("walk", "run"), later.id)
    baseline = workshop_file.workshop.rounds[0].id
    view.set_round(later.id, baseline)
    view.set_mode(MODE_ORGANISATION)
    assert view.compare_combo.isVisibleTo(view)
    earlier = line(view, "earlier")
    assert earlier.get_visible() and not all(math.isnan(v) for v in radii(view, "earlier"))
    view.set_mode(MODE_HEATMAP)
    assert view.chart is not None
    texts = [t.get_text() for t in view.chart.figure.findobj(lambda a: hasattr(a, "get_text"))]
    assert any("was Crawl" in t for t in texts)


def test_the_organisation_shows_the_rings_after_each_wave_and_they_follow_a_rating(
        view: ChartsView, workshop_file: WorkshopFile) -> None:
    view.set_mode(MODE_ORGANISATION)
    assert view.chart is not None
    rings = [a for a in view.chart.figure.findobj(lambda a: str(a.get_gid() or "").startswith("after-wave-"))]
    assert rings, "no rings for the waves of the roadmap"
    before = [list(map(float, ring.get_ydata())) for ring in rings]  # type: ignore[attr-defined]
    lab = bu_id(workshop_file, "Lab")
    for dimension in workshop_file.workshop.model.dimensions:
        workshop_file.set_rating(lab, dimension.id, Rating("crawl", "run"))
    after = [list(map(float, ring.get_ydata())) for ring in rings]  # type: ignore[attr-defined]
    assert after != before
