"""The Charts view: radar of one or several business units, the organisation, the heatmap.

The view follows every edit of the open file: a rating moves the chart's lines and cells
in place (no new figure), and the canvas redraws when Qt next paints. matplotlib is
imported the first time the view is shown, so the window opens without it.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QPalette, QShowEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ..domain.workshop import Workshop
from ..storage.changes import BusinessUnitsChanged, Change, RatingChanged, Reloaded, RoundsChanged
from ..storage.workshop_file import WorkshopFile
from .chart_build import (
    MODE_HEATMAP,
    MODE_ORGANISATION,
    MODE_SPREAD,
    MODE_UNITS,
    MODES,
    ChartKey,
    build_chart,
    heatmap_pages,
    is_paged,
    placeholder_text,
    print_figure,
)
from .chart_output import AskSavePath, ask_save_path, copy_picture, suggested_name
from .chart_pages import ChartPages
from .elided import ElidedComboBox, clipped, plain_label
from .fonts import chart_text_scale, set_relative_font
from .palette import is_dark

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from ..charts import Chart
    from .chart_canvas import ChartCanvas


OVERLAY_LIMIT = 8
PANEL_WIDTH = 230  # pixels, at the default text size
__all__ = ["MODE_HEATMAP", "MODE_ORGANISATION", "MODE_SPREAD", "MODE_UNITS", "ChartsView", "ask_save_path"]


class ChartsView(QWidget):
    """Pick business units, the organisation or the heatmap; export or copy what is shown."""

    #: The chart on screen was rebuilt or updated (for tests and status lines).
    chart_updated = Signal()

    def __init__(self, parent: QWidget | None = None, *, ask_path: AskSavePath = ask_save_path) -> None:
        super().__init__(parent)
        self._ask_path = ask_path
        self._file: WorkshopFile | None = None
        self._mode = MODE_UNITS
        self._round_id: int | None = None  # None: the latest round
        self._compare_round_id: int | None = None
        self._page = 0  # of a heatmap in pages
        self._chart: Chart | None = None
        self._chart_key: tuple[Any, ...] | None = None
        self._canvas: ChartCanvas | None = None
        self._figure: Figure | None = None
        self._filling = False

        self.mode_buttons = QButtonGroup(self)
        mode_box = QVBoxLayout()
        mode_box.setSpacing(4)
        for index, (mode, text) in enumerate(MODES):
            button = QRadioButton(text)
            button.setObjectName(f"mode_{mode}")
            self.mode_buttons.addButton(button, index)
            mode_box.addWidget(button)
        self.mode_buttons.button(0).setChecked(True)
        self.mode_buttons.idClicked.connect(lambda index: self.set_mode(MODES[index][0]))

        self.unit_list = QListWidget()
        self.unit_list.setAccessibleName("Business units to chart")
        self.unit_list.setToolTip("Tick one business unit to see current against target, several to compare them.")
        self.unit_list.itemChanged.connect(self._unit_ticked)
        self.unit_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # long names elide
        self.all_button = QPushButton("All")
        self.none_button = QPushButton("None")
        self.all_button.clicked.connect(lambda: self._tick_all(True))
        self.none_button.clicked.connect(lambda: self._tick_all(False))
        #: Past this many units an overlay is a tangle: the heatmap shows them all at once.
        self.overlay_hint = QLabel(f"More than {OVERLAY_LIMIT} units overlaid are hard to tell apart. "
                                   "<a href='heatmap'>Show the heatmap</a>")
        self.overlay_hint.setObjectName("overlayHint")
        self.overlay_hint.setWordWrap(True)
        self.overlay_hint.linkActivated.connect(lambda _link: self.set_mode(MODE_HEATMAP))
        self.overlay_hint.hide()
        tick_row = QHBoxLayout()
        tick_row.addWidget(self.all_button)
        tick_row.addWidget(self.none_button)

        # The round charted is the window's (chosen at its top); only the round compared with is chosen here.
        self.round_note = plain_label()  # names the round typed in the room
        self.round_note.setObjectName("chartRound")
        self.round_note.setWordWrap(True)
        self.round_note.setToolTip("The chart shows the round chosen at the top of the window")
        self.compare_combo = ElidedComboBox(characters=12)
        self.compare_combo.setAccessibleName("Compare with round")
        self.compare_combo.activated.connect(self._compare_chosen)
        self.compare_label = QLabel("Compare &with")
        self.compare_label.setBuddy(self.compare_combo)

        self.png_button = QPushButton("Export &PNG…")
        self.svg_button = QPushButton("Export &SVG…")
        self.copy_button = QPushButton("&Copy picture")
        self.png_button.clicked.connect(lambda: self.export_with_dialog(".png"))
        self.svg_button.clicked.connect(lambda: self.export_with_dialog(".svg"))
        self.copy_button.clicked.connect(self.copy_to_clipboard)
        self.status = QLabel("")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        controls = QVBoxLayout()
        show_label = QLabel("Show")
        set_relative_font(show_label, 1.0, bold=True)  # a style sheet would keep the colours of the first scheme
        controls.addWidget(show_label)
        controls.addLayout(mode_box)
        controls.addSpacing(8)
        controls.addWidget(self.unit_list, 1)
        controls.addLayout(tick_row)
        controls.addWidget(self.overlay_hint)
        #: A heatmap of many units comes in slide-sized pages.
        self.pages = ChartPages()
        self.pages.page_chosen.connect(self.set_page)
        self.pages.hide()
        controls.addWidget(self.pages)
        controls.addSpacing(8)
        controls.addWidget(self.round_note)
        controls.addWidget(self.compare_label)
        controls.addWidget(self.compare_combo)
        controls.addSpacing(12)
        controls.addWidget(self.png_button)
        controls.addWidget(self.svg_button)
        controls.addWidget(self.copy_button)
        controls.addWidget(self.status)
        self.panel = QWidget()
        self.panel.setLayout(controls)
        self.panel.setFixedWidth(round(PANEL_WIDTH * chart_text_scale()))  # wider with larger text

        self.placeholder = QLabel()
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setWordWrap(True)
        self.chart_area = QScrollArea()
        self.chart_area.setWidgetResizable(True)
        self.chart_area.setFrameShape(QFrame.Shape.NoFrame)
        self.chart_area.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.placeholder)
        self.stack.addWidget(self.chart_area)
        self.stack.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

        layout = QHBoxLayout(self)
        layout.addWidget(self.panel)
        layout.addWidget(self.stack, 1)
        self._refresh_controls()

    # Public API -------------------------------------------------------------------------

    def set_file(self, workshop_file: WorkshopFile | None) -> None:
        """Show the charts of ``workshop_file`` (``None``: no file) and follow its edits."""
        if self._file is workshop_file:
            return
        if self._file is not None:
            self._file.remove_listener(self._workshop_changed)
        self._file = workshop_file
        self._round_id = None
        self._compare_round_id = None
        self._chart_key = None
        self._chart = None
        if workshop_file is not None:
            workshop_file.add_listener(self._workshop_changed)
        self._fill_units(first_ticked=True)
        self._refresh_controls()
        self._show_chart()

    def set_mode(self, mode: str) -> None:
        """Show the business units' radar, the organisation or the heatmap."""
        if mode not in dict(MODES):
            raise ValueError(f"unknown chart '{mode}'")
        self._mode = mode
        self.mode_buttons.button([m for m, _ in MODES].index(mode)).setChecked(True)
        self._refresh_controls()
        self._show_chart()

    def set_selected_units(self, bu_ids: list[int]) -> None:
        """Tick exactly these business units (in the radar)."""
        wanted = set(bu_ids)
        self._filling = True
        for row in range(self.unit_list.count()):
            item = self.unit_list.item(row)
            item.setCheckState(Qt.CheckState.Checked if item.data(Qt.ItemDataRole.UserRole) in wanted
                               else Qt.CheckState.Unchecked)
        self._filling = False
        self._show_chart()

    def set_page(self, page: int) -> None:
        """Show this page (from 0) of a heatmap in pages."""
        self._page = max(page, 0)
        self._show_chart()

    @property
    def page(self) -> int:
        return self._page

    def selected_units(self) -> list[int]:
        return [self.unit_list.item(row).data(Qt.ItemDataRole.UserRole) for row in range(self.unit_list.count())
                if self.unit_list.item(row).checkState() == Qt.CheckState.Checked]

    def follow_round(self, round_id: int | None) -> None:
        """Chart the round the window shows; the round compared with stays, unless it is that round."""
        workshop = self._workshop()
        latest = workshop is None or not workshop.rounds or workshop.rounds[-1].id == round_id
        shown = None if latest else round_id
        compare = self._compare_round_id if self._compare_round_id != round_id else None
        if (shown, compare) != (self._round_id, self._compare_round_id):
            self.set_round(shown, compare)

    def set_round(self, round_id: int | None, compare_round_id: int | None = None) -> None:
        """Chart ``round_id`` (``None``: the latest), optionally against an earlier round."""
        self._round_id = round_id
        self._compare_round_id = compare_round_id
        self._refresh_controls()
        self._show_chart()

    @property
    def chart(self) -> Chart | None:
        """The chart on screen, once matplotlib is loaded and there is something to show."""
        return self._chart

    @property
    def canvas(self) -> ChartCanvas | None:
        return self._canvas

    def render_figure(self) -> Figure | None:
        """A fresh figure of what is shown, at the chart's own size: for files and the clipboard."""
        workshop = self._workshop()
        key = self._wanted_chart()
        if workshop is None or key is None:
            return None
        return print_figure(workshop, key, page=self._page_of(workshop, key))

    def export_to(self, path: Path) -> Path:
        """Write the chart shown to ``path`` (.png at print resolution, or .svg)."""
        figure = self.render_figure()
        if figure is None:
            raise ValueError("there is no chart to export")
        from ..charts import save_figure

        return save_figure(figure, path)

    def export_with_dialog(self, suffix: str) -> None:
        suggested = self._suggested_path(suffix)
        if suggested is None:
            return
        path = self._ask_path(self, suggested)
        if path is None:
            return
        if path.suffix.lower() not in (".png", ".svg"):
            path = path.with_name(path.name + suffix)
        try:
            self.export_to(path)
        except (OSError, ValueError) as exc:
            self._say(f"Not saved: {getattr(exc, 'strerror', None) or exc}", error=True)
        else:
            self._say(f"Saved {path.name}")

    def copy_to_clipboard(self) -> None:
        """Put the chart on the clipboard as a picture, ready to paste into a slide."""
        figure = self.render_figure()
        if figure is not None:
            copy_picture(figure)
            self._say("Chart copied; paste it into a slide or a document.")

    # Following the file -----------------------------------------------------------------

    def _workshop_changed(self, change: Change) -> None:
        if isinstance(change, BusinessUnitsChanged | RoundsChanged | Reloaded):
            self._fill_units(first_ticked=False)
            self._refresh_controls()
            self._show_chart()
            return
        self._update_chart(change)

    def _update_chart(self, change: Change | None = None) -> None:
        """Move the chart to the workshop as it is; after a rating, redraw only what it changed."""
        workshop = self._workshop()
        if self._chart is None or self._canvas is None or workshop is None:
            return
        self._chart.update(workshop)
        self._follow_scheme()
        if isinstance(change, RatingChanged):
            self._canvas.redraw(self._chart.redraw_for(change.bu_id, change.dimension_id))
        else:
            self._canvas.draw_idle()
        self.chart_updated.emit()

    # Choosing the chart -----------------------------------------------------------------

    def _workshop(self) -> Workshop | None:
        return self._file.workshop if self._file is not None else None

    def _page_of(self, workshop: Workshop, key: ChartKey) -> int:
        """The page shown, kept within the pages there are (units removed, a comparison added)."""
        if not is_paged(key[0]):
            return 0
        self._page = min(self._page, len(heatmap_pages(workshop, key)) - 1)
        return self._page

    def _wanted_chart(self) -> ChartKey | None:
        workshop = self._workshop()
        if workshop is None:
            return None
        if self._mode == MODE_UNITS:
            bu_ids = tuple(self.selected_units())
            if not bu_ids:
                return None
            return MODE_UNITS, bu_ids, self._round_id, self._compare_round_id
        return self._mode, (), self._round_id, self._compare_round_id

    def _show_chart(self) -> None:
        """Show the chart asked for: update it when only the data differ, else build it anew."""
        key = self._wanted_chart()
        self.overlay_hint.setVisible(self._mode == MODE_UNITS and len(self.selected_units()) > OVERLAY_LIMIT)
        self._show_pages(key)
        self._enable_output(key is not None)
        if key is None or not self.isVisible():  # hidden: built when next shown, for the workshop as it is then
            self._chart_key = None
            if key is None:
                self.placeholder.setText(placeholder_text(self._workshop(), self._mode))
                self.stack.setCurrentWidget(self.placeholder)
            return
        workshop = self._workshop()
        assert workshop is not None
        structure = (*key, self._page_of(workshop, key), tuple(bu.id for bu in workshop.business_units),
                     len(workshop.rounds), chart_text_scale())
        if structure == self._chart_key and self._chart is not None:
            self._update_chart()
            return
        self._build_chart(workshop, key)
        self._chart_key = structure

    def _show_pages(self, key: ChartKey | None) -> None:
        workshop = self._workshop()
        if key is None or workshop is None or not is_paged(key[0]):
            self.pages.hide()
            return
        pages = heatmap_pages(workshop, key)
        self.pages.show_pages(pages, self._page_of(workshop, key))
        self.pages.setVisible(len(pages) > 1)

    def _build_chart(self, workshop: Workshop, key: ChartKey) -> None:
        from .chart_warmup import take_prebuilt

        scale = chart_text_scale()
        # The first chart, built while idle at the print size of its text; not taken for a larger text.
        prebuilt = take_prebuilt(key) if self._canvas is None else None
        if prebuilt is not None and scale != 1.0:
            prebuilt = None
        self._figure = prebuilt[0] if prebuilt is not None else self._figure
        canvas, figure = self._ensure_canvas()
        if prebuilt is None:
            figure.clear()
        chart: Chart = prebuilt[1] if prebuilt is not None else \
            build_chart(workshop, key, figure, page=self._page_of(workshop, key), text_scale=scale)
        self._chart = chart
        self._say("")  # a note about the chart before ("Saved …") is not about this one
        self._follow_scheme()
        canvas.on_layout = chart.layout
        canvas.set_live_artists(chart.live_artists())
        canvas.set_design_size(*chart.design_size, text_scale=scale)
        self.stack.setCurrentWidget(self.chart_area)
        self.chart_updated.emit()

    def _follow_scheme(self) -> None:
        """On a dark screen the chart shown is drawn dark; exports and copies keep the print colours."""
        if self._figure is not None and is_dark(self.palette()):
            from ..charts.screen_scheme import recolour_for_dark_screen

            recolour_for_dark_screen(self._figure)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange,
                            QEvent.Type.FontChange, QEvent.Type.ApplicationFontChange):
            self._chart_key = None  # built again in the colours of the new scheme, or for the new text size
            self.panel.setFixedWidth(round(PANEL_WIDTH * chart_text_scale()))
            if self.isVisible():
                self._show_chart()

    def _ensure_canvas(self) -> tuple[ChartCanvas, Figure]:
        if self._canvas is None or self._figure is None:
            from matplotlib.figure import Figure

            from .chart_canvas import ChartCanvas

            if self._figure is None:
                self._figure = Figure()
            self._canvas = ChartCanvas(self._figure)
            self._canvas.setAccessibleName("Chart")
            self.chart_area.setWidget(self._canvas)
        return self._canvas, self._figure

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._chart_key is None:
            self._show_chart()

    # Controls ---------------------------------------------------------------------------

    def _fill_units(self, *, first_ticked: bool) -> None:
        """List the workshop's business units, keeping the ticks of those still there."""
        ticked = set(self.selected_units())
        workshop = self._workshop()
        units = workshop.business_units if workshop is not None else []
        self._filling = True
        self.unit_list.clear()
        for bu in units:
            item = QListWidgetItem(bu.name)
            item.setToolTip(bu.name)
            item.setData(Qt.ItemDataRole.UserRole, bu.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if bu.id in ticked else Qt.CheckState.Unchecked)
            self.unit_list.addItem(item)
        if (first_ticked or not ticked) and units and not self.selected_units():
            self.unit_list.item(0).setCheckState(Qt.CheckState.Checked)
        self._filling = False

    def _refresh_controls(self) -> None:
        workshop = self._workshop()
        units_mode = self._mode == MODE_UNITS
        for widget in (self.unit_list, self.all_button, self.none_button):
            widget.setEnabled(units_mode and workshop is not None)
        rounds = workshop.rounds if workshop is not None else []
        self.compare_combo.clear()
        shown_round = self._round_id if self._round_id is not None else (rounds[-1].id if rounds else None)
        shown_name = next((r.name for r in rounds if r.id == shown_round), "")
        self.round_note.setText(f"Round: {clipped(shown_name, 40)}")
        self.compare_combo.addItem("(none)", None)
        for rnd in rounds:
            if rnd.id != shown_round:
                self.compare_combo.addItem(rnd.name, rnd.id)
        self.compare_combo.setCurrentIndex(max(self.compare_combo.findData(self._compare_round_id), 0))
        several_rounds = len(rounds) > 1
        self.round_note.setVisible(several_rounds)
        for compare_widget in (self.compare_label, self.compare_combo):
            compare_widget.setVisible(several_rounds)

    def _enable_output(self, enabled: bool) -> None:
        for button in (self.png_button, self.svg_button, self.copy_button):
            button.setEnabled(enabled)

    def _unit_ticked(self, _item: QListWidgetItem) -> None:
        if not self._filling:
            self._show_chart()

    def _tick_all(self, ticked: bool) -> None:
        workshop = self._workshop()
        self.set_selected_units([bu.id for bu in workshop.business_units] if workshop and ticked else [])

    def _compare_chosen(self, index: int) -> None:
        self.set_round(self._round_id, self.compare_combo.itemData(index))

    def _suggested_path(self, suffix: str) -> Path | None:
        workshop = self._workshop()
        key = self._wanted_chart()
        if workshop is None or key is None or self._file is None:
            return None
        pages = len(heatmap_pages(workshop, key)) if is_paged(key[0]) else 1
        return self._file.path.parent / suggested_name(workshop, key, suffix, self._page_of(workshop, key), pages)

    def _say(self, text: str, *, error: bool = False) -> None:
        self.status.setText(text)
        role = QPalette.ColorRole.BrightText if error else QPalette.ColorRole.WindowText
        self.status.setForegroundRole(role)
