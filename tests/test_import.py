"""`parplan import`: Word and Excel appendices back into plan YAML.

Three kinds of test:
- round trip: every shipped plan rendered by parplan (.docx and .xlsx) and
  imported gives back the same entries and the same diagnostics;
- tables typed by people (built here with python-docx / openpyxl): merged
  area rows, two-row headers, a table continued on a second page, a stray
  empty column, "1,5" and "1.5", a note under TỔNG ĐIỂM, Roman areas with
  criteria numbered from 1 again: the only diagnostics are the table's real
  mistakes and the cells it could not read;
- bad input: a clear message, exit 2, nothing written.
"""
from __future__ import annotations

import re
import subprocess
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from docx import Document
from docx.enum.text import WD_BREAK
from hypothesis import HealthCheck, given, settings, strategies as st
from openpyxl import Workbook
from typer.testing import CliRunner

from parplan import api
from parplan.cli import app
from parplan.importers import Options, import_file, import_tables
from parplan.importers.core import read_code, read_heading, read_score, split_items, units
from parplan.importers.labels import field_for, parse_columns
from parplan.importers.source import Slot, Table
from parplan.importers.xlsx import number_text
from parplan.load import load_text
from parplan.numbers import plain, vi
from parplan.render import appendices, render_bytes

from conftest import ROOT, dedent


@pytest.fixture(autouse=True)
def at_root(monkeypatch):
    monkeypatch.chdir(ROOT)


def run(*args: str):
    return CliRunner().invoke(app, [str(a) for a in args])


def diag_tuples(diags):
    return sorted(((d.code, d.item, d.field, d.expected, d.actual) for d in diags), key=str)


def finding_tuples(result):
    return [f.as_tuple() for f in result.findings]


# -- building Word tables the way people type them -------------------------------------

def word_table(document, rows: list[list[str]], merges=()):
    """A table from rows of cell texts ('\\n' separates paragraphs). `merges`
    are (row1, col1, row2, col2) rectangles, merged while empty (as Word does
    it), then given the text written at their top-left position."""
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    table.style = document.styles["Table Grid"]
    covered = set()
    for r1, c1, r2, c2 in merges:
        table.cell(r1, c1).merge(table.cell(r2, c2))
        covered |= {(r, c) for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)} - {(r1, c1)}
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            if (r, c) in covered or not text:
                continue
            cell = table.cell(r, c)
            first, *more = text.split("\n")
            cell.paragraphs[0].text = first
            for line in more:
                cell.add_paragraph(line)
    return table


def page_break(document):
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


# A header over two rows: "Điểm số" spans the two score columns; STT, name,
# max, tasks and lead are merged down; column 6 is a stray empty column.
HEADER = [
    ["STT", "Lĩnh vực, tiêu chí", "Điểm tối đa", "Điểm số", "", "Nhiệm vụ, giải pháp", "", "Đơn vị chủ trì"],
    ["", "", "", "Năm 2023 đạt được", "Mục tiêu 2024", "", "", ""],
    ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "", "(7)"],
]
HEADER_MERGES = [(0, 0, 1, 0), (0, 1, 1, 1), (0, 2, 1, 2), (0, 3, 0, 4), (0, 5, 1, 5), (0, 6, 1, 6), (0, 7, 1, 7)]


def shift(merges, by):
    return [(r1 + by, c1, r2 + by, c2) for r1, c1, r2, c2 in merges]


def typed_docx(path: Path) -> Path:
    """A district appendix typed in Word, continued on a second page."""
    document = Document()
    for text in ("UBND HUYỆN KRÔNG NÔ", "PHỤ LỤC",
                 "MỤC TIÊU, NHIỆM VỤ, GIẢI PHÁP CẢI THIỆN CHỈ SỐ CCHC NĂM 2024",
                 "(Kèm theo Kế hoạch số 45/KH-UBND ngày 05 tháng 3 năm 2024 của UBND huyện Krông Nô)"):
        document.add_paragraph(text)
    page1 = HEADER + [
        # Roman area, code and name typed in one merged cell; tasks..lead merged and empty
        ["I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH CCHC", "", "5", "4,5", "5", "", "", ""],
        ["1", "Thực hiện kế hoạch CCHC", "2", "2", "2", "Hoàn thành 100% kế hoạch CCHC năm 2024.", "",
         "Phòng Nội vụ"],
        ["2", "Công tác kiểm tra CCHC", "3", "2,5", "3", "", "", "Phòng Nội vụ"],
        ["2.1", "Tỷ lệ cơ quan, đơn vị được kiểm tra", "1,50", "1,5", "1.5",
         "- Kiểm tra 30% cơ quan, đơn vị.\n- Kiểm tra đột xuất 02 đơn vị.", "", ""],
        ["2.2", "Xử lý vấn đề phát hiện qua kiểm tra", "1.5", "1", "1,5",
         "+ Theo dõi, đôn đốc khắc phục; + Báo cáo kết quả khắc phục.", "", ""],
    ]
    # lead of criterion 2 merged down over 2.1 and 2.2
    word_table(document, page1, HEADER_MERGES + [(3, 0, 3, 1), (3, 5, 3, 7), (5, 7, 7, 7)])
    page_break(document)
    page2 = HEADER + [
        ["II. CẢI CÁCH THỂ CHẾ", "", "4", "3,75", "4", "", "", ""],   # 3,75: the children add up to 3,5
        ["1", "Ban hành văn bản QPPL", "2", "2", "2", "Ban hành văn bản QPPL đúng quy định.", "", "Phòng Tư pháp"],
        ["2", "Rà soát văn bản QPPL", "2", "1,5", "2", "• Rà soát định kỳ văn bản QPPL.\n• Công bố kết quả rà soát.",
         "", "Phòng Tư pháp; UBND các xã"],
        ["III. CẢI CÁCH THỦ TỤC HÀNH CHÍNH", "", "1", "1", "1", "", "", ""],
        ["1", "Công khai thủ tục hành chính", "1", "1", "đạt", "Công khai đầy đủ TTHC.", "", "Văn phòng HĐND-UBND"],
        ["TỔNG ĐIỂM", "", "10", "9,25", "10", "", "", ""],
        ["Ghi chú: điểm năm 2023 theo Quyết định số 123/QĐ-UBND của UBND tỉnh.", "", "", "", "", "", "", ""],
    ]
    word_table(document, page2, HEADER_MERGES + [(3, 0, 3, 1), (3, 5, 3, 7), (6, 0, 6, 1), (6, 5, 6, 7),
                                                 (8, 0, 8, 1), (8, 5, 8, 7), (9, 0, 9, 7)])
    document.save(path)
    return path


def test_typed_word_table_is_read_with_only_its_real_mistakes(tmp_path):
    result = import_file(typed_docx(tmp_path / "phu-luc.docx"), tmp_path / "2024.yaml")
    plan = result.plan
    assert (plan["unit"], plan["level"], plan["year"], plan["baseline_year"], plan["layout"]) == \
        ("UBND huyện Krông Nô", "huyen", 2024, 2023, "improvement")
    assert plan["document"]["number"] == "45/KH-UBND" and str(plan["document"]["date"]) == "2024-03-05"
    entries = {e["code"]: e for e in plan["entries"]}
    # Roman areas; criteria numbered from 1 again under each area
    assert list(entries) == ["1", "1.1", "1.2", "1.2.1", "1.2.2", "2", "2.1", "2.2", "3", "3.1"]
    assert entries["1"]["name"] == "CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH CCHC"     # area names kept as printed
    # numbers typed "1,5" and "1.5" alike, scale kept ("1,50" stays 1.50)
    assert [plain(entries["1.2.1"][f]) for f in ("max", "baseline", "target")] == ["1.50", "1.5", "1.5"]
    assert [plain(entries["1.2.2"][f]) for f in ("max", "baseline", "target")] == ["1.5", "1", "1.5"]
    # tasks split at paragraphs, dashes and bullets
    assert entries["1.2.1"]["tasks"] == ["Kiểm tra 30% cơ quan, đơn vị.", "Kiểm tra đột xuất 02 đơn vị."]
    assert entries["1.2.2"]["tasks"] == ["Theo dõi, đôn đốc khắc phục;", "Báo cáo kết quả khắc phục."]
    assert entries["2.2"]["tasks"] == ["Rà soát định kỳ văn bản QPPL.", "Công bố kết quả rà soát."]
    # a lead cell merged down over three rows counts for each; leads split at ";"
    assert [entries[c]["lead"] for c in ("1.2", "1.2.1", "1.2.2")] == [["Phòng Nội vụ"]] * 3
    assert entries["2.2"]["lead"] == ["Phòng Tư pháp", "UBND các xã"]
    assert "target" not in entries["3.1"]
    assert plan["totals"] == {"max": Decimal("10"), "baseline": Decimal("9.25"), "target": Decimal("10")}
    # the continuation table on page 2 is read; the note under TỔNG ĐIỂM is skipped
    assert [s.table.number for s in result.parsed.segments] == [1, 2] and result.others == []
    assert [(t.number, row) for t, row in result.parsed.skipped] == [(2, 10)]
    # the only problems: the cell that could not be read, and the document's wrong sum
    assert finding_tuples(result) == [("IMP101", 8, 5, "3.1", "target")]
    assert diag_tuples(result.diagnostics) == [("PAR203", "2", "baseline", "3.5", "3.75"),
                                               ("PAR214", "3.1", "target", None, None)]   # blank cell (issue 11)


def test_typed_word_table_through_the_command(tmp_path):
    source = typed_docx(tmp_path / "phu-luc.docx")
    out = tmp_path / "plans" / "2024.yaml"
    result = run("import", source, "-o", out)
    assert result.exit_code == 1, result.output
    assert "bảng 2, dòng 8, cột 5 «Điểm số Mục tiêu 2024»: error IMP101 [3.1 target]" in result.output
    assert "PAR203 [2 baseline]" in result.output and "(từ bảng 2, dòng 4)" in result.output
    assert "đã ghi" in result.output and "còn 2 lỗi" in result.output
    written = load_text(out.read_text(encoding="utf-8"), str(out))
    # the unreadable cell is written as its text, so validating the file reports it too
    assert [(d.code, d.item, d.field) for d in written.diagnostics] == [("PAR004", "3.1", "target")]
    assert "\n  target: \"đạt\"\n" in out.read_text(encoding="utf-8")
    assert "IMP101" in out.read_text(encoding="utf-8").split("kind: plan")[0]   # listed in the file's header
    result = run("import", source, "-o", out, "--lang", "en")   # parplan's own file, unchanged: replaced
    assert result.exit_code == 1 and "wrote" in result.output
    out.write_text(out.read_text(encoding="utf-8").replace("kind: plan", "kind: plan\n# sửa tay"), encoding="utf-8")
    edited = out.read_bytes()
    result = run("import", source, "-o", out, "--lang", "en")   # edited since: the user's now
    assert result.exit_code == 2 and "was not written by parplan" in result.output and "--overwrite" in result.output
    assert out.read_bytes() == edited
    result = run("import", source, "-o", out, "--lang", "en", "--overwrite")
    assert result.exit_code == 1 and "table 2, row 8, column 5" in result.output
    assert "wrote" in result.output and "but the plan has 2 errors" in result.output


def test_the_plan_table_is_chosen_among_several(tmp_path):
    document = Document()
    document.add_paragraph("PHỤ LỤC I")
    document.add_paragraph("KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU CCHC")
    word_table(document, [["STT", "Các mục tiêu/chỉ tiêu", "Kết quả đạt được giai đoạn 2016-2020",
                           "Chỉ tiêu phấn đấu đến năm 2025"], ["1", "Chỉ số SIPAS", "90,61%", "Đạt 90% trở lên"]])
    document.add_paragraph("PHỤ LỤC II")
    document.add_paragraph("MỤC TIÊU CẢI THIỆN CHỈ SỐ CCHC NĂM 2025")
    document.add_paragraph("(Kèm theo Kế hoạch số 7/KH-UBND ngày 02/01/2025 của UBND huyện Thử)")
    word_table(document, [
        ["STT", "Lĩnh vực/Tiêu chí", "Điểm chuẩn", "Điểm 2024 đạt được", "Mục tiêu năm 2025"],
        ["1", "CẢI CÁCH THỂ CHẾ", "2", "2", "2"],
        ["1.1", "Ban hành văn bản", "2", "2", "2"],
    ])
    document.save(tmp_path / "two.docx")
    result = import_file(tmp_path / "two.docx", tmp_path / "out.yaml")
    assert result.parsed.table.number == 2 and [t.number for t in result.others] == [1]
    assert result.plan["document"]["appendix_title"] == "MỤC TIÊU CẢI THIỆN CHỈ SỐ CCHC NĂM 2025"
    assert (result.plan["year"], result.plan["unit"]) == (2025, "UBND huyện Thử")
    assert result.findings == [] and result.diagnostics == []
    assert "cũng giống phụ lục: bảng 1 (dùng --table 1)" in run("import", tmp_path / "two.docx", "-o", "-").output
    chosen = import_file(tmp_path / "two.docx", tmp_path / "out.yaml", table=1, year=2025, unit="X")
    assert chosen.parsed.table.number == 1


def test_columns_left_out_are_reported_once(tmp_path):
    document = Document()
    word_table(document, [
        ["STT", "Tiêu chí", "Điểm tối đa", "Điểm đạt được 2023", "Điểm thẩm định 2023", "Mục tiêu 2024", "Xếp loại"],
        ["1", "Cải cách thể chế", "2", "1,5", "1,5", "2", "Khá"],
        ["1.1", "Ban hành văn bản", "2", "1,5", "1,5", "2", "Khá"],
    ])
    document.add_paragraph("Ghi chú: …")
    document.save(tmp_path / "cols.docx")
    result = import_file(tmp_path / "cols.docx", tmp_path / "out.yaml", unit="X")
    assert finding_tuples(result) == [("IMP105", None, 5, None, "baseline"), ("IMP104", None, 7, None, None)]
    assert {f.severity for f in result.findings} == {"warning"}
    assert result.findings[0].message("en") == \
        "column 'Điểm thẩm định 2023' is also baseline, already read from column 4; this column is left out"
    assert [plain(e["baseline"]) for e in result.plan["entries"]] == ["1.5", "1.5"]
    result = run("import", tmp_path / "cols.docx", "-o", tmp_path / "out.yaml", "--unit", "X")
    assert result.exit_code == 0 and "IMP104" in result.output     # warnings only: imported cleanly


def test_codes_in_the_name_column_and_a_table_split_without_header(tmp_path):
    document = Document()
    word_table(document, [
        ["Lĩnh vực/Tiêu chí", "Điểm chuẩn", "Điểm 2023 đạt được", "Mục tiêu năm 2024", "Đơn vị chủ trì"],
        ["1. Cải cách thể chế", "3", "2,5", "3", ""],
        ["1.1. Ban hành văn bản", "2", "1,5", "2", "Phòng Tư pháp"],
    ])
    page_break(document)
    word_table(document, [
        ["1.2. Rà soát văn bản", "1", "1", "1", "Phòng Tư pháp"],
        ["Tổng cộng", "3", "2,5", "3", ""],
    ])
    document.save(tmp_path / "split.docx")
    result = import_file(tmp_path / "split.docx", tmp_path / "out.yaml", unit="X")
    assert [(e["code"], e["name"]) for e in result.plan["entries"]] == \
        [("1", "Cải cách thể chế"), ("1.1", "Ban hành văn bản"), ("1.2", "Rà soát văn bản")]
    assert [s.table.number for s in result.parsed.segments] == [1, 2]
    assert result.findings == [] and result.diagnostics == []


# -- against a framework ------------------------------------------------------------------

FRAMEWORK = """\
kind: framework
id: thu-2024
title: Bộ tiêu chí thử
level: huyen
total: 6
items:
  - code: "1"
    name: Công tác chỉ đạo, điều hành CCHC
    max: 3
    items:
      - {code: "1.1", name: Thực hiện kế hoạch CCHC, max: 1.5}
      - {code: "1.2", name: Công tác tuyên truyền CCHC, max: 1.5}
  - code: "2"
    name: Cải cách thể chế
    max: 3
    items:
      - {code: "2.1", name: Ban hành văn bản QPPL, max: 2}
      - {code: "2.2", name: Rà soát văn bản QPPL, max: 1}
"""


def framework_docx(path: Path) -> Path:
    """One header row typed without diacritics, area rows merged across the
    whole row (no numbers), the header repeated inside the table after a page
    break, and a criterion worded differently from the framework."""
    document = Document()
    header = ["STT", "Noi dung", "Diem toi da", "Diem tham dinh nam 2023", "Muc tieu nam 2024", "Giai phap",
              "Don vi chu tri"]
    rows = [
        header,
        ["1", "CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH CCHC"] + [""] * 5,
        ["1.1.", "Thực hiện kế hoạch CCHC", "1,5", "1,5", "1,5", "Hoàn thành kế hoạch.", "Phòng Nội vụ"],
        ["1.2.", "Tuyên truyền về CCHC", "1,5", "1", "1,5", "Tuyên truyền trên Cổng thông tin.", "Phòng Nội vụ"],
        header,
        ["2", "CẢI CÁCH THỂ CHẾ"] + [""] * 5,
        ["2.1.", "Ban hành văn bản QPPL", "2", "2", "2", "Ban hành đúng quy định.", "Phòng Tư pháp"],
        ["2.2.", "Rà soát văn bản QPPL", "1", "0,5", "1", "Rà soát định kỳ.", "Phòng Tư pháp"],
        ["", "Tổng cộng", "6", "5", "6", "", ""],
    ]
    word_table(document, rows, [(1, 1, 1, 6), (5, 1, 5, 6)])
    document.save(path)
    return path


def test_framework_plan_keeps_only_what_differs_from_the_framework(tmp_path):
    criteria = tmp_path / "criteria"
    criteria.mkdir()
    (criteria / "thu-2024.yaml").write_text(FRAMEWORK, encoding="utf-8")
    result = import_file(framework_docx(tmp_path / "pl.docx"), tmp_path / "out.yaml", framework="thu-2024",
                         criteria=[criteria], unit="UBND huyện Thử")
    entries = result.plan["entries"]
    assert [e["code"] for e in entries] == ["1", "1.1", "1.2", "2", "2.1", "2.2"]
    assert entries[0] == {"code": "1"} and entries[3] == {"code": "2"}     # names as the framework's, in capitals
    assert entries[2]["name"] == "Tuyên truyền về CCHC"                   # worded differently: kept, and warned
    assert all("max" not in e for e in entries)
    assert result.plan["framework"] == "thu-2024" and result.plan["level"] == "huyen"
    assert result.findings == []
    assert diag_tuples(result.diagnostics) == [
        ("PAR207", "1.2", "name", "Công tác tuyên truyền CCHC", "Tuyên truyền về CCHC")]
    assert result.plan["totals"] == {"max": 6, "baseline": Decimal("5"), "target": 6}


# -- Excel ---------------------------------------------------------------------------------

def typed_xlsx(path: Path) -> Path:
    book = Workbook()
    book.active.title = "Ghi chú"
    book.active["A1"] = "Bảng này không phải phụ lục"
    sheet = book.create_sheet("Phụ lục")
    sheet["A1"] = "PHỤ LỤC"
    sheet["A2"] = "NHIỆM VỤ VÀ GIẢI PHÁP KHẮC PHỤC TIÊU CHÍ BỊ TRỪ ĐIỂM NĂM 2023"
    sheet["A3"] = "(Kèm theo Kế hoạch số 12/KH-UBND ngày 10/4/2024 của UBND tỉnh Thử)"
    for r in (1, 2, 3):
        sheet.merge_cells(start_row=r, start_column=1, end_row=r, end_column=7)
    sheet.append(["TT", "Tiêu chí", "Điểm chuẩn", "Điểm thẩm định", "Điểm bị trừ", "Biện pháp khắc phục",
                  "Cơ quan thực hiện"])
    sheet.append(["1", "Công tác chỉ đạo, điều hành", 3, None, None, None, None])
    sheet.append(["1.1", "Thực hiện kế hoạch", Decimal("1.5"), Decimal("1.25"), "-0,25",
                  "- Rà soát kế hoạch\n- Báo cáo quý", "Sở Nội vụ\nPhối hợp: Văn phòng UBND tỉnh; Sở Tài chính"])
    sheet.append(["1.2", "Kiểm tra", Decimal("1.5"), "1,4", "−0,1", None, None])
    sheet["D5"] = "=D6+D7"                       # saved by openpyxl without a computed value
    sheet.merge_cells("F6:F7")
    sheet.merge_cells("G6:G7")
    sheet["C6"].number_format = "0.00"           # shown as 1,50
    sheet.append(["", "Tổng cộng", 3, None, None, None, None])
    book.save(path)
    return path


def test_typed_excel_sheet(tmp_path):
    result = import_file(typed_xlsx(tmp_path / "pl.xlsx"), tmp_path / "out.yaml")
    plan = result.plan
    assert result.parsed.table.sheet == "Phụ lục"
    assert (plan["layout"], plan["unlisted"], plan["year"], plan["unit"]) == ("remediation", "full", 2024, "UBND tỉnh Thử")
    assert plan["document"] == {"number": "12/KH-UBND", "date": date(2024, 4, 10), "issuer": "UBND tỉnh Thử",
                                "appendix_title": "NHIỆM VỤ VÀ GIẢI PHÁP KHẮC PHỤC TIÊU CHÍ BỊ TRỪ ĐIỂM NĂM 2023"}
    entries = {e["code"]: e for e in plan["entries"]}
    assert plain(entries["1.1"]["max"]) == "1.50" and plain(entries["1.1"]["baseline"]) == "1.25"
    assert plain(entries["1.2"]["deducted"]) == "-0.1"
    assert entries["1.1"]["tasks"] == ["Rà soát kế hoạch", "Báo cáo quý"] == entries["1.2"]["tasks"]
    assert entries["1.1"]["lead"] == ["Sở Nội vụ"]
    assert entries["1.1"]["partners"] == ["Văn phòng UBND tỉnh", "Sở Tài chính"]
    assert finding_tuples(result) == [("IMP106", 5, 4, "1", "baseline")]
    assert result.findings[0].where("en") == "sheet 'Phụ lục', D5 «Điểm thẩm định»"
    assert diag_tuples(result.diagnostics) == []
    # --sheet picks a sheet by name; one without an appendix is refused
    assert run("import", tmp_path / "pl.xlsx", "--sheet", "Ghi chú", "-o", tmp_path / "x.yaml").exit_code == 2
    assert not (tmp_path / "x.yaml").exists()


def test_number_text_from_excel_cells():
    assert number_text("1.5", "0.00") == "1.50"
    assert number_text("1.4741", "0.00") == "1.4741"           # stored decimals kept when a score can hold them
    assert number_text("0.66666666666666663", "0.00") == "0.67"
    assert number_text("0.30000000000000004", "General") == "0.3"
    assert number_text("14", "General") == "14"
    assert number_text("-1.0761", "0.0000") == "-1.0761"


# -- --columns -----------------------------------------------------------------------------

def odd_labels_docx(path: Path) -> Path:
    document = Document()
    word_table(document, [
        ["Số", "Tên chỉ tiêu", "Điểm sàn", "Điểm cũ", "Điểm mới, dự kiến"],
        ["1", "Cải cách thể chế", "2", "1,5", "2"],
        ["1.1", "Ban hành văn bản", "2", "1,5", "2"],
    ])
    document.save(path)
    return path


def test_columns_override_maps_unusual_labels(tmp_path):
    source = odd_labels_docx(tmp_path / "odd.docx")
    result = run("import", source, "-o", tmp_path / "a.yaml")
    assert result.exit_code == 2 and not (tmp_path / "a.yaml").exists()
    assert "Điểm chuẩn/Điểm tối đa" in result.output and "Số | Tên chỉ tiêu | Điểm sàn" in result.output
    imported = import_file(source, tmp_path / "a.yaml", year=2024, unit="UBND huyện Thử",
                           columns=["code=Số,max=Điểm sàn,baseline=Điểm cũ", "target=Điểm mới, dự kiến"])
    assert [(e["code"], plain(e["max"]), plain(e["baseline"]), plain(e["target"])) for e in imported.plan["entries"]] \
        == [("1", "2", "1.5", "2"), ("1.1", "2", "1.5", "2")]
    assert imported.plan["year"] == 2024 and "baseline_year" not in imported.plan
    by_number = import_file(source, tmp_path / "a.yaml", year=2024, unit="X",
                            columns=["code=#1,max=#3,baseline=#4,target=#5"])
    assert by_number.plan["entries"] == imported.plan["entries"]


@pytest.mark.parametrize("spec, words", [
    ("maxx=Điểm sàn", "maxx=Điểm sàn"),
    ("max=Không có cột này", "Không có cột này"),
    ("max", "max"),
])
def test_bad_columns_option(tmp_path, spec, words):
    result = run("import", odd_labels_docx(tmp_path / "odd.docx"), "--columns", spec, "-o", tmp_path / "a.yaml")
    assert result.exit_code == 2 and words in result.output and "Traceback" not in result.output
    assert not (tmp_path / "a.yaml").exists()


def test_parse_columns_keeps_commas_inside_labels():
    assert parse_columns(["lead=Cơ quan, đơn vị thực hiện,max=Điểm tối đa"]) == \
        [("lead", "Cơ quan, đơn vị thực hiện"), ("max", "Điểm tối đa")]


# -- labels, cells ---------------------------------------------------------------------------

@pytest.mark.parametrize("label, field", [
    ("STT", "code"), ("TT", "code"), ("Số TT", "code"),
    ("Lĩnh vực/Tiêu chí/Tiêu chí thành phần", "name"), ("Nội dung", "name"), ("LINH VUC, TIEU CHI", "name"),
    ("Điểm chuẩn", "max"), ("Điểm tối đa", "max"), ("Diem toi da", "max"),
    ("Điểm 2023 đạt được", "baseline"), ("Điểm thẩm định", "baseline"), ("Điểm năm 2023", "baseline"),
    ("Mục tiêu năm 2024", "target"), ("Điểm phấn đấu năm 2024", "target"),
    ("Điểm bị trừ", "deducted"), ("Lý do bị trừ điểm", "reason"),
    ("Nhiệm vụ/giải pháp", "tasks"), ("Biện pháp khắc phục", "tasks"), ("Nhiệm vụ/giải pháp/Nội dung thực hiện", "tasks"),
    ("Đơn vị chủ trì", "lead"), ("Cơ quan, đơn vị chỉ đạo, theo dõi và thực hiện", "lead"),
    ("Đơn vị phối hợp", "partners"), ("Thời gian", "deadline"), ("Thời gian thực hiện", "deadline"),
    ("Sản phẩm", "product"), ("Ghi chú", "note"), ("", None), ("Họ và tên", None),
])
def test_labels(label, field):
    assert field_for(label) == field


@pytest.mark.parametrize("text, code", [
    ("1", ("arabic", "1")), ("1.", ("arabic", "1")), ("1.3.1", ("arabic", "1.3.1")), ("1.3.1.", ("arabic", "1.3.1")),
    ("7.1.10", ("arabic", "7.1.10")), ("I", ("roman", "1")), ("IV", ("roman", "4")), ("VIII", ("roman", "8")),
    ("a", None), ("Ghi chú", None), ("", None),
])
def test_codes(text, code):
    assert read_code(text) == code


@pytest.mark.parametrize("text, expected", [
    ("1,5", (Decimal("1.5"), False, None)), ("1.5", (Decimal("1.5"), False, None)),
    ("1,50", (Decimal("1.50"), False, None)), ("-0,0259", (Decimal("-0.0259"), False, None)),
    ("− 1", (Decimal("-1"), False, None)), ("8,5 điểm", (Decimal("8.5"), False, None)),
    ("86,2482 (86,25)", (Decimal("86.2482"), False, None)), ("", (None, False, None)), ("-", (None, False, None)),
    ("Không áp dụng", (None, True, None)), ("đạt", (None, False, "unreadable")),
    ("1.234,5", (None, False, "unreadable")), ("0,12345", (None, False, "decimals")),
])
def test_scores(text, expected):
    value, na, problem = read_score(text)
    assert (value, na, problem) == expected
    if value is not None:
        assert plain(value) == plain(expected[0])


@given(st.decimals(min_value=-100, max_value=100, places=4, allow_nan=False, allow_infinity=False))
def test_printed_scores_read_back_with_their_scale(value):
    for places in range(5):
        shown = value.quantize(Decimal(1).scaleb(-places))
        assert plain(read_score(vi(shown))[0]) == plain(shown if shown != 0 else abs(shown))


def test_items_and_units():
    assert split_items(["- A; - B", "C"]) == ["A;", "B", "C"]
    assert split_items(["- Rà soát các văn bản", "do tỉnh ban hành;", "- Báo cáo"]) == \
        ["Rà soát các văn bản do tỉnh ban hành;", "Báo cáo"]
    assert split_items(["Rà soát các văn bản", "do tỉnh ban hành"]) == ["Rà soát các văn bản", "do tỉnh ban hành"]
    assert split_items(["Phát triển kinh tế - xã hội; giữ ổn định"]) == ["Phát triển kinh tế - xã hội; giữ ổn định"]
    assert units(["Sở Tài chính, Cục Thuế tỉnh", "Phối hợp: Sở Kế hoạch và Đầu tư"]) == \
        (["Sở Tài chính, Cục Thuế tỉnh"], ["Sở Kế hoạch và Đầu tư"])
    assert units(["Chủ trì: Sở Nội vụ; Văn phòng UBND tỉnh"]) == (["Sở Nội vụ", "Văn phòng UBND tỉnh"], [])


def test_heading_lines():
    heading = read_heading(["PHỤ LỤC II", "MỤC TIÊU, NHIỆM VỤ", "CẢI THIỆN CHỈ SỐ CCHC NĂM 2021",
                            "(Kèm theo Kế hoạch số 509/KH-UBND ngày 20 tháng 7 năm 2021 của Chủ tịch UBND tỉnh Đắk Nông)",
                            "―――――――"])
    assert heading.appendix_title == "MỤC TIÊU, NHIỆM VỤ CẢI THIỆN CHỈ SỐ CCHC NĂM 2021"
    assert (heading.number, str(heading.date), heading.issuer, heading.year) == \
        ("509/KH-UBND", "2021-07-20", "Chủ tịch UBND tỉnh Đắk Nông", 2021)
    blank = read_heading(["Phụ lục", "(Kèm theo Kế hoạch số …/KH-UBND ngày … tháng … năm 2024 của UBND tỉnh Quảng Trị)"])
    assert (blank.number, blank.date, blank.year, blank.issuer) == (None, None, 2024, "UBND tỉnh Quảng Trị")


# -- round trip: every shipped plan, rendered by parplan, imported back --------------------

SHIPPED = [("plans/dak-nong/2021.yaml", "tinh-2020"), ("plans/dak-rlap/2024.yaml", None),
           ("plans/quang-tri/2024.yaml", None)]
RENDERED = {"improvement": ("max", "baseline", "target", "tasks", "lead"),
            "remediation": ("max", "baseline", "deducted", "reason", "tasks", "lead", "partners", "deadline",
                            "product")}


def comparable(entry, framework_items: dict, layout: str) -> dict:
    """An entry as the rendered table shows it: name and max from the framework
    when the plan leaves them out; area names compared in capitals (the table
    prints them so, and the import keeps them as printed); numbers as exact
    strings (scale included); deductions without their sign (ignored on input)."""
    item = framework_items.get(entry.code)
    name = entry.name or (item.name if item else None)
    out = {"code": entry.code, "name": name.upper() if "." not in entry.code else name,
           "applicable": entry.applicable}
    for key in RENDERED[layout]:
        value = getattr(entry, key)
        if key == "max" and value is None and item is not None:
            value = item.max
        if key == "deducted" and value is not None:
            value = abs(value)
        out[key] = plain(value) if isinstance(value, Decimal) else value
    return out


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
@pytest.mark.parametrize("plan_path, framework", SHIPPED)
def test_round_trip(tmp_path, plan_path, framework, fmt):
    (original,), report = api.check_paths([plan_path])
    plan = original.model
    items = {item.code: item for item, _ in original.framework.walk()} if original.framework else {}
    source = tmp_path / f"phu-luc.{fmt}"
    source.write_bytes(render_bytes(fmt, appendices([(plan, original.framework)])))

    result = import_file(source, tmp_path / "plan.yaml", framework=framework)
    back = load_text(result.text, "plan.yaml").model
    assert result.findings == []
    assert [comparable(e, items, plan.layout) for e in back.entries] == \
        [comparable(e, items, plan.layout) for e in plan.entries]
    assert (back.year, back.base_year, back.layout, back.unit, back.framework) == \
        (plan.year, plan.base_year, plan.layout, plan.unit, plan.framework)
    if plan.totals is not None:     # every total the plan declares is printed in the TỔNG row
        declared = {k: plain(v) for k, v in plan.totals.model_dump().items() if v is not None}
        assert {k: plain(getattr(back.totals, k)) for k in declared} == declared
    # the same document mistakes are found in the imported plan as in the original
    assert diag_tuples(result.diagnostics) == diag_tuples(report.diagnostics)


def test_round_trip_restores_the_max_of_parents_with_criteria_not_applicable(tmp_path, write):
    """The table prints a parent's max less its "Không áp dụng" children (the
    effective max); the imported plan declares the full max again."""
    path = write("p.yaml", """
        kind: plan
        unit: UBND huyện Thử
        year: 2024
        entries:
          - {code: "1", name: Cải cách thể chế, max: 3, baseline: 2}
          - {code: "1.1", name: Ban hành, max: 2, baseline: 2, target: 2, tasks: [Ban hành đúng hạn], lead: Phòng Tư pháp}
          - {code: "1.2", name: Rà soát, max: 1, applicable: false}
          - {code: "2", name: Cải cách TTHC, max: 1.5, baseline: 1.5, target: 1.5}
    """)
    (original,), report = api.check_paths([path])
    assert report.diagnostics == []
    source = tmp_path / "p.docx"
    source.write_bytes(render_bytes("docx", appendices([(original.model, None)])))
    result = import_file(source, tmp_path / "back.yaml")
    assert [(e["code"], plain(e["max"]), e.get("applicable", True)) for e in result.plan["entries"]] == \
        [("1", "3", True), ("1.1", "2", True), ("1.2", "1", False), ("2", "1.5", True)]
    assert plain(result.plan["totals"]["max"]) == "4.5"
    assert result.findings == [] and result.diagnostics == []


def test_round_trip_through_the_command(tmp_path):
    source = tmp_path / "phu-luc.docx"
    assert run("render", "plans/dak-rlap/2024.yaml", "--docx", source, "--force").exit_code == 0
    out = tmp_path / "2024.yaml"
    result = run("import", source, "-o", out)
    assert result.exit_code == 1                  # the document's own wrong sums are errors
    assert "PAR203 [1 baseline]" in result.output and out.exists()
    validated = run("validate", out)
    assert validated.exit_code == 1 and "PAR203" in validated.output
    quang_tri = tmp_path / "qt.xlsx"
    assert run("render", "plans/quang-tri/2024.yaml", "--xlsx", quang_tri).exit_code == 0
    result = run("import", quang_tri, "-o", "-")
    assert result.exit_code == 0 and "kind: plan" in result.output and "đã ghi ra màn hình" in result.output


# -- bad input ---------------------------------------------------------------------------------

def test_no_recognisable_table(tmp_path):
    document = Document()
    document.add_paragraph("Danh sách cán bộ")
    word_table(document, [["Họ và tên", "Chức vụ", "Ghi chú"], ["Nguyễn Văn A", "Trưởng phòng", ""]])
    document.save(tmp_path / "ds.docx")
    result = run("import", tmp_path / "ds.docx", "-o", tmp_path / "out.yaml")
    assert result.exit_code == 2 and not (tmp_path / "out.yaml").exists()
    assert "không tìm thấy bảng phụ lục" in result.output
    assert "Điểm … đạt được/Điểm thẩm định" in result.output and "Mục tiêu năm …" in result.output
    assert "bảng 1: Họ và tên | Chức vụ | Ghi chú" in result.output
    empty = Document()
    empty.add_paragraph("Không có bảng")
    empty.save(tmp_path / "empty.docx")
    result = run("import", tmp_path / "empty.docx", "--lang", "en")
    assert result.exit_code == 2 and "the file has no table" in result.output
    assert not (tmp_path / "empty.yaml").exists()


@pytest.mark.parametrize("name, data, words", [
    ("cu.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, ".docx"),
    ("phu-luc.pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "PDF"),
    ("rong.docx", b"", ".xlsx"),
    ("hong.docx", b"PK\x03\x04" + b"\x00" * 100, ".docx"),
    ("anh.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 50, ".xlsx"),
])
def test_unsupported_formats(tmp_path, name, data, words):
    source = tmp_path / name
    source.write_bytes(data)
    result = run("import", source, "-o", tmp_path / "out.yaml")
    assert result.exit_code == 2, result.output
    assert words in result.output and "Traceback" not in result.output
    assert list(tmp_path.iterdir()) == [source]


def test_damaged_docx_is_a_usage_error(tmp_path):
    import zipfile

    source = tmp_path / "hong.docx"
    with zipfile.ZipFile(source, "w") as archive:
        archive.writestr("word/document.xml", "<not xml")
    result = run("import", source)
    assert result.exit_code == 2 and "không đọc được tệp .docx" in result.output
    assert list(tmp_path.iterdir()) == [source]


def test_never_writes_over_the_input_and_missing_files(tmp_path):
    source = typed_docx(tmp_path / "pl.docx")
    before = source.read_bytes()
    assert run("import", source, "-o", source, "--overwrite").exit_code == 2
    assert source.read_bytes() == before
    result = run("import", tmp_path / "khong-co.docx")
    assert result.exit_code == 2 and "không có tệp" in result.output


CELLS = ["STT", "Lĩnh vực/Tiêu chí", "Điểm chuẩn", "Điểm 2023 đạt được", "Mục tiêu năm 2024", "Điểm bị trừ",
         "Nhiệm vụ/giải pháp", "Đơn vị chủ trì", "I", "II", "1", "1.1", "1.1.", "2.3.1", "2,5", "1.5", "-0,25", "-",
         "Không áp dụng", "TỔNG ĐIỂM", "Tổng cộng", "Ghi chú: x", "", "", "", "đạt", "- a\n- b", "(1)", "2023",
         "Phối hợp: Sở Tài chính", "I. CẢI CÁCH", "1,23456", "99999"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(st.tuples(st.sampled_from(CELLS), st.booleans()), min_size=6, max_size=6),
                min_size=1, max_size=10))
def test_any_grid_gives_a_plan_or_a_usage_error(rows):
    """No table typed by anyone ends in a traceback: each grid either imports
    (a YAML that parplan reads back) or is refused with a usage error. A True
    flag merges the cell with the one on its left."""
    grid = []
    for r, row in enumerate(rows):
        slots = []
        for c, (text, merge_left) in enumerate(row):
            if merge_left and slots:
                slots.append(slots[-1])
            else:
                slots.append(Slot(tuple(text.split("\n")) if text else (), (r, c)))
        grid.append(slots)
    tables = [Table(1, grid, list(range(1, len(grid) + 1)))]
    try:
        result = import_tables(tables, "docx", "x.docx", "x.yaml", Options())
    except api.UsageError:
        return
    written = load_text(result.text, "x.yaml")
    assert written.kind == "plan" and not written.refused        # YAML that parplan reads back
    assert all(re.fullmatch(r"\d+(\.\d+)*", e["code"]) for e in result.plan["entries"])


def test_validate_does_not_load_the_importers():
    code = dedent("""
        import sys
        from typer.testing import CliRunner
        from parplan.cli import app
        CliRunner().invoke(app, ["validate", "plans/dak-rlap/2024.yaml"])
        print(sorted(m for m in ("docx", "openpyxl", "parplan.importers") if m in sys.modules))
    """)
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_a_list_typed_inside_one_paragraph_becomes_tasks():
    from parplan.importers.core import split_items

    cell = ["Thực hiện đầy đủ 03 hoạt động, cụ thể như sau: - Thực hiện thu thập thông tin. "
            "- Thực hiện công tác kiểm tra."]
    assert split_items(cell) == ["Thực hiện đầy đủ 03 hoạt động, cụ thể như sau:",
                                 "Thực hiện thu thập thông tin.", "Thực hiện công tác kiểm tra."]
    assert split_items(["Văn phòng HĐND - UBND huyện phối hợp giai đoạn 2021 - 2025."]) == \
        ["Văn phòng HĐND - UBND huyện phối hợp giai đoạn 2021 - 2025."]
    assert split_items(["Năm 2024: - tiếp tục rà soát"]) == ["Năm 2024: - tiếp tục rà soát"]
