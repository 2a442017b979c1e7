"""What `parplan summary` shows: terminal tables (rich), Markdown, .xlsx (one
sheet per part, numeric cells) and a self-contained HTML page (ranking bar
chart and units × areas heat table, inline SVG/CSS, no network).

The figures are computed by `parplan.summary`; numbers are formatted here
through `parplan.numbers` only (Vietnamese: decimal comma; English: point).
"""
from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ..numbers import plain, vi
from ..summary import Summary

WORDS = {
    "vi": {
        "title": "Tổng hợp kế hoạch nâng cao Chỉ số CCHC của các đơn vị",
        "title_year": "Tổng hợp kế hoạch nâng cao Chỉ số CCHC của các đơn vị năm {year}",
        "files": "{files} tệp: {plans} kế hoạch, {errors} kế hoạch có lỗi, {unreadable} tệp không đọc được, "
                 "{skipped} tệp loại khác",
        "units": "Xếp hạng theo chỉ số năm gốc (điểm đạt được / điểm chuẩn áp dụng)",
        "areas": "Lĩnh vực bị trừ điểm nhiều nhất (mỗi đơn vị tính theo kế hoạch năm mới nhất)",
        "criteria": "Tiêu chí bị trừ điểm nhiều nhất (mỗi đơn vị tính theo kế hoạch năm mới nhất)",
        "leads": "Đơn vị chủ trì: điểm chưa đạt và điểm phấn đấu, cộng trên mọi kế hoạch",
        "trends": "Diễn biến qua các năm",
        "heat": "Chỉ số theo lĩnh vực (%) của từng đơn vị",
        "chart": "Xếp hạng chỉ số năm {year}",
        "unreadable": "Tệp không đọc được (không đưa vào tổng hợp)",
        "skipped": "Tệp không phải kế hoạch (bỏ qua)",
        "none": "(không có)",
        "more": "… và {n} dòng khác (xem --format json/xlsx để đủ)",
        "cols_units": ["Năm", "Hạng", "±Hạng", "Đơn vị", "Điểm chuẩn", "Điểm đạt", "Chỉ số", "Mục tiêu",
                       "Chỉ số MT", "Tăng", "Lỗi", "Cảnh báo", "Thiếu MT", "Thiếu NV", "Tệp"],
        "cols_loss": ["Mã", "Lĩnh vực/Tiêu chí", "Bộ tiêu chí", "Điểm chuẩn", "Số đơn vị bị trừ", "Tổng điểm bị trừ"],
        "cols_leads": ["Đơn vị chủ trì", "Số tiêu chí", "Số kế hoạch", "Số đơn vị", "Điểm chưa đạt", "Điểm phấn đấu"],
        "cols_trends": ["Đơn vị", "Năm", "Chỉ số", "Chỉ số MT", "Hạng", "Mục tiêu năm trước", "Kết quả"],
        "cols_unreadable": ["Tệp", "Lỗi"],
        "cols_skipped": ["Tệp", "Loại"],
        "met": "đạt mục tiêu {year} ({achieved}/{target})",
        "missed": "chưa đạt mục tiêu {year} ({achieved}/{target})",
        "self": "tự mô tả",
        "errors_mark": "có lỗi",
        "unit": "Đơn vị",
        "no_target": "chưa nhập mục tiêu",
    },
    "en": {
        "title": "Summary of the units' PAR Index improvement plans",
        "title_year": "Summary of the units' PAR Index improvement plans for {year}",
        "files": "{files} files: {plans} plans, {errors} plans with errors, {unreadable} unreadable files, "
                 "{skipped} files of other kinds",
        "units": "Ranking by baseline index (score achieved / applicable max)",
        "areas": "Areas losing the most points (each unit by its latest plan)",
        "criteria": "Criteria losing the most points (each unit by its latest plan)",
        "leads": "Lead units: points at stake and to win, summed over all plans",
        "trends": "Trends over the years",
        "heat": "Index by area (%) of each unit",
        "chart": "Ranking by index, {year}",
        "unreadable": "Unreadable files (not summarised)",
        "skipped": "Files that are not plans (skipped)",
        "none": "(none)",
        "more": "… and {n} more rows (see --format json/xlsx for all)",
        "cols_units": ["Year", "Rank", "±Rank", "Unit", "Max", "Score", "Index", "Target", "Target index",
                       "Gain", "Errors", "Warnings", "No target", "No task", "File"],
        "cols_loss": ["Code", "Area/criterion", "Framework", "Max", "Units losing", "Points lost"],
        "cols_leads": ["Lead unit", "Criteria", "Plans", "Units", "At stake", "To win"],
        "cols_trends": ["Unit", "Year", "Index", "Target index", "Rank", "Last year's target", "Result"],
        "cols_unreadable": ["File", "Errors"],
        "cols_skipped": ["File", "Kind"],
        "met": "{year} target met ({achieved}/{target})",
        "missed": "{year} target missed ({achieved}/{target})",
        "self": "self-described",
        "errors_mark": "has errors",
        "unit": "Unit",
        "no_target": "no target yet",
    },
}

NUMERIC_UNITS = {4, 5, 6, 7, 8, 9, 10, 11, 12, 13}


def words(lang: str) -> dict:
    return WORDS["en" if lang == "en" else "vi"]


def _num(value: Decimal | int | None, lang: str, sign: bool = False) -> str:
    if value is None:
        return ""
    if lang == "en":
        text = plain(value) or ""
        return ("+" + text) if sign and value > 0 else text
    return vi(value, sign=sign)


def _change(value: int | None) -> str:
    if value is None:
        return ""
    return f"+{value}" if value > 0 else ("0" if value == 0 else f"−{-value}")


@dataclass
class Part:
    """One table of the summary, as typed values (Decimal, int, str, None)."""

    key: str
    title: str
    header: list[str]
    rows: list[list[Any]]
    numeric: set[int]


def parts(summary: Summary, lang: str = "vi") -> list[Part]:
    """The summary's tables with typed cells (for .xlsx; text and md format them)."""
    w = words(lang)
    fw = lambda f: f or w["self"]  # noqa: E731
    units = [[r.plan.year, r.rank, r.rank_change, r.plan.unit, r.plan.max, r.plan.baseline,
              r.plan.baseline_index, r.plan.target if r.plan.target is not None else w["no_target"], r.plan.target_index, r.plan.gain, r.plan.errors, r.plan.warnings,
              r.plan.without_target, r.plan.without_task, r.plan.file] for r in summary.units]
    loss = lambda rows: [[x.key.code, x.key.name, fw(x.key.framework), x.key.max, x.units_losing, x.points_lost]  # noqa: E731
                         for x in rows]
    leads = [[x.lead, x.items, x.plans, len(x.units), x.at_stake, x.to_win if x.has_targets else w["no_target"]]
             for x in summary.leads]
    trends = []
    for t in summary.trends:
        by_next = {a.file: a for a in t.attainment}   # shown on the row of the plan that achieved it
        for r in t.rows:
            a = by_next.get(r.plan.file)
            result = ""
            if a is not None:
                result = w["met" if a.met else "missed"].format(year=a.year, achieved=_num(a.achieved, lang),
                                                               target=_num(a.target, lang))
            trends.append([t.unit, r.plan.year, r.plan.baseline_index, r.plan.target_index, r.rank,
                           a.target if a is not None else None, result])
    out = [Part("units", w["units"], w["cols_units"], units, NUMERIC_UNITS),
           Part("areas", w["areas"], w["cols_loss"], loss(summary.areas), {3, 4, 5}),
           Part("criteria", w["criteria"], w["cols_loss"], loss(summary.criteria), {3, 4, 5}),
           Part("leads", w["leads"], w["cols_leads"], leads, {1, 2, 3, 4, 5}),
           Part("trends", w["trends"], w["cols_trends"], trends, {1, 2, 3, 4, 5})]
    if summary.unreadable:
        out.append(Part("unreadable", w["unreadable"], w["cols_unreadable"],
                        [[u.file, "; ".join(f"{d.code} {_where(d, lang)}{d.message(lang)}"
                                            for d in u.diagnostics[:5])] for u in summary.unreadable], set()))
    if summary.skipped:
        out.append(Part("skipped", w["skipped"], w["cols_skipped"],
                        [[s.file, s.kind] for s in summary.skipped], set()))
    return out


def _where(d: Any, lang: str) -> str:
    """"12:3 " for a YAML line and column, "bảng 1, dòng 4: " for a cell of a
    Word/Excel file, nothing when the problem is the whole file."""
    if d.line is not None:
        return f"{d.line}:{d.column or 1} "
    text = d.location.text(lang) if d.location is not None else ""
    return f"{text}: " if text else ""


def _cell(value: Any, lang: str, column: int, part: str) -> str:
    if part == "units" and column == 2:
        return _change(value)
    if part == "units" and column == 9:
        return _num(value, lang, sign=True)
    if isinstance(value, Decimal):
        return _num(value, lang)
    return "" if value is None else str(value)


def heading(summary: Summary, lang: str = "vi") -> list[str]:
    w = words(lang)
    title = w["title_year"].format(year=summary.year) if summary.year is not None else w["title"]
    return [title, w["files"].format(files=summary.files, plans=len(summary.units),
                                     errors=summary.plans_with_errors, unreadable=len(summary.unreadable),
                                     skipped=len(summary.skipped))]


# -- terminal ---------------------------------------------------------------------------

def renderables(summary: Summary, lang: str = "vi", top: int = 10) -> list[Any]:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    w = words(lang)
    head = heading(summary, lang)
    out: list[Any] = [Text(head[0], style="bold"), Text(head[1]), Text("")]
    for part in parts(summary, lang):
        limit = top if part.key in ("areas", "criteria") and top > 0 else None
        table = Table(title=part.title, title_justify="left", title_style="bold", box=box.SIMPLE_HEAD,
                      padding=(0, 1), show_edge=False)
        for i, label in enumerate(part.header):
            table.add_column(label, justify="right" if i in part.numeric else "left",
                             no_wrap=i in part.numeric)
        shown = part.rows if limit is None else part.rows[:limit]
        for row in shown:
            style = ""
            if part.key == "units" and row[10]:
                style = "red"
            table.add_row(*(_cell(v, lang, i, part.key) for i, v in enumerate(row)), style=style)
        if not part.rows:
            out.append(Text(part.title, style="bold"))
            out.append(Text("  " + w["none"]))
        else:
            out.append(table)
            if len(shown) < len(part.rows):
                out.append(Text("  " + w["more"].format(n=len(part.rows) - len(shown))))
        out.append(Text(""))
    return out


# -- Markdown -------------------------------------------------------------------------

def markdown(summary: Summary, lang: str = "vi") -> str:
    def cell(text: str) -> str:
        return text.replace("|", "\\|").replace("\n", " ")

    w = words(lang)
    head = heading(summary, lang)
    out = [f"# {head[0]}", "", head[1], ""]
    for part in parts(summary, lang):
        out += [f"## {part.title}", ""]
        if not part.rows:
            out += [w["none"], ""]
            continue
        out.append("| " + " | ".join(cell(h) for h in part.header) + " |")
        out.append("|" + "|".join("---:" if i in part.numeric else "---" for i in range(len(part.header))) + "|")
        for row in part.rows:
            out.append("| " + " | ".join(cell(_cell(v, lang, i, part.key)) for i, v in enumerate(row)) + " |")
        out.append("")
    return "\n".join(out)


# -- .xlsx --------------------------------------------------------------------------------

SHEET_NAMES = {"vi": {"units": "Đơn vị", "areas": "Lĩnh vực", "criteria": "Tiêu chí", "leads": "Đơn vị chủ trì",
                      "trends": "Diễn biến", "unreadable": "Không đọc được", "skipped": "Bỏ qua"},
               "en": {"units": "Units", "areas": "Areas", "criteria": "Criteria", "leads": "Leads",
                      "trends": "Trends", "unreadable": "Unreadable", "skipped": "Skipped"}}


def xlsx(summary: Summary, lang: str = "vi") -> bytes:
    """One sheet per part; scores, indexes and counts are numeric cells
    (written exactly from their Decimal), with the header row frozen."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter
    from openpyxl.writer.excel import ExcelWriter

    from .files import FixedTimeZip
    from .xlsx import FIXED_TIME

    names = SHEET_NAMES["en" if lang == "en" else "vi"]
    wb = Workbook()
    wb.remove(wb.active)
    bold = Font(bold=True)
    for part in parts(summary, lang):
        ws = wb.create_sheet(names[part.key])
        ws.cell(row=1, column=1, value=part.title).font = Font(bold=True, size=12)
        for c, label in enumerate(part.header, start=1):
            cell = ws.cell(row=2, column=c, value=label)
            cell.font = bold
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        for r, row in enumerate(part.rows, start=3):
            for c, value in enumerate(row, start=1):
                cell = ws.cell(row=r, column=c, value=value)
                if isinstance(value, Decimal):
                    places = max(0, -value.as_tuple().exponent) if isinstance(value.as_tuple().exponent, int) else 0
                    cell.number_format = "0" if places == 0 else "0." + "0" * places
        ws.freeze_panes = "A3"
        for c, label in enumerate(part.header, start=1):
            longest = max([len(label)] + [len(str(row[c - 1])) for row in part.rows[:200] if row[c - 1] is not None])
            ws.column_dimensions[get_column_letter(c)].width = min(60, max(8, longest + 2))
    wb.properties.creator = "parplan"
    wb.properties.title = heading(summary, lang)[0]
    wb.properties.created = FIXED_TIME
    wb.properties.modified = FIXED_TIME
    wb.properties.language = "en" if lang == "en" else "vi-VN"   # as the rendered appendix says (decision 13.10)
    buffer = io.BytesIO()
    with FixedTimeZip(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(wb, archive).write_data()
    return buffer.getvalue()


# -- HTML -----------------------------------------------------------------------------------

def _heat_colour(index: Decimal | None) -> str:
    """Red (low) to green (100%) through yellow; grey when unknown."""
    if index is None:
        return "#eeeeee"
    share = max(Decimal(0), min(Decimal(100), index))
    # 60% and below: red; 100%: green
    hue = int(max(Decimal(0), (share - 60)) * 3)   # 0..120
    return f"hsl({min(120, hue)}, 70%, 80%)"


def _charts(summary: Summary, lang: str) -> list[dict]:
    """One horizontal bar chart per plan year: units by baseline index."""
    w = words(lang)
    charts = []
    years = sorted({r.plan.year for r in summary.units})
    bar_h, gap, label_w, chart_w = 20, 6, 260, 420
    for year in years:
        rows = [r for r in summary.units if r.plan.year == year and r.plan.baseline_index is not None]
        if not rows:
            continue
        bars = []
        for n, r in enumerate(rows):
            index = r.plan.baseline_index
            width = (min(Decimal(100), max(Decimal(0), index)) * chart_w / 100).quantize(Decimal("0.1"))
            y = n * (bar_h + gap)
            bars.append({"unit": r.plan.unit, "rank": r.rank, "index": _num(index, lang), "width": plain(width),
                         "y": y, "text_y": y + bar_h - 5, "errors": r.plan.errors,
                         "label": f"{r.rank}. {r.plan.unit}"})
        charts.append({"year": year, "title": w["chart"].format(year=year), "bars": bars, "bar_h": bar_h,
                       "label_w": label_w, "chart_w": chart_w, "width": label_w + chart_w + 70,
                       "height": len(rows) * (bar_h + gap)})
    return charts


def _heat(summary: Summary, lang: str) -> dict:
    """Rows: the unit rows; columns: the areas by framework and code (for
    self-describing plans, by code alone: a colour per area needs no equal max)."""
    w = words(lang)
    columns: dict[tuple[str, str], list[int]] = {}
    names: dict[tuple[str, str], str] = {}
    for key_id, key in summary.area_columns:
        col = (key.framework, key.code)
        columns.setdefault(col, []).append(key_id)
        names.setdefault(col, key.name)
    order = sorted(columns, key=lambda c: (c[0], tuple(int(p) if p.isdigit() else 0 for p in c[1].split("."))))
    frameworks = {c[0] for c in order}
    head = [{"code": c[1], "name": names[c], "framework": (c[0] or w["self"]) if len(frameworks) > 1 else ""}
            for c in order]
    rows = []
    for r in summary.units:
        cells = []
        for col in order:
            found = next((k for k in columns[col] if k in r.areas), None)
            if found is not None:
                index = r.areas[found]
                cells.append({"text": _num(index, lang), "colour": _heat_colour(index), "present": True})
            else:
                cells.append({"text": "", "colour": "#ffffff", "present": False})
        rows.append({"unit": r.plan.unit, "year": r.plan.year, "index": _num(r.plan.baseline_index, lang),
                     "colour": _heat_colour(r.plan.baseline_index), "cells": cells, "errors": r.plan.errors})
    return {"title": w["heat"], "head": head, "rows": rows}


def html(summary: Summary, lang: str = "vi") -> bytes:
    import jinja2

    from ..resources import shipped_templates_dir

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(shipped_templates_dir())),
                             undefined=jinja2.StrictUndefined, autoescape=True,
                             trim_blocks=True, lstrip_blocks=True)
    template = env.get_template("summary.html.j2")
    tables = []
    for part in parts(summary, lang):
        tables.append({"key": part.key, "title": part.title, "header": part.header,
                       "numeric": sorted(part.numeric),
                       "rows": [{"cells": [_cell(v, lang, i, part.key) for i, v in enumerate(row)],
                                 "errors": part.key == "units" and bool(row[10])} for row in part.rows]})
    head = heading(summary, lang)
    return template.render(lang="en" if lang == "en" else "vi", title=head[0], subtitle=head[1],
                           charts=_charts(summary, lang), heat=_heat(summary, lang), tables=tables,
                           words=words(lang)).encode("utf-8")
