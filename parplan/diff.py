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
one); an item that does not apply (`applicable: false`) has no score. What
the outputs show (the JSON contract, text, Markdown, the .docx appendix) is in
`parplan.render.diffview`.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Callable, Iterator, Mapping

from .model import Framework, Plan
from .numbers import ZERO, percent, plain, tidy
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
