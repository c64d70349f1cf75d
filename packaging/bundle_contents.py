"""What the bundle leaves out, beyond the modules the spec excludes.

PyInstaller's Qt hooks collect every plugin of each plugin type a Qt module may use, and with
them the libraries those plugins link to. The app needs few of them: this module drops the
plugins and translation files it has no use for, then the libraries that only those plugins
needed. Used by ``finops-desktop.spec``; runs inside PyInstaller.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable, Iterable
from pathlib import Path, PurePosixPath

Entry = tuple[str, str, str]  # PyInstaller TOC entry: (destination, source, type code)

# Plugin types for hardware and input the app never meets on a laptop (embedded displays,
# touch panels and TUIO over the network).
DROPPED_PLUGIN_TYPES = frozenset({"egldeviceintegrations", "generic"})

# Single plugins, by type and name (without ``lib`` prefix or extension). The platforms kept
# are the desktop ones (xcb, wayland, windows, cocoa) and the headless ones (offscreen,
# minimal); the GTK theme is dropped because it would load the system's GTK against bundled
# copies of cairo and pango; the image formats kept are PNG (built in), SVG, ICO, JPEG and GIF.
DROPPED_PLUGINS = frozenset({
    ("platforms", "qeglfs"),
    ("platforms", "qlinuxfb"),
    ("platforms", "qminimalegl"),
    ("platforms", "qvkkhrdisplay"),
    ("platforms", "qvnc"),
    ("platforms", "qdirect2d"),
    ("platformthemes", "qgtk3"),
    ("imageformats", "qicns"),
    ("imageformats", "qtga"),
    ("imageformats", "qtiff"),
    ("imageformats", "qwbmp"),
    ("imageformats", "qwebp"),
    ("imageformats", "qpdf"),
})

# matplotlib data the charts never read: sample data for its examples, and the metrics of
# the PostScript/PDF core fonts (the charts are written as PNG and SVG with TrueType fonts).
DROPPED_DATA_FOLDERS = (
    "matplotlib/mpl-data/sample_data/",
    "matplotlib/mpl-data/fonts/afm/",
    "matplotlib/mpl-data/fonts/pdfcorefonts/",
)


def _posix(dest: str) -> str:
    return dest.replace("\\", "/")


def _name(entry: Entry) -> str:
    return PurePosixPath(_posix(entry[0])).name


def _plugin_key(dest: str) -> tuple[str, str] | None:
    """(plugin type, plugin name) for a Qt plugin, else None."""
    parts = PurePosixPath(_posix(dest)).parts
    if "PySide6" not in parts or "plugins" not in parts:
        return None
    index = parts.index("plugins")
    if len(parts) != index + 3:
        return None
    name = parts[-1].split(".")[0]
    return parts[index + 1], name.removeprefix("lib")


def is_unwanted(dest: str) -> bool:
    """True for a file of the bundle the app never uses."""
    path = _posix(dest)
    if path.startswith("PySide6/") and "/translations/" in path:
        return True  # the app speaks English; Qt's own dialogs then do too
    if path.startswith(DROPPED_DATA_FOLDERS):
        return True
    key = _plugin_key(path)
    return key is not None and (key[0] in DROPPED_PLUGIN_TYPES or key in DROPPED_PLUGINS)


def linked_libraries(sources: Iterable[str]) -> set[str]:
    """The file names of the shared libraries these binaries load at link time (ldd, transitive)."""
    from PyInstaller.depend.bindepend import get_imports

    names: set[str] = set()
    for source in sources:
        for name, _path in get_imports(source):
            names.add(PurePosixPath(name).name)
    return names


def prune(
    binaries: list[Entry],
    datas: list[Entry],
    linked: Callable[[Iterable[str]], set[str]] = linked_libraries,
    drop_orphans: bool = True,
) -> tuple[list[Entry], list[Entry]]:
    """``binaries`` and ``datas`` without the unwanted files and the libraries only they linked to.

    A library is dropped only when something dropped linked to it and nothing kept does, so
    libraries loaded at run time by name (ctypes, Qt's own loader) stay. That needs the
    transitive dependencies ldd reports: elsewhere pass ``drop_orphans=False``.
    """
    kept = [entry for entry in binaries if not is_unwanted(entry[0])]
    dropped = [entry for entry in binaries if is_unwanted(entry[0])]
    if dropped and drop_orphans:
        # ldd lists dependencies transitively, so what the other binaries need, directly or
        # through one of the candidates, is in ``needed``.
        candidates = linked(src for _dest, src, _kind in dropped)
        others = [entry for entry in kept if _name(entry) not in candidates]
        needed = linked(src for _dest, src, _kind in others)
        kept = [entry for entry in kept if entry[2] != "BINARY" or _name(entry) not in candidates - needed]
    kept_dests = {_posix(dest) for dest, _src, _kind in kept}
    all_dests = {_posix(dest) for dest, _src, _kind in binaries}
    new_datas = []
    for dest, src, kind in datas:
        if is_unwanted(dest):
            continue
        # A symbolic link's source is the destination of the file it points to.
        if kind == "SYMLINK" and _posix(src) in all_dests and _posix(src) not in kept_dests:
            continue
        new_datas.append((dest, src, kind))
    return kept, new_datas


def strip_debug_info(binaries: list[Entry], workdir: Path, prefix: str = "libpython") -> list[Entry]:
    """Replace the Python library by a copy without debug sections, if ``strip`` is at hand.

    Some Python builds (pyenv, built from source) ship a libpython with debug information,
    four times the size of the code. Other libraries stay as they are: ``strip`` can break
    libraries that auditwheel patched.
    """
    strip = shutil.which("strip")
    if strip is None:
        return binaries
    workdir.mkdir(parents=True, exist_ok=True)
    result = []
    for dest, src, kind in binaries:
        if PurePosixPath(_posix(dest)).name.startswith(prefix):
            copy = workdir / PurePosixPath(_posix(dest)).name
            shutil.copy2(src, copy)
            subprocess.run([strip, "--strip-debug", str(copy)], check=True)
            src = str(copy)
        result.append((dest, src, kind))
    return result


def add_linux_desktop_files(bundle: Path, root: Path) -> None:
    """Lay the desktop entry, file type, icons and ``install.sh`` into the bundle folder.

    ``share/`` follows the XDG layout, so ``install.sh`` copies it into ``~/.local/share``.
    """
    linux = root / "packaging" / "linux"
    icons = root / "resources" / "icons"
    share = bundle / "share"
    (share / "applications").mkdir(parents=True, exist_ok=True)
    shutil.copy2(linux / "finops-desktop.desktop", share / "applications")
    (share / "mime" / "packages").mkdir(parents=True, exist_ok=True)
    shutil.copy2(linux / "finops-workshop-mime.xml", share / "mime" / "packages")
    for png in sorted(icons.glob("finops-desktop-*.png")):
        size = png.stem.rsplit("-", 1)[1]
        target = share / "icons" / "hicolor" / f"{size}x{size}" / "apps"
        target.mkdir(parents=True, exist_ok=True)
        shutil.copy2(png, target / "finops-desktop.png")
    scalable = share / "icons" / "hicolor" / "scalable" / "apps"
    scalable.mkdir(parents=True, exist_ok=True)
    shutil.copy2(icons / "finops-desktop.svg", scalable)
    for name in ("install.sh", "README.txt"):
        shutil.copy2(linux / name, bundle / name)
    (bundle / "install.sh").chmod(0o755)
