"""`parplan summary`: many units' plans at once (ranking, losses, leads, trends)."""
from __future__ import annotations

import os
import sys
from enum import Enum
from pathlib import Path
from typing import List, Optional

import typer

from .. import api
from .common import CriteriaOpt, Lang, LangOpt, OverwriteOpt, app, fail, language, write_output


class SummaryFormat(str, Enum):
    text = "text"
    json = "json"
    md = "md"
    xlsx = "xlsx"
    html = "html"


@app.command()
def summary(
    paths: List[Path] = typer.Argument(..., help="Tệp kế hoạch hoặc thư mục (mọi *.yaml, *.yml, *.docx, *.xlsx bên trong)."),
    year: Optional[int] = typer.Option(None, "--year", help="Chỉ tổng hợp kế hoạch của năm này. / Only plans for this year."),
    format: SummaryFormat = typer.Option(SummaryFormat.text, "--format", help="text | json | md | xlsx | html"),
    output: Optional[str] = typer.Option(None, "-o", "--output",
                                         help="Ghi ra tệp (bắt buộc với xlsx, html; '-' = ra màn hình)."),
    top: int = typer.Option(10, "--top", help="Số lĩnh vực/tiêu chí bị trừ điểm hiện ra trên màn hình (0 = tất cả)."),
    jobs: int = typer.Option(1, "--jobs", "-j", min=0,
                             help="Số tiến trình song song (0 = số nhân CPU). / Worker processes (0 = all cores)."),
    overwrite: bool = OverwriteOpt,
    lang: Optional[Lang] = LangOpt,
    criteria: Optional[List[Path]] = CriteriaOpt,
) -> None:
    """Tổng hợp kế hoạch của nhiều đơn vị: xếp hạng, điểm bị trừ, đơn vị chủ trì, diễn biến.
    / Many units' plans at once: ranking, where points are lost, lead units, trends."""
    from .. import summary as summarising
    from ..output import print_json, progress_bar

    msg_lang = language(lang)
    vi = msg_lang == "vi"
    if jobs == 0:
        jobs = os.cpu_count() or 1
    try:
        if format in (SummaryFormat.xlsx, SummaryFormat.html) and (output is None or output == "-"):
            raise api.UsageError(f"--format {format.value} cần -o TỆP", f"--format {format.value} needs -o FILE")
        if output is not None and output != "-":
            from ..output_files import check_writable

            api.check_output_path(Path(output))
            inputs = api.expand_paths(paths)
            sources = {p.resolve() for p in inputs}
            if Path(output).resolve() in sources:
                raise api.UsageError(f"không ghi đè tệp đầu vào: {output}",
                                     f"refusing to overwrite an input file: {output}")
            # a file parplan did not write is replaced only with --overwrite (SPEC 5)
            check_writable([output], overwrite, inputs)
        with progress_bar(msg_lang) as progress:
            data = summarising.summarise(paths, criteria or [], jobs=jobs, year=year, progress=progress)
    except api.UsageError as exc:
        fail(exc, msg_lang)

    from ..render import summaryview

    if format is SummaryFormat.json:
        if output is None or output == "-":
            print_json(summarising.as_json(data, msg_lang))
        else:
            import json

            text = json.dumps(summarising.as_json(data, msg_lang), ensure_ascii=False, indent=2) + "\n"
            write_output(output, text.encode("utf-8"), msg_lang, announce=True, kind="json")
    elif format is SummaryFormat.md:
        write_output(output or "-", summaryview.markdown(data, msg_lang).encode("utf-8"), msg_lang,
                     announce=output not in (None, "-"), kind="md")
    elif format is SummaryFormat.xlsx:
        write_output(output, summaryview.xlsx(data, msg_lang), msg_lang, announce=True)
    elif format is SummaryFormat.html:
        write_output(output, summaryview.html(data, msg_lang), msg_lang, announce=True, kind="html")
    else:
        if output not in (None, "-"):
            from io import StringIO

            from rich.console import Console

            buffer = StringIO()
            console = Console(file=buffer, width=200, highlight=False, color_system=None)
            for item in summaryview.renderables(data, msg_lang, top):
                console.print(item)
            write_output(output, buffer.getvalue().encode("utf-8"), msg_lang, announce=True, kind="txt")
        else:
            _print_text(summaryview.renderables(data, msg_lang, top))
    status = data.exit_status()
    if status:
        bad = data.plans_with_errors
        sys.stderr.write(
            f"parplan: {bad} kế hoạch có lỗi, {len(data.unreadable)} tệp không đọc được "
            f"(xem: parplan validate); bảng tổng hợp dùng số liệu như ghi trong tệp\n" if vi else
            f"parplan: {bad} plan{'s' if bad != 1 else ''} with errors, {len(data.unreadable)} unreadable "
            f"file{'s' if len(data.unreadable) != 1 else ''} (see: parplan validate); the summary uses the "
            f"numbers as written\n")
    raise typer.Exit(status)


def _print_text(renderables: list) -> None:
    from rich.console import Console

    from ..output import is_terminal

    terminal = is_terminal(sys.stdout)
    width = None if terminal or os.environ.get("COLUMNS") else 200
    console = Console(file=sys.stdout, highlight=False, width=width)
    for item in renderables:
        console.print(item)
