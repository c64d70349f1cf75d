"""The app's icon, from the shipped resources."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize
from PySide6.QtGui import QIcon


def _icon_folder() -> Path:
    """Where the icon files are: beside the modules (installed or bundled) or the package (a checkout).

    Found on the file system directly, so that the window does not wait for
    ``importlib.resources`` (see :func:`..domain.catalogue.resource_dir`, the fallback).
    """
    package = Path(__file__).resolve().parent.parent
    for folder in (package / "resources" / "icons", package.parent / "resources" / "icons"):
        if folder.is_dir():
            return folder
    from ..domain.catalogue import resource_dir

    return Path(str(resource_dir("resources").joinpath("icons")))


def app_icon() -> QIcon:
    """The app's icon in every size shipped (an empty icon if the files are missing)."""
    icon = QIcon()
    folder = _icon_folder()
    for size in (16, 32, 48, 64, 128, 256):
        entry = folder / f"finops-desktop-{size}.png"
        if entry.is_file():
            icon.addFile(str(entry), QSize(size, size))
    return icon
