"""`parplan validate` of a Word or Excel file: import in memory, check, locate.

The file goes through the same importer as `parplan import` (every appendix
found in it), each appendix is written to YAML in memory and checked by the
same loader and rules as a YAML file. Each diagnostic is then moved from the
YAML line back to the cell it came from, through the importer's source map
(`Parsed.cells`: data path -> table, row, column), and carries a `Location`
instead of a line. Reading problems (IMP1xx) come out with the rule
diagnostics; a file that cannot be read at all gets one diagnostic saying why
and what to do.
"""
from __future__ import annotations

import dataclasses
from pathlib import Path

from ..diagnostics import Diagnostic, Location, bilingual, sort_diagnostics
from ..load import Document, SourceMap
from ..rules import check
from . import safety
from .source import Cell


def refusal(display: str, exc: safety.Refused) -> Diagnostic:
    return Diagnostic(exc.code, display, None, None, params=(("detail", exc.detail),), location=Location())


def check_office(path: Path, registry, display: str):
    """A `Checked` for a .docx/.xlsx: every appendix's diagnostics, located."""
    from ..api import Checked
    from . import appendices, read_safely

    empty = Document(display, None, None, SourceMap(display))
    try:
        fmt = safety.sniff(path)
        tables = read_safely(path, fmt)
    except safety.Refused as exc:
        return Checked(empty, [refusal(display, exc)], registry)
    try:
        found = appendices(tables, fmt, path=path, for_validate=True)
    except Exception as exc:  # noqa: BLE001 - a table no test foresaw: a diagnostic, never a traceback
        return Checked(empty, [refusal(display, safety.Refused(
            "IMP107", f"parplan không đọc được bảng trong tệp ({type(exc).__name__}: {exc}); hãy báo lỗi này "
            "kèm tệp, hoặc dùng parplan import --table N để đọc từng bảng",
            f"parplan could not read a table of the file ({type(exc).__name__}: {exc}); please report it with "
            "the file, or use parplan import --table N to read one table at a time"))], registry)
    if not found:
        what = bilingual(f"tệp có {len(tables)} {'bảng' if fmt == 'docx' else 'trang tính'}, không bảng nào có hàng "
                         "tiêu đề của phụ lục (STT, Lĩnh vực/Tiêu chí, các cột điểm; hoặc chỉ tiêu, kinh phí); "
                         "xem parplan import --help",
                         f"the file has {len(tables)} {'tables' if fmt == 'docx' else 'sheets'}, none with an "
                         "appendix header (STT, Lĩnh vực/Tiêu chí, score columns; or indicators, costs); "
                         "see parplan import --help")
        return Checked(empty, [Diagnostic("IMP109", display, None, None, params=(("detail", what),),
                                          location=Location())], registry)
    diags: list[Diagnostic] = []
    first: Document | None = None
    for appendix in found:
        document = appendix.load(display)
        # the file's document for commands that read a plan (summary, report,
        # diff): its first plan appendix, wherever it stands (a workbook with the
        # targets sheet first still holds a plan); else its first appendix
        if first is None or (not _is_plan(first) and _is_plan(document)):
            first = document
        diags.extend(f.diagnostic(display) for f in appendix.findings)
        raw_paths = set(appendix.raw)
        own = list(document.diagnostics)
        if not document.refused and document.model is not None:
            own.extend(check(document, registry))
        moved = [locate(d, document.source, appendix.cells, appendix.table) for d in own]
        moved = [d for d in moved if d is not None and not _said(d, raw_paths, appendix.cells)]
        diags.extend(d for d in moved if not _summed(d, moved, appendix.table))
    return Checked(first or empty, sort_diagnostics(diags), registry)


def _is_plan(document: Document) -> bool:
    from ..model import Plan

    return isinstance(document.model, Plan)


def _said(d: Diagnostic, raw_paths: set, cells: dict) -> bool:
    """A consequence of a cell the import already reported as unreadable
    (IMP101, IMP111): a PAR004 on it, or a budget row (PAR301) or column
    total (PAR302) that cannot add up without it."""
    if d.code in ("PAR004", "PAR303"):
        return any(cells.get(p) is not None and cells[p].location() == d.location for p in raw_paths)
    if d.code == "PAR301" and d.location is not None:
        return any(cells.get(p) is not None and cells[p].row == d.location.row for p in raw_paths)
    if d.code == "PAR302" and d.field:
        part, _, key = d.field.partition(".")
        return any(len(p) >= 2 and str(p[-2]) == part and str(p[-1]) == key for p in raw_paths)
    return False


def _summed(d: Diagnostic, others: list[Diagnostic], table) -> bool:
    """A parent (or the TỔNG row) above its max only because a child is: its
    cell is a formula adding the children up (the sheet computes it, nobody
    typed it), and a child under it has the same diagnostic on the same
    field. As in a YAML plan, where a parent without a value is derived and
    only the child is reported."""
    if d.code not in ("PAR201", "PAR202") or d.location is None or not d.field:
        return False
    if (d.location.row, d.location.column) not in getattr(table, "formulas", ()):
        return False
    field = d.field.rpartition(".")[2]
    return any(o is not d and o.code == d.code and o.field == field and o.item is not None
               and (d.item is None or o.item.startswith(d.item + ".")) for o in others)


def path_at(source: SourceMap, line: int | None, column: int | None) -> tuple:
    """The data path of the YAML node at (line, column): the deepest one there,
    else the deepest on that line, else the root."""
    best: tuple | None = None
    for table in (source.values, source.keys):
        for path, pos in table.items():
            if pos == (line, column) and (best is None or len(path) > len(best)):
                best = path
    if best is not None:
        return best
    for path, pos in source.values.items():
        if pos[0] == line and (best is None or len(path) > len(best)):
            best = path
    return best or ()


def locate(d: Diagnostic, source: SourceMap, cells: dict[tuple, Cell], table) -> Diagnostic | None:
    """The diagnostic moved from its YAML line to the cell it came from."""
    path = tuple(str(p) for p in path_at(source, d.line, d.column))
    cells = {tuple(str(p) for p in key): value for key, value in cells.items()}   # YAML keys 2025 / "2025"
    cell = None
    while True:
        cell = cells.get(tuple(path))
        if cell is not None or not path:
            break
        path = path[:-1]
    location = cell.location() if cell is not None else Cell(table).location()
    if cell is not None and d.field and cell.column is not None and len(path) >= 1:
        # a rule about one field of a row located at the row: point at the field's column if known
        # (also from a sibling field: PAR211 about `lead` is written at `tasks`)
        for base in (tuple(path), tuple(path[:-1])):
            better = cells.get(base + (str(d.field),)) if base else None
            if better is not None:
                location = better.location()
                break
    params = d.params
    if any(name == "first_line" for name, _ in params):
        # "first on line N" of the YAML: the row of the table instead
        first = dict(params)["first_line"]
        other = tuple(str(p) for p in path_at(source, first, None)) if isinstance(first, int) else ()
        while other and tuple(other) not in cells:
            other = other[:-1]
        row = cells[tuple(other)].row if other else None
        params = tuple((name, row if name == "first_line" and row is not None else value) for name, value in params)
    return dataclasses.replace(d, line=None, column=None, location=location, params=params)
