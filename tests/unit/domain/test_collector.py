"""The cycle collector is paused inside a plan or an export and left as it was after, whatever happens."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from finops_desktop.domain.collector import collector_paused


@pytest.mark.parametrize("enabled", [True, False])
def test_the_collector_is_paused_inside_and_as_it_was_after(enabled: bool) -> None:
    was = gc.isenabled()
    try:
        gc.enable() if enabled else gc.disable()
        with collector_paused():
            assert not gc.isenabled()
        assert gc.isenabled() is enabled
        with pytest.raises(RuntimeError), collector_paused():
            raise RuntimeError("the work failed")
        assert gc.isenabled() is enabled
    finally:
        gc.enable() if was else gc.disable()


def test_a_decorated_function_runs_paused_and_leaves_the_collector_running(tmp_path: Path) -> None:
    from finops_desktop.demo_workshop import write_demo
    from finops_desktop.domain import planner

    seen = []

    @collector_paused()
    def work(value: int) -> int:
        seen.append(gc.isenabled())
        return value * 2

    assert gc.isenabled()
    assert work(21) == 42 and seen == [False]
    with write_demo(tmp_path / "demo.finops") as file:
        assert planner.plan_roadmap(file.workshop).items
    assert gc.isenabled()
