"""`parplan report`: index by area, largest losses, and who leads what."""
from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import List, Optional

import typer

from .. import api
from ..output import print_diagnostics, print_json
from .common import CriteriaOpt, Lang, LangOpt, OverwriteOpt, app, fail, language, write_output


class ReportFormat(str, Enum):
    text = "text"
    json = "json"
    md = "md"


@app.command()
def report(
    plans: List[Path] = typer.Argument(..., metavar="PLAN...", help="Tệp kế hoạch (kind: plan); có thể nhiều tệp."),
    format: Optional[ReportFormat] = typer.Option(
        None, "--format", help="text (mặc định; không in khi đã ghi tệp bằng --docx/--md) | json | md"),
    docx: Optional[Path] = typer.Option(None, "--docx", help="Ghi báo cáo ra tệp Word (.docx)."),
    md: Optional[str] = typer.Option(None, "--md", help="Ghi báo cáo ra tệp Markdown ('-' = ra màn hình)."),
    top: int = typer.Option(10, "--top", help="Số tiêu chí bị trừ điểm nhiều nhất được liệt kê (0 = tất cả; JSON luôn đủ)."),
    overwrite: bool = OverwriteOpt,
    lang: Optional[Lang] = LangOpt,
    criteria: Optional[List[Path]] = CriteriaOpt,
) -> None:
    """Chỉ số theo lĩnh vực, tiêu chí mất điểm, phân công đơn vị chủ trì. / Index by area, losses, lead units.

    Several plans: one report per plan, in the order given (JSON: a list)."""
    msg_lang = language(lang)
    vi = msg_lang == "vi"
    outputs = [t for t in (docx, md) if t is not None and str(t) != "-"]
    try:
        checked_all = _plans(plans, outputs, criteria or [], overwrite)
    except api.UsageError as exc:
        fail(exc, msg_lang)

    from .. import report as reporting

    reports, tables, failed = [], [], False
    for plan, checked in zip(plans, checked_all):
        errors = checked.errors
        if checked.model is None or (checked.model.framework and checked.framework is None):
            print_diagnostics(errors, msg_lang, stream=sys.stderr, summary=(1, len(errors), 0))
            sys.stderr.write(f"parplan: {plan}: không lập được báo cáo vì kế hoạch có lỗi\n" if vi and len(plans) > 1
                             else "parplan: không lập được báo cáo vì kế hoạch có lỗi\n" if vi
                             else f"parplan: {plan}: no report: the plan has errors\n" if len(plans) > 1
                             else "parplan: no report: the plan has errors\n")
            failed = True
            continue
        data = reporting.plan_report(checked.model, checked.framework, checked.document.file)
        reports.append(data)
        if docx is not None or md is not None or format is ReportFormat.md:
            part = reporting.appendices(data, checked.model, top)
            if len(plans) > 1:   # several plans: each table names its unit
                for table in part:
                    table.label = f"{table.label} – {data.unit}"
            tables.extend(part)
        if errors:
            failed = True
    if not reports:
        raise typer.Exit(1)
    if format is None:  # the terminal report, unless the report went to a file
        format = None if (docx is not None or md is not None) else ReportFormat.text
    if format is ReportFormat.json:
        if len(plans) == 1:
            print_json(reporting.as_json(reports[0]))
        else:
            print_json([reporting.as_json(r) for r in reports])
    elif format is ReportFormat.md:
        sys.stdout.write(_md(tables).decode("utf-8"))
    elif format is ReportFormat.text:
        sys.stdout.write("\n".join(reporting.as_text(r, msg_lang, top) for r in reports))
    if md is not None:
        _write(md, _md(tables), vi, "md")
    if docx is not None:
        from ..render.docx import to_bytes

        _write(str(docx), to_bytes(tables), vi)
    for plan, checked in zip(plans, checked_all):
        errors = checked.errors
        if errors and checked.model is not None and not (checked.model.framework and checked.framework is None):
            # the report is still made, from the numbers as written; the status says the input is wrong
            sys.stderr.write(f"parplan: {plan} có {len(errors)} lỗi (xem: parplan validate {plan}); "
                             "báo cáo dùng số liệu như ghi trong tệp\n" if vi else
                             f"parplan: {plan} has {len(errors)} errors (see: parplan validate {plan}); "
                             "the report uses its numbers as written\n")
    raise typer.Exit(1 if failed else 0)


def _plans(plans: list[Path], outputs: list, criteria: list[Path], overwrite: bool) -> list:
    """Every plan checked, once every output is known to be writable."""
    for plan in plans:
        if plan.is_dir():
            raise api.UsageError(f"report cần một tệp kế hoạch, không phải thư mục: {plan}",
                                 f"report needs one plan file, not a folder: {plan}")
    from ..output_files import check_writable

    check_writable(outputs, overwrite, list(plans))
    registry = api.registry_for(criteria)
    return [_one_plan(plan, outputs, registry) for plan in plans]


def _one_plan(plan: Path, outputs: list, registry):
    files = api.expand_paths([plan])
    for target in outputs:
        if Path(target).resolve() == plan.resolve():
            raise api.UsageError(f"không ghi đè tệp đầu vào: {target}", f"refusing to overwrite an input file: {target}")
    checked = api.check_file(files[0], registry)
    if checked.kind is not None and checked.kind != "plan":
        raise api.UsageError(f"{plan}: report cần một kế hoạch (kind: plan), tệp này là kind: {checked.kind}",
                             f"{plan}: report needs a plan (kind: plan), this file is kind: {checked.kind}")
    return checked


def _md(tables) -> bytes:
    from ..render import render_bytes

    return render_bytes("md", tables)


def _write(target: str, data: bytes, vi: bool, kind: str | None = None) -> None:
    write_output(target, data, "vi" if vi else "en", announce=True, kind=kind)
