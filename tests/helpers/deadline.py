"""A time limit for a call that could block (a read of a FIFO): past it the test fails instead of hanging."""

from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType


class Blocked(Exception):
    """Not an ``OSError`` (as ``TimeoutError`` is), so that code catching those cannot hide it."""


@contextmanager
def deadline(seconds: float = 5.0) -> Iterator[None]:
    """Raise :class:`Blocked` in the block once ``seconds`` have passed (a blocked ``open`` is interrupted too)."""
    def expired(_signum: int, _frame: FrameType | None) -> None:
        raise Blocked(f"blocked for more than {seconds} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
