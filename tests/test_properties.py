"""Invariants checked on generated data (hypothesis)."""
from __future__ import annotations

from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parplan.dump import dump, dump_plan
from parplan.load import load_text
from parplan.rules import check
from parplan.frameworks import Registry

scores = st.decimals(min_value=Decimal("0.0001"), max_value=Decimal("20"), places=4, allow_nan=False,
                     allow_infinity=False).map(lambda d: d.normalize() if d == d.to_integral_value() else d)
places = st.integers(min_value=0, max_value=4)


@st.composite
def consistent_plan(draw):
    """A self-describing plan whose every declared parent value is exact."""
    entries = []
    areas = draw(st.integers(1, 4))
    for a in range(1, areas + 1):
        kids = draw(st.integers(1, 4))
        kid_rows = []
        for k in range(1, kids + 1):
            scale = draw(places)
            q = Decimal(1).scaleb(-scale)
            mx = draw(st.integers(1, 400)) * q
            base = draw(st.integers(0, int(mx / q))) * q
            target = draw(st.integers(int(base / q), int(mx / q))) * q
            kid_rows.append({"code": f"{a}.{k}", "name": f"Tiêu chí {a}.{k}", "max": mx,
                             "baseline": base, "target": target,
                             "tasks": ["Nhiệm vụ"], "lead": "Phòng Nội vụ"})
        mx = sum((r["max"] for r in kid_rows), Decimal(0))
        entries.append({"code": f"{a}", "name": f"Lĩnh vực {a}", "max": mx,
                        "baseline": sum((r["baseline"] for r in kid_rows), Decimal(0)),
                        "target": sum((r["target"] for r in kid_rows), Decimal(0))})
        entries.extend(kid_rows)
    top = [e for e in entries if "." not in e["code"]]
    totals = {k: sum((e[k] for e in top), Decimal(0)) for k in ("max", "baseline", "target")}
    return {"kind": "plan", "unit": "UBND xã Thử", "year": 2025, "totals": totals, "entries": entries}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(consistent_plan())
def test_a_consistent_generated_plan_has_no_error(data):
    doc = load_text(dump(data), "gen.yaml")
    assert doc.diagnostics == []
    diags = check(doc, Registry([]))
    assert [d for d in diags if d.severity == "error"] == []


@settings(max_examples=60, deadline=None)
@given(consistent_plan())
def test_decimal_scale_survives_load_dump_load(data):
    first = load_text(dump(data), "a.yaml").model
    again = load_text(dump_plan(first), "b.yaml").model
    for a, b in zip(first.entries, again.entries):
        for name in ("max", "baseline", "target"):
            assert str(getattr(a, name)) == str(getattr(b, name))
    assert again == first


@settings(max_examples=40, deadline=None)
@given(consistent_plan(), st.data())
def test_one_changed_leaf_gives_exactly_one_error_at_its_parent(data, pick):
    leaves = [e for e in data["entries"] if "." in e["code"]]
    leaf = pick.draw(st.sampled_from(leaves))
    if leaf["baseline"] == 0:
        return
    # one unit in the value's own last decimal: never absorbed by the
    # half-up tolerance, which only forgives extra decimals
    leaf["baseline"] -= Decimal(1).scaleb(leaf["baseline"].as_tuple().exponent)
    doc = load_text(dump(data), "c.yaml")
    errors = [d for d in check(doc, Registry([])) if d.severity == "error"]
    parent = leaf["code"].split(".")[0]
    assert [(d.code, d.item, d.field) for d in errors] == [("PAR203", parent, "baseline")]
