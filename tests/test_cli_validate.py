"""`parplan validate` as a user runs it: lines, JSON, languages, exit status."""
from __future__ import annotations

import json

from typer.testing import CliRunner

from parplan.cli import app

from conftest import ROOT

runner = CliRunner()


def run(*args: str, env: dict | None = None):
    return runner.invoke(app, ["validate", *args], env=env)


def test_text_lines_and_exit_1_on_the_real_mistakes(monkeypatch):
    monkeypatch.chdir(ROOT)
    result = run("plans/dak-rlap/2024.yaml")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0] == ("plans/dak-rlap/2024.yaml:60:15: error PAR203 [1 baseline] "
                        "điểm đạt được ghi 12 nhưng cộng từ các mục con được 14")
    assert lines[-1] == "1 tệp, 2 lỗi, 2 cảnh báo"   # PAR211 and PAR216 (issue 11)
    assert "\x1b[" not in result.stdout   # no colour codes in a pipe


def test_english_messages_by_option_or_environment(monkeypatch):
    monkeypatch.chdir(ROOT)
    expected = ("plans/dak-rlap/2024.yaml:60:15: error PAR203 [1 baseline] "
                "baseline is declared as 12 but its children add up to 14")
    assert run("plans/dak-rlap/2024.yaml", "--lang", "en").stdout.splitlines()[0] == expected
    assert run("plans/dak-rlap/2024.yaml", env={"PARPLAN_LANG": "en"}).stdout.splitlines()[0] == expected
    assert run("plans/dak-rlap/2024.yaml", env={"PARPLAN_LANG": "en"}).stdout.splitlines()[-1] == \
        "1 file, 2 errors, 2 warnings"


def test_json_report_has_the_contract_fields(monkeypatch):
    monkeypatch.chdir(ROOT)
    result = run("--format", "json", "plans/yen-chau/")
    report = json.loads(result.stdout)
    assert (report["files"], report["errors"], report["warnings"]) == (2, 2, 3)
    first = report["diagnostics"][0]
    assert set(first) >= {"code", "severity", "file", "line", "column", "item", "field", "message",
                          "expected", "actual"}
    budget = next(d for d in report["diagnostics"] if d["code"] == "PAR302")
    assert (budget["expected"], budget["actual"]) == ("55895400000", "55985400000")


def test_warnings_pass_unless_strict(monkeypatch):
    monkeypatch.chdir(ROOT)
    assert run("plans/quang-tri/2024.yaml").exit_code == 0          # one PAR211 warning
    assert run("plans/quang-tri/2024.yaml", "--strict").exit_code == 1
    assert run("plans/tay-ninh/").exit_code == 0


def test_usage_errors_exit_2(monkeypatch, tmp_path):
    monkeypatch.chdir(ROOT)
    result = run("no/such/plan.yaml")
    assert result.exit_code == 2 and "không có tệp hoặc thư mục: no/such/plan.yaml" in result.output
    assert run("plans/", "--format", "xml").exit_code == 2
    assert run("plans/", "--criteria", str(tmp_path / "nope")).exit_code == 2
    assert runner.invoke(app, ["validat"]).exit_code == 2


def test_unknown_framework_names_where_it_looked(tmp_path):
    plan = tmp_path / "p.yaml"
    plan.write_text("kind: plan\nframework: khong-co\nunit: A\nyear: 2025\nentries: []\n", encoding="utf-8")
    result = run(str(plan))
    assert result.exit_code == 1
    assert ":2:12: error PAR006 [framework] không tìm thấy bộ tiêu chí 'khong-co'" in result.stdout


def test_version_and_help_work_offline():
    from parplan import __version__

    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and result.stdout == f"parplan {__version__}\n"
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    for command in ("validate", "render", "diff", "new", "report", "import", "init", "schema", "frameworks"):
        assert command in result.stdout
