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
