"""The pane beside the assumptions table: the selected figure, its reasoning and its source, to edit."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtGui import QGuiApplication, QPalette, QUndoStack
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QScrollArea, QVBoxLayout, QWidget

from ..domain.model import WasteAssumption
from .assumptions_table import ReasoningEdit
from .fonts import set_relative_font
from .palette import follow_palette, problem_colour
from .share_edit import ShareEdit


def source_sentence(model_figure: WasteAssumption, edited: bool) -> str:
    """What the figure shown rests on, in one or two sentences.

    The model's own entry cites its source; an entry edited for this workshop rests on the
    consultant's reasoning, so the line says what the model's figure it replaced was based on.
    """
    source = model_figure.source
    if source is None:
        return ("The model's figure had no source; this workshop's figure replaces it." if edited
                else "The model gives no source for this figure.")
    cited = source.publication.rstrip(" .") + (f", {source.year}" if source.year else "")
    if edited:
        return f"The model's figure was based on: {cited}. This workshop's figure replaces it."
    return f"Based on: {cited}. This is the model's figure."


class DetailPane(QWidget):
    """Heading, badge (edited or the model's), the figure, the reasoning, what is wrong, the model's figure, reset."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("assumptionDetail")
        self.setMinimumWidth(340)
        self.setMaximumWidth(460)
        self.entry_heading = QLabel()
        self.entry_heading.setWordWrap(True)
        set_relative_font(self.entry_heading, 1.25, bold=True)
        self.badge = QLabel()
        self.badge.setObjectName("editedBadge")
        set_relative_font(self.badge, 0.9, bold=True)
        self.share_label = QLabel("&Share of monthly spend wasted")
        self.share_label.setWordWrap(True)
        set_relative_font(self.share_label, 1.0, bold=True)
        self.share = ShareEdit()
        self.share.setObjectName("shareEdit")
        set_relative_font(self.share, 1.4, bold=True)
        self.share.setMinimumWidth(170)
        self.share_label.setBuddy(self.share)
        reasoning_label = QLabel("&Reasoning")
        set_relative_font(reasoning_label, 1.0, bold=True)
        self.reasoning = ReasoningEdit()
        self.reasoning.setObjectName("reasoningEdit")
        self.reasoning.setPlaceholderText("Why this figure holds at this stage")
        reasoning_label.setBuddy(self.reasoning)
        self.source_text = QLabel()
        self.source_text.setObjectName("sourceText")
        self.source_text.setWordWrap(True)
        self.source_text.setTextFormat(Qt.TextFormat.PlainText)
        self.source_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.problem = QLabel()
        self.problem.setObjectName("problem")
        self.problem.setWordWrap(True)
        follow_palette(self.problem, lambda palette: f"color: {problem_colour(palette)}; font-weight: bold;")
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.model_text = QLabel()
        self.model_text.setObjectName("modelFigure")
        self.model_text.setWordWrap(True)
        self.model_text.setTextFormat(Qt.TextFormat.PlainText)
        self.model_text.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.reset_button = QPushButton("Reset to the model's figure")
        self.reset_button.setObjectName("resetButton")

        share_row = QHBoxLayout()
        share_row.addWidget(self.share)
        share_row.addStretch(1)
        badge_row = QHBoxLayout()
        badge_row.addWidget(self.badge)
        badge_row.addStretch(1)
        reset_row = QHBoxLayout()
        reset_row.addWidget(self.reset_button)
        reset_row.addStretch(1)

        inner = QWidget()
        layout = QVBoxLayout(inner)
        layout.setContentsMargins(14, 0, 4, 0)
        layout.setSpacing(6)
        layout.addWidget(self.entry_heading)
        layout.addLayout(badge_row)
        layout.addSpacing(6)
        layout.addWidget(self.share_label)
        layout.addLayout(share_row)
        layout.addWidget(self.problem)  # right under the figure typed
        layout.addSpacing(6)
        layout.addWidget(reasoning_label)
        layout.addWidget(self.reasoning)
        layout.addWidget(self.source_text)
        layout.addWidget(self.hint)
        layout.addWidget(self.model_text)
        layout.addLayout(reset_row)
        layout.addStretch(1)
        # With larger text on a small screen the wrapped lines need more height than there is:
        # the pane scrolls rather than laying its lines over each other.
        self.scroller = scroll = QScrollArea()
        scroll.setWidget(inner)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)

    def show_problem(self, problem: str) -> None:
        """Why the figure typed was refused ("" for none), scrolled into view: at larger text the
        pane scrolls, and a refusal out of sight would look like the figure taken back silently."""
        self.problem.setText(problem)
        self.problem.setVisible(bool(problem))
        if problem:
            QTimer.singleShot(0, self, lambda: self.scroller.ensureWidgetVisible(self.problem))


def first_size(parent: QWidget | None) -> QSize:
    """1240×800, or the screen less a margin where it is smaller (a 1280×720 projector)."""
    screen = (parent.screen() if parent is not None else None) or QGuiApplication.primaryScreen()
    if screen is None:
        return QSize(1240, 800)
    available = screen.availableGeometry().size()
    return QSize(min(1240, available.width() - 40), min(800, available.height() - 40))


def escape_html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def label_undo_buttons(stack: QUndoStack, undo: QPushButton, redo: QPushButton) -> None:
    """Undo and Redo buttons that say what they take back.

    The workshop has one undo history, so an edit made elsewhere (the workshop's date, a rating)
    is never undone from the dialog without the button saying so.
    """
    for button, verb, can, text in ((undo, "Undo", stack.canUndo(), stack.undoText()),
                                    (redo, "Redo", stack.canRedo(), stack.redoText())):
        label = f"{verb}: {text}" if can and text else verb
        shown = label if len(label) <= 42 else label[:41] + "…"
        button.setEnabled(can)
        button.setText(shown.replace("&", "&&"))
        button.setToolTip(label if can else "")
