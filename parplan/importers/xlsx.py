"""Reading the sheets of a .xlsx into grids (openpyxl, imported only here).

Text, merged ranges and number formats come from openpyxl. Numbers do not:
openpyxl hands them over as binary floats, so each numeric cell's value is
taken from the sheet's XML text instead (`<v>1.4741</v>`) and read as a
Decimal. A number is then shown as Excel shows it: at most 15 significant
digits, padded to the decimals of the cell's number format (`0.00` shows 1.5
as 1,50), and rounded to them only when the stored value has more decimals
than a score may have. A merged range gives every cell it covers its text.
"""
from __future__ import annotations

import posixpath
import re
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from xml.etree import ElementTree

from ..numbers import MAX_SCORE_DECIMALS, decimals, plain, round_half_up, tidy
from .safety import Refused
from .source import MAX_COLUMNS, Slot, Table

MAX_ROWS = 5000
MAX_CELLS = 200_000      # cells holding something, in one sheet
MAX_SHEETS = 200
_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG = "{http://schemas.openxmlformats.org/package/2006/relationships}"


def _coordinate(ref: str) -> tuple[int, int]:
    match = re.fullmatch(r"\$?([A-Z]{1,3})\$?(\d+)", ref)
    if not match:
        raise ValueError(ref)
    column = 0
    for ch in match.group(1):
        column = column * 26 + ord(ch) - 64
    return int(match.group(2)), column


def _sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> the path of its XML part."""
    rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target", "") for r in rels.iter(f"{_PKG}Relationship")}
    book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    out = {}
    for sheet in book.iter(f"{_MAIN}sheet"):
        target = targets.get(sheet.get(f"{_REL}id"), "")
        out[sheet.get("name", "")] = target.lstrip("/") if target.startswith("/") else \
            posixpath.normpath(posixpath.join("xl", target))
    return out


@dataclass
class _Raw:
    numbers: dict[tuple[int, int], str] = field(default_factory=dict)   # numeric cell -> its value text
    no_value: set[tuple[int, int]] = field(default_factory=set)         # formulas saved without a value
    errors: set[tuple[int, int]] = field(default_factory=set)           # formulas saved as #VALUE! and such
    formulas: dict[tuple[int, int], str] = field(default_factory=dict)  # formula cell -> its formula
    texts: set[tuple[int, int]] = field(default_factory=set)            # cells holding text
    computed: dict[tuple[int, int], str] = field(default_factory=dict)  # formula value computed here ("": none)
    last_row: int = 0                                                   # of the cells holding something
    last_col: int = 0


def _too_big(name: str, what_vi: str, what_en: str) -> Refused:
    return Refused("IMP108", f"trang tính '{name}' {what_vi}: quá lớn để là một phụ lục "
                   f"(tối đa {MAX_ROWS} dòng, {MAX_CELLS} ô)",
                   f"sheet '{name}' {what_en}: too large for an appendix (at most {MAX_ROWS} rows, {MAX_CELLS} cells)")


def _span_rows(ref: str) -> int:
    """How many rows a range ref like "A1:Z1000000" covers."""
    try:
        ends = [_coordinate(part)[0] for part in ref.split(":")]
    except ValueError:
        return 0
    return max(ends) - min(ends) + 1


def _raw_cells(archive: zipfile.ZipFile, part: str, name: str = "") -> _Raw:
    """One pass over the sheet's XML, before openpyxl sees it: the numbers'
    text, formulas without a value, how far the data goes; a sheet that claims
    or holds more rows or cells than an appendix can is refused here, so
    openpyxl never builds it (a merged range over a million rows would make
    a million cells)."""
    out = _Raw()
    row_no, col_no = 0, 0
    cells = 0
    with archive.open(part) as stream:
        for _, element in ElementTree.iterparse(stream):
            tag = element.tag
            if tag == f"{_MAIN}row":
                element.clear()
                continue
            if tag in (f"{_MAIN}dimension", f"{_MAIN}mergeCell"):
                rows = _span_rows(element.get("ref", ""))
                if rows > MAX_ROWS:
                    raise _too_big(name, f"khai báo vùng {element.get('ref')} ({rows} dòng)",
                                   f"declares the range {element.get('ref')} ({rows} rows)")
                continue
            if tag != f"{_MAIN}c":
                continue
            cells += 1
            if element.tag != f"{_MAIN}c":
                continue
            ref = element.get("r")
            if ref:
                row_no, col_no = _coordinate(ref)
            else:
                col_no += 1
            value = element.findtext(f"{_MAIN}v") or None
            kind = element.get("t", "n")
            formula_at = element.find(f"{_MAIN}f")
            formula = formula_at is not None
            if formula and formula_at.text and row_no <= MAX_ROWS and col_no <= MAX_COLUMNS:
                out.formulas[(row_no, col_no)] = formula_at.text
            if kind in ("s", "str", "inlineStr") and (value is not None or element.find(f"{_MAIN}is") is not None):
                out.texts.add((row_no, col_no))
            if formula and value is None:
                out.no_value.add((row_no, col_no))
            elif formula and kind == "e":
                out.errors.add((row_no, col_no))
            elif kind == "n" and value is not None:
                out.numbers[(row_no, col_no)] = value
            if value is not None or formula or element.find(f"{_MAIN}is") is not None:
                out.last_row, out.last_col = max(out.last_row, row_no), max(out.last_col, col_no)
            element.clear()
            if out.last_row > MAX_ROWS or cells > MAX_CELLS:
                raise _too_big(name, f"có hơn {min(out.last_row, MAX_ROWS)} dòng hoặc {cells} ô",
                               f"holds over {min(out.last_row, MAX_ROWS)} rows or {cells} cells")
    out.computed = computed_formulas(out)
    return out


def computed_formulas(raw: _Raw) -> dict[tuple[int, int], str]:
    """Formula cells computed exactly, as Excel would, for the formulas
    parplan writes (SUM, +, −: `parplan.sheetformula`), from the cells that
    are not formulas. Returns the values of formulas saved without one (a
    workbook written by a script such as openpyxl); a stored value that agrees
    with the computed one but for binary rounding (LibreOffice stores 0.9989 −
    1 as -0.00109999999999999) is replaced by the exact value in
    `raw.numbers`. A formula that read an empty cell (a parent of children
    not filled in yet) has no value, stored or not: "" (the row is then
    derived, not declared). A formula that cannot be computed is left alone
    (without a stored value the cell stays IMP106)."""
    if not raw.formulas:
        return {}
    from ..sheetformula import compute_all

    values: dict[tuple[int, int], Decimal | str] = {k: "" for k in raw.texts}
    for coord, text in raw.numbers.items():
        try:
            values[coord] = Decimal(text)
        except InvalidOperation:
            values[coord] = text
    out = {}
    for coord, value in compute_all(values, raw.formulas).items():
        if value is None:
            out[coord] = ""
            continue
        text = plain(value) or "0"
        if coord in raw.no_value:
            out[coord] = text
        elif isinstance(values.get(coord), Decimal) and values[coord] != value and \
                abs(values[coord] - value) <= Decimal("1e-9") * max(Decimal(1), abs(value)):
            raw.numbers[coord] = plain(tidy(value)) or "0"
    return out


def _blocked_by_text(raw: _Raw, sheet) -> None:
    """A formula that fails only because a cell it reads holds text that is
    no score (a score typed "Đạt", reported itself as unreadable: Excel shows
    #VALUE!) has no value, like one over an empty cell: the row is derived,
    and not reported again (IMP106). A formula over a number typed as text
    ("1,4") is left as it was."""
    blocked = {c for c in raw.formulas if c not in raw.computed and (c in raw.no_value or c in raw.errors)}
    if not blocked or not raw.texts:
        return
    from ..numbers import NumberError, parse_score
    from ..sheetformula import compute_all
    from .labels import fold

    def no_score(coord) -> bool:
        text = str(sheet.cell(row=coord[0], column=coord[1]).value or "")
        if fold(text) in ("", "khong ap dung"):
            return False
        try:
            parse_score(re.sub(r"\s*điểm\s*$", "", text.strip(), flags=re.I))
            return False
        except NumberError:
            return True

    values: dict = {k: "" for k in raw.texts if not no_score(k)}
    for coord, text in raw.numbers.items():
        try:
            values[coord] = Decimal(text)
        except InvalidOperation:
            continue
    for coord in compute_all(values, raw.formulas, wanted=blocked.__contains__):
        raw.computed[coord] = ""


def _format_places(number_format: str) -> tuple[int, int] | None:
    """(least, most) decimals a number format shows; None for General."""
    section = re.sub(r'"[^"]*"|\\.|\[[^\]]*\]', "", number_format.split(";")[0])
    if not section or section.lower() == "general" or "%" in section or "E" in section.upper():
        return None
    match = re.search(r"\.([0#?]+)", section)
    if not match:
        return (0, 0)
    return match.group(1).count("0"), len(match.group(1))


def number_text(raw: str, number_format: str) -> str:
    """A numeric cell's value as a decimal string, the way Excel shows it."""
    try:
        value = Decimal(raw)
    except InvalidOperation:
        return raw
    if not value.is_finite():
        return raw
    if len(value.as_tuple().digits) > 15:        # Excel keeps 15 significant digits
        value = tidy(value.quantize(Decimal(1).scaleb(value.adjusted() - 14)))
    places = _format_places(number_format)
    if places is not None:
        least, most = places
        if decimals(value) > max(most, MAX_SCORE_DECIMALS):
            value = round_half_up(value, most)
        if decimals(value) < least:
            value = value.quantize(Decimal(1).scaleb(-least))
    return plain(value) or "0"


def exact_numbers(path: Path, sheet: str) -> dict[tuple[int, int], Decimal | None]:
    """(row, column) -> the number in each numeric cell of one sheet, read
    exactly from the XML as Excel shows it (15 significant digits), and the
    computed value of formulas (None: a formula that read an empty cell has
    no value): for `new --results`. Empty when the sheet cannot be read."""
    try:
        with zipfile.ZipFile(path) as archive:
            part = _sheet_parts(archive).get(sheet)
            if part is None or part not in archive.namelist():
                return {}
            raw = _raw_cells(archive, part)
    except Exception:   # noqa: BLE001 - anything odd: the caller keeps openpyxl's values
        return {}
    out = {}
    for coord, text in {**raw.numbers, **raw.computed}.items():
        try:
            out[coord] = Decimal(number_text(text, "General")) if text else None
        except InvalidOperation:
            continue
    return out


def read(path: Path) -> list[Table]:
    """Every sheet as one table (its heading rows are found with the header)."""
    from openpyxl import load_workbook

    with zipfile.ZipFile(path) as archive:
        parts = _sheet_parts(archive)
        if len(parts) > MAX_SHEETS:
            raise Refused("IMP108", f"tệp có {len(parts)} trang tính, quá {MAX_SHEETS}",
                          f"the workbook has {len(parts)} sheets, over {MAX_SHEETS}")
        names = set(archive.namelist())
        raw = {name: _raw_cells(archive, part, name) for name, part in parts.items() if part in names}
    with open(path, "rb") as handle:   # by content: openpyxl refuses an .xlsx named .xls by its name
        workbook = load_workbook(handle, data_only=True)
    return [_table(number, sheet, raw.get(sheet.title, _Raw()))
            for number, sheet in enumerate(workbook.worksheets, start=1)]


def _table(number: int, sheet, raw: _Raw) -> Table:
    merged: dict[tuple[int, int], tuple[int, int]] = {}
    for cells in sheet.merged_cells.ranges:
        for r in range(cells.min_row, min(cells.max_row, MAX_ROWS) + 1):
            for c in range(cells.min_col, min(cells.max_col, MAX_COLUMNS) + 1):
                merged[(r, c)] = (cells.min_row, cells.min_col)
    _blocked_by_text(raw, sheet)
    last_row = min(max([raw.last_row] + [k[0] for k in merged]), MAX_ROWS)
    last_col = min(max([raw.last_col] + [k[1] for k in merged]), MAX_COLUMNS)

    def slot(r: int, c: int) -> Slot:
        origin = merged.get((r, c), (r, c))
        cell = sheet.cell(row=origin[0], column=origin[1])
        value = cell.value
        if origin in raw.computed:   # a formula saved without its value, computed here ("": no value)
            text = raw.computed[origin]
            return Slot((number_text(text, cell.number_format or "General"),) if text else (), origin)
        problem = "IMP106" if origin in raw.no_value else None
        if value is None:
            return Slot((), origin, problem)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            text = number_text(raw.numbers.get(origin, str(value)), cell.number_format or "General")
            return Slot((text,), origin, problem)
        if hasattr(value, "isoformat"):
            value = value.isoformat()
        lines = tuple(x.strip() for x in str(value).replace("\r", "\n").split("\n") if x.strip())
        return Slot(lines, origin, problem)

    grid = [[slot(r, c) for c in range(1, last_col + 1)] for r in range(1, last_row + 1)]
    while grid and all(s.empty for s in grid[-1]):
        grid.pop()
    width = max((max((i + 1 for i, s in enumerate(row) if not s.empty), default=0) for row in grid), default=0)
    grid = [row[:width] for row in grid]
    return Table(number, grid, list(range(1, len(grid) + 1)), [], sheet=sheet.title, formulas=set(raw.formulas))
