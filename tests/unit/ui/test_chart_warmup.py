"""The charts warmed while the window is idle: never beside the Charts tab loading them itself."""

from __future__ import annotations

import subprocess
import sys
import textwrap


def run(code: str) -> str:
    result = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True,
                            timeout=120, env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"})
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_the_warm_up_loads_and_draws_the_charts_in_the_background() -> None:
    out = run("""
        import sys, threading
        from finops_desktop.ui import chart_warmup
        chart_warmup.warm_charts()
        chart_warmup.wait_until_warm()
        print("warm:", chart_warmup.is_warm(), all(m in sys.modules for m in chart_warmup.MODULES))
        print("threads left:", [t.name for t in threading.enumerate() if t.name == "chart warm-up"])
    """)
    assert "warm: True True" in out
    assert "threads left: []" in out


def test_no_warm_up_starts_once_the_charts_tab_loads_them() -> None:
    out = run("""
        from finops_desktop.ui import chart_warmup
        chart_warmup.charts_loading()
        chart_warmup.warm_charts()
        print("started:", chart_warmup._thread is not None)
    """)
    assert "started: False" in out


def test_the_charts_tab_takes_the_first_chart_built_while_idle_unless_the_workshop_changed(tmp_path) -> None:
    from tests.helpers.workshops import make_workshop_file

    path = make_workshop_file(tmp_path / "w.finops", [("Retail", 10.0, {"cost_visibility": ("walk", "run")}),
                                                      ("Payments", 5.0, {})])
    out = run(f"""
        from pathlib import Path
        from PySide6.QtCore import QEventLoop, QTimer
        from finops_desktop import app as desktop
        from finops_desktop.domain.workshop import Rating
        from finops_desktop.ui import chart_warmup

        def idle(ms):
            loop = QEventLoop()
            QTimer.singleShot(ms, loop.quit)
            loop.exec()

        application = desktop.application()
        window = desktop.open_window(Path({str(path)!r}))
        idle(desktop.PRELOAD_DELAY_MS + 100)
        chart_warmup.wait_until_warm()
        built = chart_warmup._prebuilt
        print("built ahead:", built is not None)
        window.workspace.show_tab(2)
        for _ in range(100):
            application.processEvents()
            view = window.workspace.charts.view
            if view is not None and view.chart is not None:
                break
        print("taken:", built is not None and view.chart is built[2])
        window.close()
    """)
    assert "built ahead: True" in out
    assert "taken: True" in out


def test_a_change_while_idle_discards_the_chart_built_ahead(tmp_path) -> None:
    from tests.helpers.workshops import make_workshop_file

    path = make_workshop_file(tmp_path / "w.finops", [("Retail", 10.0, {"cost_visibility": ("walk", "run")})])
    out = run(f"""
        from pathlib import Path
        from PySide6.QtCore import QEventLoop, QTimer
        from finops_desktop import app as desktop
        from finops_desktop.domain.workshop import Rating
        from finops_desktop.ui import chart_warmup

        application = desktop.application()
        window = desktop.open_window(Path({str(path)!r}))
        loop = QEventLoop()
        QTimer.singleShot(desktop.PRELOAD_DELAY_MS + 100, loop.quit)
        loop.exec()
        chart_warmup.wait_until_warm()
        file = window.context.file
        file.set_rating(file.workshop.business_units[0].id, "cost_visibility", Rating("crawl", "run"))
        print("kept after a change:", chart_warmup._prebuilt is not None)
        window.workspace.show_tab(2)
        for _ in range(100):
            application.processEvents()
            view = window.workspace.charts.view
            if view is not None and view.chart is not None:
                break
        import numpy as np
        line = view.chart.figure.findobj(lambda a: a.get_gid() == "current:1")[0]
        print("first spoke:", float(np.asarray(line.get_ydata())[0]))
        window.close()
    """)
    assert "kept after a change: False" in out
    assert "first spoke: 1.0" in out  # crawl, as changed: the chart was built from the workshop as it is


def test_a_process_ending_during_the_warm_up_waits_for_it_instead_of_aborting(tmp_path) -> None:
    from tests.helpers.workshops import make_workshop_file

    path = make_workshop_file(tmp_path / "w.finops", [("Retail", 10.0, {"cost_visibility": ("walk", "run")})])
    out = run(f"""
        import sys
        from pathlib import Path
        from PySide6.QtCore import QEventLoop, QTimer
        from finops_desktop import app as desktop
        from finops_desktop.ui import chart_warmup

        application = desktop.application()
        window = desktop.open_window(Path({str(path)!r}))
        loop = QEventLoop()
        QTimer.singleShot(desktop.PRELOAD_DELAY_MS + 20, loop.quit)
        loop.exec()
        print("warming:", chart_warmup._thread is not None and not chart_warmup._thread.daemon)
        sys.exit(0)  # while the thread is still at work
    """)
    assert "warming: True" in out  # run() asserts the process ended with status 0, not aborted
