"""Python's cycle collector paused while a large result is built.

Planning a roadmap or building a workbook makes tens or hundreds of thousands of small
objects that all live on until the work ends. The collector would run many times meanwhile
and each time walk every object made so far (and those of the open workshop), finding
nothing to free: a third of the time of a 1,000-unit plan or export went on that. The work
makes no garbage cycles worth freeing before it ends, so nothing waits long to be freed.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """No automatic cycle collection inside the block (or the decorated function), as before after it."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
