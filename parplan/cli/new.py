"""`parplan new`: next year's plan from this year's (and published results)."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import List, Optional

import typer

from .. import api
from ..output import print_diagnostics
from .common import CriteriaOpt, Lang, LangOpt, NoForceOpt, OverwriteOpt, app, fail, language, refuse_force, write_output


@app.command()
def new(
    from_: Path = typer.Option(..., "--from", help="Kế hoạch năm nay (kind: plan)."),
    year: Optional[int] = typer.Option(None, "--year", help="Năm kế hoạch mới (mặc định: năm của --from + 1)."),
    output: Optional[str] = typer.Option(None, "-o", "--output",
                                         help="Tệp ghi ra (mặc định <năm>.yaml cạnh --from; '-' = ra màn hình)."),
    results: Optional[Path] = typer.Option(None, "--results",
                                           help="Kết quả công bố (.yaml, .csv, .xlsx; cột mã và điểm): điền điểm năm gốc."),
    overwrite: bool = OverwriteOpt,
    force: bool = NoForceOpt,
    lang: Optional[Lang] = LangOpt,
    criteria: Optional[List[Path]] = CriteriaOpt,
) -> None:
    """Tạo kế hoạch năm sau từ kế hoạch năm nay. / Next year's plan from this year's."""
    msg_lang = language(lang)
    refuse_force(force, msg_lang)
    from ..newyear import new_plan

    try:
        made = new_plan(from_, year, output, results, criteria or [], overwrite=overwrite)
    except api.UsageError as exc:
        fail(exc, msg_lang)
    vi = msg_lang == "vi"
    if made.text is None:
        files = 1 + (results is not None)
        print_diagnostics(made.diagnostics, msg_lang, stream=sys.stderr,
                          summary=(files, len(made.errors), len(made.warnings)))
        sys.stderr.write("parplan: không ghi tệp nào vì đầu vào có lỗi\n" if vi
                         else "parplan: nothing written because the input has errors\n")
        raise typer.Exit(1)
    write_output(str(made.output), made.text.encode("utf-8"), msg_lang, kind="yaml")
    base = made.year - 1
    if vi:
        filled = (f"điểm năm {base}: {made.filled} dòng từ {results}" if results is not None
                  else f"điểm năm {base} để trống, chờ kết quả công bố")
        sys.stderr.write(f"đã ghi {made.output}: kế hoạch năm {made.year}, {made.entries} dòng; {filled}; "
                         f"{len(made.warnings)} cảnh báo (xem: parplan validate {made.output})\n")
    else:
        filled = (f"{base} scores: {made.filled} rows from {results}" if results is not None
                  else f"{base} scores left empty until the results are published")
        sys.stderr.write(f"wrote {made.output}: plan for {made.year}, {made.entries} rows; {filled}; "
                         f"{len(made.warnings)} warnings (see: parplan validate {made.output})\n")
    raise typer.Exit(0)
