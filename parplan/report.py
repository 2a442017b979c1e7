"""`parplan report`: what a plan means for the people who carry it out.

Pure computation first (`plan_report` -> `PlanReport`, all `Decimal`), then
three presentations of the same data: the JSON contract of SPEC section 4
(`as_json`), plain text for the terminal (`as_text`) and the tables of a
working document (`appendices`, written to .docx and .md by the render
writers). Every number is formatted through `parplan.numbers`.

- Areas: each top-level item's max (the applicable max), score and target,
  and the index, a percentage of the applicable max (two decimals, half-up).
  Values are the plan's own: declared where the file writes them, rolled up
  from the children otherwise (the same values the appendix prints).
- Losses: leaves by points lost in the baseline year (max − baseline),
  largest first; leaves that lost nothing are not losses.
- Leads: for each lead unit (names compared after NFC and whitespace
  normalisation), the leaves it leads, `at_stake` = Σ(max − baseline) and
  `to_win` = Σ(target − baseline), with its tasks. A leaf with several leads
  counts for each. A leaf without a lead of its own is led by the nearest
  ancestor row that names one (a criterion row's lead covers its
  sub-criteria); leaves led by nobody are listed apart (`unassigned`).
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from .leads import normalise_lead
from .model import Framework, Plan
from .numbers import ZERO, percent, plain, tidy, vi
from .rollup import Node, plan_tree


@dataclass(frozen=True)
class Area:
    code: str | None          # None for the total row
    name: str
    max: Decimal | None
    baseline: Decimal | None
    target: Decimal | None
    baseline_index: Decimal | None
    target_index: Decimal | None


@dataclass(frozen=True)
class Loss:
    code: str
    name: str
    max: Decimal
    baseline: Decimal
    lost: Decimal
    leads: tuple[str, ...]


@dataclass(frozen=True)
class LeadRow:
    """One criterion a unit leads: a leaf (with its numbers) or a parent row
    that carries tasks of its own (no numbers)."""

    code: str
    name: str
    max: Decimal | None
    baseline: Decimal | None
    target: Decimal | None
    at_stake: Decimal | None
    to_win: Decimal | None
    tasks: tuple[str, ...]
    leaf: bool


@dataclass
class Lead:
    lead: str                                   # as first written (normalised)
    items: list[str] = field(default_factory=list)       # the leaves it leads
    at_stake: Decimal = ZERO
    to_win: Decimal = ZERO
    rows: list[LeadRow] = field(default_factory=list)    # in framework order
    first: int = 0                              # position of its first row, for stable order

    @property
    def has_targets(self) -> bool:
        """Whether any criterion it leads has a target yet (a year just
        started by `parplan new` has none: "chưa nhập mục tiêu", not 0)."""
        return any(row.leaf and row.target is not None for row in self.rows)

    @property
    def tasks(self) -> list[tuple[str, str]]:
        return [(row.code, task) for row in self.rows for task in row.tasks]

    @property
    def grouped_tasks(self) -> list[tuple[list[str], str]]:
        """Each distinct task once, with every criterion it serves (a remedy
        printed in a cell merged over several rows is one task)."""
        out: dict[str, list[str]] = {}
        for code, task in self.tasks:
            codes = out.setdefault(task, [])
            if code not in codes:
                codes.append(code)
        return [(codes, task) for task, codes in out.items()]


@dataclass
class PlanReport:
    file: str
    unit: str
    year: int
    baseline_year: int
    areas: list[Area]
    total: Area
    losses: list[Loss]
    leads: list[Lead]
    unassigned: Lead | None


def unit_key(name: str) -> str:
    """How lead units are compared: NFC, whitespace collapsed."""
    return " ".join(unicodedata.normalize("NFC", name).split())


def _name(node: Node) -> str:
    return node.name or (node.entry.name if node.entry is not None and node.entry.name else "") or ""


def _shown(node: Node, series: str) -> Decimal | None:
    value = node.value.get(series)
    if value is None:
        return None
    return value if node.declared.get(series) is not None else tidy(value)


def _max(node: Node) -> Decimal | None:
    """The applicable max, as written when nothing was left out."""
    if node.max is None or node.eff_max is None:
        return node.eff_max
    return node.max if node.eff_max == node.max else tidy(node.eff_max)


def _area(node: Node, code: str | None, name: str) -> Area:
    eff = node.eff_max
    base, target = _shown(node, "baseline"), _shown(node, "target")
    index = lambda v: percent(v, eff) if v is not None and eff else None  # noqa: E731
    return Area(code, name, _max(node), base, target, index(base), index(target))


def _own_leads(node: Node) -> list[str]:
    """The leaves' leads: their own, or the nearest ancestor row's."""
    walker: Node | None = node
    while walker is not None and not walker.is_root:
        if walker.entry is not None and walker.entry.lead:
            return [unit_key(x) for x in walker.entry.lead if unit_key(x)]
        walker = walker.parent
    return []


def plan_report(plan: Plan, framework: Framework | None, file: str, tree=None) -> PlanReport:
    tree = tree if tree is not None else plan_tree(plan, framework)
    areas = [_area(node, node.code, _name(node)) for node in tree.root.children]
    total = _area(tree.root, None, "TỔNG ĐIỂM")
    if plan.totals is not None and plan.totals.max is not None:
        total = Area(None, total.name, plan.totals.max, total.baseline, total.target,
                     total.baseline_index, total.target_index)

    losses: list[Loss] = []
    leads: dict[str, Lead] = {}
    nobody = Lead("")
    spelled: dict[str, str] = {}   # one unit written two ways is shown as first written (issue 11)

    def canon(names: list[str]) -> list[str]:
        return list(dict.fromkeys(spelled.setdefault(normalise_lead(name), name) for name in names))

    for position, node in enumerate(tree.nodes()):
        entry = node.entry
        if not node.applicable:
            continue
        if not node.is_leaf:
            # tasks written on a parent row belong to the units that lead it
            if entry is not None and entry.tasks:
                owners = [leads.setdefault(normalise_lead(name), Lead(name, first=position)) for name in canon(_own_leads(node))]
                row = LeadRow(node.code or "", _name(node), _max(node), None, None, None, None,
                              tuple(entry.tasks), leaf=False)
                for lead in owners or [nobody]:
                    lead.rows.append(row)
            continue
        baseline, target = node.value.get("baseline"), node.value.get("target")
        stake = node.eff_max - baseline if baseline is not None and node.eff_max is not None else None
        win = target - baseline if target is not None and baseline is not None else None
        names = canon(_own_leads(node))
        if stake is not None and stake > 0:
            losses.append(Loss(node.code or "", _name(node), _max(node), baseline, tidy(stake), tuple(names)))
        owners = [leads.setdefault(normalise_lead(name), Lead(name, first=position)) for name in names] or [nobody]
        row = LeadRow(node.code or "", _name(node), _max(node), baseline, target,
                      tidy(stake) if stake is not None else None, tidy(win) if win is not None else None,
                      tuple(entry.tasks) if entry is not None else (), leaf=True)
        for lead in owners:
            if lead is nobody and not stake and not win and not row.tasks:
                continue
            lead.items.append(row.code)
            lead.at_stake += stake if stake is not None else ZERO
            lead.to_win += win if win is not None else ZERO
            lead.rows.append(row)

    order = {id(loss): i for i, loss in enumerate(losses)}
    losses.sort(key=lambda loss: (-loss.lost, order[id(loss)]))
    for lead in [*leads.values(), nobody]:
        lead.at_stake, lead.to_win = tidy(lead.at_stake), tidy(lead.to_win)
    ranked = sorted((lead for lead in leads.values() if lead.rows),
                    key=lambda lead: (-lead.at_stake, -lead.to_win, lead.first))
    return PlanReport(file, plan.unit, plan.year, plan.base_year, areas, total, losses, ranked,
                      nobody if nobody.rows else None)


# -- JSON (SPEC section 4) ----------------------------------------------------

def _area_json(area: Area) -> dict[str, Any]:
    return {"code": area.code, "name": area.name, "max": plain(area.max), "baseline": plain(area.baseline),
            "target": plain(area.target), "baseline_index": plain(area.baseline_index),
            "target_index": plain(area.target_index)}


def _lead_json(lead: Lead) -> dict[str, Any]:
    return {"lead": lead.lead, "items": list(lead.items), "at_stake": plain(lead.at_stake),
            "to_win": plain(lead.to_win) if lead.has_targets else None,
            "tasks": [{"code": c, "task": t} for c, t in lead.tasks]}


def as_json(report: PlanReport) -> dict[str, Any]:
    """The JSON form: SPEC's keys (`plan`, `areas`, `losses`, `leads`), and
    `unit`, `year`, `baseline_year`, `total`, `unassigned` besides."""
    unassigned = None
    if report.unassigned is not None:
        unassigned = _lead_json(report.unassigned)
        unassigned.pop("lead")
    return {
        "plan": report.file,
        "unit": report.unit,
        "year": report.year,
        "baseline_year": report.baseline_year,
        "areas": [_area_json(a) for a in report.areas],
        "total": _area_json(report.total),
        "losses": [{"code": x.code, "name": x.name, "lost": plain(x.lost), "max": plain(x.max),
                    "baseline": plain(x.baseline), "leads": list(x.leads)} for x in report.losses],
        "leads": [_lead_json(lead) for lead in report.leads],
        "unassigned": unassigned,
    }


# -- text -------------------------------------------------------------------

_WORDS = {
    "vi": {
        "title": "Báo cáo kế hoạch {unit}, năm {year} (điểm năm {base})",
        "areas": "Chỉ số CCHC theo lĩnh vực",
        "losses": "Các tiêu chí bị trừ nhiều điểm nhất năm {base}",
        "losses_more": "… và {n} tiêu chí khác (--top 0 để xem hết)",
        "no_losses": "(không có tiêu chí nào bị trừ điểm, hoặc chưa có điểm năm {base})",
        "leads": "Tổ chức thực hiện: đơn vị chủ trì",
        "no_leads": "(chưa có đơn vị chủ trì nào)",
        "cols_areas": ["STT", "Lĩnh vực", "Điểm chuẩn", "Điểm {base}", "Chỉ số {base}", "Mục tiêu {year}",
                       "Chỉ số {year}"],
        "cols_losses": ["Hạng", "Mã", "Tiêu chí", "Điểm chuẩn", "Điểm {base}", "Bị trừ", "Đơn vị chủ trì"],
        "lead_line": "{n}. {lead}: {count} tiêu chí; điểm chưa đạt năm {base}: {stake}; "
                     "mục tiêu năm {year} lấy lại: {win}",
        "criteria": "Tiêu chí",
        "tasks": "Nhiệm vụ",
        "unassigned": "Chưa có đơn vị chủ trì",
        "total": "TỔNG ĐIỂM",
        "no_targets": "chưa nhập mục tiêu",
        "no_targets_line": "Mục tiêu năm {year}: chưa nhập mục tiêu.",
    },
    "en": {
        "title": "Plan report {unit}, year {year} (scores of {base})",
        "areas": "PAR Index by area",
        "losses": "Criteria that lost the most points in {base}",
        "losses_more": "… and {n} more (--top 0 shows all)",
        "no_losses": "(no criterion lost points, or no {base} scores yet)",
        "leads": "Responsibilities: lead units",
        "no_leads": "(no lead units yet)",
        "cols_areas": ["No.", "Area", "Max", "Score {base}", "Index {base}", "Target {year}", "Index {year}"],
        "cols_losses": ["Rank", "Code", "Criterion", "Max", "Score {base}", "Lost", "Lead"],
        "lead_line": "{n}. {lead}: {count} criteria; points lost in {base}: {stake}; "
                     "won back by the {year} targets: {win}",
        "criteria": "Criteria",
        "tasks": "Tasks",
        "unassigned": "No lead unit",
        "total": "TOTAL",
        "no_targets": "targets not entered yet",
        "no_targets_line": "Targets for {year}: not entered yet.",
    },
}

NAME_WIDTH = 48


def _cut(text: str, width: int = NAME_WIDTH) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _pct(value: Decimal | None, number=vi) -> str:
    return f"{number(value)}%" if value is not None else ""


def _en(value: Decimal | None) -> str:
    return plain(value) or ""


def _table(header: list[str], rows: list[list[str]], right: set[int]) -> list[str]:
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    out = []
    for row in [header, *rows]:
        cells = [c.rjust(w) if i in right else c.ljust(w) for i, (c, w) in enumerate(zip(row, widths))]
        out.append("  ".join(cells).rstrip())
    return out


def as_text(report: PlanReport, lang: str = "vi", top: int = 10) -> str:
    w = _WORDS["en" if lang == "en" else "vi"]
    num = _en if lang == "en" else vi  # English text: decimal point
    pct = lambda value: _pct(value, num)  # noqa: E731
    fill = {"unit": report.unit, "year": report.year, "base": report.baseline_year}
    lines = [w["title"].format(**fill) + f"  [{report.file}]", ""]

    lines.append(w["areas"].format(**fill))
    rows = [[a.code or "", _cut(a.name), num(a.max), num(a.baseline), pct(a.baseline_index), num(a.target),
             pct(a.target_index)] for a in report.areas]
    t = report.total
    rows.append(["", w["total"], num(t.max), num(t.baseline), pct(t.baseline_index), num(t.target),
                 pct(t.target_index)])
    lines += _table([c.format(**fill) for c in w["cols_areas"]], rows, {2, 3, 4, 5, 6})
    if t.target is None:
        lines.append(w["no_targets_line"].format(**fill))
    lines.append("")

    lines.append(w["losses"].format(**fill))
    shown = report.losses if top <= 0 else report.losses[:top]
    if shown:
        rows = [[str(i), x.code, _cut(x.name, 40), num(x.max), num(x.baseline), num(-x.lost), _cut("; ".join(x.leads), 30)]
                for i, x in enumerate(shown, 1)]
        lines += _table([c.format(**fill) for c in w["cols_losses"]], rows, {0, 3, 4, 5})
        if len(shown) < len(report.losses):
            lines.append(w["losses_more"].format(n=len(report.losses) - len(shown)))
    else:
        lines.append(w["no_losses"].format(**fill))
    lines.append("")

    lines.append(w["leads"].format(**fill))
    groups = list(report.leads)
    if report.unassigned is not None:
        groups.append(report.unassigned)
    if not groups:
        lines.append(w["no_leads"])
    for n, lead in enumerate(groups, 1):
        name = lead.lead or w["unassigned"]
        lines.append(w["lead_line"].format(n=n, lead=name, count=len(lead.items), stake=num(lead.at_stake),
                                           win=num(lead.to_win) if lead.has_targets else w["no_targets"],
                                           **fill))
        if lead.items:
            lines.append(f"   {w['criteria']}: {', '.join(lead.items)}")
        if lead.tasks:
            lines.append(f"   {w['tasks']}:")
            lines += [f"   - [{', '.join(codes)}] {task}" for codes, task in lead.grouped_tasks]
    return "\n".join(lines).rstrip() + "\n"


# -- tables for .docx and .md ------------------------------------------------

def appendices(report: PlanReport, plan: Plan, top: int = 10) -> list:
    """The report as three tables (render.view.Appendix), in Vietnamese: the
    index by area, the largest losses, and the responsibility table."""
    from .render.view import ROMAN, Appendix, Cell, Column, Row, attached_line, lines_cell, score_cell

    base, year = report.baseline_year, report.year
    attached = attached_line(plan.document, plan.unit, plan.year)
    title = (plan.document.title if plan.document and plan.document.title else None) or \
        f"Báo cáo kế hoạch cải thiện Chỉ số CCHC năm {year} của {plan.unit}"

    def pct(value: Decimal | None) -> Cell:
        return Cell(_pct(value), value, 2) if value is not None else Cell()

    columns = [Column("code", "STT", 6), Column("name", "Lĩnh vực", 38),
               Column("max", "Điểm chuẩn", 9, numeric=True),
               Column("baseline", f"Điểm {base} đạt được", 10, numeric=True),
               Column("baseline_index", f"Chỉ số {base} (%)", 10, numeric=True),
               Column("target", f"Mục tiêu năm {year}", 10, numeric=True),
               Column("target_index", f"Chỉ số mục tiêu {year} (%)", 10, numeric=True)]
    rows = [Row([Cell(a.code or ""), Cell(a.name), score_cell(a.max), score_cell(a.baseline), pct(a.baseline_index),
                 score_cell(a.target), pct(a.target_index)], "item", 1, a.code) for a in report.areas]
    t = report.total
    rows.append(Row([Cell(""), Cell("TỔNG ĐIỂM"), score_cell(t.max), score_cell(t.baseline), pct(t.baseline_index),
                     score_cell(t.target), pct(t.target_index)], "total", 0, None))
    areas = Appendix("Biểu 1", f"CHỈ SỐ CCHC THEO LĨNH VỰC: ĐIỂM NĂM {base} VÀ MỤC TIÊU NĂM {year}", attached,
                     columns, rows, "report", document_title=title)

    shown = report.losses if top <= 0 else report.losses[:top]
    columns = [Column("code", "Hạng", 6), Column("item", "Mã", 7), Column("name", "Tiêu chí", 43),
               Column("max", "Điểm chuẩn", 9, numeric=True), Column("baseline", f"Điểm {base} đạt được", 10, numeric=True),
               Column("lost", "Điểm bị trừ", 9, numeric=True), Column("lead", "Đơn vị chủ trì", 16)]
    rows = [Row([Cell(str(i)), Cell(x.code), Cell(x.name), score_cell(x.max), score_cell(x.baseline),
                 score_cell(-x.lost), lines_cell(x.leads)], "item", 2, x.code) for i, x in enumerate(shown, 1)]
    losses = Appendix("Biểu 2", f"CÁC TIÊU CHÍ BỊ TRỪ NHIỀU ĐIỂM NHẤT NĂM {base}", attached, columns, rows,
                      "report", document_title=title)

    columns = [Column("code", "STT", 6), Column("name", "Đơn vị chủ trì / tiêu chí phụ trách", 27),
               Column("max", "Điểm chuẩn", 7, numeric=True),
               Column("baseline", f"Điểm {base} đạt được", 8, numeric=True),
               Column("at_stake", f"Điểm chưa đạt năm {base}", 8, numeric=True),
               Column("target", f"Mục tiêu năm {year}", 8, numeric=True),
               Column("to_win", f"Điểm phấn đấu tăng năm {year}", 8, numeric=True),
               Column("tasks", "Nhiệm vụ/giải pháp", 28)]
    groups = list(report.leads) + ([report.unassigned] if report.unassigned is not None else [])
    rows = []
    for n, lead in enumerate(groups, 1):
        rows.append(Row([Cell(ROMAN[n - 1] if n <= len(ROMAN) else str(n)), Cell(lead.lead or "Chưa có đơn vị chủ trì"),
                         Cell(), Cell(), score_cell(lead.at_stake), Cell(),
                         score_cell(lead.to_win) if lead.has_targets else Cell("chưa nhập mục tiêu"), Cell()],
                        "area", 1, None))
        for row in lead.rows:
            rows.append(Row([Cell(row.code), Cell(row.name), score_cell(row.max), score_cell(row.baseline),
                             score_cell(row.at_stake), score_cell(row.target), score_cell(row.to_win),
                             lines_cell(row.tasks)], "item", 2, row.code))
    leads = Appendix("Biểu 3", "PHÂN CÔNG ĐƠN VỊ CHỦ TRÌ THỰC HIỆN", attached, columns, rows, "report",
                     document_title=title)
    return [areas, losses, leads]
