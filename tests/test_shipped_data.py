"""The shipped frameworks and transcribed plans: exactly the real mistakes."""
from __future__ import annotations

from collections import Counter

import pytest

from parplan import api
from parplan.model import Framework
from parplan.rollup import framework_tree

from conftest import ROOT

# (file, code, item, field, expected, actual): docs/real-mistakes.md
REAL_MISTAKES = [
    ("plans/dak-nong/2021.yaml", "PAR203", None, "totals.baseline", "82.02", "82.05"),
    ("plans/dak-nong/2021.yaml", "PAR203", "3.4", "baseline", "4.93", "4.94"),
    ("plans/dak-nong/2021.yaml", "PAR203", "3.4", "target", "4.93", "4.94"),
    ("plans/dak-nong/2021.yaml", "PAR203", "5", "baseline", "10.05", "10.06"),
    ("plans/dak-nong/2021.yaml", "PAR203", "6.1", "baseline", "1.34", "1.35"),
    ("plans/dak-nong/2021.yaml", "PAR203", "7.1", "baseline", "5.17", "5.18"),
    ("plans/dak-rlap/2024.yaml", "PAR203", "1", "baseline", "14", "12"),
    ("plans/dak-rlap/2024.yaml", "PAR103", "8", "max", "12.5", "13"),
    ("plans/yen-chau/2021-2025-chi-tieu.yaml", "PAR101", "3.3", "code", None, None),
    ("plans/yen-chau/2021-2025-kinh-phi.yaml", "PAR302", None, "by_source.ngan_sach_dia_phuong",
     "55895400000", "55985400000"),
]


@pytest.fixture(scope="module")
def report(request):
    import os

    here = os.getcwd()
    os.chdir(ROOT)
    try:
        yield api.validate(["plans"])
    finally:
        os.chdir(here)


def test_exactly_the_real_mistakes_are_errors(report):
    errors = [(d.file, d.code, d.item, d.field, d.expected, d.actual)
              for d in report.diagnostics if d.severity == "error"]
    assert sorted(errors, key=str) == sorted(REAL_MISTAKES, key=str)


def test_warnings_on_the_real_documents(report):
    warnings = Counter((d.file, d.code) for d in report.diagnostics if d.severity == "warning")
    assert warnings == Counter({
        ("plans/dak-nong/2021.yaml", "PAR211"): 19,
        ("plans/dak-rlap/2024.yaml", "PAR211"): 1,
        ("plans/dak-rlap/2024.yaml", "PAR216"): 1,      # "Các Phòng" / "Các phòng" (issue 11)
        ("plans/quang-tri/2024.yaml", "PAR211"): 1,
        ("plans/quang-tri/2024.yaml", "PAR216"): 1,     # "các sở, … UBND cấp xã." (issue 11)
        ("plans/yen-chau/2021-2025-chi-tieu.yaml", "PAR403"): 3,
    })


def test_every_shipped_file_is_checked(report):
    assert report.files == len(list((ROOT / "plans").rglob("*.yaml")))
    assert report.files >= 10


def test_the_provincial_framework_adds_up_and_has_the_documents_shape(monkeypatch):
    monkeypatch.chdir(ROOT)
    checked, rep = api.check_paths(["criteria/tinh-2020.yaml"])
    assert rep.diagnostics == []
    framework = checked[0].model
    assert isinstance(framework, Framework)
    root = framework_tree(framework)
    by_depth = Counter(node.depth for node in root.walk() if node.code)
    assert by_depth == {1: 8, 2: 43, 3: 66}
    assert [str(n.max) for n in root.children] == ["8.5", "10", "13.5", "11.5", "13.5", "12", "15", "16"]


def test_rendered_page_facts_of_the_seed_plan(monkeypatch):
    """Spot values a reader of seed 000 sees in its table."""
    from parplan.rollup import plan_tree

    monkeypatch.chdir(ROOT)
    checked, _ = api.check_paths(["plans/dak-nong/2021.yaml"])
    tree = plan_tree(checked[0].model, checked[0].framework)
    assert str(tree.root.value["target"]) == "89.37"
    assert str(tree.by_code["3.4"].derived["baseline"]) == "4.93"
    assert str(tree.by_code["2"].value["baseline"]) == "8.43"
