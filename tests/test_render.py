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
    for col in range(2, 8):   # 2021..2025 and the row total
        assert all(isinstance(r[col], (int, type(None))) for r in items)
        assert sum(r[col] or 0 for r in items) == total[col]
    assert total[8] == 55895400000 and ws.cell(header_row + 1, 3).number_format == "#,##0"
    plan = load_workbook(io.BytesIO(rendered("quang-tri-2024", "xlsx")), data_only=True).active  # stored values
    values = [row for row in plan.iter_rows(values_only=True) if row[0] == "1.1"][0]
    assert values[2:5] == (1.5, 1.4741, -0.0259)
    cell = next(c for c in plan["D"] if c.value == 1.4741)
    assert cell.number_format == "0.0000"


def test_html_is_self_contained_printable_with_a_chart():
    html = rendered("dak-nong-2021", "html").decode()
    assert "@page { size: A4 landscape" in html
    assert "<svg" in html and "http://" not in html.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "https://" not in html and "<script" not in html and "<link" not in html
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
