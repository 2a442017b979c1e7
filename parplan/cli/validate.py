"""`parplan validate`: check frameworks and plans."""
from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer

from .. import api
from ..output import print_diagnostics, print_json
from .common import CriteriaOpt, Format, Lang, LangOpt, app, fail, language

@app.command()
def validate(
    paths: List[Path] = typer.Argument(..., help="Tệp hoặc thư mục (mọi *.yaml, *.yml bên trong)."),
    format: Format = typer.Option(Format.text, "--format", help="text | json"),
    strict: bool = typer.Option(False, "--strict", help="Cảnh báo cũng tính là lỗi (exit 1)."),
    lang: Optional[Lang] = LangOpt,
    criteria: Optional[List[Path]] = CriteriaOpt,
) -> None:
    """Kiểm tra bộ tiêu chí và kế hoạch: mọi con số, mọi tổng. / Check frameworks and plans."""
    msg_lang = language(lang)
    try:
        report = api.validate(paths, criteria or [])
    except api.UsageError as exc:
        fail(exc, msg_lang)
    if format is Format.json:
        print_json(report.as_dict(msg_lang))
    else:
        print_diagnostics(report.diagnostics, msg_lang,
                          summary=(report.files, report.errors, report.warnings))
    raise typer.Exit(report.exit_status(strict))
