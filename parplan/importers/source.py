"""What a reader hands to the core: tables as grids of cells, and findings.

A reader (.docx, .xlsx) turns each table of a file into a `Table`: a
rectangular grid of `Slot`s, one per layout-grid position, with the text lines
of the cell there and a `key` naming the cell it belongs to. A cell merged
across several grid positions (horizontally or vertically) gives each position
the same key and the same text, so the core sees merged cells repeated and can
tell them apart from cells that merely hold the same text. Readers know
nothing about plans; the core knows nothing about file formats.

`Finding` is the import's own problem record (a cell it could not read, a
column it ignored): like a diagnostic, but located by table, row and column
instead of YAML line and column, with a stable code and a message in both
languages.
"""
from __future__ import annotations

from ..sheetformula import column_letter  # noqa: F401  (also used by the importers)

import dataclasses
from dataclasses import dataclass
from typing import Any, Hashable

from ..diagnostics import CATALOGUE, ERROR, WARNING, Diagnostic, Location  # noqa: F401
MAX_COLUMNS = 100        # wider grids are cut: no appendix has that many columns


@dataclass(frozen=True)
class Slot:
    """One grid position: the lines of text of the cell covering it."""

    lines: tuple[str, ...]
    key: Hashable           # same key = same (merged) cell
    problem: str | None = None   # a finding code when the reader could not get the cell's value

    @property
    def text(self) -> str:
        return " ".join(" ".join(self.lines).split())

    @property
    def empty(self) -> bool:
        return not self.text


@dataclass
class Table:
    """One table of the source file as read: grid, where it is, what precedes it."""

    number: int                      # 1-based among the file's tables (sheets for .xlsx)
    rows: list[list[Slot]]
    row_numbers: list[int]           # how the user counts each row (table row, or sheet row)
    heading: list[str] = dataclasses.field(default_factory=list)   # paragraphs above it
    sheet: str | None = None         # an .xlsx sheet's name: cells are then named "D12"
    formulas: set = dataclasses.field(default_factory=set)   # .xlsx: (row, column) of the formula cells

    @property
    def width(self) -> int:
        return max((len(r) for r in self.rows), default=0)

    def label(self, lang: str = "vi") -> str:
        if self.sheet is not None:
            return f"{'trang tính' if lang == 'vi' else 'sheet'} '{self.sheet}'"
        return f"{'bảng' if lang == 'vi' else 'table'} {self.number}"




# The import's stable codes (IMP1xx) live in the one catalogue,
# `parplan.diagnostics.CATALOGUE`, with the rules' codes.


@dataclass(frozen=True)
class Finding:
    code: str
    table: Table | None = dataclasses.field(compare=False)
    row: int | None = None          # as the user counts it (see Table.row_numbers)
    column: int | None = None       # 1-based grid column
    label: str | None = None        # the column's header label
    item: str | None = None         # the code of the row, when known
    field: str | None = None        # the plan field the cell would fill
    params: tuple[tuple[str, Any], ...] = ()

    @property
    def severity(self) -> str:
        return CATALOGUE[self.code].severity

    def message(self, lang: str = "vi") -> str:
        return self.diagnostic("").message(lang)

    def location(self) -> Location:
        table = self.table
        sheet = table.sheet if table is not None else None
        cell = f"{column_letter(self.column)}{self.row}" if sheet is not None and self.row and self.column else None
        return Location(table.number if table is not None else None, self.row, self.column, self.label,
                        sheet, cell)

    def diagnostic(self, file: str) -> Diagnostic:
        """The finding as a diagnostic of `file`, located in the table."""
        return Diagnostic(self.code, file, None, None, self.item, self.field, params=self.params,
                          location=self.location())

    def where(self, lang: str = "vi") -> str:
        """`bảng 1, dòng 12, cột 4 «Điểm 2023 đạt được»` / `sheet 'Phụ lục', D12 «…»`."""
        parts: list[str] = []
        table = self.table
        if table is not None:
            parts.append(table.label(lang))
        if table is not None and table.sheet is not None and self.row is not None and self.column is not None:
            parts.append(f"{column_letter(self.column)}{self.row}")
        else:
            if self.row is not None:
                parts.append(f"{'dòng' if lang == 'vi' else 'row'} {self.row}")
            if self.column is not None:
                parts.append(f"{'cột' if lang == 'vi' else 'column'} {self.column}")
        text = ", ".join(parts)
        if self.label:
            text += f" «{self.label}»"
        return text

    def as_tuple(self) -> tuple:
        """(code, row, column, item, field): what tests compare."""
        return (self.code, self.row, self.column, self.item, self.field)


@dataclass(frozen=True)
class Cell:
    """Where one value of the imported document came from (the source map of an
    office file, as SourceMap is for YAML): table, row as the user counts it,
    1-based grid column (None: the row as a whole) and the column's label."""

    table: Table = dataclasses.field(compare=False)
    row: int | None = None
    column: int | None = None
    label: str | None = None

    def location(self) -> Location:
        sheet = self.table.sheet
        cell = f"{column_letter(self.column)}{self.row}" if sheet is not None and self.row and self.column else None
        return Location(self.table.number, self.row, self.column, self.label or None, sheet, cell)
