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


# -- a whole Kế hoạch: plan, targets and budget appendices ---------------------------------

from office_files import periods_as_rows_xlsx, whole_plan_docx  # noqa: E402


def test_whole_plan_document_validates_every_appendix(tmp_path):
    report = api.validate([whole_plan_docx(tmp_path / "ke-hoach.docx")])
    assert located(report) == [("PAR203", "1", "baseline", 1, 2, 4),           # Phụ lục I, row 2
                               ("PAR302", None, "by_year.2025", 3, 4, 3)]      # Phụ lục III, TỔNG row
    assert report.diagnostics[1].expected == "110000000" and report.diagnostics[1].actual == "120000000"


def test_whole_plan_document_imports_one_file_per_appendix(tmp_path):
    source = whole_plan_docx(tmp_path / "ke-hoach.docx")
    out = tmp_path / "plans"
    result = run("import", source, "-o", f"{out}/")
    assert result.exit_code == 1, result.output            # the two planted mistakes
    assert sorted(p.name for p in out.iterdir()) == ["phu-luc-i.yaml", "phu-luc-ii.yaml", "phu-luc-iii.yaml"]
    assert "3 tệp, 2 lỗi, 0 cảnh báo" in result.output
    plan = load_text((out / "phu-luc-i.yaml").read_text(encoding="utf-8"), "i.yaml").model
    assert [(e.code, e.label, str(e.baseline)) for e in plan.entries] == [
        ("1", "I", "3.5"), ("1.1", "1", "1.5"), ("1.1.1", "a)", "0.5"), ("1.1.2", "b)", "1"), ("1.2", "2", "1.5")]
    assert (plan.unit, plan.year, plan.baseline_year) == ("UBND huyện Sông Mã", 2025, 2024)
    targets = load_text((out / "phu-luc-ii.yaml").read_text(encoding="utf-8"), "ii.yaml").model
    assert [(c.key, c.label) for c in targets.columns] == [("result", "Kết quả đạt được năm 2024"),
                                                            ("target", "Chỉ tiêu phấn đấu năm 2025")]
    assert [(g.code, g.name, [(i.code, i.name, i.values, i.note) for i in g.items]) for g in targets.groups] == [
        ("I", "CHỈ SỐ CỦA HUYỆN", [("1", "Chỉ số CCHC", {"result": "Xếp thứ 5/12", "target": "Nhóm dẫn đầu"}, None),
                                   ("2", "Chỉ số SIPAS", {"result": "Đạt 85,2%", "target": "Trên 87%"},
                                    "Theo khảo sát")]),
        ("II", "CÁC CHỈ TIÊU KHÁC", [("1", "Hồ sơ TTHC giải quyết đúng hạn", {"result": "98%", "target": "100%"},
                                      None),
                                     (None, "Cấp huyện", {"result": "97%", "target": "100%"}, None)])]
    # the numbers an indicator cell states for certain become measures (checked by PAR402/PAR403)
    assert [{k: (str(m.value), m.unit, m.op) for k, m in (i.measures or {}).items()}
            for g in targets.groups for i in g.items] == [
        {}, {"result": ("85.2", "%", "="), "target": ("87", "%", ">")},
        {"result": ("98", "%", "="), "target": ("100", "%", "=")},
        {"result": ("97", "%", "="), "target": ("100", "%", "=")}]
    budget = load_text((out / "phu-luc-iii.yaml").read_text(encoding="utf-8"), "iii.yaml").model
    assert budget.years == [2025, 2026]
    assert budget.sources == ["ngan_sach_dia_phuong", "xa_hoi_hoa"]
    assert budget.source_labels == {"ngan_sach_dia_phuong": "Ngân sách huyện", "xa_hoi_hoa": "Xã hội hóa"}
    assert [(i.code, i.by_year, i.by_source) for i in budget.items] == [   # triệu đồng → đồng, exactly
        ("1", {2025: 50_000_000, 2026: 60_500_000}, {"ngan_sach_dia_phuong": 100_500_000, "xa_hoi_hoa": 10_000_000}),
        ("2", {2025: 60_000_000, 2026: 40_000_000}, {"ngan_sach_dia_phuong": 100_000_000})]
    assert budget.declared_totals.by_year == {2025: 120_000_000, 2026: 100_500_000}
    assert budget.declared_totals.total == 210_500_000
    # -o FILE with several appendices: the plan, as before, the others named
    single = run("import", source, "-o", tmp_path / "one.yaml")
    assert single.exit_code == 1 and "-o THƯ_MỤC/" in single.output
    # --table picks one, of any kind
    picked = run("import", source, "--table", "3", "-o", tmp_path / "kinh-phi.yaml")
    assert picked.exit_code == 1 and "kind: budget" in (tmp_path / "kinh-phi.yaml").read_text(encoding="utf-8")


def test_periods_as_rows(tmp_path):
    report = api.validate([periods_as_rows_xlsx(tmp_path / "pl4.xlsx")])
    assert report.diagnostics == []
    run_ = run("import", tmp_path / "pl4.xlsx", "-o", tmp_path / "pl4.yaml")
    assert run_.exit_code == 0, run_.output
    doc = load_text((tmp_path / "pl4.yaml").read_text(encoding="utf-8"), "pl4.yaml").model
    assert [(c.key, c.label) for c in doc.columns] == [("2001-2010", "Giai đoạn 2001-2010 (Tính đến 12/2010)"),
                                                       ("2011-2020", "Giai đoạn 2011-2020 (Tính đến 12/2019)")]
    assert [(i.name, i.values) for i in doc.groups[0].items] == [
        ("Số cơ quan chuyên môn thuộc UBND cấp tỉnh", {"2001-2010": "20", "2011-2020": "18"}),
        ("Số Chi cục thuộc Sở", {"2001-2010": "12", "2011-2020": "9"})]
    assert doc.note == "Giai đoạn 2011-2020 (Tính đến 12/2019): Sáp nhập 2 sở"


@pytest.mark.parametrize("text, scale, amount", [
    ("46.080.000", 1, 46_080_000), ("18,579,080,000", 1, 18_579_080_000), ("900000000", 1, 900_000_000),
    ("1.234,5", 10 ** 6, 1_234_500_000), ("60,5", 10 ** 6, 60_500_000), ("12", 10 ** 6, 12_000_000),
    ("0,0000005", 10 ** 6, None), ("abc", 1, None), ("46.080,000", 1, None),
])
def test_amounts(text, scale, amount):  # noqa: D103
    from parplan.importers.others import parse_amount

    value, ok = parse_amount(text, scale)
    assert (value if ok else None) == amount


# -- round trip of the shipped targets and budget appendices --------------------------------

SHIPPED_OTHERS = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "plans").rglob("*.yaml")
                        if "kind: targets" in p.read_text(encoding="utf-8")
                        or "kind: budget" in p.read_text(encoding="utf-8"))


def _values(values):
    return {k: v for k, v in (values or {}).items() if v}


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
@pytest.mark.parametrize("path", SHIPPED_OTHERS)
def test_round_trip_of_shipped_targets_and_budgets(tmp_path, path, fmt):
    from parplan.importers import appendices, read_tables
    from parplan.render import appendices as to_render, render_bytes

    (original,), _ = api.check_paths([path])
    model = original.model
    source = tmp_path / f"phu-luc.{fmt}"
    source.write_bytes(render_bytes(fmt, to_render([(model, None)])))
    (found,) = appendices(read_tables(source, fmt), fmt)
    assert found.kind == model.kind and found.findings == []
    back = found.load("x.yaml").model
    assert back is not None
    if model.kind == "targets":
        # keys are not printed: columns compared by label, values by column label
        assert [c.label for c in back.columns] == [c.label for c in model.columns]
        label = lambda doc: {c.key: c.label for c in doc.columns}  # noqa: E731
        items = [(i.code, i.name, {label(model)[k]: v for k, v in _values(i.values).items()})
                 for g in model.groups for i in g.items]
        assert [(i.code, i.name, {label(back)[k]: v for k, v in _values(i.values).items()})
                for g in back.groups for i in g.items] == items
        named = [g.name.upper() for g in model.groups if g.name]
        assert [g.name.upper() for g in back.groups if g.name] == named
    else:
        assert (back.years, back.sources, back.source_labels) == (model.years, model.sources, model.source_labels)
        assert [(i.code, i.name, i.by_year, i.by_source) for i in back.items] == \
            [(i.code, i.name, i.by_year, i.by_source) for i in model.items]


# -- any grid: validate never ends in a traceback ---------------------------------------------

from hypothesis import HealthCheck, given, settings, strategies as st  # noqa: E402

from parplan.importers.source import Slot, Table  # noqa: E402

OFFICE_CELLS = ["STT", "Chỉ tiêu", "Nội dung", "Lĩnh vực/Tiêu chí", "Điểm tối đa", "Năm 2023", "Năm 2024",
                "Kết quả đạt được", "Chỉ tiêu phấn đấu", "Ngân sách tỉnh", "Xã hội hóa", "Tổng cộng", "Giai đoạn",
                "Giai đoạn 2011-2020", "Ghi chú", "Tỷ lệ (%)", "Kinh phí", "I", "II", "1", "1.1", "a)", "b)", "-",
                "1.234,5", "46.080.000", "18,579,080,000", "≥ 3", "Đạt", "100%", "", "", "", "TỔNG ĐIỂM",
                "ĐVT: triệu đồng", "(1)"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(st.tuples(st.sampled_from(OFFICE_CELLS), st.booleans()), min_size=5, max_size=5),
                min_size=1, max_size=9))
def test_any_grid_gives_documents_that_load(rows):
    """Every appendix found in any grid loads as a document of its kind (no
    exception anywhere), and every diagnostic about it has a location."""
    from parplan.importers import appendices
    from parplan.importers.office import locate
    from parplan.rules import check

    grid = []
    for r, row in enumerate(rows):
        slots = []
        for c, (text, merge_left) in enumerate(row):
            slots.append(slots[-1] if merge_left and slots else Slot((text,) if text else (), (r, c)))
        grid.append(slots)
    table = Table(1, grid, list(range(1, len(grid) + 1)), ["ĐVT: đồng"])
    registry = api.registry_for([])
    for appendix in appendices([table], "docx", path=Path("x.docx"), for_validate=True):
        document = appendix.load("x.docx")
        assert document.kind == appendix.kind
        diags = list(document.diagnostics) + (check(document, registry) if document.model is not None else [])
        for d in diags:
            assert locate(d, document.source, appendix.cells, appendix.table).location.table == 1
        load_text(appendix.text(raw=True), "x.yaml")       # the written form parses too


def test_budget_amount_that_cannot_be_read(tmp_path):
    from docx import Document

    from test_import import word_table

    document = Document()
    for text in ("PHỤ LỤC", "KINH PHÍ CCHC", "(Kèm theo Kế hoạch số 1/KH-UBND ngày 02/01/2025 của UBND xã Chiềng)",
                 "ĐVT: triệu đồng"):
        document.add_paragraph(text)
    word_table(document, [["STT", "Nội dung", "Năm 2025", "Năm 2026", "Ngân sách xã"],
                          ["1", "Tuyên truyền", "1,0000005", "2", "3"],
                          ["2", "Tập huấn", "khoảng 5", "1", "1"]])
    document.save(tmp_path / "kp.docx")
    report = api.validate([tmp_path / "kp.docx"])
    assert located(report) == [("IMP111", "1", "by_year", 1, 2, 3), ("IMP111", "2", "by_year", 1, 3, 3)]
    result = run("import", tmp_path / "kp.docx", "-o", tmp_path / "kp.yaml")
    assert result.exit_code == 1
    text = (tmp_path / "kp.yaml").read_text(encoding="utf-8")
    assert '2025: "1,0000005"' in text and '2025: "khoảng 5"' in text
    assert sorted(d.code for d in load_text(text, "kp.yaml").diagnostics) == ["PAR004", "PAR303"]


SHIPPED_PLANS = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "plans").rglob("*.yaml")
                       if "kind: plan" in p.read_text(encoding="utf-8"))


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
@pytest.mark.parametrize("path", SHIPPED_PLANS)
def test_validating_a_rendered_shipped_plan_finds_what_the_yaml_has(tmp_path, path, fmt):
    """The shipped plans' real mistakes (PAR203, PAR103…) are found again when the
    plan is rendered to Word/Excel and that file is validated, each at a row."""
    from parplan.render import appendices as to_render, render_bytes

    (original,), report = api.check_paths([path])
    source = tmp_path / f"phu-luc.{fmt}"
    source.write_bytes(render_bytes(fmt, to_render([(original.model, original.framework)])))
    again = api.validate([source])
    assert sorted(str((d.code, d.item, d.field)) for d in again.diagnostics) == \
        sorted(str((d.code, d.item, d.field)) for d in report.diagnostics)
    assert all(d.location.row is not None for d in again.diagnostics if d.item)


def test_workbook_with_a_plan_sheet_and_a_budget_sheet(tmp_path):
    from office_files import two_sheets_xlsx

    source = two_sheets_xlsx(tmp_path / "ke-hoach.xlsx")
    report = api.validate([source])
    assert [(d.code, d.item, d.location.sheet, d.location.cell) for d in report.diagnostics] == [
        ("IMP101", "1.2", "PL I", "D7")]
    assert "ke-hoach.xlsx: PL I!D7, cột «Điểm đạt được năm 2024»: error IMP101 [1.2 baseline] " \
           "không đọc được số điểm 'Đạt'" in run("validate", source).output
    out = tmp_path / "ra"
    result = run("import", source, "-o", f"{out}/")
    assert result.exit_code == 1
    assert sorted(p.name for p in out.iterdir()) == ["phu-luc-i.yaml", "phu-luc-ii.yaml"]
    budget = load_text((out / "phu-luc-ii.yaml").read_text(encoding="utf-8"), "ii.yaml").model
    assert [(i.name, i.by_year, i.by_source) for i in budget.items] == [
        ("Tuyên truyền", {2025: 5_000_000}, {"ngan_sach_dia_phuong": 5_000_000})]
    plan = load_text((out / "phu-luc-i.yaml").read_text(encoding="utf-8"), "i.yaml")
    # the unreadable cell is unknown, not missing: the rest of the plan is still checked (issue 11)
    assert plan.model is not None and [(d.code, d.item) for d in plan.diagnostics] == [("PAR004", "1.2")]
    assert ("entries", 2, "baseline") in plan.unknown
    assert '  baseline: "Đạt"\n' in (out / "phu-luc-i.yaml").read_text(encoding="utf-8")


@pytest.mark.parametrize("text, measure", [
    ("100%", {"value": Decimal("100"), "unit": "%"}), ("Đạt 37,5%", {"value": Decimal("37.5"), "unit": "%"}),
    ("Trên 30%", {"value": Decimal("30"), "unit": "%", "op": ">"}),
    ("Đạt 90% trở lên", {"value": Decimal("90"), "unit": "%", "op": ">="}),
    ("≥ 3,5", {"value": Decimal("3.5"), "op": ">="}),
    ("Năm 2019 đạt 90,61%", {"value": Decimal("90.61"), "unit": "%"}),           # the year says when (12.R4)
    ("Tối thiểu 90%.", {"value": Decimal("90"), "unit": "%", "op": ">="}), ("Năm 2019", None), ("Nhóm B", None), ("1.000", None), ("12", None), ("Trên 30% trở lên", None),
])
def test_measures_only_where_certain(text, measure):
    from parplan.importers.others import measure_of

    assert measure_of(text) == measure
