"""Small dialogs wide enough for their title.

On X11 Qt shows a window's title followed by " — " and the application's name; a question
of one line and two buttons is narrower than that, so the window manager cuts the title to
"Rena… kshop". A dialog asked through :class:`~.dialogs.Dialogs` is made at least as wide
as its whole title, never wider than most of the screen.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QFontMetrics, QGuiApplication
from PySide6.QtWidgets import QGridLayout, QSizePolicy, QSpacerItem, QWidget

#: The window icon, the title bar's buttons and its margins (pixels at 100 % text).
TITLE_BAR_EXTRA = 150
#: A dialog is never made wider than this share of the screen.
MOST_OF_SCREEN = 0.9
#: What Qt puts between a window's title and the application's name.
SEPARATOR = " \N{EM DASH} "


def shown_title(widget: QWidget) -> str:
    """The title as the window manager shows it: with the application's name after it."""
    title = widget.windowTitle()
    name = QGuiApplication.applicationDisplayName()
    return f"{title}{SEPARATOR}{name}" if name and title and title != name else title or name


def title_width(widget: QWidget) -> int:
    """How wide ``widget`` must be for its whole title to show in the title bar (pixels)."""
    metrics = QFontMetrics(widget.font())
    extra = round(TITLE_BAR_EXTRA * metrics.height() / max(QFontMetrics(QGuiApplication.font()).height(), 1))
    wanted = metrics.horizontalAdvance(shown_title(widget)) + extra
    screen = widget.screen() or QGuiApplication.primaryScreen()
    if screen is not None:
        wanted = min(wanted, round(screen.availableGeometry().width() * MOST_OF_SCREEN))
    return wanted


def fit_title(dialog: QWidget) -> None:
    """Make ``dialog`` at least as wide as its whole title (set the title first)."""
    if dialog.layout() is None:  # an input dialog makes its layout as it is shown
        dialog.installEventFilter(_FitWhenShown(dialog))
    else:
        _widen(dialog)


class _FitWhenShown(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Show and isinstance(watched, QWidget):
            watched.removeEventFilter(self)
            _widen(watched)
        return False


def _widen(dialog: QWidget) -> None:
    width = title_width(dialog)
    layout = dialog.layout()
    if layout is None:
        dialog.setMinimumWidth(max(dialog.minimumWidth(), width))
        return
    # Message boxes and input dialogs size themselves to their layout when shown, over any
    # minimum width set on them: an empty item as wide as the title is what they keep.
    margins = layout.contentsMargins()
    spacer = QSpacerItem(width - margins.left() - margins.right(), 0, QSizePolicy.Policy.Minimum,
                         QSizePolicy.Policy.Minimum)
    if isinstance(layout, QGridLayout):
        layout.addItem(spacer, layout.rowCount(), 0, 1, layout.columnCount())
    else:
        layout.addItem(spacer)
