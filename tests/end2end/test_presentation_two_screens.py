"""With a projector attached, the audience sees the presentation there and the laptop keeps the controls.

Qt's offscreen platform is given two screens (a 1280×720 laptop and a 1920×1080 projector) in
a process of its own; the presentation must pick the projector by itself.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers.workshops import make_workshop_file

pytestmark = pytest.mark.slow

SCREENS = {"screens": [
    {"name": "laptop", "x": 0, "y": 0, "width": 1280, "height": 720, "logicalDpi": 96},
    {"name": "projector", "x": 1280, "y": 0, "width": 1920, "height": 1080, "logicalDpi": 96},
]}

DRIVER = """
import json, sys
from pathlib import Path
from PySide6.QtWidgets import QApplication
app = QApplication([])
from finops_desktop.ui.main_window import MainWindow
from finops_desktop.ui import votes_actions
from tests.helpers.ui_context import make_context
folder = Path(sys.argv[1])
window = MainWindow(make_context(folder))
window.setScreen(app.screens()[0])
window.show()
window.open_path(folder / "w.finops")
windows = votes_actions.present(window)
app.processEvents()
print(json.dumps({
    "screens": [s.name() for s in app.screens()],
    "view": windows.view.screen().name(),
    "view_size": [windows.view.width(), windows.view.height()],
    "full_screen": windows.view.isFullScreen(),
    "controls": windows.controls.screen().name() if windows.controls else None,
    "hint_on_projector": windows.view.footer.isVisible(),
}))
"""


def test_the_projector_shows_the_presentation_and_the_laptop_the_controls(tmp_path: Path) -> None:
    make_workshop_file(tmp_path / "w.finops", [("Retail", 1000.0, {})])
    config = tmp_path / "screens.json"
    config.write_text(json.dumps(SCREENS))
    env = {**os.environ, "QT_QPA_PLATFORM": f"offscreen:configfile={config}",
           "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    result = subprocess.run([sys.executable, "-c", DRIVER, str(tmp_path)], capture_output=True, text=True,
                            timeout=120, env=env, check=False)
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout.strip().splitlines()[-1])
    assert found["screens"] == ["laptop", "projector"]
    assert found["view"] == "projector"
    assert found["full_screen"]
    assert found["view_size"] == [1920, 1080]
    assert found["controls"] == "laptop"
    assert found["hint_on_projector"] is False
