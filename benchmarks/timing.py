"""What every benchmark needs: medians of several runs, and processes measured from outside.

Whole-process figures (the window showing, peak memory) come from a child process: the
time is taken from starting it to reading a line it prints, and the peak memory is the
``ru_maxrss`` the kernel reports for it when it ends (``os.wait4``).
"""

from __future__ import annotations

import json
import os
import selectors
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]


def bench_dir() -> Path:
    """Where the benchmarks keep generated workshops, the windows' settings, bytecode and scratch files.

    ``out/bench`` in the project, unless the environment variable ``FINOPS_BENCH_DIR`` names another folder.
    """
    return Path(os.environ.get("FINOPS_BENCH_DIR") or REPO / "out" / "bench")


def summary(times: Sequence[float]) -> dict[str, Any]:
    """Median, fastest and slowest of several runs (seconds), and how many there were."""
    return {"median": statistics.median(times), "min": min(times), "max": max(times), "runs": len(times)}


def time_runs(action: Callable[[], object], runs: int) -> list[float]:
    """Seconds taken by each of ``runs`` calls of ``action``."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return times


def scratch_folder() -> tempfile.TemporaryDirectory[str]:
    """A temporary folder on the same disk as the project (so that writes cost what they cost there)."""
    folder = bench_dir()
    folder.mkdir(parents=True, exist_ok=True)
    return tempfile.TemporaryDirectory(prefix="scratch-", dir=folder)


def child_environment() -> dict[str, str]:
    """The environment of every benchmark process.

    Qt draws offscreen (or on the platform ``FINOPS_BENCH_PLATFORM`` names, e.g. ``xcb`` on an X
    server, see :mod:`benchmarks.xvfb_window`); the app's settings and data live under ``out/bench/home``, so the
    benchmarks never touch the user's recent files. Bytecode is cached under
    ``out/bench/pycache``, as an installed app has its modules compiled; without it every
    start would compile the app's modules again. The project comes first on the path, so
    that every process runs this copy of the app, whatever else is installed.
    """
    folder = bench_dir()
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.update({
        "PYTHONPATH": os.pathsep.join(p for p in (str(REPO), env.get("PYTHONPATH", "")) if p),
        "QT_QPA_PLATFORM": os.environ.get("FINOPS_BENCH_PLATFORM") or "offscreen",
        "XDG_CONFIG_HOME": str(folder / "home" / "config"),
        "XDG_DATA_HOME": str(folder / "home" / "data"),
        "PYTHONPYCACHEPREFIX": str(folder / "pycache"),
        "FINOPS_BENCH_DIR": str(folder),
    })
    return env


@dataclass(frozen=True)
class ChildRun:
    """A finished child process: each line it printed with the seconds since it was started."""

    lines: list[tuple[str, float]]
    peak_rss_mb: float
    returncode: int
    stderr: str
    #: Processor time the process used, user and system (seconds): what a busy machine does not inflate.
    cpu_seconds: float = 0.0

    def seconds_until(self, line: str) -> float:
        for text, seconds in self.lines:
            if text == line:
                return seconds
        raise RuntimeError(f"the process never printed '{line}' (exit status {self.returncode}): "
                           f"{self.stderr.strip()[-2000:]}")


def run_child(argv: Sequence[str], *, timeout: float = 600.0) -> ChildRun:
    """Run ``argv`` in the benchmark environment; time its lines and measure its peak memory."""
    with tempfile.TemporaryFile() as errors:
        start = time.perf_counter()
        process = subprocess.Popen(list(argv), cwd=REPO, env=child_environment(), stdout=subprocess.PIPE,
                                   stderr=errors, stdin=subprocess.DEVNULL)
        assert process.stdout is not None
        lines: list[tuple[str, float]] = []
        pending = b""
        with selectors.DefaultSelector() as selector:
            selector.register(process.stdout, selectors.EVENT_READ)
            while True:
                left = start + timeout - time.perf_counter()
                if left <= 0:
                    process.kill()
                    break
                if not selector.select(left):
                    continue
                chunk = os.read(process.stdout.fileno(), 65536)
                now = time.perf_counter() - start
                if not chunk:
                    break
                pending += chunk
                while b"\n" in pending:
                    line, pending = pending.split(b"\n", 1)
                    lines.append((line.decode().strip(), now))
        process.stdout.close()
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
        errors.seek(0)
        stderr = errors.read().decode(errors="replace")
    # ru_maxrss is in KiB on Linux; reported here in MB (10^6 bytes).
    return ChildRun(lines, usage.ru_maxrss * 1024 / 1e6, process.returncode, stderr,
                    usage.ru_utime + usage.ru_stime)


def run_module(module: str, *args: str, timeout: float = 3600.0) -> tuple[dict[str, Any], float]:
    """Run ``python -m module --json ARGS``: the numbers it printed, and its peak memory in MB."""
    run = run_child([sys.executable, "-m", module, "--json", *args], timeout=timeout)
    if run.returncode != 0 or not run.lines:
        raise RuntimeError(f"{module} failed (exit status {run.returncode}): {run.stderr.strip()[-2000:]}")
    return json.loads(run.lines[-1][0]), run.peak_rss_mb
