"""Hostile and odd inputs, written as bytes (they cannot be case files: the
case harness reads its header as UTF-8).

Each test writes a file to tmp_path and asserts the exact diagnostics
(code, line, column[, item, field]) that `parplan.api.validate` reports.
SPEC 2: files are UTF-8 YAML holding one mapping with a `kind` key; a file
that is not UTF-8, too large, or an alias bomb is refused with PAR007 and
gets no further diagnostics; a traceback is never the answer to bad input.
"""
from __future__ import annotations

import os
import random
import unicodedata
from pathlib import Path

import pytest

from parplan import api

from conftest import dedent

TONE_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def cp1258(text: str) -> bytes:
    """Encode Vietnamese text as Windows-1258 does: a precomposed base letter
    (â, ê, ô, ơ, ư, ă, đ ...) followed by a combining tone mark."""
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        decomposed = unicodedata.normalize("NFD", ch)
        tones = "".join(c for c in decomposed if c in TONE_MARKS)
        base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in TONE_MARKS))
        out += base.encode("cp1258") + tones.encode("cp1258")
    return bytes(out)


def run(tmp_path: Path, data: bytes, name: str = "input.yaml", criteria: list[Path] | None = None):
    path = tmp_path / name
    path.write_bytes(data)
    report = api.validate([path], criteria or [], cwd=tmp_path)
    return report


def found(report) -> list[tuple]:
    return sorted((d.code, d.line, d.column) for d in report.diagnostics)


def found_full(report) -> list[tuple]:
    return sorted((d.code, d.line, d.column, d.item, d.field) for d in report.diagnostics)


GOOD_PLAN = dedent("""
    kind: plan
    unit: Sở Nội vụ
    year: 2025
    entries:
      - {code: "1", name: "Lĩnh vực 1", max: 2, baseline: 2, target: 2}
      - {code: "1.1", name: "Tiêu chí 1", max: 2, baseline: 2, target: 2}
""")


# -- sanity: the good plan is good ------------------------------------------

def test_good_plan_is_silent(tmp_path):
    assert found(run(tmp_path, GOOD_PLAN.encode("utf-8"))) == []


# -- encodings ----------------------------------------------------------------

def test_cp1258_file_is_refused_at_first_bad_byte(tmp_path):
    data = cp1258(GOOD_PLAN)
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    # line 2 "unit: Sở Nội vụ": 'S' is ASCII, 'ơ' is byte 0xF5 at column 8
    assert found_full(run(tmp_path, data)) == [("PAR007", 2, 8, None, None)]


def test_cp1258_with_ascii_first_lines(tmp_path):
    text = dedent("""
        kind: plan
        unit: UBND xa A
        year: 2025
        entries:
          - {code: "1", name: "Lĩnh vực 1", max: 2}
    """)
    data = cp1258(text)
    # '  - {code: "1", name: "Li' is 25 characters; the tilde (0xDE) is column 26
    assert found(run(tmp_path, data)) == [("PAR007", 5, 26)]


def test_latin1_file_is_refused(tmp_path):
    data = "kind: plan\nunit: Café\n".encode("latin-1")
    assert found(run(tmp_path, data)) == [("PAR007", 2, 10)]


def test_utf16_file_is_refused(tmp_path):
    data = GOOD_PLAN.encode("utf-16")  # with its BOM
    assert found(run(tmp_path, data)) == [("PAR007", 1, 1)]


def test_utf16_without_bom_is_refused(tmp_path):
    data = GOOD_PLAN.encode("utf-16-le")  # NUL after every ASCII byte
    assert found(run(tmp_path, data)) == [("PAR007", 1, 2)]


def test_utf8_bom_loads_fine(tmp_path):
    assert found(run(tmp_path, b"\xef\xbb\xbf" + GOOD_PLAN.encode("utf-8"))) == []


def test_utf8_bom_does_not_shift_columns(tmp_path):
    data = b"\xef\xbb\xbf" + GOOD_PLAN.replace("kind: plan", "kind: plann").encode("utf-8")
    assert found_full(run(tmp_path, data)) == [("PAR004", 1, 7, None, "kind")]


def test_nfd_text_is_normalised(tmp_path):
    nfd = unicodedata.normalize("NFD", GOOD_PLAN)
    assert nfd != GOOD_PLAN
    path = tmp_path / "nfd.yaml"
    path.write_bytes(nfd.encode("utf-8"))
    checked = api.check_file(path, api.registry_for([], tmp_path))
    assert checked.diagnostics == []
    assert checked.model.unit == "Sở Nội vụ"
    assert checked.model.entries[0].name == "Lĩnh vực 1"


# -- line ends ----------------------------------------------------------------

def test_crlf_line_ends_load_fine(tmp_path):
    assert found(run(tmp_path, GOOD_PLAN.replace("\n", "\r\n").encode("utf-8"))) == []


def test_crlf_positions_are_lines_not_bytes(tmp_path):
    text = GOOD_PLAN.replace('baseline: 2, target: 2}\n  - {code: "1.1"', 'baseline: 1, target: 2}\n  - {code: "1.1"')
    assert text != GOOD_PLAN
    data = text.replace("\n", "\r\n").encode("utf-8")
    # area 1 declares 1, its criterion gives 2: PAR203 at line 5, column 55
    assert found_full(run(tmp_path, data)) == [("PAR203", 5, 55, "1", "baseline")]


# -- not a mapping ------------------------------------------------------------

def test_empty_file(tmp_path):
    assert found_full(run(tmp_path, b"")) == [("PAR004", 1, 1, None, None)]


def test_whitespace_and_comments_only(tmp_path):
    assert found(run(tmp_path, b"\n   \n# only a comment\n\n")) == [("PAR004", 1, 1)]


def test_file_is_a_list(tmp_path):
    data = b"- kind: plan\n- unit: A\n"
    assert found_full(run(tmp_path, data)) == [("PAR004", 1, 1, None, None)]


def test_file_is_a_scalar(tmp_path):
    assert found(run(tmp_path, b"\n\nhello\n")) == [("PAR004", 3, 1)]


def test_missing_kind(tmp_path):
    data = GOOD_PLAN.replace("kind: plan\n", "").encode("utf-8")
    assert found_full(run(tmp_path, data)) == [("PAR005", 1, 1, None, "kind")]


def test_unknown_kind(tmp_path):
    data = GOOD_PLAN.replace("kind: plan", "kind: kehoach").encode("utf-8")
    assert found_full(run(tmp_path, data)) == [("PAR004", 1, 7, None, "kind")]


def test_kind_written_in_capitals_is_unknown(tmp_path):
    data = GOOD_PLAN.replace("kind: plan", "kind: Plan").encode("utf-8")
    assert found_full(run(tmp_path, data)) == [("PAR004", 1, 7, None, "kind")]


# -- binary junk --------------------------------------------------------------

def test_png_header(tmp_path):
    data = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00"
    # the first NUL byte is at line 3 (after two \n), column 1
    assert found(run(tmp_path, data, "picture.yaml")) == [("PAR007", 3, 1)]


def test_jpeg_header_without_nul(tmp_path):
    data = b"\xff\xd8\xff\xe0JFIF"
    assert found(run(tmp_path, data)) == [("PAR007", 1, 1)]


def test_random_bytes(tmp_path):
    data = random.Random(20250101).randbytes(4096)
    report = run(tmp_path, data)
    assert [d.code for d in report.diagnostics] == ["PAR007"]


def test_nul_byte_inside_text(tmp_path):
    data = GOOD_PLAN.replace("unit: Sở", "unit: S\x00ở").encode("utf-8")
    assert found(run(tmp_path, data)) == [("PAR007", 2, 8)]


def test_control_character_is_not_yaml(tmp_path):
    data = GOOD_PLAN.replace("unit: Sở", "unit: S\x07ở").encode("utf-8")
    assert found(run(tmp_path, data)) == [("PAR001", 2, 8)]


def test_too_large_file(tmp_path):
    filler = ("# " + "x" * 98 + "\n") * 90_000  # 9 000 000 bytes of comments
    data = (GOOD_PLAN + filler).encode("utf-8")
    assert len(data) > 8 * 1024 * 1024
    assert found(run(tmp_path, data)) == [("PAR007", 1, 1)]


# -- aliases and nesting ------------------------------------------------------

def test_recursive_alias(tmp_path):
    data = dedent("""
        kind: plan
        unit: A
        year: 2025
        entries: &e
          - code: "1"
            tasks: *e
    """).encode("utf-8")
    assert found(run(tmp_path, data)) == [("PAR007", 4, 10)]


def test_recursive_alias_in_mapping(tmp_path):
    data = b"kind: plan\nunit: A\nyear: 2025\ndocument: &d {number: 1, title: *d}\nentries: []\n"
    assert found(run(tmp_path, data)) == [("PAR007", 4, 11)]


def test_alias_bomb_is_refused_fast(tmp_path, build_count):
    lines = ["kind: plan", "unit: A", "year: 2025",
             'a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 10):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]")
    lines.append("entries: *a9")
    data = ("\n".join(lines) + "\n").encode("utf-8")
    report = run(tmp_path, data)
    # reported where the count of nodes built again through aliases passes
    # 100 000: the third "lol" of a0 (line 4, column 22)
    assert found(report) == [("PAR007", 4, 22)]
    assert build_count["n"] < 110_000      # refused after the bound, not after 10^10 nodes


def test_moderate_aliases_are_fine(tmp_path):
    data = dedent("""
        kind: plan
        unit: A
        year: 2025
        entries:
          - {code: "1", name: "Lĩnh vực 1", max: 2, baseline: 2, target: 2, lead: &nv [Sở Nội vụ]}
          - {code: "1.1", name: "Tiêu chí 1", max: 1, baseline: 1, target: 1, lead: *nv}
          - {code: "1.2", name: "Tiêu chí 2", max: 1, baseline: 1, target: 1, lead: *nv}
    """).encode("utf-8")
    assert found(run(tmp_path, data)) == []


def test_nesting_100_deep_flow(tmp_path):
    data = ("kind: plan\nunit: A\nyear: 2025\nentries: []\nnote: " + "[" * 100 + "1" + "]" * 100 + "\n").encode()
    # refused at the first node more than 64 levels deep (`note` is level 1, col 7)
    assert found(run(tmp_path, data)) == [("PAR007", 5, 71)]


def test_nesting_100_deep_block(tmp_path):
    body = "".join("  " * (i + 1) + f"k{i}:\n" for i in range(99)) + "  " * 100 + "k99: 1\n"
    data = ("kind: plan\nunit: A\nyear: 2025\nentries: []\nnote:\n" + body).encode()
    # the mapping at level 65 starts at key k64: line 6 + 64, column 3 + 2 * 64
    assert found(run(tmp_path, data)) == [("PAR007", 70, 131)]


@pytest.mark.parametrize("depth", [1_000, 6_000, 20_000])
def test_very_deep_nesting_is_refused_without_crashing(tmp_path, depth, build_count):
    data = ("kind: plan\nnote: " + "[" * depth + "]" * depth + "\n").encode()
    report = run(tmp_path, data)
    assert [d.code for d in report.diagnostics] == ["PAR007"]
    assert build_count["n"] <= 70            # stops at the depth bound


def test_very_deep_block_sequences(tmp_path):
    data = ("kind: plan\nnote:\n" + "- " * 20_000 + "1\n").encode()
    assert [d.code for d in run(tmp_path, data).diagnostics] == ["PAR007"]


def test_nesting_64_deep_is_allowed_by_the_loader(tmp_path):
    # well below the bound: only the shape error of `note` (not text) remains
    data = ("kind: plan\nunit: A\nyear: 2025\nentries: []\nnote: " + "[" * 10 + "]" * 10 + "\n").encode()
    assert found_full(run(tmp_path, data)) == [("PAR004", 5, 7, None, "note")]


# -- a broken framework file referred to by a plan -----------------------------

def test_plan_referring_to_a_cp1258_framework(tmp_path):
    criteria = tmp_path / "criteria"
    criteria.mkdir()
    framework = dedent("""
        kind: framework
        id: cp-2024
        title: Bộ tiêu chí
        level: xa
        total: 2
        items:
          - {code: "1", name: "Lĩnh vực", max: 2}
    """)
    (criteria / "cp-2024.yaml").write_bytes(cp1258(framework))
    plan = dedent("""
        kind: plan
        framework: cp-2024
        unit: A
        year: 2025
        entries:
          - {code: "1", baseline: 2, target: 2}
    """)
    report = run(tmp_path, plan.encode("utf-8"), "plan.yaml", [criteria])
    # reported once, in the framework file (line 3 "title: Bộ": 'ộ' is column 9)
    assert [(Path(d.file).name, d.code, d.line, d.column) for d in report.diagnostics] == [
        ("cp-2024.yaml", "PAR007", 3, 9)]


def test_unsupported_tag_is_reported_at_its_node(tmp_path):
    data = GOOD_PLAN.replace("unit: Sở Nội vụ", 'unit: !!python/object/apply:os.system ["echo x"]').encode()
    report = run(tmp_path, data)
    # (parplan reports two PAR004 at this node: the tag, then "not text"; see
    # the report of this work: one would be enough)
    assert {(d.code, d.line, d.column) for d in report.diagnostics} == {("PAR004", 2, 7)}


def test_fifty_megabyte_file_is_refused_without_reading_it(tmp_path, monkeypatch):
    path = tmp_path / "huge.yaml"
    with open(path, "wb") as handle:
        handle.write(b"kind: plan\nunit: A\nyear: 2025\nentries:\n")
        handle.truncate(50 * 1024 * 1024)
    monkeypatch.setattr(Path, "read_bytes", lambda self: pytest.fail("read a 50 MB file"))
    report = api.validate([path], [], cwd=tmp_path)
    assert [(d.code, d.line, d.column) for d in report.diagnostics] == [("PAR007", 1, 1)]
    assert "quá lớn" in report.diagnostics[0].message("vi")


def test_symlink_loop_in_a_folder_is_not_followed(tmp_path):
    folder = tmp_path / "plans"
    (folder / "a").mkdir(parents=True)
    (folder / "a" / "loop").symlink_to(folder, target_is_directory=True)
    (folder / "a" / "p.yaml").write_text(GOOD_PLAN, encoding="utf-8")
    (folder / "dangling.yaml").symlink_to(tmp_path / "missing.yaml")
    report = api.validate([folder], [], cwd=tmp_path)
    assert report.files == 2
    assert [(d.code, Path(d.file).name) for d in report.diagnostics] == [("PAR007", "dangling.yaml")]


def test_unreadable_file_gets_a_diagnostic(tmp_path, monkeypatch):
    path = tmp_path / "locked.yaml"
    path.write_text(GOOD_PLAN, encoding="utf-8")
    if os.geteuid() == 0:   # root reads anything: simulate the permission error
        real = Path.read_bytes

        def deny(self):
            if self.name == "locked.yaml":
                raise PermissionError(13, "Permission denied")
            return real(self)

        monkeypatch.setattr(Path, "read_bytes", deny)
    else:
        path.chmod(0)
    report = api.validate([path], [], cwd=tmp_path)
    assert [(d.code, d.line, d.column) for d in report.diagnostics] == [("PAR007", 1, 1)]
    assert "Permission denied" in report.diagnostics[0].message("en")
