"""`parplan summary`: many units' plans at once (issue 14).

Six plans of three units (A, B, C) for 2023 and 2024, scored against the
mini framework (areas 1 = 4 points: 1.1 = 1,5, 1.2.1 = 1, 1.2.2 = 1,5;
2 = 6 points: 2.1 = 2, 2.2 = 4; total 10), plus one unreadable file. Every
expected number below is worked out by hand in the comments.
"""
from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from decimal import Decimal

import pytest
from typer.testing import CliRunner

from parplan import summary as summarising
from parplan.cli import app

from conftest import CASES, ROOT

HEAD = """\
kind: plan
framework: mini-2024
unit: {unit}
year: {year}
entries:
"""

PNV, VP = "Phòng Nội vụ", "Văn phòng HĐND và UBND huyện"

PLANS = {
    # A 2023: baseline 1,5+0,5+1+2+3 = 8 (80,00%); target 1,5+0,75+1+2+3,5 = 8,75 (87,50%); gain 0,75
    "a-2023.yaml": HEAD.format(unit="UBND huyện A", year=2023) + f"""\
  - {{code: "1.1", baseline: 1.5, target: 1.5}}
  - {{code: "1.2.1", baseline: 0.5, target: 0.75, tasks: [Kiểm tra đủ], lead: {PNV}}}
  - {{code: "1.2.2", baseline: 1, target: 1, tasks: [Xử lý], lead: {PNV}}}
  - {{code: "2.1", baseline: 2, target: 2}}
  - {{code: "2.2", baseline: 3, target: 3.5, tasks: [Giải quyết đúng hạn], lead: {VP}}}
""",
    # A 2024: baseline 1,5+1+1,25+1,5+3,5 = 8,75 (87,50%); target 1,5+1+1,5+2+3,75 = 9,75 (97,50%);
    # 2.2: target 3,75 < 4 without a task (PAR210, without_task 1); the lead of 1.2.2 has a double space
    "a-2024.yaml": HEAD.format(unit="UBND  huyện A", year=2024) + f"""\
  - {{code: "1.1", baseline: 1.5, target: 1.5}}
  - {{code: "1.2.1", baseline: 1, target: 1}}
  - {{code: "1.2.2", baseline: 1.25, target: 1.5, tasks: [Xử lý], lead: "Phòng  Nội vụ"}}
  - {{code: "2.1", baseline: 1.5, target: 2, tasks: [Công khai], lead: {VP}}}
  - {{code: "2.2", baseline: 3.5, target: 3.75}}
""",
    # B 2023: baseline 1+1+1,5+2+2,5 = 8 (80,00%, tied with A); target 1,5+1+1,5+2+3 = 9 (90,00%)
    "b-2023.yaml": HEAD.format(unit="UBND huyện B", year=2023) + f"""\
  - {{code: "1.1", baseline: 1, target: 1.5, tasks: [Hoàn thành kế hoạch], lead: {PNV}}}
  - {{code: "1.2.1", baseline: 1, target: 1}}
  - {{code: "1.2.2", baseline: 1.5, target: 1.5}}
  - {{code: "2.1", baseline: 2, target: 2}}
  - {{code: "2.2", baseline: 2.5, target: 3, tasks: [Giải quyết đúng hạn], lead: {VP}}}
""",
    # B 2024: one error (PAR208: deducted 0,4 but 4 − 2,5 = 1,5); numbers unaffected:
    # baseline 1,5+1+1,5+2+2,5 = 8,5 (85,00%); target 1,5+1+1,5+2+3,5 = 9,5 (95,00%)
    "b-2024.yaml": HEAD.format(unit="UBND huyện B", year=2024) + f"""\
  - {{code: "1.1", baseline: 1.5, target: 1.5}}
  - {{code: "1.2.1", baseline: 1, target: 1}}
  - {{code: "1.2.2", baseline: 1.5, target: 1.5}}
  - {{code: "2.1", baseline: 2, target: 2}}
  - {{code: "2.2", baseline: 2.5, deducted: 0.4, target: 3.5, tasks: [Giải quyết đúng hạn], lead: {VP}}}
""",
    # C 2023: baseline 1,5+0,5+1+1+3 = 7 (70,00%); 2.2 has no target, so no target total;
    # without_task: 1.2.2 (target 1 < 1,5) and 2.2 (no target, baseline 3 < 4) = 2
    "c-2023.yaml": HEAD.format(unit="UBND huyện C", year=2023) + f"""\
  - {{code: "1.1", baseline: 1.5, target: 1.5}}
  - {{code: "1.2.1", baseline: 0.5, target: 0.75, tasks: [Kiểm tra], lead: {PNV}}}
  - {{code: "1.2.2", baseline: 1, target: 1}}
  - {{code: "2.1", baseline: 1, target: 1.5, tasks: [Công khai], lead: {VP}}}
  - {{code: "2.2", baseline: 3}}
""",
    # C 2024: 1.2.1 does not apply: applicable max 9, baseline 9 (100,00%), target 9
    "c-2024.yaml": HEAD.format(unit="UBND huyện C", year=2024) + f"""\
  - {{code: "1.1", baseline: 1.5, target: 1.5, lead: {PNV}}}
  - {{code: "1.2.1", applicable: false}}
  - {{code: "1.2.2", baseline: 1.5, target: 1.5}}
  - {{code: "2.1", baseline: 2, target: 2}}
  - {{code: "2.2", baseline: 4, target: 4}}
""",
    "broken.yaml": "kind: plan\nunit: [UBND huyện D\nyear: 2024\n",
}


@pytest.fixture
def workspace(tmp_path, monkeypatch):
    (tmp_path / "criteria").mkdir()
    shutil.copy(CASES / "criteria" / "mini-2024.yaml", tmp_path / "criteria" / "mini-2024.yaml")
    (tmp_path / "plans").mkdir()
    for name, text in PLANS.items():
        (tmp_path / "plans" / name).write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("PARPLAN_LANG", raising=False)
    return tmp_path


def run(*args: str):
    return CliRunner().invoke(app, ["summary", *args])


def unit_rows(data):
    return [(u["year"], u["rank"], u["rank_change"], u["unit"], u["file"]) for u in data["units"]]


def test_json_every_unit_number(workspace):
    result = run("plans", "--format", "json")
    assert result.exit_code == 1, result.output        # B 2024 has an error, broken.yaml is unreadable
    data = json.loads(result.stdout)
    assert set(data) >= {"units", "areas", "criteria", "leads", "trends", "unreadable"}
    # 2023: A and B tie at 80,00% (rank 1, 1), C is third; 2024: C 100, A 87,5, B 85
    assert unit_rows(data) == [
        (2023, 1, None, "UBND huyện A", "plans/a-2023.yaml"),
        (2023, 1, None, "UBND huyện B", "plans/b-2023.yaml"),
        (2023, 3, None, "UBND huyện C", "plans/c-2023.yaml"),
        (2024, 1, 2, "UBND huyện C", "plans/c-2024.yaml"),     # 3 -> 1: up two
        (2024, 2, -1, "UBND huyện A", "plans/a-2024.yaml"),    # 1 -> 2
        (2024, 3, -2, "UBND huyện B", "plans/b-2024.yaml"),    # 1 -> 3
    ]
    figures = {(u["unit"], u["year"]): (u["max"], u["baseline"], u["target"], u["baseline_index"],
                                        u["target_index"], u["gain"], u["errors"], u["without_target"],
                                        u["without_task"], u["layout"], u["framework"], u["baseline_year"])
               for u in data["units"]}
    assert figures == {
        ("UBND huyện A", 2023): ("10", "8", "8.75", "80.00", "87.50", "0.75", 0, 0, 0, "improvement", "mini-2024", 2022),
        ("UBND huyện B", 2023): ("10", "8", "9", "80.00", "90.00", "1", 0, 0, 0, "improvement", "mini-2024", 2022),
        ("UBND huyện C", 2023): ("10", "7", None, "70.00", None, None, 0, 1, 2, "improvement", "mini-2024", 2022),
        ("UBND huyện C", 2024): ("9", "9", "9", "100.00", "100.00", "0", 0, 0, 0, "improvement", "mini-2024", 2023),
        ("UBND huyện A", 2024): ("10", "8.75", "9.75", "87.50", "97.50", "1", 0, 0, 1, "improvement", "mini-2024", 2023),
        ("UBND huyện B", 2024): ("10", "8.5", "9.5", "85.00", "95.00", "1", 1, 0, 0, "improvement", "mini-2024", 2023),
    }
    # area indexes: A 2023 area 1 = 3 / 4 = 75,00%, area 2 = 5 / 6 = 83,33%; C 2024 area 1 = 3 / 3 (1.2.1 N/A)
    assert data["units"][0]["area_index"] == {"1": "75.00", "2": "83.33"}
    assert data["units"][3]["area_index"] == {"1": "100.00", "2": "100.00"}
    errors = {(u["unit"], u["year"]): u["error_codes"] for u in data["units"] if u["errors"]}
    assert errors == {("UBND huyện B", 2024): ["PAR208"]}


def test_warnings_are_validates(workspace):
    """errors and warnings per plan are exactly what `validate` reports for that file."""
    data = json.loads(run("plans", "--format", "json").stdout)
    for unit in data["units"]:
        checked = json.loads(CliRunner().invoke(app, ["validate", unit["file"], "--format", "json"]).stdout)
        assert (unit["errors"], unit["warnings"]) == (checked["errors"], checked["warnings"]), unit["file"]
    warned = {(u["unit"], u["year"]): u["warnings"] for u in data["units"]}
    assert warned[("UBND huyện A", 2024)] >= 1          # PAR210 on 2.2 at least
    assert warned[("UBND huyện A", 2023)] == 0 and warned[("UBND huyện B", 2023)] == 0


def test_unreadable_files_are_listed_not_dropped(workspace):
    data = json.loads(run("plans", "--format", "json").stdout)
    assert [u["file"] for u in data["unreadable"]] == ["plans/broken.yaml"]
    assert [e["code"] for e in data["unreadable"][0]["errors"]] == ["PAR001"]
    assert data["files"] == 7 and data["skipped"] == []


def test_loss_table_counts_each_unit_by_its_latest_plan(workspace):
    data = json.loads(run("plans", "--format", "json").stdout)
    # 2024 plans: A loses 1.2.2 0,25, 2.1 0,5, 2.2 0,5 (area 1: 0,25, area 2: 1);
    # B loses 2.2 1,5 (area 2: 1,5); C loses nothing (1.2.1 does not apply)
    assert data["areas"] == [
        {"code": "2", "name": "Cải cách thủ tục hành chính", "max": "6", "units_losing": 2, "points_lost": "2.5",
         "framework": "mini-2024"},
        {"code": "1", "name": "Công tác chỉ đạo, điều hành CCHC", "max": "4", "units_losing": 1,
         "points_lost": "0.25", "framework": "mini-2024"},
    ]
    assert [(c["code"], c["name"], c["max"], c["units_losing"], c["points_lost"]) for c in data["criteria"]] == [
        ("2.2", "Kết quả giải quyết hồ sơ TTHC", "4", 2, "2"),
        ("2.1", "Công khai TTHC", "2", 1, "0.5"),
        ("1.2.2", "Xử lý vấn đề phát hiện qua kiểm tra", "1.5", 1, "0.25"),
    ]


def test_leads_summed_over_all_plans(workspace):
    data = json.loads(run("plans", "--format", "json").stdout)
    # VP: A23 2.2 (1; 0,5) + A24 2.1 (0,5; 0,5) + B23 2.2 (1,5; 0,5) + B24 2.2 (1,5; 1) + C23 2.1 (1; 0,5)
    # PNV: A23 1.2.1 (0,5; 0,25) 1.2.2 (0,5; 0) + A24 1.2.2 (0,25; 0,25) + B23 1.1 (0,5; 0,5)
    #      + C23 1.2.1 (0,5; 0,25) + C24 1.1 (0; 0); "Phòng  Nội vụ" is the same unit
    assert data["leads"] == [
        {"lead": VP, "at_stake": "5.5", "to_win": "3", "items": 5, "plans": 5, "units": 3},
        {"lead": PNV, "at_stake": "2.25", "to_win": "1.25", "items": 6, "plans": 5, "units": 3},
    ]


def test_trends_and_target_attainment(workspace):
    data = json.loads(run("plans", "--format", "json").stdout)
    trends = {t["unit"]: t for t in data["trends"]}
    assert sorted(trends) == ["UBND huyện A", "UBND huyện B", "UBND huyện C"]
    assert [(y["year"], y["baseline_index"], y["target_index"], y["rank"]) for y in trends["UBND huyện A"]["years"]] == \
        [(2023, "80.00", "87.50", 1), (2024, "87.50", "97.50", 2)]
    # A's 2023 target 8,75 against the 2023 score (A 2024's baseline) 8,75: met exactly
    assert trends["UBND huyện A"]["attainment"] == [
        {"year": 2023, "target": "8.75", "achieved": "8.75", "gap": "0", "met": True, "file": "plans/a-2024.yaml"}]
    assert trends["UBND huyện B"]["attainment"] == [
        {"year": 2023, "target": "9", "achieved": "8.5", "gap": "-0.5", "met": False, "file": "plans/b-2024.yaml"}]
    assert trends["UBND huyện C"]["attainment"] == []   # C 2023 has no target total


def test_year_filter(workspace):
    result = run("plans", "--format", "json", "--year", "2024")
    data = json.loads(result.stdout)
    leads_2024 = data["leads"]
    assert data["year"] == 2024
    # the 2023 plans are read for the change of rank only
    assert unit_rows(data) == [(2024, 1, 2, "UBND huyện C", "plans/c-2024.yaml"),
                               (2024, 2, -1, "UBND huyện A", "plans/a-2024.yaml"),
                               (2024, 3, -2, "UBND huyện B", "plans/b-2024.yaml")]
    data = json.loads(run("plans", "--format", "json", "--year", "2023").stdout)
    assert unit_rows(data) == [(2023, 1, None, "UBND huyện A", "plans/a-2023.yaml"),
                               (2023, 1, None, "UBND huyện B", "plans/b-2023.yaml"),
                               (2023, 3, None, "UBND huyện C", "plans/c-2023.yaml")]
    # 2023 plans: each unit's latest is its 2023 plan; A loses 1.2.1 0,5, 1.2.2 0,5, 2.2 1;
    # B 1.1 0,5, 2.2 1,5; C 1.2.1 0,5, 1.2.2 0,5, 2.1 1, 2.2 1
    assert [(c["code"], c["units_losing"], c["points_lost"]) for c in data["criteria"]] == [
        ("2.2", 3, "3.5"), ("1.2.1", 2, "1"), ("1.2.2", 2, "1"), ("2.1", 1, "1"), ("1.1", 1, "0.5")]
    assert [(a["code"], a["units_losing"], a["points_lost"]) for a in data["areas"]] == [
        ("2", 3, "4.5"), ("1", 3, "2.5")]
    assert data["trends"] == []
    # leads only from the 2024 plans: VP A24 (0,5; 0,5) + B24 (1,5; 1); PNV A24 (0,25; 0,25) + C24 (0; 0)
    assert [(x["lead"], x["at_stake"], x["to_win"], x["plans"]) for x in leads_2024] == \
        [(VP, "2", "1.5", 2), (PNV, "0.25", "0.25", 2)]


def test_usage_errors(workspace):
    (workspace / "empty").mkdir()
    result = run("empty")
    assert result.exit_code == 2 and "không có tệp kế hoạch nào" in result.stderr
    result = run("plans", "--year", "2030")
    assert result.exit_code == 2 and "không có kế hoạch năm 2030" in result.stderr
    result = run("plans", "--year", "30")
    assert result.exit_code == 2
    result = run("plans", "--format", "xlsx")
    assert result.exit_code == 2 and "-o" in result.stderr
    result = run("criteria", "--lang", "en")
    assert result.exit_code == 2 and "only files of kind: framework" in result.stderr
    result = run("nowhere")
    assert result.exit_code == 2


def test_clean_plans_exit_zero_and_jobs_give_the_same_summary(workspace):
    (workspace / "plans" / "broken.yaml").unlink()
    (workspace / "plans" / "b-2024.yaml").unlink()
    one = run("plans", "--format", "json")
    assert one.exit_code == 0, one.output
    two = run("plans", "--format", "json", "--jobs", "2")
    assert two.exit_code == 0 and json.loads(two.stdout) == json.loads(one.stdout)


def test_text_table(workspace):
    result = run("plans", "--lang", "en")
    lines = result.stdout.splitlines()
    assert lines[1] == "7 files: 6 plans, 1 plans with errors, 1 unreadable files, 0 files of other kinds"
    row = next(line for line in lines if "UBND huyện B" in line and "2024" in line)
    assert row.split()[:3] == ["2024", "3", "−2"]
    assert "8.5" in row.split() and "85.00" in row.split()
    assert "plans/broken.yaml" in result.stdout


def test_markdown(workspace):
    md = run("plans", "--format", "md").stdout
    assert "| 2024 | 1 | +2 | UBND huyện C | 9 | 9 | 100,00 | 9 | 100,00 | 0 | 0 | 0 | 0 | 0 | plans/c-2024.yaml |" in md
    assert "| 2.2 | Kết quả giải quyết hồ sơ TTHC | mini-2024 | 4 | 2 | 2 |" in md
    assert f"| {VP} | 5 | 5 | 3 | 5,5 | 3 |" in md
    assert "## Tệp không đọc được (không đưa vào tổng hợp)" in md


def test_xlsx_has_one_sheet_per_part_and_real_numbers(workspace):
    from openpyxl import load_workbook

    result = run("plans", "--format", "xlsx", "-o", "summary.xlsx")
    assert result.exit_code == 1 and "đã ghi summary.xlsx" in result.stderr
    wb = load_workbook(workspace / "summary.xlsx")
    assert wb.sheetnames == ["Đơn vị", "Lĩnh vực", "Tiêu chí", "Đơn vị chủ trì", "Diễn biến", "Không đọc được"]
    units = wb["Đơn vị"]
    rows = [[c.value for c in row] for row in units.iter_rows(min_row=3)]
    assert rows[3][:10] == [2024, 1, 2, "UBND huyện C", 9, 9, 100, 9, 100, 0]
    b24 = rows[5]
    assert b24[3] == "UBND huyện B" and Decimal(str(b24[5])) == Decimal("8.5") and b24[10] == 1
    assert units["G5"].number_format == "0.00"
    areas = [[c.value for c in row] for row in wb["Lĩnh vực"].iter_rows(min_row=3)]
    assert [(r[0], r[4], Decimal(str(r[5]))) for r in areas] == [("2", 2, Decimal("2.5")), ("1", 1, Decimal("0.25"))]


def test_html_self_contained(workspace):
    result = run("plans", "--format", "html", "-o", "summary.html")
    assert result.exit_code == 1
    page = (workspace / "summary.html").read_text(encoding="utf-8")
    assert "http://" not in page.replace('xmlns="http://www.w3.org/2000/svg"', "") and "https://" not in page
    assert page.count('<rect class="bar') == 6
    assert 'data-unit="UBND huyện B" data-index="85,00"' in page


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed")
def test_html_loads_in_headless_chromium(workspace):
    run("plans", "--format", "html", "-o", "summary.html")
    with tempfile.TemporaryDirectory() as profile:
        dom = subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu",
                              "--disable-background-networking", "--disable-component-update", "--disable-sync",
                              "--no-first-run", f"--user-data-dir={profile}", "--dump-dom",
                              (workspace / "summary.html").as_uri()],
                             capture_output=True, text=True, timeout=120).stdout
    assert dom.count('<rect class="bar') == 6
    assert dom.count('<rect class="bar has-errors"') == 1            # B 2024
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="ranking"' in dom
    assert '<table class="heat">' in dom
    heat = dom.split('<table class="heat">')[1].split("</table>")[0]
    assert heat.count("<tr") == 7                                    # header + six plans
    assert "hsl(120, 70%, 80%)" in heat                              # C 2024: 100% in both areas
    assert "<b>2</b>: Cải cách thủ tục hành chính" in dom             # the area legend under the table


def test_library_streams_small_records(workspace):
    """The collector keeps no model: per plan a record of figures, per unit
    only the latest plan's losses."""
    collector = summarising.Collector()
    from parplan import api

    registry = api.registry_for([])
    for path in sorted((workspace / "plans").glob("*.yaml")):
        collector.add(summarising.summarise_file(path, registry))
    assert all(row.plan.losses == () and row.plan.leads == () for row in collector.rows)
    assert sorted(year for year, _, _ in collector.latest.values()) == [2024, 2024, 2024]


def test_shipped_plans(monkeypatch):
    monkeypatch.chdir(ROOT)
    result = run("plans", "--format", "json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    got = {u["file"]: (u["errors"], u["warnings"], u["rank"], u["baseline_index"]) for u in data["units"]}
    for file in got:
        checked = json.loads(CliRunner().invoke(app, ["validate", file, "--format", "json"]).stdout)
        assert got[file][:2] == (checked["errors"], checked["warnings"])
    assert {f: (g[2], g[3]) for f, g in got.items()} == {
        "plans/dak-nong/2021.yaml": (1, "82.05"),
        "plans/quang-tri/2024.yaml": (1, "86.25"),
        "plans/dak-rlap/2024.yaml": (2, "85.40"),
    }
    assert got["plans/dak-rlap/2024.yaml"][0] == 2                    # PAR203 area 1, PAR103 area 8
    assert sorted({s["kind"] for s in data["skipped"]}) == ["budget", "targets"]
    assert data["unreadable"] == []


# -- diff and report name the units -----------------------------------------------------

def test_diff_names_the_units_when_they_differ(workspace):
    md = CliRunner().invoke(app, ["diff", "plans/a-2023.yaml", "plans/b-2023.yaml", "--format", "md"]).stdout
    header = next(line for line in md.splitlines() if line.startswith("| STT"))
    assert header == ("| STT | Lĩnh vực/Tiêu chí | Điểm chuẩn | UBND huyện A – Đạt 2022 | UBND huyện B – Đạt 2022 | ± "
                      "| UBND huyện A – MT 2023 | UBND huyện B – MT 2023 | ± |")
    # the same unit (written with a double space in a-2024.yaml): plain labels, as before
    md = CliRunner().invoke(app, ["diff", "plans/a-2023.yaml", "plans/a-2024.yaml", "--format", "md"]).stdout
    header = next(line for line in md.splitlines() if line.startswith("| STT"))
    assert header == "| STT | Lĩnh vực/Tiêu chí | Điểm chuẩn | Đạt 2022 | Đạt 2023 | ± | MT 2023 | MT 2024 | ± | MT 2023 đạt? |"
    data = json.loads(CliRunner().invoke(app, ["diff", "plans/a-2023.yaml", "plans/b-2023.yaml",
                                               "--format", "json"]).stdout)
    assert (data["a"]["unit"], data["b"]["unit"]) == ("UBND huyện A", "UBND huyện B")


def test_diff_docx_names_the_units(workspace):
    from docx import Document

    result = CliRunner().invoke(app, ["diff", "plans/a-2023.yaml", "plans/c-2023.yaml", "--docx", "d.docx"])
    assert result.exit_code == 0, result.output
    header = [c.text for c in Document(str(workspace / "d.docx")).tables[-1].rows[0].cells]
    assert "UBND huyện A – Điểm 2022 đạt được" in header and "UBND huyện C – Mục tiêu năm 2023" in header


def test_report_accepts_several_plans(workspace):
    one = CliRunner().invoke(app, ["report", "plans/a-2023.yaml", "--format", "json"])
    assert one.exit_code == 0 and json.loads(one.stdout)["plan"] == "plans/a-2023.yaml"   # unchanged: an object
    both = CliRunner().invoke(app, ["report", "plans/a-2023.yaml", "plans/c-2024.yaml", "--format", "json"])
    assert both.exit_code == 0, both.output
    data = json.loads(both.stdout)
    assert [(r["plan"], r["unit"], r["total"]["baseline"]) for r in data] == [
        ("plans/a-2023.yaml", "UBND huyện A", "8"), ("plans/c-2024.yaml", "UBND huyện C", "9")]
    assert data[0] == json.loads(one.stdout)
    text = CliRunner().invoke(app, ["report", "plans/a-2023.yaml", "plans/c-2024.yaml", "--lang", "en"]).stdout
    assert [line for line in text.splitlines() if line.startswith("Plan report")] == [
        "Plan report UBND huyện A, year 2023 (scores of 2022)  [plans/a-2023.yaml]",
        "Plan report UBND huyện C, year 2024 (scores of 2023)  [plans/c-2024.yaml]"]
    md = CliRunner().invoke(app, ["report", "plans/a-2023.yaml", "plans/c-2024.yaml", "--format", "md"]).stdout
    assert "Biểu 1 – UBND huyện A" in md and "Biểu 1 – UBND huyện C" in md
    # a plan with errors is reported from its numbers as written, the unreadable one is not; exit 1
    mixed = CliRunner().invoke(app, ["report", "plans/b-2024.yaml", "plans/broken.yaml", "--format", "json"])
    assert mixed.exit_code == 1
    assert [r["plan"] for r in json.loads(mixed.stdout)] == ["plans/b-2024.yaml"]
    assert "plans/broken.yaml: không lập được báo cáo" in mixed.stderr
