"""Issue 13 checked as a reviewer would, on plans written for this file (not
the shipped ones): every command that writes refuses a foreign file (exit 2,
bytes kept), replaces its own output, replaces anything with --overwrite and
says what it wrote in one line; every .docx (render, report, diff) declares
vi-VN and keeps heading rows with the next row; forced renders print the
declared (wrong) values in all four layouts and all four formats; the HTML
review marks every located diagnostic of plans with mistakes in all four
layouts, and loads cleanly in headless Chromium.
"""
from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import tempfile
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook
from typer.testing import CliRunner

from parplan import api
from parplan.cli import app
from parplan.output_files import is_parplan_output

from conftest import CASES

MINE = b"the user's own file, typed by hand\n"

# -- plans written for these tests -----------------------------------------------

# Improvement, self-describing, clean: 1 (4) = 1.1 (1,5) + 1.2 (2,5); 2 (6) = 2.1 (6).
CLEAN = """\
kind: plan
unit: UBND huyện Hòa Bình
year: 2025
baseline_year: 2024
document: {number: 12/KH-UBND, date: 2025-01-20, issuer: UBND huyện Hòa Bình}
entries:
  - {code: "1", name: Công tác chỉ đạo, max: 4, baseline: 3, target: 4}
  - {code: "1.1", name: Kế hoạch CCHC, max: 1.5, baseline: 1, target: 1.5, tasks: [Ban hành sớm], lead: Phòng Nội vụ}
  - {code: "1.2", name: Kiểm tra CCHC, max: 2.5, baseline: 2, target: 2.5, tasks: [Kiểm tra đủ], lead: Phòng Nội vụ}
  - {code: "2", name: Thủ tục hành chính, max: 6, baseline: 5, target: 6}
  - {code: "2.1", name: Giải quyết hồ sơ, max: 6, baseline: 5, target: 6, tasks: [Số hóa], lead: Văn phòng UBND}
totals: {max: 10, baseline: 8, target: 10}
"""

NEXT = CLEAN.replace("year: 2025", "year: 2026").replace("baseline_year: 2024", "baseline_year: 2025") \
    .replace("12/KH-UBND, date: 2025-01-20", "3/KH-UBND, date: 2026-01-09")

# Improvement with mistakes: area 1 declares 2,5 (children 1 + 1,25 = 2,25: PAR203),
# 1.2 declares 3 over its max 2,5 (PAR201), the total declares 7 (children 2,5 + 4 = 6,5
# as read: PAR203 on totals.baseline), 2.1 aims below its score (PAR209) and has tasks
# without a lead (PAR211).
IMPROVEMENT = """\
kind: plan
unit: UBND huyện Lạc Sơn
year: 2025
baseline_year: 2024
entries:
  - {code: "1", name: Công tác chỉ đạo, max: 4, baseline: 2.5, target: 3.5}
  - {code: "1.1", name: Kế hoạch CCHC, max: 1.5, baseline: 1, target: 1.5, tasks: [Ban hành sớm], lead: Phòng Nội vụ}
  - {code: "1.2", name: Kiểm tra CCHC, max: 2.5, baseline: 1.25, target: 3, tasks: [Kiểm tra đủ], lead: Phòng Nội vụ}
  - {code: "2", name: Thủ tục hành chính, max: 6, baseline: 4, target: 3.5}
  - {code: "2.1", name: Giải quyết hồ sơ, max: 6, baseline: 4, target: 3.5, tasks: [Số hóa]}
totals: {max: 10, baseline: 7, target: 7}
"""

# Remediation, self-describing, unlisted rows at full marks: area 1 (max 10)
# declares baseline 8 and deducted 2,5 (children: 1.1 lost 1, 1.2 lost 0,5:
# baseline 8,5, deducted 1,5); the total declares baseline 90 and deducted 12.
REMEDIATION = """\
kind: plan
unit: UBND huyện Tân Lạc
year: 2025
baseline_year: 2024
layout: remediation
unlisted: full
entries:
  - {code: "1", name: Công tác chỉ đạo, max: 10, baseline: 8, deducted: 2.5}
  - {code: "1.1", name: Kế hoạch CCHC, max: 4, baseline: 3, deducted: 1, reason: Ban hành muộn, tasks: [Ban hành đúng hạn], lead: Phòng Nội vụ}
  - {code: "1.2", name: Kiểm tra CCHC, max: 6, baseline: 5.5, deducted: 0.5, reason: Thiếu báo cáo, tasks: [Báo cáo đủ], lead: Phòng Nội vụ}
totals: {max: 100, baseline: 90, deducted: 12}
"""

# Targets: a percentage above 100 (PAR402), a target below the result (PAR403),
# a value for a column the table does not declare (PAR401), an item without a
# code whose percentage is below 0 (PAR402 without an item).
TARGETS = """\
kind: targets
unit: UBND huyện Mai Châu
title: Chỉ tiêu CCHC giai đoạn 2021-2025
columns:
  - {key: result, label: Kết quả 2020}
  - {key: target, label: Chỉ tiêu 2025}
groups:
  - code: "I"
    name: Chỉ tiêu thủ tục hành chính
    items:
      - code: "1"
        name: Tỷ lệ hồ sơ đúng hạn
        values: {result: "98%", target: "120%"}
        measures: {result: {value: 98, unit: "%"}, target: {value: 120, unit: "%", op: ">="}}
      - code: "2"
        name: Tỷ lệ hồ sơ trực tuyến
        values: {result: "60%", target: "50%", ghi_chu: "xem lại"}
        measures: {result: {value: 60, unit: "%"}, target: {value: 50, unit: "%", op: ">="}}
      - name: Tỷ lệ hồ sơ trễ hạn
        values: {result: "-5%", target: "0%"}
        measures: {result: {value: -5, unit: "%"}, target: {value: 0, unit: "%", op: "<="}}
"""

# Budget: item 2's sources add to 150.000.000, its years to 160.000.000 and the
# 2022 total shows the 2022 cell is the wrong one (PAR301 on by_year.2022); the
# source total declared 999 is wrong (PAR302); the grand total 1.000.000.000 is wrong (PAR302).
BUDGET = """\
kind: budget
unit: UBND huyện Đà Bắc
title: Khái toán kinh phí CCHC 2021-2022
currency: đồng
years: [2021, 2022]
sources: [dia_phuong]
source_labels: {dia_phuong: Ngân sách địa phương}
items:
  - {code: "1", name: Tập huấn, by_year: {2021: 100000000, 2022: 100000000}, by_source: {dia_phuong: 200000000}}
  - {code: "2", name: Số hóa, by_year: {2021: 80000000, 2022: 80000000}, by_source: {dia_phuong: 150000000}}
declared_totals:
  by_year: {2021: 180000000, 2022: 170000000}
  by_source: {dia_phuong: 999}
  total: 1000000000
"""


@pytest.fixture
def ws(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("PARPLAN_LANG", raising=False)
    monkeypatch.setenv("PARPLAN_TODAY", "2026-12-03")
    for name, text in (("clean.yaml", CLEAN), ("next.yaml", NEXT), ("improvement.yaml", IMPROVEMENT),
                       ("remediation.yaml", REMEDIATION), ("targets.yaml", TARGETS), ("budget.yaml", BUDGET)):
        (tmp_path / name).write_text(text, encoding="utf-8")
    (tmp_path / "plans").mkdir()
    shutil.copy(tmp_path / "clean.yaml", tmp_path / "plans" / "clean.yaml")
    shutil.copy(tmp_path / "next.yaml", tmp_path / "plans" / "next.yaml")
    _, data = api.render([tmp_path / "clean.yaml"], {"docx": "x"})
    (tmp_path / "app.docx").write_bytes(data["docx"])
    _, data = api.render([tmp_path / "clean.yaml", tmp_path / "targets.yaml"], {"docx": "x"}, force=True)
    (tmp_path / "two.docx").write_bytes(data["docx"])
    return tmp_path


def run(*args):
    result = CliRunner().invoke(app, [str(a) for a in args], catch_exceptions=False)
    assert "Traceback" not in result.output
    return result


# -- 1. never lose a file, for every command that writes ------------------------------

WRITERS = {
    # name: (arguments with {T} for the target, target, prints the one line exactly)
    "render-docx": (["render", "clean.yaml", "--docx", "{T}"], "out/a.docx", True),
    "render-xlsx": (["render", "clean.yaml", "--xlsx", "{T}"], "out/a.xlsx", True),
    "render-md": (["render", "clean.yaml", "--md", "{T}"], "out/a.md", True),
    "render-html": (["render", "clean.yaml", "--html", "{T}"], "out/a.html", True),
    "render-blank": (["render", "clean.yaml", "--xlsx", "{T}", "--blank"], "out/b.xlsx", True),
    "render-forced": (["render", "budget.yaml", "--html", "{T}", "--force"], "out/f.html", False),
    "report-docx": (["report", "clean.yaml", "--docx", "{T}"], "out/r.docx", True),
    "report-md": (["report", "clean.yaml", "--md", "{T}"], "out/r.md", True),
    "report-two": (["report", "clean.yaml", "next.yaml", "--docx", "{T}"], "out/r2.docx", True),
    "diff-docx": (["diff", "clean.yaml", "next.yaml", "--docx", "{T}"], "out/d.docx", True),
    "summary-json": (["summary", "plans", "--format", "json", "-o", "{T}"], "out/s.json", True),
    "summary-md": (["summary", "plans", "--format", "md", "-o", "{T}"], "out/s.md", True),
    "summary-xlsx": (["summary", "plans", "--format", "xlsx", "-o", "{T}"], "out/s.xlsx", True),
    "summary-html": (["summary", "plans", "--format", "html", "-o", "{T}"], "out/s.html", True),
    "summary-text": (["summary", "plans", "-o", "{T}"], "out/s.txt", True),
    "new": (["new", "--from", "clean.yaml", "-o", "{T}"], "out/2026.yaml", False),
    "new-default": (["new", "--from", "plans/clean.yaml"], "plans/2026.yaml", False),
    "import": (["import", "app.docx", "-o", "{T}"], "out/i.yaml", False),
    "import-default": (["import", "app.docx"], "app.yaml", False),
    "import-dir": (["import", "two.docx", "-o", "out/"], "out/phu-luc-ii.yaml", False),
    "init": (["init", "ws", "--unit", "UBND huyện Kim Bôi"], "ws/README.md", False),
    "init-plan": (["init", "ws", "--unit", "UBND huyện Kim Bôi"], "ws/plans/kim-boi/2027.yaml", False),
    "schema": (["schema", "--write", "sch"], "sch/targets.json", False),
}


def _args(case: str) -> tuple[list[str], str, bool]:
    args, target, exact = WRITERS[case]
    return [a.replace("{T}", target) for a in args], target, exact


@pytest.mark.parametrize("case", sorted(WRITERS))
def test_foreign_file_refused_own_output_replaced_overwrite_replaces(ws, case):
    args, target, exact = _args(case)
    path = ws / target
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(MINE)
    refused = run(*args)
    assert refused.exit_code == 2, (case, refused.output)
    assert refused.stdout == ""
    assert target.split("/")[-1] in refused.stderr and "--overwrite" in refused.stderr
    assert refused.stderr.startswith("parplan: ") and refused.stderr.count("\n") == 1
    assert path.read_bytes() == MINE                                    # bytes kept

    english = run(*args, "--lang", "en")
    assert english.exit_code == 2 and "use --overwrite" in english.stderr
    assert path.read_bytes() == MINE

    forced = run(*args, "--overwrite")
    assert forced.exit_code in (0, 1), (case, forced.output)
    assert path.read_bytes() != MINE and is_parplan_output(path), case
    first = path.read_bytes()

    again = run(*args)                                                   # its own output: no question
    assert again.exit_code == forced.exit_code, (case, again.output)
    assert is_parplan_output(path) and path.read_bytes() == first      # same input, same bytes
    if exact:
        assert again.stdout == "" and again.stderr.splitlines()[0] == f"đã ghi {target}", (case, again.stderr)
        if again.exit_code == 0:
            assert again.stderr == f"đã ghi {target}\n", case

    if first.startswith(b"PK"):                                          # Word/Excel saved it: a part changed
        with zipfile.ZipFile(path, "a") as archive:
            archive.writestr("customXml/item1.xml", "<saved-by-word/>")
    else:                                                                # the user edited it
        path.write_bytes(first + b"\n")
    edited_bytes = path.read_bytes()
    edited = run(*args)
    assert edited.exit_code == 2 and path.read_bytes() == edited_bytes, case


def test_summary_output_sealed_per_format_and_its_own_input_refused(ws):
    for fmt, name in (("json", "s.json"), ("md", "s.md"), ("html", "s.html"), ("xlsx", "s.xlsx"), ("text", "s.txt")):
        done = run("summary", "plans", "--format", fmt, "-o", name)
        assert (done.exit_code, done.stdout, done.stderr) == (0, "", f"đã ghi {name}\n"), fmt
        assert is_parplan_output(ws / name), fmt
    again = run("summary", "plans", "-o", "plans/clean.yaml", "--overwrite")
    assert again.exit_code == 2 and "không ghi đè tệp đầu vào" in again.stderr
    assert (ws / "plans" / "clean.yaml").read_text(encoding="utf-8") == CLEAN


def test_writing_commands_print_one_line_and_nothing_else(ws):
    for args, line in ((["render", "clean.yaml", "--docx", "a.docx", "--md", "a.md"], "đã ghi a.docx\nđã ghi a.md\n"),
                       (["report", "clean.yaml", "--md", "r.md"], "đã ghi r.md\n"),
                       (["diff", "clean.yaml", "next.yaml", "--docx", "d.docx"], "đã ghi d.docx\n"),
                       (["summary", "plans", "--format", "html", "-o", "s.html"], "đã ghi s.html\n")):
        done = run(*args)
        assert (done.exit_code, done.stdout, done.stderr) == (0, "", line), args
    done = run("new", "--from", "clean.yaml", "-o", "n.yaml")
    assert done.exit_code == 0 and done.stdout == "" and done.stderr.count("\n") == 1
    assert done.stderr.startswith("đã ghi n.yaml: kế hoạch năm 2026")


# -- 2. Word reads it as Vietnamese; heading rows stay with the next row ------------------

def _docx_bytes(ws, *args) -> bytes:
    done = run(*args)
    assert done.exit_code in (0, 1), done.output
    target = args[args.index("--docx") + 1]
    return (ws / target).read_bytes()


def _every_docx(ws) -> dict[str, bytes]:
    out = {}
    for layout in ("clean", "improvement", "remediation", "targets", "budget"):
        out[f"render-{layout}"] = _docx_bytes(ws, "render", f"{layout}.yaml", "--docx", f"{layout}.docx", "--force")
    out["render-all"] = _docx_bytes(ws, "render", "improvement.yaml", "targets.yaml", "budget.yaml",
                                    "--docx", "all.docx", "--force")
    out["report"] = _docx_bytes(ws, "report", "clean.yaml", "--docx", "r.docx")
    out["report-two"] = _docx_bytes(ws, "report", "clean.yaml", "remediation.yaml", "--docx", "r2.docx")
    out["diff"] = _docx_bytes(ws, "diff", "clean.yaml", "next.yaml", "--docx", "d.docx")
    return out


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def test_every_docx_declares_vietnamese_and_no_hyphenation(ws):
    for name, data in _every_docx(ws).items():
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            styles = z.read("word/styles.xml").decode("utf-8")
            settings = z.read("word/settings.xml").decode("utf-8")
        defaults = re.search(r"<w:docDefaults>.*?</w:docDefaults>", styles, re.S).group(0)
        assert re.search(r'<w:lang w:val="vi-VN" w:eastAsia="vi-VN"', defaults), name
        langs = re.findall(r'<w:lang [^>]*w:val="([^"]+)"', styles)
        assert langs and set(langs) == {"vi-VN"}, (name, langs)
        assert "en-US" not in styles and "en-US" not in settings, name
        assert '<w:autoHyphenation w:val="0"/>' in settings, name


def _rows(data: bytes) -> list[list[tuple[str, bool]]]:
    """Per table, per row: (text of the first two cells, keepNext on every paragraph)."""
    doc = Document(io.BytesIO(data))
    out = []
    for table in doc.tables:
        rows = []
        for tr in table._tbl.tr_lst[1:]:
            paras = list(tr.iter(W + "p"))
            keep = all(p.find(f"{W}pPr/{W}keepNext") is not None for p in paras)
            none = all(p.find(f"{W}pPr/{W}keepNext") is None for p in paras)
            assert keep or none, "keepNext on some paragraphs of a row only"
            texts = ["".join(t.text or "" for t in tc.iter(W + "t")) for tc in tr.iter(W + "tc")]
            rows.append((texts[0], texts[1], keep))
        out.append(rows)
    return out


def test_heading_rows_keep_with_the_next_row_in_every_docx(ws):
    docs = _every_docx(ws)
    [clean] = _rows(docs["render-clean"])
    assert [(code, keep) for code, _, keep in clean] == [
        ("1", True), ("1.1", False), ("1.2", False), ("2", True), ("2.1", False), ("", False)]
    [rem] = _rows(docs["render-remediation"])
    assert [(code, keep) for code, _, keep in rem] == [("1", True), ("1.1", False), ("1.2", False), ("", False)]
    [targets] = _rows(docs["render-targets"])
    assert [(code, keep) for code, _, keep in targets] == [("I", True), ("1", False), ("2", False), ("", False)]
    [budget] = _rows(docs["render-budget"])
    assert not any(keep for _, _, keep in budget)
    # the comparison: area rows head their criteria
    [diff] = _rows(docs["diff"])
    keeps = {code: keep for code, _, keep in diff if code}
    assert keeps == {"1": True, "1.1": False, "1.2": False, "2": True, "2.1": False}, keeps
    # the report: every lead unit heads the criteria it leads (Biểu 3)
    for name in ("report", "report-two"):
        leads = _rows(docs[name])[2::3]
        for table in leads:
            for (code, _, keep), following in zip(table, table[1:] + [("", "", False)]):
                roman = bool(re.fullmatch(r"[IVX]+", code))
                assert keep == roman, (name, code)


# -- 3. forced renders print the plan as written, in all four layouts and formats ----------

def _md_rows(text: str) -> list[list[str]]:
    rows = []
    for line in text.splitlines():
        if line.startswith("|") and not line.startswith("|:"):
            rows.append([c.strip().strip("*").strip() for c in line.strip().strip("|").split("|")])
    return rows


class _Cells(HTMLParser):
    def __init__(self, text: str):
        super().__init__()
        self.rows: list[list[str]] = []
        self._cell: list[str] | None = None
        self._skip = 0
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th") and self.rows:
            self._cell = []
        elif tag == "sup":
            self._skip += 1

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self.rows[-1].append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "sup":
            self._skip -= 1

    def handle_data(self, data):
        if self._cell is not None and not self._skip:
            self._cell.append(data)


def _formats(ws, name: str) -> dict[str, list[list[str]]]:
    """Every format's table rows as text (header first), from one forced render."""
    done = run("render", f"{name}.yaml", "--docx", f"{name}.docx", "--xlsx", f"{name}.xlsx", "--md", f"{name}.md",
               "--html", f"{name}.html", "--force")
    assert done.exit_code == 0, done.output
    doc = Document(str(ws / f"{name}.docx"))
    docx_rows = [[c.text for c in row.cells] for row in doc.tables[0].rows]
    wb = load_workbook(ws / f"{name}.xlsx", data_only=True)
    formulas = load_workbook(ws / f"{name}.xlsx")
    sheet, raw = wb.worksheets[0], formulas.worksheets[0]
    header = docx_rows[0]
    start = next(r for r in range(1, 20) if [sheet.cell(r, c).value for c in range(1, len(header) + 1)] == header)
    xlsx_rows = []
    for r in range(start, sheet.max_row + 1):
        row = []
        for c in range(1, len(header) + 1):
            value, formula = sheet.cell(r, c).value, raw.cell(r, c).value
            if isinstance(formula, str) and formula.startswith("="):
                row.append(f"={value}")        # a live formula: shown with what it stores
            else:
                row.append("" if value is None else str(value))
        xlsx_rows.append(row)
    md_rows = _md_rows((ws / f"{name}.md").read_text(encoding="utf-8"))
    html_rows = [r for r in _Cells((ws / f"{name}.html").read_text(encoding="utf-8")).rows if r]
    return {"docx": docx_rows, "xlsx": xlsx_rows, "md": md_rows, "html": html_rows[:len(docx_rows)]}


def _row(rows: list[list[str]], code: str, name: str | None = None) -> list[str]:
    found = [r for r in rows if r[0] == code and (name is None or r[1] == name)]
    assert found, (code, name, rows)
    return found[0]


def test_forced_improvement_prints_declared_parent_and_totals(ws):
    got = _formats(ws, "improvement")
    for fmt, rows in got.items():
        vi = fmt != "xlsx"
        n = (lambda s: s) if vi else (lambda s: s.replace(",", "."))
        area = _row(rows, "1")
        assert area[3] == n("2,5"), (fmt, area)           # declared 2,5, not 1 + 1,25
        total = _row(rows, "", "TỔNG ĐIỂM")
        assert [x.lstrip("=") for x in total[2:5]] == ["10", "7", "7"], (fmt, total)  # declared 7, not 6,5
        assert _row(rows, "1.2")[3:5] == [n("1,25"), "3"], fmt   # 3 over the max, as written
        if fmt == "xlsx":
            assert not area[3].startswith("=") and not total[3].startswith("="), (fmt, area, total)


def test_forced_remediation_prints_declared_area_and_totals(ws):
    got = _formats(ws, "remediation")
    for fmt, rows in got.items():
        vi = fmt != "xlsx"
        area = _row(rows, "1")
        assert area[2:5] == (["10", "8", "-2,5"] if vi else ["10", "8", "-2.5"]), (fmt, area)
        total = _row(rows, "", "Tổng cộng")
        assert total[2:5] == ["100", "90", "-12"], (fmt, total)
        assert [x.lstrip("=") for x in _row(rows, "1.2")[2:5]] == (
            ["6", "5,5", "-0,5"] if vi else ["6", "5.5", "-0.5"]), fmt


def test_forced_targets_print_every_value_as_written(ws):
    got = _formats(ws, "targets")
    for fmt, rows in got.items():
        assert rows[0][:4] == ["STT", "Các mục tiêu/chỉ tiêu", "Kết quả 2020", "Chỉ tiêu 2025"], fmt
        assert _row(rows, "1")[2:4] == ["98%", "120%"], fmt
        assert _row(rows, "2")[2:4] == ["60%", "50%"], fmt
        assert _row(rows, "", "Tỷ lệ hồ sơ trễ hạn")[2:4] == ["-5%", "0%"], fmt


def test_forced_budget_prints_declared_totals_and_no_extra_column(ws):
    got = _formats(ws, "budget")
    for fmt, rows in got.items():
        vi = fmt != "xlsx"
        m = (lambda s: s) if vi else (lambda s: s.replace(".", ""))
        assert rows[0][2:] == ["Năm 2021", "Năm 2022", "Tổng cộng", "Ngân sách địa phương"], (fmt, rows[0])
        total = _row(rows, "", "Tổng cộng")
        assert total[2:6] == [m("180.000.000"), m("170.000.000"), m("1.000.000.000"), "999"], (fmt, total)
        assert _row(rows, "2")[2:6] == [m("80.000.000"), m("80.000.000"), m("160.000.000"), m("150.000.000")], fmt


def test_forced_budget_without_declared_grand_total_has_no_total_column(ws):
    (ws / "b2.yaml").write_text(BUDGET.replace("  total: 1000000000\n", ""), encoding="utf-8")
    got = _formats(ws, "b2")
    for fmt, rows in got.items():
        assert rows[0][2:] == ["Năm 2021", "Năm 2022", "Ngân sách địa phương"], (fmt, rows[0])


# -- 4. the review view marks every located diagnostic, in every layout ----------------------

def _marks(html: str) -> list[tuple[str, str, str]]:
    """(row id, cell text without the mark, data of title) for every marked cell."""
    class P(HTMLParser):
        def __init__(self):
            super().__init__()
            self.found = []
            self.row = None
            self.rows = {}
            self.cells = []
            self.cell = None
            self.items = 0
            self.sup = 0

        def handle_starttag(self, tag, attrs):
            a = dict(attrs)
            if tag == "sup":
                self.sup += 1
            elif tag == "tr":
                self.row = a.get("id")
                self.cells = []
            elif tag == "td":
                self.cell = a
                self.cells.append("")
            elif tag == "li" and "id" in a:
                self.items += 1

        def handle_endtag(self, tag):
            if tag == "sup":
                self.sup -= 1
            elif tag == "td" and self.cell is not None:
                if "flag" in (self.cell.get("class") or "").split():
                    self.found.append((self.row, len(self.cells) - 1, self.cell.get("title") or ""))
                self.cell = None
            elif tag == "tr" and self.row:
                self.rows[self.row] = list(self.cells)

        def handle_data(self, data):
            if self.cell is not None and not self.sup:
                self.cells[-1] += data

    p = P()
    p.feed(html)
    out = []
    for row, column, title in p.found:
        code = p.rows[row][0].strip()
        name = p.rows[row][1].strip()
        for code_in_title in re.findall(r"\d+\. ((?:PAR|IMP)\d+):", title):
            out.append((code or name, column, code_in_title))
    return sorted(out)


def _review(ws, name: str) -> tuple[str, list]:
    checked, _ = api.check_paths([ws / f"{name}.yaml"])
    diags = checked[0].diagnostics
    done = run("render", f"{name}.yaml", "--html", f"{name}.html", "--force")
    assert done.exit_code == 0, done.output
    return (ws / f"{name}.html").read_text(encoding="utf-8"), diags


def test_review_marks_improvement_mistakes(ws):
    html, diags = _review(ws, "improvement")
    assert sorted(d.code for d in diags) == ["PAR201", "PAR203", "PAR203", "PAR209", "PAR211"]
    assert _marks(html) == [("1", 3, "PAR203"), ("1.2", 4, "PAR201"), ("2.1", 4, "PAR209"),
                            ("2.1", 6, "PAR211"), ("TỔNG ĐIỂM", 3, "PAR203")]
    assert "Kế hoạch có 3 lỗi, 2 cảnh báo" in html


def test_review_marks_remediation_mistakes(ws):
    html, diags = _review(ws, "remediation")
    assert sorted((d.code, d.item or "", d.field) for d in diags) == [
        ("PAR203", "", "totals.baseline"), ("PAR203", "1", "baseline"),
        ("PAR208", "", "totals.deducted"), ("PAR208", "1", "deducted")]
    # columns: STT, name, Điểm chuẩn, Điểm thẩm định, Điểm bị trừ, …
    assert _marks(html) == [("1", 3, "PAR203"), ("1", 4, "PAR208"), ("Tổng cộng", 3, "PAR203"),
                            ("Tổng cộng", 4, "PAR208")]
    assert "Kế hoạch có 4 lỗi, 0 cảnh báo" in html


def test_review_marks_targets_mistakes_even_on_a_row_without_a_code(ws):
    html, diags = _review(ws, "targets")
    assert sorted(d.code for d in diags) == ["PAR401", "PAR402", "PAR402", "PAR403"]
    assert _marks(html) == [("1", 3, "PAR402"), ("2", 1, "PAR401"), ("2", 3, "PAR403"),
                            ("Tỷ lệ hồ sơ trễ hạn", 2, "PAR402")]
    assert "Kế hoạch có 3 lỗi, 1 cảnh báo" in html


def test_review_marks_budget_mistakes(ws):
    html, diags = _review(ws, "budget")
    assert sorted((d.code, d.field) for d in diags) == [
        ("PAR301", "by_year.2022"), ("PAR302", "by_source.dia_phuong"), ("PAR302", "total")]
    # columns: STT, Nội dung, Năm 2021, Năm 2022, Tổng cộng, Ngân sách địa phương
    assert _marks(html) == [("2", 3, "PAR301"), ("Tổng cộng", 4, "PAR302"), ("Tổng cộng", 5, "PAR302")]


def test_xlsx_comments_follow_the_same_marks(ws):
    done = run("render", "targets.yaml", "--xlsx", "t.xlsx", "--force")
    assert done.exit_code == 0
    sheet = load_workbook(ws / "t.xlsx").worksheets[0]
    comments = sorted((cell.row, cell.column, re.findall(r"PAR\d+", cell.comment.text))
                      for row in sheet.iter_rows() for cell in row if cell.comment)
    named = [(sheet.cell(r, 1).value or sheet.cell(r, 2).value, c, codes) for r, c, codes in comments]
    assert named == [("1", 4, ["PAR402"]), ("2", 2, ["PAR401"]), ("2", 4, ["PAR403"]),
                     ("Tỷ lệ hồ sơ trễ hạn", 3, ["PAR402"])]


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
browser = pytest.mark.skipif(CHROMIUM is None and not os.environ.get("CI"),
                             reason="chromium not installed (.ci/run installs it)")


def chromium_dom(tmp_path: Path, page: Path, *extra: str) -> subprocess.CompletedProcess:
    profile = tempfile.mkdtemp(dir=tmp_path)
    return subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                           "--disable-component-update", "--disable-sync", "--no-first-run",
                           "--enable-logging=stderr", "--v=0", f"--user-data-dir={profile}", *extra, page.as_uri()],
                          capture_output=True, text=True, timeout=180)


@browser
@pytest.mark.slow
def test_every_layouts_review_loads_in_chromium_with_all_its_marks(ws):
    done = run("render", "improvement.yaml", "remediation.yaml", "targets.yaml", "budget.yaml",
               "--html", "all.html", "--force")
    assert done.exit_code == 0, done.output
    html = (ws / "all.html").read_text(encoding="utf-8")
    expected = len(re.findall(r'<td[^>]*class="[^"]*\bflag\b', html))
    assert expected == 5 + len(_marks(_review(ws, "remediation")[0])) + 4 + 3
    loaded = chromium_dom(ws, ws / "all.html", "--dump-dom")
    assert loaded.returncode == 0, loaded.stderr[-2000:]
    assert [line for line in loaded.stderr.splitlines() if "CONSOLE" in line or "Uncaught" in line] == []
    body = re.search(r"<body[^>]*>", loaded.stdout).group(0)
    assert 'data-ok="1"' in body and f'data-marks="{expected}"' in body, body
    if shutil.which("pdfinfo"):
        pdf = ws / "all.pdf"
        printed = chromium_dom(ws, ws / "all.html", "--no-pdf-header-footer", f"--print-to-pdf={pdf}")
        assert printed.returncode == 0 and pdf.exists()
        info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
        size = next(line for line in info.splitlines() if line.startswith("Page size"))
        width, height = (float(x) for x in size.split(":")[1].split("pts")[0].split(" x "))
        assert abs(width - 841.89) < 1 and abs(height - 595.28) < 1


# -- 5. a year not filled in yet; starter files ------------------------------------------------

def test_a_year_just_started_says_targets_are_not_entered(ws):
    assert run("new", "--from", "clean.yaml", "-o", "2026.yaml").exit_code == 0
    report = run("report", "2026.yaml")
    assert report.exit_code == 0
    assert "chưa nhập mục tiêu" in report.stdout and "lấy lại: 0" not in report.stdout
    diff = run("diff", "clean.yaml", "2026.yaml")
    assert "→  (" not in diff.stdout and "chưa nhập" in diff.stdout
    md = run("report", "2026.yaml", "--md", "r.md")
    assert md.exit_code == 0 and "chưa nhập mục tiêu" in (ws / "r.md").read_text(encoding="utf-8")


def test_init_defaults_to_next_year_and_new_carries_the_document_block(ws, monkeypatch):
    monkeypatch.setenv("PARPLAN_TODAY", "2030-06-01")
    done = run("init", "w2", "--unit", "UBND huyện Kim Bôi", "--number", "7/KH-UBND", "--date", "2031-02-03",
               "--issuer", "Chủ tịch UBND huyện Kim Bôi")
    assert done.exit_code == 0, done.output
    plan = ws / "w2" / "plans" / "kim-boi" / "2031.yaml"
    text = plan.read_text(encoding="utf-8")
    assert "year: 2031" in text and "7/KH-UBND" in text and "2031-02-03" in text
    assert "Chủ tịch UBND huyện Kim Bôi" in text and "năm 2031 của UBND huyện Kim Bôi" in text
    nxt = run("new", "--from", str(plan), "-o", "n.yaml")
    assert nxt.exit_code == 0, nxt.output
    made = (ws / "n.yaml").read_text(encoding="utf-8")
    assert "year: 2032" in made and "năm 2032 của UBND huyện Kim Bôi" in made
    assert "Chủ tịch UBND huyện Kim Bôi" in made and "7/KH-UBND" not in made


def test_remediation_row_above_its_max_is_printed_and_marked(ws):
    """A remediation row whose score is above its max lost nothing, but the
    document printed it and it is wrong (PAR201): it is in the table, marked."""
    (ws / "rem2.yaml").write_text("""\
kind: plan
unit: UBND xã Thử
year: 2025
layout: remediation
unlisted: full
entries:
  - {code: "1", name: Chỉ đạo, max: 10, baseline: 9}
  - {code: "1.1", name: Kế hoạch, max: 4, baseline: 3, deducted: 1, tasks: [Ban hành], lead: Văn phòng}
  - {code: "1.2", name: Kiểm tra, max: 6, baseline: 6.5}
totals: {max: 100, baseline: 99}
""", encoding="utf-8")
    html, diags = _review(ws, "rem2")
    assert [(d.code, d.item, d.field) for d in diags] == [("PAR201", "1.2", "baseline")]
    assert _marks(html) == [("1.2", 3, "PAR201")]
    rows = _formats(ws, "rem2")
    for fmt, table in rows.items():
        assert [r[0] for r in table[1:]] == ["1", "1.1", "1.2", ""], fmt
        assert _row(table, "1.2")[3] == ("6,5" if fmt != "xlsx" else "6.5"), fmt


def test_an_entry_the_table_does_not_print_is_marked_on_its_nearest_printed_ancestor(ws):
    shutil.copytree(CASES / "criteria", ws / "criteria")
    (ws / "fw.yaml").write_text("""\
kind: plan
framework: mini-2024
unit: UBND huyện Thử
year: 2025
entries:
  - {code: "1.1", baseline: 1.5, target: 1.5}
  - {code: "1.2.1", baseline: 0.5, target: 1, tasks: [Kiểm tra], lead: Phòng Nội vụ}
  - {code: "1.2.2", baseline: 1, target: 1.5, tasks: [Xử lý], lead: Phòng Nội vụ}
  - {code: "2.1", baseline: 2, target: 2}
  - {code: "2.2", baseline: 3, target: 4, tasks: [Số hóa], lead: Văn phòng}
  - {code: "2.9", baseline: 1, target: 1}
""", encoding="utf-8")
    html, diags = _review(ws, "fw")
    assert [(d.code, d.item) for d in diags] == [("PAR204", "2.9")]
    assert _marks(html) == [("2", 0, "PAR204")]                 # area 2, in the STT column ("code" field)
    assert [code for code, _, _ in _rows(_docx_bytes(ws, "render", "fw.yaml", "--docx", "fw.docx", "--force"))[0]] \
        == ["1", "1.1", "1.2", "1.2.1", "1.2.2", "2", "2.1", "2.2", ""]   # the document itself is unchanged
