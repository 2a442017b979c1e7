"""Office files typed in the many ways people type them (tests/office_variants.py):
`validate` reports exactly the planted mistakes at their table/row/column (or
sheet cell), and `import` gives back every cell of the shipped plan they carry.
"""
from __future__ import annotations

import pytest

from parplan import api
from parplan.diagnostics import Location
from parplan.importers import import_file

from conftest import ROOT
from office_variants import Plant, Style, accuracy, build

RLAP, NONG = "dak-rlap/2024.yaml", "dak-nong/2021.yaml"
P1 = [Plant("unreadable", "2.3", "Đạt"), Plant("nolead", "5.2")]
P2 = [Plant("parent", "3"), Plant("over", "4.2")]
P3 = [Plant("unreadable", "1.3.2", "≥ 0,5"), Plant("parent", "2")]
P4 = [Plant("unreadable", "2.3", "Đạt"), Plant("nolead", "5.4")]

VARIANTS = [
    (Style("plain"), RLAP, []),
    (Style("no-diacritics-group-ratio", wording=1, two_row="group", ratio=True, numbers_row=True), RLAP, P1),
    (Style("other-words-year-ratio-note", wording=2, two_row="year", ratio=True, note=True), RLAP, P2),
    (Style("roman-latin-letters-merged-area", stt="roman", letters="latin", area="merged", after=True), NONG, P3),
    (Style("roman-vietnamese-letters", stt="roman", numbers="point", two_row="group"), NONG, P2),
    (Style("dotted-point-tong-cong", stt="dotted", numbers="point", caps=False, total="Tổng cộng"), NONG, P4),
    (Style("padded-split-bullets", numbers="padded", split=30, bullets=True), NONG, P2),
    (Style("no-heading-split-roman", heading=False, stt="roman", split=20, two_row="group"), RLAP, P2),
    (Style("no-total-notes", total="", after=True, wording=2), RLAP, P1),
    (Style("area-headings-across-the-row", area="across", stt="roman", two_row="group"), RLAP, P1),
    (Style("xlsx-area-headings-across", fmt="xlsx", area="across", stt="dotted", numbers="numeric"), NONG, P4),
    (Style("total-row-first", total_first=True, stt="roman", area="merged"), RLAP, [Plant("parent", "3"),
                                                                              Plant("unreadable", "2.3", "Đạt")]),
    (Style("xlsx-total-row-first", fmt="xlsx", total_first=True, total="Tổng cộng"), NONG, [Plant("over", "4.2")]),
    (Style("lead-merged-down-roman-dots", merge_lead=True, stt="roman", roman_dots=True), NONG, [Plant("parent", "3")]),
    (Style("xlsx-lead-merged-down-latin-dots", fmt="xlsx", merge_lead=True, stt="roman", roman_dots=True,
           letters="latin"), NONG, [Plant("unreadable", "1.3.2", "Đạt")]),
    (Style("xlsx-plain", fmt="xlsx"), NONG, []),
    (Style("xlsx-b5-hidden-numeric", fmt="xlsx", heading=False, at=(5, 2), hidden=True, numbers="numeric"),
     RLAP, P1),
    (Style("xlsx-sheets-roman-merged-year", fmt="xlsx", sheets=True, stt="roman", area="merged",
           numbers="numeric", two_row="year", ratio=True), NONG, P3),
    (Style("xlsx-dotted-text-notes", fmt="xlsx", stt="dotted", wording=1, after=True, note=True), NONG, P2),
    (Style("xlsx-padded-group-c3", fmt="xlsx", numbers="padded", wording=2, two_row="group", numbers_row=True,
           at=(3, 3)), RLAP, [Plant("parent", "2"), Plant("unreadable", "2.3", "Đạt")]),
    (Style("xlsx-latin-letters-point", fmt="xlsx", stt="roman", letters="latin", numbers="point", bullets=True,
           total="Tổng cộng"), NONG, P4),
]


def located(report):
    out = []
    for d in report.diagnostics:
        where = d.location or Location()
        out.append((d.code, d.item, d.field, where.table, where.row, where.column, where.cell))
    return sorted(out, key=repr)


@pytest.mark.parametrize("style,plan,plants", VARIANTS, ids=[v[0].name for v in VARIANTS])
def test_validate_reports_exactly_the_planted_mistakes(tmp_path, style, plan, plants):
    built = build(style, tmp_path / f"phu-luc.{style.fmt}", plan, plants)
    report = api.validate([built.path])
    assert located(report) == sorted(built.expected, key=repr)


@pytest.mark.parametrize("style,plan,plants", VARIANTS, ids=[v[0].name for v in VARIANTS])
def test_import_gives_back_every_cell(tmp_path, style, plan, plants):
    built = build(style, tmp_path / f"phu-luc.{style.fmt}", plan, plants)
    result = import_file(built.path, tmp_path / "out.yaml")
    right, total, wrong = accuracy(built, result.plan, plants)
    print(f"{style.name}: {right}/{total} cells")
    assert wrong == []
    assert total > 300


def test_the_truth_is_consistent(tmp_path, write):
    """The content the variants carry is a clean plan: every mistake found is planted."""
    for plan in (RLAP, NONG):
        built = build(Style("plain"), tmp_path / "t.docx", plan)
        assert built.expected == []
        assert api.validate([built.path]).diagnostics == []
    assert (ROOT / "plans" / RLAP).exists()


# -- the Excel round trip, for every shipped plan --------------------------------------------

import shutil  # noqa: E402
from decimal import Decimal  # noqa: E402
from pathlib import Path  # noqa: E402

from openpyxl import load_workbook  # noqa: E402
from typer.testing import CliRunner  # noqa: E402

from parplan.cli import app  # noqa: E402
from test_xlsx_roundtrip import layout, libreoffice, rendered  # noqa: E402

SCORED = ["plans/dak-nong/2021.yaml", "plans/dak-rlap/2024.yaml", "plans/quang-tri/2024.yaml",
          "examples/dak-nong-2022.yaml"]
ALL_SHIPPED = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "plans").rglob("*.yaml")) + \
    ["examples/dak-nong-2022.yaml"]
HAVE_SOFFICE = shutil.which("soffice") is not None


def said(paths) -> list[tuple]:
    return sorted(((d.code, d.item, d.field) for d in api.validate(paths).diagnostics), key=repr)


@pytest.fixture
def at_root(monkeypatch):
    monkeypatch.chdir(ROOT)


@pytest.mark.parametrize("plan", ALL_SHIPPED)
def test_rendered_workbook_validates_like_its_yaml(tmp_path, at_root, plan):
    """Every kind (plan, targets, budget): the workbook parplan renders says
    what the YAML says, no more (no false error) and no less."""
    target = tmp_path / "phu-luc.xlsx"
    target.write_bytes(rendered(plan))
    assert said([target]) == said([plan])


def leaf_to_edit(checked) -> str:
    """A leaf with a baseline of at least 0,5, away from the plan's own mistakes."""
    entries = {e.code: e for e in checked.model.entries}
    for code, entry in entries.items():
        if any(c.startswith(code + ".") for c in entries) or entry.baseline is None or entry.baseline < Decimal("0.5"):
            continue
        if not any(d.item and (code == d.item or code.startswith(d.item + ".") or d.item.startswith(code))
                   for d in checked.diagnostics):
            return code
    raise AssertionError("no leaf to edit")


@pytest.mark.parametrize("saved_by", ["openpyxl", "libreoffice"])
@pytest.mark.parametrize("plan", SCORED)
def test_leaf_edited_in_the_rendered_workbook(tmp_path, at_root, plan, saved_by):
    if saved_by == "libreoffice" and not HAVE_SOFFICE:
        pytest.skip("LibreOffice (soffice) is not installed here; .ci/run installs libreoffice-calc-nogui")
    (checked,), _ = api.check_paths([plan])
    leaf = leaf_to_edit(checked)
    entry = {e.code: e for e in checked.model.entries}
    source = tmp_path / "phu-luc.xlsx"
    source.write_bytes(rendered(plan))
    book = load_workbook(source)
    sheet = book.active
    _, keys, rows = layout(sheet)
    sheet.cell(rows[leaf], keys["baseline"]).value = float(entry[leaf].baseline - Decimal("0.25"))
    edited = tmp_path / "edited.xlsx"
    book.save(edited)
    if saved_by == "libreoffice":
        edited = libreoffice(edited, tmp_path)
    assert said([edited]) == said([plan])             # no false error
    result = import_file(edited, tmp_path / "back.yaml")
    got = {e["code"]: e for e in result.plan["entries"]}
    area = leaf.split(".")[0]
    assert got[leaf]["baseline"] == entry[leaf].baseline - Decimal("0.25")
    assert got[area]["baseline"] == entry[area].baseline - Decimal("0.25")
    # the TỔNG row follows, except where the plan keeps a printed total that never added up
    kept = plan == "plans/dak-nong/2021.yaml"
    assert result.plan["totals"]["baseline"] == checked.model.totals.baseline - (0 if kept else Decimal("0.25"))


def fill_blank(path: Path, checked, plant: bool) -> list[tuple]:
    """Every leaf's scores typed into the blank sheet; with `plant`, "Đạt" in
    the 4th leaf's baseline and the 6th leaf's last score column above its max.
    Returns the planted mistakes (code, item, field, cell)."""
    book = load_workbook(path)
    sheet = book.active
    _, keys, rows = layout(sheet)
    entries = {e.code: e for e in checked.model.entries}
    leaves = [c for c in entries if not any(o.startswith(c + ".") for o in entries)]
    fields = [k for k in ("baseline", "target") if k in keys]
    for code in leaves:
        top = Decimal(str(sheet.cell(rows[code], keys["max"]).value))
        for key in fields:
            if getattr(entries[code], key, None) is not None:
                sheet.cell(rows[code], keys[key]).value = float(min(getattr(entries[code], key), top))
    planted = []
    if plant:
        cell = sheet.cell(rows[leaves[3]], keys["baseline"])
        cell.value = "Đạt"
        planted.append(("IMP101", leaves[3], "baseline", cell.coordinate))
        cell = sheet.cell(rows[leaves[5]], keys[fields[-1]])
        cell.value = float(Decimal(str(sheet.cell(rows[leaves[5]], keys["max"]).value)) + 1)
        planted.append(("PAR201", leaves[5], fields[-1], cell.coordinate))
    book.save(path)
    return planted


# the plans' own mistakes a blank sheet still carries (its max column)
BLANK_KEEPS = {"plans/dak-rlap/2024.yaml": [("PAR103", "8", "max", "C54")]}


@pytest.mark.parametrize("plant", [False, True], ids=["consistent", "planted"])
@pytest.mark.parametrize("plan", SCORED)
def test_blank_sheet_filled_by_a_unit(tmp_path, at_root, plan, plant):
    (checked,), _ = api.check_paths([plan])
    blank = tmp_path / "thu-thap.xlsx"
    blank.write_bytes(rendered(plan, blank=True))      # as render --xlsx --blank (--force for plans with errors)
    planted = fill_blank(blank, checked, plant)
    files = [blank] + ([libreoffice(blank, tmp_path)] if plant and HAVE_SOFFICE else [])
    for path in files:
        errors = [d for d in api.validate([path]).diagnostics if d.severity == "error"]
        assert sorted(((d.code, d.item, d.field, d.location.cell) for d in errors), key=repr) == \
            sorted(planted + BLANK_KEEPS.get(plan, []), key=repr), path


@pytest.mark.parametrize("plan", ["plans/quang-tri/2024.yaml"])      # the one shipped plan without errors
def test_new_results_from_the_filled_blank_sheet(tmp_path, at_root, plan):
    (checked,), _ = api.check_paths([plan])
    blank = tmp_path / "thu-thap.xlsx"
    assert CliRunner().invoke(app, ["render", plan, "--xlsx", str(blank), "--blank"]).exit_code == 0
    fill_blank(blank, checked, plant=False)
    # the sheet collects the plan year's scores: they are the next plan's baseline
    result = CliRunner().invoke(app, ["new", "--from", plan, "--results", str(blank), "-o", str(tmp_path / "n.yaml")])
    assert result.exit_code == 0, result.output
    import yaml
    written = {str(e["code"]): e for e in yaml.safe_load((tmp_path / "n.yaml").read_text(encoding="utf-8"))["entries"]}
    leaf = leaf_to_edit(checked)
    assert Decimal(str(written[leaf]["baseline"])) == {e.code: e for e in checked.model.entries}[leaf].baseline


# -- a folder of office files, as a Sở Nội vụ receives them -------------------------------------

def test_folder_of_office_files_messages_and_exit_codes(tmp_path, at_root):
    folder = tmp_path / "nop-ve"
    folder.mkdir()
    named = {v[0].name: v for v in VARIANTS}
    for name, target in (("no-diacritics-group-ratio", "a.docx"), ("xlsx-b5-hidden-numeric", "b.xlsx")):
        style, plan, plants = named[name]
        build(style, folder / target, plan, plants)
    build(Style("clean", fmt="xlsx"), folder / "c.xls", RLAP)        # an .xlsx someone renamed .xls
    (folder / "d.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(range(256)) * 8)
    (folder / "e.docx").write_bytes((folder / "a.docx").read_bytes()[:2000])   # cut short in the mail
    result = CliRunner().invoke(app, ["validate", str(folder)])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[-1] == "5 tệp, 4 lỗi, 3 cảnh báo; 2 tệp chưa kiểm tra được các tổng (xem lỗi ở trên)"
    assert f"{folder / 'a.docx'}: bảng 1, dòng 15, cột «Điểm số Năm 2023 đạt được»: error IMP101 [2.3 baseline] " \
           "không đọc được số điểm 'Đạt': sửa ô thành một số" in lines
    # the empty lead cell is named, not the tasks cell beside it
    assert f"{folder / 'a.docx'}: bảng 1, dòng 35, cột «Don vi chu tri»: warning PAR211 [5.2 lead] " \
           "có nhiệm vụ nhưng chưa có đơn vị chủ trì" in lines
    assert f"{folder / 'b.xlsx'}: Phụ lục I!I37, cột «Cơ quan chủ trì»: warning PAR211 [5.2 lead] " \
           "có nhiệm vụ nhưng chưa có đơn vị chủ trì" in lines
    assert not any(line.startswith(str(folder / "c.xls")) for line in lines)     # read by its content: clean
    assert any(line.startswith(f"{folder / 'd.doc'}: error IMP107 không đọc được tệp: tệp Word/Excel 97–2003")
               and "soffice --headless --convert-to docx" in line for line in lines)
    assert any(line.startswith(f"{folder / 'e.docx'}: error IMP107 không đọc được tệp: tệp bị hỏng hoặc không "
                               "đầy đủ") for line in lines)
    english = CliRunner().invoke(app, ["validate", str(folder), "--lang", "en"]).output.splitlines()
    assert f"{folder / 'b.xlsx'}: Phụ lục I!E17, column «Điểm đạt được năm 2023»: error IMP101 [2.3 baseline] " \
           "cannot read the score 'Đạt': make the cell a number" in english
    assert english[-1] == "5 files, 4 errors, 3 warnings; 2 files not checked for sums (see the errors above)"
    for name in ("a.docx", "b.xlsx", "d.doc", "e.docx"):
        (folder / name).unlink()
    clean = CliRunner().invoke(app, ["validate", str(folder)])
    assert (clean.exit_code, clean.output.splitlines()[-1]) == (0, "1 tệp, 0 lỗi, 0 cảnh báo")


# -- a whole Kế hoạch: plan, indicators and budget appendices ------------------------------------

from office_variants import whole_plan  # noqa: E402
from parplan.importers import import_any  # noqa: E402


def whole_accuracy(built, written) -> tuple[int, int, list]:
    """Cells right / compared over the three appendices `import -o DIR/` writes."""
    from office_variants import Built

    assert [(w.appendix.kind, Path(w.output).name) for w in written] == [
        ("plan", "phu-luc-i.yaml"), ("targets", "phu-luc-ii.yaml"), ("budget", "phu-luc-iii.yaml")]
    style = Style("whole", stt="roman", two_row="group")
    right, total, wrong = accuracy(Built(built.path, built.rows, [], [], style), written[0].appendix.data,
                                   [Plant("parent", "3")])

    targets = written[1].appendix.data
    got = []
    for group in targets["groups"]:
        got.append(("group", str(group["code"]), group["name"]))
        for item in group.get("items", []):
            got.append(("item", str(item["code"]), item["name"], item.get("values", {}).get("result", ""),
                        item.get("values", {}).get("target", "")))
    want = []
    for r in built.targets:
        want.append(("group", r["code"], r["name"].upper()) if r["group"] else
                    ("item", r["code"], r["name"], r["result"], r["target"]))
    for i, w in enumerate(want):
        have = got[i] if i < len(got) else None
        for k in range(1, len(w)):
            total += 1
            ok = have is not None and len(have) == len(w) and str(have[k]).casefold() == str(w[k]).casefold()
            right += ok
            if not ok:
                wrong.append(("targets", w[1], k, have))

    budget = written[2].appendix.data
    items = {str(i["code"]): i for i in budget["items"]}

    def amount(v) -> int:
        return int(str(v).replace(".", ""))
    for item in built.budget:
        have = items.get(item["code"], {})
        checks = [have.get("name") == item["name"]]
        checks += [amount(have.get("by_year", {}).get(y, 0)) == v for y, v in item["by_year"].items()]
        checks += [amount(v) == item["by_source"][k] for k, v in have.get("by_source", {}).items()]
        checks += [len(have.get("by_source", {})) == len(item["by_source"])]
        for ok in checks:
            total += 1
            right += ok
            if not ok:
                wrong.append(("budget", item["code"], have))
    return right, total, wrong


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
def test_whole_ke_hoach_with_plan_indicator_and_budget_appendices(tmp_path, at_root, fmt):
    built = whole_plan(tmp_path / f"ke-hoach.{fmt}", fmt)
    report = api.validate([built.path])
    assert [(c, i, f, t, r, col) for c, i, f, t, r, col, _ in located(report)] == sorted(built.expected, key=repr)
    written = import_any(built.path, f"{tmp_path / 'out'}/")
    assert len(written) == 3
    right, total, wrong = whole_accuracy(built, written)
    print(f"whole Kế hoạch .{fmt}: {right}/{total} cells")
    assert wrong == [] and total > 500


# -- Word forms: content controls ----------------------------------------------------------------

from office_variants import with_content_controls, with_placeholders  # noqa: E402


def test_rows_and_cells_inside_content_controls_are_read(tmp_path):
    plants = [Plant("parent", "3"), Plant("unreadable", "2.3", "Đạt")]
    built = build(Style("form", split=25), tmp_path / "phu-luc.docx", RLAP, plants)
    with_content_controls(built.path)
    assert located(api.validate([built.path])) == sorted(built.expected, key=repr)
    right, total, wrong = accuracy(built, import_file(built.path, tmp_path / "out.yaml").plan, plants)
    assert (wrong, total) == ([], 356)


def test_placeholder_text_of_empty_content_controls_is_no_content(tmp_path):
    plants = [Plant("nolead", "5.2")]
    built = build(Style("blank-form", note=True), tmp_path / "phu-luc.docx", RLAP, plants)
    assert with_placeholders(built.path) == 76
    assert located(api.validate([built.path])) == sorted(built.expected, key=repr)   # the lead cell is empty
    result = import_file(built.path, tmp_path / "out.yaml")
    assert not any("Nhấp" in str(e.get("note", "")) + str(e.get("lead", "")) for e in result.plan["entries"])
    assert accuracy(built, result.plan, plants)[2] == []
