"""Rules for `kind: plan` (SPEC 2.3): codes, max, ranges, roll-up, advice.

One mistake, one diagnostic: a parent whose children's max do not add up
gets no roll-up check; a value out of range is not re-reported through its
parents; a parent whose declared value is wrong is compared with its own
parent both as declared and as derived, so the mistake is reported once,
where it is.
"""
from __future__ import annotations

import itertools
from decimal import Decimal
from typing import Iterator

from ..diagnostics import Diagnostic, bilingual
from ..numbers import ZERO, matches_declared, plain, tidy, vi
from ..rollup import SERIES, Node, code_parts, derive, written_code
from .context import Context

WRITTEN_SCORES = ("baseline", "target", "appraised", "self_assessed")
MAX_COMBINATIONS = 64


def _entry_path(node_or_index, *rest) -> tuple:
    index = node_or_index.index if isinstance(node_or_index, Node) else node_or_index
    return ("entries", index, *rest)


def _value_path(node: Node, series: str) -> tuple:
    return ("totals", series) if node.is_root else _entry_path(node, series)


def _item(node: Node) -> str | None:
    return node.code


def _field(node: Node, series: str) -> str:
    return f"totals.{series}" if node.is_root else series


def framework_found(ctx: Context) -> Iterator[Diagnostic]:
    framework_id = ctx.model.framework
    if not framework_id:
        return
    framework, diags = ctx.framework_lookup
    yield from diags
    if framework is None and not diags:
        yield ctx.diag("PAR006", ("framework",), field="framework", framework=framework_id,
                       searched=ctx.registry.searched())


def codes(ctx: Context) -> Iterator[Diagnostic]:
    """PAR102 malformed code; PAR213 a second entry for a code; PAR204 a code
    the framework does not have. A mistyped code that stands where one
    framework leaf is missing is reported once, with that leaf as the hint."""
    framework = ctx.framework
    tree = None if ctx.framework_missing else ctx.tree
    strays = tree.strays if tree is not None else {}
    lines: dict[str, int] = {}
    for i, entry in enumerate(ctx.model.entries):
        path = ("entries", i, "code")
        code = written_code(entry.code)
        if code_parts(code) is None:
            yield ctx.diag("PAR102", path, item=entry.code, field="code", detail=bilingual(
                "cần các số nguyên dương nối bằng dấu chấm, ví dụ 1.3.1",
                "expected dot-separated positive integers such as 1.3.1"))
            continue
        if code != entry.code:
            yield ctx.diag("PAR102", path, item=entry.code, field="code", detail=bilingual(
                f"bỏ dấu chấm cuối: viết \"{code}\"", f"drop the trailing dot: write \"{code}\""))
        lines.setdefault(code, ctx.at(*path)[0])
    owners = {n.code: n.index for n in tree.nodes() if n.entry is not None} if tree is not None else {}
    seen: set[str] = set()
    for i, entry in enumerate(ctx.model.entries):
        code = written_code(entry.code)
        if code_parts(code) is None:
            continue
        path = ("entries", i, "code")
        meant = strays.get(i)
        hint = bilingual(f" (có phải mã \"{meant}\"?)", f" (did you mean \"{meant}\"?)") if meant else ""
        if framework is not None and tree is not None:
            if i not in strays:
                continue
            if code in tree.by_code:
                first = owners.get(code)
                first_line = ctx.at("entries", first, "code")[0] if first is not None else lines[code]
                yield ctx.diag("PAR213", path, item=code, field="code", first_line=first_line, hint=hint)
            else:
                yield ctx.diag("PAR204", path, item=code, field="code", framework=framework.id, hint=hint)
        elif code in seen:
            yield ctx.diag("PAR213", path, item=code, field="code", first_line=lines[code], hint="")
        seen.add(code)


def names_and_max(ctx: Context) -> Iterator[Diagnostic]:
    if ctx.framework_missing:
        return
    framework = ctx.framework
    for node in ctx.tree.nodes():
        entry = node.entry
        if entry is None:
            continue
        if framework is None:
            for key in ("name", "max"):
                if getattr(entry, key) is None and _entry_path(node, key) not in ctx.unknown:
                    yield ctx.diag("PAR005", _entry_path(node), item=node.code, field=key, key=key)
            if entry.max is not None and entry.max <= 0:
                yield ctx.diag("PAR105", _entry_path(node, "max"), item=node.code, field="max", actual=entry.max)
            continue
        if entry.max is not None and entry.max not in (node.max, node.eff_max):  # full, or applicable, max
            ctx.flag("max_differs").add(node.code)
            yield ctx.diag("PAR206", _entry_path(node, "max"), item=node.code, field="max",
                           expected=node.max, actual=entry.max)
        if entry.name is not None and _norm(entry.name) != _norm(node.name or ""):
            yield ctx.diag("PAR207", _entry_path(node, "name"), item=node.code, field="name",
                           expected=node.name, actual=entry.name)


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


def children_max(ctx: Context) -> Iterator[Diagnostic]:
    """Self-describing plans: children's max add up to the parent's (PAR103);
    the declared total max matches the top-level items (PAR104)."""
    if ctx.framework_missing:
        return
    tree = ctx.tree
    full = tree.unlisted_full
    bad = ctx.flag("par103")
    # A parent is compared with its children's max as written; a child
    # already reported (PAR103) may also be read as its own children's sum,
    # so one wrong max is reported once, where it is (decision 11.1).
    readings: dict[Node, list[Decimal] | None] = {}
    pinned = dict(ctx.flag("meant_max"))
    if ctx.framework is None:
        for node in _bottom_up(tree.root):
            if node.is_root:
                continue
            if not node.children:
                readings[node] = None if node.max is None else [node.max]
                continue
            sums = _max_sums([readings.get(k) for k in node.children])
            if node.max is None:
                readings[node] = sums
                continue
            readings[node] = [node.max]
            if node.code in pinned:
                readings[node] = [node.max, pinned[node.code]]
                continue
            if sums is None:
                continue
            if any(added == node.max or (full and added < node.max) for added in sums):
                if full and len(sums) == 1 and _max_above_children(ctx, node, sums[0]):
                    readings[node] = [node.max] + sums
                    yield _child_max_diag(ctx, node, sums[0], bad)
                continue
            if full and len(sums) == 1:
                wrong = _child_max_wrong(ctx, node, sums[0] - node.max)
                for kid, meant in wrong:
                    readings[kid] = [kid.max, meant]
                    yield _child_max_diag(ctx, kid, meant, bad)
                if wrong:
                    continue
            readings[node] = [node.max] + sums
            bad.add(node.code)
            yield ctx.diag("PAR103", _entry_path(node, "max"), item=node.code, field="max",
                           expected=tidy(sums[0]), actual=node.max)
    totals = ctx.model.totals
    if totals is not None and totals.max is not None:
        top = [k.max for k in tree.root.children]
        if ctx.framework is not None:
            expected = ctx.framework.total
            others: list[Decimal] = []
        elif None in top:
            return
        elif full:
            sums = _max_sums([readings.get(k) for k in tree.root.children]) or [sum(top, start=ZERO)]
            yield from _full_total_max(ctx, tree, min(sums), totals.max, bad)
            return
        else:
            sums = _max_sums([readings.get(k) for k in tree.root.children]) or [sum(top, start=ZERO)]
            expected, others = sums[0], sums[1:]
        allowed = {expected, tree.root.eff_max, *others}   # the full total, or the applicable one
        if totals.max not in allowed:
            bad.add(None)
            yield ctx.diag("PAR104", ("totals", "max"), field="totals.max", expected=tidy(expected),
                           actual=totals.max)


def _child_max_diag(ctx: Context, kid: Node, meant: Decimal, bad: set) -> Diagnostic:
    bad.add(kid.code)
    ctx.flag("meant_max").add((kid.code, meant))
    listed = tidy(sum((k.max for k in kid.children), start=ZERO))
    hint = "" if listed == tidy(meant) else bilingual(
        f" (các mục con được liệt kê cộng được {vi(listed)}, các mục không liệt kê tính đủ điểm; "
        f"điểm tối đa {vi(tidy(meant))} khớp với các điểm của dòng này)",
        f" (the listed children add up to {plain(listed)}, unlisted ones count as full marks; "
        f"a max of {plain(tidy(meant))} agrees with this row's scores)")
    return ctx.diag("PAR103", _entry_path(kid, "max"), item=kid.code, field="max", expected=tidy(meant),
                    actual=kid.max, hint=hint)


def _child_max_wrong(ctx: Context, parent: Node, delta: Decimal) -> list[tuple[Node, Decimal]]:
    """`unlisted: full`, self-describing: the children's max exceed their
    parent's (or the total's) by `delta`. The children whose rows say they
    meant a lower max (baseline + deducted) and agree with it, and whose
    corrections add up to exactly `delta`, have the wrong max; without
    `deducted`, exactly one child read `delta` lower must explain its row
    (decision 11.R4). Empty when nothing explains it."""
    pinned: list[tuple[Node, Decimal]] = []
    single: list[tuple[Node, Decimal]] = []
    for kid in parent.children:
        if kid.max is None or not kid.children or kid.entry is None or not kid.applicable \
                or kid.eff_max != kid.max or kid.code in ctx.flag("par103"):
            continue
        listed = [k.max for k in kid.children]
        if None in listed:
            continue
        baseline = kid.declared.get("baseline")
        if kid.entry.deducted is not None and baseline is not None and not _early_unknown(ctx, kid, "baseline"):
            meant = baseline + abs(kid.entry.deducted)
            if ZERO < meant < kid.max and sum(listed, start=ZERO) <= meant \
                    and _max_reading_agrees(ctx, kid, meant):
                pinned.append((kid, meant))
            continue
        meant = kid.max - delta
        if meant > 0 and sum(listed, start=ZERO) <= meant and _max_reading_agrees(ctx, kid, meant):
            single.append((kid, meant))
    fits = [list(group) for size in range(1, min(3, len(pinned)) + 1)
            for group in itertools.combinations(pinned, size)
            if sum((kid.max - meant for kid, meant in group), start=ZERO) == delta]
    if len(fits) == 1 and not single:
        return fits[0]
    if len(single) == 1 and not fits:
        return single
    return []


def _max_reading_agrees(ctx: Context, node: Node, meant: Decimal, need_children: bool = False) -> bool:
    """Every value the row declares disagrees with its children read against
    its max as written, and agrees with them read against `meant`
    (`need_children`: and at least one is confirmed by its children)."""
    if node.eff_max is None or meant == node.eff_max:
        return False
    shift = meant - node.eff_max
    seen = confirmed = False
    for series in SERIES:
        declared, derived = node.declared.get(series), node.derived.get(series)
        if declared is None or _early_unknown(ctx, node, series):
            if series == "baseline":
                return False
            continue
        if any(_early_unknown(ctx, n, series) for n in node.walk() if n is not node):
            continue   # its children cannot tell; its deducted may
        # a child that disagrees with its own children may be read at what
        # they give (one mistake below, 11.1)
        fixed = {k: k.derived.get(series) for k in node.children
                 if k.children and k.declared.get(series) is not None and k.derived.get(series) is not None
                 and not matches_declared(k.declared[series], k.derived[series])}
        readings = [derived] + ([derive(node, series, fixed)] if fixed else [])
        if None in readings or any(matches_declared(declared, r) for r in readings) \
                or not any(matches_declared(declared, r + shift) for r in readings):
            return False
        seen = confirmed = True
    deducted = node.entry.deducted if node.entry is not None else None
    baseline = node.declared.get("baseline")
    if deducted is not None:
        if _value_path(node, "deducted") in ctx.unknown or abs(deducted) != meant - baseline:
            return False
        seen = True
    return confirmed if need_children else seen


def _full_total_max(ctx: Context, tree, listed: Decimal, declared: Decimal, bad: set) -> Iterator[Diagnostic]:
    """A self-describing plan with `unlisted: full`: the declared total max
    stands for the areas not listed too, so it may exceed the listed areas'
    max, never fall below it (decision 11.R1; above it, see `_total_max_shift`).
    Below it, an area whose max read lower explains its own row is the one
    mistake (decision 11.R4)."""
    if declared < listed:
        wrong = _child_max_wrong(ctx, tree.root, listed - declared)
        for kid, meant in wrong:
            yield _child_max_diag(ctx, kid, meant, bad)
        if wrong:
            return
        bad.add(None)
        yield ctx.diag("PAR104", ("totals", "max"), field="totals.max", expected=tidy(listed), actual=declared)


def _early_unknown(ctx: Context, node: Node, series: str) -> bool:
    """A value that cannot be read or is out of range, before `ranges` runs."""
    value = node.declared.get(series)
    if _value_path(node, series) in ctx.unknown:
        return True
    return value is not None and (value < 0 or (node.eff_max is not None and value > node.eff_max))


def _max_above_children(ctx: Context, node: Node, listed: Decimal) -> bool:
    """`unlisted: full`, self-describing: an item's max above its listed
    children's max is allowed (unlisted children at full marks), except when
    every value the row declares (baseline, target, deducted) disagrees with
    its children as written and agrees with them read against the listed
    max: then the max is the one number to change (decision 11.R4)."""
    if node.eff_max is None or node.eff_max != node.max or not node.applicable:
        return False
    return _max_reading_agrees(ctx, node, listed)


def _total_max_shift(ctx: Context, tree) -> Decimal | None:
    """listed − declared total max when a self-describing `unlisted: full`
    plan declares a total max above its listed areas' max (else None)."""
    totals = ctx.model.totals
    if ctx.framework is not None or not tree.unlisted_full or totals is None or totals.max is None:
        return None
    meant = dict(ctx.flag("meant_max"))
    top = [meant.get(k.code, k.max) for k in tree.root.children]
    if None in top or None in ctx.flag("par103") or any(k.code in ctx.flag("par103") and k.code not in meant
                                                        for k in tree.root.children):
        return None
    listed = sum(top, start=ZERO)
    return listed - totals.max if listed < totals.max else None


def _root_max_wrong(ctx: Context, node: Node, shift: Decimal, found: dict, diags: list) -> None:
    """The totals row of an `unlisted: full` plan disagrees with its areas but
    agrees with them read as if no area were unlisted: the declared total max
    is the one number to change (PAR104 instead of PAR203 on the totals,
    decision 11.R1). A total that agrees as written keeps the max right."""
    status = {}
    for series, cands in found.items():
        declared = node.declared[series]
        if any(_agrees(declared, c) for c in cands):
            status[series] = "agrees"
        elif any(_agrees(declared, (low + shift, high + shift)) for low, high in cands):
            status[series] = "shifted"
    if "shifted" not in status.values() or "agrees" in status.values():
        return
    shifted = {f"totals.{s}" for s, v in status.items() if v == "shifted"}
    diags[:] = [d for d in diags if not (d.code == "PAR203" and d.item is None and d.field in shifted)]
    totals = ctx.model.totals
    diags.append(ctx.diag("PAR104", ("totals", "max"), field="totals.max",
                          expected=tidy(totals.max + shift), actual=totals.max))


def _max_sums(options: list[list[Decimal] | None]) -> list[Decimal] | None:
    """Every sum the children's max readings give, the as-written one first."""
    if any(found is None for found in options):
        return None
    combos = 1
    for found in options:
        combos *= len(found)
    if combos > MAX_COMBINATIONS:
        options = [found[:1] for found in options]
    out: list[Decimal] = []
    for choice in itertools.product(*options):
        added = sum(choice, start=ZERO)
        if added not in out:
            out.append(added)
    return out


def missing_leaves(ctx: Context) -> Iterator[Diagnostic]:
    if ctx.framework is None or ctx.model.unlisted != "error":
        return
    line, col = ctx.key_at("entries")
    for node in ctx.tree.nodes():
        if node.is_leaf and node.entry is None and node.parent.applicable and _no_entry_above(node):
            yield Diagnostic("PAR205", ctx.file, line, col, item=node.code, params=(("name", node.name),))


def _no_entry_above(node: Node) -> bool:
    """A leaf under an entry marked `applicable: false` needs no entry."""
    parent = node.parent
    while parent is not None:
        if parent.entry is not None and not parent.entry.applicable:
            return False
        parent = parent.parent
    return True


def ranges(ctx: Context) -> Iterator[Diagnostic]:
    """PAR201/PAR202 on values written in the file."""
    if ctx.framework_missing:
        return
    tainted = ctx.flag("out_of_range")
    tree = ctx.tree
    for node in reversed(list(tree.root.walk())):     # children first: see _added_up_from_bad_child
        source = ctx.model.totals if node.is_root else node.entry
        if source is None:
            continue
        fields = ("baseline", "target") if node.is_root else WRITTEN_SCORES
        limit = node.eff_max
        totals = ctx.model.totals
        if node.is_root and ctx.framework is None and not tree.unlisted_full and totals is not None \
                and totals.max is not None and None not in ctx.flag("par103") and limit is not None:
            # the declared total max is right (no PAR104): a wrong area max
            # (PAR103) does not make room for a total above it
            limit = min(limit, totals.max)
        if node.is_root and tree.unlisted_full and None in ctx.flag("par103") and ctx.framework is None \
                and None not in [k.eff_max for k in node.children]:
            # the declared total max is reported wrong (PAR104, below the
            # listed areas): the totals are read against the listed areas
            limit = sum((k.eff_max for k in node.children), start=ZERO)
        for name in fields:
            value = getattr(source, name, None)
            if value is None:
                continue
            path = ("totals", name) if node.is_root else _entry_path(node, name)
            field = _field(node, name)
            out = value < 0 or (limit is not None and node.applicable and value > limit)
            if not out:
                continue
            tainted.add((node.code, name))
            if _added_up_from_bad_child(node, name, value, tainted):
                continue   # the child out of range is the one mistake (decision 11.L1)
            if value < 0:
                yield ctx.diag("PAR202", path, item=node.code, field=field, actual=value)
            else:
                yield ctx.diag("PAR201", path, item=node.code, field=field, expected=tidy(limit), actual=value)


def _added_up_from_bad_child(node: Node, series: str, value: Decimal, tainted: set) -> bool:
    """A parent out of range only because it was added up, as written, from a
    child already reported out of range (as a spreadsheet formula does)."""
    kids = [k for k in node.children if k.applicable]
    if not kids or node.eff_max is None or not any((k.code, series) in tainted for k in kids):
        return False
    total = node.eff_max
    for kid in kids:
        written = kid.declared.get(series)
        if written is None:
            written = kid.value.get(series)
        if written is None or kid.eff_max is None:
            return False
        total -= kid.eff_max - written
    return matches_declared(value, total)


def _bottom_up(root: Node) -> list[Node]:
    order = list(root.walk())
    order.reverse()
    return order


Reading = tuple[Decimal, Decimal]   # a value known to lie in [low, high]; low == high when exact


def _unknown(ctx: Context, node: Node, series: str) -> bool:
    """A value the file gives but that cannot be trusted: unreadable (dropped
    at load), out of range, or negative."""
    return (node.code, series) in ctx.flag("out_of_range") or _value_path(node, series) in ctx.unknown


def _agrees(declared: Decimal, reading: Reading) -> bool:
    low, high = reading
    if low == high:
        return matches_declared(declared, low)
    return low <= declared <= high or matches_declared(declared, low) or matches_declared(declared, high)


def rollup(ctx: Context) -> Iterator[Diagnostic]:
    """PAR203: a declared parent value against its children; PAR208: deducted.

    Checks are local (SPEC 2.3, 5): a declared value is compared with its
    direct children, each child read as declared where the file gives a value
    and as derived otherwise. Walking bottom-up, every item keeps its possible
    readings, each an interval [low, high] (one point when exact):
    - a child already reported wrong (PAR203) may also be read at its derived
      value, so a parent that agrees with the corrected child is not reported
      again (one mistake, one diagnostic, at the number to change);
    - a value that cannot be read, or is out of range, is anywhere in
      [0, its max]: the parent is reported only when no value agrees;
    - a leaf whose `deducted` disagrees with its baseline may mean either (its
      baseline, or max − deducted); when the parent agrees only through
      max − deducted, that leaf's baseline is the wrong number and its PAR208
      is reported on the baseline.
    An item that does not declare passes its children's readings up, so one
    wrong leaf is reported once, at the nearest ancestor that declares."""
    if ctx.framework_missing:
        return
    tree = ctx.tree
    no_sum = ctx.flag("par103")
    readings: dict[tuple, list[Reading] | None] = {}    # None: unknown and unbounded
    other_way: set[tuple] = set()                        # leaves with a max − deducted reading
    deducted_at: dict[str | None, int] = {}             # node code -> index of its PAR208 in diags
    reported: dict[tuple, list[Reading]] = {}           # PAR203 reported -> what its children give
    diags: list[Diagnostic] = []
    totals = ctx.model.totals

    meant = dict(ctx.flag("meant_max"))
    shift = _total_max_shift(ctx, tree)
    root_found: dict[str, list[Reading]] = {}
    for node in _bottom_up(tree.root):
        deducted = node.entry.deducted if node.entry is not None else (
            totals.deducted if node.is_root and totals is not None else None)
        for series in SERIES:
            key = (node.code, series)
            declared = node.declared.get(series)
            kids = [k for k in node.children if k.applicable]
            if not node.applicable:
                readings[key] = [(ZERO, ZERO)]
                continue
            if _unknown(ctx, node, series):
                candidates = _derived_readings(node, series, kids, readings) if kids else None
                anywhere = [(ZERO, node.eff_max)] if node.eff_max is not None else None
                if series == "baseline" and deducted is not None and node.eff_max is not None \
                        and _value_path(node, "deducted") not in ctx.unknown \
                        and ZERO <= node.eff_max - abs(deducted) <= node.eff_max:
                    # the points deducted say what the unreadable baseline is
                    anywhere = [(node.eff_max - abs(deducted), node.eff_max - abs(deducted))]
                # every reading that could be meant: its children's sum, anywhere
                # in [0, max], and, for a value out of range, the value as
                # written (a parent may have been added up from it, as a
                # spreadsheet formula does): the one mistake is reported at the
                # value itself, never again at a parent that agrees with it
                found = list(candidates or []) + [r for r in anywhere or [] if r not in (candidates or [])]
                written = declared if declared is not None else (node.value.get(series) if not kids else None)
                if written is not None and (written, written) not in found:
                    found.append((written, written))
                readings[key] = found or None
                continue
            if not kids:
                value = node.value.get(series)
                readings[key] = None if value is None else [(value, value)]
                continue
            candidates = _derived_readings(node, series, kids, readings)
            if node.code in no_sum:
                # its max is wrong (PAR103): its parent may read the points it
                # lost against the max its children give (decision 11.1), or
                # against the max its row says it meant (decision 11.R4)
                found = candidates if declared is None else [(declared, declared)]
                if node.code in meant:
                    shift = node.eff_max - meant[node.code]
                    readings[key] = found and found + [(lo + shift, hi + shift) for lo, hi in found]
                else:
                    readings[key] = _with_max_of_children(node, kids, found)
                continue
            if declared is None:
                readings[key] = candidates
                continue
            readings[key] = [(declared, declared)]
            if candidates is None:
                continue
            if node.is_root:
                root_found[series] = candidates
            if _agrees(declared, candidates[0]):
                continue
            culprits = _leaves_read_the_other_way(node, series, kids, readings, other_way, declared)
            if culprits:
                for kid in culprits:   # the parent agrees with max − deducted: the baseline is wrong
                    _move_to_baseline(diags, deducted_at.get(kid.code), kid, ctx)
                continue
            if any(_agrees(declared, c) for c in candidates[1:]):
                continue
            # wrong: its own parent may read it as declared or as its children say
            readings[key] = [(declared, declared)] + [c for c in candidates if c != (declared, declared)]
            reported[key] = candidates
            low, high = candidates[0]
            if low == high:
                diags.append(ctx.diag("PAR203", _value_path(node, series), item=_item(node),
                                      field=_field(node, series), expected=tidy(low), actual=declared))
            else:
                diags.append(ctx.diag("PAR203", _value_path(node, series), item=_item(node),
                                      field=_field(node, series), actual=declared,
                                      hint=_bound_hint(node, series, low, high, ctx)))
        # PAR208: deducted = max − baseline (sign ignored); a deducted value that
        # agrees with the children's sum is not a second mistake when the
        # declared baseline is the wrong one (already a PAR203)
        if deducted is not None and node.applicable and node.eff_max is not None \
                and _value_path(node, "deducted") not in ctx.unknown:
            baseline = node.value.get("baseline")
            derived = node.derived.get("baseline")
            if baseline is not None and not _unknown(ctx, node, "baseline"):
                expected = node.eff_max - baseline
                agrees = {node.eff_max - b for b in (baseline, derived) if b is not None}
                # the baseline is already reported wrong (PAR203): a deducted
                # that agrees with what the children give is right (11.R3)
                told = reported.get((node.code, "baseline"), [])
                if node.code in no_sum and node.children and tree.unlisted_full:
                    # its max is reported wrong (PAR103): deducted counts
                    # against the max its row meant (decision 11.R4)
                    agrees.add(meant.get(node.code, sum((k.eff_max for k in kids if k.eff_max is not None),
                                                        start=ZERO)) - baseline)
                if abs(deducted) not in agrees and not any(
                        _agrees(node.eff_max - abs(deducted), reading) for reading in told):
                    path = ("totals", "deducted") if node.is_root else _entry_path(node, "deducted")
                    deducted_at[node.code] = len(diags)
                    shown = tidy(-expected if deducted < 0 else expected)
                    diags.append(ctx.diag("PAR208", path, item=node.code,
                                          field="totals.deducted" if node.is_root else "deducted",
                                          expected=shown, actual=deducted, detail=bilingual(
                                              f"điểm bị trừ {vi(deducted)} khác điểm tối đa − điểm đạt được = {vi(shown)}",
                                              f"deducted {plain(deducted)} is not max − baseline = {plain(shown)}")))
                    known = readings.get((node.code, "baseline"))
                    if known and not node.children:
                        other = node.eff_max - abs(deducted)
                        readings[(node.code, "baseline")] = known + [(other, other)]
                        other_way.add((node.code, "baseline"))
    if shift is not None and root_found:
        _root_max_wrong(ctx, tree.root, shift, root_found, diags)
    yield from sorted(diags, key=lambda d: (d.line, d.column))


def _with_max_of_children(node: Node, kids: list[Node], found: list[Reading] | None) -> list[Reading] | None:
    """A node whose max disagrees with its children's: each reading, and the
    same points lost counted against the children's max."""
    if found is None or node.eff_max is None or any(k.eff_max is None for k in kids):
        return found
    delta = node.eff_max - sum((k.eff_max for k in kids), start=ZERO)
    shifted = [(low + delta, high + delta) for low, high in found]
    return found + [r for r in shifted if r not in found]


def _bound_hint(node: Node, series: str, low: Decimal, high: Decimal, ctx: Context) -> tuple[str, str]:
    """The message part of a PAR203 against children some of which are unknown."""
    unknown: list[str] = []

    def through(parent: Node) -> None:   # the unknown values this sum reads
        for kid in parent.children:
            if not kid.applicable:
                continue
            if _unknown(ctx, kid, series):
                unknown.append(kid.code)
            if kid.declared.get(series) is None or _unknown(ctx, kid, series):
                through(kid)

    through(node)
    names = ", ".join(unknown[:3]) + (", …" if len(unknown) > 3 else "")
    return bilingual(
        f"từ {vi(tidy(low))} đến {vi(tidy(high))} ({names}: không đọc được hoặc ngoài khoảng, tính là bất kỳ "
        "giá trị nào từ 0 đến điểm tối đa); không giá trị nào khớp",
        f"between {plain(tidy(low))} and {plain(tidy(high))} ({names}: unreadable or out of range, counted as "
        "anywhere from 0 to its max); no value agrees")


def _derive_reading(node: Node, kids: list[Node], choice: dict[Node, Reading]) -> Reading | None:
    """The interval a parent's value lies in, from its children's intervals."""
    if node.eff_max is None:
        return None
    lost_low = lost_high = ZERO
    for kid in kids:
        low, high = choice[kid]
        if kid.eff_max is None:
            return None
        lost_low += kid.eff_max - high
        lost_high += kid.eff_max - low
    return node.eff_max - lost_high, node.eff_max - lost_low


def _leaves_read_the_other_way(node: Node, series: str, kids: list[Node],
                               readings: dict[tuple, list[Reading] | None], other_way: set[tuple],
                               declared: Decimal) -> list[Node]:
    """The children that must be read as max − deducted for `declared` to match
    (empty when no such reading makes it match)."""
    options = [(k, readings[(k.code, series)]) for k in kids
               if (k.code, series) in other_way and len(readings.get((k.code, series)) or []) > 1]
    if not options or 2 ** len(options) > MAX_COMBINATIONS:
        return []
    if any(readings.get((k.code, series)) is None for k in kids):
        return []
    best: list[Node] | None = None
    for choice in itertools.product((False, True), repeat=len(options)):
        if not any(choice):
            continue
        values = {kid: found[-1] for (kid, found), use in zip(options, choice) if use}
        derived = _derive_reading(node, kids, {**{k: readings[(k.code, series)][0] for k in kids}, **values})
        if derived is not None and _agrees(declared, derived):
            used = [kid for (kid, _), use in zip(options, choice) if use]
            if best is None or len(used) < len(best):
                best = used
    return best or []


def _move_to_baseline(diags: list[Diagnostic], at: int | None, kid: Node, ctx: Context) -> None:
    """Point a leaf's PAR208 at its baseline: the parent's total shows that the
    deducted value is right and the baseline is the number to change."""
    if at is None or kid.entry is None or kid.entry.deducted is None or kid.eff_max is None:
        return
    old = diags[at]
    if old.field != "deducted":
        return
    meant = tidy(kid.eff_max - abs(kid.entry.deducted))
    baseline = kid.entry.baseline
    diags[at] = ctx.diag("PAR208", _entry_path(kid, "baseline"), item=kid.code, field="baseline",
                         expected=meant, actual=baseline, detail=bilingual(
                             f"điểm đạt được {vi(baseline)} không khớp điểm bị trừ {vi(kid.entry.deducted)}; "
                             f"tổng của mục cha cho thấy điểm đạt được đúng là {vi(meant)}",
                             f"baseline {plain(baseline)} disagrees with deducted {plain(kid.entry.deducted)}; "
                             f"the parent's total shows the baseline is {plain(meant)}"))


def _derived_readings(node: Node, series: str, kids: list[Node],
                      readings: dict[tuple, list[Reading] | None]) -> list[Reading] | None:
    """Every interval the node's children can add up to, the as-written one first."""
    options = []
    for kid in kids:
        found = readings.get((kid.code, series))
        if found is None:
            return None
        options.append(found)
    combos = 1
    for found in options:
        combos *= len(found)
    if combos > MAX_COMBINATIONS:
        options = [found[:1] for found in options]
    out: list[Reading] = []
    for choice in itertools.product(*options):
        value = _derive_reading(node, kids, dict(zip(kids, choice)))
        if value is not None and value not in out:
            out.append(value)
    return out or None


def _misspelt(ctx: Context) -> set[tuple]:
    """(item, field) of fields written under a wrong name: a PAR003 whose hint
    says "did you mean 'target'?" is the one mistake (the value is there)."""
    out = set()
    for d in ctx.doc.diagnostics:
        if d.code != "PAR003":
            continue
        hint = dict(d.params).get("hint", "")
        hint = hint[1] if isinstance(hint, tuple) else hint
        if hint.startswith(" (did you mean '"):
            out.add((d.item, hint[len(" (did you mean '"):].split("'")[0]))
    return out


def missing_numbers(ctx: Context) -> Iterator[Diagnostic]:
    """PAR214: a leaf without a target; PAR215: a leaf without a baseline when
    other leaves have one. Improvement plans only (a remediation table lists
    what was lost, not targets). Values that could not be read or are out of
    range are already reported and are not "missing"."""
    if ctx.framework_missing or ctx.model.layout != "improvement":
        return
    leaves = [n for n in ctx.tree.nodes() if n.is_leaf and n.entry is not None and n.applicable]
    with_baseline = sum(1 for n in leaves if n.entry.baseline is not None
                        or _entry_path(n, "baseline") in ctx.unknown)
    misspelt = _misspelt(ctx)
    for node in leaves:
        for name, code in (("baseline", "PAR215"), ("target", "PAR214")):
            if getattr(node.entry, name) is not None or _entry_path(node, name) in ctx.unknown \
                    or (node.code, name) in misspelt:
                continue
            if code == "PAR215" and with_baseline == 0:
                continue
            yield ctx.diag(code, _entry_path(node, name), item=node.code, field=name)


def lead_spellings(ctx: Context) -> Iterator[Diagnostic]:
    """PAR216: one lead unit written two ways (case, spaces, trailing
    punctuation): once per variant, where it first appears, naming the
    first spelling and its line."""
    from ..leads import normalise_lead

    first: dict[str, tuple[str, int]] = {}
    warned: set[tuple[str, str]] = set()
    for i, entry in enumerate(ctx.model.entries):
        for j, name in enumerate(entry.lead):
            key = normalise_lead(name)
            if not key:
                continue
            path = ("entries", i, "lead", j) if ctx.has("entries", i, "lead", j) else ("entries", i, "lead")
            line = ctx.at(*path)[0]
            if key not in first:
                first[key] = (name, line)
                continue
            spelling, first_line = first[key]
            if name == spelling or (spelling, name) in warned:
                continue
            warned.add((spelling, name))
            yield ctx.diag("PAR216", path, item=written_code(entry.code), field="lead",
                           expected=spelling, actual=name, first_line=first_line)


def advice(ctx: Context) -> Iterator[Diagnostic]:
    """Warnings: target below baseline, missing tasks and leads, odd baseline year."""
    model = ctx.model
    if model.baseline_year is not None and model.baseline_year != model.year - 1:
        yield ctx.diag("PAR212", ("baseline_year",), field="baseline_year",
                       expected=model.year - 1, actual=model.baseline_year)
    if ctx.framework_missing:
        return
    for node in ctx.tree.nodes():
        entry = node.entry
        if entry is None or not node.applicable:
            continue
        if entry.tasks and not entry.lead:
            yield ctx.diag("PAR211", _entry_path(node, "tasks"), item=node.code, field="lead")
        if not node.is_leaf:
            continue
        tainted = ctx.flag("out_of_range")
        if entry.target is not None and entry.baseline is not None and entry.target < entry.baseline \
                and (node.code, "baseline") not in tainted and (node.code, "target") not in tainted:
            yield ctx.diag("PAR209", _entry_path(node, "target"), item=node.code, field="target",
                           expected=entry.baseline, actual=entry.target)
        if entry.target is not None and node.eff_max is not None and entry.target < node.eff_max and not entry.tasks \
                and (node.code, "target") not in tainted:
            yield ctx.diag("PAR210", _entry_path(node, "target"), item=node.code, field="tasks",
                           expected=node.eff_max, actual=entry.target)
