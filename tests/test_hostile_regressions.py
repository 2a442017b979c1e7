"""Hostile inputs the first review found answered wrongly: each is now a regression test."""
from __future__ import annotations

import signal
from pathlib import Path

from parplan import api


def run(tmp_path: Path, data: bytes):
    path = tmp_path / "input.yaml"
    path.write_bytes(data)
    return api.validate([path], [], cwd=tmp_path)


def found_full(report):
    return sorted((d.code, d.line, d.column, d.item, d.field) for d in report.diagnostics)


def test_kind_that_is_a_list(tmp_path):
    # SPEC 4: a traceback is never the answer to bad input. parplan: TypeError
    # (unhashable type: 'list') in load/__init__.py `kind not in MODELS`;
    # the CLI prints "internal error" and exits 3.
    report = run(tmp_path, b"kind: [plan]\nunit: A\nyear: 2025\nentries: []\n")
    assert found_full(report) == [("PAR004", 1, 7, None, "kind")]


def test_score_with_a_huge_exponent(tmp_path):
    # parplan: decimal.Overflow in rollup._effective_max (internal error, exit 3).
    data = b'kind: plan\nunit: A\nyear: 2025\nentries:\n  - {code: "1", name: "A", max: 1e999999999}\n'
    report = run(tmp_path, data)
    assert found_full(report) == [("PAR004", 5, 33, "1", "max"),
                                  ("PAR214", 5, 5, "1", "target")]   # issue 11: no target yet


def test_score_with_a_large_exponent_answers_fast(tmp_path):
    # parplan accepts max: 1e999999 as a score; validate() returns a PAR103 whose
    # `actual` is a 1 000 000-digit string, and rendering its message
    # (numbers.vi -> _group, quadratic) takes minutes: `parplan validate` hangs
    # on a 90-byte file.
    data = (b'kind: plan\nunit: A\nyear: 2025\nentries:\n  - {code: "1", name: "A", max: 2}\n'
            b'  - {code: "1.1", name: "B", max: 1e999999}\n')
    def too_slow(signum, frame):
        raise TimeoutError("no answer within 10 s")

    signal.signal(signal.SIGALRM, too_slow)
    signal.alarm(10)
    try:
        report = run(tmp_path, data)
        for d in report.diagnostics:
            assert len(d.message("vi")) < 200   # no million-digit number to format
    finally:
        signal.alarm(0)
    assert [d.code for d in report.diagnostics] == ["PAR214", "PAR004"]   # PAR214: issue 11


def test_non_utf8_column_counts_characters(tmp_path):
    # Elsewhere columns count characters (PyYAML marks). For a non-UTF-8 byte
    # after multi-byte UTF-8 characters parplan counts bytes: column 18, not 16.
    report = run(tmp_path, "kind: plan\nunit: Tiêu chí ".encode() + b"\xf5\n")
    assert found_full(report) == [("PAR007", 2, 16, None, None)]


def test_unsupported_tag_reported_once(tmp_path):
    # parplan: two PAR004 at 2:7 (the tag; then "expected text" for unit).
    report = run(tmp_path, b'kind: plan\nunit: !!python/object/apply:os.system ["x"]\nyear: 2025\nentries: []\n')
    assert [(d.code, d.line, d.column) for d in report.diagnostics] == [("PAR004", 2, 7)]


def test_null_key_reported_at_the_key(tmp_path):
    # Was: PAR004 at 1:1 with pydantic's untranslated "Keys should be strings".
    # Now the loader itself refuses the null key, at the key, in both languages.
    report = run(tmp_path, b"kind: plan\n~: 1\nunit: A\nyear: 2025\nentries: []\n")
    assert [(d.code, d.line, d.column) for d in report.diagnostics] == [("PAR004", 2, 1)]
    assert report.diagnostics[0].message("vi") == "giá trị không hợp lệ: khóa rỗng (null) không hợp lệ"
