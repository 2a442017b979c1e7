"""The official appendix as .docx (Nghị định 30/2020/NĐ-CP layout).

A4 landscape, Times New Roman (also for East Asian and complex scripts),
"Phụ lục" / title in bold capitals / "(Kèm theo Kế hoạch …)" in italics / a
short rule, then the table: header row repeated on every page, rows not
split (unless taller than a page), heading rows kept with the next row,
numbers centred with decimal comma, tasks as separate paragraphs.
Each appendix is its own section, numbered from 1 at the top centre from its
second page. The same input gives the same bytes.
"""
from __future__ import annotations

import io
from xml.sax.saxutils import escape
from datetime import datetime, timezone

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
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


LANG = "vi-VN"


def _vietnamese(doc) -> None:
    """Word reads the text as Vietnamese (spelling, line breaking): vi-VN in the
    document defaults and in every style that names a language (python-docx's
    template says en-US), and no automatic hyphenation, as ND30 documents
    have it. Also the field-code number format: decimal comma, ';' lists."""
    styles = doc.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is not None:
        rpr_default = defaults.find(qn("w:rPrDefault"))
        if rpr_default is None:
            rpr_default = OxmlElement("w:rPrDefault")
            defaults.insert(0, rpr_default)
        rpr = rpr_default.find(qn("w:rPr"))
        if rpr is None:
            rpr = OxmlElement("w:rPr")
            rpr_default.append(rpr)
        if rpr.find(qn("w:lang")) is None:
            rpr.append(OxmlElement("w:lang"))   # last child of rPr in schema order
    for lang in styles.iter(qn("w:lang")):
        lang.set(qn("w:val"), LANG)
        lang.set(qn("w:eastAsia"), LANG)
        if lang.get(qn("w:bidi")) is None:
            lang.set(qn("w:bidi"), "ar-SA")
    settings = doc.settings.element
    for theme in settings.iter(qn("w:themeFontLang")):
        theme.set(qn("w:val"), LANG)
    hyphenation = settings.find(qn("w:autoHyphenation"))
    if hyphenation is None:
        hyphenation = OxmlElement("w:autoHyphenation")
        anchor = settings.find(qn("w:defaultTabStop"))
        if anchor is not None:
            anchor.addnext(hyphenation)
        else:
            settings.insert(0, hyphenation)
    hyphenation.set(qn("w:val"), "0")
    for name, value in (("w:decimalSymbol", ","), ("w:listSeparator", ";")):
        element = settings.find(qn(name))
        if element is not None:
            element.set(qn("w:val"), value)


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


def _run_xml(text: str, bold: bool, size: int) -> str:
    half_points = size * 2
    props = ("<w:b/><w:bCs/>" if bold else "") + f'<w:sz w:val="{half_points}"/><w:szCs w:val="{half_points}"/>'
    return f'<w:r><w:rPr>{props}</w:rPr><w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def _cell_xml(paragraphs: list[str], width: int, *, bold: bool, center: bool, size: int,
              keep_next: bool = False) -> str:
    align = "center" if center else "left"
    keep = "<w:keepNext/>" if keep_next else ""
    paras = []
    for i, text in enumerate(paragraphs or [""]):
        spacing = '<w:spacing w:before="40"/>' if i else ""
        run = _run_xml(text, bold, size) if text else ""
        paras.append(f'<w:p><w:pPr>{keep}{spacing}<w:jc w:val="{align}"/></w:pPr>{run}</w:p>')
    return (f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/><w:vAlign w:val="center"/></w:tcPr>'
            + "".join(paras) + "</w:tc>")


# A row is kept whole (cantSplit) unless it would not fit on one page: Word
# and LibreOffice then push it past the bottom margin or clip it. The height
# is estimated from the text: lines per cell at ~0.5 em per character, the
# tallest cell wins; above TALL_ROW_SHARE of the usable page height the row
# may split.
TALL_ROW_SHARE = 0.8


def _estimated_height_twips(row, widths: list[int], size: int, side: int) -> int:
    char_twips = size * 20 * 0.5
    line_twips = size * 20 * 1.15
    tallest = 0
    for cell, width in zip(row.cells, widths):
        per_line = max(1, int((width - 2 * side) / char_twips))
        lines = sum(max(1, -(-len(text) // per_line)) for text in cell.paragraphs)
        tallest = max(tallest, lines * line_twips + (len(cell.paragraphs) - 1) * 40)
    return int(tallest + 2 * 28)


def row_may_split(row, widths: list[int], size: int, side: int) -> bool:
    usable = int((PAGE_H - MARGIN_TOP - MARGIN_BOTTOM) / 635)
    return _estimated_height_twips(row, widths, size, side) > usable * TALL_ROW_SHARE


def heads_next(row, following) -> bool:
    """Whatever table the rows come from (render, report, diff): a row
    followed by a deeper one heads it and is kept with it (never last on a
    page); a total row never is."""
    return (following is not None and row.style != "total" and following.style != "total"
            and following.level > row.level)


def _table_xml(appendix: Appendix) -> str:
    """The whole table as WordprocessingML, built as text and parsed once:
    python-docx's per-run API costs ~1 ms a cell, this a few µs. Every row
    but one taller than a page carries cantSplit, and the first row
    tblHeader (repeated on every page), in the schema's element order."""
    usable = int((PAGE_W - MARGIN_LEFT - MARGIN_RIGHT) / 635)  # EMU -> twips
    total = sum(c.width for c in appendix.columns)
    widths = [usable * c.width // total for c in appendix.columns]
    wide = appendix.kind == "budget"   # many money columns: smaller type, tighter cells
    size = 9 if wide else (TABLE_PT - 1 if len(appendix.columns) > 10 else TABLE_PT)
    side = 28 if wide else 57
    margins = "".join(f'<w:{name} w:w="{w}" w:type="dxa"/>'
                      for name, w in (("top", 28), ("left", side), ("bottom", 28), ("right", side)))
    out = [f'<w:tbl {nsdecls("w")}><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="{sum(widths)}" w:type="dxa"/>'
           f'<w:jc w:val="center"/><w:tblLayout w:type="fixed"/><w:tblCellMar>{margins}</w:tblCellMar>'
           '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" w:lastColumn="0" '
           'w:noHBand="0" w:noVBand="1"/></w:tblPr><w:tblGrid>']
    out += [f'<w:gridCol w:w="{w}"/>' for w in widths]
    out.append("</w:tblGrid>")
    out.append("<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>")
    out += [_cell_xml([label], w, bold=True, center=True, size=size if wide or size < TABLE_PT else HEADER_PT)
            for label, w in zip(appendix.header, widths)]
    out.append("</w:tr>")
    for n, row in enumerate(appendix.rows):
        # a heading row (one with children) keeps with the next row: keepNext
        # on every paragraph of the row, which Word and LibreOffice honour
        out.append("<w:tr>" if row_may_split(row, widths, size, side) else "<w:tr><w:trPr><w:cantSplit/></w:trPr>")
        keep = row.parent or heads_next(row, appendix.rows[n + 1] if n + 1 < len(appendix.rows) else None)
        out += [_cell_xml(cell.paragraphs, w, bold=row.bold, center=col.numeric or col.key == "code", size=size,
                          keep_next=keep)
                for col, cell, w in zip(appendix.columns, row.cells, widths)]
        out.append("</w:tr>")
    out.append("</w:tbl>")
    return "".join(out)


def _table(doc, appendix: Appendix) -> None:
    tbl = parse_xml(_table_xml(appendix))
    body = doc.element.body
    sect = body.find(qn("w:sectPr"))
    if sect is not None:
        sect.addprevious(tbl)
    else:
        body.append(tbl)


def _drop_styles_with_effects(doc) -> None:
    """python-docx's template carries Word 2010's optional stylesWithEffects
    part; once styles and defaults are changed it no longer matches styles.xml,
    which Word may report as unreadable content. Without it, Word uses styles.xml."""
    for rid, rel in list(doc.part.rels.items()):
        if rel.reltype.endswith("/stylesWithEffects"):
            doc.part.drop_rel(rid)


def build(appendices: list[Appendix]):
    doc = Document()
    _drop_styles_with_effects(doc)
    _setup_styles(doc)
    _vietnamese(doc)
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


