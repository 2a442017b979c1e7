"""The one place where trees are built and summed (SPEC 2.3).

A plan's rows become a tree of `Node`s: the framework's items when the plan
names a framework, or the entries themselves (by their codes) when it is
self-describing. For each scored series the value of an item with children is
derived from them:

    value(parent) = max(parent) − Σ over applicable children (max(child) − value(child))

where a child's value is its declared value when the file gives one and its
own derived value otherwise; with `unlisted: full` an item without an entry
counts as full marks. `applicable: false` leaves an item out of every sum and
reduces its parent's max by its max ("effective max"). The grand total is a
root node whose children are the top-level items.

Rules, renderers, diff and report all read these trees; none sums by itself.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Iterator

from .model import Entry, Framework, Item, Plan
from .numbers import ZERO

SERIES = ("baseline", "target")


@dataclass(eq=False)
class Node:
    code: str | None               # None for the root (the TỔNG ĐIỂM row)
    name: str | None
    max: Decimal | None            # as given by the framework, or declared by a self-describing entry
    entry: Entry | None = None
    index: int | None = None       # position of the entry in plan.entries
    parent: "Node | None" = None
    children: list["Node"] = field(default_factory=list)
    applicable: bool = True        # False when it or an ancestor is "không áp dụng"
    eff_max: Decimal | None = None
    declared: dict[str, Decimal | None] = field(default_factory=dict)
    derived: dict[str, Decimal | None] = field(default_factory=dict)
    value: dict[str, Decimal | None] = field(default_factory=dict)

    @property
    def depth(self) -> int:
        depth, node = 0, self.parent
        while node is not None:
            depth, node = depth + 1, node.parent
        return depth  # 1 = area (lĩnh vực); 0 = root

    @property
    def is_leaf(self) -> bool:
        return not self.children

    @property
    def is_root(self) -> bool:
        return self.parent is None

    def walk(self) -> Iterator["Node"]:
        """This node and its descendants, in order (depth first)."""
        stack = [self]
        while stack:
            node = stack.pop()
            yield node
            stack.extend(reversed(node.children))

    def lost(self, series: str = "baseline") -> Decimal | None:
        value = self.value.get(series)
        if value is None or self.eff_max is None:
            return None
        return self.eff_max - value


@dataclass
class PlanTree:
    root: Node
    by_code: dict[str, Node]
    unlisted_full: bool
    # entries not attached under their own code (unknown to the framework, or
    # a second entry for a code): entry index -> the code of the missing
    # framework leaf it stands in for, when its place in the file says so
    strays: dict[int, str | None] = field(default_factory=dict)

    def nodes(self) -> Iterator[Node]:
        """Every item in framework (or file) order, without the root."""
        it = self.root.walk()
        next(it)
        return it


def written_code(code: str) -> str:
    """The code an entry means: "1.1." as printed in some appendices is 1.1."""
    bare = code.strip().rstrip(".")
    return bare if bare != code and code_parts(bare) is not None else code


def code_parts(code: str) -> tuple[int, ...] | None:
    """(1, 3, 2) for "1.3.2"; None when the code is not dot-separated positive integers."""
    parts = code.split(".")
    if not all(p.isdigit() and p.isascii() and int(p) > 0 for p in parts):
        return None
    return tuple(int(p) for p in parts)


def is_nested_under(child: str, parent: str) -> bool:
    return child.startswith(parent + ".") and "." not in child[len(parent) + 1:]


def framework_tree(framework: Framework) -> Node:
    root = Node(None, framework.title, framework.total)

    def attach(items: list[Item], parent: Node) -> None:
        for item in items:
            node = Node(item.code, item.name, item.max, parent=parent)
            parent.children.append(node)
            attach(item.items, node)

    attach(framework.items, root)
    _effective_max(root)
    return root


def plan_tree(plan: Plan, framework: Framework | None) -> PlanTree:
    """The plan's tree with values rolled up. Entries whose code is unknown to
    the framework, malformed, or repeated are left out (rules report them)."""
    full = plan.unlisted == "full"
    strays: dict[int, str | None] = {}
    if framework is not None:
        root = framework_tree(framework)
        by_code = {n.code: n for n in root.walk() if n.code is not None}
        strays = _attach_entries(plan, root, by_code)
    else:
        root, by_code = _self_described(plan)
    totals = plan.totals
    if framework is None:
        # The grand total's max is the sum of the top-level items; only when
        # unlisted items count as full marks (remediation tables list only
        # the areas that lost points) does the declared total stand for it.
        if full and totals is not None and totals.max is not None:
            root.max = totals.max
        else:
            root.max = _sum_max(root.children)
    for node in root.walk():
        node.applicable = (node.entry is None or node.entry.applicable) and (
            node.parent is None or node.parent.applicable)
        source = node.entry if node.code is not None else totals
        node.declared = {s: getattr(source, s, None) if source is not None else None for s in SERIES}
    _effective_max(root)
    for series in SERIES:
        _roll(root, series, full)
    return PlanTree(root, by_code, full, strays)


def _attach_entries(plan: Plan, root: Node, by_code: dict[str, Node]) -> dict[int, str | None]:
    """Give each framework item its entry. An entry whose code is unknown, or a
    second entry for one code, is a stray; a stray that sits, in file order,
    exactly where one framework leaf has no entry stands in for that leaf (a
    mistyped code: one mistake, reported once as PAR204/PAR213, not also as a
    missing leaf and a wrong total). Returns the strays."""
    order = [n for n in root.walk() if n.code is not None]
    pos = {n.code: k for k, n in enumerate(order)}
    codes = [written_code(e.code) for e in plan.entries]
    seen: dict[str, list[int]] = {}
    strays: dict[int, str | None] = {}
    for i, code in enumerate(codes):
        if code in pos:
            seen.setdefault(code, []).append(i)
        elif code_parts(code) is not None:
            strays[i] = None
    owner = {code: idxs[0] for code, idxs in seen.items() if len(idxs) == 1}

    def missing() -> list[Node]:
        taken = set(owner)
        return [n for n in order if not n.children and n.code not in taken
                and n.code not in {c for c, idxs in seen.items() if len(idxs) > 1}]

    def fits(i: int, leaves: list[Node]) -> list[Node]:
        placed = {j: pos[c] for c, j in owner.items()}
        before = max((p for j, p in placed.items() if j < i), default=-1)
        after = min((p for j, p in placed.items() if j > i), default=len(order))
        return [n for n in leaves if before < pos[n.code] < after]

    for code, idxs in seen.items():
        if len(idxs) < 2:
            continue
        leaves = missing()
        astray = [i for i in idxs if fits(i, leaves)]
        keep = idxs[0]
        if len(astray) == 1:
            keep = next(i for i in idxs if i not in astray)
        elif len(astray) > 1:
            # several occurrences fit the same gap: the one on the gap's side
            # of the code (earlier in the file for a leaf before it) is astray
            gap = {n.code for i in astray for n in fits(i, leaves)}
            if len(gap) == 1:
                before = pos[gap.pop()] < pos[code]
                keep = idxs[-1] if before else idxs[0]
        owner[code] = keep
        strays.update({i: None for i in idxs if i != keep})
    for code, i in owner.items():
        by_code[code].entry, by_code[code].index = plan.entries[i], i
    for i in sorted(strays):
        candidates = [n for n in fits(i, missing()) if n.entry is None]
        if len(candidates) == 1:
            leaf = candidates[0]
            leaf.entry, leaf.index = plan.entries[i], i
            owner[leaf.code] = i
            strays[i] = leaf.code
    return strays


def _sum_max(nodes: list[Node]) -> Decimal | None:
    values = [n.max for n in nodes]
    return None if any(v is None for v in values) else sum(values, start=ZERO)


def _self_described(plan: Plan) -> tuple[Node, dict[str, Node]]:
    root = Node(None, None, None)
    by_code: dict[str, Node] = {}
    order: list[Node] = []
    for i, entry in enumerate(plan.entries):
        code = written_code(entry.code)
        if code in by_code or code_parts(code) is None:
            continue
        node = Node(code, entry.name, entry.max, entry=entry, index=i)
        by_code[code] = node
        order.append(node)
    for node in order:
        parent = root
        parts = node.code.split(".")
        for cut in range(len(parts) - 1, 0, -1):
            candidate = by_code.get(".".join(parts[:cut]))
            if candidate is not None:
                parent = candidate
                break
        node.parent = parent
        parent.children.append(node)
    return root, by_code


def _effective_max(node: Node) -> None:
    for kid in node.children:
        _effective_max(kid)
    if node.max is None:
        node.eff_max = None
        return
    if not node.applicable:
        node.eff_max = ZERO
        return
    reduction = ZERO
    for kid in node.children:
        if kid.max is None:
            continue
        if not kid.applicable:
            reduction += kid.max
        elif kid.eff_max is not None:
            reduction += kid.max - kid.eff_max
    node.eff_max = node.max - reduction


def derive(node: Node, series: str, values: dict[Node, Decimal | None] | None = None) -> Decimal | None:
    """A parent's value from its direct children's values (each child's
    `value[series]` unless `values` overrides it). None when unknown."""
    if node.eff_max is None:
        return None
    lost = ZERO
    for kid in node.children:
        if not kid.applicable:
            continue
        value = values[kid] if values is not None and kid in values else kid.value.get(series)
        if value is None or kid.eff_max is None:
            return None
        lost += kid.eff_max - value
    return node.eff_max - lost


def _roll(node: Node, series: str, full: bool) -> None:
    for kid in node.children:
        _roll(kid, series, full)
    declared = node.declared.get(series)
    if node.children:
        node.derived[series] = derive(node, series)
    else:
        node.derived[series] = node.eff_max if (full and node.entry is None) else None
    node.value[series] = declared if declared is not None else node.derived[series]
