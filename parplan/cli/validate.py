"""`parplan validate`: check frameworks and plans."""
from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer

from .. import api
from ..output import print_diagnostics, print_json, progress_bar
from .common import CriteriaOpt, Format, Lang, LangOpt, app, fail, language

@app.command()
def validate(
    paths: List[Path] = typer.Argument(..., help="Tệp hoặc thư mục (mọi *.yaml, *.yml bên trong)."),
    format: Format = typer.Option(Format.text, "--format", help="text | json"),
    strict: bool = typer.Option(False, "--strict", help="Cảnh báo cũng tính là lỗi (exit 1)."),
    lang: Optional[Lang] = LangOpt,
    criteria: Optional[List[Path]] = CriteriaOpt,
    jobs: int = typer.Option(1, "--jobs", "-j", min=0,
                             help="Số tiến trình song song (0 = số nhân CPU). / Worker processes (0 = all cores)."),
) -> None:
    """Kiểm tra bộ tiêu chí và kế hoạch: mọi con số, mọi tổng. / Check frameworks and plans."""
    msg_lang = language(lang)
    if jobs == 0:
        import os

        jobs = os.cpu_count() or 1
    try:
        with progress_bar(msg_lang) as progress:
            report = api.validate(paths, criteria or [], jobs=jobs, progress=progress)
    except api.UsageError as exc:
        fail(exc, msg_lang)
    if format is Format.json:
        print_json(report.as_dict(msg_lang))
    else:
        print_diagnostics(report.diagnostics, msg_lang,
                          summary=(report.files, report.errors, report.warnings,
                                   report.without_target, report.unchecked))
    raise typer.Exit(report.exit_status(strict))
