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
