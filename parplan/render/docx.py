"""The official appendix as .docx (Nghị định 30/2020/NĐ-CP layout).

A4 landscape, Times New Roman (also for East Asian and complex scripts),
"Phụ lục" / title in bold capitals / "(Kèm theo Kế hoạch …)" in italics / a
short rule, then the table: header row repeated on every page, rows never
split, numbers centred with decimal comma, tasks as separate paragraphs.
Each appendix is its own section, numbered from 1 at the top centre from its
second page. The same input gives the same bytes.
"""
from __future__ import annotations

import io
from datetime import datetime, timezone

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from .files import deterministic_zip
from .view import Appendix

FONT = "Times New Roman"
BODY_PT = 13
TABLE_PT = 11
HEADER_PT = 11
FIXED_TIME = datetime(2000, 1, 1, tzinfo=timezone.utc)
PAGE_W, PAGE_H = Mm(297), Mm(210)
MARGIN_TOP, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT = Mm(20), Mm(20), Mm(30), Mm(15)


def _set_fonts(style_or_run_element, size: Pt | None = None) -> None:
    rpr = style_or_run_element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), FONT)
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        if fonts.get(qn(theme)) is not None:
            del fonts.attrib[qn(theme)]


def _setup_styles(doc) -> None:
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(BODY_PT)
    _set_fonts(normal.element)
    fmt = normal.paragraph_format
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    fmt.line_spacing = 1.0
    # python-docx's template sets theme fonts in docDefaults too: pin them.
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        rpr = defaults.find(qn("w:rPrDefault") + "/" + qn("w:rPr"))
        if rpr is not None:
            fonts = rpr.find(qn("w:rFonts"))
            if fonts is None:
                fonts = OxmlElement("w:rFonts")
                rpr.insert(0, fonts)
            for attr in list(fonts.attrib):
                del fonts.attrib[attr]
            for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
                fonts.set(qn(attr), FONT)


def _page(section) -> None:
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = PAGE_W, PAGE_H
    section.top_margin, section.bottom_margin = MARGIN_TOP, MARGIN_BOTTOM
    section.left_margin, section.right_margin = MARGIN_LEFT, MARGIN_RIGHT
    section.header_distance = Mm(10)
    section.footer_distance = Mm(10)
    section.different_first_page_header_footer = True
    sect = section._sectPr
    pg = sect.find(qn("w:pgNumType"))
    if pg is None:
        pg = OxmlElement("w:pgNumType")
        # schema order: pgNumType comes before cols/titlePg/docGrid
        anchor = sect.find(qn("w:cols"))
        if anchor is not None:
            anchor.addprevious(pg)
        else:
            sect.append(pg)
    pg.set(qn("w:start"), "1")


def _page_number_header(section) -> None:
    section.header.is_linked_to_previous = False
    section.first_page_header.is_linked_to_previous = False
    header = section.header
    para = header.paragraphs[0] if header.paragraphs else header.add_paragraph()
    for run in list(para.runs):
        run._r.getparent().remove(run._r)
    para.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1"), ("end", None)):
        run = para.add_run()
        run.font.size = Pt(13)
        if kind is not None:
            fld = OxmlElement("w:fldChar")
            fld.set(qn("w:fldCharType"), kind)
            run._r.append(fld)
        elif text == " PAGE ":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run._r.append(instr)
        else:
            run.text = text
    first = section.first_page_header
    if not first.paragraphs:
        first.add_paragraph()


def _para(container, text: str, *, bold=False, italic=False, size=BODY_PT, align=WD_ALIGN_PARAGRAPH.CENTER,
          space_after: int = 0):
    para = container.add_paragraph()
    para.alignment = align
    para.paragraph_format.space_after = Pt(space_after)
    run = para.add_run(text)
    run.bold, run.italic = bold, italic
    run.font.size = Pt(size)
    return para


def _rule(doc) -> None:
    """A short centred rule under the heading lines."""
    para = doc.add_paragraph()
    para.alignment = WD_ALIGN_PARAGRAPH.CENTER
    para.paragraph_format.space_after = Pt(6)
    run = para.add_run("―――――――")
    run.font.size = Pt(8)


def _tr_flags(row, header: bool) -> None:
    trpr = row._tr.get_or_add_trPr()
    for child in list(trpr):
        if child.tag in (qn("w:cantSplit"), qn("w:tblHeader")):
            trpr.remove(child)
    cant = OxmlElement("w:cantSplit")
    trpr.insert(0, cant)
    if header:
        trpr.append(OxmlElement("w:tblHeader"))


def _cell_margins(table, side_twips: int) -> None:
    tblpr = table._tbl.tblPr
    mar = OxmlElement("w:tblCellMar")
    for side, width in (("top", 28), ("left", side_twips), ("bottom", 28), ("right", side_twips)):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:w"), str(width))
        el.set(qn("w:type"), "dxa")
        mar.append(el)
    tblpr.append(mar)


def _write_cell(cell, paragraphs: list[str], *, bold=False, center=False, size=TABLE_PT) -> None:
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    first = cell.paragraphs[0]
    for i, text in enumerate(paragraphs or [""]):
        para = first if i == 0 else cell.add_paragraph()
        para.alignment = WD_ALIGN_PARAGRAPH.CENTER if center else WD_ALIGN_PARAGRAPH.LEFT
        if len(paragraphs) > 1 and i:
            para.paragraph_format.space_before = Pt(2)
        if text:
            run = para.add_run(text)
            run.bold = bold
            run.font.size = Pt(size)


def _table(doc, appendix: Appendix) -> None:
    usable = PAGE_W - MARGIN_LEFT - MARGIN_RIGHT
    total = sum(c.width for c in appendix.columns)
    widths = [int(usable * c.width / total) for c in appendix.columns]
    table = doc.add_table(rows=1 + len(appendix.rows), cols=len(appendix.columns))
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    wide = appendix.kind == "budget"   # many money columns: smaller type, tighter cells
    size = 9 if wide else TABLE_PT
    _cell_margins(table, 28 if wide else 57)
    grid = table._tbl.tblGrid
    for col, width in zip(grid.findall(qn("w:gridCol")), widths):
        col.set(qn("w:w"), str(int(width / 635)))  # EMU -> twips
    for i, row in enumerate(table.rows):
        _tr_flags(row, header=(i == 0))
        for cell, width in zip(row.cells, widths):
            cell.width = width
    for cell, label in zip(table.rows[0].cells, appendix.header):
        _write_cell(cell, [label], bold=True, center=True, size=size if wide else HEADER_PT)
    for row, view_row in zip(table.rows[1:], appendix.rows):
        for idx, (cell, col, data) in enumerate(zip(row.cells, appendix.columns, view_row.cells)):
            center = col.numeric or col.key == "code"
            _write_cell(cell, data.paragraphs, bold=view_row.bold, center=center, size=size)


def build(appendices: list[Appendix]):
    doc = Document()
    _setup_styles(doc)
    for index, appendix in enumerate(appendices):
        if index == 0:
            section = doc.sections[0]
        else:
            section = doc.add_section(WD_SECTION.NEW_PAGE)
        _page(section)
        _page_number_header(section)
        _para(doc, appendix.label, bold=True, size=14)
        _para(doc, appendix.title, bold=True, size=13)
        _para(doc, appendix.attached, italic=True, size=13)
        _rule(doc)
        if appendix.unit_note:
            _para(doc, appendix.unit_note, italic=True, size=12, align=WD_ALIGN_PARAGRAPH.RIGHT)
        _table(doc, appendix)
    props = doc.core_properties
    props.title = appendices[0].document_title if appendices else ""
    props.author = "parplan"
    props.last_modified_by = "parplan"
    props.comments = ""
    props.created = FIXED_TIME
    props.modified = FIXED_TIME
    props.last_printed = FIXED_TIME
    props.revision = 1
    return doc


def to_bytes(appendices: list[Appendix]) -> bytes:
    """The .docx bytes, re-zipped with fixed timestamps so equal input gives equal bytes."""
    buffer = io.BytesIO()
    build(appendices).save(buffer)
    return deterministic_zip(buffer.getvalue())


