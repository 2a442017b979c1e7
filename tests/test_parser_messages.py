"""Parser problems read in Vietnamese, whatever parser (libyaml or pure
Python) and whatever its own limits: issue 10."""
from __future__ import annotations

import re

import pytest

from parplan.api import check_file, registry_for
from parplan.load import yamlsrc

BROKEN = {
    "tab indent": "kind: plan\nunit: A\n\tyear: 2025\n",
    "unclosed flow sequence": "kind: plan\nunit: A\nnote: [1, 2\n",
    "unclosed flow mapping": "kind: plan\ntotals: {max: 100, baseline: 84\n",
    "bad flow separator": "kind: plan\nnote: [1 2] x]\n",
    "mapping value here": "kind: plan\nunit: A: B\n",
    "bad indentation": "kind: plan\n  unit: A\n unit2: B\n",
    "missing colon": "kind: plan\n? a\nb\n",
    "two documents": "kind: plan\n---\nkind: plan\n",
    "end of stream in quotes": "kind: plan\nunit: \"Sở Nội vụ\n",
    "unknown escape": "kind: plan\nunit: \"a\\qb\"\n",
    "undefined alias": "kind: plan\nunit: *nv\n",
    "duplicate anchor": "kind: plan\na: &x 1\nb: &x 2\nc: *x\n",
    "bad tag": "kind: plan\nyear: 2025\nentries: []\nunit: !!python/object:os.system 1\n",
    "undefined tag handle": "kind: plan\nunit: !e!x 1\n",
    "directive": "%YAML 2.0\n---\nkind: plan\n",
    "sequence entry in mapping": "kind: plan\nunit: A\n- 1\n",
    "character that cannot start": "kind: plan\nunit: @A\n",
    "block scalar indicator": "kind: plan\nnote: |0\n  x\n",
    "control character": "kind: plan\nunit: S\x07ở\n",
}

ENGLISH = re.compile(r"\b(expected|found|while|allowed|could not|did not|scanning|parsing|token|stream)\b")


@pytest.fixture(params=["libyaml", "python"])
def parser(request, monkeypatch):
    if request.param == "python" or yamlsrc._Loader is None:
        monkeypatch.setattr(yamlsrc, "_Loader", None)
    return request.param


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_parser_problems_have_a_vietnamese_gist(tmp_path, name, parser):
    path = tmp_path / "plan.yaml"
    path.write_text(BROKEN[name], encoding="utf-8")
    diags = check_file(path, registry_for([], cwd=tmp_path)).diagnostics
    assert diags and all(d.line >= 1 and d.column >= 1 for d in diags)
    for diag in diags:
        vi, en = diag.message("vi"), diag.message("en")
        assert not ENGLISH.search(vi), vi
        assert vi != en


@pytest.mark.parametrize("depth", [999, 1_000, 1_001, 5_000])
def test_nesting_past_any_parser_limit_is_par007(tmp_path, depth, parser):
    path = tmp_path / "plan.yaml"
    path.write_text("kind: plan\nnote: " + "[" * depth + "]" * depth + "\n", encoding="utf-8")
    [diag] = check_file(path, registry_for([], cwd=tmp_path)).diagnostics
    assert diag.code == "PAR007"
    assert diag.message("vi") == "tệp bị từ chối: lồng nhau quá sâu (tối đa 64 cấp)"
    assert diag.message("en") == "input refused: nested too deeply (at most 64 levels)"


def test_deep_block_nesting_is_par007(tmp_path, parser):
    path = tmp_path / "plan.yaml"
    path.write_text("kind: plan\nnote:\n" + "- " * 1_500 + "1\n", encoding="utf-8")
    [diag] = check_file(path, registry_for([], cwd=tmp_path)).diagnostics
    assert (diag.code, diag.message("vi")) == ("PAR007", "tệp bị từ chối: lồng nhau quá sâu (tối đa 64 cấp)")
