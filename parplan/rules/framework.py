"""Rules for `kind: framework` (SPEC 2.2)."""
from __future__ import annotations

from typing import Iterator

from ..diagnostics import Diagnostic, bilingual
from ..numbers import ZERO, tidy
from ..rollup import code_parts, is_nested_under
from .context import Context


def codes(ctx: Context) -> Iterator[Diagnostic]:
    first: dict[str, int] = {}

    def visit(items, parent_code: str | None, path: tuple) -> Iterator[Diagnostic]:
        for i, item in enumerate(items):
            here = path + ("items", i)
            if code_parts(item.code) is None:
                yield ctx.diag("PAR102", here + ("code",), item=item.code, field="code", detail=bilingual(
                    "cần các số nguyên dương nối bằng dấu chấm, ví dụ 1.3.1",
                    "expected dot-separated positive integers such as 1.3.1"))
            elif parent_code is None and "." in item.code or parent_code is not None and not is_nested_under(item.code, parent_code):
                where = f"'{parent_code}'" if parent_code else "cấp cao nhất"
                yield ctx.diag("PAR102", here + ("code",), item=item.code, field="code", detail=bilingual(
                    f"không nằm dưới mã cha {where}" if parent_code else "lĩnh vực (cấp 1) phải có mã một số",
                    f"not nested under its parent's code '{parent_code}'" if parent_code else "a top-level code is a single number"))
            if item.code in first:
                yield ctx.diag("PAR101", here + ("code",), item=item.code, field="code",
                               first_line=first[item.code])
            else:
                first[item.code] = ctx.at(*here, "code")[0]
            yield from visit(item.items, item.code, here)

    yield from visit(ctx.model.items, None, ())


def max_positive(ctx: Context) -> Iterator[Diagnostic]:
    for item, path in ctx.model.walk():
        if item.max <= 0:
            yield ctx.diag("PAR105", path + ("max",), item=item.code, field="max", actual=item.max)


def children_add_up(ctx: Context) -> Iterator[Diagnostic]:
    for item, path in ctx.model.walk():
        if item.items:
            added = sum((kid.max for kid in item.items), start=ZERO)
            if added != item.max:
                yield ctx.diag("PAR103", path + ("max",), item=item.code, field="max",
                               expected=tidy(added), actual=item.max)
    top = sum((item.max for item in ctx.model.items), start=ZERO)
    if top != ctx.model.total:
        yield ctx.diag("PAR104", ("total",), field="total", expected=tidy(top), actual=ctx.model.total)
