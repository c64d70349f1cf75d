"""The window on a real X server (Xvfb, with the openbox window manager), timed from outside.

Run: ``.venv/bin/python -m benchmarks.xvfb_window [--units N] [--runs N]`` (needs ``Xvfb`` and
``openbox``: ``apt-get install xvfb openbox``). It starts its own X server on a free display
and a window manager on it, then, in new processes, alternately: a bare PySide6 window of the
same size (the floor) and the app's main window with a workshop of ``--units`` business units
open, each timed from starting the process until its window is mapped and exposed. Then the
Charts tab on a window left idle until the charts were warmed in the background: from opening
the tab to the first chart drawn. Aims: the window within 2x the bare one; the first chart
within 150 ms.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from benchmarks.startup import show_window
from benchmarks.synthetic import cached_workshop
from benchmarks.timing import ChildRun, summary

#: A screen with room for a 1280×800 window and the title bar above it: the app's first window
#: and the bare one are then the same size.
SCREEN = (1280, 832)


@contextmanager
def x_server(width: int = SCREEN[0], height: int = SCREEN[1]) -> Iterator[str]:
    """An Xvfb server with openbox on it, on a display no one uses; its name (``:N``)."""
    if shutil.which("Xvfb") is None or shutil.which("openbox") is None:
        raise SystemExit("needs Xvfb and openbox: apt-get install xvfb openbox")
    display = next(f":{n}" for n in range(90, 200) if not Path(f"/tmp/.X11-unix/X{n}").exists()
                   and not Path(f"/tmp/.X{n}-lock").exists())
    server = subprocess.Popen(["Xvfb", display, "-screen", "0", f"{width}x{height}x24", "-nolisten", "tcp"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    manager = None
    try:
        deadline = time.monotonic() + 20
        while not Path(f"/tmp/.X11-unix/X{display[1:]}").exists():
            if server.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"Xvfb did not start on {display}")
            time.sleep(0.05)
        manager = subprocess.Popen(["openbox"], env={**os.environ, "DISPLAY": display},
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(0.5)  # the window manager takes over the screen
        yield display
    finally:
        for process in (manager, server):
            if process is not None:
                process.terminate()
                process.wait(timeout=10)


def _chart_cpu(run: ChildRun) -> float:
    """The main thread's processor time from opening the Charts tab to the chart drawn (seconds)."""
    line = next(text for text, _ in run.lines if text.startswith("chart-cpu "))
    return float(line.split()[1]) / 1000


def measure(path: Path, runs: int = 9, chart_runs: int = 5) -> dict[str, Any]:
    plain = ("bare", "floor")
    for mode in ("bare", "floor", "app", "warm-chart"):  # unmeasured: files cached, bytecode compiled
        show_window(mode, None if mode in plain else path)
    shown: dict[str, list[float]] = {"bare": [], "floor": [], "app": []}
    cpu: dict[str, list[float]] = {"bare": [], "floor": [], "app": []}
    for index in range(runs):
        for mode in (("bare", "floor", "app") if index % 2 == 0 else ("app", "floor", "bare")):
            run = show_window(mode, None if mode in plain else path)
            shown[mode].append(run.seconds_until("shown"))
            cpu[mode].append(run.cpu_seconds)
    bare, window, bare_cpu, window_cpu = shown["bare"], shown["app"], cpu["bare"], cpu["app"]
    charts = [show_window("warm-chart", path) for _ in range(chart_runs)]
    return {
        "bare": summary(bare),
        "window": summary(window),
        "ratio": statistics.median(window) / statistics.median(bare),
        "floor": summary(shown["floor"]),
        "floor_ratio": statistics.median(shown["floor"]) / statistics.median(bare),
        # The processor time of each process (it leaves as soon as its window shows): a busy machine
        # stretches the wall-clock times above, much less these.
        "bare_cpu": summary(bare_cpu),
        "window_cpu": summary(window_cpu),
        "cpu_ratio": statistics.median(window_cpu) / statistics.median(bare_cpu),
        "warmed_after_shown": summary([r.seconds_until("warm") - r.seconds_until("shown") for r in charts]),
        "chart_tab": summary([r.seconds_until("chart") - r.seconds_until("warm") for r in charts]),
        "chart_tab_cpu": summary([_chart_cpu(r) for r in charts]),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--units", type=int, default=100)
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--chart-runs", type=int, default=5)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    path = cached_workshop(args.units)
    with x_server() as display:
        os.environ.update(DISPLAY=display, FINOPS_BENCH_PLATFORM="xcb")
        results = measure(path, args.runs, args.chart_runs)
    if args.json:
        print(json.dumps(results))
        return
    ms = 1000
    print(f"Xvfb + openbox, {args.units} business units, {args.runs} runs each")
    print(f"bare PySide6 window shown:   median {results['bare']['median'] * ms:.1f} ms "
          f"({results['bare']['min'] * ms:.1f}–{results['bare']['max'] * ms:.1f})")
    print(f"main window shown:           median {results['window']['median'] * ms:.1f} ms "
          f"({results['window']['min'] * ms:.1f}–{results['window']['max'] * ms:.1f})")
    print(f"ratio:                       {results['ratio']:.2f}x (aim: 2x or less)")
    print(f"its first frame in plain PySide6: median {results['floor']['median'] * ms:.1f} ms, "
          f"{results['floor_ratio']:.2f}x the bare window")
    print(f"processor time until shown:  bare {results['bare_cpu']['median'] * ms:.0f} ms, main window "
          f"{results['window_cpu']['median'] * ms:.0f} ms: {results['cpu_ratio']:.2f}x")
    print(f"charts warmed after shown:   median {results['warmed_after_shown']['median'] * ms:.0f} ms")
    print(f"Charts tab -> first chart:   median {results['chart_tab']['median'] * ms:.1f} ms "
          f"({results['chart_tab']['min'] * ms:.1f}–{results['chart_tab']['max'] * ms:.1f}; aim: 150 ms)")
    print(f"  of which main-thread processor time: median {results['chart_tab_cpu']['median'] * ms:.1f} ms "
          f"({results['chart_tab_cpu']['min'] * ms:.1f}–{results['chart_tab_cpu']['max'] * ms:.1f})")


if __name__ == "__main__":
    main()
