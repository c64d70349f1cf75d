"""The check of Qt's X11 plugin before the window starts: what is missing, and the command that fixes it.

The plugin's libraries are hidden from the loader by a copy of Qt's xcb library whose list of
needed libraries names one that no system has; Qt itself fails to load such a plugin too.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from finops_desktop import platform_check
from finops_desktop.platform_check import (
    PlatformProblem,
    check_platform,
    dynamic_entries,
    install_missing,
    missing_libraries,
    needed_libraries,
    qt_folder,
    uses_xcb,
)

QT = qt_folder()
linux_qt = pytest.mark.skipif(not sys.platform.startswith("linux") or QT is None
                              or not (QT / "plugins" / "platforms" / "libqxcb.so").is_file(),
                              reason="needs PySide6's Linux xcb plugin")
HIDDEN = "libxcb-cursoz.so.0"  # same length as libxcb-cursor.so.0: the ELF string table keeps its layout


def loads_everything(_name: str) -> None:
    return None


@pytest.fixture
def plugin_missing_a_library(tmp_path: Path) -> Path:
    """A platform plugin folder whose xcb plugin needs a library no loader can find."""
    assert QT is not None
    source = (QT / "lib" / "libQt6XcbQpa.so.6").read_bytes()
    assert b"libxcb-cursor.so.0" in source
    folder = tmp_path / "platforms"
    folder.mkdir()
    (folder / "libqxcb.so").write_bytes(source.replace(b"libxcb-cursor.so.0", HIDDEN.encode()))
    return folder


@linux_qt
def test_the_needed_libraries_are_read_from_the_plugin_itself() -> None:
    assert QT is not None
    assert "libQt6XcbQpa.so.6" in needed_libraries(QT / "plugins" / "platforms" / "libqxcb.so")
    assert "libxcb-cursor.so.0" in needed_libraries(QT / "lib" / "libQt6XcbQpa.so.6")


@linux_qt
def test_a_library_hidden_from_the_loader_is_named_with_the_command(plugin_missing_a_library: Path) -> None:
    environ = {"QT_QPA_PLATFORM": "xcb", "QT_QPA_PLATFORM_PLUGIN_PATH": str(plugin_missing_a_library)}
    problem = check_platform(environ)
    assert problem is not None
    assert HIDDEN in problem.missing
    assert HIDDEN in problem.line and "cannot open a window" in problem.line


@linux_qt
def test_a_library_the_system_lacks_names_its_debian_package() -> None:
    def no_cursor_library(name: str) -> str | None:
        return name if name == "libxcb-cursor.so.0" else None

    problem = check_platform({"QT_QPA_PLATFORM": "xcb"}, loader=no_cursor_library)
    assert problem is not None
    assert problem.missing == ("libxcb-cursor.so.0",)
    assert problem.packages == ("libxcb-cursor0",)
    assert problem.command.endswith("apt-get install libxcb-cursor0")
    assert problem.line.endswith(problem.command)


@linux_qt
def test_nothing_is_reported_when_every_library_loads() -> None:
    assert check_platform({"QT_QPA_PLATFORM": "xcb"}, loader=loads_everything) is None


@linux_qt
def test_the_libraries_qt_ships_are_followed_not_asked_of_the_system() -> None:
    assert QT is not None
    asked: list[str] = []

    def record(name: str) -> None:
        asked.append(name)

    missing_libraries(QT / "plugins" / "platforms" / "libqxcb.so", [QT / "lib"], record)
    assert "libxcb-cursor.so.0" in asked  # found only by following libQt6XcbQpa
    assert not any(name.startswith("libQt6") for name in asked)


def test_the_check_applies_only_where_qt_would_start_its_x11_plugin() -> None:
    assert uses_xcb({}, "linux")
    assert uses_xcb({"QT_QPA_PLATFORM": "xcb"}, "linux")
    assert not uses_xcb({"QT_QPA_PLATFORM": "offscreen"}, "linux")
    assert not uses_xcb({"WAYLAND_DISPLAY": "wayland-0", "XDG_SESSION_TYPE": "wayland"}, "linux")
    assert not uses_xcb({}, "win32")
    assert check_platform({"QT_QPA_PLATFORM": "offscreen"}, loader=lambda name: name) is None


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300))
def test_a_file_that_is_not_a_shared_library_is_refused_with_a_value_error(tmp_path_factory: pytest.TempPathFactory,
                                                                           data: bytes) -> None:
    path = tmp_path_factory.mktemp("elf") / "libqxcb.so"
    path.write_bytes(b"\x7fELF\x02\x01" + data if data[:1] != b"!" else data)
    try:
        dynamic_entries(path)
    except ValueError:
        pass
    assert missing_libraries(path, [], lambda name: name) is not None


@linux_qt
def test_the_app_prints_one_line_instead_of_qts_abort(plugin_missing_a_library: Path, tmp_path: Path) -> None:
    environ = {key: value for key, value in os.environ.items() if not key.startswith(("QT_", "WAYLAND", "XDG_S"))}
    environ.update(QT_QPA_PLATFORM="xcb", QT_QPA_PLATFORM_PLUGIN_PATH=str(plugin_missing_a_library),
                   HOME=str(tmp_path), XDG_CONFIG_HOME=str(tmp_path / "config"))
    result = subprocess.run([sys.executable, "-m", "finops_desktop"], env=environ, capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 3, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert HIDDEN in lines[0]
    assert "could not load the qt platform plugin" not in result.stderr.lower()


# make run ------------------------------------------------------------------------------

PROBLEM = PlatformProblem(("libxcb-icccm.so.4",), ("libxcb-icccm4",), "sudo apt-get install libxcb-icccm4")


class CountedCheck:
    """check_platform as the app would see it, counting the checks actually made."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, problem: PlatformProblem | None = None) -> None:
        self.made = 0
        self.problem = problem
        monkeypatch.setattr(platform_check, "check_platform", self)

    def __call__(self, environ: object = None) -> PlatformProblem | None:
        self.made += 1
        return self.problem


@linux_qt
def test_a_passed_check_is_not_made_again_until_the_plugin_or_the_systems_libraries_change(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, plugin_missing_a_library: Path) -> None:
    remembered = tmp_path / "cache" / "platform-checked"
    loader_index = tmp_path / "ld.so.cache"
    loader_index.write_bytes(b"index")
    monkeypatch.setattr(platform_check, "LOADER_CACHE", loader_index)
    check = CountedCheck(monkeypatch)
    environ = {"QT_QPA_PLATFORM": "xcb"}
    assert platform_check.check_platform_once(environ, remembered=remembered) is None
    assert platform_check.check_platform_once(environ, remembered=remembered) is None
    assert check.made == 1 and remembered.is_file()
    loader_index.write_bytes(b"index after a package installed or removed a library")
    assert platform_check.check_platform_once(environ, remembered=remembered) is None
    assert check.made == 2
    other_plugin = {**environ, "QT_QPA_PLATFORM_PLUGIN_PATH": str(plugin_missing_a_library)}
    assert platform_check.check_platform_once(other_plugin, remembered=remembered) is None
    assert check.made == 3
    for changed in ({**environ, "LD_LIBRARY_PATH": str(tmp_path)}, environ):
        platform_check.check_platform_once(changed, remembered=remembered)
    assert check.made == 5


@linux_qt
def test_a_problem_is_never_remembered(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    remembered = tmp_path / "platform-checked"
    problem = platform_check.problem_for(["libxcb-cursor.so.0"], as_root=True, has_apt=True)
    check = CountedCheck(monkeypatch, problem)
    for _ in range(2):
        assert platform_check.check_platform_once({"QT_QPA_PLATFORM": "xcb"}, remembered=remembered) == problem
    assert check.made == 2 and not remembered.exists()


def test_no_check_is_made_or_remembered_where_qt_will_not_start_its_x11_plugin(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    check = CountedCheck(monkeypatch)
    remembered = tmp_path / "platform-checked"
    assert platform_check.check_platform_once({"QT_QPA_PLATFORM": "offscreen"}, remembered=remembered) is None
    assert check.made == 0 and not remembered.exists()


@linux_qt
def test_an_unreadable_remembered_check_is_made_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    remembered = tmp_path / "platform-checked"
    remembered.write_bytes(b"\xff\xfe not a key")
    check = CountedCheck(monkeypatch)
    assert platform_check.check_platform_once({"QT_QPA_PLATFORM": "xcb"}, remembered=remembered) is None
    assert check.made == 1 and remembered.read_text(encoding="utf-8") != "not a key"


def test_make_run_installs_the_packages_as_root_and_checks_again() -> None:
    commands: list[list[str]] = []
    answers = iter([PROBLEM, None])
    assert install_missing(lambda: next(answers), lambda argv: commands.append(argv) or 0, as_root=True) == 0
    assert commands == [["apt-get", "install", "-y", "libxcb-icccm4"]]


def test_make_run_says_why_before_it_asks_sudo(capsys: pytest.CaptureFixture[str]) -> None:
    commands: list[list[str]] = []
    answers = iter([PROBLEM, None])
    assert install_missing(lambda: next(answers), lambda argv: commands.append(argv) or 0, as_root=False,
                           has_sudo=True) == 0
    assert commands == [["sudo", "apt-get", "install", "-y", "libxcb-icccm4"]]
    out = capsys.readouterr().out
    assert "libxcb-icccm.so.4" in out and "sudo" in out and "password" in out


def test_make_run_stops_with_the_command_when_it_cannot_install(capsys: pytest.CaptureFixture[str]) -> None:
    def refuse(argv: list[str]) -> int:
        raise AssertionError(f"nothing may run without root or sudo: {argv}")

    assert install_missing(lambda: PROBLEM, refuse, as_root=False, has_sudo=False) == 1
    assert "apt-get install libxcb-icccm4" in capsys.readouterr().err


def test_make_run_stops_when_the_installation_fails(capsys: pytest.CaptureFixture[str]) -> None:
    assert install_missing(lambda: PROBLEM, lambda argv: 100, as_root=False, has_sudo=True) == 1
    assert "sudo apt-get install libxcb-icccm4" in capsys.readouterr().err


def test_make_run_goes_on_when_nothing_is_missing() -> None:
    assert install_missing(lambda: None, lambda argv: 1 / 0) == 0  # type: ignore[func-returns-value]


def test_the_package_list_covers_the_readme() -> None:
    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    for package in ("libxcb-cursor0", "libxcb-icccm4", "libxcb-keysyms1", "libxkbcommon-x11-0"):
        assert package in platform_check.DEBIAN_PACKAGES.values()
        assert package in readme


# What is remembered is read and written safely ------------------------------------------------------------


def _fifo(path: Path, elsewhere: Path) -> None:
    os.mkfifo(path)


def _link_to_a_fifo(path: Path, elsewhere: Path) -> None:
    os.mkfifo(elsewhere / "fifo")
    path.symlink_to(elsewhere / "fifo")


def _link_to_the_key(path: Path, elsewhere: Path) -> None:
    """A link to a file holding the right key: not followed, so not taken as a check made."""
    (elsewhere / "a key").write_text(_key_now(), encoding="utf-8")
    path.symlink_to(elsewhere / "a key")


def _key_now() -> str:
    remembered = Path(os.environ["XDG_CACHE_HOME"]) / "probe"
    platform_check.check_platform_once({"QT_QPA_PLATFORM": "xcb"}, remembered=remembered)
    return remembered.read_text(encoding="utf-8")


@linux_qt
@pytest.mark.parametrize("make", [_fifo, _link_to_a_fifo, _link_to_the_key])
def test_a_fifo_or_a_link_in_place_of_the_remembered_check_never_blocks_the_start(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, make: object) -> None:
    from tests.helpers.deadline import deadline

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    (tmp_path / "cache").mkdir()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    remembered = tmp_path / "cache" / "platform-checked"
    check = CountedCheck(monkeypatch)
    make(remembered, elsewhere)  # type: ignore[operator]
    check.made = 0
    with deadline(5):
        assert platform_check.check_platform_once({"QT_QPA_PLATFORM": "xcb"}, remembered=remembered) is None
    assert check.made == 1, "not remembered: checked again"
    assert remembered.is_file() and not remembered.is_symlink()
    assert [p.name for p in elsewhere.iterdir() if p.is_file()] in ([], ["a key"])


@linux_qt
def test_a_link_planted_under_the_temporary_name_is_left_alone_and_its_target_unchanged(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    remembered = tmp_path / "cache" / "platform-checked"
    remembered.parent.mkdir()
    notes = tmp_path / "notes.txt"
    notes.write_text("the user's notes", encoding="utf-8")
    planted = remembered.with_name(f".{remembered.name}.{os.getpid()}")  # the name an earlier version wrote to
    planted.symlink_to(notes)
    CountedCheck(monkeypatch)
    assert platform_check.check_platform_once({"QT_QPA_PLATFORM": "xcb"}, remembered=remembered) is None
    assert notes.read_text(encoding="utf-8") == "the user's notes"
    assert planted.is_symlink() and os.readlink(planted) == str(notes)
    assert remembered.is_file() and not remembered.is_symlink() and remembered.read_text(encoding="utf-8")
    assert sorted(p.name for p in remembered.parent.iterdir()) == sorted([remembered.name, planted.name])


@linux_qt
def test_a_remembered_check_longer_than_any_key_is_not_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    remembered = tmp_path / "platform-checked"
    with remembered.open("wb") as out:
        out.truncate(1 << 40)  # sparse: as long as a device that never ends
    check = CountedCheck(monkeypatch)
    assert platform_check.check_platform_once({"QT_QPA_PLATFORM": "xcb"}, remembered=remembered) is None
    assert check.made == 1 and remembered.stat().st_size < platform_check.MAX_REMEMBERED
