"""Rules for `kind: budget` (SPEC 2.5). Amounts are whole đồng (int)."""
from __future__ import annotations

from typing import Iterator

from ..diagnostics import Diagnostic, bilingual
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


def items_add_up(ctx: Context) -> Iterator[Diagnostic]:
    """PAR301: an item's amounts by source add up to its amounts by year."""
    for i, item in enumerate(ctx.model.items):
        if not item.by_source or not item.by_year:
            continue
        by_year, by_source = sum(item.by_year.values()), sum(item.by_source.values())
        if by_year != by_source:
            yield ctx.diag("PAR301", ("items", i, "by_source"), item=item.code, field="by_source",
                           expected=by_year, actual=by_source)


def column_sums(model) -> tuple[dict[int, int], dict[str, int], int]:
    """The budget's totals row: per year, per source, and the grand total."""
    by_year = {y: sum(item.by_year.get(y, 0) for item in model.items) for y in model.years}
    by_source = {s: sum(item.by_source.get(s, 0) for item in model.items) for s in model.sources}
    return by_year, by_source, sum(by_year.values())


def declared_totals(ctx: Context) -> Iterator[Diagnostic]:
    """PAR302: each printed total equals its column's sum."""
    declared = ctx.model.declared_totals
    if declared is None:
        return
    by_year, by_source, grand = column_sums(ctx.model)
    for year, amount in declared.by_year.items():
        if year in by_year and amount != by_year[year]:
            yield ctx.diag("PAR302", ("declared_totals", "by_year", str(year)), field=f"by_year.{year}",
                           expected=by_year[year], actual=amount)
    for source, amount in declared.by_source.items():
        if source in by_source and amount != by_source[source]:
            yield ctx.diag("PAR302", ("declared_totals", "by_source", source), field=f"by_source.{source}",
                           expected=by_source[source], actual=amount)
    if declared.total is not None and declared.total != grand:
        yield ctx.diag("PAR302", ("declared_totals", "total"), field="total", expected=grand, actual=declared.total)
