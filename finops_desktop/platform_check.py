"""Before Qt starts: can its X11 (xcb) platform plugin load on this machine?

Qt aborts with "could not load the Qt platform plugin xcb" when a system library the plugin
links to is missing, which is the usual state of a fresh Debian or Ubuntu laptop. This module
reads the libraries the plugin needs from its ELF header (as ``ldd`` would), follows the ones
Qt ships, asks the system's loader for the others, and says in one line what is missing and
the command that installs it. It imports no Qt, so it runs before the QApplication exists.

``python -m finops_desktop.platform_check --install`` is what ``make run`` calls: it installs
the missing packages with apt-get (as root, or through sudo after saying why), or prints the
exact command and exits 1.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from .domain.record import record

if TYPE_CHECKING:
    import mmap

PLUGIN_FILE = "libqxcb.so"

#: Debian and Ubuntu packages of the libraries Qt's xcb plugin (and the Qt libraries behind it) load.
DEBIAN_PACKAGES: dict[str, str] = {
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libOpenGL.so.0": "libopengl0",
    "libGLX.so.0": "libglx0",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libdbus-1.so.3": "libdbus-1-3",
    "libglib-2.0.so.0": "libglib2.0-0",
    "libgthread-2.0.so.0": "libglib2.0-0",
    "libX11.so.6": "libx11-6",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libSM.so.6": "libsm6",
    "libICE.so.6": "libice6",
    "libxcb.so.1": "libxcb1",
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-xinerama.so.0": "libxcb-xinerama0",
    "libxcb-xinput.so.0": "libxcb-xinput0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxcb-glx.so.0": "libxcb-glx0",
}

_DT_NEEDED, _DT_RPATH, _DT_RUNPATH = 1, 15, 29
_SHT_DYNAMIC = 6


@record
class PlatformProblem:
    """Why Qt's window cannot start here, and what fixes it."""

    missing: tuple[str, ...]
    packages: tuple[str, ...]
    command: str

    @property
    def line(self) -> str:
        """The one line printed instead of Qt's abort."""
        names = ", ".join(self.missing)
        unknown = [name for name in self.missing if name not in DEBIAN_PACKAGES]
        if self.command:
            fix = f"Fix: {self.command}" + (f" (and install what provides {', '.join(unknown)})" if unknown else "")
        else:
            fix = "Fix: install the system packages that provide them"
        return (f"finops-desktop: cannot open a window: Qt's X11 platform plugin needs {names}, "
                f"missing on this system. {fix}")


# Reading the plugin --------------------------------------------------------------------


def dynamic_entries(path: Path) -> dict[int, list[str]]:
    """The string entries of an ELF file's dynamic section (needed libraries, run paths), by tag.

    Raises ``ValueError`` for a file that is not an ELF shared library this can read.
    """
    import mmap
    import struct

    with path.open("rb") as file:
        try:
            data = mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ)  # reads only the pages looked at
        except ValueError as error:  # an empty file
            raise ValueError(f"{path} is not an ELF file") from error
    with data:
        try:
            return _dynamic_entries(data, path)
        except (struct.error, IndexError, OverflowError) as error:
            raise ValueError(f"{path} is not an ELF file this can read") from error


def _dynamic_entries(data: mmap.mmap, path: Path) -> dict[int, list[str]]:
    import struct

    if data[:4] != b"\x7fELF" or len(data) < 64:
        raise ValueError(f"{path} is not an ELF file")
    wide = data[4] == 2
    order = "<" if data[5] == 1 else ">"
    if wide:
        shoff, = struct.unpack_from(order + "Q", data, 0x28)
        shentsize, shnum = struct.unpack_from(order + "HH", data, 0x3A)
        section = order + "IIQQQQIIQQ"
        entry, entry_size = order + "qQ", 16
    else:
        shoff, = struct.unpack_from(order + "I", data, 0x20)
        shentsize, shnum = struct.unpack_from(order + "HH", data, 0x2E)
        section = order + "IIIIIIIIII"
        entry, entry_size = order + "iI", 8
    sections = [struct.unpack_from(section, data, shoff + i * shentsize) for i in range(shnum)]
    dynamic = next((s for s in sections if s[1] == _SHT_DYNAMIC), None)
    if dynamic is None:
        raise ValueError(f"{path} has no dynamic section")
    offset, size, link = dynamic[4], dynamic[5], dynamic[6]
    strtab_offset = sections[link][4]
    found: dict[int, list[str]] = {}
    for position in range(offset, offset + size, entry_size):
        tag, value = struct.unpack_from(entry, data, position)
        if tag == 0:
            break
        if tag in (_DT_NEEDED, _DT_RPATH, _DT_RUNPATH):
            start = strtab_offset + value
            found.setdefault(tag, []).append(data[start:data.find(b"\0", start)].decode("utf-8", "replace"))
    return found


def needed_libraries(path: Path) -> list[str]:
    """The libraries an ELF file names as needed (its ``DT_NEEDED`` entries)."""
    return dynamic_entries(path).get(_DT_NEEDED, [])


def _run_paths(path: Path, entries: Mapping[int, list[str]]) -> list[Path]:
    folders: list[Path] = []
    for tag in (_DT_RUNPATH, _DT_RPATH):
        for value in entries.get(tag, []):
            for part in value.split(":"):
                if part:
                    folders.append(Path(part.replace("$ORIGIN", str(path.parent)).replace("${ORIGIN}",
                                                                                        str(path.parent))))
    return folders


def system_loader_finds(name: str) -> str | None:
    """Ask the dynamic loader for a library by name: ``None`` if it loads, else the library it lacks."""
    import ctypes

    try:
        ctypes.CDLL(name)
    except OSError as error:
        first = str(error).split(":", 1)[0].strip()
        return first if first.startswith("lib") and ".so" in first else name
    return None


def missing_libraries(plugin: Path, shipped: Sequence[Path] = (),
                      loader: Callable[[str], str | None] = system_loader_finds) -> list[str]:
    """The libraries ``plugin`` needs, directly or through the libraries shipped with it, that cannot load.

    ``shipped`` are folders of libraries that come with Qt (the wheel's or the bundle's): a
    library found there is followed; any other is asked of the system's ``loader``.
    """
    missing: list[str] = []
    seen: set[str] = set()
    queue: list[Path] = [plugin]
    while queue:
        binary = queue.pop(0)
        try:
            entries = dynamic_entries(binary)
        except (OSError, ValueError):
            continue
        folders = [*_run_paths(binary, entries), *shipped]
        for name in entries.get(_DT_NEEDED, []):
            if name in seen:
                continue
            seen.add(name)
            local = next((folder / name for folder in folders if (folder / name).is_file()), None)
            if local is not None:
                queue.append(local)
                continue
            lacking = loader(name)
            if lacking is not None and lacking not in missing:
                missing.append(lacking)
    return missing


# Where Qt is ---------------------------------------------------------------------------


def qt_folder() -> Path | None:
    """PySide6's ``Qt`` folder: in the bundle beside the program, else where the wheel is installed."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        folder = Path(bundle) / "PySide6" / "Qt"
        return folder if folder.is_dir() else None
    spec = importlib.util.find_spec("PySide6")
    if spec is None or not spec.submodule_search_locations:
        return None
    folder = Path(next(iter(spec.submodule_search_locations))) / "Qt"
    return folder if folder.is_dir() else None


def xcb_plugin(environ: Mapping[str, str], qt: Path | None) -> Path | None:
    """The xcb plugin Qt would load: from ``QT_QPA_PLATFORM_PLUGIN_PATH`` if set, as Qt does, else Qt's own."""
    folders = [Path(p) for p in environ.get("QT_QPA_PLATFORM_PLUGIN_PATH", "").split(os.pathsep) if p]
    if qt is not None:
        folders.append(qt / "plugins" / "platforms")
    return next((folder / PLUGIN_FILE for folder in folders if (folder / PLUGIN_FILE).is_file()), None)


def uses_xcb(environ: Mapping[str, str], platform: str = sys.platform) -> bool:
    """Whether Qt will start its X11 plugin: on Linux, unless told another platform or in a Wayland session."""
    if not platform.startswith("linux"):
        return False
    chosen = environ.get("QT_QPA_PLATFORM", "").strip()
    if chosen:
        return chosen.split(";")[0].split(":")[0] == "xcb"
    return not (environ.get("WAYLAND_DISPLAY") and environ.get("XDG_SESSION_TYPE") == "wayland")


# The advice ----------------------------------------------------------------------------


def install_command(packages: Iterable[str], *, as_root: bool, has_apt: bool) -> str:
    names = " ".join(packages)
    if not names or not has_apt:
        return ""
    return f"{'' if as_root else 'sudo '}apt-get install {names}"


def problem_for(missing: Sequence[str], *, as_root: bool, has_apt: bool) -> PlatformProblem:
    packages = tuple(dict.fromkeys(DEBIAN_PACKAGES[name] for name in missing if name in DEBIAN_PACKAGES))
    return PlatformProblem(tuple(missing), packages, install_command(packages, as_root=as_root, has_apt=has_apt))


def check_platform(environ: Mapping[str, str] | None = None, *,
                   loader: Callable[[str], str | None] = system_loader_finds,
                   qt: Path | None = None, platform: str = sys.platform) -> PlatformProblem | None:
    """What stops Qt's X11 plugin from loading here, or ``None`` when nothing does (or it is not used)."""
    environ = os.environ if environ is None else environ
    if not uses_xcb(environ, platform):
        return None
    qt = qt if qt is not None else qt_folder()
    plugin = xcb_plugin(environ, qt)
    if plugin is None:
        return None  # Qt will say it has no such plugin; nothing here knows better
    shipped = [qt / "lib"] if qt is not None else []
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        shipped.append(Path(bundle))  # the system libraries the bundle carries
    missing = missing_libraries(plugin, shipped, loader)
    if not missing:
        return None
    import shutil

    return problem_for(missing, as_root=_is_root(), has_apt=shutil.which("apt-get") is not None)


#: The system's index of its libraries: rewritten whenever a package installs or removes one.
LOADER_CACHE = Path("/etc/ld.so.cache")
#: The longest remembered check read: its key is a path, a few numbers and ``LD_LIBRARY_PATH``, a few
#: hundred bytes; a longer file is not one this wrote (a longer key is then checked at every start).
MAX_REMEMBERED = 65_536


def check_platform_once(environ: Mapping[str, str] | None = None, *, remembered: Path | None = None) -> \
        PlatformProblem | None:
    """:func:`check_platform`, made again only when the system may have changed.

    A check that found nothing missing is remembered (in ``remembered``, by default a file in
    the user's cache folder) under a key naming the plugin, its size and time, the system's
    index of libraries (``/etc/ld.so.cache``, rewritten by every package that adds or removes
    one) and the loader's search path. A start with the same key needs no check: reading the
    plugin and loading its libraries took a tenth of the window's start. A problem is never
    remembered, so a fixed system is seen at once. Anything but a small regular file in its place
    (a FIFO, a link, a device) counts as no check remembered, and the new one replaces it.
    """
    environ = os.environ if environ is None else environ
    if not uses_xcb(environ):
        return None
    plugin = xcb_plugin(environ, qt_folder())
    if plugin is None:
        return None
    try:
        parts = [str(plugin)]
        for path in (plugin, LOADER_CACHE):
            info = path.stat()
            parts.append(f"{info.st_size}:{info.st_mtime_ns}")
    except OSError:
        return check_platform(environ)
    parts += [environ.get("LD_LIBRARY_PATH", ""), str(getattr(sys, "_MEIPASS", ""))]
    key = "\n".join(parts)
    from .user_folders import cache_folder, read_regular_file, replace_file

    if remembered is None:
        remembered = cache_folder() / "platform-checked"
    wanted = key.encode("utf-8", "surrogatepass")  # a name need not be UTF-8
    if read_regular_file(remembered, MAX_REMEMBERED) == wanted:  # None (made again) for a FIFO, link, device...
        return None
    problem = check_platform(environ)
    if problem is None:
        replace_file(remembered, wanted)  # a check that cannot be remembered is made again next time
    return problem


def _is_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


# make run ------------------------------------------------------------------------------


def _call(argv: list[str]) -> int:
    import subprocess  # only for make run

    return subprocess.call(argv)


def install_missing(check: Callable[[], PlatformProblem | None] = check_platform,
                    run: Callable[[list[str]], int] = _call, *, as_root: bool | None = None,
                    has_sudo: bool | None = None) -> int:
    """Install what the window lacks (as root, or with sudo after saying why), else print the command.

    Returns 0 when the window can start, 1 when it cannot (the reason printed).
    """
    problem = check()
    if problem is None:
        return 0
    if not problem.packages or not problem.command:
        print(problem.line, file=sys.stderr)
        return 1
    import shutil

    as_root = _is_root() if as_root is None else as_root
    has_sudo = shutil.which("sudo") is not None if has_sudo is None else has_sudo
    names = ", ".join(problem.missing)
    argv = ["apt-get", "install", "-y", *problem.packages]
    if as_root:
        print(f"The window needs system libraries that are missing ({names}); installing them: "
              f"{' '.join(argv)}", flush=True)
        installed = run(argv) == 0 or (run(["apt-get", "update"]) == 0 and run(argv) == 0)
    elif has_sudo:
        print(f"The window needs system libraries that are missing ({names}); installing them with sudo, "
              f"which may ask for your password: sudo {' '.join(argv)}", flush=True)
        installed = run(["sudo", *argv]) == 0
    else:
        print(f"The window needs system libraries that are missing ({names}). Run as root: "
              f"apt-get install {' '.join(problem.packages)}", file=sys.stderr)
        return 1
    if not installed:
        print(f"The libraries could not be installed. Run: {problem.command}", file=sys.stderr)
        return 1
    again = check()
    if again is not None:
        print(again.line, file=sys.stderr)
        return 1
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args == ["--install"]:
        return install_missing()
    problem = check_platform()
    if problem is not None:
        print(problem.line, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
