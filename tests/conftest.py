"""Shared fixtures: offline guard, gui marker, and workshop files in temporary folders."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from tests.helpers.workshops import make_workshop_file  # noqa: F401  (fixture helpers re-exported)

_INTERNET_FAMILIES = {socket.AF_INET, socket.AF_INET6}


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail any test that opens an internet socket: the app works offline."""
    real_socket = socket.socket

    class GuardedSocket(real_socket):  # type: ignore[misc,valid-type]
        def __init__(self, family: int = socket.AF_INET, *args: object, **kwargs: object) -> None:
            if family in _INTERNET_FAMILIES:
                raise AssertionError("the test opened an internet socket; the app must never touch the network")
            super().__init__(family, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(socket, "socket", GuardedSocket)

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the test tried to reach the network; the app must never touch the network")

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        fixtures = getattr(item, "fixturenames", ())
        if "qtbot" in fixtures or "qapp" in fixtures or "qtmodeltester" in fixtures:
            item.add_marker(pytest.mark.gui)


@pytest.fixture
def workshop_path(tmp_path: Path) -> Path:
    return tmp_path / "workshop.finops"
