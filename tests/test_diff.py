"""`parplan diff`: the pure comparison (parplan/diff.py) and the command.

Hand-made pairs check exact deltas and attainment (a target missed by
0,0001, a criterion not applicable in one year), framework changes and the
mapping file; hypothesis checks the invariants; the JSON contract is compared
with golden files (refresh: `PARPLAN_UPDATE_GOLDEN=1 python -m pytest tests/test_diff.py`).
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from parplan import diff as diffing
from parplan.render import diffview
from parplan.cli import app
from parplan.load import load_text
from parplan.model import Framework, Plan

from conftest import ROOT, dedent

GOLDEN = ROOT / "tests" / "golden" / "diff"

MINI = """\
kind: framework
id: mini
title: Bộ tiêu chí thử
level: huyen
total: 10
items:
  - code: "1"
    name: Công tác chỉ đạo, điều hành CCHC
    max: 4
    items:
      - {code: "1.1", name: Thực hiện kế hoạch CCHC, max: 1.5}
      - code: "1.2"
        name: Công tác kiểm tra CCHC
        max: 2.5
        items:
          - {code: "1.2.1", name: Tỷ lệ cơ quan được kiểm tra, max: 1}
          - {code: "1.2.2", name: Xử lý vấn đề phát hiện qua kiểm tra, max: 1.5}
  - code: "2"
    name: Cải cách thủ tục hành chính
    max: 6
    items:
      - {code: "2.1", name: Công khai TTHC, max: 2}
      - {code: "2.2", name: Kết quả giải quyết hồ sơ TTHC, max: 4}
"""

# The same framework a year later: 1.1 renamed, 1.2.2 renumbered 1.2.3,
# 2.2 worth 3 instead of 4, and a new 2.3.
MINI_NEXT = """\
kind: framework
id: mini-next
title: Bộ tiêu chí thử (sửa đổi)
level: huyen
total: 10
items:
  - code: "1"
    name: Công tác chỉ đạo, điều hành CCHC
    max: 4
    items:
      - {code: "1.1", name: Ban hành và thực hiện kế hoạch CCHC, max: 1.5}
      - code: "1.2"
        name: Công tác kiểm tra CCHC
        max: 2.5
        items:
          - {code: "1.2.1", name: Tỷ lệ cơ quan được kiểm tra, max: 1}
          - {code: "1.2.3", name: Xử lý vấn đề phát hiện qua kiểm tra, max: 1.5}
  - code: "2"
    name: Cải cách thủ tục hành chính
    max: 6
    items:
      - {code: "2.1", name: Công khai TTHC, max: 2}
      - {code: "2.2", name: Kết quả giải quyết hồ sơ TTHC, max: 3}
      - {code: "2.3", name: Số hóa hồ sơ TTHC, max: 1}
"""

PLAN_2024 = """\
kind: plan
framework: mini
unit: UBND huyện Thử
year: 2024
baseline_year: 2023
entries:
  - {code: "1.1", baseline: 1, target: 1.5, tasks: [Nhiệm vụ], lead: Phòng Nội vụ}
  - {code: "1.2.1", baseline: 1, target: 1}
  - {code: "1.2.2", baseline: 0.5, target: 1.5, tasks: [Nhiệm vụ], lead: Phòng Nội vụ}
  - {code: "2.1", baseline: 2, target: 2}
  - {code: "2.2", baseline: 3, target: 3.5, tasks: [Nhiệm vụ], lead: Văn phòng HĐND và UBND}
"""

# 2025: 1.1 below its 2024 target; 1.2.1 does not apply; 1.2.2 misses its
# 2024 target by 0,0001; 2.1 meets it exactly; 2.2 beats it by 0,1.
PLAN_2025 = """\
kind: plan
framework: mini
unit: UBND huyện Thử
year: 2025
baseline_year: 2024
entries:
  - {code: "1.1", baseline: 1.25, target: 1.5, tasks: [Nhiệm vụ], lead: Phòng Nội vụ}
  - {code: "1.2.1", applicable: false}
  - {code: "1.2.2", baseline: 1.4999, target: 1.5}
  - {code: "2.1", baseline: 2, target: 2}
  - {code: "2.2", baseline: 3.6, target: 4}
"""

PLAN_2025_NEXT = """\
kind: plan
framework: mini-next
unit: UBND huyện Thử
year: 2025
baseline_year: 2024
entries:
  - {code: "1.1", baseline: 1.5, target: 1.5}
  - {code: "1.2.1", baseline: 1, target: 1}
  - {code: "1.2.3", baseline: 1.5, target: 1.5}
  - {code: "2.1", baseline: 2, target: 2}
  - {code: "2.2", baseline: 2.5, target: 3, tasks: [Nhiệm vụ], lead: Văn phòng HĐND và UBND}
  - {code: "2.3", baseline: 0.5, target: 1, tasks: [Nhiệm vụ], lead: Văn phòng HĐND và UBND}
"""


def model(text: str):
    doc = load_text(dedent(text), "<test>")
    assert doc.model is not None, doc.diagnostics
    return doc.model


def side(plan_text: str, framework_text: str | None = None, file: str = "x.yaml") -> diffing.Side:
    return diffing.side(model(plan_text), model(framework_text) if framework_text else None, file)


def by_code(cmp: diffing.Comparison) -> dict[str, dict]:
    return {item["code"]: item for item in diffview.as_dict(cmp)["items"]}


@pytest.fixture
def pair():
    return diffing.diff(side(PLAN_2024, MINI, "a.yaml"), side(PLAN_2025, MINI, "b.yaml"))


# -- exact deltas and attainment -------------------------------------------------

def test_leaf_deltas_and_attainment_are_exact(pair):
    items = by_code(pair)
    assert items["1.1"]["baseline"] == {"a": "1", "b": "1.25", "delta": "0.25"}
    assert items["1.1"]["target"] == {"a": "1.5", "b": "1.5", "delta": "0"}
    assert items["1.1"]["attainment"] == {"target": "1.5", "achieved": "1.25", "gap": "-0.25", "met": False}
    assert items["2.1"]["attainment"] == {"target": "2", "achieved": "2", "gap": "0", "met": True}
    assert items["2.2"]["attainment"] == {"target": "3.5", "achieved": "3.6", "gap": "0.1", "met": True}
    assert items["2.2"]["target"] == {"a": "3.5", "b": "4", "delta": "0.5"}


def test_a_target_missed_by_one_ten_thousandth_is_missed(pair):
    item = by_code(pair)["1.2.2"]
    assert item["attainment"] == {"target": "1.5", "achieved": "1.4999", "gap": "-0.0001", "met": False}
    assert item["baseline"]["delta"] == "0.9999"
    assert [i.code for i in pair.missed] == ["1.1", "1.2.2"]
    assert [i.code for i in pair.met] == ["2.1", "2.2"]
    text = diffview.summary_lines(pair, "vi")
    assert any("1.2.2 (mục tiêu 1,5, đạt 1,4999: thiếu 0,0001)" in line for line in text)


def test_a_criterion_not_applicable_in_one_year(pair):
    item = by_code(pair)["1.2.1"]
    assert item["applicable"] == {"a": True, "b": False}
    assert item["flags"] == ["applicable_changed"] and item["comparable"] is False
    assert item["baseline"] == {"a": "1", "b": None, "delta": None}
    assert item["applicable_max"] == {"a": "1", "b": "0", "delta": "-1"}
    assert item["attainment"] is None
    # its parent and area lose its max; the index is score / applicable max
    parent = by_code(pair)["1.2"]
    assert parent["applicable_max"] == {"a": "2.5", "b": "1.5", "delta": "-1"}
    assert parent["baseline"] == {"a": "1.5", "b": "1.4999", "delta": "-0.0001"}
    assert parent["index"]["baseline"] == {"a": "60.00", "b": "99.99", "delta": "39.99"}
    assert parent["comparable"] is False
    row = next(r for r in diffview.rows(pair) if r.item is not None and r.item.code == "1.2.1")
    assert row.cells["baseline_b"] == "—" and row.cells["baseline_delta"] == ""
    assert row.cells["max"] == "1 → —"


def test_parents_without_entries_and_totals_are_compared(pair):
    items = by_code(pair)
    assert items["1"]["baseline"] == {"a": "2.5", "b": "2.7499", "delta": "0.2499"}
    assert items["2"]["baseline"] == {"a": "5", "b": "5.6", "delta": "0.6"}
    totals = diffview.as_dict(pair)["totals"]
    assert totals["max"] == {"a": "10", "b": "10", "delta": "0"}
    assert totals["applicable_max"] == {"a": "10", "b": "9", "delta": "-1"}
    assert totals["baseline"] == {"a": "7.5", "b": "8.3499", "delta": "0.8499"}
    assert totals["target"] == {"a": "9.5", "b": "9", "delta": "-0.5"}
    assert totals["index"]["baseline"] == {"a": "75.00", "b": "92.78", "delta": "17.78"}
    assert totals["attainment"] == {"target": "9.5", "achieved": "8.3499", "gap": "-1.1501", "met": False}


def test_gains_losses_and_signed_deltas_in_the_table(pair):
    assert [i.code for i in pair.gained] == ["1.1", "1.2.2", "2.2"]
    assert pair.lost == []
    cells = {r.item.code: r.cells for r in diffview.rows(pair) if r.item is not None and r.item.code}
    assert cells["1.1"]["baseline_delta"] == "+0,25"
    assert cells["1.1"]["attainment"] == "thiếu 0,25"
    assert cells["2.2"]["attainment"] == "vượt 0,1"
    assert cells["2.1"]["attainment"] == "đạt"
    assert cells["1.2"]["baseline_delta"] == "−0,0001*"   # max changed under it: for reference only
    english = {r.item.code: r.cells for r in diffview.rows(pair, "en") if r.item is not None and r.item.code}
    assert english["1.1"]["attainment"] == "short by 0,25"


def test_no_attainment_unless_b_baseline_year_is_a_year():
    later = PLAN_2025.replace("baseline_year: 2024", "baseline_year: 2023").replace("year: 2025", "year: 2024")
    cmp = diffing.diff(side(PLAN_2024, MINI), side(later, MINI))
    data = diffview.as_dict(cmp)
    assert data["attainment_year"] is None
    assert all(item["attainment"] is None for item in data["items"]) and data["totals"]["attainment"] is None
    assert "attainment" not in [c.key for c in diffview.columns(cmp)]


def test_identical_plans_have_no_changes():
    a = side(PLAN_2024, MINI)
    cmp = diffing.diff(a, a)
    assert not cmp.changed and not cmp.framework_changes
    assert all(i.presence == "both" and not i.flags for i in cmp.items)
    assert diffview.summary_lines(cmp, "en") == ["The two plans have the same max, scores and targets."]


# -- framework changes and the mapping --------------------------------------------

def test_framework_change_without_mapping():
    cmp = diffing.diff(side(PLAN_2024, MINI), side(PLAN_2025_NEXT, MINI_NEXT))
    items = by_code(cmp)
    assert items["1.1"]["flags"] == ["renamed"] and items["1.1"]["comparable"] is False
    assert items["2.2"]["flags"] == ["max_changed"]
    assert items["2.2"]["max"] == {"a": "4", "b": "3", "delta": "-1"}
    assert items["2.3"]["presence"] == "added" and items["2.3"]["baseline"]["a"] is None
    assert items["1.2.3"]["presence"] == "added" and items["1.2.2"]["presence"] == "removed"
    order = [i["code"] for i in diffview.as_dict(cmp)["items"]]
    assert order[-1] == "1.2.2" and order.index("2.3") == len(order) - 2   # B's order, then A's leftovers
    assert [i.code for i in cmp.framework_changes] == ["1.1", "1.2.3", "2.2", "2.3", "1.2.2"]
    lines = diffview.framework_lines(cmp, "vi")
    assert "+ 2.3 Số hóa hồ sơ TTHC: mới ở B (điểm chuẩn 1)" in lines
    assert "− 1.2.2 Xử lý vấn đề phát hiện qua kiểm tra: chỉ có ở A (điểm chuẩn 1,5)" in lines
    assert "~ 2.2 Kết quả giải quyết hồ sơ TTHC: điểm chuẩn 4 → 3" in lines
    assert ("~ 1.1: đổi tên: “Thực hiện kế hoạch CCHC” → “Ban hành và thực hiện kế hoạch CCHC”" in lines)
    # changed rows are not counted as gains, losses or missed targets
    assert "2.2" not in [i.code for i in cmp.lost + cmp.missed + cmp.met]


def test_mapping_renumbers_and_carries_children():
    cmp = diffing.diff(side(PLAN_2024, MINI), side(PLAN_2025_NEXT, MINI_NEXT), {"1.2.2": "1.2.3"})
    item = by_code(cmp)["1.2.3"]
    assert item["presence"] == "both" and item["flags"] == ["renumbered"]
    assert item["codes"] == {"a": "1.2.2", "b": "1.2.3"} and item["comparable"] is True
    assert item["attainment"] == {"target": "1.5", "achieved": "1.5", "gap": "0", "met": True}
    assert "1.2.2" not in by_code(cmp)
    renumber = diffing.renumbering({"1.2": "1.3", "1.2.2": "1.4", "2": None})
    assert [renumber(c) for c in ("1.2", "1.2.1", "1.2.2", "1.1", "2.1", None)] == \
        ["1.3", "1.3.1", "1.4", "1.1", None, None]


def test_mapping_moves_an_item_to_another_parent():
    old = """\
        kind: plan
        unit: UBND xã Thử
        year: 2024
        entries:
          - {code: "1", name: Chỉ đạo điều hành, max: 2}
          - {code: "1.1", name: Kế hoạch CCHC, max: 1, baseline: 1, target: 1}
          - {code: "1.2", name: Sáng kiến CCHC, max: 1, baseline: 0, target: 1}
        """
    new = """\
        kind: plan
        unit: UBND xã Thử
        year: 2025
        entries:
          - {code: "1", name: Chỉ đạo điều hành, max: 1}
          - {code: "1.1", name: Kế hoạch CCHC, max: 1, baseline: 1, target: 1}
          - {code: "2", name: Đổi mới sáng tạo, max: 1}
          - {code: "2.1", name: Sáng kiến CCHC, max: 1, baseline: 0.5, target: 1}
        """
    cmp = diffing.diff(side(old), side(new), {"1.2": "2.1"})
    items = by_code(cmp)
    assert items["2.1"]["flags"] == ["moved", "renumbered"]
    assert items["2.1"]["attainment"] == {"target": "1", "achieved": "0.5", "gap": "-0.5", "met": False}
    assert items["1"]["flags"] == ["max_changed"] and items["2"]["presence"] == "added"
    assert "~ 2.1 Sáng kiến CCHC: đổi mã 1.2 → 2.1; chuyển từ mục 1 sang mục 2" in diffview.framework_lines(cmp)


def test_mapping_giving_two_items_one_code_is_refused():
    with pytest.raises(diffing.DiffError) as err:
        diffing.diff(side(PLAN_2024, MINI), side(PLAN_2025_NEXT, MINI_NEXT), {"1.2.2": "1.2.1"})
    assert "1.2.1" in err.value.text("vi") and "give each its own new code" in err.value.text("en")


def test_mapping_notes_codes_it_cannot_use():
    cmp = diffing.diff(side(PLAN_2024, MINI), side(PLAN_2025_NEXT, MINI_NEXT), {"9.9": "9.8", "2.2": "2.4"})
    assert [en for _, en in cmp.notes] == ["code 9.9 of the mapping is not in A: ignored",
                                           "new code 2.4 (for 2.2) is not in B: 2.2 counts as removed"]


def test_mirror_of_the_framework_change():
    a, b = side(PLAN_2024, MINI), side(PLAN_2025_NEXT, MINI_NEXT)
    assert_mirrors(diffing.diff(a, b, {"1.2.2": "1.2.3"}), diffing.diff(b, a, {"1.2.3": "1.2.2"}))


# -- invariants (hypothesis) --------------------------------------------------------

def assert_mirrors(forward: diffing.Comparison, backward: diffing.Comparison) -> None:
    """diff(b, a) is diff(a, b) seen from the other side (attainment aside:
    it only looks forward in time)."""
    def key(item, swap=False):
        a, b = (item.a.code if item.a else None), (item.b.code if item.b else None)
        return (b, a) if swap else (a, b)

    back = {key(i, swap=True): i for i in backward.items}
    assert len(back) == len(forward.items) == len(backward.items)
    swapped = {"both": "both", "added": "removed", "removed": "added"}
    for item in list(forward.items) + [forward.total]:
        other = backward.total if item is forward.total else back[key(item)]
        assert other.presence == swapped[item.presence]
        assert other.flags == item.flags and other.comparable == item.comparable
        for name in ("max", "applicable_max", "baseline", "target"):
            there, here = getattr(other, name), getattr(item, name)
            assert (there.a, there.b) == (here.b, here.a)
            assert there.delta == (None if here.delta is None else -here.delta)


def _lost(facts: diffing.Facts | None, series: str) -> Decimal:
    if facts is None or not facts.applicable:
        return Decimal(0)
    return facts.applicable_max - facts.score(series)


@st.composite
def framework_data(draw, fid="gen"):
    def node(code: str, depth: int) -> dict:
        if depth < 3 and draw(st.booleans()):
            kids = [node(f"{code}.{i}", depth + 1) for i in range(1, draw(st.integers(1, 3)) + 1)]
            return {"code": code, "name": f"Mục {code}", "max": sum((k["max"] for k in kids), Decimal(0)),
                    "items": kids}
        scale = Decimal(1).scaleb(-draw(st.integers(0, 2)))
        return {"code": code, "name": f"Mục {code}", "max": draw(st.integers(1, 40)) * scale}

    items = [node(str(i), 1) for i in range(1, draw(st.integers(1, 3)) + 1)]
    return {"kind": "framework", "id": fid, "title": "Sinh tự động", "level": "xa",
            "total": sum((i["max"] for i in items), Decimal(0)), "items": items}


def _walk(items: list[dict]):
    for item in items:
        yield item
        yield from _walk(item.get("items", []))


@st.composite
def plan_data(draw, framework: dict, year: int):
    nodes = list(_walk(framework["items"]))
    not_applicable = draw(st.sets(st.sampled_from([n["code"] for n in nodes]), max_size=2))
    entries = []
    for item in nodes:
        entry: dict = {"code": item["code"]}
        if item["code"] in not_applicable:
            entry["applicable"] = False
        if "items" not in item:
            q = Decimal(1).scaleb(-draw(st.integers(0, 4)))
            steps = int(item["max"] / q)
            entry["baseline"] = draw(st.integers(0, steps)) * q
            entry["target"] = draw(st.integers(0, steps)) * q
        if len(entry) > 1:
            entries.append(entry)
    return {"kind": "plan", "framework": framework["id"], "unit": "UBND xã Thử", "year": year,
            "entries": entries}


@st.composite
def two_plans(draw, same_framework: bool | None = None):
    fa = draw(framework_data("gen-a"))
    same = draw(st.booleans()) if same_framework is None else same_framework
    fb = dict(fa, id="gen-b") if same else draw(framework_data("gen-b"))
    a, b = draw(plan_data(fa, 2024)), draw(plan_data(fb, 2025))
    return (diffing.side(Plan.model_validate(a), Framework.model_validate(fa), "a.yaml"),
            diffing.side(Plan.model_validate(b), Framework.model_validate(fb), "b.yaml"))


HYPOTHESIS = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@HYPOTHESIS
@given(two_plans())
def test_a_plan_compared_with_itself_has_no_changes(plans):
    a, _ = plans
    cmp = diffing.diff(a, a)
    assert not cmp.changed
    assert all(i.presence == "both" and i.flags == () for i in cmp.items)
    for item in list(cmp.items) + [cmp.total]:
        for pair in (item.max, item.baseline, item.target):
            assert pair.delta in (None, 0)
    assert diffview.as_dict(cmp)["summary"]["changed"] is False


@HYPOTHESIS
@given(two_plans())
def test_diff_b_a_mirrors_diff_a_b(plans):
    a, b = plans
    assert_mirrors(diffing.diff(a, b), diffing.diff(b, a))


@HYPOTHESIS
@given(two_plans(same_framework=True))
def test_deltas_add_up_the_tree_like_the_scores(plans):
    a, b = plans
    cmp = diffing.diff(a, b)
    items = list(cmp.items)
    for series in ("baseline", "target"):
        for parent in items + [cmp.total]:
            parent_code = parent.code if parent is not cmp.total else None
            kids = [i for i in items if (i.b or i.a).parent == parent_code]
            if not kids:
                continue
            # points lost add up exactly (an item that does not apply loses 0 of 0) ...
            delta_lost = _lost(parent.b, series) - _lost(parent.a, series)
            assert delta_lost == sum((_lost(k.b, series) - _lost(k.a, series) for k in kids), Decimal(0))
            # ... so where nothing changed in what applies, score deltas simply add up
            if all(k.a.applicable == k.b.applicable for k in kids) and parent.a.applicable == parent.b.applicable:
                if parent.a.applicable:
                    assert parent.score(series).delta == sum(
                        (k.score(series).delta for k in kids if k.a.applicable), Decimal(0))


# -- the command ------------------------------------------------------------------

@pytest.fixture
def workspace(tmp_path, monkeypatch):
    """A workspace with the mini framework, the 2024 plan in plans/ and the
    2025 plan in examples/."""
    (tmp_path / "criteria").mkdir()
    (tmp_path / "criteria" / "mini.yaml").write_text(MINI, encoding="utf-8")
    (tmp_path / "criteria" / "mini-next.yaml").write_text(MINI_NEXT, encoding="utf-8")
    (tmp_path / "plans" / "thu").mkdir(parents=True)
    (tmp_path / "plans" / "thu" / "2024.yaml").write_text(PLAN_2024, encoding="utf-8")
    (tmp_path / "examples").mkdir()
    (tmp_path / "examples" / "thu-2025.yaml").write_text(PLAN_2025, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("PARPLAN_LANG", raising=False)
    return tmp_path


def run(*args: str):
    return CliRunner().invoke(app, ["diff", *args])


def check_golden(name: str, data: dict) -> None:
    golden = GOLDEN / f"{name}.json"
    if os.environ.get("PARPLAN_UPDATE_GOLDEN"):
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    assert data == json.loads(golden.read_text(encoding="utf-8"))


def test_json_golden_years_resolved_in_plans_and_examples(workspace):
    result = run("2024", "2025", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["a"] == {"file": "plans/thu/2024.yaml", "unit": "UBND huyện Thử", "year": 2024,
                         "baseline_year": 2023, "framework": "mini"}
    assert data["b"]["file"] == "examples/thu-2025.yaml"
    check_golden("mini-2024-2025", data)


def test_json_golden_framework_change_with_mapping(workspace):
    (workspace / "examples" / "thu-2025.yaml").write_text(PLAN_2025_NEXT, encoding="utf-8")
    (workspace / "map.yaml").write_text(dedent("""\
        kind: mapping
        from: mini
        to: mini-next
        codes:
          1.2.2: "1.2.3"
        """), encoding="utf-8")
    result = run("2024", "2025", "--format", "json", "--map", "map.yaml")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["mapping"] == {"1.2.2": "1.2.3"}
    check_golden("mini-next-mapped", data)


def test_json_numbers_are_decimal_strings_and_keys_are_stable(workspace):
    data = json.loads(run("2024", "2025", "--format", "json").stdout)
    keys = {tuple(item) for item in data["items"]}
    assert len(keys) == 1
    assert list(data)[:2] == ["a", "b"] and "items" in data and "totals" in data
    for item in data["items"]:
        for name in ("max", "baseline", "target"):
            for value in item[name].values():
                assert value is None or (isinstance(value, str) and Decimal(value) == Decimal(value))


def test_text_is_plain_in_a_pipe_and_tells_gains_losses_and_misses(workspace):
    result = run("2024", "2025")
    assert result.exit_code == 0
    out = result.stdout
    assert "\x1b[" not in out
    assert "A: plans/thu/2024.yaml" in out and "B: examples/thu-2025.yaml" in out
    assert "Chưa đạt mục tiêu năm 2024: 2 tiêu chí: 1.1 (mục tiêu 1,5, đạt 1,25: thiếu 0,25); " \
           "1.2.2 (mục tiêu 1,5, đạt 1,4999: thiếu 0,0001)" in out
    assert "Tăng điểm (điểm đạt được 2023 → 2024): 3 tiêu chí: 1.1 +0,25; 1.2.2 +0,9999; 2.2 +0,6" in out
    assert "Giảm điểm (điểm đạt được 2023 → 2024): không có" in out
    english = run("2024", "2025", "--lang", "en").stdout
    assert "Targets for 2024 missed: 2 criteria" in english and "short by 0,0001" in english


def test_only_changes_keeps_changed_rows_and_their_parents(workspace):
    out = run("2024", "2025", "--only-changes", "--format", "md").stdout
    codes = [line.split("|")[1].strip().strip("*") for line in out.splitlines()
             if line.startswith("| ") and not line.startswith("| STT")]
    assert "2.1" not in codes and {"1", "1.1", "1.2", "1.2.1", "1.2.2", "2", "2.2"} <= set(codes)


def test_markdown_tables_are_well_formed(workspace):
    out = run("2024", "2025", "--format", "md").stdout
    assert out.startswith("# So sánh kế hoạch: UBND huyện Thử")
    tables = [l for l in out.splitlines() if l.startswith("|")]
    header = tables[0]
    assert header.startswith("| STT | Lĩnh vực/Tiêu chí | Điểm chuẩn | Đạt 2023 | Đạt 2024 | ± |")
    width = header.count("|")
    detail = tables[:tables.index(next(l for l in tables[1:] if l.startswith("| STT")))]
    assert all(l.count("|") == width for l in detail)
    assert "| **TỔNG ĐIỂM** | 10 → 9 | 7,5 | 8,3499 | +0,8499* |" in out


def test_docx_is_a_landscape_nd30_table(workspace):
    from docx import Document

    result = run("2024", "2025", "--docx", "cmp.docx")
    assert result.exit_code == 0 and result.stdout == ""
    doc = Document("cmp.docx")
    section = doc.sections[0]
    assert section.page_width > section.page_height
    rows = [[c.text for c in r.cells] for r in doc.tables[0].rows]
    assert rows[0][:6] == ["STT", "Lĩnh vực/Tiêu chí/Tiêu chí thành phần", "Điểm chuẩn",
                           "Điểm 2023 đạt được", "Điểm 2024 đạt được", "Tăng (+), giảm (−)"]
    assert rows[0][-2:] == ["Kết quả so với mục tiêu năm 2024", "Ghi chú"]
    row = next(r for r in rows if r[0] == "1.2.1")
    assert row[4] == "—" and row[-1] == "áp dụng: có→không"
    assert rows[-2][1] == "TỔNG ĐIỂM" and rows[-1][1] == "Chỉ số CCHC (%)"
    assert run("2024", "2025", "--docx", "again.docx").exit_code == 0
    assert (workspace / "cmp.docx").read_bytes() == (workspace / "again.docx").read_bytes()


def test_docx_never_overwrites_an_input_and_needs_a_writable_place(workspace):
    before = (workspace / "plans/thu/2024.yaml").read_bytes()
    result = run("2024", "2025", "--docx", "plans/thu/2024.yaml")
    assert result.exit_code == 2 and (workspace / "plans/thu/2024.yaml").read_bytes() == before
    assert run("2024", "2025", "--docx", "plans").exit_code == 2
    result = run("2024", "2025", "--docx", "no/such/folder/x.docx", "--lang", "en")
    assert result.exit_code == 2 and "no such folder to write to: no/such/folder" in result.stderr


def test_files_and_a_file_with_a_year(workspace):
    assert run("plans/thu/2024.yaml", "examples/thu-2025.yaml", "--format", "json").exit_code == 0
    result = run("plans/thu/2024.yaml", "2025", "--format", "json")
    assert result.exit_code == 0 and json.loads(result.stdout)["b"]["file"] == "examples/thu-2025.yaml"


# -- year resolution and usage errors (exit 2, no traceback) ------------------------

def test_no_plan_for_that_year(workspace):
    result = run("2023", "2024")
    assert result.exit_code == 2
    assert "không có kế hoạch năm 2023" in result.stderr and "các năm có kế hoạch: 2024, 2025" in result.stderr
    assert "Traceback" not in result.output
    english = run("2023", "2024", "--lang", "en")
    assert english.exit_code == 2 and "no plan for 2023" in english.stderr


def test_two_units_need_unit(workspace):
    other = PLAN_2024.replace("UBND huyện Thử", "UBND huyện Khác")
    (workspace / "plans" / "khac").mkdir()
    (workspace / "plans" / "khac" / "2024.yaml").write_text(other, encoding="utf-8")
    (workspace / "plans" / "khac" / "2025.yaml").write_text(
        PLAN_2025.replace("UBND huyện Thử", "UBND huyện Khác"), encoding="utf-8")
    result = run("2024", "2025")
    assert result.exit_code == 2
    assert "nhiều đơn vị có kế hoạch năm 2024 và 2025: UBND huyện Khác; UBND huyện Thử" in result.stderr
    assert "--unit" in result.stderr
    chosen = run("2024", "2025", "--unit", "UBND huyện Khác", "--format", "json")
    assert chosen.exit_code == 0 and json.loads(chosen.stdout)["a"]["file"] == "plans/khac/2024.yaml"
    short = run("2024", "2025", "--unit", "thử", "--format", "json")
    assert short.exit_code == 0 and json.loads(short.stdout)["a"]["unit"] == "UBND huyện Thử"
    missing = run("2024", "2025", "--unit", "Không Có")
    assert missing.exit_code == 2 and "của đơn vị 'Không Có'" in missing.stderr


def test_two_plans_of_one_unit_for_one_year(workspace):
    (workspace / "examples" / "thu-2024-copy.yaml").write_text(PLAN_2024, encoding="utf-8")
    result = run("2024", "2025")
    assert result.exit_code == 2 and "có nhiều kế hoạch năm 2024 của cùng đơn vị" in result.stderr


def test_not_a_file_nor_a_year(workspace):
    result = run("nothing.yaml", "2025")
    assert result.exit_code == 2 and "không có tệp: nothing.yaml" in result.stderr


def test_outside_a_workspace(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("2024", "2025", "--lang", "en")
    assert result.exit_code == 2 and "no workspace" in result.stderr


def test_not_a_plan(workspace):
    result = run("criteria/mini.yaml", "plans/thu/2024.yaml")
    assert result.exit_code == 2 and "không phải kế hoạch (kind: framework)" in result.stderr


def test_bad_mapping_files(workspace):
    cases = {
        "kind: mapping\ncodes:\n  1.2: 1.3\n  1.2: 1.4\n": "PAR002",
        "kind: mapping\ncode:\n  1.2: 1.3\n": "unknown field 'code'",
        "kind: mapping\ncodes:\n  1.x: 1.3\n": "malformed code: 1.x",
        "codes: {1.2: 1.3}\n": "expected 'kind: mapping'",
        "kind: mapping\nfrom: tinh-2020\ncodes: {1.2: 1.3}\n": "the mapping is for from: tinh-2020, but A uses framework mini",
    }
    for text, expected in cases.items():
        (workspace / "map.yaml").write_text(text, encoding="utf-8")
        result = run("2024", "2025", "--map", "map.yaml", "--lang", "en")
        assert result.exit_code == 2, text
        assert expected in result.stderr, (text, result.stderr)
    assert run("2024", "2025", "--map", "nope.yaml").exit_code == 2


def test_input_errors_still_compare_but_exit_1(workspace):
    wrong = PLAN_2024 + '  - {code: "2", baseline: 4, target: 5.5}\n'   # children add up to 5
    (workspace / "plans" / "thu" / "2024.yaml").write_text(wrong, encoding="utf-8")
    result = run("2024", "2025", "--format", "json")
    assert result.exit_code == 1
    area = next(i for i in json.loads(result.stdout)["items"] if i["code"] == "2")
    assert area["baseline"]["a"] == "4"   # the value as written
    assert "plans/thu/2024.yaml: 1 lỗi số liệu" in result.stderr


def test_unknown_framework_is_reported_not_compared(workspace):
    (workspace / "examples" / "thu-2025.yaml").write_text(PLAN_2025.replace("mini", "khong-co"), encoding="utf-8")
    result = run("2024", "2025")
    assert result.exit_code == 1 and "PAR006" in result.stderr and result.stdout == ""


def test_validate_does_not_import_diff_or_docx():
    code = ("import sys, parplan.cli; "
            "assert not {'docx', 'openpyxl', 'parplan.diff'} & set(sys.modules), "
            "sorted(m for m in sys.modules if m in {'docx', 'openpyxl', 'parplan.diff'})")
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


def test_the_shipped_example_compares_with_2021(monkeypatch):
    monkeypatch.chdir(ROOT)
    from parplan import api

    report = api.validate(["examples/dak-nong-2022.yaml"])
    assert report.errors == 0
    result = run("2021", "2022", "--format", "json")
    data = json.loads(result.stdout)
    assert data["a"]["file"] == "plans/dak-nong/2021.yaml" and data["b"]["file"] == "examples/dak-nong-2022.yaml"
    assert data["attainment_year"] == 2021 and data["summary"]["framework_changes"] == []
    summary = data["summary"]
    assert summary["gained"] and summary["lost"] and summary["targets_missed"] and summary["targets_met"]
