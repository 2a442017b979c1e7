"""Data-driven rule cases: every file under tests/cases/ says what it expects.

Header comment lines of each case file:

    # expect: CODE ITEM FIELD @LINE:COL   a diagnostic that must be reported
                                          (ITEM/FIELD "-" for null)
    # covers: CODE [CODE ...]             (ok_* files) codes shown silent here
    # run-with: --criteria criteria       (frameworks from tests/cases/criteria)

The diagnostics reported must be exactly the expected ones, errors and
warnings alike, with their positions. A meta-test checks that every code of
the catalogue has a failing case and a passing (ok_*) case.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from parplan import api
from parplan.diagnostics import CATALOGUE

from conftest import CASES


def case_files() -> list[Path]:
    return sorted(p for p in CASES.glob("*.yaml"))


def header(path: Path) -> dict:
    spec: dict = {"expect": [], "covers": set(), "criteria": False}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            break
        body = line[1:].strip()
        if body.startswith("expect:"):
            words = body.split(":", 1)[1].split()
            pos = next(w for w in words if w.startswith("@"))
            line_no, col = (int(x) for x in pos[1:].split(":"))
            rest = [w for w in words[1:] if not w.startswith("@")]
            item = None if rest[0] == "-" else rest[0]
            field = None if rest[1] == "-" else rest[1]
            spec["expect"].append((words[0], line_no, col, item, field))
        elif body.startswith("covers:"):
            spec["covers"].update(body.split(":", 1)[1].split())
        elif body.startswith("run-with:") and "--criteria" in body:
            spec["criteria"] = True
    return spec


@pytest.mark.parametrize("path", case_files(), ids=lambda p: p.name)
def test_case_reports_exactly_what_it_expects(path: Path, monkeypatch):
    spec = header(path)
    monkeypatch.chdir(CASES)
    report = api.validate([path.name], [Path("criteria")] if spec["criteria"] else [])
    got = sorted((d.code, d.line, d.column, d.item, d.field) for d in report.diagnostics)
    assert got == sorted(spec["expect"])
    if path.name.startswith("ok_"):
        assert not spec["covers"] & {d.code for d in report.diagnostics}


def test_every_code_has_a_failing_and_a_passing_case():
    failing: set[str] = set()
    passing: set[str] = set()
    for path in case_files():
        spec = header(path)
        failing.update(code for code, *_ in spec["expect"])
        if path.name.startswith("ok_"):
            passing.update(spec["covers"])
    codes = {c for c in CATALOGUE if not c.startswith("IMP")}   # IMP1xx: Word/Excel files, tests/test_office.py
    assert sorted(codes - failing) == []
    assert sorted(codes - passing) == []
