"""The Excel round trip (issue 12.5): rendered .xlsx → edited in Excel,
LibreOffice or a script → `parplan import` / `new --results` → `validate`.

- the rendered parent and total rows are formulas whose stored values are the
  numbers the view prints, for every shipped plan; LibreOffice, computing the
  same formulas from scratch, agrees;
- a leaf edited with openpyxl (which drops every stored formula value) or
  recalculated by LibreOffice comes back with its parents and TỔNG updated,
  and the imported plan validates without a false error;
- `render --blank` writes the collection sheet; filled in, it imports;
- `new --results` reads a workbook parplan rendered.
"""
from __future__ import annotations

import io
import shutil
import subprocess
import zipfile
from decimal import Decimal
from pathlib import Path
from xml.etree import ElementTree

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from parplan import api
from parplan.cli import app
from parplan.importers import import_file
from parplan.importers.xlsx import number_text
from parplan.load import load_text
from parplan.render import appendices, render_bytes
from parplan.render.xlsx import FILL_NOTE
from parplan.sheetformula import FormulaError, Sheet, compute_all, parse

from conftest import ROOT

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
EXAMPLE = "examples/dak-nong-2022.yaml"          # a valid improvement plan: every sum right
SHIPPED = ["plans/dak-nong/2021.yaml", "plans/dak-rlap/2024.yaml", "plans/quang-tri/2024.yaml", EXAMPLE]
# the parent cells printed as constants: exactly the document mistakes the plans keep on purpose
CONSTANTS = {
    "plans/dak-nong/2021.yaml": {("3.4", "baseline"), ("3.4", "target"), ("5", "baseline"), ("6.1", "baseline"),
                                 ("7.1", "baseline"), ("TỔNG", "baseline")},
    "plans/dak-rlap/2024.yaml": {("1", "baseline"), ("8", "max"), ("8", "baseline")},
    "plans/quang-tri/2024.yaml": set(),
    EXAMPLE: set(),
}
SOFFICE = shutil.which("soffice")
needs_soffice = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed here; "
                                   ".ci/run installs libreoffice-calc-nogui")


@pytest.fixture(autouse=True)
def at_root(monkeypatch):
    monkeypatch.chdir(ROOT)


def run(*args):
    return CliRunner().invoke(app, [str(a) for a in args])


def rendered(path: str, blank: bool = False) -> bytes:
    (checked,), _ = api.check_paths([path])
    return render_bytes("xlsx", appendices([(checked.model, checked.framework)]), blank=blank)


def sheet_cells(data: bytes) -> dict[str, tuple[str | None, str | None]]:
    """Cell name -> (formula, stored value text) of the first sheet, from its XML."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        root = ElementTree.fromstring(archive.read("xl/worksheets/sheet1.xml"))
    out = {}
    for c in root.iter(f"{MAIN}c"):
        out[c.get("r")] = (c.findtext(f"{MAIN}f"), c.findtext(f"{MAIN}v") or None)
    return out


def layout(ws) -> tuple[int, dict[str, int], dict[str, int]]:
    """(header row, column letter index by key, sheet row by code; "TỔNG" for the total row)."""
    header = next(r for r in range(1, 15) if ws.cell(r, 1).value == "STT")
    labels = [ws.cell(header, c).value for c in range(1, ws.max_column + 1)]
    keys = {}
    for c, label in enumerate(labels, start=1):
        text = (label or "").lower()
        key = ("max" if "chuẩn" in text else "deducted" if "bị trừ" in text else
               "baseline" if "đạt được" in text or "thẩm định" in text else "target" if "mục tiêu" in text else None)
        if key and key not in keys:      # "Lý do bị trừ điểm" comes after "Điểm bị trừ"
            keys[key] = c
    rows = {}
    for r in range(header + 1, ws.max_row + 1):
        code, name = ws.cell(r, 1).value, ws.cell(r, 2).value
        if code:
            rows[str(code)] = r
        elif name in ("TỔNG ĐIỂM", "Tổng cộng"):
            rows["TỔNG"] = r
    return header, keys, rows


def plan_of(result) -> dict:
    return {e["code"]: e for e in result.plan["entries"]}


# -- the evaluator --------------------------------------------------------------

def test_evaluator_computes_exactly_as_excel_does():
    values = {(6, 4): Decimal("1.4741"), (7, 4): Decimal("0.9872"), (8, 4): "Không áp dụng", (6, 3): Decimal("1.5"),
              (7, 3): Decimal("1"), (5, 3): Decimal("9.5")}
    sheet = Sheet(values, {(5, 4): "C5-(C6-D6)-(C7-D7)", (4, 4): "SUM(D5,D6:D9)+0.1"})
    assert sheet.value((5, 4)) == Decimal("9.4613")
    assert sheet.value((4, 4)) == Decimal("12.0226")        # text and empty cells skipped by SUM
    assert sheet.compute("=-D6+$D$7") == Decimal("-0.4869")
    for bad in ("D8+1", "AVERAGE(D6:D7)", "D6*2", "Sheet2!D6", "SUM(A1:Z1000)", "D6:D7", "(D6"):
        with pytest.raises(FormulaError):
            sheet.compute(bad)
    loop = Sheet({}, {(1, 1): "B1+1", (1, 2): "A1"})
    with pytest.raises(FormulaError):
        loop.value((1, 1))
    assert sheet.incomplete == {(4, 4)}                      # D9 is empty: not a score anyone gave
    assert compute_all(values, {(1, 1): "D6+D7", (1, 2): "E1", (1, 3): "D8-1", (1, 4): "A1+B1"}) == \
        {(1, 1): Decimal("2.4613"), (1, 2): None, (1, 4): None}   # text in arithmetic: left out
    assert parse("SUM(D6:D9)") == ("sum", [("range", (6, 4), (9, 4))])


def test_evaluator_work_is_bounded():
    """A hostile sheet (thousands of formulas over big ranges, long chains)
    costs at most MAX_WORK steps: counted, not timed."""
    from parplan import sheetformula

    heavy = {(i, 1): "SUM(B1:B5000)" for i in range(1, 2001)}
    done = compute_all({(1, 2): Decimal(1)}, heavy)
    # each formula costs its 13 characters and 5000 cells: 398 fit in 2 000 000 steps
    assert sheetformula.MAX_WORK == 2_000_000 and len(done) == 398
    assert set(done.values()) == {None}     # B2:B5000 are empty
    chain = {(i, 1): f"A{i + 1}+1" for i in range(1, 200)}
    with pytest.raises(FormulaError):
        Sheet({(200, 1): Decimal(0)}, chain).value((1, 1))          # deeper than MAX_DEPTH
    assert Sheet({(200, 1): Decimal(0)}, chain).value((150, 1)) == Decimal(50)


# -- what is rendered -------------------------------------------------------------

@pytest.mark.parametrize("path", SHIPPED)
def test_parent_rows_are_formulas_storing_the_printed_numbers(path):
    (checked,), _ = api.check_paths([path])
    appendix = appendices([(checked.model, checked.framework)])[0]
    data = rendered(path)
    cells = sheet_cells(data)
    ws = load_workbook(io.BytesIO(data)).active
    header, keys, rows = layout(ws)
    assert ws.cell(header - 2, 1).value == FILL_NOTE
    derived = {"improvement": ("max", "baseline", "target"), "remediation": ("baseline", "deducted")}[appendix.kind]
    constants, formulas = set(), 0
    for i, row in enumerate(appendix.rows):
        r = header + 1 + i
        code = row.code or "TỔNG"
        assert rows[code] == r
        for key in derived:
            if not (row.children or (key == "deducted" and row.entry)):
                continue
            view = row.cells[[c.key for c in appendix.columns].index(key)]
            formula, stored = cells[f"{'ABCDEFGHIJ'[keys[key] - 1]}{r}"]
            assert Decimal(stored) == view.value           # the number the view prints, exactly
            if formula is None:
                constants.add((code, key))
            else:
                formulas += 1
    assert constants == CONSTANTS[path]
    assert formulas > 20


def test_formula_texts():
    cells = sheet_cells(rendered(EXAMPLE))
    ws = load_workbook(io.BytesIO(rendered(EXAMPLE))).active
    _, _, rows = layout(ws)
    r = rows["1"]
    assert (rows["1.1"], rows["1.3"], rows["1.3.1"], rows["1.4"]) == (r + 1, r + 3, r + 4, r + 6)
    assert cells[f"D{r}"] == (f"SUM(D{r + 1}:D{r + 3},D{r + 6}:D{r + 8})", "8")
    assert cells[f"E{rows['1.3']}"] == (f"SUM(E{r + 4}:E{r + 5})", "2")
    total = rows["TỔNG"]
    assert cells[f"C{total}"][0].startswith(f"SUM(C{r},") and cells[f"E{total}"][1] == "93.1"

    qt = sheet_cells(rendered("plans/quang-tri/2024.yaml"))
    ws = load_workbook(io.BytesIO(rendered("plans/quang-tri/2024.yaml"))).active
    _, _, rows = layout(ws)
    a, kids = rows["1"], [rows[c] for c in ("1.1", "1.3.2", "1.5", "1.7")]
    # area 1 lists four of its criteria (unlisted: full): max − Σ (child max − child value)
    assert qt[f"D{a}"] == ("C{0}".format(a) + "".join(f"-(C{k}-D{k})" for k in kids), "8.4239")
    assert qt[f"E{a}"] == (f"D{a}-C{a}", "-1.0761")
    assert qt[f"E{kids[0]}"] == (f"D{kids[0]}-C{kids[0]}", "-0.0259")
    assert qt[f"D{kids[0]}"] == (None, "1.4741")            # a leaf score is typed in


def test_input_cells_are_unlocked_and_filled_and_text_never_becomes_a_formula(write):
    path = write("p.yaml", """
        kind: plan
        unit: UBND huyện Thử
        year: 2024
        entries:
          - {code: "1", name: Cải cách thể chế, max: 3, baseline: 2, target: 3}
          - {code: "1.1", name: Ban hành, max: 2, baseline: 2, target: 2, tasks: ["=HYPERLINK(\\"http://x\\")"], lead: Phòng Tư pháp}
          - {code: "1.2", name: Rà soát, max: 1, baseline: 0, target: 1}
          - {code: "2", name: Cải cách TTHC, max: 1, applicable: false}
    """)
    data = rendered(str(path))
    ws = load_workbook(io.BytesIO(data)).active
    _, keys, rows = layout(ws)
    task = ws.cell(rows["1.1"], 6)
    assert task.value == '=HYPERLINK("http://x")' and task.data_type == "s"
    assert sheet_cells(data)[task.coordinate][0] is None

    def marked(r, c):
        cell = ws.cell(r, c)
        return (cell.protection.locked, cell.fill.fill_type, cell.fill.fgColor.rgb)

    typed = (False, "solid", "00FFF2CC")
    assert marked(rows["1.1"], keys["baseline"]) == typed and marked(rows["1.2"], keys["target"]) == typed
    assert marked(rows["1"], 6) == typed and marked(rows["1.2"], 7) == typed      # tasks, lead of every row
    assert marked(rows["1"], keys["baseline"])[0] is True                         # a formula: not typed in
    assert marked(rows["1.1"], keys["max"])[0] is True and marked(rows["1.1"], 2)[0] is True
    assert marked(rows["2"], keys["baseline"])[0] is True                         # "Không áp dụng"
    assert ws.protection.sheet is False                                           # DECISIONS 12.x


def test_rows_over_a_missing_score(write, tmp_path):
    """A parent declared although a child has no target keeps its number as a
    constant (a formula over an empty cell has no value when read back); a
    parent printed empty gets its formula without a stored value."""
    path = write("p.yaml", """
        kind: plan
        unit: UBND huyện Thử
        year: 2024
        entries:
          - {code: "1", name: Cải cách thể chế, max: 3, baseline: 2, target: 3}
          - {code: "1.1", name: Ban hành, max: 2, baseline: 2, target: 2}
          - {code: "1.2", name: Rà soát, max: 1, baseline: 0}
          - {code: "2", name: Cải cách TTHC, max: 1}
          - {code: "2.1", name: Công khai, max: 1, baseline: 1}
    """)
    data = rendered(str(path))
    cells = sheet_cells(data)
    ws = load_workbook(io.BytesIO(data)).active
    _, keys, rows = layout(ws)
    one, two, total = rows["1"], rows["2"], rows["TỔNG"]
    assert cells[f"D{one}"] == (f"SUM(D{one + 1}:D{one + 2})", "2")
    assert cells[f"E{one}"] == (None, "3")                        # declared, over the empty 1.2 target
    assert cells[f"D{two}"] == (f"SUM(D{two + 1})", "1")
    assert cells[f"E{two}"] == (f"SUM(E{two + 1})", None)         # printed empty: computed by Excel
    assert cells[f"E{total}"] == (f"SUM(E{one},E{two})", None)
    source = tmp_path / "p.xlsx"
    source.write_bytes(data)
    result = import_file(source, tmp_path / "out.yaml")
    got = plan_of(result)
    assert (got["1"]["target"], "target" in got["2"], got["2"]["baseline"]) == (Decimal(3), False, Decimal(1))
    assert result.plan["totals"] == {"max": Decimal(4), "baseline": Decimal(3)}
    assert result.findings == []


# -- edited by a script, by LibreOffice ----------------------------------------------

def edit(source: Path, target: Path, changes: dict[tuple[str, str], Decimal]) -> None:
    """Change cells with openpyxl (which saves every formula without its value)."""
    wb = load_workbook(source)
    ws = wb.active
    _, keys, rows = layout(ws)
    for (code, key), value in changes.items():
        ws.cell(rows[code], keys[key]).value = float(value)
    wb.save(target)


def libreoffice(source: Path, folder: Path) -> Path:
    """Open and save in LibreOffice Calc (which computes formulas without stored values)."""
    out = folder / "lo"
    out.mkdir(exist_ok=True)
    subprocess.run([SOFFICE, f"-env:UserInstallation=file://{folder / 'profile'}", "--headless", "--norestore",
                    "--convert-to", "xlsx", "--outdir", str(out), str(source)],
                   check=True, capture_output=True, timeout=180)
    return out / source.name


def assert_valid(result, tmp_path: Path) -> None:
    assert result.findings == [] and [d for d in result.diagnostics if d.severity == "error"] == []
    target = tmp_path / "back.yaml"
    target.write_text(result.text, encoding="utf-8")
    (checked,), report = api.check_paths([target])
    assert report.errors == 0, report.diagnostics


EXAMPLE_EDIT = {("1.1", "baseline"): Decimal("1.25"), ("1.3.2", "target"): Decimal("0.75")}
QUANG_TRI_EDIT = {("1.1", "baseline"): Decimal("1.4")}


def check_example_edit(result) -> None:
    got = plan_of(result)
    assert (got["1.1"]["baseline"], got["1.3.2"]["target"]) == (Decimal("1.25"), Decimal("0.75"))
    assert (got["1"]["baseline"], got["1"]["target"]) == (Decimal("7.75"), Decimal("8.25"))
    assert got["1.3"]["target"] == Decimal("1.75") and got["1.3"]["baseline"] == Decimal("2")
    totals = result.plan["totals"]
    assert (totals["baseline"], totals["target"], totals["max"]) == (Decimal("88.53"), Decimal("92.85"), Decimal(100))


def check_quang_tri_edit(result) -> None:
    got = plan_of(result)
    assert (got["1.1"]["baseline"], got["1.1"]["deducted"]) == (Decimal("1.4"), Decimal("-0.1"))
    assert (got["1"]["baseline"], got["1"]["deducted"]) == (Decimal("8.3498"), Decimal("-1.1502"))
    (checked,), _ = api.check_paths(["plans/quang-tri/2024.yaml"])
    assert checked.model.totals.baseline == Decimal("86.2482")
    assert result.plan["totals"]["baseline"] == Decimal("86.1741")


def test_edited_by_a_script_without_stored_values(tmp_path):
    source = tmp_path / "phu-luc.xlsx"
    source.write_bytes(rendered(EXAMPLE))
    edit(source, tmp_path / "edited.xlsx", EXAMPLE_EDIT)
    assert sheet_cells((tmp_path / "edited.xlsx").read_bytes())["D7"][1] is None   # openpyxl dropped the value
    result = import_file(tmp_path / "edited.xlsx", tmp_path / "out.yaml")
    check_example_edit(result)
    assert_valid(result, tmp_path)

    qt = tmp_path / "qt.xlsx"
    qt.write_bytes(rendered("plans/quang-tri/2024.yaml"))
    edit(qt, tmp_path / "qt-edited.xlsx", QUANG_TRI_EDIT)
    result = import_file(tmp_path / "qt-edited.xlsx", tmp_path / "qt.yaml")
    check_quang_tri_edit(result)
    assert_valid(result, tmp_path)


def test_formulas_nobody_can_compute_are_still_reported(tmp_path):
    source = tmp_path / "phu-luc.xlsx"
    source.write_bytes(rendered(EXAMPLE))
    wb = load_workbook(source)
    ws = wb.active
    _, keys, rows = layout(ws)
    ws.cell(rows["1"], keys["target"]).value = "=AVERAGE(E8:E9)*9"
    wb.save(source)
    result = import_file(source, tmp_path / "out.yaml")
    # the total adds area 1 up: it cannot be computed either
    assert [f.as_tuple()[:2] for f in result.findings] == [("IMP106", rows["1"]), ("IMP106", rows["TỔNG"])]


@needs_soffice
@pytest.mark.parametrize("path", SHIPPED)
def test_libreoffice_computes_the_same_numbers(tmp_path, path):
    """Formulas stripped of their values, recomputed by LibreOffice: every
    value is the one parplan stored (Excel's 15 digits)."""
    data = rendered(path)
    source = tmp_path / "phu-luc.xlsx"
    source.write_bytes(data)
    edit(source, source, {})
    recalculated = sheet_cells(libreoffice(source, tmp_path).read_bytes())
    ours = {ref: cell for ref, cell in sheet_cells(data).items() if cell[0]}
    assert ours
    # LibreOffice computes in binary floating point: 0.9989 − 1 is stored as -0.00109999999999999
    assert {ref: round(Decimal(recalculated[ref][1]), 10) for ref in ours} == \
        {ref: round(Decimal(value), 10) for ref, (_, value) in ours.items()}


@needs_soffice
def test_edited_then_saved_by_libreoffice(tmp_path):
    source = tmp_path / "phu-luc.xlsx"
    source.write_bytes(rendered(EXAMPLE))
    edit(source, tmp_path / "edited.xlsx", EXAMPLE_EDIT)
    saved = libreoffice(tmp_path / "edited.xlsx", tmp_path)
    assert sheet_cells(saved.read_bytes())["D7"] == ("SUM(D8:D10,D13:D15)", "7.75")
    result = import_file(saved, tmp_path / "out.yaml")
    check_example_edit(result)
    assert_valid(result, tmp_path)

    qt = tmp_path / "qt.xlsx"
    qt.write_bytes(rendered("plans/quang-tri/2024.yaml"))
    edit(qt, tmp_path / "qt-edited.xlsx", QUANG_TRI_EDIT)
    result = import_file(libreoffice(tmp_path / "qt-edited.xlsx", tmp_path), tmp_path / "qt.yaml")
    check_quang_tri_edit(result)
    assert_valid(result, tmp_path)


# -- the collection sheet ------------------------------------------------------------

def test_blank_sheet_has_empty_scores_and_live_formulas(tmp_path):
    target = tmp_path / "thu-thap.xlsx"
    result = run("render", EXAMPLE, "--xlsx", target, "--blank")
    assert result.exit_code == 0, result.output
    assert target.read_bytes() == rendered(EXAMPLE, blank=True) == rendered(EXAMPLE, blank=True)  # same bytes
    assert target.read_bytes() != rendered(EXAMPLE)
    cells = sheet_cells(target.read_bytes())
    ws = load_workbook(target).active
    _, keys, rows = layout(ws)
    (checked,), _ = api.check_paths([EXAMPLE])
    entries = {e.code: e for e in checked.model.entries}
    for code, r in rows.items():
        for key in ("baseline", "target"):
            formula, stored = cells.get(f"{'ABCDE'[keys[key] - 1]}{r}", (None, None))
            assert stored is None                                # no score anywhere
            assert (formula is not None) == (code == "TỔNG" or any(c.startswith(code + ".") for c in entries)), code
        assert ws.cell(r, keys["max"]).value is not None         # max kept (parents as formulas)
    assert ws.cell(rows["1.1"], 6).value == "\n".join(entries["1.1"].tasks)
    assert ws.cell(rows["1.1"], 7).value == "\n".join(entries["1.1"].lead)

    # filled in by a unit with a script: every leaf as in the plan
    wb = load_workbook(target)
    ws = wb.active
    for code, r in rows.items():
        entry = entries.get(code)
        if entry is not None and not any(c.startswith(code + ".") for c in entries):
            for key in ("baseline", "target"):
                ws.cell(r, keys[key]).value = float(getattr(entry, key))
    wb.save(tmp_path / "filled.xlsx")
    result = import_file(tmp_path / "filled.xlsx", tmp_path / "out.yaml")
    got = plan_of(result)
    for code, entry in entries.items():   # parents computed from the filled leaves: the plan's own numbers
        assert (got[code]["baseline"], got[code]["target"]) == (entry.baseline, entry.target), code
    assert (result.plan["totals"]["baseline"], result.plan["totals"]["target"]) == \
        (checked.model.totals.baseline, checked.model.totals.target)
    assert_valid(result, tmp_path)


def test_half_filled_blank_sheet_gives_no_false_error(tmp_path):
    target = tmp_path / "thu-thap.xlsx"
    assert run("render", EXAMPLE, "--xlsx", target, "--blank").exit_code == 0
    wb = load_workbook(target)
    ws = wb.active
    _, keys, rows = layout(ws)
    ws.cell(rows["1.1"], keys["target"]).value = 1.5
    ws.cell(rows["1.2"], keys["target"]).value = 0.25
    wb.save(target)
    saved = [import_file(target, tmp_path / "out.yaml")]
    if SOFFICE is not None:      # LibreOffice stores 1,75 for area 1 and 1,75 for TỔNG: not scores anyone gave
        saved.append(import_file(libreoffice(target, tmp_path), tmp_path / "lo.yaml"))
    for result in saved:
        got = plan_of(result)
        assert (got["1.1"]["target"], got["1.2"]["target"]) == (Decimal("1.5"), Decimal("0.25"))
        assert "target" not in got["1"] and "target" not in got["2"] and "target" not in got["1.3"]
        assert "target" not in (result.plan.get("totals") or {})
        assert "baseline" not in got["1.1"]
        assert result.findings == [] and [d for d in result.diagnostics if d.severity == "error"] == []

    # the same sheet as published results: only the two scores given
    wb = load_workbook(target)
    ws = wb.active
    ws.cell(rows["1.1"], keys["baseline"]).value = 1.25
    ws.cell(rows["1.2"], keys["baseline"]).value = 0.5
    wb.save(target)
    out = tmp_path / "2022.yaml"
    result = run("new", "--from", "plans/dak-nong/2021.yaml", "--results", target, "-o", out)
    assert result.exit_code == 0, result.output
    made = {e.code: e for e in load_text(out.read_text(encoding="utf-8"), str(out)).model.entries}
    assert {code: e.baseline for code, e in made.items() if e.baseline is not None} == \
        {"1.1": Decimal("1.25"), "1.2": Decimal("0.5")}


def test_blank_remediation_sheet(tmp_path):
    target = tmp_path / "qt.xlsx"
    assert run("render", "plans/quang-tri/2024.yaml", "--xlsx", target, "--blank").exit_code == 0
    cells = sheet_cells(target.read_bytes())
    ws = load_workbook(target).active
    _, keys, rows = layout(ws)
    assert cells[f"D{rows['1']}"][1] is None and cells[f"D{rows['1']}"][0].startswith(f"C{rows['1']}-(")
    assert cells[f"E{rows['1.1']}"] == (f"D{rows['1.1']}-C{rows['1.1']}", None)
    assert ws.cell(rows["1.1"], keys["baseline"]).value is None
    wb = load_workbook(target)
    ws = wb.active
    ws.cell(rows["1.1"], keys["baseline"]).value = 1.4741
    wb.save(target)
    result = import_file(target, tmp_path / "out.yaml")
    got = plan_of(result)
    assert (got["1.1"]["baseline"], got["1.1"]["deducted"]) == (Decimal("1.4741"), Decimal("-0.0259"))
    # rows not filled in: no score, no deduction (not "all points lost"), the area derived
    assert [k for k in ("baseline", "deducted") if k in got["1.5"] or k in got["1"]] == []
    assert result.findings == [] and [d for d in result.diagnostics if d.severity == "error"] == []


def test_blank_goes_with_xlsx_alone(tmp_path):
    result = run("render", EXAMPLE, "--docx", tmp_path / "a.docx", "--xlsx", tmp_path / "a.xlsx", "--blank")
    assert result.exit_code == 2 and "--blank chỉ dùng với --xlsx" in result.output
    assert not (tmp_path / "a.xlsx").exists() and not (tmp_path / "a.docx").exists()


# -- new --results ------------------------------------------------------------------------

@pytest.mark.parametrize("saved_by", ["parplan", "openpyxl", "libreoffice"])
def test_new_reads_a_workbook_parplan_rendered(tmp_path, saved_by):
    if saved_by == "libreoffice" and SOFFICE is None:
        pytest.skip("LibreOffice (soffice) is not installed here; .ci/run installs libreoffice-calc-nogui")
    workbook = tmp_path / "phu-luc-2022.xlsx"     # the 2022 appendix: "Điểm 2021 đạt được"
    workbook.write_bytes(rendered(EXAMPLE))
    if saved_by == "openpyxl":
        edit(workbook, workbook, {})
    elif saved_by == "libreoffice":
        workbook = libreoffice(workbook, tmp_path)
    out = tmp_path / "2022.yaml"
    result = run("new", "--from", "plans/dak-nong/2021.yaml", "--results", workbook, "-o", out)
    assert result.exit_code == 0, result.output
    made = {e.code: e for e in load_text(out.read_text(encoding="utf-8"), str(out)).model.entries}
    (example,), _ = api.check_paths([EXAMPLE])
    expected = {e.code: e.baseline for e in example.model.entries}
    assert {code: e.baseline for code, e in made.items()} == expected
    assert made["1"].baseline == Decimal("8") and made["1.6"].baseline == Decimal("1")


def test_new_refuses_results_of_the_wrong_year(tmp_path):
    workbook = tmp_path / "phu-luc-2022.xlsx"
    workbook.write_bytes(rendered(EXAMPLE))
    result = run("new", "--from", EXAMPLE, "--results", workbook, "-o", tmp_path / "2023.yaml")
    assert result.exit_code == 2 and not (tmp_path / "2023.yaml").exists()
    assert "cột «Điểm 2021 đạt được» là điểm năm 2021, nhưng kế hoạch năm 2023 cần điểm năm 2022" in result.output
