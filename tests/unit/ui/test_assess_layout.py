"""At a larger text size the grid keeps priority over the detail panel, and the divider stays where it was put."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from finops_desktop.ui.main_window import MainWindow
from tests.helpers.ui_context import OFFSCREEN_PLATFORM_NOTICES
from tests.helpers.windows import window_on
from tests.helpers.workshops import make_workshop_file

pytestmark = OFFSCREEN_PLATFORM_NOTICES


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path) -> Iterator[MainWindow]:
    units = [(f"Unit {n}", 1000.0, {}) for n in range(12)]
    window = window_on(qtbot, tmp_path, make_workshop_file(tmp_path / "w.finops", units))
    yield window
    window.context.close_file()


def _rows_shown(window: MainWindow) -> float:
    assess = window.workspace.assess
    grid_height = assess.splitter.sizes()[0]
    return grid_height / assess.grid.verticalHeader().defaultSectionSize()


def test_at_150_percent_text_the_grid_keeps_half_the_height(qtbot: QtBot, window: MainWindow) -> None:
    window.set_font_scale(1.5)
    assess = window.workspace.assess
    qtbot.wait_until(lambda: assess.splitter.sizes()[0] >= assess.splitter.height() * 0.49, timeout=3000)
    assert _rows_shown(window) >= 5


def test_the_divider_is_remembered(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    assess = window.workspace.assess
    qtbot.wait_until(lambda: assess.splitter.height() > 0, timeout=3000)
    total = sum(assess.splitter.sizes())
    assess.splitter.moveSplitter(round(total * 0.3), 1)
    share = window.context.settings.assess_grid_share
    assert share is not None and 0.2 < share < 0.4
    assess._auto_fit = True  # as when the next file opens
    assess._fit_grid()
    assert abs(assess.splitter.sizes()[0] / total - share) < 0.05
