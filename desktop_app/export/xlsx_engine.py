"""Tables (.xlsx) a municipality can sort and filter: one engine for every report.

Each sheet: a title row with the organisation and the date of the report, the header row frozen
under it with an autofilter, column widths that fit the content, dates stored as real dates shown
ДД.ММ.ГГГГ, and a print setup that fits the width of a landscape A4 page.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from copy import copy
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from desktop_app.export.files import write_atomic

DATE_FORMAT = "DD.MM.YYYY"
TITLE_ROWS = 2  # title, then the «по состоянию на» line; the header follows a blank row
HEADER_ROW = TITLE_ROWS + 2
MAX_WIDTH = 40  # characters: longer text wraps instead of making a column a page wide
MIN_WIDTH = 6

CellKind = Literal["text", "int", "date", "wrap"]

_THIN = Side(style="thin", color="808080")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEADER_FILL = PatternFill("solid", fgColor="DDE7F0")
_MISSING_FILL = PatternFill("solid", fgColor="FBE3E3")


@dataclass
class XColumn:
    header: str
    kind: CellKind = "text"
    max_width: int = MAX_WIDTH


@dataclass
class XSheet:
    """A sheet: its tab name, a title, columns and rows (values match the columns' kinds).

    ``marked_rows`` are row indexes (0-based, in ``rows``) shown with a pale red fill: people
    without a consent to personal-data processing, for instance. ``note`` goes under the table.
    """

    name: str
    title: str
    columns: Sequence[XColumn]
    rows: Sequence[Sequence[object]]
    marked_rows: set[int] = field(default_factory=set)
    note: str = ""


def write_workbook(
    target: Path, organisation: str, report_date: dt.date, sheets: Sequence[XSheet]
) -> Path:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for spec in sheets:
        _fill_sheet(workbook.create_sheet(_sheet_name(spec.name)), organisation, report_date, spec)
    workbook.properties.creator = organisation[:60]
    return write_atomic(target, lambda temp: workbook.save(temp))


def _sheet_name(name: str) -> str:
    # Excel: at most 31 characters, none of []:*?/\
    for ch in "[]:*?/\\":
        name = name.replace(ch, " ")
    return name[:31]


def _fill_sheet(ws: Worksheet, organisation: str, day: dt.date, spec: XSheet) -> None:
    width_count = max(len(spec.columns), 1)
    last_col = get_column_letter(width_count)
    ws["A1"] = organisation
    ws["A1"].font = Font(bold=True, size=12)
    ws["A2"] = f"{spec.title} по состоянию на {day.strftime('%d.%m.%Y')}"
    ws["A2"].font = Font(bold=True, size=12)
    for row in (1, 2):
        ws.merge_cells(f"A{row}:{last_col}{row}")
        ws[f"A{row}"].alignment = Alignment(horizontal="left", vertical="center")

    # A header may wrap onto three lines, but never inside a word.
    widths = [max(_longest_word(c.header) + 1, len(c.header) / 3) for c in spec.columns]
    for col, column in enumerate(spec.columns, start=1):
        cell = ws.cell(row=HEADER_ROW, column=col, value=column.header)
        cell.font = Font(bold=True)
        cell.fill = _HEADER_FILL
        cell.border = _BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)

    # A body cell has one of a few styles. Styling each cell through openpyxl's descriptors
    # hashes the style objects every time (8 s for 10,000 people); the first cell of each kind
    # is styled that way and the others copy its style ids.
    styles: dict[tuple[bool, bool, bool], StyleArray] = {}
    for offset, values in enumerate(spec.rows):
        row = HEADER_ROW + 1 + offset
        marked = offset in spec.marked_rows
        for col, (column, value) in enumerate(zip(spec.columns, values, strict=True), start=1):
            cell = ws.cell(row=row, column=col, value=_cell_value(value))
            key = (
                column.kind in ("wrap", "text"),
                column.kind == "date" and isinstance(value, dt.date),
                marked,
            )
            style = styles.get(key)
            if style is not None:
                cell._style = copy(style)
            else:
                cell.border = _BORDER
                cell.alignment = Alignment(vertical="top", wrap_text=key[0])
                if key[1]:
                    cell.number_format = DATE_FORMAT
                if marked:
                    cell.fill = _MISSING_FILL
                styles[key] = copy(cell._style)
            widths[col - 1] = max(widths[col - 1], _display_width(value, column))

    # Header words are bold, about 15 % wider than the column-width unit (a digit of the
    # normal font): without the margin «Квалификационная» broke inside the word.
    final = [
        max(
            MIN_WIDTH,
            math.ceil(_longest_word(column.header) * 1.15) + 2,
            min(column.max_width, width + 2),
        )
        for column, width in zip(spec.columns, widths, strict=True)
    ]
    for col, width in enumerate(final, start=1):
        ws.column_dimensions[get_column_letter(col)].width = width
    # Excel recomputes the height of wrapped rows on edit only, LibreOffice not at all:
    # set heights from the text so nothing is cut off on screen or paper.
    ws.row_dimensions[HEADER_ROW].height = _height([c.header for c in spec.columns], final, 1.1)
    for offset, values in enumerate(spec.rows):
        ws.row_dimensions[HEADER_ROW + 1 + offset].height = _height(values, final)

    last_row = HEADER_ROW + max(len(spec.rows), 0)
    ws.freeze_panes = ws.cell(row=HEADER_ROW + 1, column=1)
    ws.auto_filter.ref = f"A{HEADER_ROW}:{last_col}{last_row}"
    if spec.note:
        ws.cell(row=last_row + 2, column=1, value=spec.note).font = Font(italic=True)

    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    ws.print_options.gridLines = False
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.oddFooter.center.text = "Страница &P из &N"


def _cell_value(value: object) -> object:
    if isinstance(value, dt.datetime):
        return value
    if isinstance(value, dt.date):
        return value  # openpyxl stores a real date; number_format shows it ДД.ММ.ГГГГ
    if isinstance(value, bool):
        return "да" if value else "нет"
    return value


def _display_width(value: object, column: XColumn) -> float:
    if value is None:
        return 0
    if isinstance(value, dt.date):
        return 10
    text = str(value)
    longest_line = max((len(line) for line in text.splitlines()), default=0)
    return float(longest_line)


def _height(values: Sequence[object], widths: Sequence[float], factor: float = 1.0) -> float:
    """Row height in points for the wrapped text: 15 pt a line at the default 11 pt font."""
    lines = 1
    for value, width in zip(values, widths, strict=True):
        if value is None or isinstance(value, (int, float, dt.date)):
            continue
        usable = max(width - 2, 1) * 0.9 / factor
        count = sum(max(1, math.ceil(len(part) / usable)) for part in str(value).splitlines())
        lines = max(lines, count)
    return 15.0 * min(lines, 20)


def _longest_word(text: str) -> int:
    return max((len(word) for word in text.split()), default=0)
