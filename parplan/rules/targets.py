"""Rules for `kind: targets` (SPEC 2.4)."""
from __future__ import annotations

from typing import Iterator

from ..diagnostics import Diagnostic, bilingual
from .context import Context


def _items(ctx: Context):
    for g, group in enumerate(ctx.model.groups):
        for i, item in enumerate(group.items):
            yield g, i, group, item


def codes(ctx: Context) -> Iterator[Diagnostic]:
    """PAR101: a code appears twice within one group."""
    for g, group in enumerate(ctx.model.groups):
        first: dict[str, int] = {}
        for i, item in enumerate(group.items):
            if not item.code:
                continue
            path = ("groups", g, "items", i, "code")
            if item.code in first:
                yield ctx.diag("PAR101", path, item=item.code, field="code", first_line=first[item.code])
            else:
                first[item.code] = ctx.at(*path)[0]


def columns(ctx: Context) -> Iterator[Diagnostic]:
    """PAR401: a value or measure for a column the table does not declare.
    A key used in many rows (a column renamed in `columns`, say) is one
    mistake: reported once, at its first use, with the number of rows."""
    declared = [c.key for c in ctx.model.columns]
    uses: dict[tuple[str, str], list[tuple]] = {}
    for g, i, group, item in _items(ctx):
        for name in ("values", "measures"):
            for key in (getattr(item, name) or {}):
                if key not in declared:
                    uses.setdefault((name, key), []).append((g, i, item, name))
    for (_, key), places in uses.items():
        g, i, item, name = places[0]
        rows = len({(pg, pi) for pg, pi, _, _ in places})
        more = bilingual(f" (dùng ở {rows} dòng)", f" (used in {rows} rows)") if rows > 1 else ""
        yield ctx.diag("PAR401", ("groups", g, "items", i, name, key), at_key=True, item=item.code,
                       field=f"{name}.{key}", key=key, columns=", ".join(declared), more=more)


def measures(ctx: Context) -> Iterator[Diagnostic]:
    """PAR402: a percentage outside 0–100; PAR403: a target aiming below the result."""
    roles = {c.key: c.kind for c in ctx.model.columns}
    for g, i, group, item in _items(ctx):
        found = item.measures or {}
        for key, measure in found.items():
            if measure.unit == "%" and not (0 <= measure.value <= 100):
                yield ctx.diag("PAR402", ("groups", g, "items", i, "measures", key, "value"),
                               item=item.code, field=f"measures.{key}", actual=measure.value)
        results = [(k, m) for k, m in found.items() if roles.get(k) == "result"]
        targets = [(k, m) for k, m in found.items() if roles.get(k) == "target"]
        if not results:
            continue
        _, result = results[-1]
        for key, target in targets:
            if target.op in (">=", ">") and target.unit == result.unit and target.value < result.value:
                yield ctx.diag("PAR403", ("groups", g, "items", i, "measures", key, "value"),
                               item=item.code, field=f"measures.{key}", expected=result.value,
                               actual=target.value, unit=target.unit or "")
