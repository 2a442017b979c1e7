"""Rendering: read every output back and compare with what a clerk must see.

Golden files hold the cell texts of each shipped plan's table as JSON; refresh
them with `PARPLAN_UPDATE_GOLDEN=1 python -m pytest tests/test_render.py` and
review the diff.
"""
from __future__ import annotations

import io
import json
import os
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Mm
from openpyxl import load_workbook
from typer.testing import CliRunner

from parplan import api
from parplan.cli import app

from conftest import ROOT

GOLDEN = Path(__file__).resolve().parent / "golden" / "render"
SHIPPED = {
    "dak-nong-2021": ["plans/dak-nong/2021.yaml"],
    "dak-rlap-2024": ["plans/dak-rlap/2024.yaml"],
    "quang-tri-2024": ["plans/quang-tri/2024.yaml"],
    "yen-chau-kh120": ["plans/yen-chau/2021-2025-chi-tieu.yaml", "plans/yen-chau/2021-2025-kinh-phi.yaml"],
    "tay-ninh-phu-luc-1": ["plans/tay-ninh/phu-luc-1.yaml"],
}


@pytest.fixture(autouse=True)
def at_root(monkeypatch):
    monkeypatch.chdir(ROOT)


def rendered(name: str, fmt: str) -> bytes:
    _, data = api.render(SHIPPED[name], {fmt: "out"}, force=True)
    return data[fmt]


def docx_tables(data: bytes) -> list[list[list[str]]]:
    doc = Document(io.BytesIO(data))
    return [[[cell.text for cell in row.cells] for row in table.rows] for table in doc.tables]


@pytest.mark.parametrize("name", sorted(SHIPPED))
def test_docx_cell_texts_match_golden(name):
    tables = docx_tables(rendered(name, "docx"))
    golden = GOLDEN / f"{name}.json"
    if os.environ.get("PARPLAN_UPDATE_GOLDEN") or not golden.exists():
        golden.write_text(json.dumps(tables, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    assert tables == json.loads(golden.read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", sorted(SHIPPED))
def test_same_input_same_bytes(name):
    import zipfile

    for fmt in ("docx", "xlsx", "html", "md"):
        data = rendered(name, fmt)
        assert data == rendered(name, fmt)
        if fmt in ("docx", "xlsx"):   # no clock anywhere: two renders a second apart agree too
            stamps = {info.date_time for info in zipfile.ZipFile(io.BytesIO(data)).infolist()}
            assert stamps == {(1980, 1, 1, 0, 0, 0)}


def test_docx_page_fonts_and_table_flags():
    doc = Document(io.BytesIO(rendered("yen-chau-kh120", "docx")))
    assert len(doc.sections) == 2
    for section in doc.sections:
        assert section.orientation == 1  # landscape
        near = lambda length, mm: abs(length - Mm(mm)) < Mm(0.1)  # noqa: E731 (stored in twips)
        assert near(section.page_width, 297) and near(section.page_height, 210)
        assert near(section.top_margin, 20) and near(section.bottom_margin, 20)
        assert near(section.left_margin, 30) and near(section.right_margin, 15)
        assert section.different_first_page_header_footer
        assert section._sectPr.find(qn("w:pgNumType")).get(qn("w:start")) == "1"
        instr = "".join(t.text for t in section.header._element.iter(qn("w:instrText")))
        assert instr.strip() == "PAGE"
        assert not list(section.first_page_header._element.iter(qn("w:instrText")))
    fonts = doc.styles["Normal"].element.rPr.find(qn("w:rFonts"))
    assert {fonts.get(qn(a)) for a in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs")} == {"Times New Roman"}
    for table in doc.tables:
        rows = table.rows
        assert rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
        assert all(r._tr.trPr.find(qn("w:cantSplit")) is not None for r in rows)
        assert all(r._tr.trPr.find(qn("w:tblHeader")) is None for r in rows[1:])
    paragraphs = [p.text for p in doc.paragraphs if p.text]
    assert paragraphs[:3] == [
        "Phụ lục I",
        "KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU CẢI CÁCH HÀNH CHÍNH NHÀ NƯỚC CỦA TỈNH GIAI ĐOẠN 2016-2020 VÀ "
        "CHỈ TIÊU PHẤN ĐẤU TRONG GIAI ĐOẠN 2021-2025",
        "(Kèm theo Kế hoạch số 120/KH-UBND ngày 02 tháng 4 năm 2021 của UBND tỉnh Sơn La)",
    ]
    assert "Phụ lục II" in paragraphs


def test_improvement_table_rows_numbers_and_total():
    rows = docx_tables(rendered("dak-nong-2021", "docx"))[0]
    assert rows[0] == ["STT", "Lĩnh vực/Tiêu chí/Tiêu chí thành phần", "Điểm chuẩn", "Điểm 2020 đạt được",
                       "Mục tiêu năm 2021", "Nhiệm vụ/giải pháp", "Đơn vị chủ trì"]
    by_code = {r[0]: r for r in rows[1:]}
    assert by_code["1"][:5] == ["1", "CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH CCHC", "8,5", "7,5", "7,5"]
    assert by_code["2"][2:5] == ["10", "8,43", "8,5"]
    assert rows[-1][1:5] == ["TỔNG ĐIỂM", "100", "82,05", "89,37"]
    assert len(rows) == 1 + 117 + 1   # header, every framework item, total


def test_remediation_shows_only_lost_rows_with_negative_deductions():
    rows = docx_tables(rendered("quang-tri-2024", "docx"))[0]
    assert rows[0][:5] == ["STT", "Lĩnh vực/Tiêu chí/Tiêu chí thành phần", "Điểm chuẩn", "Điểm thẩm định", "Điểm bị trừ"]
    assert rows[2][:5] == ["1.1", "Thực hiện kế hoạch CCHC", "1,5", "1,4741", "-0,0259"]
    assert rows[-1][1:5] == ["Tổng cộng", "100", "86,2482", "-13,7518"]
    assert all(r[4].startswith("-") for r in rows[1:])


def test_xlsx_cells_are_exact_numbers_and_totals_add_up():
    wb = load_workbook(io.BytesIO(rendered("yen-chau-kh120", "xlsx")))
    assert wb.sheetnames == ["Phụ lục I", "Phụ lục II"]
    ws = wb["Phụ lục II"]
    header_row = next(r for r in range(1, 10) if ws.cell(r, 1).value == "Stt")
    assert ws.freeze_panes == f"A{header_row + 1}"
    assert ws.print_title_rows == f"${header_row}:${header_row}"
    assert ws.page_setup.orientation == "landscape" and int(ws.page_setup.paperSize) == 9  # A4
    body = list(ws.iter_rows(min_row=header_row + 1, values_only=True))
    items, total = body[:-1], body[-1]
    assert total[1] == "Tổng cộng"
    for col in range(2, 7):   # 2021..2025: the declared year totals equal the column sums
        assert all(isinstance(r[col], (int, type(None))) for r in items)
        assert sum(r[col] or 0 for r in items) == total[col]
    # the local-budget total as the plan declares it (the document's own
    # mistake, PAR302), not the column sum 55.895.400.000; no row-total column
    assert total[7] == 55985400000 and sum(r[7] or 0 for r in items) == 55895400000
    assert "Tổng cộng" not in [ws.cell(header_row, c).value for c in range(1, 12)]
    assert ws.cell(header_row + 1, 3).number_format == "#,##0"
    plan = load_workbook(io.BytesIO(rendered("quang-tri-2024", "xlsx")), data_only=True).active  # stored values
    values = [row for row in plan.iter_rows(values_only=True) if row[0] == "1.1"][0]
    assert values[2:5] == (1.5, 1.4741, -0.0259)
    cell = next(c for c in plan["D"] if c.value == 1.4741)
    assert cell.number_format == "0.0000"


def test_html_is_self_contained_printable_with_a_chart():
    html = rendered("dak-nong-2021", "html").decode()
    assert "@page { size: A4 landscape" in html
    assert "<svg" in html and "http://" not in html.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "https://" not in html and "<script src" not in html and "<link" not in html
    assert html.count('class="area"') == 8
    assert "88,24%" in html   # area 1: 7,5 / 8,5


def test_md_is_a_github_table():
    md = rendered("dak-rlap-2024", "md").decode()
    lines = [l for l in md.splitlines() if l.startswith("|")]
    assert lines[0].startswith("| STT | Lĩnh vực/Tiêu chí/Tiêu chí thành phần | Điểm chuẩn | Điểm 2023 đạt được")
    assert set(lines[1]) <= set("|:-")
    assert all(l.count("|") == lines[0].count("|") for l in lines)


def test_cli_refuses_invalid_input_unless_forced(tmp_path):
    runner = CliRunner()
    out = tmp_path / "a.docx"
    result = runner.invoke(app, ["render", "plans/dak-rlap/2024.yaml", "--docx", str(out)])
    assert result.exit_code == 1 and not out.exists()
    assert "PAR203" in result.output
    result = runner.invoke(app, ["render", "plans/dak-rlap/2024.yaml", "--docx", str(out), "--force"])
    assert result.exit_code == 0 and out.read_bytes()[:2] == b"PK"


def test_cli_never_overwrites_an_input(tmp_path):
    plan = tmp_path / "p.yaml"
    plan.write_text((ROOT / "plans/quang-tri/2024.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    before = plan.read_bytes()
    result = CliRunner().invoke(app, ["render", str(plan), "--md", str(plan)])
    assert result.exit_code == 2 and plan.read_bytes() == before


def test_failed_write_keeps_the_previous_file_and_leaves_no_temp(tmp_path, monkeypatch):
    from parplan.render import files

    target = tmp_path / "out.docx"
    target.write_bytes(b"previous")

    def boom(self, data):
        raise OSError("disk full")

    class Broken(io.BufferedWriter):
        write = boom

    real_fdopen = os.fdopen
    monkeypatch.setattr(files.os, "fdopen", lambda fd, mode: Broken(real_fdopen(fd, mode)))
    with pytest.raises(OSError):
        files.write_atomic(target, b"new content")
    assert target.read_bytes() == b"previous"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.docx"]


def test_user_template_is_sandboxed(tmp_path):
    evil = tmp_path / "evil.md.j2"
    evil.write_text("{{ ''.__class__.__mro__[1].__subclasses__() }}", encoding="utf-8")
    result = CliRunner().invoke(app, ["render", "plans/quang-tri/2024.yaml", "--template", str(evil),
                                      "--md", str(tmp_path / "x.md")])
    assert result.exit_code == 2
    assert not (tmp_path / "x.md").exists()
    good = tmp_path / "good.md.j2"
    good.write_text("{% for a in appendices %}{{ a.title }}: {{ a.rows | length }} dòng\n{% endfor %}", encoding="utf-8")
    result = CliRunner().invoke(app, ["render", "plans/quang-tri/2024.yaml", "--template", str(good), "--md", "-"])
    assert result.exit_code == 0
    assert "TỈNH QUẢNG TRỊ: 55 dòng" in result.stdout


def test_bad_output_paths_are_usage_errors_and_files_get_normal_permissions(tmp_path):
    runner = CliRunner()
    result = runner.invoke(app, ["render", "plans/quang-tri/2024.yaml", "--md", str(tmp_path / "no" / "x.md")])
    assert result.exit_code == 2 and "không có thư mục" in result.output
    result = runner.invoke(app, ["render", "plans/quang-tri/2024.yaml", "--docx", str(tmp_path)])
    assert result.exit_code == 2 and "thư mục" in result.output
    out = tmp_path / "x.md"
    old = os.umask(0o022)
    try:
        assert runner.invoke(app, ["render", "plans/quang-tri/2024.yaml", "--md", str(out)]).exit_code == 0
    finally:
        os.umask(old)
    assert out.stat().st_mode & 0o777 == 0o644


def test_word_opens_the_docx_without_repairing_it(tmp_path):
    """python-docx's stylesWithEffects part no longer matches the styles we
    set, which Word may report as unreadable content: it is dropped, and the
    Open XML checks (openxml-audit) find nothing."""
    import zipfile

    data = rendered("yen-chau-kh120", "docx")
    assert not [n for n in zipfile.ZipFile(io.BytesIO(data)).namelist() if "stylesWithEffects" in n]
    audit = pytest.importorskip("openxml_audit")  # noqa: F841  (in the test extra)
    import subprocess
    import sys

    path = tmp_path / "kh.docx"
    path.write_bytes(data)
    result = subprocess.run([sys.executable, "-m", "openxml_audit", str(path)], capture_output=True, text=True)
    assert "expected to open cleanly" in result.stdout + result.stderr, result.stdout + result.stderr


# -- issue 13: Vietnamese, rows kept together, forced renders as written ------

def docx_part(data: bytes, name: str) -> str:
    import zipfile

    return zipfile.ZipFile(io.BytesIO(data)).read(name).decode("utf-8")


@pytest.mark.parametrize("name", ["dak-nong-2021", "yen-chau-kh120"])
def test_docx_declares_vietnamese_and_no_hyphenation(name):
    import re

    data = rendered(name, "docx")
    styles = docx_part(data, "word/styles.xml")
    langs = re.findall(r"<w:lang [^>]*/>", styles)
    assert langs == ['<w:lang w:val="vi-VN" w:eastAsia="vi-VN" w:bidi="ar-SA"/>']
    defaults = styles[styles.index("<w:docDefaults>"):styles.index("</w:docDefaults>")]
    assert 'w:val="vi-VN"' in defaults
    assert "en-US" not in styles
    settings = docx_part(data, "word/settings.xml")
    assert '<w:autoHyphenation w:val="0"/>' in settings
    assert settings.index("<w:defaultTabStop") < settings.index("<w:autoHyphenation")  # schema order
    assert '<w:themeFontLang w:val="vi-VN"' in settings and "en-US" not in settings
    assert '<w:decimalSymbol w:val=","/>' in settings


def test_report_and_diff_docx_declare_vietnamese_too():
    from parplan.render.docx import to_bytes
    from parplan.render.view import Appendix, Cell, Column, Row

    item = Appendix("Phụ lục", "T", "(Kèm theo)", [Column("code", "STT", 1)], [Row([Cell("1")])], "diff")
    data = to_bytes([item])   # the one builder every .docx goes through (render, report, diff)
    assert 'w:val="vi-VN"' in docx_part(data, "word/styles.xml")
    assert '<w:autoHyphenation w:val="0"/>' in docx_part(data, "word/settings.xml")


def test_xlsx_and_html_declare_vietnamese():
    wb = load_workbook(io.BytesIO(rendered("dak-nong-2021", "xlsx")))
    assert wb.properties.language == "vi-VN"
    assert '<html lang="vi">' in rendered("dak-nong-2021", "html").decode()


def _keep_next_rows(data: bytes) -> list[tuple[str, bool, bool]]:
    """(STT text, every paragraph has keepNext, row has cantSplit) per body row."""
    doc = Document(io.BytesIO(data))
    out = []
    for table in doc.tables:
        for row in table.rows[1:]:
            paras = [p for cell in row._tr.tc_lst for p in cell.iter(qn("w:p"))]
            keeps = [p.find(qn("w:pPr") + "/" + qn("w:keepNext")) is not None for p in paras]
            assert all(keeps) or not any(keeps)      # the whole row or none of it
            split = row._tr.trPr is not None and row._tr.trPr.find(qn("w:cantSplit")) is not None
            out.append((row.cells[0].text, all(keeps), split))
    return out


def test_heading_rows_keep_with_next_and_leaves_do_not():
    rows = _keep_next_rows(rendered("dak-nong-2021", "docx"))
    kept = {code for code, keep, _ in rows if keep}
    # every area (1..8) and every criterion with sub-criteria; no leaf, not the total
    assert {"1", "2", "3", "4", "5", "6", "7", "8"} <= kept
    assert {"1.3", "2.1", "3.4", "5.1", "6.1", "7.1"} <= kept
    assert not kept & {"1.1", "1.3.1", "1.3.2", "8.6", ""}
    codes = [code for code, _, _ in rows[:-1]]
    for i, code in enumerate(codes):
        has_child = i + 1 < len(codes) and codes[i + 1].startswith(code + ".")
        assert (code in kept) == has_child, code
    assert len(kept) == 28   # the framework tinh-2020 has 28 items with children
    # Quảng Trị (remediation): kept exactly the rows followed by one of their children
    qt = _keep_next_rows(rendered("quang-tri-2024", "docx"))
    qt_codes = [c for c, _, _ in qt[:-1]]
    assert [c for c, keep, _ in qt if keep] == [c for i, c in enumerate(qt_codes)
                                                if i + 1 < len(qt_codes) and qt_codes[i + 1].startswith(c + ".")]
    assert [c for c, keep, _ in qt if keep][:3] == ["1", "2", "3"] and len([k for _, k, _ in qt if k]) == 9
    # targets: the group headings (I, II) and heading items keep with their items
    yc = _keep_next_rows(rendered("yen-chau-kh120", "docx"))
    assert [c for c, keep, _ in yc if keep][:4] == ["I", "II", "1", "2"]
    assert [c for c, keep, _ in yc][:9] == ["I", "1", "2", "3", "4", "5", "6", "II", "1"]   # items of I: not kept


def test_rows_stay_whole_unless_taller_than_a_page(write):
    rows = _keep_next_rows(rendered("dak-nong-2021", "docx"))
    assert all(split for _, _, split in rows)           # every real row fits a page: kept whole
    long_task = "Nhiệm vụ rất dài " * 400                # ~6800 characters in one cell
    plan = write("dai.yaml", f"""
        kind: plan
        unit: UBND huyện A
        year: 2024
        entries:
          - {{code: "1", name: Lĩnh vực một, max: 2, baseline: 1, target: 2}}
          - {{code: "1.1", name: Tiêu chí dài, max: 1, baseline: 0.5, target: 1, tasks: ["{long_task}"], lead: Phòng Nội vụ}}
          - {{code: "1.2", name: Tiêu chí ngắn, max: 1, baseline: 0.5, target: 1, tasks: [Việc ngắn], lead: Phòng Nội vụ}}
        """)
    _, data = api.render([plan], {"docx": "out"})
    assert _keep_next_rows(data["docx"]) == [("1", True, True), ("1.1", False, False), ("1.2", False, True),
                                              ("", False, True)]


def _md_total(md: str, label: str) -> list[str]:
    line = next(l for l in md.splitlines() if f"**{label}**" in l)
    return [c.strip().strip("*") for c in line.strip().strip("|").split("|")]


def test_forced_improvement_render_prints_the_declared_totals_in_every_format():
    # Đắk Nông declares 82,05 (children add up to 82,02: PAR203) and 3.4 = 4,94
    docx_rows = docx_tables(rendered("dak-nong-2021", "docx"))[0]
    assert docx_rows[-1][1:5] == ["TỔNG ĐIỂM", "100", "82,05", "89,37"]
    assert {r[0]: r for r in docx_rows}["3.4"][3:5] == ["4,94", "4,94"]
    ws = load_workbook(io.BytesIO(rendered("dak-nong-2021", "xlsx")), data_only=True).active   # stored values
    total = [r for r in ws.iter_rows(values_only=True) if r[1] == "TỔNG ĐIỂM"][0]
    assert total[2:5] == (100, 82.05, 89.37)
    # a formula would give the areas' sum 82,02: the declared 82,05 stays a plain value
    formulas = load_workbook(io.BytesIO(rendered("dak-nong-2021", "xlsx"))).active
    total = [r for r in formulas.iter_rows(values_only=True) if r[1] == "TỔNG ĐIỂM"][0]
    assert total[3] == 82.05 and str(total[2]).startswith("=SUM(")
    md = rendered("dak-nong-2021", "md").decode()
    assert _md_total(md, "TỔNG ĐIỂM")[1:5] == ["TỔNG ĐIỂM", "100", "82,05", "89,37"]
    html = rendered("dak-nong-2021", "html").decode()
    assert "<td class=\"num flag flag-error\" title=\"1. PAR203: tổng điểm đạt được ghi 82,05" in html


def test_forced_budget_render_prints_the_declared_totals_and_only_the_printed_columns():
    docx_rows = docx_tables(rendered("yen-chau-kh120", "docx"))[1]
    assert docx_rows[0] == ["Stt", "Nội dung", "Năm 2021", "Năm 2022", "Năm 2023", "Năm 2024", "Năm 2025",
                            "Ngân sách Địa phương", "Ngân sách TW", "Nguồn kinh phí xã hội hóa"]
    assert docx_rows[-1] == ["", "Tổng cộng", "18.579.080.000", "12.579.080.000", "12.579.080.000",
                             "9.979.080.000", "7.179.080.000", "55.985.400.000", "", "5.000.000.000"]
    md = rendered("yen-chau-kh120", "md").decode()
    budget_header = next(l for l in md.splitlines() if l.startswith("| Stt |"))
    assert "Tổng cộng" not in budget_header and budget_header.count("|") == 11
    assert "55.985.400.000" in md and "55.895.400.000" not in md
    assert _md_total(md, "Tổng cộng")[7] == "55.985.400.000"


BUDGET = """
    kind: budget
    unit: UBND huyện A
    title: Khái toán kinh phí
    years: [2024, 2025]
    sources: [dia_phuong]
    source_labels: {dia_phuong: Ngân sách địa phương}
    items:
      - {code: "1", name: Tập huấn, by_year: {2024: 100, 2025: 200}, by_source: {dia_phuong: 300}}
      - {code: "2", name: Khảo sát, by_year: {2024: 50}, by_source: {dia_phuong: 50}}
    """


def test_budget_row_total_column_only_when_the_plan_asks(write):
    _, data = api.render([write("b.yaml", BUDGET)], {"docx": "out"})
    rows = docx_tables(data["docx"])[0]
    assert rows[0] == ["Stt", "Nội dung", "Năm 2024", "Năm 2025", "Ngân sách địa phương"]
    assert rows[-1] == ["", "Tổng cộng", "150", "200", "350"]      # nothing declared: column sums
    _, data = api.render([write("c.yaml", BUDGET + "total_column: true\n")], {"docx": "out", "xlsx": "x"})
    rows = docx_tables(data["docx"])[0]
    assert rows[0] == ["Stt", "Nội dung", "Năm 2024", "Năm 2025", "Tổng cộng", "Ngân sách địa phương"]
    assert [r[4] for r in rows[1:]] == ["300", "50", "350"]
    text = BUDGET + "declared_totals: {by_year: {2024: 150, 2025: 200}, by_source: {dia_phuong: 350}, total: 350}\n"
    _, data = api.render([write("d.yaml", text)], {"docx": "out"})
    assert docx_tables(data["docx"])[0][0][4] == "Tổng cộng"        # the document printed a grand total


def test_forced_remediation_render_prints_the_declared_total_row(write):
    plan = write("r.yaml", """
        kind: plan
        unit: UBND huyện A
        year: 2024
        layout: remediation
        unlisted: full
        totals: {max: 10, baseline: 8.5, deducted: -1.5}
        entries:
          - {code: "1", name: Lĩnh vực một, max: 4, baseline: 3, deducted: -1}
          - {code: "1.1", name: Tiêu chí, max: 2, baseline: 1, deducted: -1, reason: Chậm}
          - {code: "2", name: Lĩnh vực hai, max: 6, baseline: 6}
        """)
    report, data = api.render([plan], {"docx": "out", "md": "m"}, force=True)
    assert [d.code for d in report.diagnostics if d.severity == "error"] == ["PAR203"]  # 8,5 declared, 9 summed
    rows = docx_tables(data["docx"])[0]
    assert rows[-1][1:5] == ["Tổng cộng", "10", "8,5", "-1,5"]
    assert _md_total(data["md"].decode(), "Tổng cộng")[1:5] == ["Tổng cộng", "10", "8,5", "-1,5"]


# -- issue 12 point 4: printed labels and the columns the document had ------------

LABELLED = """
    kind: plan
    unit: UBND huyện A
    year: 2024
    entries:
      - {code: "1", label: "I", name: Công tác chỉ đạo, max: 3, baseline: 2, target: 3}
      - {code: "1.1", label: "1", name: Kế hoạch CCHC, max: 1, baseline: 1, target: 1}
      - code: "1.2"
        label: "2"
        name: Báo cáo CCHC
        max: 2
        baseline: 1
        target: 2
        tasks: [Báo cáo đúng hạn]
        lead: Phòng Nội vụ
        partners: [Văn phòng HĐND và UBND, Phòng Tư pháp]
        deadline: Quý IV
        product: Báo cáo năm
        note: Trọng tâm
      - {code: "2", label: "II", name: Cải cách thể chế, max: 2, baseline: 2, target: 2}
      - {code: "2.1", label: "1", name: Văn bản QPPL, max: 2, baseline: 2, target: 2}
    """


def test_printed_labels_replace_codes_and_extra_columns_are_rendered(write):
    _, data = api.render([write("p.yaml", LABELLED)], {"docx": "a", "xlsx": "b", "md": "c", "html": "d"})
    header = ["STT", "Lĩnh vực/Tiêu chí/Tiêu chí thành phần", "Điểm chuẩn", "Điểm 2023 đạt được",
              "Mục tiêu năm 2024", "Nhiệm vụ/giải pháp", "Đơn vị chủ trì", "Đơn vị phối hợp",
              "Thời gian hoàn thành", "Sản phẩm", "Ghi chú"]
    rows = docx_tables(data["docx"])[0]
    assert rows[0] == header
    assert [r[0] for r in rows[1:]] == ["I", "1", "2", "II", "1", ""]
    assert rows[3][5:] == ["Báo cáo đúng hạn", "Phòng Nội vụ", "Văn phòng HĐND và UBND\nPhòng Tư pháp",
                           "Quý IV", "Báo cáo năm", "Trọng tâm"]
    ws = load_workbook(io.BytesIO(data["xlsx"])).active
    values = list(ws.iter_rows(values_only=True))
    at = next(i for i, r in enumerate(values) if r[0] == "STT")
    assert list(values[at]) == header
    assert [r[0] for r in values[at + 1:at + 6]] == ["I", "1", "2", "II", "1"]
    assert values[at + 3][7:] == ("Văn phòng HĐND và UBND\nPhòng Tư pháp", "Quý IV", "Báo cáo năm", "Trọng tâm")
    md = data["md"].decode()
    assert "| Đơn vị chủ trì | Đơn vị phối hợp | Thời gian hoàn thành | Sản phẩm | Ghi chú |" in md
    assert "| 2 | Báo cáo CCHC |" in md and "| II | **CÔNG TÁC" not in md and "| **II** | **CẢI CÁCH THỂ CHẾ** |" in md
    html = data["html"].decode()
    assert "<th>Đơn vị phối hợp</th><th>Thời gian hoàn thành</th><th>Sản phẩm</th><th>Ghi chú</th>" in html
    # the table still fits A4 landscape: the grid adds up to the usable width, smaller type
    doc = Document(io.BytesIO(data["docx"]))
    grid = [int(g.get(qn("w:w"))) for g in doc.tables[0]._tbl.tblGrid.iter(qn("w:gridCol"))]
    assert len(grid) == 11 and sum(grid) <= int(Mm(297 - 30 - 15) / 635) and min(grid) >= 500
    assert '<w:sz w:val="20"/>' in docx_part(data["docx"], "word/document.xml")   # 10 pt


def test_extra_columns_only_when_used(write):
    text = "\n".join(l for l in LABELLED.splitlines()
                     if not l.strip().startswith(("partners:", "product:", "note:")))
    _, data = api.render([write("p.yaml", text)], {"docx": "a"})
    assert docx_tables(data["docx"])[0][0][5:] == ["Nhiệm vụ/giải pháp", "Đơn vị chủ trì", "Thời gian hoàn thành"]
    header = docx_tables(rendered("dak-rlap-2024", "docx"))[0][0]
    assert header[-2:] == ["Nhiệm vụ/giải pháp", "Đơn vị chủ trì"] and len(header) == 7


def test_targets_and_budget_notes_get_a_ghi_chu_column_only_when_used(write):
    targets = """
        kind: targets
        unit: UBND huyện A
        title: Chỉ tiêu
        columns: [{key: result, label: Kết quả}, {key: target, label: Chỉ tiêu}]
        groups:
          - code: I
            name: Nhóm một
            items:
              - {code: "1", name: Chỉ số SIPAS, values: {result: "80%", target: "85%"}NOTE}
        """
    _, data = api.render([write("t.yaml", targets.replace("NOTE", ""))], {"docx": "a"})
    assert docx_tables(data["docx"])[0][0] == ["STT", "Các mục tiêu/chỉ tiêu", "Kết quả", "Chỉ tiêu"]
    _, data = api.render([write("u.yaml", targets.replace("NOTE", ", note: Theo Sở Nội vụ"))], {"docx": "a"})
    rows = docx_tables(data["docx"])[0]
    assert rows[0] == ["STT", "Các mục tiêu/chỉ tiêu", "Kết quả", "Chỉ tiêu", "Ghi chú"]
    assert rows[1:] == [["I", "NHÓM MỘT", "", "", ""], ["1", "Chỉ số SIPAS", "80%", "85%", "Theo Sở Nội vụ"]]
    text = BUDGET.replace("by_source: {dia_phuong: 50}}", "by_source: {dia_phuong: 50}, note: Vốn sự nghiệp}")
    _, data = api.render([write("b.yaml", text)], {"docx": "a"})
    rows = docx_tables(data["docx"])[0]
    assert rows[0][-1] == "Ghi chú" and [r[-1] for r in rows[1:]] == ["", "Vốn sự nghiệp", ""]


def test_forced_render_prints_a_declared_max_that_differs_from_the_framework(tmp_path):
    text = (ROOT / "plans/dak-nong/2021.yaml").read_text(encoding="utf-8")
    text = text.replace('  - code: "1.1"\n    baseline: 1.5\n', '  - code: "1.1"\n    max: 2\n    baseline: 1.5\n', 1)
    plan = tmp_path / "p.yaml"
    plan.write_text(text, encoding="utf-8")
    report, data = api.render([plan], {"docx": "a"}, force=True)
    assert [(d.code, d.item) for d in report.diagnostics if d.code == "PAR206"] == [("PAR206", "1.1")]
    by_code = {r[0]: r for r in docx_tables(data["docx"])[0]}
    assert by_code["1.1"][2:5] == ["2", "1,5", "1,5"]       # as written, not the framework's 1,5
    assert by_code["1.2"][2] == "0,5"


def test_remediation_prints_a_row_whose_written_deduction_disagrees_with_its_score(write):
    plan = write("r.yaml", """
        kind: plan
        unit: UBND huyện A
        year: 2024
        layout: remediation
        unlisted: full
        entries:
          - {code: "1", name: Lĩnh vực một, max: 4.5}
          - {code: "1.1", name: Tiêu chí, max: 2, baseline: 1, deducted: -1, reason: Chậm}
          - {code: "1.2", name: Tiêu chí hai, max: 2, baseline: 2, deducted: -0.5, reason: Thiếu}
          - {code: "1.3", name: Tiêu chí ba, max: 0.5, baseline: 0.5}
          - {code: "2", name: Lĩnh vực hai, max: 6}
        """)
    report, data = api.render([plan], {"docx": "out"}, force=True)
    assert [(d.code, d.item) for d in report.diagnostics if d.severity == "error"] == [("PAR208", "1.2")]
    rows = docx_tables(data["docx"])[0]
    assert [r[0] for r in rows[1:]] == ["1", "1.1", "1.2", ""]
    assert rows[3][2:5] == ["2", "2", "-0,5"]
