"""The appendix as .xlsx: the same table with real numbers.

Scores and amounts are numeric cells written exactly from their Decimal (so
Excel sums work), with a number format showing the decimals used; the header
row is frozen and repeated on each printed page; A4 landscape, fit to width.

Plans (issue 12): parent and total rows are live formulas (`formulas()`),
each kept only where it computes exactly the number the view prints, and
stored with that value (openpyxl writes formulas without one, so the value is
put into the sheet XML as it is zipped: `_CachedValues`). The cells a unit
types into are unlocked and lightly filled, and a line above the table says
so. `blank=True` writes the collection sheet: score columns empty, formulas
kept (without stored values).
"""
from __future__ import annotations

import io
import re
from copy import copy
import zipfile
from dataclasses import replace
from datetime import datetime
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.page import PageMargins

from ..numbers import plain
from ..sheetformula import FormulaError, cell_name, column_letter
from .files import FixedTimeZip
from .view import Appendix, Cell, Row

FONT = "Times New Roman"
FIXED_TIME = datetime(2000, 1, 1)
THIN = Side(style="thin", color="000000")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
TOTAL_WIDTH_CHARS = 190
PLAN_KINDS = ("improvement", "remediation")
SCORE_KEYS = ("baseline", "target", "deducted")
# what a unit types in: scores of leaf rows, and these texts on every item row
INPUT_SCORES = {"improvement": ("baseline", "target"), "remediation": ("baseline",)}
INPUT_TEXTS = {"improvement": ("tasks", "lead"), "remediation": ("reason", "tasks", "lead", "deadline", "product")}
INPUT_FILL = PatternFill(fill_type="solid", start_color="FFF2CC", end_color="FFF2CC")
UNLOCKED = Protection(locked=False)
FILL_NOTE = ("Ô nền vàng nhạt là ô cần nhập (điểm của tiêu chí không có mục con, nhiệm vụ, đơn vị); "
             "điểm của các mục có mục con và dòng tổng được tính tự động bằng công thức.")


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


def blank_copy(appendix: Appendix) -> Appendix:
    """The collection sheet's appendix: every score cell of a plan emptied
    ("Không áp dụng" kept); codes, names, max, tasks and units as they are."""
    if appendix.kind not in PLAN_KINDS:
        return appendix
    keys = [c.key for c in appendix.columns]
    rows = [replace(row, cells=[Cell() if key in SCORE_KEYS and cell.value is not None else cell
                                for key, cell in zip(keys, row.cells)]) for row in appendix.rows]
    return replace(appendix, rows=rows)


def _sum_args(rows: list[int], letter: str) -> str:
    """"D6:D9,D12": sheet rows, consecutive ones as a range."""
    parts, i = [], 0
    while i < len(rows):
        j = i
        while j + 1 < len(rows) and rows[j + 1] == rows[j] + 1:
            j += 1
        parts.append(f"{letter}{rows[i]}" if i == j else f"{letter}{rows[i]}:{letter}{rows[j]}")
        i = j + 1
    return ",".join(parts)


def formulas(appendix: Appendix, first: int) -> dict[tuple[int, int], tuple[str, Decimal | None]]:
    """(sheet row, column) -> (formula without '=', stored value) for a plan's
    derived cells, its first row at sheet row `first`.

    Improvement layout: a parent's max, baseline and target are SUM over its
    applicable children when its max is the sum of theirs, otherwise (and in
    the remediation layout) max − Σ (child max − child value), SPEC 2.3; a
    remediation row's "Điểm bị trừ" is its value − max. A formula is kept
    only when it computes exactly the number the row prints (a plan rendered
    despite a wrong sum keeps the printed number, as a constant); a cell
    printed empty (a child without a value, or the blank sheet) keeps its
    formula without a stored value."""
    if appendix.kind not in PLAN_KINDS:
        return {}
    col = {c.key: i + 1 for i, c in enumerate(appendix.columns)}
    keys = [k for k in ("max",) + SCORE_KEYS if k in col]
    # what each score cell shows: its number, its text ("Không áp dụng"), or None
    values: dict[tuple[int, str], Decimal | str | None] = {}
    for i, row in enumerate(appendix.rows):
        for key in keys:
            cell = row.cells[col[key] - 1]
            values[(first + i, key)] = Decimal(cell.value) if cell.value is not None else (cell.text or None)
    out: dict[tuple[int, int], tuple[str, Decimal | None]] = {}

    def number(r: int, key: str) -> Decimal | None:
        value = values.get((r, key))
        return value if isinstance(value, Decimal) else None

    def arithmetic(r: int, key: str) -> Decimal:
        """A cell in + or −. Text is an error in Excel; an empty cell is 0 in
        Excel, but reading back, a formula over an empty cell has no value
        (sheetformula: incomplete), so a printed number is kept as written."""
        value = values.get((r, key))
        if value is None or isinstance(value, str):
            raise FormulaError("text or nothing in arithmetic")
        return value

    def summed_value(r: int, key: str) -> Decimal:
        """A cell in SUM: text skipped, an empty cell as in `arithmetic`."""
        value = values.get((r, key))
        if value is None:
            raise FormulaError("an empty cell")
        return value if isinstance(value, Decimal) else Decimal(0)

    def keep(r: int, key: str, formula: str, compute) -> None:
        # `compute` gives what the formula computes from the printed cells
        shown = values.get((r, key))
        if shown is None:   # printed empty: the formula without a value (never for max)
            if key in SCORE_KEYS:
                out[(r, col[key])] = (formula, None)
            return
        if isinstance(shown, str):
            return
        try:
            result = compute()
        except FormulaError:
            return
        if result == shown:
            out[(r, col[key])] = (formula, shown)

    m = column_letter(col["max"])
    for i, row in enumerate(appendix.rows):
        r = first + i
        if appendix.kind == "remediation" and (row.children is not None or row.entry):
            b = column_letter(col["baseline"])
            keep(r, "deducted", f"{b}{r}-{m}{r}", lambda: arithmetic(r, "baseline") - arithmetic(r, "max"))
        if not row.children:
            continue
        kids = [first + k for k in row.children]
        own_max = number(r, "max")
        kid_max = [number(k, "max") for k in kids]
        known = own_max is not None and None not in kid_max
        summed = appendix.kind == "improvement" and known and own_max == sum(kid_max, start=Decimal(0))
        if appendix.kind == "improvement":
            keep(r, "max", f"SUM({_sum_args(kids, m)})",
                 lambda: sum((summed_value(k, "max") for k in kids), start=Decimal(0)))
        for key in INPUT_SCORES[appendix.kind]:
            letter = column_letter(col[key])
            if summed:
                keep(r, key, f"SUM({_sum_args(kids, letter)})",
                     lambda: sum((summed_value(k, key) for k in kids), start=Decimal(0)))
            elif known:
                keep(r, key, f"{m}{r}" + "".join(f"-({m}{k}-{letter}{k})" for k in kids),
                     lambda: own_max - sum((arithmetic(k, "max") - arithmetic(k, key) for k in kids),
                                           start=Decimal(0)))
    return out


def _fill(ws, appendix: Appendix) -> dict[str, str]:
    """Lay the appendix out on the sheet; returns the stored values of its
    formula cells ("D12" -> "16.5") for `_CachedValues`."""
    ncols = len(appendix.columns)
    plan = appendix.kind in PLAN_KINDS
    heading = [(appendix.label, Font(name=FONT, size=14, bold=True)),
               (appendix.title, Font(name=FONT, size=13, bold=True)),
               (appendix.attached, Font(name=FONT, size=13, italic=True))]
    if appendix.unit_note:
        heading.append((appendix.unit_note, Font(name=FONT, size=12, italic=True)))
    if plan:
        heading.append((FILL_NOTE, Font(name=FONT, size=11, italic=True)))
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
    styled: dict[tuple[str, str | None, bool], object] = {}

    def style(cell, name: str, fmt: str | None, entry: bool = False) -> None:
        # Resolve each (named style, number format, input cell) once, then copy
        # its style ids to the other cells, as openpyxl does when it copies cells.
        key = (name, fmt, entry)
        if key not in styled:
            cell.style = name
            if fmt is not None:
                cell.number_format = fmt
            if entry:
                cell.fill = INPUT_FILL
                cell.protection = UNLOCKED
            styled[key] = cell._style
        else:
            cell._style = copy(styled[key])

    first = header_row + 1
    for row in appendix.rows:
        ws.append([data.value if data.value is not None and column.numeric else (data.plain_text or None)
                   for column, data in zip(appendix.columns, row.cells)])
    scores = [column.key in INPUT_SCORES.get(appendix.kind, ()) for column in appendix.columns]
    texts = [column.key in INPUT_TEXTS.get(appendix.kind, ()) for column in appendix.columns]
    for r, (row, cells) in enumerate(zip(appendix.rows, ws.iter_rows(min_row=first)), start=first):
        suffix = " bold" if row.bold else ""
        item, leaf = plan and row.style != "total", plan and row.entry
        for cell, column, data, name, text, score in zip(cells, appendix.columns, row.cells, styles, texts, scores):
            numeric = data.value is not None and column.numeric
            if cell.data_type == "f":   # text starting with "=" stays text, never a formula
                cell.data_type = "s"
            # typed in: the texts of every item row, the scores of a leaf (not "Không áp dụng")
            entry = item and (text or leaf and score and (data.value is not None or not data.text))
            style(cell, name + suffix, number_format(data, money) if numeric else None, entry)
    stored: dict[str, str] = {}
    for (r, c), (formula, value) in formulas(appendix, first).items():
        ws.cell(row=r, column=c).value = "=" + formula
        if value is not None:
            stored[cell_name(r, c)] = plain(value)
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
    return stored


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


def build(appendices: list[Appendix], blank: bool = False) -> tuple[Workbook, list[dict[str, str]]]:
    """The workbook, and per sheet the stored values of its formula cells."""
    wb = Workbook()
    _named_styles(wb)
    wb.remove(wb.active)
    used: set[str] = set()
    stored = []
    for appendix in appendices:
        ws = wb.create_sheet(_sheet_title(appendix, used))
        stored.append(_fill(ws, blank_copy(appendix) if blank else appendix))
        _comments(ws, appendix, _first_body_row(ws, appendix))
    wb.properties.creator = "parplan"
    wb.properties.lastModifiedBy = "parplan"
    wb.properties.title = appendices[0].document_title if appendices else ""
    wb.properties.created = FIXED_TIME
    wb.properties.modified = FIXED_TIME
    _language(wb)
    wb.calculation.fullCalcOnLoad = True    # Excel recomputes the formulas when it opens the file
    return wb, stored


_FORMULA_CELL = re.compile(rb'<c r="([A-Z]+[0-9]+)"([^>]*)><f>([^<]*)</f>(?:<v\s*/>|<v></v>)?</c>')


class _CachedValues(FixedTimeZip):
    """Puts each formula cell's stored value into its sheet's XML as openpyxl
    zips it: `<c r="D12"><f>SUM(D13:D15)</f><v>16.5</v></c>`."""

    def __init__(self, *args, stored: list[dict[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.stored = {f"xl/worksheets/sheet{n}.xml": values for n, values in enumerate(stored, start=1) if values}

    def writestr(self, zinfo_or_arcname, data, compress_type=None, compresslevel=None):
        name = zinfo_or_arcname.filename if isinstance(zinfo_or_arcname, zipfile.ZipInfo) else zinfo_or_arcname
        values = self.stored.get(name)
        if values:
            raw = data.encode("utf-8") if isinstance(data, str) else data

            def put(match: re.Match) -> bytes:
                value = values.get(match.group(1).decode())
                if value is None:
                    return match.group(0)
                return (b'<c r="' + match.group(1) + b'"' + match.group(2) + b"><f>" + match.group(3)
                        + b"</f><v>" + value.encode() + b"</v></c>")

            data = _FORMULA_CELL.sub(put, raw)
        super().writestr(zinfo_or_arcname, data, compress_type, compresslevel)


def to_bytes(appendices: list[Appendix], blank: bool = False) -> bytes:
    from openpyxl.writer.excel import ExcelWriter

    workbook, stored = build(appendices, blank)
    buffer = io.BytesIO()
    with _CachedValues(buffer, "w", zipfile.ZIP_DEFLATED, stored=stored) as archive:
        ExcelWriter(workbook, archive).write_data()
    return buffer.getvalue()
