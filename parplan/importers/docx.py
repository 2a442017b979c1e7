"""Reading the tables of a .docx into grids (python-docx, imported only here).

The grid is built from the XML: `w:gridBefore`/`w:gridAfter` leave empty
positions, `w:gridSpan` repeats a cell across the columns it spans, and
`w:vMerge="continue"` repeats the cell above (so a cell merged down several
rows counts for each of them). Each position's key is the `w:tc` element that
holds the text, so the core can tell a merged cell from equal text.
"""
from __future__ import annotations

from pathlib import Path

from .safety import Refused
from .source import MAX_COLUMNS, Slot, Table

MAX_TABLES = 300
MAX_ROWS = 5000          # in one table


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_TEXT, _TAB, _BREAKS, _P = _W + "t", _W + "tab", (_W + "br", _W + "cr"), _W + "p"
_SKIP = (_W + "del", _W + "pPr", _W + "rPr")   # deleted text, properties
_TR, _TC, _TBL, _SDT = _W + "tr", _W + "tc", _W + "tbl", _W + "sdt"
_WRAPPERS = (_W + "sdt", _W + "sdtContent", _W + "customXml", _W + "smartTag")
_WRAPPER_PROPERTIES = (_W + "sdtPr", _W + "sdtEndPr", _W + "customXmlPr", _W + "smartTagPr")


def _inside(element, tag: str):
    """The children of `element` with `tag`, also those a form wraps in
    content controls (w:sdt), custom XML or smart tags, in document order:
    rows of a repeating section, a cell's paragraphs in a content control."""
    for child in element:
        if child.tag == tag:
            yield child
        elif child.tag in _WRAPPERS and not _placeholder(child):
            yield from _inside(child, tag)


def _placeholder(element) -> bool:
    """An empty content control showing its placeholder ("Nhấp hoặc gõ nhẹ vào
    đây để nhập văn bản."): its text is not the cell's content."""
    return element.tag == _SDT and element.find(f"{_W}sdtPr/{_W}showingPlcHdr") is not None


def _paragraph_text(p) -> str:
    """A paragraph's text as python-docx gives it (runs, hyperlinks, inserted
    text; tabs and breaks), read in one walk of the element tree."""
    parts: list[str] = []

    def walk(element) -> None:
        for child in element:
            tag = child.tag
            if tag == _TEXT:
                parts.append(child.text or "")
            elif tag == _TAB:
                parts.append("\t")
            elif tag in _BREAKS:
                parts.append("\n")
            elif tag not in _SKIP and len(child) and not _placeholder(child):
                walk(child)

    walk(p)
    return "".join(parts)


def _lines(tc) -> tuple[str, ...]:
    out: list[str] = []
    for p in _inside(tc, _P):
        for line in _paragraph_text(p).replace("\r", "\n").split("\n"):
            if line.strip():
                out.append(line.strip())
    return tuple(out)


def _grid(tbl) -> tuple[list[list[Slot]], list[int]]:
    rows: list[list[Slot]] = []
    width = len(tbl.tblGrid.gridCol_lst) if tbl.tblGrid is not None else 0
    rows_xml = list(_inside(tbl, _TR))
    if len(rows_xml) > MAX_ROWS:
        raise Refused("IMP108", f"một bảng có {len(rows_xml)} dòng, quá {MAX_ROWS}: quá lớn để là một phụ lục",
                      f"a table has {len(rows_xml)} rows, over {MAX_ROWS}: too large for an appendix")
    for r, tr in enumerate(rows_xml):
        row: list[Slot] = [Slot((), ("before", r, k)) for k in range(min(tr.grid_before, MAX_COLUMNS))]
        for tc in _inside(tr, _TC):
            at = len(row)
            if at >= MAX_COLUMNS:
                break
            above = rows[-1][at] if rows and at < len(rows[-1]) else None
            if tc.vMerge == "continue" and above is not None:
                slot = above
            else:
                slot = Slot(_lines(tc), tc)
            row.extend([slot] * min(max(1, tc.grid_span), MAX_COLUMNS - at))
        rows.append(row)
    width = min(max([width] + [len(r) for r in rows]), MAX_COLUMNS)
    for r, row in enumerate(rows):
        row.extend(Slot((), ("after", r, k)) for k in range(len(row), width))
    return rows, list(range(1, len(rows) + 1))


def read(path: Path) -> list[Table]:
    """Every top-level table of the document, with the paragraphs above it."""
    from docx import Document

    document = Document(str(path))
    tables: list[Table] = []
    heading: list[str] = []
    # the body's paragraphs and tables, also those inside block content controls
    for block in _blocks(document.element.body):
        if block.tag == _TBL:
            if len(tables) >= MAX_TABLES:
                raise Refused("IMP108", f"văn bản có hơn {MAX_TABLES} bảng", f"the document has over {MAX_TABLES} tables")
            rows, numbers = _grid(block)
            number = len(tables) + 1
            tables.append(Table(number, rows, numbers, heading))
            heading = []
        else:
            text = _paragraph_text(block).strip()
            if text:
                heading.append(text)
    return tables


def _blocks(body):
    for child in body:
        if child.tag in (_P, _TBL):
            yield child
        elif child.tag in _WRAPPERS:
            yield from _blocks(child)
