"""`parplan validate` of Word and Excel files, and what import keeps from them.

The files are built here the way offices type them (tests/office_files.py)
with planted mistakes: validate must report exactly those, each at its table
row and cell; import must give the cells back.
"""
from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from parplan import api
from parplan.cli import app
from parplan.diagnostics import CATALOGUE, Location
from parplan.importers import import_file
from parplan.load import load_text

from conftest import ROOT, dedent
from office_files import year_docx, year_xlsx


@pytest.fixture(autouse=True)
def at_root(monkeypatch):
    monkeypatch.chdir(ROOT)


def run(*args):
    return CliRunner().invoke(app, [str(a) for a in args])


def located(report):
    """(code, item, field, table, row, column) of each diagnostic."""
    out = []
    for d in report.diagnostics:
        where = d.location or Location()
        assert d.line is None and d.column is None
        out.append((d.code, d.item, d.field, where.table, where.row, where.column))
    return out


# The planted mistakes of office_files.YEAR_ROWS, where they are in the table.
YEAR_DOCX = [
    ("IMP110", None, None, 1, None, 5),            # "Tỷ lệ (%)" under "Năm 2023": left out, one warning
    ("IMP110", None, None, 1, None, 12),           # "Kinh phí"
    ("PAR201", "1.2.2", "target", 1, 8, 6),        # b) target 2,5 above max 2
    ("IMP101", "2.1", "baseline", 1, 10, 4),       # "≥ 3"
    ("PAR201", None, "totals.target", 1, 12, 6),   # TỔNG target 11 above 10
]


def test_word_file_reports_exactly_its_planted_mistakes_at_their_cells(tmp_path):
    report = api.validate([year_docx(tmp_path / "phu-luc.docx")])
    assert located(report) == YEAR_DOCX
    assert (report.files, report.errors, report.warnings) == (1, 3, 2)


def test_excel_file_names_sheet_and_cell(tmp_path):
    report = api.validate([year_xlsx(tmp_path / "phu-luc.xlsx")])
    # the sheet has 4 heading lines above the table: rows move down by 4
    assert located(report) == [(c, i, f, t, r + 4 if r else None, col) for c, i, f, t, r, col in YEAR_DOCX]
    cells = [(d.location.sheet, d.location.cell) for d in report.diagnostics]
    assert cells == [("Phụ lục", None), ("Phụ lục", None), ("Phụ lục", "F12"), ("Phụ lục", "D14"),
                     ("Phụ lục", "F16")]


def test_text_and_json_forms(tmp_path):
    source = year_xlsx(tmp_path / "phu-luc.xlsx")
    result = run("validate", source)
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert f"{source}: Phụ lục!F12, cột «Mục tiêu năm 2024»: error PAR201 [1.2.2 target] " \
           "mục tiêu 2,5 vượt quá điểm tối đa 2" in lines
    assert f"{source}: Phụ lục!D14, cột «Năm 2023 Điểm đạt được»: error IMP101 [2.1 baseline] " \
           "không đọc được số điểm '≥ 3': sửa ô thành một số" in lines
    assert lines[-1] == "1 tệp, 3 lỗi, 2 cảnh báo"
    docx = year_docx(tmp_path / "phu-luc.docx")
    result = run("validate", docx, "--lang", "en")
    assert f"{docx}: table 1, row 8, column «Mục tiêu năm 2024»: error PAR201 [1.2.2 target] " \
           "target 2.5 is above the max 2" in result.output.splitlines()
    data = json.loads(run("validate", docx, "--format", "json").output)
    first = [d for d in data["diagnostics"] if d["code"] == "PAR201"][0]
    assert first["line"] is None and first["column"] is None
    assert first["location"] == {"table": 1, "row": 8, "column": 6, "label": "Mục tiêu năm 2024"}
    assert set(first) == {"code", "severity", "file", "line", "column", "item", "field", "message", "expected",
                          "actual", "location"}
    sheet = json.loads(run("validate", source, "--format", "json").output)["diagnostics"][2]["location"]
    assert sheet == {"table": 1, "row": 12, "column": 6, "label": "Mục tiêu năm 2024", "sheet": "Phụ lục",
                     "cell": "F12"}


def test_import_gives_the_cells_back(tmp_path):
    result = import_file(year_docx(tmp_path / "phu-luc.docx"), tmp_path / "out.yaml")
    entries = {e["code"]: e for e in result.plan["entries"]}
    assert list(entries) == ["1", "1.1", "1.2", "1.2.1", "1.2.2", "2", "2.1", "2.2"]
    assert [entries[c].get("label") for c in entries] == ["I", "1", "2", "a)", "b)", "II", "1", "2"]
    assert entries["1.1"] == {
        "code": "1.1", "label": "1", "name": "Kế hoạch CCHC", "max": Decimal("2"), "baseline": Decimal("2"),
        "target": Decimal("2"), "tasks": ["Ban hành kế hoạch CCHC đúng hạn."], "lead": ["Phòng Nội vụ"],
        "partners": ["Các phòng chuyên môn"], "deadline": "Tháng 01/2024", "product": "Kế hoạch"}
    assert entries["2.2"]["baseline"] == Decimal("1.5")          # "1,5 điểm"
    assert "baseline" not in entries["2.1"]                      # "≥ 3": not certain
    assert entries["1.2.2"]["note"] == "Ưu tiên" and entries["1.2.2"]["target"] == Decimal("2.5")
    assert result.plan["totals"] == {"max": Decimal("10"), "baseline": Decimal("8"), "target": Decimal("11")}
    assert (result.plan["year"], result.plan["baseline_year"], result.plan["unit"]) == (2024, 2023,
                                                                                       "UBND huyện Mường La")
    # the unreadable cell is in the written YAML as its text: validate of the YAML reports it too
    assert '  baseline: "≥ 3"\n' in result.text
    written = load_text(result.text, "out.yaml")
    assert [(d.code, d.item, d.field) for d in written.diagnostics] == [("PAR004", "2.1", "baseline")]


@pytest.mark.parametrize("spec", ["baseline=Năm 2023/Điểm đạt được", "baseline=#4"])
def test_columns_by_group_path_or_position(tmp_path, spec):
    result = import_file(year_docx(tmp_path / "phu-luc.docx"), tmp_path / "out.yaml", columns=[spec])
    baseline = [c.number for c in result.parsed.header.columns if c.field == "baseline"]
    assert baseline == [4]
    assert [e.get("baseline") for e in result.plan["entries"]][:3] == [Decimal(5), Decimal(2), Decimal(3)]


# -- files and folders mixed --------------------------------------------------------------

def test_folder_mixes_yaml_word_excel_and_refused_files(tmp_path, write):
    folder = tmp_path / "nop"
    folder.mkdir()
    year_docx(folder / "a.docx")
    year_xlsx(folder / "b.xlsx")
    (folder / "c.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    (folder / "~$a.docx").write_bytes(b"lock")                          # Word's lock file: not a document
    with zipfile.ZipFile(folder / "d.docx", "w") as archive:
        archive.writestr("word/document.xml", "<not xml")
    (folder / "e.docx").write_bytes(b"PK\x03\x04" + b"\0" * 40)        # truncated zip
    write("nop/f.yaml", """
        kind: plan
        unit: UBND xã A
        year: 2024
        entries:
          - {code: "1", name: A, max: 2, baseline: 3}
    """)
    (folder / "ghi-chu.txt").write_text("không phải phụ lục")
    report = api.validate([folder])
    assert report.files == 6          # not the lock file, not the .txt
    by_file = sorted((Path(d.file).name, d.code) for d in report.diagnostics if d.severity == "error")
    assert by_file == [("a.docx", "IMP101"), ("a.docx", "PAR201"), ("a.docx", "PAR201"),
                       ("b.xlsx", "IMP101"), ("b.xlsx", "PAR201"), ("b.xlsx", "PAR201"),
                       ("c.doc", "IMP107"), ("d.docx", "IMP107"), ("e.docx", "IMP107"), ("f.yaml", "PAR201")]
    doc = next(d for d in report.diagnostics if d.file.endswith("c.doc"))
    assert "soffice --headless --convert-to docx" in doc.message("vi") and ".docx" in doc.message("en")
    result = run("validate", folder)
    assert result.exit_code == 1 and "Traceback" not in result.output


def test_pdf_and_a_zip_without_a_document(tmp_path):
    (tmp_path / "x.pdf").write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    with zipfile.ZipFile(tmp_path / "y.docx", "w") as archive:
        archive.writestr("hello.txt", "hi")
    report = api.validate([tmp_path / "x.pdf", tmp_path / "y.docx"])
    assert [(Path(d.file).name, d.code) for d in report.diagnostics] == [("x.pdf", "IMP107"), ("y.docx", "IMP107")]
    assert "bản Word/Excel gốc" in report.diagnostics[0].message("vi")


def test_a_word_file_without_an_appendix_table(tmp_path):
    from docx import Document

    document = Document()
    document.add_paragraph("Báo cáo, không có bảng")
    document.save(tmp_path / "bc.docx")
    report = api.validate([tmp_path / "bc.docx"])
    assert [d.code for d in report.diagnostics] == ["IMP109"]


def test_one_catalogue_holds_rule_and_import_codes():
    assert {"PAR203", "IMP101", "IMP102", "IMP103", "IMP104", "IMP105", "IMP106", "IMP107", "IMP108",
            "IMP109", "IMP110"} <= set(CATALOGUE)
    assert CATALOGUE["IMP104"].severity == "warning" and CATALOGUE["IMP108"].severity == "error"


def test_validate_loads_the_office_stack_only_for_office_files(tmp_path):
    code = dedent("""
        import sys
        from parplan import api
        api.validate(["plans/dak-rlap/2024.yaml"])
        print(sorted(m for m in ("docx", "openpyxl", "parplan.importers") if m in sys.modules))
    """)
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
