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
    marks: list["Mark"] = field(default_factory=list)   # review view: diagnostics pointing here

    @property
    def mark_level(self) -> str:
        """"error" when any diagnostic on this cell is an error, else "warning"."""
        return "error" if any(m.severity == "error" for m in self.marks) else "warning"

    @property
    def mark_title(self) -> str:
        return "\n".join(f"{m.number}. {m.code}: {m.message}" for m in self.marks)

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
    parent: bool = False  # a heading row (area, criterion with children): kept with the next row
    anchor: str = ""      # id of the row in the HTML review view
    path: tuple = ()      # where the row is in the input (("entries", 3)), to place diagnostics
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
    review: bool = False          # diagnostics were attached (render API): show the verdict
    marks: list["Mark"] = field(default_factory=list)  # every diagnostic, numbered
    verdict: str = ""             # "Kế hoạch có 6 lỗi, 2 cảnh báo" / "Không có lỗi"
    verdict_ok: bool = True       # no diagnostics at all
    aliases: dict[str, str] = field(default_factory=dict)  # a mistyped code -> the row it stands in for

    @property
    def located(self) -> list["Mark"]:
        return [m for m in self.marks if m.anchor]

    @property
    def header(self) -> list[str]:
        return [c.label for c in self.columns]

    def texts(self) -> list[list[str]]:
        """Every cell's text, header first: what golden files compare."""
        return [self.header] + [[c.plain_text for c in r.cells] for r in self.rows]


@dataclass
class Mark:
    """One diagnostic in the review view, numbered within its appendix."""

    number: int
    severity: str
    code: str
    item: str | None
    field: str | None
    message: str
    id: str = ""          # its own anchor in the list under the table
    anchor: str = ""      # the row it points to ("" when it has no row in the table)
    column: str = ""      # the label of the column it points to

    @property
    def severity_vi(self) -> str:
        return {"error": "lỗi", "warning": "cảnh báo"}.get(self.severity, self.severity)


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
    declared = node.entry.max if node.entry is not None else None
    if declared is not None and (not node.applicable or node.eff_max == node.max):
        return score_cell(declared)    # as written, even where it differs from the framework (PAR206)
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
        columns, rows = _remediation(tree, plan)
    else:
        columns, rows = _improvement(tree, plan)
    aliases = {plan.entries[i].code: leaf for i, leaf in tree.strays.items()
               if leaf is not None and 0 <= i < len(plan.entries)}
    return Appendix(label, title, attached, columns, rows, plan.layout, document_title=doc_title,
                    bars=_bars(tree), aliases=aliases)


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


# Optional columns of the improvement layout, in the official order after
# "Đơn vị chủ trì": printed only when some entry of the plan fills them.
EXTRA_COLUMNS = (
    ("partners", "Đơn vị phối hợp", 12),
    ("deadline", "Thời gian hoàn thành", 9),
    ("product", "Sản phẩm", 10),
    ("note", "Ghi chú", 8),
)


def _extra_keys(plan: Plan, keys: tuple[str, ...]) -> list[str]:
    return [k for k in keys if any(getattr(e, k) for e in plan.entries)]


def _extra_cell(entry, key: str) -> Cell:
    if entry is None:
        return Cell()
    value = getattr(entry, key)
    return lines_cell(value) if isinstance(value, list) else text_cell(value)


def _stt(node: Node) -> Cell:
    """The row number as the document printed it (`label:`), else the code."""
    entry = node.entry
    return Cell(entry.label if entry is not None and entry.label else (node.code or ""))


def _path(node: Node) -> tuple:
    return ("entries", node.index) if node.entry is not None and node.index is not None else ()


def mark_parents(rows: list[Row]) -> None:
    """A row followed by a deeper row heads a group: keep it with the next row."""
    for row, following in zip(rows, rows[1:]):
        if following.style != "total" and following.level > row.level:
            row.parent = True


def _improvement(tree, plan: Plan) -> tuple[list[Column], list[Row]]:
    extras = _extra_keys(plan, tuple(k for k, _, _ in EXTRA_COLUMNS))
    columns = [
        Column("code", "STT", 6),
        Column("name", "Lĩnh vực/Tiêu chí/Tiêu chí thành phần", 27 if not extras else 22),
        Column("max", "Điểm chuẩn", 7, numeric=True),
        Column("baseline", f"Điểm {plan.base_year} đạt được", 8, numeric=True),
        Column("target", f"Mục tiêu năm {plan.year}", 8, numeric=True),
        Column("tasks", "Nhiệm vụ/giải pháp", 30 if not extras else 26),
        Column("lead", "Đơn vị chủ trì", 14 if not extras else 12),
    ]
    columns += [Column(k, label, w) for k, label, w in EXTRA_COLUMNS if k in extras]
    rows = []
    for node in tree.nodes():
        entry = node.entry
        rows.append(Row([
            _stt(node), Cell(_name(node)), _max_cell(node),
            _series_cell(node, "baseline"), _series_cell(node, "target"),
            lines_cell(entry.tasks if entry else []), lines_cell(entry.lead if entry else []),
        ] + [_extra_cell(entry, k) for k in extras], _row_style(node), node.depth, node.code, path=_path(node)))
    mark_parents(rows)
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


def _deducted_cell(node: Node, declared: Decimal | None = None) -> Cell:
    entry = node.entry
    if declared is None and entry is not None and entry.deducted is not None:
        declared = entry.deducted
    if declared is not None:
        value = -abs(declared)
        return Cell(vi(value), value, decimals(value))
    lost = _lost(node)
    if lost is None:
        return Cell()
    value = -tidy(lost)
    return Cell(vi(value) if lost else "0", value, decimals(value))


def _remediation(tree, plan: Plan) -> tuple[list[Column], list[Row]]:
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
    notes = bool(_extra_keys(plan, ("note",)))
    if notes:
        columns.append(Column("note", "Ghi chú", 8))
    keep: set[int] = set()
    for node in tree.nodes():
        lost = _lost(node)
        # a row that lost points, or one the plan writes a deduction for (as
        # written, even when its score says it lost nothing: PAR208), or one
        # whose score is above its max (PAR201: the document printed it, and
        # the review view marks it)
        said = node.entry is not None and bool(node.entry.deducted) and node.applicable
        if (lost is not None and lost != 0) or said:
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
            _stt(node), Cell(_name(node)), _max_cell(node),
            _series_cell(node, "baseline"), _deducted_cell(node),
            text_cell(entry.reason if entry else None), lines_cell(entry.tasks if entry else []),
            lines_cell(leads), text_cell(entry.deadline if entry else None),
            text_cell(entry.product if entry else None),
        ] + ([_extra_cell(entry, "note")] if notes else []), _row_style(node), node.depth, node.code,
               path=_path(node)))
    mark_parents(rows)
    root = tree.root
    totals = plan.totals
    declared_max = totals.max if totals is not None and totals.max is not None else None
    max_cell = score_cell(declared_max) if declared_max is not None else _max_cell(root)
    rows.append(Row([Cell(""), Cell("Tổng cộng"), max_cell, _series_cell(root, "baseline"),
                     _deducted_cell(root, totals.deducted if totals is not None else None)]
                    + [Cell() for _ in range(len(columns) - 5)], "total", 0, None))
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
    notes = any(item.note for group in model.groups for item in group.items)
    columns = [Column("code", "STT", 6), Column("name", "Các mục tiêu/chỉ tiêu", name_width)]
    columns += [Column(c.key, c.label, rest) for c in model.columns]
    if notes and "note" not in [c.key for c in model.columns]:
        columns.append(Column("note", "Ghi chú", 10))
    else:
        notes = False
    rows: list[Row] = []
    for g, group in enumerate(model.groups):
        if group.code or group.name:
            rows.append(Row([Cell(group.code or ""), Cell(upper(group.name or ""))]
                            + [Cell() for _ in model.columns] + ([Cell()] if notes else []), "group", 1, group.code,
                            path=("groups", g)))
        for i, item in enumerate(group.items):
            values = item.values
            cells = [Cell(item.code or ""), Cell(item.name)]
            cells += [Cell((values or {}).get(c.key) or "") for c in model.columns]
            if notes:
                cells.append(text_cell(item.note))
            rows.append(Row(cells, "heading" if values is None else "item", 2, item.code,
                            path=("groups", g, "items", i)))
    for row, following in zip(rows, rows[1:]):
        if row.style == "group" or (row.style == "heading" and following.style != "group"):
            row.parent = True
    document = model.document
    title = upper(document.appendix_title if document and document.appendix_title else model.title)
    return Appendix(label, title, attached_line(document, model.unit, None), columns, rows, "targets",
                    document_title=(document.title if document and document.title else model.title))


def budget_view(model: Budget, label: str) -> Appendix:
    """The budget table as the document printed it: the totals row shows the
    declared totals where the plan gives them (a forced render prints the
    plan as written), column sums only where it declares nothing; the
    per-row "Tổng cộng" column only when the plan has one (`total_column`,
    or a declared grand total)."""
    declared = model.declared_totals
    with_total = model.total_column or (declared is not None and declared.total is not None)
    n = len(model.years) + len(model.sources) + (1 if with_total else 0)
    width = max(6, (100 - 4 - 15) // max(1, n))
    columns = [Column("code", "Stt", 4), Column("name", "Nội dung", 15)]
    columns += [Column(f"y{y}", f"Năm {y}", width, numeric=True) for y in model.years]
    if with_total:
        columns += [Column("total", "Tổng cộng", width, numeric=True)]
    columns += [Column(f"s_{s}", model.label(s), width, numeric=True) for s in model.sources]
    notes = any(item.note for item in model.items)
    if notes:
        columns.append(Column("note", "Ghi chú", width))
    rows: list[Row] = []
    for i, item in enumerate(model.items):
        cells = [Cell(item.code or ""), Cell(item.name)]
        cells += [money_cell(item.by_year.get(y)) for y in model.years]
        if with_total:
            cells += [money_cell(sum(item.by_year.values()) if item.by_year else None)]
        cells += [money_cell(item.by_source.get(s)) for s in model.sources]
        if notes:
            cells.append(text_cell(item.note))
        rows.append(Row(cells, "item", 1, item.code, path=("items", i)))
    by_year, by_source, grand = column_sums(model)
    said_year = declared.by_year if declared is not None else {}
    said_source = declared.by_source if declared is not None else {}
    cells = [Cell(""), Cell("Tổng cộng")]
    cells += [money_cell(said_year[y] if y in said_year else by_year[y]) for y in model.years]
    if with_total:
        cells += [money_cell(declared.total if declared is not None and declared.total is not None else grand)]
    cells += [money_cell(said_source[s]) if s in said_source else (money_cell(by_source[s]) if by_source[s] else Cell())
              for s in model.sources]
    cells += [Cell()] if notes else []
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


# -- review view: diagnostics on the cells they point to ----------------------

_TOTAL_FIELDS = ("by_year.", "by_source.")


def _column_key(appendix: Appendix, diag_field: str | None) -> str:
    """The column a diagnostic's field is shown in ("name" when no column holds it)."""
    keys = [c.key for c in appendix.columns]
    name = (diag_field or "")
    if name.startswith("totals."):
        name = name[len("totals."):]
    candidates = [name]
    if name.startswith("by_year."):
        candidates.insert(0, "y" + name[len("by_year."):])
    elif name.startswith("by_source."):
        candidates.insert(0, "s_" + name[len("by_source."):])
    elif "." in name:                      # targets: values.KEY, measures.KEY
        candidates.insert(0, name.split(".", 1)[1])
    if name in ("appraised", "self_assessed"):
        candidates.append("baseline")
    for key in candidates:
        if key in keys:
            return key
    return "name" if "name" in keys else keys[0]


def _row_at_line(appendix: Appendix, line: int | None, lines: list[int | None] | None,
                 ends: list[int | None] | None) -> int | None:
    """The row whose input holds `line` (the innermost when rows nest): where
    a diagnostic without an item points (a targets item without a code)."""
    if not line or not lines or not ends:
        return None
    inside = [i for i, (start, end) in enumerate(zip(lines, ends))
              if start is not None and end is not None and start <= line <= end
              and appendix.rows[i].style != "total"]
    return max(inside, key=lambda i: lines[i]) if inside else None


def _row_for(appendix: Appendix, item: str | None, diag_field: str | None, line: int | None = None,
             lines: list[int | None] | None = None, ends: list[int | None] | None = None) -> int | None:
    """Index of the row a diagnostic points to: its item's row; the totals row
    for a diagnostic about the totals (no item); None when the table has no
    such row (an entry the framework does not know, a remediation row that
    lost nothing, a top-level key such as baseline_year)."""
    if item is None:
        name = diag_field or ""
        if name.startswith("totals.") or (appendix.kind == "budget" and (
                name.startswith(_TOTAL_FIELDS) or name == "total")):
            for i in range(len(appendix.rows) - 1, -1, -1):
                if appendix.rows[i].style == "total":
                    return i
        return _row_at_line(appendix, line, lines, ends)
    wanted = {item, item.strip().rstrip(".")}
    wanted |= {appendix.aliases[code] for code in list(wanted) if code in appendix.aliases}
    found = [i for i, row in enumerate(appendix.rows)
             if row.code is not None and row.code in wanted and row.style != "total"]
    code = item.strip().rstrip(".")
    while not found and "." in code:
        # a row the table does not print (a code the framework does not know,
        # a remediation row that lost nothing): its nearest printed ancestor
        code = code.rsplit(".", 1)[0]
        found = [i for i, row in enumerate(appendix.rows)
                 if row.code == code and row.style != "total"]
    if len(found) > 1 and line and lines:
        # the same code in several rows (targets number 1, 2 … again in each
        # group; a duplicated code): the row whose input holds the line
        before = [i for i in found if lines[i] is not None and lines[i] <= line]
        if before:
            return max(before, key=lambda i: lines[i])
    return found[0] if found else None


def verdict(errors: int, warnings: int) -> str:
    if not errors and not warnings:
        return "Không có lỗi"
    if not errors:
        return f"Không có lỗi, {warnings} cảnh báo"
    return f"Kế hoạch có {errors} lỗi, {warnings} cảnh báo"


def _row_lines(appendix: Appendix, source: Any) -> list[int | None]:
    lines: list[int | None] = []
    for row in appendix.rows:
        try:
            lines.append(source.at(row.path)[0] if source is not None and row.path else None)
        except Exception:   # a source map without positions (office files): match by code only
            lines.append(None)
    return lines


def _row_ends(appendix: Appendix, source: Any) -> list[int | None]:
    """The last input line of each row (its deepest value): with the start
    line, the span of input a row comes from."""
    values = getattr(source, "values", None)
    if not isinstance(values, dict):
        return [None] * len(appendix.rows)
    last: dict[tuple, int] = {}
    wanted = {row.path for row in appendix.rows if row.path}
    for path, position in values.items():
        for cut in range(len(path), 0, -1):
            prefix = path[:cut]
            if prefix in wanted:
                last[prefix] = max(last.get(prefix, 0), position[0])
    return [last.get(row.path) if row.path else None for row in appendix.rows]


def attach_diagnostics(appendix: Appendix, diagnostics: Iterable[Any], index: int = 0,
                       source: Any = None) -> Appendix:
    """Number the diagnostics, point each at its row and cell, and give every
    row an anchor: what the HTML review view and the .xlsx comments show.
    `source` (the input's source map) tells rows with the same code apart."""
    prefix = f"a{index + 1}"
    lines = _row_lines(appendix, source)
    ends = _row_ends(appendix, source)
    for r, row in enumerate(appendix.rows, start=1):
        row.anchor = f"{prefix}-r{r}"
    keys = [c.key for c in appendix.columns]
    marks: list[Mark] = []
    for number, diag in enumerate(diagnostics, start=1):
        mark = Mark(number, diag.severity, diag.code, diag.item, diag.field, diag.message("vi"),
                    id=f"{prefix}-d{number}")
        r = _row_for(appendix, diag.item, diag.field, getattr(diag, "line", None), lines, ends)
        if r is not None:
            row = appendix.rows[r]
            key = _column_key(appendix, diag.field)
            column = keys.index(key)
            mark.anchor = row.anchor
            mark.column = appendix.columns[column].label
            row.cells[column].marks.append(mark)
        marks.append(mark)
    appendix.marks = marks
    appendix.review = True
    errors = sum(1 for m in marks if m.severity == "error")
    warnings = sum(1 for m in marks if m.severity == "warning")
    appendix.verdict = verdict(errors, warnings)
    appendix.verdict_ok = not marks
    return appendix
