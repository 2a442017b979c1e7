"""`parplan schema`: JSON Schema of the file formats, for editors."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer

from .. import api
from .common import Lang, LangOpt, NoForceOpt, OverwriteOpt, app, fail, language, refuse_force

KINDS = ("framework", "plan", "targets", "budget")


@app.command()
def schema(
    kind: Optional[str] = typer.Argument(None, help="plan | framework | targets | budget"),
    write: Optional[Path] = typer.Option(None, "--write", help="Ghi cả bốn tệp <kind>.json vào thư mục này."),
    overwrite: bool = OverwriteOpt,
    force: bool = NoForceOpt,
    lang: Optional[Lang] = LangOpt,
) -> None:
    """In JSON Schema của một loại tệp (dùng với yaml-language-server). / Print a JSON Schema for editors."""
    msg_lang = language(lang)
    refuse_force(force, msg_lang)
    if kind is None and write is None:
        fail(api.UsageError("cần một loại tệp (plan, framework, targets, budget) hoặc --write THƯ-MỤC",
                            "give a kind (plan, framework, targets, budget) or --write DIR"), msg_lang)
    if kind is not None and kind not in KINDS:
        fail(api.UsageError(f"loại tệp không hợp lệ '{kind}'; chỉ nhận: {', '.join(KINDS)}",
                            f"unknown kind '{kind}'; expected one of: {', '.join(KINDS)}"), msg_lang)
    if write is not None and write.exists() and not write.is_dir():
        fail(api.UsageError(f"--write cần một thư mục: {write}", f"--write needs a folder: {write}"), msg_lang)
    from ..schema import schema_text, write_schemas

    if write is not None:
        try:
            written = write_schemas(write, overwrite)
        except api.UsageError as exc:
            fail(exc, msg_lang)
        except OSError as exc:
            fail(api.UsageError(f"không ghi được vào {write}: {exc.strerror or exc}",
                                f"cannot write into {write}: {exc.strerror or exc}"), msg_lang)
        for path in written:
            sys.stderr.write(f"{'đã ghi' if msg_lang == 'vi' else 'wrote'} {path}\n")
    if kind is not None and write is None:
        sys.stdout.write(schema_text(kind))
    raise typer.Exit(0)
