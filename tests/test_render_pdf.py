"""End to end: the .docx as LibreOffice prints it (A4 landscape, header row on
page 2, no page number on page 1). Needs soffice and poppler: `.ci/run`
installs them; outside CI the test is skipped when they are missing."""
from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from parplan import api

from conftest import ROOT

TOOLS = ("soffice", "pdfinfo", "pdftotext")
missing = [t for t in TOOLS if shutil.which(t) is None]
pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(bool(missing) and not os.environ.get("CI"),
                                 reason=f"not installed: {', '.join(missing)} (.ci/run installs them)")]


def pdf_of(docx_bytes: bytes, tmp_path) -> str:
    source = tmp_path / "phu-luc.docx"
    source.write_bytes(docx_bytes)
    profile = tmp_path / "lo-profile"
    subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
                   check=True, capture_output=True, timeout=180)
    return str(tmp_path / "phu-luc.pdf")


def page_text(pdf: str, page: int) -> str:
    return subprocess.run(["pdftotext", "-layout", "-f", str(page), "-l", str(page), pdf, "-"],
                          check=True, capture_output=True, text=True).stdout


def test_libreoffice_prints_a4_landscape_with_repeated_header(tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    _, data = api.render(["plans/dak-nong/2021.yaml"], {"docx": "x"}, force=True)
    pdf = pdf_of(data["docx"], tmp_path)
    info = subprocess.run(["pdfinfo", pdf], check=True, capture_output=True, text=True).stdout
    size = next(line for line in info.splitlines() if line.startswith("Page size"))
    width, height = (float(x) for x in size.split(":")[1].split("pts")[0].split(" x "))
    assert abs(width - 841.89) < 1 and abs(height - 595.3) < 1
    pages = int(next(l for l in info.splitlines() if l.startswith("Pages")).split()[-1])
    assert pages >= 3
    first, second = page_text(pdf, 1), page_text(pdf, 2)
    assert "Phụ lục" in first and "STT" in first
    assert "Đơn vị chủ trì" in second and "STT" in second      # header row repeated
    first_lines = [l.strip() for l in first.splitlines() if l.strip()]
    second_lines = [l.strip() for l in second.splitlines() if l.strip()]
    assert first_lines[0] == "Phụ lục"                         # no page number on page 1
    assert second_lines[0] == "2"                              # page number at the top from page 2
    last = page_text(pdf, pages)
    assert "TỔNG ĐIỂM" in last and "82,05" in last and "89,37" in last


def _last_code_per_page(pdf: str, pages: int) -> list[str | None]:
    """The STT of the last row that starts on each page, read from the text
    layout (an STT is at the left edge: "1", "1.3", "1.3.2")."""
    import re

    code = re.compile(r"^\s{0,2}(\d+(?:\.\d+)*)\s+\S")   # STT column at the left edge
    out = []
    for page in range(1, pages + 1):
        found = [m.group(1) for m in map(code.match, page_text(pdf, page).splitlines()) if m]
        out.append(found[-1] if found else None)
    return out


def test_no_page_ends_with_a_heading_row(tmp_path, monkeypatch):
    """Quảng Trị's area 2 heading used to stand alone at the bottom of page 2:
    heading rows carry keep-with-next, which LibreOffice honours."""
    monkeypatch.chdir(ROOT)
    from parplan.render import appendices

    checked = api.check_file(ROOT / "plans/quang-tri/2024.yaml", api.registry_for())
    rows = appendices([(checked.model, checked.framework)])[0].rows
    headings = {r.code for r in rows if r.parent}
    assert {"1", "2", "3", "8"} <= headings
    _, data = api.render(["plans/quang-tri/2024.yaml"], {"docx": "x"}, force=True)
    pdf = pdf_of(data["docx"], tmp_path)
    info = subprocess.run(["pdfinfo", pdf], check=True, capture_output=True, text=True).stdout
    pages = int(next(l for l in info.splitlines() if l.startswith("Pages")).split()[-1])
    assert pages >= 10
    last = _last_code_per_page(pdf, pages)
    assert last[1] == "1.7"                       # page 2 ends with a leaf; area 2 moved on
    assert page_text(pdf, 3).split("CẢI CÁCH THỂ CHẾ")[0].count("\n") < 12   # near the top of page 3
    ended = [(page + 1, code) for page, code in enumerate(last[:-1]) if code in headings]
    assert ended == []
