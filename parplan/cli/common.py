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
OverwriteOpt = typer.Option(False, "--overwrite",
                            help="Ghi đè cả tệp đã có không do parplan tạo, hoặc đã sửa sau khi parplan ghi "
                                 "(tệp parplan ghi mà chưa ai sửa thì được ghi lại không cần hỏi); "
                                 "không bao giờ ghi đè tệp đầu vào.")
# `--force` means one thing everywhere: go on despite errors in the input. A
# command that has no such meaning refuses it with a pointer to --overwrite.
NoForceOpt = typer.Option(False, "--force", hidden=True)


def refuse_force(force: bool, lang: str) -> None:
    """Exit 2 when `--force` was given to a command where it means nothing."""
    if force:
        fail(api.UsageError("--force chỉ có nghĩa \"vẫn chạy khi đầu vào có lỗi\" và không dùng cho lệnh này; "
                            "để ghi đè tệp đã có, dùng --overwrite",
                            "--force only means \"go on despite errors in the input\" and does not apply to this "
                            "command; to replace an existing file, use --overwrite"), lang)


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


def write_output(target: str, data: bytes, lang: str, announce: bool = False, kind: str | None = None) -> None:
    """Write a command's output atomically ("-" = standard output), creating
    its folder, sealed as parplan's own when `kind` names a text format
    (output_files.seal_text); a file that cannot be written is a usage error
    (exit 2)."""
    if target == "-":
        sys.stdout.write(data.decode("utf-8"))
        return
    from pathlib import Path

    from ..output_files import write_file

    path = Path(target)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_file(path, data, kind)
    except OSError as exc:
        fail(api.UsageError(f"không ghi được {target}: {exc.strerror or exc}",
                            f"cannot write {target}: {exc.strerror or exc}"), lang)
    if announce:
        sys.stderr.write(f"{'đã ghi' if lang == 'vi' else 'wrote'} {target}\n")
