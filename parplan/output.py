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


def summary_line(files: int, errors: int, warnings: int, lang: str,
                 without_target: int = 0, unchecked: int = 0) -> str:
    if lang == "vi":
        line = f"{files} tệp, {errors} lỗi, {warnings} cảnh báo"
        if without_target:
            line += f"; {without_target} tiêu chí chưa có mục tiêu"
        if unchecked:
            line += f"; {unchecked} tệp chưa kiểm tra được các tổng (xem lỗi ở trên)"
        return line
    line = f"{files} file{'s' if files != 1 else ''}, {errors} error{'s' if errors != 1 else ''}, " \
           f"{warnings} warning{'s' if warnings != 1 else ''}"
    if without_target:
        line += f"; {without_target} criteri{'a' if without_target != 1 else 'on'} without a target"
    if unchecked:
        line += f"; {unchecked} file{'s' if unchecked != 1 else ''} not checked for sums (see the errors above)"
    return line


# Missing-number warnings (issue 11) are printed one line per area and code in
# text form, so that a blank starter plan does not print a hundred identical
# lines; `--format json` lists every diagnostic.
GROUPED = {"PAR214": ("{n} tiêu chí chưa có mục tiêu: {codes}", "{n} criteria have no target yet: {codes}"),
           "PAR215": ("{n} tiêu chí chưa có điểm đạt được: {codes}", "{n} criteria have no baseline: {codes}")}
GROUP_SHOWN = 8


def text_rows(diags: list[Diagnostic], lang: str) -> list[tuple[Diagnostic, str, str]]:
    """(diagnostic, where, message) per printed line: the missing-number
    warnings of one file and one area become one line at the first of them."""
    groups: dict[tuple, list[Diagnostic]] = {}
    for d in diags:
        if d.code in GROUPED and d.item:
            groups.setdefault((d.file, d.code, d.item.split(".")[0]), []).append(d)
    rows = []
    for d in diags:
        where = " ".join(x for x in (d.item, d.field) if x)
        key = (d.file, d.code, d.item.split(".")[0]) if d.code in GROUPED and d.item else None
        members = groups.get(key) if key else None
        if members and len(members) > 1:
            if members[0] is not d:
                continue
            codes = [m.item for m in members]
            shown = ", ".join(codes[:GROUP_SHOWN]) + (", …" if len(codes) > GROUP_SHOWN else "")
            template = GROUPED[d.code][0 if lang == "vi" else 1]
            area = f"{'lĩnh vực' if lang == 'vi' else 'area'} {key[2]}"
            rows.append((d, f"{area} {d.field}", template.format(n=len(codes), codes=shown)))
        else:
            rows.append((d, where, d.message(lang)))
    return rows


def print_diagnostics(diags: list[Diagnostic], lang: str, stream: TextIO | None = None,
                      summary: tuple[int, int, int] | None = None) -> None:
    stream = stream or sys.stdout
    if is_terminal(stream):
        from rich.console import Console
        from rich.markup import escape

        console = Console(file=stream, highlight=False, soft_wrap=True)
        for d, where, message in text_rows(diags, lang):
            where = f" [bold]\\[{escape(where)}][/bold]" if where else ""
            console.print(f"[dim]{escape(where_text(d, lang))}:[/dim] "
                          f"[{_STYLE[d.severity]}]{d.severity}[/] [bold]{d.code}[/bold]{where} "
                          f"{escape(message)}")
        if summary is not None:
            errors, warnings = summary[1], summary[2]
            style = "bold red" if errors else ("yellow" if warnings else "bold green")
            console.print(f"[{style}]{escape(summary_line(*summary[:3], lang, *summary[3:]))}[/]")
        return
    for d, where, message in text_rows(diags, lang):
        where = f" [{where}]" if where else ""
        stream.write(f"{where_text(d, lang)}: {d.severity} {d.code}{where} {message}\n")
    if summary is not None:
        stream.write(summary_line(*summary[:3], lang, *summary[3:]) + "\n")


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
