"""Word/Excel files from other offices cannot hurt: zip bombs, entity bombs,
external entities, damaged archives, sheets that claim a million rows, too
many tables. Each gets a diagnostic, with bounded work and memory (measured
by counting allocated bytes with tracemalloc, never by timing)."""
from __future__ import annotations

import tracemalloc
import zipfile
from pathlib import Path

import pytest
from docx import Document
from openpyxl import Workbook

from parplan import api
from parplan.importers import safety

from office_files import year_docx, year_xlsx

MB = 1024 * 1024


def checked(path: Path):
    """Validate one file, returning its diagnostics and the peak memory used."""
    tracemalloc.start()
    try:
        report = api.validate([path])
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return [(d.code, d.message("en")) for d in report.diagnostics], peak


def rewrite(source: Path, target: Path, replace: dict[str, bytes], add: dict[str, bytes] = {}) -> Path:
    """A copy of an office zip with some parts replaced or added."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            new.writestr(info.filename, replace.get(info.filename, old.read(info.filename)))
        for name, data in add.items():
            new.writestr(name, data)
    return target


LAUGHS = (b'<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
          + b"".join(b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
                     for i in range(1, 10))
          + b"]>\n")


def test_zip_bomb_is_refused_from_the_directory(tmp_path):
    source = year_docx(tmp_path / "ok.docx")
    bomb = tmp_path / "bomb.docx"
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            new.writestr(info.filename, old.read(info.filename))
        with new.open("word/media/image1.png", "w") as part:   # 64 MB of zeros, a few kB packed
            block = b"\0" * MB
            for _ in range(64):
                part.write(block)
    assert bomb.stat().st_size < 1 * MB
    diags, peak = checked(bomb)
    assert [c for c, _ in diags] == ["IMP108"] and "zip bomb" in diags[0][1]
    assert peak < 20 * MB                       # nothing was unpacked


def test_too_much_unpacked_in_all(monkeypatch, tmp_path):
    source = year_docx(tmp_path / "ok.docx")
    monkeypatch.setattr(safety, "MAX_UNPACKED", 10_000)
    diags, _ = checked(source)
    assert [c for c, _ in diags] == ["IMP108"] and "over" in diags[0][1]


@pytest.mark.parametrize("where", ["word/document.xml", "word/styles.xml"])
def test_entity_bomb_in_a_word_part(tmp_path, where):
    source = year_docx(tmp_path / "ok.docx")
    with zipfile.ZipFile(source) as z:
        body = z.read(where)
    bomb = rewrite(source, tmp_path / "lol.docx", {where: LAUGHS + body.split(b"?>", 1)[1]})
    diags, peak = checked(bomb)
    assert [c for c, _ in diags] == ["IMP108"] and "entity bomb" in diags[0][1]
    assert peak < 20 * MB


def test_entity_bomb_in_shared_strings(tmp_path):
    source = year_xlsx(tmp_path / "ok.xlsx")
    strings = (LAUGHS + b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" '
               b'uniqueCount="1"><si><t>&lol9;</t></si></sst>')
    with zipfile.ZipFile(source) as z:
        present = "xl/sharedStrings.xml" in z.namelist()
    bomb = rewrite(source, tmp_path / "lol.xlsx", {"xl/sharedStrings.xml": strings} if present else {},
                   {} if present else {"xl/sharedStrings.xml": strings})
    diags, peak = checked(bomb)
    assert [c for c, _ in diags] == ["IMP108"]
    assert peak < 20 * MB


def test_external_entity_is_never_read(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("MẬT-KHẨU-42")
    source = year_docx(tmp_path / "ok.docx")
    with zipfile.ZipFile(source) as z:
        body = z.read("word/document.xml").split(b"?>", 1)[1]
    xxe = (b'<?xml version="1.0"?>\n<!DOCTYPE w [<!ENTITY x SYSTEM "file://' + str(secret).encode() + b'">]>'
           + body.replace("Kế hoạch CCHC".encode(), b"&x;"))
    bad = rewrite(source, tmp_path / "xxe.docx", {"word/document.xml": xxe})
    diags, _ = checked(bad)
    assert [c for c, _ in diags] == ["IMP108"]
    assert all("MẬT-KHẨU" not in message for _, message in diags)


def _sheet_xml(path: Path) -> bytes:
    with zipfile.ZipFile(path) as z:
        return z.read("xl/worksheets/sheet1.xml")


def test_sheet_claiming_a_million_rows(tmp_path):
    source = year_xlsx(tmp_path / "ok.xlsx")
    xml = _sheet_xml(source)
    start = xml.index(b"<dimension ref=\"") + len(b"<dimension ref=\"")
    end = xml.index(b'"', start)
    claim = rewrite(source, tmp_path / "claim.xlsx",
                    {"xl/worksheets/sheet1.xml": xml[:start] + b"A1:Z1000000" + xml[end:]})
    diags, peak = checked(claim)
    assert [c for c, _ in diags] == ["IMP108"] and "A1:Z1000000" in diags[0][1]
    assert peak < 30 * MB


def test_merged_range_over_a_million_rows(tmp_path):
    source = year_xlsx(tmp_path / "ok.xlsx")
    xml = _sheet_xml(source)
    merged = xml.replace(b"</mergeCells>", b'<mergeCell ref="A20:Z1000000"/></mergeCells>')
    assert merged != xml
    bad = rewrite(source, tmp_path / "merge.xlsx", {"xl/worksheets/sheet1.xml": merged})
    diags, peak = checked(bad)
    assert [c for c, _ in diags] == ["IMP108"]
    assert peak < 30 * MB                       # openpyxl never built 26 million merged cells


def test_sheet_with_really_many_rows(tmp_path):
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Dài")
    sheet.append(["STT", "Tiêu chí", "Điểm tối đa", "Điểm đạt được"])
    for i in range(1, 6002):
        sheet.append([str(i), f"Tiêu chí {i}", 1, 1])
    book.save(tmp_path / "long.xlsx")
    diags, _ = checked(tmp_path / "long.xlsx")
    assert [c for c, _ in diags] == ["IMP108"] and "5000 rows" in diags[0][1]


def test_too_many_tables(tmp_path, monkeypatch):
    from parplan.importers import docx as reader

    monkeypatch.setattr(reader, "MAX_TABLES", 20)
    document = Document()
    for _ in range(21):
        document.add_table(rows=1, cols=1)
    document.save(tmp_path / "tables.docx")
    diags, _ = checked(tmp_path / "tables.docx")
    assert diags == [("IMP108", "file refused as unsafe or too large: the document has over 20 tables")]


@pytest.mark.parametrize("data", [
    b"PK\x03\x04" + b"\x14" * 200,                      # a local header and garbage
    b"PK\x05\x06" + b"\0" * 18,                         # an empty archive
])
def test_damaged_archives(tmp_path, data):
    path = tmp_path / "hong.xlsx"
    path.write_bytes(data)
    diags, _ = checked(path)
    assert [c for c, _ in diags] == ["IMP107"]


def test_damaged_xml_inside_a_good_zip(tmp_path):
    source = year_xlsx(tmp_path / "ok.xlsx")
    bad = rewrite(source, tmp_path / "bad.xlsx", {"xl/worksheets/sheet1.xml": b"<worksheet><sheetData><row>"})
    diags, _ = checked(bad)
    assert [c for c, _ in diags] == ["IMP107"] and "damaged" in diags[0][1]
