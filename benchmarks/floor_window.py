"""The main window's first frame rebuilt in plain PySide6, with no code of the app: a floor for its start.

Run by :mod:`benchmarks.window_driver` (mode ``floor``) and timed by :mod:`benchmarks.xvfb_window`
beside the bare window and the main window. It has what the main window's first frame shows,
made of stock widgets: five menus of eleven actions with shortcuts, the header (the client's
name in a larger bold font, the model, Details…, the round selector, New round…), four tabs, a
100 × 6 grid on a ``QStandardItemModel`` with a unit's name on each row, and under it the panel
(three stage cards of wrapped text, the Target and Confidence buttons, two fields and a notes
box), and a status line. No file is read, no domain is built, nothing is painted by Python.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

STAGES = ("Crawl", "Walk", "Run", "Crawl → Walk", "Walk → Run", "N/A")
DIMENSIONS = ("Visibility", "Tagging", "Commitments", "Anomalies", "Ownership", "Automation")


def floor_window(units: int = 100) -> QMainWindow:
    """The first frame's widgets, made and shown (1280×800)."""
    window = QMainWindow()
    window.resize(1280, 800)
    window.setWindowTitle("Floor window")
    for number in range(5):
        menu = window.menuBar().addMenu(f"Menu &{number}")
        for item in range(11):
            action = QAction(f"Action {number}.{item}", window)
            action.setShortcut(QKeySequence(f"Ctrl+Shift+{chr(65 + (number * 11 + item) % 26)}"))
            menu.addAction(action)
    central = QWidget()
    column = QVBoxLayout(central)
    column.addLayout(_header())
    tabs = QTabWidget()
    column.addWidget(tabs)
    split = QSplitter(Qt.Orientation.Vertical)
    split.addWidget(_grid(units))
    split.addWidget(_panel())
    tabs.addTab(split, "Assess")
    for title in ("Business units", "Charts", "Roadmap"):
        tabs.addTab(QWidget(), title)
    window.setCentralWidget(central)
    window.statusBar().showMessage(f"Saved · {units * len(DIMENSIONS)} cells")
    window.show()
    return window


def _header() -> QHBoxLayout:
    row = QHBoxLayout()
    title = QLabel("Synthetic 100")
    font = title.font()
    font.setPointSizeF(font.pointSizeF() * 1.6)
    font.setBold(True)
    title.setFont(font)
    row.addWidget(title)
    row.addWidget(QLabel("FinOps maturity: Crawl, Walk, Run"))
    row.addStretch()
    row.addWidget(QPushButton("Details…"))
    row.addWidget(QLabel("Round"))
    rounds = QComboBox()
    rounds.addItems(["Baseline", "Six months on"])
    row.addWidget(rounds)
    row.addWidget(QPushButton("New round…"))
    return row


def _grid(units: int) -> QTableView:
    grid = QTableView()
    model = QStandardItemModel(units, len(DIMENSIONS), grid)  # the view keeps its model
    for row in range(units):
        model.setVerticalHeaderItem(row, QStandardItem(f"Business unit {row + 1:05d}"))
        for column in range(len(DIMENSIONS)):
            model.setItem(row, column, QStandardItem(STAGES[(row + column) % len(STAGES)]))
    model.setHorizontalHeaderLabels(list(DIMENSIONS))
    grid.setModel(model)
    grid.horizontalHeader().setStretchLastSection(True)
    return grid


def _panel() -> QWidget:
    panel = QWidget()
    column = QVBoxLayout(panel)
    column.addWidget(QLabel("Business unit 00001 · Cost visibility"))
    column.addWidget(QLabel("When someone asks what this business unit spent on cloud last week, and why?"))
    cards = QHBoxLayout()
    column.addLayout(cards)
    for name in ("Crawl", "Walk", "Run"):
        card = QFrame()
        card.setFrameShape(QFrame.Shape.StyledPanel)
        inside = QVBoxLayout(card)
        inside.addWidget(QLabel(name))
        text = QLabel("Cost data covers only part of the estate. " * 4)
        text.setWordWrap(True)
        inside.addWidget(text)
        cards.addWidget(card)
    form = QFormLayout()
    cards.addLayout(form)
    for label, options in (("Target", ("None", "Crawl", "Walk", "Run")), ("Confidence", ("Low", "Medium", "High"))):
        buttons = QHBoxLayout()
        for option in options:
            buttons.addWidget(QPushButton(option))
        form.addRow(label, buttons)
    form.addRow("Indicator", QLineEdit())
    form.addRow("In the room", QLineEdit())
    form.addRow("Notes", QPlainTextEdit())
    return panel
