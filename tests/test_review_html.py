"""The review view (issue 13 point 5): the HTML of a plan with diagnostics marks
each cell a diagnostic points to, lists the diagnostics under the table with
links to their rows, and says in one line how many mistakes there are; the
.xlsx gets the same marks as cell comments.

The last tests load the page in a real headless Chromium (installed by
`.ci/run`; skipped locally when it is absent): the inline script ran, the
marks are in the live DOM, the page prints on A4 landscape.
"""
from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import tempfile
from html.parser import HTMLParser

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from parplan import api
from parplan.cli import app

from conftest import ROOT


@pytest.fixture(autouse=True)
def at_root(monkeypatch):
    monkeypatch.chdir(ROOT)


class Page(HTMLParser):
    """The bits of the page the tests look at: marked cells, marks, list items, row ids."""

    def __init__(self, text: str):
        super().__init__()
        self.cells: list[dict] = []      # td with class flag: attrs + the row id it sits in
        self.marks: list[str] = []       # href of every sup.mark link
        self.items: list[dict] = []      # li of ol.diagnostics
        self.links: list[str] = []       # hrefs inside the list
        self.row_ids: list[str] = []
        self.ids: list[str] = []
        self.verdict: str | None = None
        self._row = None
        self._in_sup = self._in_li = self._in_verdict = False
        self._verdict_text: list[str] = []
        self.feed(text)
        self.verdict = "".join(self._verdict_text) if self._verdict_text else None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.append(a["id"])
        classes = (a.get("class") or "").split()
        if tag == "tr":
            self._row = a.get("id")
            if a.get("id"):
                self.row_ids.append(a["id"])
        elif tag == "td" and "flag" in classes:
            self.cells.append({**a, "row": self._row})
        elif tag == "sup" and "mark" in classes:
            self._in_sup = True
        elif tag == "a" and self._in_sup:
            self.marks.append(a["href"])
        elif tag == "li":
            self._in_li = True
            self.items.append(a)
        elif tag == "a" and self._in_li:
            self.links.append(a["href"])
        elif tag == "p" and "verdict" in classes:
            self._in_verdict = True

    def handle_endtag(self, tag):
        if tag == "sup":
            self._in_sup = False
        elif tag == "li":
            self._in_li = False
        elif tag == "p":
            self._in_verdict = False

    def handle_data(self, data):
        if self._in_verdict:
            self._verdict_text.append(data)


def html_of(paths, force=True) -> str:
    report, data = api.render(paths, {"html": "out"}, force=force)
    return data["html"].decode("utf-8")


def test_dak_nong_every_diagnostic_is_marked_on_its_cell_and_listed():
    report, _ = api.render(["plans/dak-nong/2021.yaml"], {"html": "x"}, force=True)
    assert (report.errors, report.warnings) == (6, 19)
    page = Page(html_of(["plans/dak-nong/2021.yaml"]))
    assert page.verdict == "Kế hoạch có 6 lỗi, 19 cảnh báo"
    assert len(page.items) == 25 and len(page.marks) == 25
    assert [i["id"] for i in page.items] == [f"a1-d{n}" for n in range(1, 26)]
    assert all(i["data-located"] == "yes" for i in page.items)
    assert sorted(page.marks) == sorted(f"#{i['id']}" for i in page.items)       # cell -> list
    assert set(page.links) <= {f"#{r}" for r in page.row_ids} and len(page.links) == 25   # list -> row
    assert len(set(page.ids)) == len(page.ids)                                    # ids are unique
    by_title = {c["title"].split("\n")[0]: c for c in page.cells}
    total = by_title["1. PAR203: tổng điểm đạt được ghi 82,05 nhưng cộng từ các mục con được 82,02"]
    assert total["class"] == "num flag flag-error" and total["data-marks"] == "1"
    assert total["row"] == page.row_ids[-1]                                       # the TỔNG ĐIỂM row
    lead = by_title["2. PAR211: có nhiệm vụ nhưng chưa có đơn vị chủ trì"]
    assert lead["class"] == "text flag flag-warning"
    # 3.4: the baseline and the target cells, each with its own diagnostic
    rows_34 = [c for c in page.cells if "4,94" in c["title"]]
    assert [c["data-marks"] for c in rows_34] == ["4", "5"] and len({c["row"] for c in rows_34}) == 1
    assert len(page.cells) == 25


def test_list_names_the_row_and_column():
    html = html_of(["plans/dak-nong/2021.yaml"])
    assert ('<li id="a1-d4" class="error" data-located="yes"><span class="sev">lỗi PAR203</span> [3.4 baseline]: '
            'điểm đạt được ghi 4,94 nhưng cộng từ các mục con được 4,93 (<a href="#a1-r') in html
    assert '">dòng 3.4, cột «Điểm 2020 đạt được»</a>)</li>' in html
    assert '">dòng tổng, cột «Điểm 2020 đạt được»</a>)</li>' in html


def test_warnings_alone_render_without_force_and_say_no_errors():
    page = Page(html_of(["plans/quang-tri/2024.yaml"], force=False))
    assert page.verdict == "Không có lỗi, 2 cảnh báo"     # PAR211 and the lead written two ways (PAR216)
    assert len(page.marks) == 2 and [c["data-marks"] for c in page.cells] == ["1", "2"]
    assert page.cells[0]["title"] == "1. PAR211: có nhiệm vụ nhưng chưa có đơn vị chủ trì"
    assert page.cells[1]["title"].startswith("2. PAR216: đơn vị chủ trì 'các sở, ban, ngành cấp tỉnh")


def test_clean_plan_says_no_errors_and_marks_nothing():
    html = html_of(["plans/tay-ninh/phu-luc-1.yaml"], force=False)
    page = Page(html)
    assert page.verdict == "Không có lỗi" and not page.cells and not page.items
    assert '<p class="verdict ok" id="verdict">' in html     # hidden when printed (.verdict.ok)


def test_budget_total_and_targets_measures_point_at_their_cells():
    html = html_of(["plans/yen-chau/2021-2025-chi-tieu.yaml", "plans/yen-chau/2021-2025-kinh-phi.yaml"])
    page = Page(html)
    assert page.verdict == "Kế hoạch có 2 lỗi, 3 cảnh báo"
    budget = [c for c in page.cells if c["row"].startswith("a2-")]
    assert len(budget) == 1 and budget[0]["title"].startswith("1. PAR302: dòng tổng ghi 55.985.400.000")
    assert budget[0]["row"] == [r for r in page.row_ids if r.startswith("a2-")][-1]      # the Tổng cộng row
    assert ">55.985.400.000<sup" in html
    targets = [c for c in page.cells if c["row"].startswith("a1-")]
    assert len(targets) == 4 and len(page.marks) == 5
    assert '">dòng 2, cột «Chỉ tiêu phấn đấu đến năm 2025»</a>)</li>' in html   # measures.target -> target column


def test_diagnostics_without_a_row_are_listed_but_not_marked(write):
    plan = write("p.yaml", """
        kind: plan
        unit: UBND huyện A
        year: 2024
        baseline_year: 2020
        entries:
          - {code: "1", name: Lĩnh vực một, max: 2, baseline: 1, target: 1.5}
          - {code: "1.1", name: Tiêu chí, max: 1, baseline: 0.5, target: 1, tasks: [Làm], lead: Phòng Nội vụ}
          - {code: "1.2", name: Tiêu chí hai, max: 1, baseline: 3, target: 1, tasks: [Làm], lead: Phòng Nội vụ}
        """)
    report, data = api.render([plan], {"html": "x", "xlsx": "y"}, force=True)
    codes = [(d.code, d.item, d.field) for d in report.diagnostics]
    assert codes == [("PAR212", None, "baseline_year"), ("PAR203", "1", "target"), ("PAR201", "1.2", "baseline")]
    page = Page(data["html"].decode())
    assert [i["data-located"] for i in page.items] == ["no", "yes", "yes"]
    assert sorted(page.marks) == ["#a1-d2", "#a1-d3"]
    assert page.verdict == "Kế hoạch có 2 lỗi, 1 cảnh báo"
    ws = load_workbook(io.BytesIO(data["xlsx"])).active
    comments = {c.coordinate: c.comment.text for row in ws.iter_rows() for c in row if c.comment}
    # the fill-in note above the table moves it one row down (issue 12, Excel round trip)
    assert comments == {"E7": "2. PAR203: mục tiêu ghi 1,5 nhưng cộng từ các mục con được 2",
                        "D9": "3. PAR201: điểm đạt được 3 vượt quá điểm tối đa 1"}
    assert ws["A7"].value == "1" and ws["A9"].value == "1.2" and ws["E6"].value == "Mục tiêu năm 2024"


def test_xlsx_comments_on_every_located_cell():
    report, data = api.render(["plans/dak-nong/2021.yaml"], {"xlsx": "x"}, force=True)
    ws = load_workbook(io.BytesIO(data["xlsx"])).active
    comments = {c.coordinate: c.comment for row in ws.iter_rows() for c in row if c.comment}
    assert len(comments) == 25
    total_row = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 2).value == "TỔNG ĐIỂM")
    note = comments[f"D{total_row}"]
    assert note.text == "1. PAR203: tổng điểm đạt được ghi 82,05 nhưng cộng từ các mục con được 82,02"
    assert note.author == "parplan"
    assert ws.cell(total_row, 4).value == 82.05


def test_cli_review_needs_force_only_with_errors(tmp_path):
    runner = CliRunner()
    out = tmp_path / "dn.html"
    result = runner.invoke(app, ["render", "plans/dak-nong/2021.yaml", "--html", str(out)])
    assert result.exit_code == 1 and not out.exists()
    result = runner.invoke(app, ["render", "plans/dak-nong/2021.yaml", "--html", str(out), "--force"])
    assert result.exit_code == 0
    assert Page(out.read_text(encoding="utf-8")).verdict == "Kế hoạch có 6 lỗi, 19 cảnh báo"
    qt = tmp_path / "qt.html"
    assert runner.invoke(app, ["render", "plans/quang-tri/2024.yaml", "--html", str(qt)]).exit_code == 0
    assert len(Page(qt.read_text(encoding="utf-8")).marks) == 2


def test_page_is_self_contained():
    html = html_of(["plans/dak-nong/2021.yaml"])
    without_svg_ns = html.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "http://" not in without_svg_ns and "https://" not in html and "//" not in re.sub(
        r"<script>.*?</script>", "", without_svg_ns, flags=re.S).replace("<!DOCTYPE html>", "")
    assert "<link" not in html and "<script src" not in html and "@import" not in html and "url(" not in html
    assert html.count("<script>") == 1


# -- in a real browser ----------------------------------------------------------

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
browser = pytest.mark.skipif(CHROMIUM is None and not os.environ.get("CI"),
                             reason="chromium not installed (.ci/run installs it)")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--enable-logging=stderr", "--v=0"]


def chromium(tmp_path, html: str, *args: str) -> subprocess.CompletedProcess:
    page = tmp_path / "review.html"
    page.write_text(html, encoding="utf-8")
    profile = tempfile.mkdtemp(dir=tmp_path)
    return subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *args, page.as_uri()],
                          capture_output=True, text=True, timeout=180)


def console_errors(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if "CONSOLE" in line or "Uncaught" in line]


@browser
@pytest.mark.slow
def test_chromium_runs_the_page_and_shows_every_mark(tmp_path):
    html = html_of(["plans/dak-nong/2021.yaml"])
    done = chromium(tmp_path, html, "--dump-dom")
    assert done.returncode == 0, done.stderr[-2000:]
    assert console_errors(done.stderr) == []
    body = re.search(r"<body[^>]*>", done.stdout).group(0)
    assert 'data-ok="1"' in body                     # the inline script ran
    assert 'data-marks="25"' in body                 # it counted the marks in the live DOM
    live = Page(done.stdout)
    assert len(live.marks) == 25 and len(live.cells) == 25 and len(live.items) == 25
    assert live.verdict == "Kế hoạch có 6 lỗi, 19 cảnh báo"


@browser
@pytest.mark.slow
def test_chromium_counts_marks_of_several_appendices(tmp_path):
    html = html_of(["plans/yen-chau/2021-2025-chi-tieu.yaml", "plans/yen-chau/2021-2025-kinh-phi.yaml"])
    done = chromium(tmp_path, html, "--dump-dom")
    assert console_errors(done.stderr) == []
    assert 'data-marks="5"' in re.search(r"<body[^>]*>", done.stdout).group(0)


@browser
@pytest.mark.slow
def test_chromium_prints_the_review_on_a4_landscape(tmp_path):
    if shutil.which("pdfinfo") is None and not os.environ.get("CI"):
        pytest.skip("pdfinfo not installed")
    pdf = tmp_path / "review.pdf"
    done = chromium(tmp_path, html_of(["plans/dak-nong/2021.yaml"]), "--no-pdf-header-footer",
                    f"--print-to-pdf={pdf}")
    assert done.returncode == 0 and pdf.exists(), done.stderr[-2000:]
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
    size = next(line for line in info.splitlines() if line.startswith("Page size"))
    width, height = (float(x) for x in size.split(":")[1].split("pts")[0].split(" x "))
    assert abs(width - 841.89) < 1 and abs(height - 595.28) < 1
    text = subprocess.run(["pdftotext", "-f", "1", "-l", "1", str(pdf), "-"], check=True,
                          capture_output=True, text=True).stdout
    assert "Kế hoạch có 6 lỗi, 19 cảnh báo" in text


def _marked_rows(paths):
    from parplan.render import appendices

    checked, _ = api.check_paths(paths)
    items = appendices([(c.model, c.framework) for c in checked], [c.diagnostics for c in checked],
                       [c.document.source for c in checked])
    return [(i, [(r.code, r.style) for r in a.rows], [(k, m.code) for k, r in enumerate(a.rows)
                                                       for c in r.cells for m in c.marks])
            for i, a in enumerate(items)]


def test_same_code_in_several_rows_marks_the_row_the_diagnostic_is_on(write):
    # Yên Châu's second "3.3" (line 109) repeats the first (line 94, a mistyped 2.3)
    [(_, rows, marks)] = _marked_rows(["plans/yen-chau/2021-2025-chi-tieu.yaml"])
    [at] = [k for k, code in marks if code == "PAR101"]
    assert rows[at] == ("3.3", "item") and rows[at - 1] == ("3.2", "item")
    first = rows.index(("3.3", "item"))
    assert first < at and rows[first - 1] == ("2.2", "item")
    # targets number their items again in each group: the mark goes to group II's "1"
    plan = write("t.yaml", """
        kind: targets
        unit: UBND huyện A
        title: Chỉ tiêu
        columns: [{key: result, label: Kết quả}, {key: target, label: Chỉ tiêu}]
        groups:
          - code: I
            name: Nhóm một
            items:
              - {code: "1", name: SIPAS, values: {result: "80%", target: "85%"}}
          - code: II
            name: Nhóm hai
            items:
              - code: "1"
                name: Hồ sơ đúng hạn
                values: {result: "98%", target: "95%"}
                measures: {result: {value: 98, unit: "%"}, target: {value: 95, unit: "%", op: ">="}}
        """)
    [(_, rows, marks)] = _marked_rows([plan])
    assert rows == [("I", "group"), ("1", "item"), ("II", "group"), ("1", "item")]
    assert marks == [(3, "PAR403")]


def test_a_mistyped_code_is_marked_on_the_row_it_stands_in_for(tmp_path):
    text = (ROOT / "plans/dak-nong/2021.yaml").read_text(encoding="utf-8")
    plan = tmp_path / "p.yaml"
    plan.write_text(text.replace('  - code: "1.2"\n', '  - code: "1.9"\n', 1), encoding="utf-8")
    [(_, rows, marks)] = _marked_rows([plan])
    [at] = [k for k, code in marks if code == "PAR204"]
    assert rows[at] == ("1.2", "criterion")
    page = Page(html_of([plan]))
    assert len(page.marks) == len(page.items) == 26
    cell = next(c for c in page.cells if "PAR204" in c["title"])
    assert cell["class"] == "code flag flag-error"          # field "code": the STT cell
