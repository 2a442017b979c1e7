"""A rendered workbook edited after rendering (issue 12's round trip with
issue 11's reading): each mistake typed into it is reported once, at its cell,
and the parent rows whose formulas add the mistake up are not reported again."""
from __future__ import annotations

import io

from openpyxl import load_workbook

from parplan import api
from conftest import ROOT


def _rendered(tmp_path, blank: bool = False):
    report, data = api.render([ROOT / "examples" / "dak-nong-2022.yaml"], {"xlsx": tmp_path / "x.xlsx"},
                              blank=blank)
    assert report.errors == 0
    return load_workbook(io.BytesIO(data["xlsx"]))


def _row(ws, code: str) -> int:
    return next(c.row for c in ws["A"] if c.value == code)


def test_three_typed_mistakes_are_three_errors_at_their_cells(tmp_path):
    wb = _rendered(tmp_path)
    ws = wb.active
    leaf, subtotal, parent = _row(ws, "1.2"), _row(ws, "1.3"), _row(ws, "2.2")
    ws.cell(leaf, 4).value = 0.9            # 1.2's score above its max 0,5 (area 1's formula adds it up)
    ws.cell(subtotal, 5).value = 1.7        # typed over 1.3's target formula: its children give 1
    ws.cell(parent, 4).value = "Đạt"        # typed over 2.2's score formula: unreadable (area 2's SUM reads 0)
    wb.save(tmp_path / "edited.xlsx")
    report = api.validate([tmp_path / "edited.xlsx"])
    got = [(d.code, d.item, d.field, d.location.cell) for d in report.diagnostics if d.severity == "error"]
    assert got == [
        ("PAR201", "1.2", "baseline", f"D{leaf}"),
        ("PAR203", "1.3", "target", f"E{subtotal}"),
        ("IMP101", "2.2", "baseline", f"D{parent}"),
    ]


def test_a_consistent_edit_gives_no_error(tmp_path):
    wb = _rendered(tmp_path)
    ws = wb.active
    row = _row(ws, "1.2")
    ws.cell(row, 5).value = ws.cell(row, 3).value    # target raised to the max: parents are formulas
    wb.save(tmp_path / "edited.xlsx")
    report = api.validate([tmp_path / "edited.xlsx"])
    assert [d.code for d in report.diagnostics if d.severity == "error"] == []
