"""The `parplan` command: thin typer commands over `parplan.api`.

Each command parses its options, calls the library, prints, and returns an
exit status: 0 no errors, 1 the input has errors, 2 usage error. User mistakes
never end in a traceback: `main()` turns them into a message and status 2.
"""
from __future__ import annotations

import os
import sys
from enum import Enum
from pathlib import Path
from typing import List, Optional

import typer

from . import api
from .diagnostics import message_lang
from .output import print_diagnostics, print_json

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    help="parplan: kế hoạch nâng cao Chỉ số CCHC (PAR Index) — kiểm tra số liệu và xuất phụ lục.\n\n"
         "PAR Index improvement plans: exact checks and the official appendix.",
)


class Lang(str, Enum):
    vi = "vi"
    en = "en"


class Format(str, Enum):
    text = "text"
    json = "json"


LangOpt = typer.Option(None, "--lang", help="Ngôn ngữ thông báo: vi (mặc định) | en. Also PARPLAN_LANG.")
CriteriaOpt = typer.Option(None, "--criteria", help="Thư mục bộ tiêu chí bổ sung (có thể lặp lại).")


@app.callback()
def _root() -> None:
    """parplan: kế hoạch nâng cao Chỉ số CCHC (PAR Index). / PAR Index improvement plans."""


def _lang(lang: Optional[Lang]) -> str:
    return message_lang(lang.value if lang else None)


def _fail(exc: api.UsageError, lang: str) -> None:
    sys.stderr.write(f"parplan: {exc.text(lang)}\n")
    raise typer.Exit(2)


@app.command()
def validate(
    paths: List[Path] = typer.Argument(..., help="Tệp hoặc thư mục (mọi *.yaml, *.yml bên trong)."),
    format: Format = typer.Option(Format.text, "--format", help="text | json"),
    strict: bool = typer.Option(False, "--strict", help="Cảnh báo cũng tính là lỗi (exit 1)."),
    lang: Optional[Lang] = LangOpt,
    criteria: Optional[List[Path]] = CriteriaOpt,
) -> None:
    """Kiểm tra bộ tiêu chí và kế hoạch: mọi con số, mọi tổng. / Check frameworks and plans."""
    language = _lang(lang)
    try:
        report = api.validate(paths, criteria or [])
    except api.UsageError as exc:
        _fail(exc, language)
    if format is Format.json:
        print_json(report.as_dict(language))
    else:
        print_diagnostics(report.diagnostics, language,
                          summary=(report.files, report.errors, report.warnings))
    raise typer.Exit(report.exit_status(strict))


@app.command()
def render(
    paths: List[Path] = typer.Argument(..., help="Kế hoạch, bảng chỉ tiêu, bảng kinh phí (nhiều tệp: Phụ lục I, II, …)."),
    docx: Optional[Path] = typer.Option(None, "--docx", help="Ghi tệp Word (.docx) theo Nghị định 30/2020."),
    xlsx: Optional[Path] = typer.Option(None, "--xlsx", help="Ghi tệp Excel (.xlsx)."),
    md: Optional[str] = typer.Option(None, "--md", help="Ghi tệp Markdown ('-' = ra màn hình)."),
    html: Optional[str] = typer.Option(None, "--html", help="Ghi tệp HTML ('-' = ra màn hình)."),
    template: Optional[Path] = typer.Option(None, "--template", help="Mẫu jinja2 riêng cho --md/--html."),
    force: bool = typer.Option(False, "--force", help="Vẫn xuất khi số liệu có lỗi."),
    lang: Optional[Lang] = LangOpt,
    criteria: Optional[List[Path]] = CriteriaOpt,
) -> None:
    """Xuất phụ lục chính thức ra .docx, .xlsx, .md, .html. / Render the official appendix."""
    language = _lang(lang)
    outputs = {fmt: target for fmt, target in (("docx", docx), ("xlsx", xlsx), ("md", md), ("html", html))
               if target is not None}
    try:
        report, data = api.render(paths, outputs, criteria or [], force=force, template=template)
    except api.UsageError as exc:
        _fail(exc, language)
    except _template_errors() as exc:
        sys.stderr.write(f"parplan: {exc}\n")
        raise typer.Exit(2)
    shown = [d for d in report.diagnostics if d.severity == "error" or not data]
    if shown:
        print_diagnostics(shown, language, stream=sys.stderr,
                          summary=(report.files, report.errors, report.warnings))
    if not data:
        if report.errors:
            sys.stderr.write(("parplan: không xuất vì số liệu có lỗi (dùng --force để vẫn xuất)\n" if language == "vi"
                              else "parplan: not rendered because the input has errors (use --force)\n"))
        raise typer.Exit(1)
    api.write_outputs(outputs, data)
    for fmt, target in outputs.items():
        if str(target) != "-":
            sys.stderr.write(f"{'đã ghi' if language == 'vi' else 'wrote'} {target}\n")
    raise typer.Exit(0)


def _template_errors() -> tuple[type[BaseException], ...]:
    from .render.jinja import TemplateProblem

    return (TemplateProblem,)


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        sys.stderr.write("parplan: đã dừng / interrupted\n")
        sys.exit(130)
    except SystemExit:
        raise
    except Exception as exc:  # a bug in parplan, not a user mistake
        if os.environ.get("PARPLAN_DEBUG"):
            raise
        sys.stderr.write(f"parplan: lỗi nội bộ / internal error: {type(exc).__name__}: {exc}\n"
                         "Chạy lại với PARPLAN_DEBUG=1 để xem chi tiết và báo lỗi cho nhóm phát triển.\n")
        sys.exit(3)


if __name__ == "__main__":
    main()
