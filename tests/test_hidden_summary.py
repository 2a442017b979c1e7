"""Issue 14 checked as a reviewer would, on a new set of plans: four units,
2023-2025, clean and with mistakes, framework plans (criteria/ of the
workspace) and self-describing ones, a remediation-layout unit, criteria that
do not apply, a Word and an Excel appendix rendered by parplan and read back,
one unreadable file and one file of another kind. Every number is worked out
by hand in the comments, and again by `hand()`: an independent computation
from the table LEAVES below (the plans' own numbers, not parplan's code).

Framework mini-2024 (tests/cases/criteria): area 1 (4) = 1.1 (1,5) + 1.2 (2,5:
1.2.1 = 1, 1.2.2 = 1,5); area 2 (6) = 2.1 (2) + 2.2 (4); total 10.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tempfile
from decimal import ROUND_HALF_UP, Decimal

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from parplan import api
from parplan.cli import app

from conftest import CASES

A, B, C, D = "UBND huyện An Phú", "UBND huyện Bình Minh", "UBND huyện Cái Nước", "UBND xã Đông Hải"
PNV, VP, VH, TP = "Phòng Nội vụ", "Văn phòng HĐND và UBND", "Công chức Văn phòng - Thống kê", "Công chức Tư pháp - Hộ tịch"

FW = "kind: plan\nframework: mini-2024\nunit: {unit}\nyear: {year}\nentries:\n"
SELF = "kind: plan\nunit: {unit}\nyear: {year}\nentries:\n"
REM = "kind: plan\nunit: {unit}\nyear: {year}\nlayout: remediation\nunlisted: full\nentries:\n"

PLANS = {
    # A 2023: 1,5+0,5+1+2+3 = 8 of 10 (80,00 %); target 1,5+1+1,5+2+4 = 10 (100,00 %)
    "a-2023.yaml": FW.format(unit=A, year=2023) + f"""\
  - {{code: "1.1", baseline: 1.5, target: 1.5}}
  - {{code: "1.2.1", baseline: 0.5, target: 1, tasks: [Kiểm tra], lead: {PNV}}}
  - {{code: "1.2.2", baseline: 1, target: 1.5, tasks: [Xử lý], lead: {PNV}}}
  - {{code: "2.1", baseline: 2, target: 2}}
  - {{code: "2.2", baseline: 3, target: 4, tasks: [Số hóa], lead: {VP}}}
""",
    # A 2025: 1,5+1+1,5+2+3,5 = 9,5 (95,00 %); target 9,75 (97,50 %); 2.2 below max without a task (PAR210)
    "a-2025.yaml": FW.format(unit=A, year=2025) + f"""\
  - {{code: "1.1", baseline: 1.5, target: 1.5}}
  - {{code: "1.2.1", baseline: 1, target: 1}}
  - {{code: "1.2.2", baseline: 1.5, target: 1.5, tasks: [Duy trì], lead: {PNV}}}
  - {{code: "2.1", baseline: 2, target: 2}}
  - {{code: "2.2", baseline: 3.5, target: 3.75}}
""",
    # B 2023: 1.2.1 does not apply: max 9; 1+1+2+2 = 6 (66,666… → 66,67 %); target 1,5+1,5+2+3 = 8 (88,89 %)
    "b-2023.yaml": FW.format(unit=B, year=2023) + f"""\
  - {{code: "1.1", baseline: 1, target: 1.5, tasks: [Ban hành], lead: {PNV}}}
  - {{code: "1.2.1", applicable: false}}
  - {{code: "1.2.2", baseline: 1, target: 1.5, tasks: [Xử lý], lead: {PNV}}}
  - {{code: "2.1", baseline: 2, target: 2}}
  - {{code: "2.2", baseline: 2, target: 3, tasks: [Số hóa], lead: {VP}}}
""",
    # B 2025 (no 2024 plan): area 2 declares 5 where 2 + 2,5 = 4,5 (PAR203); as written:
    # 1,5+1+1 + 5 = 8,5 (85,00 %); target 1,5+1+1,5+2+3,5 = 9,5 (95,00 %)
    "b-2025.yaml": FW.format(unit=B, year=2025) + f"""\
  - {{code: "1.1", baseline: 1.5, target: 1.5}}
  - {{code: "1.2.1", baseline: 1, target: 1}}
  - {{code: "1.2.2", baseline: 1, target: 1.5, tasks: [Xử lý], lead: {PNV}}}
  - {{code: "2", baseline: 5}}
  - {{code: "2.1", baseline: 2, target: 2}}
  - {{code: "2.2", baseline: 2.5, target: 3.5, tasks: [Số hóa], lead: {VP}}}
""",
    # C 2023, self-describing, max 100: 14+20,67+32 = 66,67 (66,67 %: tied with B's 66,666…);
    # target 15+25+40 = 80 (80,00 %)
    "c-2023.yaml": SELF.format(unit=C, year=2023) + f"""\
  - {{code: "1", name: Công tác chỉ đạo, max: 40}}
  - {{code: "1.1", name: Kế hoạch CCHC, max: 15, baseline: 14, target: 15}}
  - {{code: "1.2", name: Kiểm tra CCHC, max: 25, baseline: 20.67, target: 25, tasks: [Kiểm tra], lead: {PNV}}}
  - {{code: "2", name: Thủ tục hành chính, max: 60}}
  - {{code: "2.1", name: Giải quyết hồ sơ, max: 60, baseline: 32, target: 40, tasks: [Số hóa], lead: {VP}}}
""",
    # D 2024, remediation, only what lost points, unlisted rows full: 100 − 10 − 10 = 80 (80,00 %); no targets
    "d-2024.yaml": REM.format(unit=D, year=2024) + f"""\
  - {{code: "1", name: Công tác chỉ đạo, max: 20, baseline: 10, deducted: 10}}
  - {{code: "1.1", name: Kế hoạch CCHC, max: 5, baseline: 0, deducted: 5, reason: Không ban hành, tasks: [Ban hành], lead: {VH}}}
  - {{code: "1.2", name: Kiểm tra CCHC, max: 5, baseline: 0, deducted: 5, reason: Không kiểm tra, tasks: [Kiểm tra], lead: {VH}}}
  - {{code: "3", name: Thể chế, max: 30, baseline: 20, deducted: 10}}
  - {{code: "3.2", name: Rà soát văn bản, max: 10, baseline: 0, deducted: 10, reason: Chưa rà soát, tasks: [Rà soát], lead: {TP}}}
totals: {{max: 100, baseline: 80, deducted: 20}}
""",
    # D 2025: 100 − 1 = 99 (99,00 %)
    "d-2025.yaml": REM.format(unit=D, year=2025) + f"""\
  - {{code: "1", name: Công tác chỉ đạo, max: 20, baseline: 19, deducted: 1}}
  - {{code: "1.2", name: Kiểm tra CCHC, max: 5, baseline: 4, deducted: 1, reason: Chậm báo cáo, tasks: [Báo cáo đúng hạn], lead: {VH}}}
totals: {{max: 100, baseline: 99, deducted: 1}}
""",
}

# Rendered to Word / Excel by parplan from these, and summarised from the office file only.
OFFICE = {
    # A 2024 → .docx: 1,5+1+1+1,5+3,5 = 8,5 (85,00 %); target 1,5+1+1,5+2+4 = 10 (100,00 %)
    "a-2024.docx": FW.format(unit=A, year=2024) + f"""\
  - {{code: "1.1", baseline: 1.5, target: 1.5}}
  - {{code: "1.2.1", baseline: 1, target: 1}}
  - {{code: "1.2.2", baseline: 1, target: 1.5, tasks: [Xử lý], lead: {PNV}}}
  - {{code: "2.1", baseline: 1.5, target: 2, tasks: [Công khai], lead: {VP}}}
  - {{code: "2.2", baseline: 3.5, target: 4, tasks: [Số hóa], lead: {VP}}}
""",
    # C 2025 → .xlsx: 15+22+48 = 85 (85,00 %: tied with B 2025); target 15+25+50 = 90 (90,00 %)
    "c-2025.xlsx": SELF.format(unit=C, year=2025) + f"""\
  - {{code: "1", name: Công tác chỉ đạo, max: 40}}
  - {{code: "1.1", name: Kế hoạch CCHC, max: 15, baseline: 15, target: 15}}
  - {{code: "1.2", name: Kiểm tra CCHC, max: 25, baseline: 22, target: 25, tasks: [Kiểm tra], lead: {PNV}}}
  - {{code: "2", name: Thủ tục hành chính, max: 60}}
  - {{code: "2.1", name: Giải quyết hồ sơ, max: 60, baseline: 48, target: 50, tasks: [Số hóa], lead: {VP}}}
""",
}

OTHER = {
    "zz-broken.yaml": "kind: plan\nunit: [UBND huyện Hỏng\nyear: 2024\n",
    "chi-tieu.yaml": (CASES / "ok_targets.yaml").read_text(encoding="utf-8"),
}

# The hand computation's input: per plan, every applicable leaf (area, code, applicable max,
# baseline, target, lead), the areas' max, and any parent value the plan declares.
LEAVES = {
    "a-2023.yaml": (A, 2023, [("1", "1.1", "1.5", "1.5", "1.5", None), ("1", "1.2.1", "1", "0.5", "1", PNV),
                              ("1", "1.2.2", "1.5", "1", "1.5", PNV), ("2", "2.1", "2", "2", "2", None),
                              ("2", "2.2", "4", "3", "4", VP)], {"1": "4", "2": "6"}, {}),
    "a-2024.docx": (A, 2024, [("1", "1.1", "1.5", "1.5", "1.5", None), ("1", "1.2.1", "1", "1", "1", None),
                              ("1", "1.2.2", "1.5", "1", "1.5", PNV), ("2", "2.1", "2", "1.5", "2", VP),
                              ("2", "2.2", "4", "3.5", "4", VP)], {"1": "4", "2": "6"}, {}),
    "a-2025.yaml": (A, 2025, [("1", "1.1", "1.5", "1.5", "1.5", None), ("1", "1.2.1", "1", "1", "1", None),
                              ("1", "1.2.2", "1.5", "1.5", "1.5", PNV), ("2", "2.1", "2", "2", "2", None),
                              ("2", "2.2", "4", "3.5", "3.75", None)], {"1": "4", "2": "6"}, {}),
    "b-2023.yaml": (B, 2023, [("1", "1.1", "1.5", "1", "1.5", PNV), ("1", "1.2.2", "1.5", "1", "1.5", PNV),
                              ("2", "2.1", "2", "2", "2", None), ("2", "2.2", "4", "2", "3", VP)],
                    {"1": "3", "2": "6"}, {}),
    "b-2025.yaml": (B, 2025, [("1", "1.1", "1.5", "1.5", "1.5", None), ("1", "1.2.1", "1", "1", "1", None),
                              ("1", "1.2.2", "1.5", "1", "1.5", PNV), ("2", "2.1", "2", "2", "2", None),
                              ("2", "2.2", "4", "2.5", "3.5", VP)], {"1": "4", "2": "6"}, {"2": "5"}),
    "c-2023.yaml": (C, 2023, [("1", "1.1", "15", "14", "15", None), ("1", "1.2", "25", "20.67", "25", PNV),
                              ("2", "2.1", "60", "32", "40", VP)], {"1": "40", "2": "60"}, {}),
    "c-2025.xlsx": (C, 2025, [("1", "1.1", "15", "15", "15", None), ("1", "1.2", "25", "22", "25", PNV),
                              ("2", "2.1", "60", "48", "50", VP)], {"1": "40", "2": "60"}, {}),
    # remediation: the listed leaves; areas not listed count full (max 100 in all: 50 more points)
    "d-2024.yaml": (D, 2024, [("1", "1.1", "5", "0", None, VH), ("1", "1.2", "5", "0", None, VH),
                              ("3", "3.2", "10", "0", None, TP)], {"1": "20", "3": "30"}, {"*": "50"}),
    "d-2025.yaml": (D, 2025, [("1", "1.2", "5", "4", None, VH)], {"1": "20"}, {"*": "80"}),
}


def pct(part: Decimal, whole: Decimal) -> Decimal:
    return (part * 100 / whole).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def s(x: Decimal | None) -> str | None:
    """A Decimal as parplan's JSON writes it (no exponent, no trailing zeros)."""
    if x is None:
        return None
    x = x.normalize()
    return format(x.quantize(Decimal(1)) if x == x.to_integral_value() else x, "f")


def hand(name: str) -> dict:
    """A plan's figures, by hand: area value = declared, else max − Σ(max − value) of its
    listed leaves; total = Σ areas (+ the unlisted areas at full marks)."""
    unit, year, leaves, area_max, declared = LEAVES[name]
    D_ = Decimal
    areas = {}
    for code, mx in area_max.items():
        mine = [x for x in leaves if x[0] == code]
        base = D_(declared[code]) if code in declared else D_(mx) - sum(D_(x[2]) - D_(x[3]) for x in mine)
        tgt = None if any(x[4] is None for x in mine) else D_(mx) - sum(D_(x[2]) - D_(x[4]) for x in mine)
        areas[code] = (D_(mx), base, tgt)
    extra = D_(declared.get("*", "0"))
    mx = sum(a[0] for a in areas.values()) + extra
    base = sum(a[1] for a in areas.values()) + extra
    tgt = None if any(a[2] is None for a in areas.values()) else sum(a[2] for a in areas.values()) + extra
    return {"unit": unit, "year": year, "max": mx, "baseline": base, "target": tgt,
            "baseline_index": pct(base, mx), "target_index": pct(tgt, mx) if tgt is not None else None,
            "gain": tgt - base if tgt is not None else None,
            "area_index": {c: format(pct(a[1], a[0]), "f") for c, a in areas.items()},
            "without_target": sum(1 for x in leaves if x[4] is None)}


@pytest.fixture
def ws(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("PARPLAN_LANG", raising=False)
    (tmp_path / "criteria").mkdir()
    shutil.copy(CASES / "criteria" / "mini-2024.yaml", tmp_path / "criteria")
    folder = tmp_path / "ke-hoach"
    (folder / "huyen").mkdir(parents=True)
    for name, text in PLANS.items():
        (folder / "huyen" / name).write_text(text, encoding="utf-8")
    (tmp_path / "src").mkdir()
    for name, text in OFFICE.items():
        src = tmp_path / "src" / (name.rsplit(".", 1)[0] + ".yaml")
        src.write_text(text, encoding="utf-8")
        fmt = name.rsplit(".", 1)[1]
        report, data = api.render([src], {fmt: "x"})
        assert report.errors == 0
        (folder / name).write_bytes(data[fmt])
    for name, text in OTHER.items():
        (folder / name).write_text(text, encoding="utf-8")
    return tmp_path


def run(*args):
    result = CliRunner().invoke(app, ["summary", *map(str, args)], catch_exceptions=False)
    assert "Traceback" not in result.output
    return result


def summary_json(*args):
    done = run("ke-hoach", "--format", "json", *args)
    assert done.exit_code == 1, done.output           # B 2025 has an error, one file is unreadable
    return json.loads(done.stdout)


def by_file(data):
    return {u["file"].rsplit("/", 1)[-1]: u for u in data["units"]}


def test_every_unit_number_equals_the_hand_computation(ws):
    data = summary_json()
    units = by_file(data)
    assert sorted(units) == sorted(LEAVES)
    for name, u in units.items():
        h = hand(name)
        got = {k: u[k] for k in ("unit", "year", "max", "baseline", "target", "baseline_index", "target_index",
                                 "gain", "without_target")}
        want = {k: (format(v, "f") if k.endswith("_index") and v is not None else
                    s(v) if isinstance(v, Decimal) else v) for k, v in h.items() if k in got}
        assert got == want, name
        assert u["area_index"] == h["area_index"], name
    # the same, written out, for the reader
    assert [(n, units[n]["max"], units[n]["baseline"], units[n]["baseline_index"], units[n]["target"],
             units[n]["target_index"], units[n]["gain"]) for n in sorted(units)] == [
        ("a-2023.yaml", "10", "8", "80.00", "10", "100.00", "2"),
        ("a-2024.docx", "10", "8.5", "85.00", "10", "100.00", "1.5"),
        ("a-2025.yaml", "10", "9.5", "95.00", "9.75", "97.50", "0.25"),
        ("b-2023.yaml", "9", "6", "66.67", "8", "88.89", "2"),
        ("b-2025.yaml", "10", "8.5", "85.00", "9.5", "95.00", "1"),
        ("c-2023.yaml", "100", "66.67", "66.67", "80", "80.00", "13.33"),
        ("c-2025.xlsx", "100", "85", "85.00", "90", "90.00", "5"),
        ("d-2024.yaml", "100", "80", "80.00", None, None, None),
        ("d-2025.yaml", "100", "99", "99.00", None, None, None)]
    assert {n: (u["layout"], u["framework"], u["errors"], u["warnings"], u["without_task"])
            for n, u in units.items()} == {
        "a-2023.yaml": ("improvement", "mini-2024", 0, 0, 0),
        "a-2024.docx": ("improvement", None, 0, 0, 0),
        "a-2025.yaml": ("improvement", "mini-2024", 0, 1, 1),      # PAR210 on 2.2
        "b-2023.yaml": ("improvement", "mini-2024", 0, 0, 0),
        "b-2025.yaml": ("improvement", "mini-2024", 1, 0, 0),      # PAR203 on area 2
        "c-2023.yaml": ("improvement", None, 0, 0, 0),
        "c-2025.xlsx": ("improvement", None, 0, 0, 0),
        "d-2024.yaml": ("remediation", None, 0, 0, 0),
        "d-2025.yaml": ("remediation", None, 0, 0, 0)}
    assert units["b-2025.yaml"]["error_codes"] == ["PAR203"]
    assert [u["file"].rsplit("/", 1)[-1] for u in data["unreadable"]] == ["zz-broken.yaml"]
    assert [(x["file"].rsplit("/", 1)[-1], x["kind"]) for x in data["skipped"]] == [("chi-tieu.yaml", "targets")]
    assert data["files"] == 11          # 9 plans, the broken file, the targets table


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
def test_an_office_appendix_gives_the_numbers_of_its_yaml(ws, fmt):
    """B 2023 (a criterion that does not apply: applicable max 9) rendered to
    Word/Excel and read back: the same row as from the YAML (the max is the
    applicable max the index is taken against, not the nominal 10)."""
    (ws / "one").mkdir()
    source = ws / "ke-hoach" / "huyen" / "b-2023.yaml"
    _, data = api.render([source], {fmt: "x"})
    (ws / "one" / f"b.{fmt}").write_bytes(data[fmt])
    from_yaml = json.loads(run(source, "--format", "json").stdout)["units"][0]
    done = run("one", "--format", "json")
    assert done.exit_code == 0, done.output
    from_office = json.loads(done.stdout)["units"][0]
    for key in ("file", "framework", "level"):
        from_yaml.pop(key), from_office.pop(key)
    assert from_office == from_yaml
    assert (from_office["max"], from_office["baseline"], from_office["baseline_index"]) == ("9", "6", "66.67")


def test_ranks_ties_and_rank_changes(ws):
    data = summary_json()
    rows = [(u["year"], u["rank"], u["rank_change"], u["unit"]) for u in data["units"]]
    # 2023: A 80,00 → 1; B 66,67 (6/9) and C 66,67 tie → 2, 2
    # 2024: A 85,00 → 1 (2023: 1 → 0); D 80,00 → 2 (no 2023 plan)
    # 2025: D 99,00 → 1 (2024: 2 → +1); A 95,00 → 2 (2024: 1 → −1); B, C 85,00 tie → 3, 3 (no 2024 plan: null)
    assert rows == [(2023, 1, None, A), (2023, 2, None, B), (2023, 2, None, C),
                    (2024, 1, 0, A), (2024, 2, None, D),
                    (2025, 1, 1, D), (2025, 2, -1, A), (2025, 3, None, B), (2025, 3, None, C)]


def test_loss_table_by_each_units_latest_plan(ws):
    data = summary_json()
    areas = [(a["framework"], a["code"], a["max"], a["units_losing"], a["points_lost"]) for a in data["areas"]]
    # latest plans: A 2025, B 2025 (framework); C 2025 (.xlsx, self-described); D 2025
    # C: area 1: 40 − 37 = 3, area 2: 60 − 48 = 12; framework area 2: A 0,5 + B 1 (declared 5) = 1,5;
    # D area 1: 20 − 19 = 1; framework area 1: B 4 − 3,5 = 0,5 (A lost nothing)
    assert areas == [(None, "2", "60", 1, "12"), (None, "1", "40", 1, "3"), ("mini-2024", "2", "6", 2, "1.5"),
                     (None, "1", "20", 1, "1"), ("mini-2024", "1", "4", 1, "0.5")]
    criteria = [(c["framework"], c["code"], c["max"], c["units_losing"], c["points_lost"]) for c in data["criteria"]]
    # C 2.1: 12; C 1.2: 3; 2.2: A 0,5 + B 1,5 = 2; D 1.2: 1; 1.2.2: B 0,5
    assert criteria == [(None, "2.1", "60", 1, "12"), (None, "1.2", "25", 1, "3"), ("mini-2024", "2.2", "4", 2, "2"),
                        (None, "1.2", "5", 1, "1"), ("mini-2024", "1.2.2", "1.5", 1, "0.5")]


def test_leads_summed_over_every_plan(ws):
    data = summary_json()
    leads = [(x["lead"], x["at_stake"], x["to_win"], x["items"], x["plans"], x["units"]) for x in data["leads"]]
    # by hand from LEAVES: Σ(max − baseline), Σ(target − baseline) per lead over all plans
    want: dict[str, list] = {}
    for name, (unit, _, leaves, _, _) in LEAVES.items():
        for _, _, mx, base, tgt, lead in leaves:
            if lead is None:
                continue
            w = want.setdefault(lead, [Decimal(0), None, 0, set(), set()])
            w[0] += Decimal(mx) - Decimal(base)
            if tgt is not None:     # a lead none of whose criteria has a target: "chưa nhập mục tiêu", not 0
                w[1] = (w[1] or Decimal(0)) + Decimal(tgt) - Decimal(base)
            w[2] += 1
            w[3].add(name)
            w[4].add(unit)
    hand_leads = sorted(((k, s(v[0]), s(v[1]), v[2], len(v[3]), len(v[4])) for k, v in want.items()),
                        key=lambda x: -Decimal(x[1]))
    assert leads == hand_leads
    assert leads == [(VP, "45.5", "14", 7, 6, 3), (VH, "11", None, 3, 2, 1), (PNV, "10.33", "10.33", 9, 7, 3),
                     (TP, "10", None, 1, 1, 1)]


def test_trends_and_attainment(ws):
    data = summary_json()
    trends = {t["unit"]: t for t in data["trends"]}
    assert list(trends) == [A, B, C, D]
    assert [(y["year"], y["baseline_index"], y["rank"]) for y in trends[A]["years"]] == [
        (2023, "80.00", 1), (2024, "85.00", 1), (2025, "95.00", 2)]
    # A's 2023 target 10 against its 2024 plan's 2023 scores 8,5; 2024's 10 against 9,5
    assert [(a["year"], a["target"], a["achieved"], a["gap"], a["met"]) for a in trends[A]["attainment"]] == [
        (2023, "10", "8.5", "-1.5", False), (2024, "10", "9.5", "-0.5", False)]
    assert [y["year"] for y in trends[B]["years"]] == [2023, 2025] and trends[B]["attainment"] == []
    assert [y["year"] for y in trends[C]["years"]] == [2023, 2025] and trends[C]["attainment"] == []
    assert trends[D]["attainment"] == []         # 2024 has no targets


def test_year_filter(ws):
    data = summary_json("--year", "2025")
    assert [(u["unit"], u["rank"], u["rank_change"]) for u in data["units"]] == [
        (D, 1, 1), (A, 2, -1), (B, 3, None), (C, 3, None)]
    assert [(x["lead"], x["at_stake"], x["to_win"], x["plans"]) for x in data["leads"]] == [
        (VP, "13.5", "3", 2), (PNV, "3.5", "3.5", 3), (VH, "1", None, 1)]
    assert data["areas"] == summary_json()["areas"]
    data = summary_json("--year", "2023")
    assert [(u["unit"], u["rank"], u["rank_change"]) for u in data["units"]] == [(A, 1, None), (B, 2, None),
                                                                                 (C, 2, None)]
    missing = run("ke-hoach", "--year", "2019")
    assert missing.exit_code == 2 and missing.stderr == "parplan: không có kế hoạch năm 2019 để tổng hợp\n"


def test_jobs_give_the_same_summary(ws):
    one = run("ke-hoach", "--format", "json")
    two = run("ke-hoach", "--format", "json", "--jobs", "2")
    assert (one.exit_code, two.exit_code) == (1, 1) and one.stdout == two.stdout


def test_markdown_and_xlsx_carry_the_same_numbers(ws):
    md = run("ke-hoach", "--format", "md", "-o", "s.md")
    assert (md.exit_code, md.stdout) == (1, "") and md.stderr.startswith("đã ghi s.md\n")
    text = (ws / "s.md").read_text(encoding="utf-8")
    assert re.search(r"\| 2023 \| 2 \|[^\n]*\| UBND huyện Cái Nước \|[^\n]*\| 66,67 \|", text)
    assert re.search(r"\| 2025 \| 1 \| \+1 \| UBND xã Đông Hải \| 100 \| 99 \| 99,00 \| chưa nhập mục tiêu \|", text), text
    assert re.search(r"\| Công chức Tư pháp - Hộ tịch \| 1 \| 1 \| 1 \| 10 \| chưa nhập mục tiêu \|", text), text
    xl = run("ke-hoach", "--format", "xlsx", "-o", "s.xlsx")
    assert xl.exit_code == 1
    wb = load_workbook(ws / "s.xlsx")
    assert wb.properties.language == "vi-VN"
    sheet = wb.worksheets[0]
    rows = [[c.value for c in r] for r in sheet.iter_rows(min_row=3)]
    c23 = next(r for r in rows if r[0] == 2023 and r[3] == C)
    assert c23[1] == 2 and Decimal(str(c23[6])) == Decimal("66.67") and Decimal(str(c23[5])) == Decimal("66.67")
    d25 = next(r for r in rows if r[0] == 2025 and r[3] == D)
    assert (d25[1], d25[2], d25[4], d25[5]) == (1, 1, 100, 99)


def test_bad_input_is_a_message_not_a_traceback(ws):
    (ws / "empty").mkdir()
    done = run("empty")
    assert (done.exit_code, done.stdout, done.stderr) == (
        2, "", "parplan: không có tệp kế hoạch nào để tổng hợp (cần tệp .yaml/.yml, .docx, .xlsx)\n")
    (ws / "khac").mkdir()
    shutil.copy(CASES / "ok_targets.yaml", ws / "khac" / "t.yaml")
    shutil.copy(CASES / "ok_budget.yaml", ws / "khac" / "b.yaml")
    done = run("khac")
    assert done.exit_code == 2 and "budget, targets" in done.stderr and done.stderr.count("\n") == 1
    (ws / "hong").mkdir()
    (ws / "hong" / "x.yaml").write_text(OTHER["zz-broken.yaml"], encoding="utf-8")
    (ws / "hong" / "y.yaml").write_text("- just\n- a list\n", encoding="utf-8")
    done = run("hong", "--format", "json")
    assert done.exit_code == 1
    assert [u["file"].rsplit("/", 1)[-1] for u in json.loads(done.stdout)["unreadable"]] == ["x.yaml", "y.yaml"]
    assert run("khong-co").exit_code == 2
    assert run("ke-hoach", "--year", "99999").exit_code == 2
    assert run("ke-hoach", "--format", "html").exit_code == 2        # html needs -o


def test_output_is_never_someone_elses_file(ws):
    (ws / "tong-hop.html").write_bytes(b"<p>my notes</p>\n")
    done = run("ke-hoach", "--format", "html", "-o", "tong-hop.html")
    assert done.exit_code == 2 and "--overwrite" in done.stderr
    assert (ws / "tong-hop.html").read_bytes() == b"<p>my notes</p>\n"
    assert run("ke-hoach", "--format", "html", "-o", "tong-hop.html", "--overwrite").exit_code == 1
    again = run("ke-hoach", "--format", "html", "-o", "tong-hop.html")
    assert again.exit_code == 1 and again.stderr.startswith("đã ghi tong-hop.html\n")


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.skipif(CHROMIUM is None and not os.environ.get("CI"), reason="chromium not installed")
@pytest.mark.slow
def test_html_loads_in_chromium_with_its_chart(ws):
    assert run("ke-hoach", "--format", "html", "-o", "s.html").exit_code == 1
    profile = tempfile.mkdtemp(dir=ws)
    done = subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                           "--disable-component-update", "--disable-sync", "--no-first-run", "--enable-logging=stderr",
                           "--v=0", f"--user-data-dir={profile}", "--dump-dom", (ws / "s.html").as_uri()],
                          capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr[-2000:]
    assert [line for line in done.stderr.splitlines() if "CONSOLE" in line or "Uncaught" in line] == []
    dom = done.stdout
    assert dom.count("<svg") >= 1 and "<rect" in dom
    for unit in (A, B, C, D):
        assert unit in dom
    assert "99,00" in dom and "66,67" in dom


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
def test_a_plan_behind_another_appendix_of_the_file_is_not_dropped(ws, fmt):
    """A Word/Excel file whose first appendix is the targets table and whose
    second is the plan: the plan is summarised (it was skipped as targets)."""
    (ws / "two").mkdir()
    source = ws / "ke-hoach" / "huyen" / "a-2023.yaml"
    _, data = api.render([CASES / "ok_targets.yaml", source], {fmt: "x"})
    (ws / "two" / f"both.{fmt}").write_bytes(data[fmt])
    done = run("two", "--format", "json")
    assert done.exit_code == 0, done.output
    result = json.loads(done.stdout)
    assert result["skipped"] == [] and result["unreadable"] == []
    [unit] = result["units"]
    assert (unit["unit"], unit["year"], unit["baseline"], unit["target"], unit["baseline_index"]) == (
        A, 2023, "8", "10", "80.00")


def test_unreadable_files_say_where_without_none(ws):
    (ws / "bad").mkdir()
    (ws / "bad" / "a.yaml").write_text(OTHER["zz-broken.yaml"], encoding="utf-8")
    (ws / "bad" / "b.docx").write_bytes(b"%PDF-1.4 not a Word file")
    done = run("bad", "--format", "md")
    assert done.exit_code == 1
    lines = [line for line in done.stdout.splitlines() if line.startswith("| bad/")]
    assert len(lines) == 2 and "None" not in done.stdout, lines
    assert lines[0].startswith("| bad/a.yaml | PAR001 3:5 không phải YAML") and lines[1].startswith("| bad/b.docx | IMP107 không đọc")
