"""The appendix as .xlsx: the same table with real numbers.

Scores and amounts are numeric cells written exactly from their Decimal (so
Excel sums work), with a number format showing the decimals used; the header
row is frozen and repeated on each printed page; A4 landscape, fit to width.
"""
from __future__ import annotations

import io
from datetime import datetime

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.page import PageMargins

from .files import deterministic_zip
from .view import Appendix, Cell

FONT = "Times New Roman"
FIXED_TIME = datetime(2000, 1, 1)
THIN = Side(style="thin", color="000000")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
TOTAL_WIDTH_CHARS = 190


def number_format(cell: Cell, money: bool) -> str:
    if money:
        return "#,##0"
    return "0" if cell.places == 0 else "0." + "0" * cell.places


def _sheet_title(appendix: Appendix, used: set[str]) -> str:
    title = appendix.label[:31]
    n = 2
    while title in used:
        title = f"{appendix.label[:27]} ({n})"
        n += 1
    used.add(title)
    return title


def _fill(ws, appendix: Appendix) -> None:
    ncols = len(appendix.columns)
    heading = [(appendix.label, Font(name=FONT, size=14, bold=True)),
               (appendix.title, Font(name=FONT, size=13, bold=True)),
               (appendix.attached, Font(name=FONT, size=13, italic=True))]
    if appendix.unit_note:
        heading.append((appendix.unit_note, Font(name=FONT, size=12, italic=True)))
    for r, (text, font) in enumerate(heading, start=1):
        ws.cell(row=r, column=1, value=text).font = font
        ws.cell(row=r, column=1).alignment = Alignment(horizontal="center", wrap_text=True)
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=ncols)
    header_row = len(heading) + 2
    for c, label in enumerate(appendix.header, start=1):
        cell = ws.cell(row=header_row, column=c, value=label)
        cell.font = Font(name=FONT, size=11, bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = BORDER
    money = appendix.kind == "budget"
    for r, row in enumerate(appendix.rows, start=header_row + 1):
        for c, (column, data) in enumerate(zip(appendix.columns, row.cells), start=1):
            if data.value is not None and column.numeric:
                cell = ws.cell(row=r, column=c, value=data.value)
                cell.number_format = number_format(data, money)
            else:
                cell = ws.cell(row=r, column=c, value=data.plain_text or None)
            cell.font = Font(name=FONT, size=11, bold=row.bold)
            center = column.numeric or column.key == "code"
            cell.alignment = Alignment(horizontal="center" if center else "left", vertical="center", wrap_text=True)
            cell.border = BORDER
    total = sum(c.width for c in appendix.columns)
    for c, column in enumerate(appendix.columns, start=1):
        ws.column_dimensions[get_column_letter(c)].width = max(6, round(TOTAL_WIDTH_CHARS * column.width / total))
    ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins = PageMargins(left=30 / 25.4, right=15 / 25.4, top=20 / 25.4, bottom=20 / 25.4)
    ws.oddHeader.center.text = "&P"
    ws.print_options.horizontalCentered = True


def build(appendices: list[Appendix]) -> Workbook:
    wb = Workbook()
    wb.remove(wb.active)
    used: set[str] = set()
    for appendix in appendices:
        _fill(wb.create_sheet(_sheet_title(appendix, used)), appendix)
    wb.properties.creator = "parplan"
    wb.properties.lastModifiedBy = "parplan"
    wb.properties.title = appendices[0].document_title if appendices else ""
    wb.properties.created = FIXED_TIME
    wb.properties.modified = FIXED_TIME
    return wb


def to_bytes(appendices: list[Appendix]) -> bytes:
    buffer = io.BytesIO()
    wb = build(appendices)
    wb.save(buffer)
    return deterministic_zip(buffer.getvalue())
