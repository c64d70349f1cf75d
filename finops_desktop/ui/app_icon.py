"""The app's icon, from the shipped resources."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QIcon

from ..domain.catalogue import resource_dir


def app_icon() -> QIcon:
    """The app's icon in every size shipped (an empty icon if the files are missing)."""
    icon = QIcon()
    folder = resource_dir("resources").joinpath("icons")
    for size in (16, 32, 48, 64, 128, 256):
        entry = folder.joinpath(f"finops-desktop-{size}.png")
        if entry.is_file():
            icon.addFile(str(entry), QSize(size, size))
    return icon
