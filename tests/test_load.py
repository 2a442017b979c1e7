"""The safe loader: exact numbers and codes, no PyYAML surprises, positions."""
from __future__ import annotations

import subprocess
import sys
from decimal import Decimal

from parplan.load import load_text
from parplan.load.yamlsrc import load_bytes

from conftest import dedent, tuples


def test_scalars_follow_parplans_schema():
    loaded = load_bytes(dedent("""
        a: 0.1
        b: 2.50
        c: 7.1.10
        d: 1.10
        e: no
        f: On
        g: 2021-07-20
        h: ~
        i: 12
        j: "1.5"
        k: true
    """).encode(), "x.yaml")
    data = loaded.data
    assert data["a"] == Decimal("0.1") and str(data["a"]) == "0.1"
    assert str(data["b"]) == "2.50"
    assert data["c"] == "7.1.10"
    assert str(data["d"]) == "1.10"
    assert data["e"] == "no" and data["f"] == "On"
    assert data["g"] == "2021-07-20"
    assert data["h"] is None and data["i"] == 12 and data["j"] == "1.5"
    assert data["k"] == "true"


def test_codes_are_read_as_written():
    doc = load_text(dedent("""
        kind: plan
        unit: No
        year: 2025
        entries:
          - {code: 1.10, name: a, max: 1}
          - {code: 1.1, name: b, max: 1}
          - {code: 7, name: c, max: 2}
    """))
    assert [e.code for e in doc.model.entries] == ["1.10", "1.1", "7"]
    assert doc.model.unit == "No"


def test_source_positions_of_values_and_keys():
    doc = load_text(dedent("""
        kind: plan
        unit: X
        year: 2025
        entries:
          - code: "1"
            name: A
            max: 2
            baseline: "1,5"
    """))
    assert doc.source.at(("entries", 0, "baseline")) == (8, 15)
    assert doc.source.key_at(("entries", 0, "max")) == (7, 5)
    assert doc.model.entries[0].baseline == Decimal("1.5")


def test_duplicate_key_in_nested_mapping_is_par002_on_the_second_key():
    doc = load_text(dedent("""
        kind: plan
        unit: X
        year: 2025
        document:
          number: 1/KH
          number: 2/KH
        entries: []
    """))
    assert tuples(doc.diagnostics) == [("PAR002", 6, 3, None, "number")]
    assert doc.model.document.number == "1/KH"  # the first value is kept


def test_alias_bomb_refused_fast(build_count):
    lines = ["kind: plan", "unit: X", "year: 2025", 'a0: &a0 ["x","x","x","x","x","x","x","x","x","x"]']
    for i in range(1, 12):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i-1}"] * 10) + "]")
    lines.append("entries: *a11")
    doc = load_text("\n".join(lines))
    assert build_count["n"] < 110_000   # bounded work, not 10^12 nodes
    assert [d.code for d in doc.diagnostics] == ["PAR007"]
    assert doc.refused


def test_merge_keys_and_small_aliases_work():
    doc = load_text(dedent("""
        kind: plan
        unit: X
        year: 2025
        entries:
          - &base {code: "1", name: A, max: 2, lead: Phòng Nội vụ}
          - <<: *base
            code: "2"
    """))
    assert doc.diagnostics == []
    assert [(e.code, e.lead) for e in doc.model.entries] == [("1", ["Phòng Nội vụ"]), ("2", ["Phòng Nội vụ"])]


def test_nfd_text_is_normalised_to_nfc():
    import unicodedata

    nfd = unicodedata.normalize("NFD", "Sở Nội vụ")
    doc = load_text(f"kind: plan\nunit: {nfd}\nyear: 2025\nentries: []\n")
    assert doc.model.unit == unicodedata.normalize("NFC", "Sở Nội vụ")


def test_unknown_field_suggests_the_right_name_and_rules_still_run():
    doc = load_text(dedent("""
        kind: plan
        unit: X
        year: 2025
        entries:
          - {code: "1", name: A, max: 1, baseline: 2, targte: 1}
    """))
    assert tuples(doc.diagnostics) == [("PAR003", 5, 47, "1", "targte")]
    assert "'target'" in doc.diagnostics[0].message("en")
    assert doc.model is not None  # checked as if the typo were not there


def test_validate_does_not_import_the_rendering_stack():
    code = ("import sys, parplan.cli, parplan.api as a; a.validate(['plans']); "
            "bad = [m for m in ('docx', 'openpyxl', 'jinja2') if m in sys.modules]; print(bad)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=__import__("conftest").ROOT, check=True).stdout
    assert out.strip() == "[]"
