"""What the window shows when no workshop is open: start one, open one, try the demo, or pick a recent one."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSize, Qt, Signal
from PySide6.QtGui import QFontMetrics, QKeyEvent, QPainter, QPalette
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSizePolicy,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from .app_icon import app_icon
from .app_settings import AppSettings, file_exists, path_text
from .fonts import relative_font, set_relative_font
from .palette import follow_palette

_FOLDER_ROLE = Qt.ItemDataRole.UserRole + 2


def _big_button_style(palette: QPalette) -> str:
    role = QPalette.ColorRole
    base, mid, highlight = (palette.color(r).name() for r in (role.Base, role.Mid, role.Highlight))
    return (f"QPushButton#startButton {{ background: {base}; border: 1px solid {mid}; border-radius: 10px; }}"
            f"QPushButton#startButton:hover {{ border: 2px solid {highlight}; }}"
            f"QPushButton#startButton:focus {{ border: 2px solid {highlight}; }}"
            f"QPushButton#startButton:pressed {{ background: {palette.color(role.AlternateBase).name()}; }}")


class _BigButton(QPushButton):
    """A large, flat button with a title and a line that says what it does."""

    def __init__(self, title: str, subtitle: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("startButton")
        follow_palette(self, _big_button_style)
        self.setAccessibleName(title)
        self.setAccessibleDescription(subtitle)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        heading = QLabel(title)
        set_relative_font(heading, 1.3, bold=True)
        detail = QLabel(subtitle)
        detail.setWordWrap(True)
        set_relative_font(detail, 1.0)
        for label in (heading, detail):
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 14)
        layout.setSpacing(4)
        layout.addWidget(heading)
        layout.addWidget(detail)
        layout.addStretch(1)
        self.setMinimumHeight(96)

    def sizeHint(self) -> QSize:
        layout = self.layout()
        hint = layout.sizeHint() if layout else QSize()
        return QSize(max(hint.width(), 220), max(hint.height(), 96))


class _RecentDelegate(QStyledItemDelegate):
    """A recent file as two lines: its name, large, and its folder, muted."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
              ) -> None:
        self.initStyleOption(option, index)
        style = option.widget.style() if option.widget else None
        text = option.text
        option.text = ""
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, option.widget)
        name = text
        folder = str(index.data(_FOLDER_ROLE) or "")
        rect = option.rect.adjusted(14, 6, -14, -6)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        enabled = bool(option.state & QStyle.StateFlag.State_Enabled)
        palette = option.palette
        main = palette.color(QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text)
        muted = main if selected else palette.color(QPalette.ColorRole.PlaceholderText)
        painter.save()
        name_font = relative_font(1.15, bold=True)
        painter.setFont(name_font)
        painter.setPen(main if enabled else muted)
        line = QFontMetrics(name_font).height()
        painter.drawText(rect.adjusted(0, 0, 0, -rect.height() + line), Qt.AlignmentFlag.AlignLeft, name)
        painter.setFont(relative_font(0.95))
        painter.setPen(muted)
        painter.drawText(rect.adjusted(0, line + 2, 0, 0), Qt.AlignmentFlag.AlignLeft, folder)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        height = QFontMetrics(relative_font(1.15, bold=True)).height() + QFontMetrics(relative_font(0.95)).height()
        return QSize(300, height + 16)


class _RecentList(QListWidget):
    """Recent files; Enter or a double-click opens one."""

    chosen = Signal(Path)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        #: The file of each row, kept here: a Qt string would drop the bytes of a name that is not UTF-8.
        self.paths: list[Path] = []
        self.setObjectName("recentFiles")
        self.setAccessibleName("Recent workshops")
        self.setUniformItemSizes(True)
        self.setItemDelegate(_RecentDelegate(self))
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.itemActivated.connect(self._activated)

    def _activated(self, item: QListWidgetItem) -> None:
        row = self.row(item)
        if 0 <= row < len(self.paths):
            self.chosen.emit(self.paths[row])

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentItem():
            self._activated(self.currentItem())
            return
        super().keyPressEvent(event)


class StartScreen(QWidget):
    new_requested = Signal()
    open_requested = Signal()
    demo_requested = Signal()
    recent_chosen = Signal(Path)

    def __init__(self, settings: AppSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("startScreen")
        self._settings = settings

        logo = QLabel()
        logo.setPixmap(app_icon().pixmap(QSize(72, 72)))
        title = QLabel("FinOps Maturity Workshop")
        set_relative_font(title, 2.1, bold=True)
        subtitle = QLabel("Find out where each business unit stands on Crawl, Walk and Run, show it on one "
                          "picture, and leave the room with a prioritized roadmap.")
        subtitle.setWordWrap(True)
        set_relative_font(subtitle, 1.15)
        heading = QVBoxLayout()
        heading.setSpacing(4)
        heading.addWidget(title)
        heading.addWidget(subtitle)
        top = QHBoxLayout()
        top.setSpacing(20)
        top.addWidget(logo, 0, Qt.AlignmentFlag.AlignTop)
        top.addLayout(heading, 1)

        self.new_button = _BigButton("New workshop", "Name the client and start assessing. Ctrl+N")
        self.open_button = _BigButton("Open…", "Continue a workshop saved in a .finops file. Ctrl+O")
        self.demo_button = _BigButton("Open the demo", "A realistic bank with six business units, "
                                                       "to try the app or rehearse.")
        self.new_button.clicked.connect(self.new_requested)
        self.open_button.clicked.connect(self.open_requested)
        self.demo_button.clicked.connect(self.demo_requested)
        buttons = QHBoxLayout()
        buttons.setSpacing(16)
        for button in (self.new_button, self.open_button, self.demo_button):
            buttons.addWidget(button, 1)

        recent_title = QLabel("Recent workshops")
        set_relative_font(recent_title, 1.2, bold=True)
        self.recent = _RecentList()
        self.recent.chosen.connect(self.recent_chosen)
        self.no_recent = QLabel("Workshops you open appear here.")
        self.no_recent.setForegroundRole(QPalette.ColorRole.PlaceholderText)

        column = QVBoxLayout()
        column.setSpacing(14)
        column.addLayout(top)
        column.addSpacing(14)
        column.addLayout(buttons)
        column.addSpacing(10)
        column.addWidget(recent_title)
        column.addWidget(self.recent)
        column.addWidget(self.no_recent)
        column.addStretch(1)
        panel = QFrame()
        panel.setObjectName("startPanel")
        panel.setLayout(column)
        panel.setMaximumWidth(1000)

        outer = QHBoxLayout(self)
        outer.setContentsMargins(32, 28, 32, 24)
        outer.addStretch(1)
        outer.addWidget(panel, 20)
        outer.addStretch(1)

        settings.recent_files_changed.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        self.recent.clear()
        files = self._settings.recent_files()
        self.recent.paths = files
        for path in files:
            exists = file_exists(path)
            item = QListWidgetItem(path_text(path.stem))
            item.setData(_FOLDER_ROLE, path_text(str(path.parent)) + ("" if exists else "  (no longer there)"))
            item.setToolTip(path_text(str(path)))
            if not exists:
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled)
            self.recent.addItem(item)
        rows = min(len(files), 6)
        self.recent.setFixedHeight(sum(self.recent.sizeHintForRow(i) for i in range(rows)) + 4 if rows else 0)
        self.recent.setVisible(bool(files))
        self.no_recent.setVisible(not files)
        if files:
            self.recent.setCurrentRow(0)

    def focus_first(self) -> None:
        self.new_button.setFocus(Qt.FocusReason.OtherFocusReason)
