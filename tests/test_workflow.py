"""The yearly workflow end to end: init, new, report, schema, frameworks.

Every test runs the real command through typer's runner on the real file
system (tmp_path) and looks at what was written, not only at exit codes.
"""
from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import unicodedata
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from parplan.cli import app
from parplan.load import load_document
from parplan.model import MODELS
from parplan.resources import shipped_criteria_dir, shipped_templates_dir
from parplan.schema import KINDS, schema_text

from conftest import ROOT, dedent

DAK_NONG = ROOT / "plans" / "dak-nong" / "2021.yaml"


@pytest.fixture
def run(monkeypatch, tmp_path):
    """run(*args) -> result, with the working directory in tmp_path."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("PARPLAN_LANG", raising=False)
    runner = CliRunner()

    def _run(*args: str):
        result = runner.invoke(app, [str(a) for a in args], catch_exceptions=False)
        assert "Traceback" not in result.output
        return result

    return _run


def framework_codes() -> list[str]:
    doc = load_document(shipped_criteria_dir() / "tinh-2020.yaml")
    return [item.code for item, _ in doc.model.walk()]


def copy_dak_nong(tmp_path: Path) -> Path:
    target = tmp_path / "plans" / "dak-nong" / "2021.yaml"
    target.parent.mkdir(parents=True)
    shutil.copyfile(DAK_NONG, target)
    return target


def entries(path: Path) -> dict:
    doc = load_document(path)
    assert doc.model is not None, doc.diagnostics
    return {e.code: e for e in doc.model.entries}


# -- init ------------------------------------------------------------------

def test_init_creates_a_workspace_that_validates(run, tmp_path):
    result = run("init", "office", "--unit", "UBND tỉnh Đắk Nông", "--year", "2024")
    assert result.exit_code == 0, result.output
    office = tmp_path / "office"
    plan = office / "plans" / "dak-nong" / "2024.yaml"
    assert plan.is_file()
    assert (office / "criteria").is_dir()
    assert [p.name for p in (office / "criteria").iterdir()] == ["README.md"]
    assert "kind: framework" in (office / "criteria" / "README.md").read_text(encoding="utf-8")
    for template in shipped_templates_dir().glob("*.j2"):
        assert (office / "templates" / template.name).read_bytes() == template.read_bytes()
    for kind in KINDS:   # the schema, with parplan's "$comment" seal
        written = json.loads((office / "schemas" / f"{kind}.json").read_text(encoding="utf-8"))
        assert written.pop("$comment").startswith("tạo bởi parplan (parplan-sha256:")
        assert written == json.loads(schema_text(kind))

    hooks = yaml.safe_load((office / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    hook = hooks["repos"][0]["hooks"][0]
    assert hook["entry"] == "parplan validate"
    assert re.search(hook["files"], "plans/dak-nong/2024.yaml")
    assert not re.search(hook["files"], ".pre-commit-config.yaml")

    text = plan.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../schemas/plan.json\n")
    assert '- code: "1.3.2"  # Xử lý các vấn đề phát hiện qua kiểm tra (tối đa 1)' in text
    doc = load_document(plan)
    model = doc.model
    assert (model.framework, model.unit, model.year, model.baseline_year) == ("tinh-2020", "UBND tỉnh Đắk Nông", 2024, 2023)
    assert [e.code for e in model.entries] == framework_codes()
    assert all(e.baseline is None and e.target is None and not e.tasks for e in model.entries)

    lines = result.stdout.splitlines()
    assert lines[-3:] == [
        "  parplan validate plans/",
        "  parplan new --from plans/dak-nong/2024.yaml --year 2025 --results ket-qua-2024.csv",
        "  parplan report plans/dak-nong/2025.yaml",
    ]

    checked = run("validate", "office/plans", "--format", "json")
    assert checked.exit_code == 0
    assert json.loads(checked.stdout)["errors"] == 0


def test_init_never_replaces_a_file_it_did_not_write(run, tmp_path):
    office = tmp_path / "office"
    office.mkdir()
    (office / "notes.txt").write_text("của tôi", encoding="utf-8")
    (office / "README.md").write_text("# README của tôi\n", encoding="utf-8")
    result = run("init", "office", "--year", "2025")
    assert result.exit_code == 2
    assert result.stderr == ("parplan: đã có tệp office/README.md không do parplan tạo ra (hoặc đã được sửa sau khi "
                             "parplan ghi): không ghi đè; dùng --overwrite để ghi đè, hoặc chọn tên tệp khác\n")
    assert sorted(p.name for p in office.iterdir()) == ["README.md", "notes.txt"]   # nothing written

    result = run("init", "office", "--force", "--year", "2025")   # --force is not "overwrite" any more
    assert result.exit_code == 2 and "--overwrite" in result.stderr
    assert sorted(p.name for p in office.iterdir()) == ["README.md", "notes.txt"]

    result = run("init", "office", "--overwrite", "--year", "2025", "--lang", "en")
    assert result.exit_code == 0, result.output
    assert (office / "notes.txt").read_text(encoding="utf-8") == "của tôi"
    assert "README của tôi" not in (office / "README.md").read_text(encoding="utf-8")
    assert (office / "plans" / "don-vi" / "2025.yaml").is_file()
    assert "Next three commands" in result.stdout

    again = run("init", "office", "--year", "2025")   # its own files, unchanged: replaced without asking
    assert again.exit_code == 0, again.output
    assert "plans/don-vi/2025.yaml (ghi đè)" in again.stdout
    plan = office / "plans" / "don-vi" / "2025.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("  baseline:\n", "  baseline: 1\n", 1), encoding="utf-8")
    filled = plan.read_bytes()
    third = run("init", "office", "--year", "2025")   # the user has started filling the plan: keep it
    assert third.exit_code == 2 and "office/plans/don-vi/2025.yaml" in third.stderr
    assert plan.read_bytes() == filled


def test_init_into_an_empty_git_folder_and_bad_targets(run, tmp_path):
    (tmp_path / "repo" / ".git").mkdir(parents=True)
    assert run("init", "repo", "--year", "2024").exit_code == 0
    (tmp_path / "file.yaml").write_text("x", encoding="utf-8")
    result = run("init", "file.yaml")
    assert result.exit_code == 2 and "không phải thư mục" in result.stderr
    result = run("init", "other", "--framework", "khong-co")
    assert result.exit_code == 2 and "khong-co" in result.stderr
    assert not (tmp_path / "other").exists() or not any((tmp_path / "other").iterdir())


# -- new -------------------------------------------------------------------

def test_new_moves_the_year_on_and_carries_tasks(run, tmp_path):
    source = copy_dak_nong(tmp_path)
    result = run("new", "--from", "plans/dak-nong/2021.yaml", "--year", "2022")
    assert result.exit_code == 0, result.output
    out = tmp_path / "plans" / "dak-nong" / "2022.yaml"
    assert "đã ghi plans/dak-nong/2022.yaml" in result.stderr

    doc = load_document(out)
    plan = doc.model
    assert (plan.framework, plan.unit, plan.year, plan.baseline_year) == ("tinh-2020", "UBND tỉnh Đắk Nông", 2022, 2021)
    assert plan.totals is None
    assert plan.document.number is None and plan.document.date is None
    assert plan.document.appendix_title.endswith("tỉnh Đắk Nông năm 2022")
    assert [e.code for e in plan.entries] == framework_codes()
    old = entries(source)
    for entry in plan.entries:
        assert entry.baseline is None and entry.target is None and entry.deducted is None
        if entry.code in old:
            assert entry.tasks == old[entry.code].tasks
            assert entry.lead == old[entry.code].lead
            assert entry.deadline == old[entry.code].deadline

    text = out.read_text(encoding="utf-8")
    block = text[text.index('- code: "1.5"'):text.index('- code: "1.6"')]
    assert block.splitlines()[:3] == [
        '- code: "1.5"  # Sáng kiến hoặc giải pháp mới trong cải cách hành chính (tối đa 2)',
        "  baseline:",
        "  target:  # mục tiêu năm 2021: 1",
    ]
    assert source.read_bytes() == DAK_NONG.read_bytes()

    checked = run("validate", str(out), "--format", "json")
    assert checked.exit_code == 0
    report = json.loads(checked.stdout)
    assert report["errors"] == 0
    assert {d["code"] for d in report["diagnostics"]} <= {"PAR211", "PAR214"}   # PAR214: targets to fill (issue 11)

    again = run("new", "--from", "plans/dak-nong/2021.yaml", "--year", "2022")   # its own output: replaced
    assert again.exit_code == 0, again.output
    assert out.read_text(encoding="utf-8") == text
    out.write_text(text.replace("  baseline:\n", "  baseline: 1\n", 1), encoding="utf-8")
    edited = out.read_bytes()
    refused = run("new", "--from", "plans/dak-nong/2021.yaml", "--year", "2022")   # edited by the user
    assert refused.exit_code == 2 and "--overwrite" in refused.stderr and str(out.name) in refused.stderr
    assert out.read_bytes() == edited
    assert run("new", "--from", "plans/dak-nong/2021.yaml", "--year", "2022", "--force").exit_code == 2
    assert out.read_bytes() == edited
    assert run("new", "--from", "plans/dak-nong/2021.yaml", "--year", "2022", "--overwrite").exit_code == 0
    assert out.read_text(encoding="utf-8") == text


def test_new_fills_baselines_from_a_csv_and_report_uses_them(run, tmp_path):
    copy_dak_nong(tmp_path)
    (tmp_path / "ket-qua.csv").write_text(
        "Mã;Tên tiêu chí;Điểm\n1.1;Thực hiện kế hoạch CCHC;1,5\n1.3.2;Xử lý;0,75\n2.4;Tác động;3,43\n"
        "8.1;SIPAS;8.45\n;TỔNG ĐIỂM;80\n", encoding="utf-8-sig")
    result = run("new", "--from", "plans/dak-nong/2021.yaml", "--results", "ket-qua.csv")
    assert result.exit_code == 0, result.output
    out = tmp_path / "plans" / "dak-nong" / "2022.yaml"
    got = entries(out)
    assert (got["1.1"].baseline, got["1.1"].deducted) == (Decimal("1.5"), Decimal("0"))
    assert (got["1.3.2"].baseline, got["1.3.2"].deducted) == (Decimal("0.75"), Decimal("0.25"))
    assert (got["2.4"].baseline, got["2.4"].deducted) == (Decimal("3.43"), Decimal("1.57"))
    assert got["1.3"].baseline is None and got["1.2"].baseline is None
    text = out.read_text(encoding="utf-8")
    assert '- code: "1.3.2"  # Xử lý các vấn đề phát hiện qua kiểm tra (tối đa 1)\n  baseline: 0.75\n' \
           '  target:  # mục tiêu năm 2021: 1\n  deducted: 0.25\n' in text
    assert run("validate", str(out)).exit_code == 0

    report = run("report", str(out), "--format", "json")
    assert report.exit_code == 0, report.output
    data = json.loads(report.stdout)
    assert [(x["code"], x["lost"]) for x in data["losses"]] == [("2.4", "1.57"), ("8.1", "1.55"), ("1.3.2", "0.25")]
    leads = {x["lead"]: x for x in data["leads"]}
    assert (leads["Sở Nội vụ"]["at_stake"], leads["Sở Nội vụ"]["to_win"]) == ("1.8", None)   # no target yet: null, not 0
    assert "1.3.2" in leads["Sở Nội vụ"]["items"]


def test_new_reads_results_from_xlsx_and_yaml(run, tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    copy_dak_nong(tmp_path)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["KẾT QUẢ CHỈ SỐ CCHC NĂM 2021"])
    sheet.append([])
    sheet.append(["STT", "Nội dung", "Điểm đạt được"])
    sheet.append(["1.2", "Báo cáo", 0.25])
    sheet.append([2, "Lĩnh vực 2 (chưa đủ số liệu)", None])
    sheet.append(["7.1.10", "Hệ thống báo cáo", "0,5"])
    book.save(tmp_path / "kq.xlsx")
    result = run("new", "--from", "plans/dak-nong/2021.yaml", "--results", "kq.xlsx", "-o", "x.yaml")
    assert result.exit_code == 0, result.output
    got = entries(tmp_path / "x.yaml")
    assert (got["1.2"].baseline, got["1.2"].deducted) == (Decimal("0.25"), Decimal("0.25"))
    assert got["7.1.10"].baseline == Decimal("0.5") and got["7.1.1"].baseline is None

    (tmp_path / "kq.yaml").write_text('"1.2": 0.5\n7.1.10: 0.25\n', encoding="utf-8")
    result = run("new", "--from", "plans/dak-nong/2021.yaml", "--results", "kq.yaml", "-o", "y.yaml")
    assert result.exit_code == 0, result.output
    got = entries(tmp_path / "y.yaml")
    assert got["1.2"].baseline == Decimal("0.5") and got["7.1.10"].baseline == Decimal("0.25")
    assert got["1.1"].baseline is None  # "7.1.10" was not read as 7.11 or 7.1.1


def test_new_reports_bad_results_and_writes_nothing(run, tmp_path):
    copy_dak_nong(tmp_path)
    (tmp_path / "bad.csv").write_text(
        'code,name,score\n1.1,x,"1,5"\n1.2,y,0.7\n9.9,z,1\n1.3.1,a,abc\n1.1,again,1\n', encoding="utf-8")
    result = run("new", "--from", "plans/dak-nong/2021.yaml", "--year", "2022", "--results", "bad.csv")
    assert result.exit_code == 1
    found = re.findall(r"^(\S+?):(\d+):(\d+): error (PAR\d+) \[(\S+) (\S+)\]", result.stderr, re.M)
    assert found == [("bad.csv", "3", "3", "PAR201", "1.2", "baseline"),
                     ("bad.csv", "4", "1", "PAR204", "9.9", "code"),
                     ("bad.csv", "5", "3", "PAR004", "1.3.1", "baseline"),
                     ("bad.csv", "6", "1", "PAR101", "1.1", "code")]
    assert "không ghi tệp nào" in result.stderr
    assert not (tmp_path / "plans" / "dak-nong" / "2022.yaml").exists()

    # a published area score its sub-criteria do not add up to
    (tmp_path / "area.yaml").write_text(dedent("""
        "2": 9
        "2.1.1": 1
        "2.1.2": 1
        "2.2.1": 0.5
        "2.2.2": 1
        "2.3": 1.5
        "2.4": "3,43"
        """), encoding="utf-8")
    result = run("new", "--from", "plans/dak-nong/2021.yaml", "--results", "area.yaml", "--lang", "en")
    assert result.exit_code == 1
    assert "area.yaml:1:6: error PAR203 [2 baseline] baseline is declared as 9 but its children add up to 8.43" \
        in result.stderr
    assert "nothing written" in result.stderr
    assert sorted(p.name for p in (tmp_path / "plans" / "dak-nong").iterdir()) == ["2021.yaml"]


def test_new_usage_errors(run, tmp_path):
    source = copy_dak_nong(tmp_path)
    (tmp_path / "r.csv").write_text("code,score\n1.1,1.5\n", encoding="utf-8")
    cases = [
        (["--from", "nope.yaml"], "không có tệp kế hoạch: nope.yaml"),
        (["--from", "plans"], "không phải thư mục"),
        (["--from", str(source), "-o", "plans/dak-nong/2021.yaml"], "không ghi đè tệp đầu vào"),
        (["--from", str(source), "--results", "r.csv", "-o", "r.csv"], "không ghi đè tệp đầu vào"),
        (["--from", str(source), "--results", "missing.csv"], "không có tệp kết quả"),
        (["--from", str(source), "--results", "plans/dak-nong/2021.yaml", "-o", "z.yaml"], None),
        (["--from", str(shipped_criteria_dir() / "tinh-2020.yaml"), "-o", "f.yaml"], "kind: framework"),
        (["--from", str(source), "--criteria", "no-such-dir"], "không có thư mục bộ tiêu chí"),
    ]
    for args, message in cases:
        result = run("new", *args)
        if message is None:  # a plan given as results: it is read, and its codes are not scores
            assert result.exit_code in (1, 2)
            continue
        assert result.exit_code == 2, (args, result.output)
        assert message in result.stderr, (args, result.stderr)
    assert source.read_bytes() == DAK_NONG.read_bytes()
    assert (tmp_path / "r.csv").read_text(encoding="utf-8") == "code,score\n1.1,1.5\n"


def test_new_refuses_a_source_whose_structure_is_broken(run, tmp_path, write):
    write("plans/x/2024.yaml", """
        kind: plan
        framework: tinh-2020
        unit: UBND tỉnh X
        year: 2024
        unlisted: full
        entries:
          - code: "1.1"
            tasks: [Làm việc A]
            lead: Sở Nội vụ
          - code: "9.9"
            tasks: [Việc sẽ bị mất]
        """)
    result = run("new", "--from", "plans/x/2024.yaml")
    assert result.exit_code == 1
    assert "PAR204 [9.9 code]" in result.stderr
    assert not (tmp_path / "plans" / "x" / "2025.yaml").exists()


def test_new_from_a_self_describing_remediation_plan(run, tmp_path):
    source = tmp_path / "qt.yaml"
    shutil.copyfile(ROOT / "plans" / "quang-tri" / "2024.yaml", source)
    result = run("new", "--from", "qt.yaml", "-o", "-")
    assert result.exit_code == 0, result.output
    (tmp_path / "qt-2025.yaml").write_text(result.stdout, encoding="utf-8")
    new = load_document(tmp_path / "qt-2025.yaml").model
    old = load_document(source).model
    assert (new.year, new.baseline_year, new.layout, new.unlisted) == (2025, 2024, "remediation", "full")
    assert [(e.code, e.name, e.max) for e in new.entries] == [(e.code, e.name, e.max) for e in old.entries]
    assert all(e.baseline is None and e.deducted is None and e.reason is None for e in new.entries)
    assert "\n  target:" not in result.stdout  # a remediation appendix has no target column
    assert "# reason: lý do bị trừ điểm năm 2024" in result.stdout
    assert run("validate", "qt-2025.yaml").exit_code == 0


# -- report ----------------------------------------------------------------

def test_report_json_contract_and_unit_names(run, tmp_path, write):
    nfd = unicodedata.normalize("NFD", "Sở Nội vụ")
    write("plan.yaml", f"""
        kind: plan
        unit: UBND huyện Thử
        year: 2025
        entries:
          - {{code: "1", name: Lĩnh vực một, max: 10}}
          - code: "1.1"
            name: Tiêu chí A
            max: 4
            baseline: 3
            target: 4
            tasks: [Làm A]
            lead: Sở Nội vụ
          - code: "1.2"
            name: Tiêu chí B
            max: 6
            baseline: 4.5
            target: 5.5
            tasks: [Làm B]
            lead: ["  Sở   Nội vụ ", Sở Tài chính]
          - {{code: "2", name: Lĩnh vực hai, max: 5}}
          - code: "2.1"
            name: Tiêu chí C
            max: 5
            baseline: 5
            target: 5
            lead: "{nfd}"
        """)
    result = run("report", "plan.yaml", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["plan"] == "plan.yaml"
    assert data["areas"] == [
        {"code": "1", "name": "Lĩnh vực một", "max": "10", "baseline": "7.5", "target": "9.5",
         "baseline_index": "75.00", "target_index": "95.00"},
        {"code": "2", "name": "Lĩnh vực hai", "max": "5", "baseline": "5", "target": "5",
         "baseline_index": "100.00", "target_index": "100.00"},
    ]
    assert data["total"]["baseline"] == "12.5" and data["total"]["baseline_index"] == "83.33"
    assert [(x["code"], x["name"], x["lost"]) for x in data["losses"]] == [
        ("1.2", "Tiêu chí B", "1.5"), ("1.1", "Tiêu chí A", "1")]
    assert [(x["lead"], x["items"], x["at_stake"], x["to_win"]) for x in data["leads"]] == [
        ("Sở Nội vụ", ["1.1", "1.2", "2.1"], "2.5", "2"),
        ("Sở Tài chính", ["1.2"], "1.5", "1"),
    ]
    assert data["leads"][0]["tasks"] == [{"code": "1.1", "task": "Làm A"}, {"code": "1.2", "task": "Làm B"}]
    assert data["unassigned"] is None

    text = run("report", "plan.yaml")
    assert text.exit_code == 0
    assert re.search(r"^1\s+Lĩnh vực một\s+10\s+7,5\s+75,00%\s+9,5\s+95,00%$", text.stdout, re.M)
    assert "1. Sở Nội vụ: 3 tiêu chí; điểm chưa đạt năm 2024: 2,5; mục tiêu năm 2025 lấy lại: 2" in text.stdout
    english = run("report", "plan.yaml", "--lang", "en")
    assert "1. Sở Nội vụ: 3 criteria; points lost in 2024: 2.5; won back by the 2025 targets: 2" in english.stdout


def test_report_on_dak_nong_prints_and_writes_docx_and_md(run, tmp_path):
    source = copy_dak_nong(tmp_path)
    result = run("report", "plans/dak-nong/2021.yaml", "--format", "json")
    assert result.exit_code == 1  # the document's own sums are wrong (docs/real-mistakes.md)
    assert "báo cáo dùng số liệu như ghi trong tệp" in result.stderr
    data = json.loads(result.stdout)
    assert data["areas"][0] == {"code": "1", "name": "Công tác chỉ đạo, điều hành CCHC", "max": "8.5",
                                "baseline": "7.5", "target": "7.5", "baseline_index": "88.24",
                                "target_index": "88.24"}
    assert (data["total"]["baseline"], data["total"]["target"]) == ("82.05", "89.37")
    assert data["losses"][0] == {"code": "2.4", "name": data["losses"][0]["name"], "lost": "1.57", "max": "5",
                                 "baseline": "3.43", "leads": ["Sở Tư pháp"]}
    lost = [Decimal(x["lost"]) for x in data["losses"]]
    assert lost == sorted(lost, reverse=True) and min(lost) > 0
    leads = {x["lead"]: x for x in data["leads"]}
    assert (leads["Sở Nội vụ"]["at_stake"], leads["Sở Nội vụ"]["to_win"]) == ("5.25", "1.45")
    assert data["unassigned"]["items"][:2] == ["3.3.2", "3.3.3"]

    result = run("report", "plans/dak-nong/2021.yaml", "--docx", "out/bao-cao.docx", "--md", "bao-cao.md", "--top", "3")
    assert result.exit_code == 1
    assert result.stdout == ""   # the report went to the files: only what was written is said
    assert "đã ghi bao-cao.md\nđã ghi out/bao-cao.docx\n" in result.stderr
    md = (tmp_path / "bao-cao.md").read_text(encoding="utf-8")
    assert "**CÁC TIÊU CHÍ BỊ TRỪ NHIỀU ĐIỂM NHẤT NĂM 2020**" in md
    assert "| **I** | **Sở Nội vụ** |  |  | **5,25** |  | **1,45** |  | " in md
    docx = pytest.importorskip("docx")
    document = docx.Document(str(tmp_path / "out" / "bao-cao.docx"))
    assert len(document.tables) == 3
    areas = [[c.text for c in row.cells] for row in document.tables[0].rows]
    assert areas[1][:7] == ["1", "Công tác chỉ đạo, điều hành CCHC", "8,5", "7,5", "88,24%", "7,5", "88,24%"]
    assert areas[-1][1:5] == ["TỔNG ĐIỂM", "100", "82,05", "82,05%"]
    assert len(document.tables[1].rows) == 1 + 3
    leads = [[c.text for c in row.cells] for row in document.tables[2].rows]
    assert leads[1][:2] == ["I", "Sở Nội vụ"] and leads[2][:2] == ["1.1", "Thực hiện kế hoạch CCHC"]

    refused = run("report", "plans/dak-nong/2021.yaml", "--docx", "plans/dak-nong/2021.yaml")
    assert refused.exit_code == 2 and "không ghi đè tệp đầu vào" in refused.stderr
    assert source.read_bytes() == DAK_NONG.read_bytes()


def test_report_usage_errors(run, tmp_path):
    for args, message in [
        (["nope.yaml"], "không có tệp hoặc thư mục: nope.yaml"),
        ([str(shipped_criteria_dir() / "tinh-2020.yaml")], "report cần một kế hoạch"),
        ([str(ROOT / "plans")], "không phải thư mục"),
    ]:
        result = run("report", *args)
        assert result.exit_code == 2, result.output
        assert message in result.stderr


# -- schema ----------------------------------------------------------------

def _without_const_types(node):
    """Pydantic releases differ only in whether a Literal's `const` also says
    `"type": "string"`: the same schema either way."""
    if isinstance(node, dict):
        return {k: _without_const_types(v) for k, v in node.items() if not (k == "type" and "const" in node)}
    if isinstance(node, list):
        return [_without_const_types(v) for v in node]
    return node


def test_shipped_schemas_are_up_to_date():
    for kind in KINDS:
        shipped = ROOT / "schemas" / f"{kind}.json"
        assert shipped.is_file(), "run: parplan schema --write schemas"
        shipped_schema = json.loads(shipped.read_text(encoding="utf-8"))
        shipped_schema.pop("$comment", None)   # the seal `schema --write` adds
        assert _without_const_types(shipped_schema) == _without_const_types(json.loads(schema_text(kind))), \
            f"schemas/{kind}.json is stale: run `parplan schema --write schemas --overwrite`"


def test_schema_command_prints_and_writes(run, tmp_path):
    result = run("schema", "plan")
    assert result.exit_code == 0
    assert result.stdout == schema_text("plan")
    result = run("schema", "--write", "out/schemas")
    assert result.exit_code == 0
    assert sorted(p.name for p in (tmp_path / "out" / "schemas").iterdir()) == [
        "budget.json", "framework.json", "plan.json", "targets.json"]
    assert run("schema", "nope").exit_code == 2
    assert run("schema").exit_code == 2


def test_every_field_has_a_vietnamese_description():
    for kind in KINDS:
        schema = json.loads(schema_text(kind))
        objects = [("", schema)] + list(schema["$defs"].items()) if "$defs" in schema else [("", schema)]
        for name, node in objects:
            assert node.get("description"), (kind, name)
            assert node.get("additionalProperties") is False, (kind, name)
            for prop, spec in node.get("properties", {}).items():
                assert spec.get("description"), (kind, name, prop)
                assert "title" not in spec
        assert set(schema["properties"]) == set(MODELS[kind].model_fields)


def test_schemas_accept_the_shipped_files_and_reject_typos():
    jsonschema = pytest.importorskip("jsonschema")
    from parplan.load.yamlsrc import load_path

    files = sorted((ROOT / "plans").rglob("*.yaml")) + sorted((ROOT / "criteria").glob("*.yaml"))
    for path in files:
        data = load_path(path).data
        validator = jsonschema.Draft202012Validator(json.loads(schema_text(data["kind"])))
        assert not list(validator.iter_errors(data)), path
    validator = jsonschema.Draft202012Validator(json.loads(schema_text("plan")))
    typo = {"kind": "plan", "unit": "x", "year": 2024, "entries": [{"code": "1.1", "baselin": 1}]}
    assert list(validator.iter_errors(typo))
    ok = {"kind": "plan", "unit": "x", "year": 2024, "entries": [{"code": "1.1", "baseline": "1,5", "lead": "A"}]}
    assert not list(validator.iter_errors(ok))


# -- frameworks ------------------------------------------------------------

def test_frameworks_lists_shipped_and_workspace(run, tmp_path, write):
    write("criteria/so-2024.yaml", """
        kind: framework
        id: so-2024
        title: Bộ tiêu chí cấp sở
        level: so
        applies_from: 2024
        applies_to: 2025
        total: 10
        items:
          - code: "1"
            name: Một
            max: 6
            items:
              - {code: "1.1", name: A, max: 2}
              - {code: "1.2", name: B, max: 4}
          - {code: "2", name: Hai, max: 4}
        """)
    result = run("frameworks")
    assert result.exit_code == 0, result.output
    rows = {line.split()[0]: line for line in result.stdout.splitlines()[1:]}
    assert re.match(r"tinh-2020\s+tinh\s+2020–\s+100\s+8 / 43 / 66\s+có\s+có sẵn: ", rows["tinh-2020"])
    assert re.match(r"so-2024\s+so\s+2024–2025\s+10\s+2 / 2\s+có\s+không gian làm việc: criteria/so-2024.yaml",
                    rows["so-2024"])

    write("criteria/broken.yaml", """
        kind: framework
        id: xa-2024
        title: Sai tổng
        level: xa
        total: 10
        items:
          - code: "1"
            name: Một
            max: 10
            items:
              - {code: "1.1", name: A, max: 3}
        """)
    result = run("frameworks", "--format", "json", "--lang", "en")
    assert result.exit_code == 1
    listed = {f["id"]: f for f in json.loads(result.stdout)["frameworks"]}
    assert listed["tinh-2020"]["origin"] == "shipped" and listed["tinh-2020"]["adds_up"] is True
    assert listed["so-2024"] == {"id": "so-2024", "title": "Bộ tiêu chí cấp sở", "level": "so", "applies_from": 2024,
                                 "applies_to": 2025, "total": "10", "items_per_level": [2, 2], "adds_up": True,
                                 "errors": 0, "origin": "workspace", "file": "criteria/so-2024.yaml",
                                 "overridden_by": None}
    assert (listed["xa-2024"]["adds_up"], listed["xa-2024"]["errors"]) == (False, 1)
    assert run("frameworks", "--criteria", "nope").exit_code == 2


# -- the whole path, and the light import of validate ---------------------

def test_five_commands_from_init_to_report(run, tmp_path, monkeypatch):
    assert run("init", "dak-nong", "--unit", "UBND tỉnh Đắk Nông", "--year", "2024").exit_code == 0
    monkeypatch.chdir(tmp_path / "dak-nong")
    plan = Path("plans/dak-nong/2024.yaml")
    text = plan.read_text(encoding="utf-8").replace(
        '- code: "1.1"  # Thực hiện kế hoạch CCHC (tối đa 1.5)\n  baseline:\n  target:\n  tasks:\n  lead:\n',
        '- code: "1.1"  # Thực hiện kế hoạch CCHC (tối đa 1.5)\n  baseline: 1\n  target: 1.5\n'
        '  tasks:\n  - Hoàn thành 100% kế hoạch CCHC.\n  lead: Sở Nội vụ\n')
    plan.write_text(text, encoding="utf-8")
    Path("ket-qua-2024.csv").write_text('code,score\n1.1,"1,25"\n2.4,4\n', encoding="utf-8")

    assert run("validate", "plans/").exit_code == 0
    made = run("new", "--from", "plans/dak-nong/2024.yaml", "--year", "2025", "--results", "ket-qua-2024.csv")
    assert made.exit_code == 0, made.output
    assert run("validate", "plans/dak-nong/2025.yaml").exit_code == 0
    report = run("report", "plans/dak-nong/2025.yaml", "--docx", "to-chuc-thuc-hien-2025.docx")
    assert report.exit_code == 0, report.output

    new_text = Path("plans/dak-nong/2025.yaml").read_text(encoding="utf-8")
    assert new_text.startswith("# yaml-language-server: $schema=../../schemas/plan.json\n")
    assert "  baseline: 1.25\n  target:  # mục tiêu năm 2024: 1.5\n  deducted: 0.25\n" in new_text
    report = run("report", "plans/dak-nong/2025.yaml")
    assert "1. Sở Nội vụ: 1 tiêu chí; điểm chưa đạt năm 2024: 0,25; mục tiêu năm 2025 lấy lại: chưa nhập mục tiêu" \
        in report.stdout
    assert "Mục tiêu năm 2025: chưa nhập mục tiêu.\n" in report.stdout
    assert Path("to-chuc-thuc-hien-2025.docx").stat().st_size > 0

    elsewhere = run("new", "--from", "plans/dak-nong/2024.yaml", "-o", "drafts/2025.yaml")
    assert elsewhere.exit_code == 0, elsewhere.output
    assert Path("drafts/2025.yaml").read_text(encoding="utf-8").startswith(
        "# yaml-language-server: $schema=../schemas/plan.json\n")


def test_validate_does_not_load_the_render_stack():
    code = ("import sys; import parplan.cli; "
            "heavy = [m for m in ('docx', 'openpyxl', 'jinja2') if m in sys.modules]; "
            "print(','.join(heavy))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_pre_commit_hooks_file():
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    hook = next(h for h in hooks if h["id"] == "parplan-validate")
    assert hook["entry"] == "parplan validate" and hook["language"] == "python"
    pattern = re.compile(hook["files"])
    assert pattern.search("plans/dak-nong/2021.yaml") and pattern.search("office/criteria/tinh.yml")
    assert not pattern.search(".pre-commit-config.yaml") and not pattern.search("docs/x.yaml")
