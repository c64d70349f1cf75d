"""The Charts sheet: the organisation and business-unit radars as pictures, and an editable radar.

The pictures come from :mod:`finops_desktop.charts`, so they look as they did on the
screen in the room. The native Excel radar chart, drawn from the organisation scores
written beside it, lets the client restyle it or paste it into a slide.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from math import ceil

from openpyxl.chart import RadarChart, Reference
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.worksheet import Worksheet

from ..domain.workshop import BusinessUnit
from .cell_text import put, put_text
from .content import ExportContent
from .images import ROW_PX, Picture, UnitRadars, place_picture, radar_picture
from .styles import MUTED_FONT, SCORE, SECTION_FONT, prepare_print, set_widths, write_header, write_title

SHEET_TITLE = "Charts"
#: Beyond this many business units, radars are drawn for the ones with the largest spend.
MAX_UNIT_RADARS = 16
#: Business units drawn on the overlay radar (the largest spends when there are more).
MAX_OVERLAY = 8
COLUMN_PX = 64  # default column width (8.43 characters)
COLUMN_WIDTH = 8.43
LARGE_PX = 500
SMALL_PX = 480
UNITS_PER_ROW = 2
#: Rows that fit on a printed page once the sheet is scaled to the page width; pictures
#: are kept whole by starting a new page before one that would not fit.
ROWS_PER_PAGE = 75

Tick = Callable[[], None]


def image_count(content: ExportContent) -> int:
    """How many pictures :func:`write_charts` renders (for progress)."""
    units = len(content.workshop.business_units)
    return 1 + (1 if units else 0) + min(units, MAX_UNIT_RADARS)


def largest(units: Sequence[BusinessUnit], count: int) -> list[BusinessUnit]:
    """The ``count`` units with the largest spend, in their display order."""
    if len(units) <= count:
        return list(units)
    chosen = {bu.id for bu in sorted(units, key=lambda bu: -(bu.monthly_spend or 0.0))[:count]}
    return [bu for bu in units if bu.id in chosen]


def write_charts(ws: Worksheet, content: ExportContent, organisation: Picture, tick: Tick) -> None:
    """``organisation``: the organisation radar, drawn once for this sheet and the Summary."""
    workshop = content.workshop
    units = workshop.business_units
    compare = content.compare_round
    subtitle = "Current stage against target"
    if compare is not None:
        subtitle += f"; each business unit's radar also shows round '{compare.name}'"
    write_title(ws, f"Charts — {content.round.name}", subtitle + ".")
    set_widths(ws, [COLUMN_WIDTH] * 24)

    row = 4
    put_text(ws.cell(row, 1), "Organisation: spend-weighted mean with the range across business units").font = \
        SECTION_FONT
    height = place_picture(ws, organisation, f"A{row + 1}", width_px=LARGE_PX)
    tick()
    overlay = largest(units, MAX_OVERLAY)
    if overlay:
        title = "Business units overlaid" if len(overlay) == len(units) else \
            f"The {len(overlay)} business units with the largest spend, overlaid"
        column = ceil(LARGE_PX / COLUMN_PX) + 2
        put_text(ws.cell(row, column), title).font = SECTION_FONT
        overlaid = radar_picture(content, [bu.id for bu in overlay], compare=False, width_px=LARGE_PX)
        overlay_height = place_picture(ws, overlaid, f"{get_column_letter(column)}{row + 1}", width_px=LARGE_PX)
        height = max(height, overlay_height)
        tick()
    row += 1 + ceil(height / ROW_PX) + 1

    row = _native_radar(ws, content, row)

    chosen = largest(units, MAX_UNIT_RADARS)
    if chosen:
        ws.row_breaks.append(Break(id=row))
        page_top = row + 1
        row += 1
        heading = "Each business unit" if len(chosen) == len(units) else \
            f"The {len(chosen)} business units with the largest spend (all units are on the Scores sheet)"
        put_text(ws.cell(row, 1), heading).font = SECTION_FONT
        row += 1
        step = ceil(SMALL_PX / COLUMN_PX) + 1
        radars = UnitRadars(content, compare=True, width_px=SMALL_PX)
        for start in range(0, len(chosen), UNITS_PER_ROW):
            pictures = [radars.picture(bu.id) for bu in chosen[start:start + UNITS_PER_ROW]]
            rows_needed = max(ceil(picture.height_at(SMALL_PX) / ROW_PX) for picture in pictures) + 1
            if row + rows_needed - page_top > ROWS_PER_PAGE:
                ws.row_breaks.append(Break(id=row - 1))
                page_top = row
            for index, picture in enumerate(pictures):
                place_picture(ws, picture, f"{get_column_letter(1 + index * step)}{row}", width_px=SMALL_PX)
                tick()
            row += rows_needed
    prepare_print(ws, landscape=False, footer=f"{workshop.info.client} — charts")


def _native_radar(ws: Worksheet, content: ExportContent, row: int) -> int:
    """The organisation scores as a small table and an Excel radar chart drawn from it; the next free row."""
    model = content.workshop.model
    put_text(ws.cell(row, 1), "Organisation now, its range and its target (an Excel chart you can edit)").font = \
        SECTION_FONT
    header_row = row + 1
    write_header(ws, header_row, ["Dimension", "", "", "Mean now", "Lowest", "Highest", "Mean target"])
    ws.merge_cells(start_row=header_row, start_column=1, end_row=header_row, end_column=3)
    ws.row_dimensions[header_row].height = 30
    current, target = content.organisation(), content.organisation_targets()
    for offset, dimension in enumerate(model.dimensions, start=1):
        r = header_row + offset
        put_text(ws.cell(r, 1), dimension.label)
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=3)
        figures, goal = current[dimension.id], target[dimension.id]
        for column, value in ((4, figures.mean), (5, figures.min), (6, figures.max), (7, goal.mean)):
            put(ws.cell(r, column), None if value is None else round(value, 2)).number_format = SCORE
    last = header_row + len(model.dimensions)
    if all(current[d.id].mean is None for d in model.dimensions):
        put_text(ws.cell(last + 1, 1), "Nothing assessed yet in this round.").font = MUTED_FONT
        return last + 2

    chart = RadarChart()
    chart.type = "marker"
    chart.style = 26
    chart.legend.position = "b"
    chart.y_axis.scaling.min = 0
    chart.y_axis.scaling.max = model.highest_stage.score
    chart.y_axis.majorUnit = 1
    chart.y_axis.delete = False
    chart.x_axis.delete = False
    chart.add_data(Reference(ws, min_col=4, max_col=7, min_row=header_row, max_row=last), titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=1, min_row=header_row + 1, max_row=last))
    chart.width, chart.height = 15, 10  # centimetres
    ws.add_chart(chart, f"I{row + 1}")
    chart_rows = ceil(10 / 0.529)  # a 15-point row is 0.529 cm high
    return max(last, row + 1 + chart_rows) + 1
