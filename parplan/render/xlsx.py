"""The appendix as .xlsx: the same table with real numbers.

Scores and amounts are numeric cells written exactly from their Decimal (so
Excel sums work), with a number format showing the decimals used; the header
row is frozen and repeated on each printed page; A4 landscape, fit to width.
"""
from __future__ import annotations

import io
from copy import copy
import zipfile
from datetime import datetime

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, NamedStyle, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.page import PageMargins

from .files import FixedTimeZip
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
        cell.style = "parplan header"
    money = appendix.kind == "budget"
    styles = [("parplan center" if col.numeric or col.key == "code" else "parplan text") for col in appendix.columns]
    styled: dict[tuple[str, str | None], object] = {}

    def style(cell, name: str, fmt: str | None) -> None:
        # Resolve each (named style, number format) once, then copy its style
        # ids to the other cells, as openpyxl does when it copies cells.
        key = (name, fmt)
        if key not in styled:
            cell.style = name
            if fmt is not None:
                cell.number_format = fmt
            styled[key] = cell._style
        else:
            cell._style = copy(styled[key])

    first = header_row + 1
    for row in appendix.rows:
        ws.append([data.value if data.value is not None and column.numeric else (data.plain_text or None)
                   for column, data in zip(appendix.columns, row.cells)])
    for r, (row, cells) in enumerate(zip(appendix.rows, ws.iter_rows(min_row=first)), start=first):
        suffix = " bold" if row.bold else ""
        for cell, column, data, name in zip(cells, appendix.columns, row.cells, styles):
            numeric = data.value is not None and column.numeric
            style(cell, name + suffix, number_format(data, money) if numeric else None)
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


def _comments(ws, appendix: Appendix, first_row: int) -> None:
    """Review marks: each cell a diagnostic points to gets a comment with the
    numbered messages (the same marks as the HTML review view)."""
    from openpyxl.comments import Comment

    for r, row in enumerate(appendix.rows, start=first_row):
        for c, data in enumerate(row.cells, start=1):
            if data.marks:
                comment = Comment(data.mark_title, "parplan")
                comment.width, comment.height = 320, 40 + 40 * len(data.marks)
                ws.cell(row=r, column=c).comment = comment


def _first_body_row(ws, appendix: Appendix) -> int:
    """The sheet row of the first table row: the one after the header row,
    found by its labels (so the comments follow whatever `_fill` puts above)."""
    header = appendix.header
    for r in range(1, min(ws.max_row, 40) + 1):
        if [ws.cell(row=r, column=c).value for c in range(1, len(header) + 1)] == header:
            return r + 1
    return (4 if appendix.unit_note else 3) + 3


def _language(wb: Workbook) -> None:
    """The workbook says its text is Vietnamese (docProps/core.xml dc:language)."""
    wb.properties.language = "vi-VN"


def _named_styles(wb: Workbook) -> None:
    """A handful of named styles, registered once: assigning a name to a cell
    is far cheaper than building a font, alignment and border per cell."""
    for name, bold, horizontal in (("parplan header", True, "center"), ("parplan text", False, "left"),
                                   ("parplan text bold", True, "left"), ("parplan center", False, "center"),
                                   ("parplan center bold", True, "center")):
        wb.add_named_style(NamedStyle(
            name=name, font=Font(name=FONT, size=11, bold=bold), border=BORDER,
            alignment=Alignment(horizontal=horizontal, vertical="center", wrap_text=True)))


def build(appendices: list[Appendix]) -> Workbook:
    wb = Workbook()
    _named_styles(wb)
    wb.remove(wb.active)
    used: set[str] = set()
    for appendix in appendices:
        ws = wb.create_sheet(_sheet_title(appendix, used))
        _fill(ws, appendix)
        _comments(ws, appendix, _first_body_row(ws, appendix))
    wb.properties.creator = "parplan"
    wb.properties.lastModifiedBy = "parplan"
    wb.properties.title = appendices[0].document_title if appendices else ""
    wb.properties.created = FIXED_TIME
    wb.properties.modified = FIXED_TIME
    _language(wb)
    return wb


def to_bytes(appendices: list[Appendix]) -> bytes:
    from openpyxl.writer.excel import ExcelWriter

    buffer = io.BytesIO()
    with FixedTimeZip(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(build(appendices), archive).write_data()
    return buffer.getvalue()
