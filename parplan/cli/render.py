"""`parplan render`: the official appendix as .docx, .xlsx, .md, .html."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import List, Optional

import typer

from .. import api
from ..output import print_diagnostics
from .common import CriteriaOpt, Lang, LangOpt, OverwriteOpt, app, fail, language

@app.command()
def render(
    paths: List[Path] = typer.Argument(..., help="Kế hoạch, bảng chỉ tiêu, bảng kinh phí (nhiều tệp: Phụ lục I, II, …)."),
    docx: Optional[Path] = typer.Option(None, "--docx", help="Ghi tệp Word (.docx) theo Nghị định 30/2020."),
    xlsx: Optional[Path] = typer.Option(None, "--xlsx", help="Ghi tệp Excel (.xlsx)."),
    md: Optional[str] = typer.Option(None, "--md", help="Ghi tệp Markdown ('-' = ra màn hình)."),
    html: Optional[str] = typer.Option(None, "--html", help="Ghi tệp HTML ('-' = ra màn hình)."),
    template: Optional[Path] = typer.Option(None, "--template", help="Mẫu jinja2 riêng cho --md/--html."),
    force: bool = typer.Option(False, "--force", help="Vẫn xuất khi số liệu có lỗi."),
    overwrite: bool = OverwriteOpt,
    blank: bool = typer.Option(False, "--blank", help="Với --xlsx: bảng thu thập để đơn vị điền (cột điểm để trống, "
                                                      "dòng tổng vẫn có công thức)."),
    lang: Optional[Lang] = LangOpt,
    criteria: Optional[List[Path]] = CriteriaOpt,
) -> None:
    """Xuất phụ lục chính thức ra .docx, .xlsx, .md, .html. / Render the official appendix."""
    msg_lang = language(lang)
    outputs = {fmt: target for fmt, target in (("docx", docx), ("xlsx", xlsx), ("md", md), ("html", html))
               if target is not None}
    try:
        report, data = api.render(paths, outputs, criteria or [], force=force, template=template,
                                   overwrite=overwrite, blank=blank)
    except api.UsageError as exc:
        fail(exc, msg_lang)
    except _template_errors() as exc:
        sys.stderr.write(f"parplan: {exc}\n")
        raise typer.Exit(2)
    shown = [d for d in report.diagnostics if d.severity == "error" or not data]
    if shown:
        print_diagnostics(shown, msg_lang, stream=sys.stderr,
                          summary=(report.files, report.errors, report.warnings))
    if not data:
        if report.errors:
            sys.stderr.write(("parplan: không xuất vì số liệu có lỗi (dùng --force để vẫn xuất)\n" if msg_lang == "vi"
                              else "parplan: not rendered because the input has errors (use --force)\n"))
        raise typer.Exit(1)
    api.write_outputs(outputs, data)
    for fmt, target in outputs.items():
        if str(target) != "-":
            sys.stderr.write(f"{'đã ghi' if msg_lang == 'vi' else 'wrote'} {target}\n")
    raise typer.Exit(0)


def _template_errors() -> tuple[type[BaseException], ...]:
    from ..render.jinja import TemplateProblem

    return (TemplateProblem,)
