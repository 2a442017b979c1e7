"""Rules for `kind: budget` (SPEC 2.5). Amounts are whole đồng (int)."""
from __future__ import annotations

from typing import Iterator

from ..diagnostics import Diagnostic, bilingual
from ..numbers import vi
from .context import Context


def keys(ctx: Context) -> Iterator[Diagnostic]:
    """A year or source that the table does not declare is an unknown field."""
    model = ctx.model
    years, sources = set(model.years), set(model.sources)
    blocks = [(("items", i), item.code, item) for i, item in enumerate(model.items)]
    if model.declared_totals is not None:
        blocks.append((("declared_totals",), None, model.declared_totals))
    for path, code, block in blocks:
        for year in block.by_year:
            if year not in years:
                yield ctx.diag("PAR003", path + ("by_year", str(year)), at_key=True, item=code, field=f"by_year.{year}",
                               **{"key": str(year), "hint": bilingual(
                                   f" (năm không có trong years: {sorted(years)})", f" (not in years: {sorted(years)})")})
        for source in block.by_source:
            if source not in sources:
                yield ctx.diag("PAR003", path + ("by_source", source), at_key=True, item=code,
                               field=f"by_source.{source}", **{"key": source, "hint": bilingual(
                                   f" (nguồn không có trong sources: {', '.join(model.sources)})",
                                   f" (not in sources: {', '.join(model.sources)})")})


def _unknown_rows(ctx: Context) -> set[int]:
    """Items with an amount that could not be read (dropped at load): their
    row cannot be summed (issue 11: only that value is unknown)."""
    return {path[1] for path in ctx.unknown if len(path) == 4 and path[0] == "items"}


def _unknown_columns(ctx: Context) -> set[tuple[str, str]]:
    """("by_year", "2022") / ("by_source", "tw") columns holding an unknown amount."""
    return {(path[2], path[3]) for path in ctx.unknown if len(path) == 4 and path[0] == "items"}


def _cell_mistakes(ctx: Context) -> dict[tuple[int, str, object], int]:
    """One wrong amount makes its row disagree (PAR301) and its column
    disagree with the printed total (PAR302) by the same difference. Where
    exactly one column explains a row's difference, the mistake is that one
    cell: {(item index, "by_year" | "by_source", key): the amount that fits}."""
    if "cells" in ctx.flags:
        return ctx.flags["cells"]  # type: ignore[return-value]
    model, declared = ctx.model, ctx.model.declared_totals
    found: dict[tuple[int, str, object], int] = {}
    if declared is not None:
        by_year, by_source, _ = column_sums(model)
        unknown = _unknown_rows(ctx)
        for i, item in enumerate(model.items):
            if not item.by_source or not item.by_year or i in unknown:
                continue
            gap = sum(item.by_year.values()) - sum(item.by_source.values())
            if gap == 0:
                continue
            fits = [("by_year", y, item.by_year[y] - gap) for y, amount in declared.by_year.items()
                    if y in item.by_year and by_year.get(y, 0) - amount == gap]
            fits += [("by_source", k, item.by_source[k] + gap) for k, amount in declared.by_source.items()
                     if k in item.by_source and by_source.get(k, 0) - amount == -gap]
            if len(fits) == 1 and fits[0][2] >= 0:
                side, key, fixed = fits[0]
                found[(i, side, key)] = fixed
    ctx.flags["cells"] = found  # type: ignore[assignment]
    return found


def items_add_up(ctx: Context) -> Iterator[Diagnostic]:
    """PAR301: an item's amounts by source add up to its amounts by year;
    reported at the one wrong cell when the printed totals point to it."""
    cells = _cell_mistakes(ctx)
    unknown = _unknown_rows(ctx)
    for i, item in enumerate(ctx.model.items):
        if not item.by_source or not item.by_year or i in unknown:
            continue
        by_year, by_source = sum(item.by_year.values()), sum(item.by_source.values())
        if by_year == by_source:
            continue
        cell = next(((side, key, fixed) for (n, side, key), fixed in cells.items() if n == i), None)
        if cell is not None:
            side, key, fixed = cell
            amount = getattr(item, side)[key]
            where_vi = f"năm {key}" if side == "by_year" else f"nguồn {ctx.model.label(str(key))}"
            where_en = f"year {key}" if side == "by_year" else f"source {key}"
            yield ctx.diag("PAR301", ("items", i, side, str(key)), item=item.code, field=f"{side}.{key}",
                           expected=fixed, actual=amount, detail=bilingual(
                               f"tổng theo năm ({vi(by_year)}) khác tổng theo nguồn ({vi(by_source)}); "
                               f"dòng tổng cho thấy ô {where_vi} ghi {vi(amount)} đúng ra là {vi(fixed)}",
                               f"by_year adds up to {by_year}, by_source to {by_source}; the totals row "
                               f"shows the {where_en} cell, {amount}, should be {fixed}"))
        else:
            yield ctx.diag("PAR301", ("items", i, "by_source"), item=item.code, field="by_source",
                           expected=by_year, actual=by_source, detail=bilingual(
                               f"tổng theo nguồn {vi(by_source)} khác tổng theo năm {vi(by_year)}",
                               f"by_source adds up to {by_source}, by_year to {by_year}"))


def column_sums(model, corrections: dict[tuple[int, str, object], int] | None = None
                ) -> tuple[dict[int, int], dict[str, int], int]:
    """The budget's totals row: per year, per source, and the grand total
    (with `corrections` replacing cells already reported as wrong)."""
    fixes = corrections or {}

    def amount(i: int, side: str, key, item) -> int:
        return fixes.get((i, side, key), getattr(item, side).get(key, 0))

    by_year = {y: sum(amount(i, "by_year", y, item) for i, item in enumerate(model.items)) for y in model.years}
    by_source = {s: sum(amount(i, "by_source", s, item) for i, item in enumerate(model.items))
                 for s in model.sources}
    return by_year, by_source, sum(by_year.values())


def declared_totals(ctx: Context) -> Iterator[Diagnostic]:
    """PAR302: each printed total equals its column's sum (a cell already
    reported as wrong counts with the amount that fits, so one mistake is
    reported once)."""
    declared = ctx.model.declared_totals
    if declared is None:
        return
    by_year, by_source, grand = column_sums(ctx.model, _cell_mistakes(ctx))
    unknown = _unknown_columns(ctx)
    for year, amount in declared.by_year.items():
        if year in by_year and amount != by_year[year] and ("by_year", str(year)) not in unknown:
            yield ctx.diag("PAR302", ("declared_totals", "by_year", str(year)), field=f"by_year.{year}",
                           expected=by_year[year], actual=amount)
    for source, amount in declared.by_source.items():
        if source in by_source and amount != by_source[source] and ("by_source", source) not in unknown:
            yield ctx.diag("PAR302", ("declared_totals", "by_source", source), field=f"by_source.{source}",
                           expected=by_source[source], actual=amount)
    if declared.total is not None and declared.total != grand and not unknown:
        # a grand total that adds up the printed year (or source) totals repeats
        # a mistake already reported on one of them: not reported again
        printed = [sum(declared.by_year.values()) if set(declared.by_year) == set(by_year) else None,
                   sum(declared.by_source.values()) if set(declared.by_source) == set(by_source) else None]
        if declared.total not in printed:
            yield ctx.diag("PAR302", ("declared_totals", "total"), field="total", expected=grand,
                           actual=declared.total)
