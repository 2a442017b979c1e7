"""Comparing two plans (SPEC 4, `parplan diff`): pure functions, no I/O.

`diff(old, new)` walks the two rolled-up trees (`rollup.plan_tree`), so a
parent with no entry in the file is compared too, and matches items by code,
after an optional renumbering of the old codes (`--map`, docs/diff.md). Every
item of either tree becomes one `ItemDiff`:

- presence: `both` | `added` (only in the new plan) | `removed` (only in the old);
- flags: `renamed` (same code, other name), `max_changed`, `moved` (its parent
  code changed), `renumbered` (matched through the mapping), and
  `applicable_changed` (`applicable: false` in one of the two years);
- max, applicable max, baseline and target as pairs (a, b), delta = b − a;
- attainment: did the score achieved in the old plan's year (the new plan's
  baseline, when new.baseline_year = old.year) reach the old plan's target?

A value is the tree's rolled-up value (the declared one where the file gives
one); an item that does not apply (`applicable: false`) has no score. The
second half of the module turns a comparison into what the outputs show: the
JSON contract (`as_dict`), rows of formatted strings (`rows`), Markdown, rich
renderables and the .docx appendix. Numbers are formatted by `numbers` only.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Callable, Iterable, Iterator, Mapping

from .model import Framework, Plan
from .numbers import ZERO, percent, plain, tidy, vi
from .rollup import Node, PlanTree, code_parts, plan_tree

SERIES = ("baseline", "target")
FLAGS = ("renamed", "max_changed", "moved", "renumbered", "applicable_changed")
# Flags that make a row's score deltas meaningless (SPEC 4: "a framework
# change"); `moved` and `renumbered` keep the criterion, so its scores compare.
INCOMPARABLE = frozenset({"renamed", "max_changed", "applicable_changed"})
FRAMEWORK_FLAGS = frozenset({"renamed", "max_changed", "moved", "renumbered"})


class DiffError(ValueError):
    """The two plans cannot be compared as asked (a usage error), in two languages."""

    def __init__(self, vi_text: str, en_text: str):
        super().__init__(en_text)
        self.vi, self.en = vi_text, en_text

    def text(self, lang: str) -> str:
        return self.vi if lang == "vi" else self.en


# -- the two sides -------------------------------------------------------------

@dataclass(frozen=True)
class PlanInfo:
    file: str | None
    unit: str
    year: int
    baseline_year: int
    framework: str | None
    document: Any = field(default=None, compare=False, repr=False)  # the plan's `document` block

    def as_dict(self) -> dict:
        return {"file": self.file, "unit": self.unit, "year": self.year,
                "baseline_year": self.baseline_year, "framework": self.framework}


@dataclass(frozen=True)
class Side:
    info: PlanInfo
    tree: PlanTree


def side(plan: Plan, framework: Framework | None, file: str | None = None) -> Side:
    """One plan, rolled up, ready to compare."""
    info = PlanInfo(file, plan.unit, plan.year, plan.base_year, plan.framework, plan.document)
    return Side(info, plan_tree(plan, framework))


@dataclass(frozen=True)
class Facts:
    """One item as one plan sees it. Scores are None when the item does not
    apply or has no value; derived values lose arithmetic's trailing zeros."""

    code: str | None
    name: str | None
    level: int
    leaf: bool
    applicable: bool
    max: Decimal | None
    applicable_max: Decimal | None
    baseline: Decimal | None
    target: Decimal | None

    @property
    def parent(self) -> str | None:
        """The parent's code as the code says it (`1.3` for `1.3.2`): a plan
        that skips a level (seed 003) does not make its items look moved."""
        if not self.code:
            return None
        return self.code.rpartition(".")[0] or None

    def score(self, series: str) -> Decimal | None:
        return self.baseline if series == "baseline" else self.target

    def index(self, series: str) -> Decimal | None:
        """score / applicable max, as a percentage with two decimals."""
        value = self.score(series)
        if value is None or not self.applicable_max:
            return None
        return percent(value, self.applicable_max)


def facts(node: Node) -> Facts:
    def shown(series: str) -> Decimal | None:
        value = node.value.get(series)
        if not node.applicable or value is None:
            return None
        return value if node.declared.get(series) is not None else tidy(value)

    name = node.name or (node.entry.name if node.entry is not None else None)
    eff = node.eff_max
    if eff is not None and node.max is not None and eff == node.max:
        eff = node.max
    elif eff is not None:
        eff = tidy(eff)
    return Facts(node.code, name, node.depth, node.is_leaf, node.applicable, node.max, eff,
                 shown("baseline"), shown("target"))


# -- the comparison --------------------------------------------------------------

@dataclass(frozen=True)
class Pair:
    a: Decimal | None
    b: Decimal | None

    @property
    def delta(self) -> Decimal | None:
        return None if self.a is None or self.b is None else tidy(self.b - self.a)

    @property
    def changed(self) -> bool:
        return (self.a is None) != (self.b is None) or (self.delta is not None and self.delta != 0)

    def as_dict(self) -> dict:
        return {"a": plain(self.a), "b": plain(self.b), "delta": plain(self.delta)}


@dataclass(frozen=True)
class Attainment:
    """The old plan's target against the score then achieved (the new plan's baseline)."""

    target: Decimal
    achieved: Decimal

    @property
    def gap(self) -> Decimal:
        return tidy(self.achieved - self.target)

    @property
    def met(self) -> bool:
        return self.gap >= 0

    def as_dict(self) -> dict:
        return {"target": plain(self.target), "achieved": plain(self.achieved),
                "gap": plain(self.gap), "met": self.met}


@dataclass(frozen=True)
class ItemDiff:
    a: Facts | None
    b: Facts | None
    flags: tuple[str, ...] = ()
    attainment: Attainment | None = None

    @property
    def code(self) -> str | None:
        return (self.b or self.a).code

    @property
    def level(self) -> int:
        return (self.b or self.a).level

    @property
    def name(self) -> str:
        return (self.b or self.a).name or ""

    @property
    def presence(self) -> str:
        return "both" if self.a and self.b else ("added" if self.b else "removed")

    @property
    def leaf(self) -> bool:
        return bool(self.a and self.a.leaf or self.b and self.b.leaf)

    def _pair(self, get: Callable[[Facts], Decimal | None]) -> Pair:
        return Pair(get(self.a) if self.a else None, get(self.b) if self.b else None)

    @property
    def max(self) -> Pair:
        return self._pair(lambda f: f.max)

    @property
    def applicable_max(self) -> Pair:
        return self._pair(lambda f: f.applicable_max)

    def score(self, series: str) -> Pair:
        return self._pair(lambda f: f.score(series))

    @property
    def baseline(self) -> Pair:
        return self.score("baseline")

    @property
    def target(self) -> Pair:
        return self.score("target")

    def index(self, series: str) -> Pair:
        return self._pair(lambda f: f.index(series))

    @property
    def comparable(self) -> bool:
        """Whether the score deltas mean something: the same criterion, out of
        the same applicable max, applicable in both years."""
        return (self.presence == "both" and not INCOMPARABLE.intersection(self.flags)
                and self.applicable_max.a == self.applicable_max.b)

    @property
    def changed(self) -> bool:
        return (self.presence != "both" or bool(self.flags) or self.max.changed
                or self.baseline.changed or self.target.changed)

    @property
    def missed(self) -> bool:
        return self.attainment is not None and not self.attainment.met


@dataclass(frozen=True)
class Comparison:
    a: PlanInfo
    b: PlanInfo
    items: tuple[ItemDiff, ...]   # B's order, then the items only in A (in A's order)
    total: ItemDiff               # the TỔNG ĐIỂM row
    mapping: tuple[tuple[str, str | None], ...] = ()
    notes: tuple[tuple[str, str], ...] = ()   # (vi, en) remarks about the mapping

    @property
    def attainment_year(self) -> int | None:
        """A's plan year, when B's baseline scores are that year's results."""
        return self.a.year if self.b.baseline_year == self.a.year else None

    @property
    def changed(self) -> bool:
        return self.total.changed or any(item.changed for item in self.items)

    @property
    def areas(self) -> list[ItemDiff]:
        return [item for item in self.items if item.level == 1]

    @property
    def framework_changes(self) -> list[ItemDiff]:
        return [item for item in self.items
                if item.presence != "both" or FRAMEWORK_FLAGS.intersection(item.flags)]

    @property
    def applicability_changes(self) -> list[ItemDiff]:
        return [item for item in self.items if "applicable_changed" in item.flags]

    def _criteria(self) -> list[ItemDiff]:
        return [item for item in self.items if item.leaf and item.comparable]

    @property
    def gained(self) -> list[ItemDiff]:
        return [item for item in self._criteria() if (item.baseline.delta or ZERO) > 0]

    @property
    def lost(self) -> list[ItemDiff]:
        return [item for item in self._criteria() if (item.baseline.delta or ZERO) < 0]

    @property
    def met(self) -> list[ItemDiff]:
        return [item for item in self._criteria() if item.attainment is not None and item.attainment.met]

    @property
    def missed(self) -> list[ItemDiff]:
        return [item for item in self._criteria() if item.missed]


def renumbering(codes: Mapping[str, str | None]) -> Callable[[str | None], str | None]:
    """Old code -> new code. A code listed in the mapping takes its new code
    (None: no counterpart); otherwise its nearest listed ancestor carries it
    along (`1.3 -> 1.4` makes `1.3.2` `1.4.2`); otherwise it stays."""
    def renumber(code: str | None) -> str | None:
        if code is None or not codes:
            return code
        if code in codes:
            return codes[code]
        parts = code.split(".")
        for cut in range(len(parts) - 1, 0, -1):
            prefix = ".".join(parts[:cut])
            if prefix in codes:
                new = codes[prefix]
                return None if new is None else ".".join([new] + parts[cut:])
        return code
    return renumber


def _same_name(name: str) -> str:
    return " ".join(unicodedata.normalize("NFC", name).split()).casefold()


def _flags(a: Facts, b: Facts, renumber: Callable[[str | None], str | None]) -> tuple[str, ...]:
    found = set()
    if a.name and b.name and _same_name(a.name) != _same_name(b.name):
        found.add("renamed")
    if a.max is not None and b.max is not None and a.max != b.max:
        found.add("max_changed")
    if renumber(a.parent) != b.parent:
        found.add("moved")
    if a.code != b.code:
        found.add("renumbered")
    if a.applicable != b.applicable:
        found.add("applicable_changed")
    return tuple(f for f in FLAGS if f in found)


def _attainment(a: Facts, b: Facts, applies: bool) -> Attainment | None:
    if not applies or a.target is None or b.baseline is None:
        return None
    return Attainment(a.target, b.baseline)


def diff(old: Side, new: Side, mapping: Mapping[str, str | None] | None = None) -> Comparison:
    """Compare two plans item by item (A = old, B = new). `mapping` renumbers
    A's codes (see `renumbering`). Raises DiffError when two items of A would
    take the same code of B."""
    codes = dict(mapping or {})
    renumber = renumbering(codes)
    applies = new.info.baseline_year == old.info.year
    old_nodes, new_nodes = list(old.tree.nodes()), list(new.tree.nodes())
    by_new_code: dict[str, Node] = {}
    for node in old_nodes:
        target = renumber(node.code)
        if target is None:
            continue
        other = by_new_code.get(target)
        if other is None:
            by_new_code[target] = node
        elif target != node.code or target != other.code:
            raise DiffError(
                f"tệp đối chiếu cho hai mục của A cùng một mã mới {target}: {other.code} và {node.code}; "
                f"hãy ghi rõ mã mới của từng mục",
                f"the mapping gives two items of A the same new code {target}: {other.code} and {node.code}; "
                f"give each its own new code")
    items: list[ItemDiff] = []
    matched: set[int] = set()
    for node in new_nodes:
        match = by_new_code.get(node.code) if node.code is not None else None
        b = facts(node)
        if match is None or id(match) in matched:
            items.append(ItemDiff(None, b))
            continue
        matched.add(id(match))
        a = facts(match)
        items.append(ItemDiff(a, b, _flags(a, b, renumber), _attainment(a, b, applies)))
    items.extend(ItemDiff(facts(node), None) for node in old_nodes if id(node) not in matched)
    ra, rb = facts(old.tree.root), facts(new.tree.root)
    root_flags = tuple(f for f in ("max_changed",) if ra.max is not None and rb.max is not None
                       and ra.max != rb.max)
    total = ItemDiff(ra, rb, root_flags, _attainment(ra, rb, applies))
    return Comparison(old.info, new.info, tuple(items), total, tuple(codes.items()),
                      tuple(_mapping_notes(codes, old_nodes, new_nodes, renumber)))


def _mapping_notes(codes: dict[str, str | None], old_nodes: list[Node], new_nodes: list[Node],
                   renumber: Callable[[str | None], str | None]) -> Iterator[tuple[str, str]]:
    old_codes = {n.code for n in old_nodes}
    new_codes = {n.code for n in new_nodes}
    for old_code, new_code in codes.items():
        if old_code not in old_codes:
            yield (f"mã {old_code} trong tệp đối chiếu không có trong A: bỏ qua",
                   f"code {old_code} of the mapping is not in A: ignored")
        elif new_code is not None and renumber(old_code) not in new_codes:
            yield (f"mã mới {new_code} (từ {old_code}) không có trong B: {old_code} được tính là đã bỏ",
                   f"new code {new_code} (for {old_code}) is not in B: {old_code} counts as removed")


def mapping_from_data(data: Any) -> tuple[dict[str, str | None], list[tuple[tuple, str, str]]]:
    """A mapping file's content (see docs/diff.md) -> (old code -> new code,
    problems). Each problem is (path in the file, vi, en)."""
    problems: list[tuple[tuple, str, str]] = []
    if not isinstance(data, dict):
        return {}, [((), "tệp đối chiếu phải là một bảng có 'kind: mapping' và 'codes'",
                     "a mapping file holds one mapping with 'kind: mapping' and 'codes'")]
    for key in data:
        if key not in ("kind", "from", "to", "codes", "note"):
            problems.append(((key,), f"trường không được hỗ trợ: '{key}' (chỉ nhận kind, from, to, codes, note)",
                             f"unknown field '{key}' (expected kind, from, to, codes, note)"))
    if data.get("kind") != "mapping":
        problems.append((("kind",), "cần 'kind: mapping'", "expected 'kind: mapping'"))
    for key in ("from", "to"):
        if data.get(key) is not None and not isinstance(data[key], str):
            problems.append(((key,), f"'{key}' phải là mã bộ tiêu chí", f"'{key}' must be a framework id"))
    raw = data.get("codes")
    if not isinstance(raw, dict):
        problems.append((("codes",), "thiếu 'codes': bảng mã cũ: mã mới",
                         "missing 'codes': a mapping of old code: new code"))
        return {}, problems
    codes: dict[str, str | None] = {}
    for old_raw, new_raw in raw.items():
        old_code = _code_text(old_raw)
        new_code = None if new_raw is None else _code_text(new_raw)
        for text, shown in ((old_code, old_raw), (new_code, new_raw)):
            if (text is None and shown is not None) or (text is not None and code_parts(text) is None):
                problems.append((("codes", old_raw), f"mã không hợp lệ: {shown!s} (cần dạng 1.3.2)",
                                 f"malformed code: {shown!s} (expected e.g. 1.3.2)"))
        codes[old_code or str(old_raw)] = new_code
    return codes, problems


def _code_text(raw: Any) -> str | None:
    if isinstance(raw, bool):
        return None
    if isinstance(raw, (str, int, Decimal)):
        return str(raw).strip()
    return None


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
        "total_line": "Tổng điểm: đạt {ba} → {bb} ({bd}); chỉ số {ia}% → {ib}%. Mục tiêu {ta} → {tb} ({td}).",
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
        "total_line": "Total: score {ba} → {bb} ({bd}); index {ia}% → {ib}%. Target {ta} → {tb} ({td}).",
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


def _score_columns(cmp: Comparison, t: dict[str, str], baseline: str, target: str) -> list[Column]:
    return [Column("code", t["code"], False), Column("name", t["name"], False),
            Column("baseline_a", t[baseline].format(year=cmp.a.baseline_year), True),
            Column("baseline_b", t[baseline].format(year=cmp.b.baseline_year), True),
            Column("baseline_delta", t["delta"], True),
            Column("target_a", t[target].format(year=cmp.a.year), True),
            Column("target_b", t[target].format(year=cmp.b.year), True),
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
    lines.append(t["total_line"].format(
        ba=_num(total.baseline.a), bb=_num(total.baseline.b), bd=_num(total.baseline.delta, sign=True),
        ia=_num(ib.a), ib=_num(ib.b), ta=_num(total.target.a), tb=_num(total.target.b),
        td=_num(total.target.delta, sign=True)))
    return lines


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
    from .render.view import Appendix, Cell, Column as ViewColumn, Row as ViewRow, attached_line

    years = dict(base_a=cmp.a.baseline_year, base_b=cmp.b.baseline_year, year_a=cmp.a.year, year_b=cmp.b.year)
    keys = [c.key for c in columns(cmp, "vi", note=True)]
    view_columns = [ViewColumn(key, DOCX_COLUMNS[key][0].format(**years), DOCX_COLUMNS[key][1],
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
