"""Starting the app: ``finops-desktop [FILE]`` opens the file; start-up loads no charting, Excel or numpy, and the
charts are warmed only once the window is idle."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from finops_desktop.app import parse_arguments
from tests.helpers.workshops import make_workshop_file

REPO = Path(__file__).resolve().parents[2]


def run_python(code: str, tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": str(tmp_path / "config"),
           "XDG_DATA_HOME": str(tmp_path / "data"), "HOME": str(tmp_path / "home")}
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code), *args], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=120, check=False)


def opened_once(tmp_path: Path) -> Path:
    """A workshop file, opened once in this home: the very first start builds the schema's reference
    (with sqlite-utils) and keeps it in the cache folder, as a consultant's first start does."""
    path = make_workshop_file(tmp_path / "w.finops", [("Retail", 1000.0, {"cost_visibility": ("walk", "run")})])
    first = run_python("""
        import sys
        from finops_desktop.storage.workshop_file import WorkshopFile
        WorkshopFile.open(sys.argv[1], read_only=True).close()
    """, tmp_path, str(path))
    assert first.returncode == 0, first.stderr
    return path


@pytest.mark.slow
def test_the_window_opens_a_file_without_loading_matplotlib_openpyxl_or_numpy(tmp_path: Path) -> None:
    path = opened_once(tmp_path)
    result = run_python("""
        import sys
        from pathlib import Path
        from PySide6.QtCore import QEventLoop, QTimer
        from finops_desktop import app as desktop
        from finops_desktop.domain.workshop import Rating

        HEAVY = ("matplotlib", "openpyxl", "numpy")
        # Loaded only when first used: the libraries of the charts, the export, billing data and the
        # questionnaires; the other tabs, dialogs and the evidence of a workshop that has none.
        LATER = ("duckdb", "sqlglot", "python_calamine", "sqlite_utils", "secrets", "calendar",
                 "finops_desktop.evidence.report", "finops_desktop.storage.evidence_tables",
                 "finops_desktop.ui.evidence_view", "finops_desktop.ui.charts_view",
                 "finops_desktop.ui.roadmap_view", "finops_desktop.ui.business_units_panel",
                 "finops_desktop.ui.presentation", "finops_desktop.ui.start_screen",
                 "finops_desktop.ui.assumptions_editor", "finops_desktop.ui.billing_import_dialog")
        app = desktop.application()
        window = desktop.open_window(Path(sys.argv[1]))
        app.processEvents()
        print("title:", window.windowTitle())
        print("style:", app.style().name())
        print("loaded at start:", sorted(m for m in HEAVY if m in sys.modules))
        print("loaded later at start:", sorted(m for m in LATER if m in sys.modules))

        # Left alone, the window loads what the first edit needs, then warms the charts in the
        # background; Excel waits until an export.
        idle = QEventLoop()
        QTimer.singleShot(desktop.PRELOAD_DELAY_MS + 500, idle.quit)
        idle.exec()
        from finops_desktop.ui.chart_warmup import is_warm, wait_until_warm
        wait_until_warm()
        print("warmed:", is_warm())
        print("loaded while idle:", sorted(m for m in HEAVY if m in sys.modules))
        print("ready to write:", "sqlite_utils" in sys.modules)
        file = window.context.file
        bu = file.workshop.business_units[0]
        file.set_rating(bu.id, "tagging_coverage", Rating("walk", "run"))
        print("rated:", file.workshop.rating(bu.id, "tagging_coverage").current)

        # The charts load matplotlib (and numpy) when first shown, and draw.
        window.workspace.show_tab(2)
        for _ in range(50):
            app.processEvents()
            view = window.workspace.charts.view
            if view is not None and view.chart is not None:
                break
        print("chart shown:", view is not None and view.chart is not None)
        from finops_desktop.charts import figure_png_bytes
        print("picture:", figure_png_bytes(view.render_figure())[1:4].decode())
        print("numpy:", type(sys.modules["numpy"]).__name__, hasattr(sys.modules["numpy"], "ndarray"))
        window.close()
    """, tmp_path, str(path))
    assert result.returncode == 0, result.stderr
    assert "title: Test client — w.finops" in result.stdout
    assert "loaded at start: []" in result.stdout
    assert "loaded later at start: []" in result.stdout
    assert "style: fusion" in result.stdout
    assert "warmed: True" in result.stdout
    assert "loaded while idle: ['matplotlib', 'numpy']" in result.stdout
    assert "ready to write: True" in result.stdout
    assert "rated: walk" in result.stdout
    assert "chart shown: True" in result.stdout
    assert "picture: PNG" in result.stdout
    assert "numpy: module True" in result.stdout


@pytest.mark.slow
def test_the_start_pauses_the_cycle_collector_until_the_window_has_shown_and_loads_no_tools(tmp_path: Path) -> None:
    path = opened_once(tmp_path)
    result = run_python("""
        import gc, sys
        from finops_desktop import app as desktop

        window = desktop.launch([sys.argv[1]])
        print("collector during the start:", gc.isenabled())
        print("last resort:", sys.excepthook.__module__)
        # Only for a platform check that is made, a file's hash, a new file's folder, the first write.
        print("tools loaded:", sorted(m for m in ("ctypes", "hashlib", "platformdirs", "sqlite_utils")
                                      if m in sys.modules))
        from PySide6.QtCore import QEventLoop, QTimer
        idle = QEventLoop()
        QTimer.singleShot(desktop.PRELOAD_DELAY_MS + 200, idle.quit)
        idle.exec()
        print("collector once shown:", gc.isenabled())
        print("title:", window.windowTitle())
        window.close()
    """, tmp_path, str(path))
    assert result.returncode == 0, result.stderr
    said = result.stdout.splitlines()
    for line in ("collector during the start: False", "tools loaded: []", "collector once shown: True",
                 "last resort: finops_desktop.ui.unexpected_error",
                 "title: Test client — w.finops"):
        assert line in said, result.stdout


@pytest.mark.slow
def test_main_runs_until_the_window_quits(tmp_path: Path) -> None:
    path = make_workshop_file(tmp_path / "w.finops", [("Retail", None, {})])
    result = run_python("""
        import sys
        from PySide6.QtCore import QTimer
        from PySide6.QtWidgets import QApplication
        from finops_desktop import app as desktop

        application = desktop.application()
        def report_and_quit():
            window = next(w for w in QApplication.topLevelWidgets() if w.objectName() == "mainWindow")
            print("title:", window.windowTitle())
            window.close()
            application.quit()
        QTimer.singleShot(300, report_and_quit)
        sys.exit(desktop.main([sys.argv[1]]))
    """, tmp_path, str(path))
    assert result.returncode == 0, result.stderr
    assert "title: Test client — w.finops" in result.stdout


def test_the_command_line_takes_an_optional_file(capsys: pytest.CaptureFixture[str]) -> None:
    assert parse_arguments([]) is None
    assert parse_arguments(["a b.finops"]) == Path("a b.finops")
    assert parse_arguments(["--", "-dash.finops"]) == Path("-dash.finops")
    for wrong in (["--nonsense"], ["a.finops", "b.finops"], ["-x.finops"]):
        with pytest.raises(SystemExit) as stopped:
            parse_arguments(wrong)
        assert stopped.value.code == 2
        assert "usage: finops-desktop" in capsys.readouterr().err
    with pytest.raises(SystemExit) as helped:
        parse_arguments(["--help"])
    assert helped.value.code == 0 and "a workshop file" in capsys.readouterr().out
