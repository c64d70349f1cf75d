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
