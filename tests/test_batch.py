"""Big batches: --jobs gives the same report, a progress bar only on a terminal."""
from __future__ import annotations

import io
import sys

from typer.testing import CliRunner

from parplan import api
from parplan.cli import app
from parplan.output import progress_bar

sys.path.insert(0, str(__import__("conftest").ROOT / "benchmarks"))
from generate import write_plans  # noqa: E402


def batch(tmp_path, count=60):
    folder = tmp_path / "plans"
    write_plans(folder, count, entries_per_plan=20)
    bad = folder / "plan-00007.yaml"
    bad.write_text(bad.read_text(encoding="utf-8").replace("baseline: ", "baseline: 9", 1), encoding="utf-8")
    return folder


def test_jobs_give_the_same_report_in_the_same_order(tmp_path):
    folder = batch(tmp_path)
    one = api.validate([folder], cwd=tmp_path)
    two = api.validate([folder], cwd=tmp_path, jobs=2)
    assert one.files == two.files == 60
    assert one.diagnostics == two.diagnostics and one.errors >= 1
    runner = CliRunner()
    a = runner.invoke(app, ["validate", str(folder)])
    b = runner.invoke(app, ["validate", str(folder), "--jobs", "2"])
    assert a.exit_code == b.exit_code == 1
    assert a.stdout == b.stdout


def test_no_progress_bar_in_a_pipe(tmp_path):
    folder = batch(tmp_path)
    result = CliRunner().invoke(app, ["validate", str(folder), "--format", "json"])
    assert "Đang kiểm tra" not in result.output


def test_progress_bar_on_a_terminal_for_long_batches():
    class Terminal(io.StringIO):
        def isatty(self):
            return True

    screen = Terminal()
    with progress_bar("vi", stream=screen) as update:
        assert update is not None
        for done in range(1, 61):
            update(done, 60)
    assert "Đang kiểm tra" in screen.getvalue()
    pipe = io.StringIO()
    with progress_bar("vi", stream=pipe) as update:
        assert update is None
    assert pipe.getvalue() == ""
