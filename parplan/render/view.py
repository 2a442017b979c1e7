"""The view layer: a validated model -> an appendix of rows of formatted strings.

This is the only place where numbers are formatted for documents. Writers
(.docx, .xlsx, .md, .html) lay out what they are given and do no arithmetic;
each cell also carries its exact number (`value`) for spreadsheet cells.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, Iterable

from ..model import Budget, Framework, Plan, Targets
from ..numbers import decimals, percent, plain, tidy, vi
from ..rollup import Node, plan_tree
from ..rules.budget import column_sums

ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]
NOT_APPLICABLE = "Không áp dụng"


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    width: int            # relative width (sums to ~100 across a table)
    numeric: bool = False


@dataclass
class Cell:
    text: str = ""
    value: Decimal | int | None = None   # the exact number shown, for .xlsx
    places: int = 0                       # decimals shown (xlsx number format)
    lines: list[str] | None = None       # several lines in one cell (tasks)

    @property
    def paragraphs(self) -> list[str]:
        return self.lines if self.lines else [self.text]

    @property
    def plain_text(self) -> str:
        return "\n".join(self.paragraphs)


@dataclass
class Row:
    cells: list[Cell]
    style: str = "item"   # area | criterion | item | total | group | heading
    level: int = 0
    code: str | None = None
    # .xlsx formulas (issue 12): the rows (indices into Appendix.rows) of the
    # applicable children a parent or total row is derived from; None when
    # the row is not derived. `entry`: a leaf row whose scores are typed in.
    children: list[int] | None = None
    entry: bool = False

    @property
    def bold(self) -> bool:
        return self.style in ("area", "total", "group")


@dataclass
class Appendix:
    label: str                    # "Phụ lục" or "Phụ lục II"
    title: str                    # in capitals
    attached: str                 # "(Kèm theo Kế hoạch số … ngày … của …)"
    columns: list[Column]
    rows: list[Row]
    kind: str                     # improvement | remediation | targets | budget | diff
    unit_note: str | None = None  # "ĐVT: đồng"
    document_title: str = ""      # for core properties
    bars: list["Bar"] = field(default_factory=list)  # per area: index percentages (html chart)

    @property
    def header(self) -> list[str]:
        return [c.label for c in self.columns]

    def texts(self) -> list[list[str]]:
        """Every cell's text, header first: what golden files compare."""
        return [self.header] + [[c.plain_text for c in r.cells] for r in self.rows]


@dataclass(frozen=True)
class Bar:
    """One area of the chart: its score and target as % of its applicable max."""

    code: str
    name: str
    max: str
    baseline: str        # "88,24" as printed
    target: str
    baseline_pct: str    # "88.24" for SVG widths
    target_pct: str

    @property
    def label(self) -> str:
        """"1. Công tác chỉ đạo…": short enough for the chart's label column."""
        text = f"{self.code}. {self.name}"
        return text if len(text) <= 42 else text[:41].rstrip() + "…"


# -- numbers ---------------------------------------------------------------

def score_cell(value: Decimal | None, declared: bool = True, sign: bool = False) -> Cell:
    if value is None:
        return Cell()
    shown = value if declared else tidy(value)
    return Cell(vi(shown, sign=sign), shown, decimals(shown))


def money_cell(value: int | None) -> Cell:
    if value is None:
        return Cell()
    return Cell(vi(value), value, 0)


def text_cell(text: str | None) -> Cell:
    return Cell(text or "")


def lines_cell(lines: Iterable[str]) -> Cell:
    items = [x for x in lines if x]
    return Cell("\n".join(items), lines=items or None)


def upper(text: str) -> str:
    return text.upper()


# -- document header ---------------------------------------------------------

def vn_date(day: date) -> tuple[str, str, str]:
    """Day and month as Vietnamese documents print them (ND30): a leading zero
    for days below 10 and for months 1 and 2."""
    dd = f"{day.day:02d}"
    mm = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return dd, mm, str(day.year)


def attached_line(document: Any, unit: str, year: int | None) -> str:
    number = getattr(document, "number", None) if document else None
    when = getattr(document, "date", None) if document else None
    issuer = (getattr(document, "issuer", None) if document else None) or unit
    number_text = number or "…/KH-UBND"
    if when is not None:
        dd, mm, yyyy = vn_date(when)
        date_text = f"ngày {dd} tháng {mm} năm {yyyy}"
    else:
        date_text = f"ngày … tháng … năm {year}" if year else "ngày … tháng … năm …"
    return f"(Kèm theo Kế hoạch số {number_text} {date_text} của {issuer})"


def appendix_label(index: int, count: int) -> str:
    return "Phụ lục" if count <= 1 else f"Phụ lục {ROMAN[index] if index < len(ROMAN) else index + 1}"


# -- plans --------------------------------------------------------------------

def _row_style(node: Node) -> str:
    return {1: "area", 2: "criterion"}.get(node.depth, "item")


def _name(node: Node) -> str:
    name = node.name or (node.entry.name if node.entry and node.entry.name else "") or ""
    return upper(name) if node.depth == 1 else name


def _series_cell(node: Node, series: str) -> Cell:
    if not node.applicable:
        return Cell(NOT_APPLICABLE)
    value = node.value.get(series)
    return score_cell(value, declared=node.declared.get(series) is not None)


def _max_cell(node: Node) -> Cell:
    if node.max is None:
        return Cell()
    if not node.applicable or node.eff_max is None or node.eff_max == node.max:
        return score_cell(node.max)
    return score_cell(node.eff_max, declared=False)


def plan_view(plan: Plan, framework: Framework | None, label: str) -> Appendix:
    tree = plan_tree(plan, framework)
    document = plan.document
    title = upper((document.appendix_title if document and document.appendix_title else None)
                  or f"Mục tiêu, nhiệm vụ, giải pháp cải thiện và nâng cao Chỉ số CCHC năm {plan.year}")
    attached = attached_line(document, plan.unit, plan.year)
    doc_title = (document.title if document and document.title else None) or title
    if plan.layout == "remediation":
        columns, rows = _remediation(tree)
    else:
        columns, rows = _improvement(tree, plan)
    return Appendix(label, title, attached, columns, rows, plan.layout, document_title=doc_title,
                    bars=_bars(tree))


def _bars(tree) -> list[Bar]:
    bars = []
    for node in tree.root.children:
        if not node.applicable or not node.eff_max:
            continue
        pcts = {s: percent(node.value[s], node.eff_max) if node.value.get(s) is not None else None
                for s in ("baseline", "target")}
        bars.append(Bar(node.code or "", node.name or "", vi(node.eff_max),
                        vi(pcts["baseline"]) if pcts["baseline"] is not None else "",
                        vi(pcts["target"]) if pcts["target"] is not None else "",
                        plain(pcts["baseline"]) or "0", plain(pcts["target"]) or "0"))
    return bars


def _improvement(tree, plan: Plan) -> tuple[list[Column], list[Row]]:
    columns = [
        Column("code", "STT", 6),
        Column("name", "Lĩnh vực/Tiêu chí/Tiêu chí thành phần", 27),
        Column("max", "Điểm chuẩn", 7, numeric=True),
        Column("baseline", f"Điểm {plan.base_year} đạt được", 8, numeric=True),
        Column("target", f"Mục tiêu năm {plan.year}", 8, numeric=True),
        Column("tasks", "Nhiệm vụ/giải pháp", 30),
        Column("lead", "Đơn vị chủ trì", 14),
    ]
    rows = []
    for node in tree.nodes():
        entry = node.entry
        rows.append(Row([
            Cell(node.code or ""), Cell(_name(node)), _max_cell(node),
            _series_cell(node, "baseline"), _series_cell(node, "target"),
            lines_cell(entry.tasks if entry else []), lines_cell(entry.lead if entry else []),
        ], _row_style(node), node.depth, node.code))
    rows.append(_total_row(tree, plan, ("baseline", "target"), "TỔNG ĐIỂM", len(columns)))
    _link(rows, tree)
    return columns, rows


def _total_row(tree, plan: Plan, series: tuple[str, ...], label: str, width: int) -> Row:
    root = tree.root
    declared_max = plan.totals.max if plan.totals and plan.totals.max is not None else None
    cells = [Cell(""), Cell(label), score_cell(declared_max if declared_max is not None else root.eff_max,
                                               declared=declared_max is not None)]
    for name in series:
        cells.append(_series_cell(root, name) if name != "deducted" else _deducted_cell(root))
    cells.extend(Cell() for _ in range(width - len(cells)))
    return Row(cells, "total", 0, None)


def _lost(node: Node) -> Decimal | None:
    if not node.applicable:
        return None
    return node.lost("baseline")


def _deducted_cell(node: Node) -> Cell:
    entry = node.entry
    if entry is not None and entry.deducted is not None:
        value = -abs(entry.deducted)
        return Cell(vi(value), value, decimals(value))
    lost = _lost(node)
    if lost is None:
        return Cell()
    value = -tidy(lost)
    return Cell(vi(value) if lost else "0", value, decimals(value))


def _remediation(tree) -> tuple[list[Column], list[Row]]:
    columns = [
        Column("code", "STT", 5),
        Column("name", "Lĩnh vực/Tiêu chí/Tiêu chí thành phần", 16),
        Column("max", "Điểm chuẩn", 6, numeric=True),
        Column("baseline", "Điểm thẩm định", 7, numeric=True),
        Column("deducted", "Điểm bị trừ", 7, numeric=True),
        Column("reason", "Lý do bị trừ điểm", 14),
        Column("tasks", "Biện pháp khắc phục", 17),
        Column("lead", "Cơ quan, đơn vị chỉ đạo, theo dõi và thực hiện", 11),
        Column("deadline", "Thời gian", 7),
        Column("product", "Sản phẩm", 10),
    ]
    keep: set[int] = set()
    for node in tree.nodes():
        lost = _lost(node)
        if lost is not None and lost > 0:
            walker: Node | None = node
            while walker is not None and not walker.is_root:
                keep.add(id(walker))
                walker = walker.parent
    rows = []
    for node in tree.nodes():
        if id(node) not in keep:
            continue
        entry = node.entry
        leads = list(entry.lead) if entry else []
        if entry and entry.partners:
            leads += [f"Phối hợp: {'; '.join(entry.partners)}"]
        rows.append(Row([
            Cell(node.code or ""), Cell(_name(node)), _max_cell(node),
            _series_cell(node, "baseline"), _deducted_cell(node),
            text_cell(entry.reason if entry else None), lines_cell(entry.tasks if entry else []),
            lines_cell(leads), text_cell(entry.deadline if entry else None),
            text_cell(entry.product if entry else None),
        ], _row_style(node), node.depth, node.code))
    root = tree.root
    rows.append(Row([Cell(""), Cell("Tổng cộng"), _max_cell(root), _series_cell(root, "baseline"),
                     _deducted_cell(root)] + [Cell() for _ in range(5)], "total", 0, None))
    _link(rows, tree)
    return columns, rows


def _link(rows: list[Row], tree) -> None:
    """Tell each printed parent row (and the total row, last) which printed
    rows are its applicable children, and mark applicable leaf rows as the
    rows whose scores are typed in: what the .xlsx formulas are built from."""
    at = {row.code: i for i, row in enumerate(rows) if row.code is not None and row.style != "total"}
    for node in tree.root.walk():
        i = len(rows) - 1 if node.is_root else at.get(node.code)
        if i is None:
            continue
        if node.children:
            rows[i].children = [at[kid.code] for kid in node.children if kid.applicable and kid.code in at]
        elif node.applicable:
            rows[i].entry = True


# -- targets and budgets ---------------------------------------------------

def targets_view(model: Targets, label: str) -> Appendix:
    name_width = 40 if len(model.columns) <= 2 else 30
    rest = max(6, (100 - 6 - name_width) // max(1, len(model.columns)))
    columns = [Column("code", "STT", 6), Column("name", "Các mục tiêu/chỉ tiêu", name_width)]
    columns += [Column(c.key, c.label, rest) for c in model.columns]
    rows: list[Row] = []
    for group in model.groups:
        if group.code or group.name:
            rows.append(Row([Cell(group.code or ""), Cell(upper(group.name or ""))]
                            + [Cell() for _ in model.columns], "group", 1, group.code))
        for item in group.items:
            values = item.values
            cells = [Cell(item.code or ""), Cell(item.name)]
            cells += [Cell((values or {}).get(c.key) or "") for c in model.columns]
            rows.append(Row(cells, "heading" if values is None else "item", 2, item.code))
    document = model.document
    title = upper(document.appendix_title if document and document.appendix_title else model.title)
    return Appendix(label, title, attached_line(document, model.unit, None), columns, rows, "targets",
                    document_title=(document.title if document and document.title else model.title))


def budget_view(model: Budget, label: str) -> Appendix:
    n = len(model.years) + len(model.sources) + 1
    width = max(6, (100 - 4 - 15) // max(1, n))
    columns = [Column("code", "Stt", 4), Column("name", "Nội dung", 15)]
    columns += [Column(f"y{y}", f"Năm {y}", width, numeric=True) for y in model.years]
    columns += [Column("total", "Tổng cộng", width, numeric=True)]
    columns += [Column(f"s_{s}", model.label(s), width, numeric=True) for s in model.sources]
    rows: list[Row] = []
    for item in model.items:
        cells = [Cell(item.code or ""), Cell(item.name)]
        cells += [money_cell(item.by_year.get(y)) for y in model.years]
        cells += [money_cell(sum(item.by_year.values()) if item.by_year else None)]
        cells += [money_cell(item.by_source.get(s)) for s in model.sources]
        rows.append(Row(cells, "item", 1, item.code))
    by_year, by_source, grand = column_sums(model)
    cells = [Cell(""), Cell("Tổng cộng")] + [money_cell(by_year[y]) for y in model.years]
    cells += [money_cell(grand)] + [money_cell(by_source[s]) if by_source[s] else Cell() for s in model.sources]
    rows.append(Row(cells, "total", 0, None))
    document = model.document
    title = upper(document.appendix_title if document and document.appendix_title else model.title)
    return Appendix(label, title, attached_line(document, model.unit, None), columns, rows, "budget",
                    unit_note=f"ĐVT: {model.currency}",
                    document_title=(document.title if document and document.title else model.title))


def appendix_for(model: Any, framework: Framework | None, index: int = 0, count: int = 1) -> Appendix:
    label = appendix_label(index, count)
    if isinstance(model, Plan):
        return plan_view(model, framework, label)
    if isinstance(model, Targets):
        return targets_view(model, label)
    if isinstance(model, Budget):
        return budget_view(model, label)
    raise TypeError(f"cannot render a {type(model).__name__}")
