"""Issue 11: every mistake in one run, missing numbers, no false all-clear,
hints, lead units written two ways, Vietnamese usage errors."""
from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from parplan import api
from parplan.cli import app
from parplan.load import load_text

from conftest import CASES, dedent

runner = CliRunner()
PROG = {"prog_name": "parplan"}


def validate(*args: str, env: dict | None = None):
    return runner.invoke(app, ["validate", *args], env=env)


# -- point 2: one bad value does not hide the rest --------------------------

def test_an_unreadable_value_is_unknown_and_the_rest_is_modelled():
    doc = load_text(dedent("""
        kind: plan
        unit: UBND xã A
        year: 2025
        entries:
          - {code: "1", name: "Lĩnh vực 1", max: 2, baseline: 1.5, target: "1,5."}
          - {code: "1.1", name: "Tiêu chí 1", max: 2, baseline: 1, target: 2}
        """))
    assert doc.model is not None
    assert doc.unknown == frozenset({("entries", 0, "target")})
    assert doc.model.entries[0].target is None
    assert doc.model.entries[0].baseline == 1.5


def test_the_unreadable_value_of_the_issue_no_longer_stops_the_sums(monkeypatch):
    monkeypatch.chdir(CASES)
    report = api.validate(["par203_unreadable_plus_wrong_sum.yaml"], [Path("criteria")])
    assert [(d.code, d.item, d.field, d.expected, d.actual) for d in report.diagnostics] == [
        ("PAR203", "1", "baseline", "2.25", "2.5"),
        ("PAR004", "2.1", "target", None, None)]


def test_the_bound_of_an_unknown_child_is_in_the_message(monkeypatch):
    monkeypatch.chdir(CASES)
    report = api.validate(["par203_unknown_child_bound.yaml"], [Path("criteria")])
    wrong = report.diagnostics[0]
    assert (wrong.code, wrong.item, wrong.field, wrong.expected, wrong.actual) == ("PAR203", "2", "baseline", None, "3.5")
    assert wrong.message("vi") == (
        "điểm đạt được ghi 3,5 nhưng cộng từ các mục con được từ 3,9 đến 5,9 (2.1: không đọc được hoặc "
        "ngoài khoảng, tính là bất kỳ giá trị nào từ 0 đến điểm tối đa); không giá trị nào khớp")
    assert wrong.message("en") == (
        "baseline is declared as 3.5 but its children add up to between 3.9 and 5.9 (2.1: unreadable or "
        "out of range, counted as anywhere from 0 to its max); no value agrees")


def test_a_file_whose_shape_stops_the_rules_is_named_in_the_summary(tmp_path):
    (tmp_path / "a.yaml").write_text("kind: plan\nunit: UBND xã A\nyear: 2025\n", encoding="utf-8")
    result = validate(str(tmp_path / "a.yaml"))
    assert result.exit_code == 1
    assert result.stdout.splitlines()[-1] == \
        "1 tệp, 1 lỗi, 0 cảnh báo; 1 tệp chưa kiểm tra được các tổng (xem lỗi ở trên)"
    result = validate(str(tmp_path / "a.yaml"), "--lang", "en")
    assert result.stdout.splitlines()[-1] == \
        "1 file, 1 error, 0 warnings; 1 file not checked for sums (see the errors above)"


# -- point 3: missing numbers ----------------------------------------------

def test_the_starter_plan_warns_one_line_per_area(tmp_path):
    assert runner.invoke(app, ["init", str(tmp_path), "--unit", "UBND tỉnh Thử", "--year", "2026"]).exit_code == 0
    plan = tmp_path / "plans" / "thu" / "2026.yaml"
    result = validate(str(plan), "--strict")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert len(lines) == 9   # eight areas of tinh-2020, and the summary
    assert lines[0].endswith("warning PAR214 [lĩnh vực 1 target] 7 tiêu chí chưa có mục tiêu: "
                             "1.1, 1.2, 1.3.1, 1.3.2, 1.4, 1.5, 1.6")
    assert lines[2].endswith("warning PAR214 [lĩnh vực 3 target] 18 tiêu chí chưa có mục tiêu: "
                             "3.1.1, 3.1.2, 3.2.1, 3.2.2, 3.2.3, 3.2.4, 3.2.5, 3.2.6, …")
    assert lines[-1] == "1 tệp, 0 lỗi, 89 cảnh báo; 89 tiêu chí chưa có mục tiêu"
    english = validate(str(plan), "--lang", "en").stdout.splitlines()
    assert english[7].endswith("warning PAR214 [area 8 target] 7 criteria have no target yet: "
                               "8.1, 8.2, 8.3.1, 8.3.2, 8.4, 8.5, 8.6")
    assert english[-1] == "1 file, 0 errors, 89 warnings; 89 criteria without a target"
    report = json.loads(validate(str(plan), "--format", "json").stdout)
    assert (report["warnings"], report["without_target"]) == (89, 89)
    assert len(report["diagnostics"]) == 89
    assert report["diagnostics"][0] == {
        "code": "PAR214", "severity": "warning", "file": str(plan), "line": 32, "column": 10,
        "item": "1.1", "field": "target", "message": "tiêu chí chưa có mục tiêu",
        "expected": None, "actual": None}


def test_a_single_missing_target_is_printed_as_itself(monkeypatch):
    monkeypatch.chdir(CASES)
    result = validate("--criteria", "criteria", "par214_leaf_without_target.yaml")
    assert result.stdout.splitlines() == [
        "par214_leaf_without_target.yaml:17:5: warning PAR214 [2.2 target] tiêu chí chưa có mục tiêu",
        "1 tệp, 0 lỗi, 1 cảnh báo; 1 tiêu chí chưa có mục tiêu"]


# -- point 4: no false all-clear -------------------------------------------

def test_a_folder_of_pdf_and_text_files_is_a_usage_error(tmp_path):
    inbox = tmp_path / "inbox"
    (inbox / "sub").mkdir(parents=True)
    for name in ("a.pdf", "b.pdf", "sub/c.PDF"):
        (inbox / name).write_bytes(b"%PDF-1.4\n")
    (inbox / "ghi-chu.txt").write_text("x")
    (inbox / ".hidden.yaml").write_text("kind: plan\n")
    (inbox / "~$phu-luc.docx").write_bytes(b"PK\x03\x04")      # Word's lock file
    result = validate(str(inbox))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        f"parplan: không có gì để kiểm tra trong {inbox}: tìm thấy 3 tệp .pdf, 1 tệp .docx, 1 tệp .txt; "
        "parplan kiểm tra các tệp .yaml, .yml, .docx, .xlsx; tệp PDF: cần bản Word (.docx) hoặc Excel (.xlsx) "
        "của phụ lục\n")
    english = validate(str(inbox), "--lang", "en")
    assert english.exit_code == 2
    assert english.stderr == (
        f"parplan: nothing to check in {inbox}: found 3 .pdf files, 1 .docx file, 1 .txt file; "
        "parplan checks .yaml, .yml, .docx and .xlsx files; for a PDF, get the appendix as Word (.docx) "
        "or Excel (.xlsx)\n")


def test_a_folder_of_word_and_excel_files_is_checked_not_a_false_all_clear(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for name in ("a.docx", "d.xlsx"):
        (inbox / name).write_bytes(b"PK\x03\x04rest")      # damaged: each gets its own diagnostic
    result = validate(str(inbox))
    assert result.exit_code == 1
    assert [line.split(": ")[0] for line in result.stdout.splitlines()[:-1]] == [
        str(inbox / "a.docx"), str(inbox / "d.xlsx")]
    assert result.stdout.splitlines()[-1] == \
        "2 tệp, 2 lỗi, 0 cảnh báo; 2 tệp chưa kiểm tra được các tổng (xem lỗi ở trên)"


def test_an_empty_folder_is_a_usage_error(tmp_path):
    result = validate(str(tmp_path))
    assert result.exit_code == 2
    assert result.stderr == (f"parplan: không có gì để kiểm tra trong {tmp_path}: thư mục không có tệp nào; "
                             "parplan kiểm tra các tệp .yaml, .yml, .docx, .xlsx\n")


def test_checkable_is_the_one_decision():
    assert api.checkable(Path("a/plan.yaml")) and api.checkable(Path("plan.yml"))
    assert api.checkable(Path("plan.docx")) and api.checkable(Path("bang.XLSX")) and api.checkable(Path("cu.doc"))
    assert not api.checkable(Path(".plan.yaml")) and not api.checkable(Path("~$plan.docx"))
    assert not api.checkable(Path("plan.pdf")) and not api.checkable(Path("notes.txt"))


def test_office_files_given_by_name_that_cannot_be_read_say_what_to_do(tmp_path):
    # issue 12: .docx/.xlsx are read directly; what cannot be read says how to get a file that can
    files = {"a.docx": b"PK\x03\x04rest", "b.xls": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00\x00", "c.pdf": b"%PDF-1.7\n"}
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    report = api.validate([tmp_path / name for name in files])
    assert [(Path(d.file).name, d.code, d.line, d.column) for d in report.diagnostics] == [
        ("a.docx", "IMP107", None, None), ("b.xls", "IMP107", None, None), ("c.pdf", "IMP107", None, None)]
    messages = [d.message("vi") for d in report.diagnostics]
    assert "mở tệp trong Word/Excel để sửa rồi lưu lại" in messages[0]
    assert "lưu lại dạng .docx/.xlsx" in messages[1]
    assert "hãy dùng bản Word/Excel gốc của phụ lục" in messages[2]
    assert not any("NUL" in m for m in messages)
    assert report.unchecked == 3


# -- point 7: usage errors in Vietnamese -------------------------------------

def _paths_metavar(text: str) -> str:
    """typer/click releases word a few things differently: the argument is
    `{paths}`/'paths' or `PATHS...`, "extra argument(s)" or "extra argument"."""
    return (text.replace("] PATHS...", "] {paths}...").replace("'PATHS...'", "'paths'")
            .replace("extra argument (", "extra argument(s) ("))


def test_typer_usage_errors_are_in_vietnamese_by_default():
    result = runner.invoke(app, ["validate", "--framework", "x", "a.yaml"], **PROG)
    assert result.exit_code == 2
    assert _paths_metavar(result.stderr) == ("Cách dùng: parplan validate [TÙY CHỌN] {paths}...\n"
                             "Xem 'parplan validate --help' để biết cách dùng.\n\n"
                             "Lỗi: không có tùy chọn --framework\n")
    cases = {
        ("init", "a", "b"): "Lỗi: thừa đối số không mong đợi (b)",
        ("validate",): "Lỗi: thiếu đối số 'paths'.",
        ("validate", "--format", "xml", "a.yaml"):
            "Lỗi: giá trị không hợp lệ cho '--format': 'xml' không thuộc các giá trị 'text', 'json'.",
        ("validate", "--jobs", "abc", "a.yaml"): "Lỗi: giá trị không hợp lệ cho '--jobs' / '-j': cần một số nguyên",
        ("validate", "--jobs", "-3", "a.yaml"):
            "Lỗi: giá trị không hợp lệ cho '--jobs' / '-j': cần lớn hơn hoặc bằng 0",
        ("validate", "--formt", "json", "a.yaml"): "Lỗi: không có tùy chọn --formt (có thể là: --format)",
        ("validatex",): "Lỗi: không có lệnh 'validatex'. Có phải 'validate'?",
        ("validate", "a.yaml", "--lang"): "Lỗi: tùy chọn '--lang' cần một giá trị.",
    }
    for args, last in cases.items():
        result = runner.invoke(app, list(args), **PROG)
        assert result.exit_code == 2, args
        assert _paths_metavar(result.stderr.splitlines()[-1]) == last, args


def test_usage_errors_in_english_with_lang_or_environment():
    # click's own English wording, which differs between releases (typer bundles its own click since 0.2x)
    expected = [("Usage: parplan validate [OPTIONS] {paths}...\n"
                 "Try 'parplan validate --help' for help.\n\n"
                 f"Error: {message}\n") for message in (
                     "No such option: --formt (Possible options: --format)",
                     "No such option '--formt'. Did you mean '--format'?")]
    for args, env in ((["validate", "--formt", "json", "x", "--lang", "en"], None),
                      (["validate", "--lang=en", "--formt", "json", "x"], None),
                      (["validate", "--formt", "json", "x"], {"PARPLAN_LANG": "en"})):
        assert _paths_metavar(runner.invoke(app, args, env=env, **PROG).stderr) in expected
    result = runner.invoke(app, ["init", "a", "b"], env={"PARPLAN_LANG": "en"}, **PROG)
    assert _paths_metavar(result.stderr.splitlines()[-1]) == "Error: Got unexpected extra argument(s) (b)"


# -- point 5: hints ----------------------------------------------------------

def _messages(report, lang="vi"):
    return [(d.code, d.item, d.field, d.message(lang)) for d in report.diagnostics]


def test_a_decimal_comma_in_a_flow_mapping_gets_one_hint(monkeypatch):
    monkeypatch.chdir(CASES)
    report = api.validate(["par003_decimal_comma_in_flow_mapping.yaml"])
    assert _messages(report) == [
        ("PAR003", None, "totals.baseline", "trường không được hỗ trợ: '64' (dấu phẩy thập phân trong {...} tách số: "
                               "viết '84,64' trong dấu nháy hoặc 84.64)"),
        ("PAR003", None, "totals.target", "trường không được hỗ trợ: '5' (dấu phẩy thập phân trong {...} tách số: "
                              "viết '99,5' trong dấu nháy hoặc 99.5)")]
    assert report.diagnostics[0].message("en") == (
        "unknown field '64' (a decimal comma inside {...} splits the number: write '84,64' in quotes or 84.64)")


def test_a_number_with_a_unit_or_a_sign_gets_a_hint(tmp_path):
    path = tmp_path / "p.yaml"
    path.write_text(dedent("""
        kind: plan
        unit: UBND xã A
        year: 2025
        entries:
          - code: "1"
            name: Lĩnh vực 1
            max: 2
            baseline: 1.5 điểm
            target: "≥ 1,75"
            tasks: [Cải thiện.]
            lead: UBND xã
        """), encoding="utf-8")
    report = api.validate([path])
    assert _messages(report) == [
        ("PAR004", "1", "baseline", "giá trị không hợp lệ: không đọc được số điểm: '1.5 điểm' "
                                    "(chỉ ghi số, không ghi đơn vị: 1.5)"),
        ("PAR004", "1", "target", "giá trị không hợp lệ: không đọc được số điểm: '≥ 1,75' "
                                  "(chỉ ghi số, ví dụ 1,75; điều kiện như '≥' ghi vào note)")]
    assert _messages(report, "en")[0][3] == \
        "wrong value: not a score: 1.5 điểm (write the number only, without a unit: 1.5)"


def test_vietnamese_field_names_get_did_you_mean(monkeypatch, tmp_path):
    monkeypatch.chdir(CASES)
    report = api.validate(["par003_vietnamese_field_names.yaml"])
    assert [(d.code, d.field, d.message("en")) for d in report.diagnostics] == [
        ("PAR005", "name", "missing required field 'name'"),   # decision of par003_misspelled_required
        ("PAR003", "ten", "unknown field 'ten' (did you mean 'name'?)"),
        ("PAR003", "muc_tieu", "unknown field 'muc_tieu' (did you mean 'target'?)"),
        ("PAR003", "nhiem_vu", "unknown field 'nhiem_vu' (did you mean 'tasks'?)"),
        ("PAR003", "don_vi_chu_tri", "unknown field 'don_vi_chu_tri' (did you mean 'lead'?)"),
        ("PAR003", "ghi_chu", "unknown field 'ghi_chu' (did you mean 'note'?)")]
    (tmp_path / "q.yaml").write_text("kind: plan\ndon_vi: A\nnăm: 2025\nentries:\n"
                                     "  - {code: '1', Tên: A, 'Điểm tối đa': 2, diem_dat_duoc: 1, muc-tieu: 2}\n",
                                     encoding="utf-8")
    report = api.validate([tmp_path / "q.yaml"])
    assert [(d.code, d.field, d.message("vi")) for d in report.diagnostics if d.code == "PAR003"] == [
        ("PAR003", "don_vi", "trường không được hỗ trợ: 'don_vi' (có phải 'unit'?)"),
        ("PAR003", "năm", "trường không được hỗ trợ: 'năm' (có phải 'year'?)"),
        ("PAR003", "Tên", "trường không được hỗ trợ: 'Tên' (có phải 'name'?)"),
        ("PAR003", "Điểm tối đa", "trường không được hỗ trợ: 'Điểm tối đa' (có phải 'max'?)"),
        ("PAR003", "diem_dat_duoc", "trường không được hỗ trợ: 'diem_dat_duoc' (có phải 'baseline'?)"),
        ("PAR003", "muc-tieu", "trường không được hỗ trợ: 'muc-tieu' (có phải 'target'?)")]


# -- point 6: lead units written two ways ------------------------------------

def test_normalise_lead_ignores_case_spaces_punctuation_and_normal_form():
    import unicodedata

    from parplan.leads import normalise_lead

    nfd = unicodedata.normalize("NFD", "Sở Nội vụ")
    assert {normalise_lead(x) for x in ("Sở Nội Vụ", "Sở Nội vụ.", " Sở  Nội vụ ;", nfd)} == {"sở nội vụ"}
    assert normalise_lead("Sở Nội vụ") != normalise_lead("Sở Tư pháp")


def test_report_counts_a_unit_written_two_ways_once(monkeypatch):
    from parplan.report import plan_report

    monkeypatch.chdir(CASES)
    checked = api.check_file(Path("par216_lead_written_two_ways.yaml"), api.registry_for([Path("criteria")]))
    report = plan_report(checked.model, checked.framework, "x.yaml")
    assert [(lead.lead, lead.items) for lead in report.leads] == [
        ("Phòng Nội vụ", ["1.2.1", "1.2.2", "2.1", "2.2"]),
        ("Văn phòng HĐND và UBND", ["2.1", "2.2"])]


def test_validate_names_both_spellings(monkeypatch):
    monkeypatch.chdir(CASES)
    report = api.validate(["par216_lead_written_two_ways.yaml"], [Path("criteria")])
    assert [(d.code, d.item, d.field, d.line, d.message("vi")) for d in report.diagnostics] == [
        ("PAR216", "1.2.2", "lead", 16, "đơn vị chủ trì 'Phòng Nội Vụ.' viết khác 'Phòng Nội vụ' (dòng 15): "
                                        "hai cách viết của một đơn vị"),
        ("PAR216", "2.2", "lead", 19, "đơn vị chủ trì 'Văn phòng HĐND và UBND' viết khác 'Văn phòng  HĐND và UBND' "
                                      "(dòng 18): hai cách viết của một đơn vị")]
    assert report.diagnostics[0].message("en") == (
        "lead unit 'Phòng Nội Vụ.' is written differently from 'Phòng Nội vụ' (line 15): one unit written two ways")


def test_report_shows_one_spelling_and_counts_a_leaf_once(tmp_path):
    from parplan.report import plan_report

    path = tmp_path / "p.yaml"
    path.write_text(dedent("""
        kind: plan
        unit: UBND xã A
        year: 2025
        entries:
          - {code: "1", name: "Lĩnh vực 1", max: 2, baseline: 1, target: 2}
          - {code: "1.1", name: "Tiêu chí 1", max: 1, baseline: 0.5, target: 1, tasks: [A.], lead: Sở Nội vụ}
          - {code: "1.2", name: "Tiêu chí 2", max: 1, baseline: 0.5, target: 1, tasks: [B.],
             lead: [Sở Nội Vụ., "Sở  Nội vụ"]}
        """), encoding="utf-8")
    checked = api.check_file(path, api.registry_for([]))
    report = plan_report(checked.model, None, str(path))
    assert [(lead.lead, lead.items, str(lead.at_stake)) for lead in report.leads] == [
        ("Sở Nội vụ", ["1.1", "1.2"], "1")]
    assert [loss.leads for loss in report.losses] == [("Sở Nội vụ",), ("Sở Nội vụ",)]
    assert [(d.code, d.item, d.actual) for d in checked.diagnostics] == [
        ("PAR216", "1.2", "Sở Nội Vụ."), ("PAR216", "1.2", "Sở  Nội vụ")]
