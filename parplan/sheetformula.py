"""A tiny spreadsheet formula evaluator, with Decimal, for the formulas parplan writes.

The rendered .xlsx computes parent and total rows with formulas such as
`SUM(D7:D10)`, `SUM(D6,D11,D15)` and `C5-(C6-D6)-(C9-D9)`, and stores their
values. A workbook saved by a script (openpyxl) keeps the formulas but drops
the stored values; reading it back, `parplan import` and `new --results`
compute them here, exactly, as Excel would:

- numbers, cell references (`D6`, `$D$6`), `+`, `-` (also unary), brackets,
  and `SUM(...)` over references, ranges (`D6:D9`) and expressions;
- an empty cell is 0; SUM skips text and empty cells; text in `+`/`-` is an
  error (Excel's #VALUE!);
- a formula that read an empty cell, directly or through another formula, is
  *incomplete* (`Sheet.incomplete`): Excel shows a number for it, but it is
  not a score anyone gave (a parent of unfilled children), so readers treat
  it as having no value;
- a formula that refers to another formula cell uses that cell's value
  (computed in turn); a cycle, a chain deeper than `MAX_DEPTH`, anything else
  (other functions, other sheets, `*`) raises `FormulaError`: the caller then
  treats the cell as having no value.

No openpyxl here: cells are given as a mapping (row, column) -> value.
"""
from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Callable, Mapping

MAX_LENGTH = 4000          # characters of one formula
MAX_DEPTH = 64             # formula cells referring to formula cells
MAX_RANGE_CELLS = 10_000   # cells in one range (parplan's own ranges span a few rows)
MAX_WORK = 2_000_000       # cells and formula steps visited by one sheet, in all

Coord = tuple[int, int]    # (row, column), 1-based
Value = Decimal | str | None

_TOKEN = re.compile(r"\s*(?:(?P<num>\d+(?:\.\d*)?(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)"
                    r"|(?P<ref>\$?[A-Za-z]{1,3}\$?\d{1,7})|(?P<name>[A-Za-z_][A-Za-z0-9_.]*)"
                    r"|(?P<op>[-+(),:]))")


class FormulaError(ValueError):
    """The formula is not one this evaluator computes, or its value is an error."""


class WorkExhausted(FormulaError):
    """The sheet asked for more work than MAX_WORK: nothing more is computed."""


def ref_coord(ref: str) -> Coord:
    """"$D$12" -> (12, 4)."""
    match = re.fullmatch(r"\$?([A-Za-z]{1,3})\$?(\d{1,7})", ref)
    if not match:
        raise FormulaError(ref)
    column = 0
    for ch in match.group(1).upper():
        column = column * 26 + ord(ch) - 64
    row = int(match.group(2))
    if row < 1:
        raise FormulaError(ref)
    return row, column


def column_letter(column: int) -> str:
    letters = ""
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def cell_name(row: int, column: int) -> str:
    return f"{column_letter(column)}{row}"


def _tokens(text: str) -> list[tuple[str, str]]:
    out, pos = [], 0
    text = text.strip()
    while pos < len(text):
        match = _TOKEN.match(text, pos)
        if not match or match.end() == pos:
            raise FormulaError(text)
        kind = match.lastgroup
        out.append((kind, match.group(kind)))
        pos = match.end()
    return out


# AST: ("num", Decimal) | ("ref", coord) | ("range", coord, coord) | ("neg", node)
#      | ("add", node, node) | ("sub", node, node) | ("sum", [node, ...])

class _Parser:
    def __init__(self, tokens: list[tuple[str, str]]):
        self.tokens, self.pos = tokens, 0

    def peek(self) -> tuple[str, str] | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def take(self) -> tuple[str, str]:
        token = self.peek()
        if token is None:
            raise FormulaError("unexpected end")
        self.pos += 1
        return token

    def expect(self, op: str) -> None:
        if self.take() != ("op", op):
            raise FormulaError(f"expected {op}")

    def expr(self, depth: int = 0):
        if depth > 50:
            raise FormulaError("too deeply nested")
        node = self.unary(depth)
        while self.peek() in (("op", "+"), ("op", "-")):
            op = self.take()[1]
            node = ("add" if op == "+" else "sub", node, self.unary(depth))
        return node

    def unary(self, depth: int):
        token = self.peek()
        if token in (("op", "-"), ("op", "+")):
            self.take()
            inner = self.unary(depth + 1)
            return ("neg", inner) if token[1] == "-" else inner
        return self.atom(depth)

    def atom(self, depth: int):
        kind, text = self.take()
        if kind == "num":
            try:
                return ("num", Decimal(text))
            except InvalidOperation:
                raise FormulaError(text) from None
        if kind == "ref":
            start = ref_coord(text)
            if self.peek() == ("op", ":"):
                self.take()
                kind2, text2 = self.take()
                if kind2 != "ref":
                    raise FormulaError("bad range")
                end = ref_coord(text2)
                return ("range", (min(start[0], end[0]), min(start[1], end[1])),
                        (max(start[0], end[0]), max(start[1], end[1])))
            return ("ref", start)
        if kind == "name" and text.upper() == "SUM" and self.peek() == ("op", "("):
            self.take()
            args = [self.expr(depth + 1)]
            while self.peek() == ("op", ","):
                self.take()
                args.append(self.expr(depth + 1))
            self.expect(")")
            return ("sum", args)
        if (kind, text) == ("op", "("):
            node = self.expr(depth + 1)
            self.expect(")")
            return node
        raise FormulaError(text)


def parse(formula: str):
    """The AST of a formula (with or without its leading '=')."""
    text = formula[1:] if formula.startswith("=") else formula
    if len(text) > MAX_LENGTH:
        raise FormulaError("too long")
    parser = _Parser(_tokens(text))
    node = parser.expr()
    if parser.peek() is not None:
        raise FormulaError("trailing text")
    return node


class Sheet:
    """Cell values and formulas of one sheet; `value()` computes formula cells.

    `values` holds what a cell shows without calculating (a number as a
    Decimal, text as str); `formulas` the formula text of formula cells. A
    formula cell found in `values` too (a stored result) is computed anyway
    only when `prefer_stored` is False."""

    def __init__(self, values: Mapping[Coord, Value], formulas: Mapping[Coord, str],
                 prefer_stored: bool = True):
        self.values, self.formulas, self.prefer_stored = values, formulas, prefer_stored
        self._done: dict[Coord, Value] = {}
        self._busy: set[Coord] = set()       # the formula cells being computed (a stack, as a set)
        self.incomplete: set[Coord] = set()  # formula cells whose value read an empty cell
        self.work = 0          # bounded by MAX_WORK: a hostile sheet cannot keep us busy

    def _spend(self, amount: int = 1) -> None:
        self.work += amount
        if self.work > MAX_WORK:
            raise WorkExhausted("too much to compute")

    def value(self, coord: Coord, depth: int = 0) -> Value:
        if coord in self._done:
            if coord in self.incomplete:
                self.incomplete.update(self._busy)
            return self._done[coord]
        formula = self.formulas.get(coord)
        if formula is None or (self.prefer_stored and self.values.get(coord) is not None):
            value = self.values.get(coord)
            if value is None:
                self.incomplete.update(self._busy)
            return value
        if coord in self._busy or depth > MAX_DEPTH:
            raise FormulaError("circular or too deep")
        self._busy.add(coord)
        self._spend(len(formula))
        try:
            result = self.evaluate(parse(formula), depth + 1)
        finally:
            self._busy.discard(coord)
        self._done[coord] = result
        return result

    def compute(self, formula: str) -> Decimal:
        return self.evaluate(parse(formula), 0)

    def evaluate(self, node, depth: int) -> Decimal:
        kind = node[0]
        if kind == "num":
            return node[1]
        if kind == "ref":
            value = self.value(node[1], depth)
            if value is None:
                return Decimal(0)
            if isinstance(value, str):
                raise FormulaError("text in arithmetic")
            return value
        if kind == "range":
            raise FormulaError("a range outside SUM")
        if kind == "neg":
            return -self.evaluate(node[1], depth)
        if kind == "add":
            return self.evaluate(node[1], depth) + self.evaluate(node[2], depth)
        if kind == "sub":
            return self.evaluate(node[1], depth) - self.evaluate(node[2], depth)
        if kind == "sum":
            total = Decimal(0)
            for arg in node[1]:
                if arg[0] in ("ref", "range"):
                    for coord in self._cells(arg):
                        value = self.value(coord, depth)
                        if isinstance(value, Decimal):
                            total += value
                else:
                    total += self.evaluate(arg, depth)
            return total
        raise FormulaError(kind)

    def _cells(self, node) -> list[Coord]:
        if node[0] == "ref":
            return [node[1]]
        (r1, c1), (r2, c2) = node[1], node[2]
        size = (r2 - r1 + 1) * (c2 - c1 + 1)
        if size > MAX_RANGE_CELLS:
            raise FormulaError("range too large")
        self._spend(size)
        return [(r, c) for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)]


def compute_all(values: Mapping[Coord, Value], formulas: Mapping[Coord, str],
                wanted: Callable[[Coord], bool] = lambda _: True) -> dict[Coord, Decimal | None]:
    """Every wanted formula cell that can be computed, from the cells that are
    not formulas (stored values of formula cells are not used): coord -> value,
    None for an incomplete one (it read an empty cell). Cells whose formula
    cannot be computed are left out."""
    sheet = Sheet(values, formulas, prefer_stored=False)
    out: dict[Coord, Decimal] = {}
    for coord in formulas:
        if not wanted(coord):
            continue
        try:
            value = sheet.value(coord)
        except WorkExhausted:
            break
        except (FormulaError, RecursionError, ArithmeticError):
            continue
        if isinstance(value, Decimal):
            out[coord] = None if coord in sheet.incomplete else value
    return out
