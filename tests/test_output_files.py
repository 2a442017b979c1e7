"""Writing files (issue 13, SPEC 5 "Writing files"): a file parplan did not
write is never replaced without --overwrite; parplan's own output is; an input
never is; every command that writes says so in one line; starter files carry
a full document block."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from parplan import api
from parplan.cli import app
from parplan.load import load_document
from parplan.output_files import check_writable, is_parplan_output, seal_text, text_is_sealed

ROOT = Path(__file__).resolve().parent.parent
QUANG_TRI = ROOT / "plans" / "quang-tri" / "2024.yaml"          # validates without errors
MINE = b"my own file, not parplan's\n"

FOREIGN_VI = ("parplan: đã có tệp {name} không do parplan tạo ra (hoặc đã được sửa sau khi parplan ghi): "
              "không ghi đè; dùng --overwrite để ghi đè, hoặc chọn tên tệp khác\n")
FOREIGN_EN = ("parplan: {name} already exists and was not written by parplan (or was changed since): not replaced; "
              "use --overwrite to replace it, or choose another file name\n")


@pytest.fixture
def run(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("PARPLAN_LANG", raising=False)
    monkeypatch.delenv("PARPLAN_TODAY", raising=False)
    runner = CliRunner()

    def _run(*args, stdin: str | None = None):
        result = runner.invoke(app, [str(a) for a in args], input=stdin, catch_exceptions=False)
        assert "Traceback" not in result.output
        return result

    return _run


# -- the seal ----------------------------------------------------------------

@pytest.mark.parametrize("kind, text", [
    ("yaml", "kind: plan\nyear: 2025\n"),
    ("md", "# Phụ lục\n\n| a | b |\n"),
    ("html", "<!DOCTYPE html>\n<html lang=\"vi\">\n<head>\n<title>x</title>\n</head>\n<body></body>\n</html>\n"),
    ("html", "<p>no head</p>\n"),
    ("json", "{\n  \"a\": 1\n}\n"),
])
def test_a_sealed_text_is_recognised_until_it_is_edited(kind, text):
    sealed = seal_text(text.encode("utf-8"), kind)
    assert text_is_sealed(sealed)
    assert not text_is_sealed(text.encode("utf-8"))
    assert not text_is_sealed(sealed.replace(b"a", b"A", 1) if b"a" in sealed[:5] else b"x" + sealed)
    assert seal_text(text.encode("utf-8"), kind) == sealed            # same content, same bytes


def test_where_each_seal_sits():
    assert seal_text(b"kind: plan\n", "yaml").decode("utf-8").splitlines()[0] == "kind: plan"   # lines keep numbers
    assert seal_text(b"kind: plan\n", "yaml").decode("utf-8").splitlines()[1].startswith(
        "# tạo bởi parplan (parplan-sha256:")
    html = seal_text(b"<html>\n<head>\n<title>t</title>\n</head>\n</html>\n", "html").decode("utf-8").splitlines()
    assert html[2].startswith('<meta name="generator" content="parplan (parplan-sha256:') and html[3] == "<title>t</title>"
    html = seal_text(b'<html>\n<head>\n<meta charset="utf-8">\n<title>t</title>\n</head>\n</html>\n', "html")
    assert html.decode("utf-8").splitlines()[3].startswith('<meta name="generator" content="parplan (parplan-sha256:')
    data = json.loads(seal_text(b'{\n  "a": 1\n}\n', "json"))
    assert list(data) == ["$comment", "a"] and data["$comment"].startswith("tạo bởi parplan (parplan-sha256:")
    assert seal_text(b"<p>x</p>\n", "md").decode("utf-8").endswith(" -->\n")


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
def test_office_outputs_are_sealed_and_a_resave_makes_them_the_users(fmt, tmp_path):
    _, data = api.render([QUANG_TRI], {fmt: "x"})
    path = tmp_path / f"out.{fmt}"
    path.write_bytes(data[fmt])
    assert is_parplan_output(path)
    if fmt == "docx":
        docx = pytest.importorskip("docx")
        document = docx.Document(str(path))
        assert document.core_properties.identifier.startswith("parplan-sha256:")
        document.add_paragraph("sửa tay")
        document.save(str(path))
    else:
        openpyxl = pytest.importorskip("openpyxl")
        book = openpyxl.load_workbook(path)
        assert book.properties.identifier.startswith("parplan-sha256:")
        book.active["A1"] = "sửa tay"
        book.save(path)
    assert not is_parplan_output(path)


def test_a_device_is_never_an_output(tmp_path):
    with pytest.raises(api.UsageError) as caught:
        check_writable(["/dev/null"], overwrite=True)
    assert caught.value.text("en") == "/dev/null is not a regular file (a device, a pipe…): not written to"


def test_damaged_or_foreign_files_are_not_parplans(tmp_path):
    (tmp_path / "a.docx").write_bytes(b"PK\x03\x04 broken")
    (tmp_path / "b.md").write_bytes(b"<!-- parplan-sha256:0123456789abcdef0123456789abcdef -->\n")
    assert not is_parplan_output(tmp_path / "a.docx")
    assert not is_parplan_output(tmp_path / "b.md")
    assert not is_parplan_output(tmp_path / "missing.md")
    check_writable([tmp_path / "missing.md", "-"])                     # nothing there: fine
    with pytest.raises(api.UsageError) as caught:
        check_writable([tmp_path / "a.docx", tmp_path / "b.md"])
    assert caught.value.text("en") == (
        f"2 files already exist and were not written by parplan (or were changed since): {tmp_path / 'a.docx'}, "
        f"{tmp_path / 'b.md'}; nothing written; use --overwrite to replace them, or choose other file names")
    check_writable([tmp_path / "a.docx"], overwrite=True)


# -- render ------------------------------------------------------------------

@pytest.mark.parametrize("fmt", ["docx", "xlsx", "md", "html"])
def test_render_refuses_a_foreign_file_replaces_its_own_and_overwrites_when_told(run, tmp_path, fmt):
    out = tmp_path / f"phu-luc.{fmt}"
    out.write_bytes(MINE)
    result = run("render", QUANG_TRI, f"--{fmt}", out.name)
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", FOREIGN_VI.format(name=out.name))
    assert out.read_bytes() == MINE
    result = run("render", QUANG_TRI, f"--{fmt}", out.name, "--lang", "en")
    assert (result.exit_code, result.stderr) == (2, FOREIGN_EN.format(name=out.name))
    assert out.read_bytes() == MINE

    result = run("render", QUANG_TRI, f"--{fmt}", out.name, "--overwrite")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", f"đã ghi {out.name}\n")
    first = out.read_bytes()
    assert first != MINE and is_parplan_output(out)

    result = run("render", QUANG_TRI, f"--{fmt}", out.name, "--lang", "en")    # its own output: no question
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", f"wrote {out.name}\n")
    assert out.read_bytes() == first


def test_render_checks_every_output_before_writing_any(run, tmp_path):
    (tmp_path / "b.html").write_bytes(MINE)
    result = run("render", QUANG_TRI, "--docx", "a.docx", "--html", "b.html", "--md", "c.md")
    assert result.exit_code == 2 and result.stderr == FOREIGN_VI.format(name="b.html")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["b.html"]


def test_an_input_is_never_an_output_even_with_overwrite(run, tmp_path):
    plan = tmp_path / "plan.yaml"
    shutil.copy(QUANG_TRI, plan)
    before = plan.read_bytes()
    for args in (["render", plan.name, "--md", plan.name, "--overwrite"],
                 ["report", plan.name, "--md", plan.name, "--overwrite"],
                 ["new", "--from", plan.name, "-o", plan.name, "--overwrite"]):
        result = run(*args)
        assert result.exit_code == 2, args
        assert "không ghi đè tệp đầu vào" in result.stderr
        assert plan.read_bytes() == before


def test_force_keeps_one_meaning(run, tmp_path):
    """render --force: go on despite errors; it does not replace a foreign file."""
    out = tmp_path / "dak-rlap.docx"
    out.write_bytes(MINE)
    result = run("render", ROOT / "plans" / "dak-rlap" / "2024.yaml", "--docx", out.name, "--force")
    assert result.exit_code == 2 and FOREIGN_VI.format(name=out.name) in result.stderr
    assert out.read_bytes() == MINE
    for args in (["schema", "--write", "s", "--force"], ["init", "ws", "--force"],
                 ["new", "--from", QUANG_TRI, "-o", "n.yaml", "--force"]):
        result = run(*args, "--lang", "en")
        assert result.exit_code == 2, args
        assert result.stderr == ('parplan: --force only means "go on despite errors in the input" and does not '
                                 'apply to this command; to replace an existing file, use --overwrite\n')
    assert sorted(p.name for p in tmp_path.iterdir()) == [out.name]


# -- report, diff, schema ------------------------------------------------------

def test_report_to_a_file_prints_only_what_it_wrote(run, tmp_path):
    (tmp_path / "bc.docx").write_bytes(MINE)
    result = run("report", QUANG_TRI, "--docx", "bc.docx")
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", FOREIGN_VI.format(name="bc.docx"))
    assert (tmp_path / "bc.docx").read_bytes() == MINE
    result = run("report", QUANG_TRI, "--docx", "bc.docx", "--overwrite")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "đã ghi bc.docx\n")
    result = run("report", QUANG_TRI, "--docx", "bc.docx", "--md", "bc.md")   # its own .docx: replaced
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "đã ghi bc.md\nđã ghi bc.docx\n")
    assert is_parplan_output(tmp_path / "bc.docx") and is_parplan_output(tmp_path / "bc.md")
    asked = run("report", QUANG_TRI, "--docx", "bc.docx", "--format", "json")   # asked for: printed too
    assert asked.exit_code == 0 and json.loads(asked.stdout)["unit"] == "UBND tỉnh Quảng Trị"


def test_diff_to_docx_says_what_it_wrote_and_keeps_a_foreign_file(run, tmp_path):
    shutil.copy(QUANG_TRI, tmp_path / "2024.yaml")
    assert run("new", "--from", "2024.yaml", "-o", "2025.yaml").exit_code == 0
    (tmp_path / "ss.docx").write_bytes(MINE)
    result = run("diff", "2024.yaml", "2025.yaml", "--docx", "ss.docx")
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", FOREIGN_VI.format(name="ss.docx"))
    assert (tmp_path / "ss.docx").read_bytes() == MINE
    result = run("diff", "2024.yaml", "2025.yaml", "--docx", "ss.docx", "--overwrite")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "đã ghi ss.docx\n")
    result = run("diff", "2024.yaml", "2025.yaml", "--docx", "ss.docx")
    assert (result.exit_code, result.stderr) == (0, "đã ghi ss.docx\n")


def test_schema_write_checks_all_four_files_first(run, tmp_path):
    (tmp_path / "s").mkdir()
    (tmp_path / "s" / "plan.json").write_bytes(MINE)
    result = run("schema", "--write", "s")
    assert (result.exit_code, result.stderr) == (2, FOREIGN_VI.format(name="s/plan.json"))
    assert sorted(p.name for p in (tmp_path / "s").iterdir()) == ["plan.json"]
    result = run("schema", "--write", "s", "--overwrite")
    assert result.exit_code == 0
    assert result.stderr == "".join(f"đã ghi s/{k}.json\n" for k in ("framework", "plan", "targets", "budget"))
    again = run("schema", "--write", "s")
    assert again.exit_code == 0 and all(is_parplan_output(p) for p in (tmp_path / "s").iterdir())


# -- import --------------------------------------------------------------------

def test_import_refuses_a_foreign_file_and_replaces_its_own(run, tmp_path):
    _, data = api.render([QUANG_TRI], {"docx": "x"})
    (tmp_path / "pl.docx").write_bytes(data["docx"])
    (tmp_path / "pl.yaml").write_bytes(MINE)
    result = run("import", "pl.docx")
    assert result.exit_code == 2 and result.stderr == FOREIGN_VI.format(name="pl.yaml")
    assert (tmp_path / "pl.yaml").read_bytes() == MINE
    assert run("import", "pl.docx", "--overwrite").exit_code == 0
    written = (tmp_path / "pl.yaml").read_bytes()
    assert is_parplan_output(tmp_path / "pl.yaml")
    result = run("import", "pl.docx")
    assert result.exit_code == 0 and result.stderr.endswith("đã ghi pl.yaml\n")
    assert (tmp_path / "pl.yaml").read_bytes() == written


# -- init and new: starter files a user can submit ---------------------------------

def test_init_defaults_to_next_year_and_fills_the_document_block(run, tmp_path, monkeypatch):
    monkeypatch.setenv("PARPLAN_TODAY", "2026-12-03")
    result = run("init", "ws", "--unit", "UBND tỉnh Đắk Nông", "--number", "120/KH-UBND", "--date", "15/01/2027",
                 "--issuer", "Chủ tịch UBND tỉnh Đắk Nông", stdin="")
    assert result.exit_code == 0, result.output
    plan = tmp_path / "ws" / "plans" / "dak-nong" / "2027.yaml"
    model = load_document(plan).model
    assert (model.year, model.baseline_year) == (2027, 2026)
    doc = model.document
    assert (doc.number, doc.date.isoformat(), doc.issuer, doc.place) == (
        "120/KH-UBND", "2027-01-15", "Chủ tịch UBND tỉnh Đắk Nông", "Đắk Nông")
    assert doc.title == "Kế hoạch cải thiện, nâng cao Chỉ số CCHC năm 2027 của UBND tỉnh Đắk Nông"
    assert doc.appendix_title == ("Mục tiêu, nhiệm vụ, giải pháp cải thiện và nâng cao Chỉ số CCHC năm 2027 "
                                  "của UBND tỉnh Đắk Nông")
    assert "Kế hoạch mẫu năm 2027" in result.stdout
    md = run("render", plan, "--md", "-")
    assert "(Kèm theo Kế hoạch số 120/KH-UBND ngày 15 tháng 01 năm 2027 của Chủ tịch UBND tỉnh Đắk Nông)" in md.stdout


def test_init_without_number_leaves_keys_to_fill_and_never_prompts_in_a_pipe(run, tmp_path, monkeypatch):
    monkeypatch.setenv("PARPLAN_TODAY", "2025-06-30")
    result = run("init", "ws", "--unit", "UBND huyện Đắk R'Lấp", "--framework", "tinh-2020", stdin="120/KH\n")
    assert result.exit_code == 0, result.output
    text = (tmp_path / "ws" / "plans" / "dak-r-lap" / "2026.yaml").read_text(encoding="utf-8")
    block = text[text.index("\ndocument:\n") + 1:text.index("\nentries:\n")]
    assert block.splitlines()[:4] == [
        "document:",
        "  number:  # số hiệu khi ban hành, ví dụ 120/KH-UBND",
        "  date:  # ngày ban hành, YYYY-MM-DD",
        "  issuer: UBND huyện Đắk R'Lấp",
    ]
    assert "120/KH\n" not in text and "Số hiệu" not in result.stdout


def test_init_asks_at_a_terminal_for_what_was_not_given(run, tmp_path, monkeypatch):
    from parplan.cli import init as init_command

    monkeypatch.setattr(init_command, "interactive", lambda: True)
    monkeypatch.setenv("PARPLAN_TODAY", "2026-12-03")
    result = run("init", "ws", "--number", "7/KH-UBND", stdin="UBND tỉnh Quảng Trị\n2027-02-01\n\n")
    assert result.exit_code == 0, result.output
    assert "Đơn vị (ví dụ UBND tỉnh Đắk Nông): " in result.output and "Số hiệu" not in result.output
    doc = load_document(tmp_path / "ws" / "plans" / "quang-tri" / "2027.yaml").model.document
    assert (doc.number, doc.date.isoformat(), doc.issuer) == ("7/KH-UBND", "2027-02-01", "UBND tỉnh Quảng Trị")


def test_init_rejects_a_bad_date(run, tmp_path):
    result = run("init", "ws", "--date", "31/02/2027", "--lang", "en")
    assert (result.exit_code, result.stderr) == (
        2, "parplan: not a valid date: 31/02/2027 (write YYYY-MM-DD or DD/MM/YYYY, e.g. 2027-01-15)\n")
    assert not (tmp_path / "ws").exists()


def test_new_carries_the_document_block_with_the_year_moved(run, tmp_path, monkeypatch):
    monkeypatch.setenv("PARPLAN_TODAY", "2026-12-03")
    assert run("init", "ws", "--unit", "UBND tỉnh Đắk Nông", "--number", "120/KH-UBND",
               "--date", "2027-01-15").exit_code == 0
    result = run("new", "--from", "ws/plans/dak-nong/2027.yaml")
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith("đã ghi ws/plans/dak-nong/2028.yaml: kế hoạch năm 2028")
    assert result.stderr.count("\n") == 1 and result.stdout == ""
    text = (tmp_path / "ws" / "plans" / "dak-nong" / "2028.yaml").read_text(encoding="utf-8")
    assert "\ndocument:\n  number:  # số hiệu khi ban hành, ví dụ 120/KH-UBND\n  date:  # ngày ban hành, YYYY-MM-DD\n" \
        "  issuer: UBND tỉnh Đắk Nông\n" in text
    data = yaml.safe_load(text)
    assert data["document"] == {
        "number": None, "date": None, "issuer": "UBND tỉnh Đắk Nông", "place": "Đắk Nông",
        "title": "Kế hoạch cải thiện, nâng cao Chỉ số CCHC năm 2028 của UBND tỉnh Đắk Nông",
        "appendix_title": "Mục tiêu, nhiệm vụ, giải pháp cải thiện và nâng cao Chỉ số CCHC năm 2028 của UBND tỉnh Đắk Nông"}


# -- a year not filled in yet ------------------------------------------------------

def test_a_year_without_targets_says_so(run, tmp_path):
    shutil.copy(QUANG_TRI, tmp_path / "2024.yaml")
    assert run("new", "--from", "2024.yaml", "-o", "2025.yaml").exit_code == 0
    text = run("report", "2025.yaml")
    assert "Mục tiêu năm 2025: chưa nhập mục tiêu.\n" in text.stdout
    assert "lấy lại: 0" not in text.stdout
    en = run("report", "2025.yaml", "--lang", "en")
    assert "Targets for 2025: not entered yet.\n" in en.stdout
    data = json.loads(run("report", "2025.yaml", "--format", "json").stdout)
    assert data["total"]["target"] is None and all(lead["to_win"] is None for lead in data["leads"])
    assert run("report", "2025.yaml", "--md", "bc.md").exit_code == 0
    md = (tmp_path / "bc.md").read_text(encoding="utf-8")
    assert md.count("chưa nhập mục tiêu") == len(data["leads"]) + (data["unassigned"] is not None) > 0
    diff = run("diff", "2024.yaml", "2025.yaml")
    assert diff.stdout.rstrip().splitlines()[-1] == (
        "  Tổng điểm: đạt 86,2482 → chưa nhập điểm; chỉ số 86,25% → chưa nhập điểm. Chưa nhập mục tiêu.")
    diff_en = run("diff", "2024.yaml", "2025.yaml", "--lang", "en")
    assert diff_en.stdout.rstrip().splitlines()[-1] == (
        "  Total: score 86,2482 → scores not entered yet; index 86,25% → scores not entered yet. "
        "Targets not entered yet.")


def test_a_target_not_entered_yet_is_said_on_the_diff_summary_line():
    from decimal import Decimal
    from types import SimpleNamespace as NS

    from parplan.render import diffview

    pair = lambda a, b, d=None: NS(a=a, b=b, delta=d)  # noqa: E731
    total = NS(baseline=pair(Decimal("80"), Decimal("82"), Decimal("2")), target=pair(Decimal("99.5"), None),
               index=lambda series: pair(Decimal("80.00"), Decimal("82.00")))
    cmp = NS(changed=True, gained=[], lost=[], a=NS(baseline_year=2023), b=NS(baseline_year=2024),
             attainment_year=None, applicability_changes=[], total=total)
    assert diffview.summary_lines(cmp, "vi")[-1] == (
        "Tổng điểm: đạt 80 → 82 (+2); chỉ số 80,00% → 82,00%. Mục tiêu 99,5 → chưa nhập mục tiêu.")
    assert diffview.summary_lines(cmp, "en")[-1] == (
        "Total: score 80 → 82 (+2); index 80,00% → 82,00%. Target 99,5 → targets not entered yet.")  # diff prints numbers the Vietnamese way in both languages
