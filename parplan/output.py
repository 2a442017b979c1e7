"""Printing diagnostics and reports: plain in pipes and CI, coloured on a terminal."""
from __future__ import annotations

import json
import sys
from contextlib import contextmanager
from typing import Any, Callable, Iterator, TextIO

from .diagnostics import Diagnostic

_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}
_SEVERITY_VI = {"error": "lỗi", "warning": "cảnh báo", "info": "thông tin"}


def is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def diagnostic_line(d: Diagnostic, lang: str) -> str:
    where = " ".join(x for x in (d.item, d.field) if x)
    where = f" [{where}]" if where else ""
    return f"{where_text(d, lang)}: {d.severity} {d.code}{where} {d.message(lang)}"


def where_text(d: Diagnostic, lang: str) -> str:
    """`file:line:col`, or for a Word/Excel file `file: bảng 2, dòng 14, cột «…»`."""
    if d.location is not None:
        text = d.location.text(lang)
        return f"{d.file}: {text}" if text else d.file
    if d.line is None:
        return d.file
    return f"{d.file}:{d.line}:{d.column}"


def summary_line(files: int, errors: int, warnings: int, lang: str) -> str:
    if lang == "vi":
        return f"{files} tệp, {errors} lỗi, {warnings} cảnh báo"
    return f"{files} file{'s' if files != 1 else ''}, {errors} error{'s' if errors != 1 else ''}, " \
           f"{warnings} warning{'s' if warnings != 1 else ''}"


def print_diagnostics(diags: list[Diagnostic], lang: str, stream: TextIO | None = None,
                      summary: tuple[int, int, int] | None = None) -> None:
    stream = stream or sys.stdout
    if is_terminal(stream):
        from rich.console import Console
        from rich.markup import escape

        console = Console(file=stream, highlight=False, soft_wrap=True)
        for d in diags:
            where = " ".join(x for x in (d.item, d.field) if x)
            where = f" [bold]\\[{escape(where)}][/bold]" if where else ""
            console.print(f"[dim]{escape(where_text(d, lang))}:[/dim] "
                          f"[{_STYLE[d.severity]}]{d.severity}[/] [bold]{d.code}[/bold]{where} "
                          f"{escape(d.message(lang))}")
        if summary is not None:
            files, errors, warnings = summary
            style = "bold red" if errors else ("yellow" if warnings else "bold green")
            console.print(f"[{style}]{escape(summary_line(files, errors, warnings, lang))}[/]")
        return
    for d in diags:
        stream.write(diagnostic_line(d, lang) + "\n")
    if summary is not None:
        stream.write(summary_line(*summary, lang) + "\n")


def print_json(data: Any, stream: TextIO | None = None) -> None:
    stream = stream or sys.stdout
    stream.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


PROGRESS_FROM = 50  # files: fewer finish before a bar would help


@contextmanager
def progress_bar(lang: str, stream: TextIO | None = None) -> Iterator[Callable[[int, int], None] | None]:
    """A rich progress bar on stderr for long batches, only on a terminal."""
    stream = stream or sys.stderr
    if not is_terminal(stream):
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    state: dict[str, Any] = {}
    label = "Đang kiểm tra" if lang == "vi" else "Checking"
    with Progress(TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                  console=Console(file=stream), transient=True) as bar:
        def update(done: int, total: int) -> None:
            if total < PROGRESS_FROM:
                return
            if "task" not in state:
                state["task"] = bar.add_task(label, total=total)
            bar.update(state["task"], completed=done)

        yield update
