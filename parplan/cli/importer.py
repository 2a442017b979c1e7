"""`parplan import`: an existing Word/Excel appendix -> a plan YAML.

The plan is written even when it has errors (the document's own wrong sums,
cells that could not be read): the point of importing is to fix it in YAML.
Exit 0: no errors; 1: written, but errors to fix; 2: nothing written.
"""
from __future__ import annotations

import sys
from pathlib import Path
from typing import List, Optional

import typer

from .. import api
from ..output import diagnostic_line, summary_line
from .common import CriteriaOpt, Lang, LangOpt, NoForceOpt, OverwriteOpt, app, fail, language, refuse_force, write_output


@app.command("import")
def import_(
    source: Path = typer.Argument(..., help="Phụ lục Word (.docx) hoặc Excel (.xlsx) cần nhập."),
    output: Optional[str] = typer.Option(None, "-o", "--output",
                                         help="Tệp kế hoạch ghi ra (mặc định: cùng tên, đuôi .yaml; '-' = ra màn hình)."),
    framework: Optional[str] = typer.Option(None, "--framework",
                                            help="Mã bộ tiêu chí: kế hoạch theo bộ tiêu chí thay vì tự mô tả."),
    columns: Optional[List[str]] = typer.Option(
        None, "--columns", help="Chỉ định cột theo nhãn: \"max=Điểm tối đa,baseline=Điểm 2023\" (hoặc #số cột)."),
    sheet: Optional[str] = typer.Option(None, "--sheet", help="Trang tính cần đọc (.xlsx): tên hoặc số thứ tự."),
    table: Optional[int] = typer.Option(None, "--table", help="Bảng thứ mấy trong tệp (khi có nhiều bảng giống phụ lục)."),
    unit: Optional[str] = typer.Option(None, "--unit", help="Đơn vị (mặc định: đọc từ dòng \"Kèm theo Kế hoạch … của …\")."),
    year: Optional[int] = typer.Option(None, "--year", help="Năm kế hoạch (mặc định: từ nhãn \"Mục tiêu năm …\")."),
    baseline_year: Optional[int] = typer.Option(None, "--baseline-year",
                                                help="Năm của điểm đạt được (mặc định: từ nhãn \"Điểm … đạt được\")."),
    overwrite: bool = OverwriteOpt,
    force: bool = NoForceOpt,
    lang: Optional[Lang] = LangOpt,
    criteria: Optional[List[Path]] = CriteriaOpt,
) -> None:
    """Nhập phụ lục Word/Excel thành kế hoạch YAML. / Import a Word or Excel appendix as a plan."""
    msg_lang = language(lang)
    refuse_force(force, msg_lang)
    from ..importers import import_any

    try:
        result = import_any(source, output, framework=framework, columns=columns or [], sheet=sheet, table=table,
                            unit=unit, year=year, baseline_year=baseline_year, criteria=criteria or [],
                            overwrite=overwrite, lang=msg_lang)
    except api.UsageError as exc:
        fail(exc, msg_lang)
    if isinstance(result, list):
        _write_all(result, str(source), msg_lang)
    _report(result, msg_lang)
    write_output(str(result.output), result.text.encode("utf-8"), msg_lang, kind="yaml")
    vi = msg_lang == "vi"
    written = "ra màn hình" if result.output == "-" else result.output
    if result.errors:
        check = "parplan validate" + ("" if result.output == "-" else f" {result.output}")
        sys.stderr.write(f"đã ghi {written}, nhưng kế hoạch còn {result.errors} lỗi: sửa trong tệp rồi chạy "
                         f"{check}\n" if vi else
                         f"wrote {written}, but the plan has {result.errors} errors: fix them in the file, then run "
                         f"{check}\n")
        raise typer.Exit(1)
    sys.stderr.write(f"đã ghi {written}\n" if vi else f"wrote {written}\n")
    raise typer.Exit(0)


def _report(result, lang: str) -> None:
    """What was found: the table, its columns, the plan's heading, then every
    cell not read and every problem of the plan (with the table row it came from)."""
    vi = lang == "vi"
    out = sys.stderr
    parsed, plan = result.parsed, result.plan
    segments = ", ".join(s.table.label(lang) for s in parsed.segments)
    entries = len(parsed.entries)
    out.write(f"{result.source}: {segments}: {entries} {'mục' if vi else 'entries'}"
              + (f", {'dòng tổng' if vi else 'total'}: {parsed.total_row[0].label(lang)} "
                 f"{'dòng' if vi else 'row'} {parsed.total_row[1]}" if parsed.total_row else "")
              + ((f", bỏ qua {len(parsed.skipped)} dòng không phải mục (ghi chú…)" if vi else
                  f", rows skipped as not entries (notes…): {len(parsed.skipped)}") if parsed.skipped else "")
              + "\n")
    mapped = [f"{c.number} «{c.label}» → {c.field}" for c in parsed.header.columns
              if c.field and c.field != "ignore"]
    out.write(f"  {'cột' if vi else 'columns'}: " + "; ".join(mapped) + "\n")
    facts = [plan.get("unit") or ("đơn vị: chưa rõ (dùng --unit)" if vi else "unit: not found (use --unit)"),
             (f"{'năm' if vi else 'year'} {plan['year']}" if plan.get("year") else
              ("năm: chưa rõ (dùng --year)" if vi else "year: not found (use --year)"))]
    if plan.get("baseline_year"):
        facts.append(f"{'năm gốc' if vi else 'baseline year'} {plan['baseline_year']}")
    facts.append(f"{'mẫu' if vi else 'layout'} {plan['layout']}")
    facts.append(f"{'bộ tiêu chí' if vi else 'framework'} {plan['framework']}" if plan.get("framework")
                 else ("tự mô tả (không dùng bộ tiêu chí)" if vi else "self-describing (no framework)"))
    out.write(f"  {'kế hoạch' if vi else 'plan'}: " + ", ".join(facts) + "\n")
    for other in result.others:
        out.write(f"  {'cũng giống phụ lục' if vi else 'also looks like an appendix'}: {other.label(lang)} "
                  f"({'dùng' if vi else 'use'} {'--sheet' if other.sheet is not None else '--table'} "
                  f"{other.sheet if other.sheet is not None else other.number})\n")
    if result.others:
        out.write("  nhập mọi phụ lục, mỗi phụ lục một tệp: -o THƯ_MỤC/\n" if vi else
                  "  to import every appendix, one file each: -o FOLDER/\n")
    for finding in result.findings:
        where = " ".join(x for x in (finding.item, finding.field) if x)
        out.write(f"{result.source}: {finding.where(lang)}: {finding.severity} {finding.code}"
                  f"{f' [{where}]' if where else ''} {finding.message(lang)}\n")
    for d in result.diagnostics:
        origin = parsed.origins.get(d.item) if d.item else parsed.total_row
        suffix = ""
        if origin is not None:
            table, row = origin
            suffix = f" ({'từ' if vi else 'from'} {table.label(lang)}, {'dòng' if vi else 'row'} {row})"
        out.write(diagnostic_line(d, lang) + suffix + "\n")
    errors = result.errors
    out.write(summary_line(1, errors, result.warnings, lang) + "\n")


def _write_all(results, source: str, lang: str) -> None:
    """Every appendix of the file, one file each (`-o DIR/`), or the one
    targets/budget appendix; exit 1 when any has errors (all are written)."""
    vi = lang == "vi"
    out = sys.stderr
    errors = warnings = 0
    for result in results:
        appendix = result.appendix
        count = len(appendix.data.get("entries") or appendix.data.get("items") or
                    [i for g in appendix.data.get("groups", []) for i in g.get("items", [])])
        out.write(f"{source}: {appendix.table.label(lang)}: "
                  f"{'phụ lục' if vi else ''}{' ' if vi else ''}{appendix.kind}, {count} "
                  f"{'dòng' if vi else 'rows'} → {result.output}\n")
        for finding in result.findings:
            where = " ".join(x for x in (finding.item, finding.field) if x)
            out.write(f"{source}: {finding.where(lang)}: {finding.severity} {finding.code}"
                      f"{f' [{where}]' if where else ''} {finding.message(lang)}\n")
        for d in result.diagnostics:
            out.write(diagnostic_line(d, lang) + "\n")
        errors += result.errors
        warnings += result.warnings
    out.write(summary_line(len(results), errors, warnings, lang) + "\n")
    for result in results:
        write_output(result.output, result.text.encode("utf-8"), lang, kind="yaml")
        out.write(f"{'đã ghi' if vi else 'wrote'} {'ra màn hình' if vi and result.output == '-' else result.output}\n")
    if errors:
        out.write(f"còn {errors} lỗi: sửa trong các tệp rồi chạy parplan validate\n" if vi else
                  f"{errors} errors left: fix them in the files, then run parplan validate\n")
        raise typer.Exit(1)
    raise typer.Exit(0)
