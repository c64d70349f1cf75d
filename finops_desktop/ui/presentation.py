"""Presentation mode (F5): the workshop on the projector, one business unit × dimension at a time.

The audience sees the question, what each stage means and the votes so far as a bar per
stage. The facilitator drives it from the keyboard: a number records the room's vote of
the participant whose turn it is (with Shift: the agreed stage), the arrows move on, Esc
leaves. With a second screen the audience view fills the projector and the laptop keeps a
control window with the participants and the cell's notes (:class:`PresentationControls`).
Every vote and rating is an undoable edit like any other; text scales with the window.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from PySide6.QtCore import QEvent, QObject, QRect, Qt
from PySide6.QtGui import QColor, QFont, QKeyEvent, QPainter, QPaintEvent, QResizeEvent, QScreen
from PySide6.QtWidgets import QApplication, QFrame, QHBoxLayout, QLabel, QListWidget, QVBoxLayout, QWidget

from ..domain.votes import Spread
from .context import ApplicationContext
from .elided import clipped
from .palette import is_dark, readable_text, stage_colours
from .presentation_state import Presentation
from .vote_spread import DISAGREEMENT_COLOUR

#: The audience view is laid out for this size; larger or smaller windows scale every font.
DESIGN_WIDTH, DESIGN_HEIGHT = 1280, 720
_NOTICE_STYLE = "color: white; background: #B45309; border-radius: 6px; padding: 4px 10px;"


def keys_help(stages: int) -> str:
    return (f"1–{stages} vote  ·  Shift+1–{stages} agreed stage  ·  ↑↓ who votes  ·  ←→ move  ·  Ctrl+Z undo  ·  "
            "Esc leave")


class VoteBar(QWidget):
    """How many of the votes name one stage: a filled bar and the count."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.count, self.total = 0, 0
        self.colour = QColor("#888888")

    def set_votes(self, count: int, total: int, colour: QColor) -> None:
        self.count, self.total, self.colour = count, total, colour
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = self.rect().adjusted(1, 1, -1, -1)
        text_colour = self.palette().color(self.foregroundRole())
        painter.setPen(text_colour)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRoundedRect(rect, 6, 6)
        if self.count and self.total:
            filled = QRect(rect.left(), rect.top(), max(12, round(rect.width() * self.count / self.total)),
                           rect.height())
            painter.setBrush(self.colour)
            painter.drawRoundedRect(filled, 6, 6)
        font = QFont(self.font())
        font.setBold(True)
        painter.setFont(font)
        painter.setPen(text_colour if not self.count else readable_text(self.colour))
        label = f"{self.count} vote{'s' * (self.count != 1)}" if self.total else "no votes yet"
        painter.drawText(rect.adjusted(12, 0, -12, 0), Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                         label)
        painter.end()


class StageColumn(QFrame):
    """One stage: its name, what it means for this dimension, and its votes; framed when agreed."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("presentationStage")
        self.title = QLabel()
        self.description = QLabel()
        for label in (self.title, self.description):  # the model's words, shown as written
            label.setTextFormat(Qt.TextFormat.PlainText)
        self.description.setWordWrap(True)
        self.description.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.bar = VoteBar()
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.description, 1)
        layout.addWidget(self.bar)

    def show_stage(self, number: int, name: str, description: str, count: int, total: int, colours: QColor,
                   agreed: bool, text: QColor) -> None:
        self.title.setText(f"{number}  {name}" + ("  ✓ agreed" if agreed else ""))
        self.description.setText(description)
        self.bar.set_votes(count, total, colours)
        border = f"4px solid {text.name()}" if agreed else f"2px solid {colours.name()}"
        tint = QColor(colours)
        tint.setAlpha(45)
        self.setStyleSheet(f"#presentationStage {{ border: {border}; border-radius: 10px; "
                           f"background: rgba({tint.red()}, {tint.green()}, {tint.blue()}, {tint.alpha()}); }}")


class PresentationView(QWidget):
    """What the audience sees; on one screen it also takes the facilitator's keys."""

    def __init__(self, presentation: Presentation, *, with_controls_hint: bool = True,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Presentation")
        self.setObjectName("presentationView")
        self.presentation = presentation
        self.place = QLabel()
        # Markup of the app's own around names escaped: rich text always, or a line without a
        # bold part would show its "&nbsp;" as written.
        self.place.setTextFormat(Qt.TextFormat.RichText)
        self.question = QLabel()
        self.question.setTextFormat(Qt.TextFormat.PlainText)
        self.question.setWordWrap(True)
        self.columns = [StageColumn() for _ in presentation.workshop.model.stages]
        self.notice = notice_label()
        self.footer = QLabel()
        self.footer.setTextFormat(Qt.TextFormat.PlainText)  # participants' names, as typed
        self.footer.setWordWrap(True)
        self.footer.setVisible(with_controls_hint)
        layout = self._layout = QVBoxLayout(self)
        layout.addWidget(self.place)
        layout.addWidget(self.notice)
        layout.addWidget(self.question)
        row = QHBoxLayout()
        for column in self.columns:
            row.addWidget(column, 1)
        layout.addLayout(row, 1)
        layout.addWidget(self.footer)
        presentation.changed.connect(self.show_cell)
        self._scale = 0.0
        self._rescale()
        self.show_cell()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if not self.presentation.handle_key(event):
            super().keyPressEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            self.show_cell()  # the columns' frames and text take their colours from the scheme

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._rescale()

    def _rescale(self) -> None:
        scale = max(0.5, min(self.width() / DESIGN_WIDTH, self.height() / DESIGN_HEIGHT))
        if abs(scale - self._scale) < 0.01:
            return
        self._scale = scale

        def sized(widget: QWidget, pixels: float, *, bold: bool = False) -> None:
            font = QFont(self.font())
            font.setPixelSize(max(9, round(pixels * scale)))
            font.setBold(bold)
            widget.setFont(font)

        sized(self.place, 24)
        sized(self.question, 36, bold=True)
        sized(self.footer, 17)
        sized(self.notice, 22, bold=True)
        for column in self.columns:
            sized(column.title, 28, bold=True)
            sized(column.description, 23)
            sized(column.bar, 18)
            column.bar.setFixedHeight(round(40 * scale))
        margin = round(28 * scale)
        self._layout.setContentsMargins(margin, margin, margin, margin)
        self._layout.setSpacing(round(14 * scale))
        self._layout.activate()  # lay out for the new fonts now, not after the frame that shows them

    def show_cell(self) -> None:
        presentation = self.presentation
        cell = presentation.cell
        if cell is None or presentation.context.workshop is None:
            return
        workshop = presentation.workshop
        model = workshop.model
        bu = workshop.business_unit(cell[0])
        dimension = model.dimension(cell[1])
        votes = presentation.spread()
        # On one line in large type: long names are cut (the tooltip has them whole).
        self.place.setToolTip(f"{bu.name} · {dimension.name}")
        place = f"{escape(clipped(bu.name, 50))}  ·  {escape(clipped(dimension.name, 40))}&nbsp;&nbsp;&nbsp;&nbsp;" \
                f"({presentation.position + 1} of {len(presentation.cells)})"
        if votes.in_disagreement:
            place += f"&nbsp;&nbsp;&nbsp;&nbsp;<b style='color:{DISAGREEMENT_COLOUR.name()}'>The room disagrees</b>"
        self.place.setText(place)
        self.question.setText(dimension.question)
        agreed = workshop.rating(cell[0], cell[1], presentation.round_id).current
        dark = is_dark(self.palette())
        text = self.palette().color(self.foregroundRole())
        stages = sorted(model.stages, key=lambda s: s.score)
        for number, (stage, column) in enumerate(zip(stages, self.columns, strict=True), start=1):
            colour = stage_colours(number - 1, len(stages), dark=dark).fill
            column.show_stage(number, stage.name, dimension.descriptions.get(stage.id, ""), votes.count(stage.id),
                              votes.total, colour, agreed == stage.id, text)
        self.footer.setText(_footer(presentation, votes))
        show_notice(self.notice, presentation.notice)


def notice_label() -> QLabel:
    """The facilitator's one-line notice (see :attr:`Presentation.notice`), hidden while there is none."""
    label = QLabel()
    label.setObjectName("presentationNotice")
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setStyleSheet(_NOTICE_STYLE)
    label.hide()
    return label


def show_notice(label: QLabel, text: str) -> None:
    label.setText(text)
    label.setVisible(bool(text))


def _footer(presentation: Presentation, votes: Spread) -> str:
    """Whose turn it is, who has voted on this cell (not what: the bars say how many), and the keys."""
    voter = presentation.voter_id()
    people = presentation.workshop.votes.participants
    turn = (f"Voting: {presentation.workshop.votes.participant(voter).name}" if voter is not None
            else "No participants yet")
    voted = [person.name for person in people if presentation.room_vote(person.id) is not None]
    if voted:
        turn += f"  ·  voted: {', '.join(voted)}"
    return f"{turn}  ·  {keys_help(len(presentation.workshop.model.stages))}"


class PresentationControls(QWidget):
    """The laptop's window while the projector shows the presentation: participants, notes and keys."""

    def __init__(self, presentation: Presentation, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Presentation controls")
        self.presentation = presentation
        self.place = QLabel()
        self.place.setTextFormat(Qt.TextFormat.RichText)  # the names in it are escaped
        self.place.setWordWrap(True)
        self.people = QListWidget()
        self.people.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.notes = QLabel()
        self.notes.setTextFormat(Qt.TextFormat.PlainText)  # typed in the room
        self.notes.setWordWrap(True)
        self.keys = QLabel(keys_help(len(presentation.workshop.model.stages)))
        self.keys.setWordWrap(True)
        self.notice = notice_label()
        layout = QVBoxLayout(self)
        for widget in (self.place, self.notice, QLabel("Participants (↑↓ chooses who votes next):"), self.people,
                       self.notes, self.keys):
            layout.addWidget(widget)
        presentation.changed.connect(self.show_cell)
        self.show_cell()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if not self.presentation.handle_key(event):
            super().keyPressEvent(event)

    def show_cell(self) -> None:
        presentation = self.presentation
        cell = presentation.cell
        if cell is None or presentation.context.workshop is None:
            return
        workshop = presentation.workshop
        model = workshop.model
        self.place.setText(f"<b>{escape(workshop.business_unit(cell[0]).name)} · "
                           f"{escape(model.dimension(cell[1]).name)}</b>")
        self.people.clear()
        for index, person in enumerate(workshop.votes.participants):
            stage = presentation.room_vote(person.id)
            said = model.stage(stage).name if stage else "—"
            self.people.addItem(f"{'▶ ' if index == presentation.voter else '   '}{person.name}: {said}")
        self.people.setCurrentRow(presentation.voter)
        rating = workshop.rating(cell[0], cell[1], presentation.round_id)
        self.notes.setText(f"Notes: {rating.note}" if rating.note else "No notes on this cell yet.")
        show_notice(self.notice, presentation.notice)


class PresentationWindows(QObject):
    """The windows of one presentation, placed on the screens there are; closing one closes all."""

    def __init__(self, presentation: Presentation, screens: Sequence[QScreen], home: QScreen | None) -> None:
        super().__init__(presentation)
        self.presentation = presentation
        projector = None
        if len(screens) > 1:  # the audience's screen: one the main window is not on
            projector = next((s for s in screens if s is not home), screens[1])
        self.view = PresentationView(presentation, with_controls_hint=projector is None)
        self.controls = PresentationControls(presentation) if projector is not None else None
        self.view.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        if projector is not None:
            self.view.setScreen(projector)
            self.view.setGeometry(projector.geometry())
        elif home is not None:
            self.view.setScreen(home)
        self._view_open = True
        presentation.finished.connect(self.close)
        self.view.destroyed.connect(self._view_gone)

    def show(self) -> None:
        self.view.showFullScreen()
        if self.controls is not None:
            self.controls.show()
            self.controls.activateWindow()
        else:
            self.view.activateWindow()

    def close(self) -> None:
        self._close_controls()
        if self._view_open:
            self.view.close()

    def _view_gone(self) -> None:
        """The audience window closed (Esc, or the window manager): the controls go with it.

        The presentation is deleted later, so it may still say it finished (the file closing
        meanwhile): there is no window left to close then.
        """
        self._view_open = False
        self._close_controls()
        self.presentation.deleteLater()

    def _close_controls(self) -> None:
        if self.controls is not None:
            self.controls.close()
            self.controls.deleteLater()
            self.controls = None


def start_presentation(context: ApplicationContext, window: QWidget, start: tuple[int, str] | None = None,
                       screens: Sequence[QScreen] | None = None) -> PresentationWindows | None:
    """Start presenting from ``start`` (a business unit id and dimension id); ``None`` when nothing is open."""
    workshop = context.workshop
    if workshop is None or not workshop.business_units:
        context.message.emit("Add a business unit before presenting.")
        return None
    presentation = Presentation(context, start, parent=window)
    windows = PresentationWindows(presentation, list(screens if screens is not None else QApplication.screens()),
                                  window.screen())
    presentation.windows = windows  # kept while the presentation lasts (it is the window's child)
    windows.show()
    return windows

