"""The `parplan` command: thin typer commands over `parplan.api`, one module each.

Each command parses its options, calls the library, prints, and returns an
exit status: 0 no errors, 1 the input has errors, 2 usage error. User mistakes
never end in a traceback: `main()` turns them into a message and status 2.
"""
from __future__ import annotations

import sys
from enum import Enum
from typing import Optional

import typer

from .. import api
from ..diagnostics import message_lang

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
OverwriteOpt = typer.Option(False, "--force", help="Ghi đè tệp đã có (không bao giờ ghi đè tệp đầu vào).")


def _version(value: bool) -> None:
    if value:
        from .. import __version__

        sys.stdout.write(f"parplan {__version__}\n")
        raise typer.Exit(0)


@app.callback()
def _root(version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                       help="In số phiên bản. / Print the version.")) -> None:
    """parplan: kế hoạch nâng cao Chỉ số CCHC (PAR Index). / PAR Index improvement plans."""


def language(lang: Optional[Lang]) -> str:
    return message_lang(lang.value if lang else None)


def fail(exc: api.UsageError, lang: str) -> None:
    """Print a usage error and exit with status 2."""
    sys.stderr.write(f"parplan: {exc.text(lang)}\n")
    raise typer.Exit(2)


def write_output(target: str, data: bytes, lang: str, announce: bool = False) -> None:
    """Write a command's output atomically ("-" = standard output), creating
    its folder; a file that cannot be written is a usage error (exit 2)."""
    if target == "-":
        sys.stdout.write(data.decode("utf-8"))
        return
    from pathlib import Path

    from ..render.files import write_atomic

    path = Path(target)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, data)
    except OSError as exc:
        fail(api.UsageError(f"không ghi được {target}: {exc.strerror or exc}",
                            f"cannot write {target}: {exc.strerror or exc}"), lang)
    if announce:
        sys.stderr.write(f"{'đã ghi' if lang == 'vi' else 'wrote'} {target}\n")
