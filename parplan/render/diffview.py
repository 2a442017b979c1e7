"""What a comparison shows: the JSON contract of SPEC 4 (`as_dict`), rows of
formatted strings for the terminal table, Markdown, rich renderables and the
ND30 .docx appendix. Numbers are formatted by `parplan.numbers` only; the
comparison itself is computed by `parplan.diff`.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Callable, Iterable

from ..diff import SERIES, Comparison, ItemDiff
from ..numbers import vi

# -- what the outputs show ---------------------------------------------------------

def as_dict(cmp: Comparison) -> dict:
    """The JSON contract of SPEC 4 (numbers as plain decimal strings), with
    extensions: codes, comparable, applicable, applicable_max, index, and the
    top-level mapping, attainment_year and summary."""
    def scores(item: ItemDiff) -> dict:
        return {"max": item.max.as_dict(), "applicable_max": item.applicable_max.as_dict(),
                "baseline": item.baseline.as_dict(), "target": item.target.as_dict(),
                "index": {s: item.index(s).as_dict() for s in SERIES},
                "attainment": item.attainment.as_dict() if item.attainment else None}

    def one(item: ItemDiff) -> dict:
        return {"code": item.code,
                "codes": {"a": item.a.code if item.a else None, "b": item.b.code if item.b else None},
                "level": item.level, "presence": item.presence, "flags": list(item.flags),
                "comparable": item.comparable,
                "name": {"a": item.a.name if item.a else None, "b": item.b.name if item.b else None},
                "applicable": {"a": item.a.applicable if item.a else None,
                               "b": item.b.applicable if item.b else None},
                **scores(item)}

    codes = lambda items: [item.code for item in items]  # noqa: E731
    return {
        "a": cmp.a.as_dict(), "b": cmp.b.as_dict(),
        "mapping": dict(cmp.mapping),
        "attainment_year": cmp.attainment_year,
        "items": [one(item) for item in cmp.items],
        "totals": scores(cmp.total),
        "summary": {"changed": cmp.changed,
                    "framework_changes": codes(cmp.framework_changes),
                    "applicability_changes": codes(cmp.applicability_changes),
                    "gained": codes(cmp.gained), "lost": codes(cmp.lost),
                    "targets_met": codes(cmp.met), "targets_missed": codes(cmp.missed)},
    }


_TEXT = {
    "vi": {
        "code": "STT", "name": "Lĩnh vực/Tiêu chí", "max": "Điểm chuẩn",
        "baseline": "Đạt {year}", "target": "MT {year}", "delta": "±",
        "attainment": "MT {year} đạt?", "note": "Ghi chú",
        "total": "TỔNG ĐIỂM", "index": "Chỉ số (%)",
        "met": "đạt", "over": "vượt {gap}", "short": "thiếu {gap}",
        "added": "mới", "removed": "đã bỏ", "renamed": "đổi tên", "max_changed": "đổi điểm chuẩn",
        "moved": "chuyển mục", "renumbered": "đổi mã {a}→{b}", "applicable_changed": "áp dụng: {a}→{b}",
        "yes": "có", "no": "không",
        "title": "So sánh kế hoạch: {units}",
        "side": "{label}: {file} — kế hoạch năm {year}, điểm đạt được năm {base}, bộ tiêu chí {framework}",
        "self_described": "tự mô tả",
        "attain_on": "Đạt mục tiêu: mục tiêu năm {year} (A) so với điểm đạt được năm {year} (B).",
        "attain_off": "Không so đạt mục tiêu: điểm đạt được của B là năm {base}, không phải năm kế hoạch của A ({year}).",
        "legend": "Đạt = điểm đạt được · MT = mục tiêu · ± = B − A · — = không áp dụng · "
                  "* = tiêu chí hoặc điểm chuẩn đã đổi (chỉ để tham khảo)",
        "fw_title": "Thay đổi bộ tiêu chí (chênh lệch điểm của các dòng này không so sánh trực tiếp được)",
        "fw_none": "Bộ tiêu chí: không thay đổi.",
        "fw_added": "mới ở B (điểm chuẩn {max})", "fw_removed": "chỉ có ở A (điểm chuẩn {max})",
        "fw_renamed": "đổi tên: “{a}” → “{b}”", "fw_max": "điểm chuẩn {a} → {b}",
        "fw_moved": "chuyển từ mục {a} sang mục {b}", "fw_renumbered": "đổi mã {a} → {b}",
        "detail": "Chi tiết theo lĩnh vực, tiêu chí",
        "areas": "Chỉ số theo lĩnh vực (điểm / điểm chuẩn áp dụng, %)",
        "idx_baseline": "Đạt {year}", "idx_target": "MT {year}",
        "summary": "Tóm tắt",
        "gained": "Tăng điểm (điểm đạt được {a} → {b})", "lost": "Giảm điểm (điểm đạt được {a} → {b})",
        "missed_list": "Chưa đạt mục tiêu năm {year}", "met_count": "Đạt mục tiêu năm {year}: {met}/{all} tiêu chí",
        "applicability": "Thay đổi phạm vi áp dụng",
        "none": "không có", "criteria": "{n} tiêu chí",
        "missed_item": "{code} (mục tiêu {target}, đạt {achieved}: {gap})",
        "no_change": "Hai kế hoạch giống hệt nhau về điểm chuẩn, điểm đạt được và mục tiêu.",
        "total_line": "Tổng điểm: {scores}. {target}.", "total_score": "đạt {pair}", "total_index": "chỉ số {pair}",
        "total_target": "Mục tiêu {pair}", "no_targets_total": "Chưa nhập mục tiêu",
        "no_scores": "chưa nhập điểm", "no_targets": "chưa nhập mục tiêu",
    },
    "en": {
        "code": "Code", "name": "Area/criterion", "max": "Max",
        "baseline": "Score {year}", "target": "Target {year}", "delta": "±",
        "attainment": "Target {year} met?", "note": "Note",
        "total": "TOTAL", "index": "Index (%)",
        "met": "met", "over": "over by {gap}", "short": "short by {gap}",
        "added": "new", "removed": "removed", "renamed": "renamed", "max_changed": "max changed",
        "moved": "moved", "renumbered": "code {a}→{b}", "applicable_changed": "applicable: {a}→{b}",
        "yes": "yes", "no": "no",
        "title": "Plan comparison: {units}",
        "side": "{label}: {file} — plan for {year}, scores achieved in {base}, framework {framework}",
        "self_described": "self-described",
        "attain_on": "Targets met: A's {year} targets against the scores achieved in {year} (B's baseline).",
        "attain_off": "Targets not checked: B's baseline scores are from {base}, not A's plan year ({year}).",
        "legend": "± = B − A · — = not applicable · * = criterion or max changed: delta for reference only",
        "fw_title": "Framework changes (score deltas on these rows do not compare directly)",
        "fw_none": "Framework: no changes.",
        "fw_added": "new in B (max {max})", "fw_removed": "only in A (max {max})",
        "fw_renamed": "renamed: “{a}” → “{b}”", "fw_max": "max {a} → {b}",
        "fw_moved": "moved from {a} to {b}", "fw_renumbered": "code {a} → {b}",
        "detail": "Detail by area and criterion",
        "areas": "Index by area (score / applicable max, %)",
        "idx_baseline": "Score {year}", "idx_target": "Target {year}",
        "summary": "Summary",
        "gained": "Gained (score achieved {a} → {b})", "lost": "Lost (score achieved {a} → {b})",
        "missed_list": "Targets for {year} missed", "met_count": "Targets for {year} met: {met}/{all} criteria",
        "applicability": "Applicability changes",
        "none": "none", "criteria": "{n} criteria",
        "missed_item": "{code} (target {target}, achieved {achieved}: {gap})",
        "no_change": "The two plans have the same max, scores and targets.",
        "total_line": "Total: {scores}. {target}.", "total_score": "score {pair}", "total_index": "index {pair}",
        "total_target": "Target {pair}", "no_targets_total": "Targets not entered yet",
        "no_scores": "scores not entered yet", "no_targets": "targets not entered yet",
    },
}

NA = "—"
NAME_WIDTH = 44   # characters of a criterion's name in the terminal table
DOCX_COLUMNS = {  # (label, width); the .docx is an official document: Vietnamese labels
    "code": ("STT", 5), "name": ("Lĩnh vực/Tiêu chí/Tiêu chí thành phần", 24), "max": ("Điểm chuẩn", 7),
    "baseline_a": ("Điểm {base_a} đạt được", 7), "baseline_b": ("Điểm {base_b} đạt được", 7),
    "baseline_delta": ("Tăng (+), giảm (−)", 7), "target_a": ("Mục tiêu năm {year_a}", 7),
    "target_b": ("Mục tiêu năm {year_b}", 7), "target_delta": ("Tăng (+), giảm (−)", 7),
    "attainment": ("Kết quả so với mục tiêu năm {year_a}", 9), "note": ("Ghi chú", 13),
}


def _t(lang: str) -> dict[str, str]:
    return _TEXT["en" if lang == "en" else "vi"]


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    numeric: bool


def units_differ(cmp: Comparison) -> bool:
    """Whether A and B are plans of different units (names compared after
    NFC and whitespace normalisation)."""
    from ..report import unit_key

    return unit_key(cmp.a.unit).casefold() != unit_key(cmp.b.unit).casefold()


def side_label(cmp: Comparison, side: str, label: str) -> str:
    """A column label of one side, named after its unit when A and B are
    plans of different units ("UBND tỉnh A – Đạt 2023")."""
    if not units_differ(cmp):
        return label
    info = cmp.a if side == "a" else cmp.b
    return f"{info.unit} – {label}"


def _score_columns(cmp: Comparison, t: dict[str, str], baseline: str, target: str) -> list[Column]:
    return [Column("code", t["code"], False), Column("name", t["name"], False),
            Column("baseline_a", side_label(cmp, "a", t[baseline].format(year=cmp.a.baseline_year)), True),
            Column("baseline_b", side_label(cmp, "b", t[baseline].format(year=cmp.b.baseline_year)), True),
            Column("baseline_delta", t["delta"], True),
            Column("target_a", side_label(cmp, "a", t[target].format(year=cmp.a.year)), True),
            Column("target_b", side_label(cmp, "b", t[target].format(year=cmp.b.year)), True),
            Column("target_delta", t["delta"], True)]


def columns(cmp: Comparison, lang: str = "vi", note: bool = False) -> list[Column]:
    """The comparison table's columns (keys of `Row.cells`)."""
    t = _t(lang)
    cols = _score_columns(cmp, t, "baseline", "target")
    cols.insert(2, Column("max", t["max"], True))
    if cmp.attainment_year is not None:
        cols.append(Column("attainment", t["attainment"].format(year=cmp.attainment_year), False))
    if note:
        cols.append(Column("note", t["note"], False))
    return cols


@dataclass(frozen=True)
class Row:
    """One row of the comparison table, every cell formatted."""

    cells: dict[str, str]
    style: str                      # area | criterion | item | total | index
    level: int
    item: ItemDiff | None = None

    def tone(self, key: str) -> str | None:
        """'up', 'down' or 'flag' for colouring a cell; None for plain."""
        item = self.item
        if item is None:
            return None
        if key in ("baseline_delta", "target_delta"):
            delta = item.score(key.split("_")[0]).delta
            if delta is None or delta == 0:
                return None
            return "flag" if not item.comparable else ("up" if delta > 0 else "down")
        if key == "attainment" and item.attainment is not None:
            return "down" if item.missed else "up"
        if key == "name" and (item.presence != "both" or item.flags):
            return "flag"
        if key == "max" and item.applicable_max.changed:
            return "flag"
        return None


def _num(value: Decimal | None, applicable: bool = True, sign: bool = False, suffix: str = "") -> str:
    if not applicable:
        return NA
    return "" if value is None else vi(value, sign=sign) + suffix


def _side_cell(item: ItemDiff, side: str, series: str) -> str:
    f = item.a if side == "a" else item.b
    if f is None:
        return ""
    return _num(f.score(series), f.applicable)


def _max_cell(item: ItemDiff) -> str:
    shown = [_num(f.applicable_max, f.applicable) for f in (item.a, item.b) if f is not None]
    return shown[0] if len(set(shown)) == 1 else " → ".join(shown)


def _delta_cell(item: ItemDiff, series: str) -> str:
    delta = item.score(series).delta
    if delta is None:
        return ""
    return vi(delta, sign=True) + ("" if item.comparable else "*")


def _attainment_cell(item: ItemDiff, lang: str) -> str:
    att = item.attainment
    if att is None:
        return ""
    t = _t(lang)
    if att.gap == 0:
        text = t["met"]
    else:
        text = t["over" if att.gap > 0 else "short"].format(gap=vi(abs(att.gap)))
    return text + ("" if item.comparable else "*")


def _index_cells(item: ItemDiff) -> dict[str, str]:
    cells = {}
    for series in SERIES:
        pair = item.index(series)
        cells[f"{series}_a"] = _num(pair.a, suffix="%")
        cells[f"{series}_b"] = _num(pair.b, suffix="%")
        cells[f"{series}_delta"] = _num(pair.delta, sign=True)
    return cells


def markers(item: ItemDiff, lang: str = "vi") -> list[str]:
    """Short words for what changed about an item's place in the framework."""
    t = _t(lang)
    if item.presence != "both":
        return [t[item.presence]]
    words = []
    for flag in item.flags:
        if flag == "renumbered":
            words.append(t[flag].format(a=item.a.code, b=item.b.code))
        elif flag == "applicable_changed":
            yes_no = lambda f: t["yes"] if f.applicable else t["no"]  # noqa: E731
            words.append(t[flag].format(a=yes_no(item.a), b=yes_no(item.b)))
        elif flag != "max_changed" or item.level:   # the total's max shows for itself
            words.append(t[flag])
    return words


def _name(item: ItemDiff, lang: str) -> str:
    if item.level == 0:
        return _t(lang)["total"]
    return item.name.upper() if item.level == 1 else item.name


def _item_row(item: ItemDiff, lang: str, prefix_markers: bool) -> Row:
    words = markers(item, lang)
    name = _name(item, lang)
    if prefix_markers and words:
        name = "[" + ", ".join(words) + "] " + name
    cells = {"code": item.code or "", "name": name, "max": _max_cell(item),
             "baseline_a": _side_cell(item, "a", "baseline"), "baseline_b": _side_cell(item, "b", "baseline"),
             "baseline_delta": _delta_cell(item, "baseline"),
             "target_a": _side_cell(item, "a", "target"), "target_b": _side_cell(item, "b", "target"),
             "target_delta": _delta_cell(item, "target"),
             "attainment": _attainment_cell(item, lang), "note": "; ".join(words)}
    style = {0: "total", 1: "area", 2: "criterion"}.get(item.level, "item")
    return Row(cells, style, item.level, item)


def _kept(items: Iterable[ItemDiff]) -> set[str]:
    """Codes of the rows to show with --only-changes: what changed or missed
    its target, and their ancestors for context."""
    keep: set[str] = set()
    for item in items:
        if (item.changed or item.missed) and item.code:
            parts = item.code.split(".")
            keep.update(".".join(parts[:n]) for n in range(1, len(parts) + 1))
    return keep


def rows(cmp: Comparison, lang: str = "vi", only_changes: bool = False, prefix_markers: bool = True) -> list[Row]:
    """The comparison table: one row per item (areas, criteria, sub-criteria),
    then the TỔNG ĐIỂM row and the index row (score / applicable max, %)."""
    keep = _kept(cmp.items) if only_changes else None
    out = [_item_row(item, lang, prefix_markers) for item in cmp.items if keep is None or item.code in keep]
    out.append(_item_row(cmp.total, lang, False))
    index = dict.fromkeys(("code", "max", "attainment", "note"), "")
    index.update(name=_t(lang)["index"], **_index_cells(cmp.total))
    out.append(Row(index, "index", 0, None))
    return out


def index_rows(cmp: Comparison, lang: str = "vi") -> tuple[list[Column], list[list[str]]]:
    """Per area and overall: score / applicable max, in %, A → B."""
    cols = _score_columns(cmp, _t(lang), "idx_baseline", "idx_target")
    body = []
    for item in cmp.areas + [cmp.total]:
        cells = dict(_index_cells(item), code=item.code or "", name=_name(item, lang))
        body.append([cells[c.key] for c in cols])
    return cols, body


def header_lines(cmp: Comparison, lang: str = "vi") -> list[str]:
    t = _t(lang)
    units = cmp.a.unit if cmp.a.unit == cmp.b.unit else f"{cmp.a.unit} / {cmp.b.unit}"
    lines = [t["title"].format(units=units)]
    for label, info in (("A", cmp.a), ("B", cmp.b)):
        lines.append(t["side"].format(label=label, file=info.file or "?", year=info.year,
                                      base=info.baseline_year, framework=info.framework or t["self_described"]))
    if cmp.attainment_year is not None:
        lines.append(t["attain_on"].format(year=cmp.attainment_year))
    else:
        lines.append(t["attain_off"].format(base=cmp.b.baseline_year, year=cmp.a.year))
    lines.append(t["legend"])
    return lines


def framework_lines(cmp: Comparison, lang: str = "vi") -> list[str]:
    """One line per added, removed, renamed, renumbered, moved or re-scaled item."""
    t = _t(lang)
    out = []
    for item in cmp.framework_changes:
        a, b = item.a, item.b
        if item.presence == "added":
            what = [t["fw_added"].format(max=_num(b.max) or "?")]
        elif item.presence == "removed":
            what = [t["fw_removed"].format(max=_num(a.max) or "?")]
        else:
            what = []
            if "renumbered" in item.flags:
                what.append(t["fw_renumbered"].format(a=a.code, b=b.code))
            if "moved" in item.flags:
                what.append(t["fw_moved"].format(a=a.parent or "—", b=b.parent or "—"))
            if "max_changed" in item.flags:
                what.append(t["fw_max"].format(a=vi(a.max), b=vi(b.max)))
            if "renamed" in item.flags:
                what.append(t["fw_renamed"].format(a=a.name, b=b.name))
        mark = {"added": "+", "removed": "−"}.get(item.presence, "~")
        name = "" if "renamed" in item.flags else f" {item.name}"
        out.append(f"{mark} {item.code}{name}: " + "; ".join(what))
    return out


def summary_lines(cmp: Comparison, lang: str = "vi") -> list[str]:
    t = _t(lang)

    def listing(items: list[ItemDiff], show: Callable[[ItemDiff], str]) -> str:
        if not items:
            return t["none"]
        return t["criteria"].format(n=len(items)) + ": " + "; ".join(show(i) for i in items)

    if not cmp.changed:
        return [t["no_change"]]
    base = lambda i: f"{i.code} {vi(i.baseline.delta, sign=True)}"  # noqa: E731
    years = dict(a=cmp.a.baseline_year, b=cmp.b.baseline_year)
    lines = [t["gained"].format(**years) + ": " + listing(cmp.gained, base),
             t["lost"].format(**years) + ": " + listing(cmp.lost, base)]
    if cmp.attainment_year is not None:
        year = cmp.attainment_year
        missed = lambda i: t["missed_item"].format(  # noqa: E731
            code=i.code, target=vi(i.attainment.target), achieved=vi(i.attainment.achieved),
            gap=_attainment_cell(i, lang))
        lines.append(t["missed_list"].format(year=year) + ": " + listing(cmp.missed, missed))
        lines.append(t["met_count"].format(year=year, met=len(cmp.met), all=len(cmp.met) + len(cmp.missed)))
    if cmp.applicability_changes:
        lines.append(t["applicability"] + ": " + "; ".join(
            f"{i.code} ({markers(i, lang)[-1]})" for i in cmp.applicability_changes))
    total = cmp.total
    ib = total.index("baseline")
    scores = [t["total_score"].format(pair=_pair(total.baseline.a, total.baseline.b, total.baseline.delta,
                                                 t["no_scores"]))
              if (total.baseline.a, total.baseline.b) != (None, None) else t["no_scores"]]
    if (ib.a, ib.b) != (None, None):
        scores.append(t["total_index"].format(pair=_pair(ib.a, ib.b, None, t["no_scores"], "%")))
    target = (t["total_target"].format(pair=_pair(total.target.a, total.target.b, total.target.delta,
                                                  t["no_targets"]))
              if (total.target.a, total.target.b) != (None, None) else t["no_targets_total"])
    lines.append(t["total_line"].format(scores="; ".join(scores), target=target))
    return lines


def _pair(a: Decimal | None, b: Decimal | None, delta: Decimal | None, missing: str, suffix: str = "") -> str:
    """"A → B (±)" of the summary line; a year not filled in yet says so
    (never "0" or an empty arrow)."""
    if a is None and b is None:
        return missing
    text = f"{_num(a, suffix=suffix) if a is not None else missing} → {_num(b, suffix=suffix) if b is not None else missing}"
    if delta is not None and a is not None and b is not None:
        text += f" ({_num(delta, sign=True)})"
    return text


def markdown(cmp: Comparison, lang: str = "vi", only_changes: bool = False) -> str:
    t = _t(lang)

    def cell(text: str) -> str:
        return text.replace("|", "\\|").replace("\n", " ")

    def table(cols: list[Column], body: list[list[str]]) -> list[str]:
        out = ["| " + " | ".join(cell(c.label) for c in cols) + " |",
               "|" + "|".join("---:" if c.numeric else "---" for c in cols) + "|"]
        out += ["| " + " | ".join(cell(x) for x in line) + " |" for line in body]
        return out

    head = header_lines(cmp, lang)
    out = [f"# {head[0]}", ""] + [f"- {line}" for line in head[1:]] + [""]
    changes = framework_lines(cmp, lang)
    out += ([f"## {t['fw_title']}", ""] + [f"- {line}" for line in changes] if changes else [t["fw_none"]])
    out += ["", f"## {t['detail']}", ""]
    cols = columns(cmp, lang)
    body = []
    for row in rows(cmp, lang, only_changes):
        strong = row.style in ("area", "total", "index")
        body.append([f"**{cell(row.cells[c.key])}**" if strong and row.cells[c.key] and c.key in ("code", "name")
                     else row.cells[c.key] for c in cols])
    out += table(cols, body)
    out += ["", f"## {t['areas']}", ""]
    out += table(*index_rows(cmp, lang))
    out += ["", f"## {t['summary']}", ""] + [f"- {line}" for line in summary_lines(cmp, lang)]
    return "\n".join(out) + "\n"


def _cut(text: str, width: int = NAME_WIDTH) -> str:
    return text if len(text) <= width else text[:width - 1].rstrip() + "…"


def renderables(cmp: Comparison, lang: str = "vi", only_changes: bool = False) -> list[Any]:
    """rich objects for the terminal table (plain text when not a terminal)."""
    from rich import box
    from rich.table import Table
    from rich.text import Text

    t = _t(lang)
    styles = {"up": "green", "down": "red", "flag": "yellow"}
    out: list[Any] = []
    head = header_lines(cmp, lang)
    out.append(Text(head[0], style="bold"))
    out.extend(Text("  " + line, style="dim" if i == len(head) - 2 else "") for i, line in enumerate(head[1:]))
    out.append(Text(""))
    changes = framework_lines(cmp, lang)
    if changes:
        out.append(Text(t["fw_title"], style="bold yellow"))
        out.extend(Text("  " + line) for line in changes)
    else:
        out.append(Text(t["fw_none"]))
    out.append(Text(""))

    def table(title: str, cols: list[Column]) -> Table:
        # Numbers never wrap; names are cut to one line here and only wrap
        # when the terminal is too narrow even for that.
        out = Table(title=title, title_justify="left", title_style="bold", box=box.SIMPLE_HEAD,
                    padding=(0, 0), show_edge=False)
        for col in cols:
            out.add_column(col.label, justify="right" if col.numeric else "left",
                           no_wrap=col.key != "name", min_width=12 if col.key == "name" else None)
        return out

    cols = columns(cmp, lang)
    detail = table(t["detail"], cols)
    body = rows(cmp, lang, only_changes)
    for n, row in enumerate(body):
        bold = "bold" if row.style in ("area", "total", "index") else ""
        cells = []
        for col in cols:
            text = row.cells[col.key]
            if col.key == "name":
                text = _cut("  " * max(0, row.level - 1) + text)
            tone = row.tone(col.key)
            cells.append(Text(text, style=" ".join(x for x in (bold, styles.get(tone or "", "")) if x)))
        detail.add_row(*cells, end_section=n + 1 < len(body) and body[n + 1].style == "total")
    out.append(detail)

    icols, ibody = index_rows(cmp, lang)
    itable = table(t["areas"], icols)
    for n, line in enumerate(ibody):
        itable.add_row(*(_cut(x) if i == 1 else x for i, x in enumerate(line)),
                       style="bold", end_section=n + 2 == len(ibody))
    out.append(itable)
    out.append(Text(t["summary"], style="bold"))
    out.extend(Text("  " + line) for line in summary_lines(cmp, lang))
    return out


def appendix(cmp: Comparison, only_changes: bool = False):
    """The comparison as an ND30 landscape appendix (Vietnamese, kind "diff")."""
    from .view import Appendix, Cell, Column as ViewColumn, Row as ViewRow, attached_line

    years = dict(base_a=cmp.a.baseline_year, base_b=cmp.b.baseline_year, year_a=cmp.a.year, year_b=cmp.b.year)
    keys = [c.key for c in columns(cmp, "vi", note=True)]
    view_columns = [ViewColumn(key, _docx_label(cmp, key, DOCX_COLUMNS[key][0].format(**years)), DOCX_COLUMNS[key][1],
                               numeric=key not in ("code", "name", "note", "attainment")) for key in keys]
    view_rows = []
    for row in rows(cmp, "vi", only_changes, prefix_markers=False):
        cells = dict(row.cells)
        if row.style == "index":
            cells["name"] = "Chỉ số CCHC (%)"
        view_rows.append(ViewRow([Cell(cells[key]) for key in keys],
                                 "total" if row.style == "index" else row.style, row.level,
                                 row.item.code if row.item is not None else None))
    unit = cmp.b.unit if cmp.a.unit == cmp.b.unit else f"{cmp.a.unit} và {cmp.b.unit}"
    title = f"So sánh kết quả, mục tiêu Chỉ số CCHC của {unit} năm {cmp.a.year} và năm {cmp.b.year}"
    return Appendix("Phụ lục", title.upper(), attached_line(cmp.b.document, cmp.b.unit, cmp.b.year),
                    view_columns, view_rows, "diff", document_title=title)


def _docx_label(cmp: Comparison, key: str, label: str) -> str:
    side = key.rpartition("_")[2]
    return side_label(cmp, side, label) if side in ("a", "b") and key != "attainment" else label
