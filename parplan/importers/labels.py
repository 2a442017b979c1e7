"""Column labels: which plan field each column of an appendix table holds.

Labels are compared folded (no diacritics, lower case, punctuation as
spaces), so "Điểm 2023 đạt được", "DIEM 2023 DAT DUOC" and "Điểm năm 2023
(đạt được)" are the same label. The rules below are tried in order and the
first that matches wins: more specific phrases come first ("Lý do bị trừ
điểm" is a reason, not a deduction; "Thời gian thực hiện" is a deadline, not a
lead unit). A user can override any column with `--columns`.

A header may span several rows (a group label over "2023"/"2024", cells
merged down): each column's label is read from its lowest header row first,
then from all its header rows together.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from dataclasses import dataclass
from typing import Hashable, Sequence

from ..api import UsageError
from .source import Slot, Table

SCORES = ("max", "baseline", "target", "deducted", "self_assessed")
TEXTS = ("name", "reason", "tasks", "lead", "partners", "deadline", "product", "note")
FIELDS = ("code",) + TEXTS[:1] + SCORES + TEXTS[1:]
IGNORE = "ignore"
# Columns offices add that a plan has no field for: recognised, so that each is
# left out with one warning naming it (IMP110) rather than read as a score.
EXTRA = {"ratio": ("tỷ lệ phần trăm", "percentage"), "cost": ("kinh phí", "cost")}

# (field, pattern on the folded label), first match wins.
RULES: tuple[tuple[str, re.Pattern[str]], ...] = tuple((f, re.compile(p)) for f, p in (
    ("code", r"^(stt|tt|so tt|so thu tu|thu tu|ma|ma so|ma tieu chi)$"),
    ("reason", r"\bly do\b|\bnguyen nhan\b"),
    ("deducted", r"\bbi tru\b|\bdiem tru\b|\btru diem\b|\bmat diem\b|\bdiem bi mat\b"),
    ("self_assessed", r"\btu danh gia\b|\btu cham\b"),
    ("tasks", r"\bnhiem vu\b|\bgiai phap\b|\bbien phap\b|\bkhac phuc\b|\bnoi dung thuc hien\b"
              r"|\bnoi dung cong viec\b|\bhoat dong\b"),
    ("partners", r"\bphoi hop\b"),
    ("deadline", r"\bthoi gian\b|\bthoi han\b|\btien do\b|\bhan hoan thanh\b"),
    ("product", r"\bsan pham\b|\bket qua dau ra\b"),
    ("note", r"\bghi chu\b"),
    ("ratio", r"\bty le\b|^%$|\bphan tram\b"),
    ("cost", r"\bkinh phi\b|\bdu toan\b|\bnguon von\b"),
    ("max", r"\bdiem chuan\b|\btoi da\b|\bthang diem\b|\bdiem quy dinh\b"),
    ("baseline", r"\bdat duoc\b|\btham dinh\b|\bdiem dat\b"),
    ("target", r"\bmuc tieu\b|\bphan dau\b"),
    ("name", r"\blinh vuc\b|\btieu chi\b|\bchi so\b|\bnoi dung\b"),
    ("lead", r"\bchu tri\b|\bdon vi\b|\bco quan\b|\bthuc hien\b|\btrach nhiem\b|\bphu trach\b|\btheo doi\b"),
    ("target", r"\bchi tieu\b|\bdu kien\b"),
    ("baseline", r"\bket qua\b|\b(19|20)\d\d\b"),
))

# What the user is told we looked for when no table matches.
LOOKED_FOR = ("STT", "Lĩnh vực/Tiêu chí", "Điểm chuẩn/Điểm tối đa", "Điểm … đạt được/Điểm thẩm định",
              "Mục tiêu năm …", "Điểm bị trừ", "Nhiệm vụ/giải pháp/Biện pháp khắc phục", "Đơn vị chủ trì",
              "Thời gian", "Sản phẩm")

_YEAR = re.compile(r"\b(19\d\d|20\d\d|21\d\d)\b")
_NUMBER_LIKE = re.compile(r"^[+\-−–]?\s*\d+([.,]\d+)*$")
_CODE_LIKE = re.compile(r"^([IVXLC]+|\d+(\.\d+)*)\.?$")
_NUMBERING = re.compile(r"^\(?\s*\w{1,2}\s*\)?(\s*[=+\-x*/]\s*\(?\s*\w{1,2}\s*\)?)*$")


@lru_cache(maxsize=8192)
def fold(text: str) -> str:
    """Label text without diacritics, case or punctuation: 'Điểm 2023 đạt được' -> 'diem 2023 dat duoc'."""
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn").lower()
    return " ".join(re.sub(r"[^0-9a-z]+", " ", text).split())


def field_for(label: str) -> str | None:
    folded = fold(label)
    if not folded:
        return None
    for name, pattern in RULES:
        if pattern.search(folded):
            return name
    return None


def year_in(label: str) -> int | None:
    match = _YEAR.search(label)
    return int(match.group(1)) if match else None


def is_year(text: str) -> bool:
    return bool(re.fullmatch(r"(năm\s*)?(19|20|21)\d\d", text.strip(), re.I))


def is_numbering(row: Sequence[Slot]) -> bool:
    """The row of column numbers printed under many headers: (1) (2) (3)… or 1 2 3…"""
    texts = [s.text for i, s in enumerate(row) if not s.empty and (i == 0 or s.key != row[i - 1].key)]
    if len(texts) < 3 or not all(_NUMBERING.match(t) for t in texts):
        return False
    numbers = [int(t.strip("()")) for t in texts if t.strip("()").isdigit()]
    return all(a < b for a, b in zip(numbers, numbers[1:]))


@dataclass
class Column:
    index: int               # 0-based grid column
    label: str               # every header row's text for this column, top to bottom
    bottom: str              # the lowest header row's text
    group: Hashable          # the lowest header cell: columns under one spanning label share it
    field: str | None = None
    year: int | None = None

    @property
    def number(self) -> int:
        return self.index + 1


@dataclass
class Header:
    start: int                  # index of its first row in table.rows
    size: int                   # how many rows it spans
    columns: list[Column]
    rows: list[tuple[str, ...]]  # folded texts of each header row, to spot a repeated header

    @property
    def fields(self) -> set[str]:
        return {c.field for c in self.columns if c.field and c.field != IGNORE and c.field not in EXTRA}

    def groups(self) -> int:
        """How many distinct header cells the recognised columns sit under."""
        return len({c.group for c in self.columns if c.field and c.field != IGNORE})

    def score(self) -> int:
        return len(self.fields)

    def valid(self) -> bool:
        fields = self.fields
        return bool(fields & {"code", "name"}) and bool(fields & set(SCORES)) and len(fields) >= 3

    def repeats(self, row: Sequence[Slot]) -> bool:
        """A header printed again inside the table (a continued table)."""
        texts = tuple(fold(s.text) for s in row)
        if any(texts == r for r in self.rows):
            return True
        mapped = {field_for(s.text) for s in row if not s.empty}
        return "code" in mapped and len(mapped - {None}) >= 3 and not any(
            _CODE_LIKE.match(s.text) or _NUMBER_LIKE.match(s.text) for s in row if not is_year(s.text))


# -- --columns ---------------------------------------------------------------

_SPLIT = re.compile(r",\s*(?=(?:%s)\s*=)" % "|".join(FIELDS + (IGNORE,)))


def parse_columns(specs: Sequence[str] | None) -> list[tuple[str, str]]:
    """`--columns "max=Điểm tối đa,baseline=Điểm 2023"` -> [(field, label)].

    Labels may contain commas: a comma only separates pairs when a field name
    and `=` follow it. `#4` names the 4th column; `ignore=Label` drops one."""
    out: list[tuple[str, str]] = []
    for spec in specs or []:
        for part in _SPLIT.split(spec):
            if not part.strip():
                continue
            name, eq, label = part.partition("=")
            name, label = name.strip(), label.strip()
            if not eq or name not in FIELDS + (IGNORE,):
                raise UsageError(
                    f"--columns: không hiểu '{part.strip()}'; cần dạng trường=Nhãn cột, với trường là một trong: "
                    f"{', '.join(FIELDS + (IGNORE,))}",
                    f"--columns: cannot read '{part.strip()}'; expected field=Column label, field one of: "
                    f"{', '.join(FIELDS + (IGNORE,))}")
            if not label:
                raise UsageError(f"--columns: thiếu nhãn cột sau '{name}='", f"--columns: no column label after '{name}='")
            out.append((name, label))
    return out


def _match(columns: list[Column], label: str) -> list[Column]:
    if re.fullmatch(r"#\d+", label.strip()):
        number = int(label.strip()[1:])
        return [c for c in columns if c.number == number]
    wanted = fold(label)
    for test in (lambda c: wanted in (fold(c.label), fold(c.bottom)),
                 lambda c: f" {wanted} " in f" {fold(c.label)} "):          # whole words of the label
        found = [c for c in columns if test(c)]
        if found:
            return found      # several cells: ambiguous, reported by the caller
    if "/" in label:          # a group path: "Năm 2023/Điểm đạt được" (group label, then the column's own)
        *groups, own = [fold(part) for part in label.split("/")]
        found = [c for c in columns if own and own in (fold(c.bottom), fold(c.label))
                 or own and fold(c.bottom).endswith(own) and fold(c.bottom) and
                 f" {own} " in f" {fold(c.label)} "]
        found = [c for c in found if all(f" {g} " in f" {fold(c.label)} " for g in groups if g)]
        return found
    return []


def _apply(columns: list[Column], overrides: list[tuple[str, str]], strict: bool) -> None:
    for name, label in overrides:
        found = _match(columns, label)
        if strict and not found:
            seen = "; ".join(f"{c.number}: {c.label}" for c in columns if c.label) or "—"
            raise UsageError(f"--columns: không có cột '{label}' trong hàng tiêu đề (các cột: {seen})",
                             f"--columns: no column '{label}' in the header (columns: {seen})")
        if strict and len({c.group for c in found}) > 1:
            which = ", ".join(f"{c.number}: {c.label}" for c in found)
            raise UsageError(f"--columns: '{label}' khớp nhiều cột ({which}); dùng nhãn đầy đủ hoặc #số cột",
                             f"--columns: '{label}' matches several columns ({which}); give the full label or #N")
        if not found or len({c.group for c in found}) > 1:
            continue
        if name != IGNORE:
            for c in columns:
                if c.field == name:
                    c.field = None
        for c in found:
            c.field = name


def make_header(table: Table, start: int, size: int, overrides: list[tuple[str, str]] = (),
                strict: bool = False) -> Header:
    rows = table.rows[start:start + size]
    columns = []
    for index in range(table.width):
        texts: list[str] = []
        above: Hashable = object()
        for row in rows:
            slot = row[index]
            if slot.key != above and not slot.empty and (not texts or slot.text != texts[-1]):
                texts.append(slot.text)
            above = slot.key
        bottom = rows[-1][index]
        label = " ".join(texts)
        name = field_for(bottom.text) or field_for(label)
        columns.append(Column(index, label, bottom.text, bottom.key, name, year_in(label)))
    _apply(columns, list(overrides), strict)
    return Header(start, size, columns, [tuple(fold(s.text) for s in r) for r in rows])


def _continues_header(row: Sequence[Slot], above: Sequence[Slot]) -> bool:
    """Could this row be the second (third) row of a header?"""
    if is_numbering(row):
        return False
    new = [s for s, a in zip(row, above) if s.key != a.key and not s.empty]
    if not new:
        return False
    return not any((_NUMBER_LIKE.match(s.text) or _CODE_LIKE.match(s.text)) and not is_year(s.text) for s in new)


SEARCH_ROWS = 30
MAX_HEADER_ROWS = 3


def find_header(table: Table, overrides: list[tuple[str, str]] = ()) -> Header | None:
    """The first row (and the rows under it) that label the columns of a plan
    table. `--columns` labels missing from it are ignored here: `strict_header`
    checks them on the table finally chosen."""
    rows = table.rows
    for start in range(min(len(rows), SEARCH_ROWS)):
        cells = {s.key for s in rows[start] if not s.empty}
        if len(cells) < 2 or is_numbering(rows[start]):    # a title line above the header is one cell
            continue
        best: Header | None = None
        for size in range(1, MAX_HEADER_ROWS + 1):
            if start + size > len(rows):
                break
            if size > 1 and not _continues_header(rows[start + size - 1], rows[start + size - 2]):
                break
            header = make_header(table, start, size, overrides)
            # a deeper header wins when it knows more fields, or splits columns that
            # stood under one label ("Năm 2023" over "Điểm đạt được | Tỷ lệ (%)")
            if header.valid() and (best is None or header.score() > best.score()
                                   or (header.score() == best.score() and header.groups() > best.groups())):
                best = header
        if best is not None:
            return best
    return None


def strict_header(table: Table, header: Header, overrides: list[tuple[str, str]]) -> Header:
    """The header again, with every `--columns` label required to match one column."""
    return make_header(table, header.start, header.size, overrides, strict=True)


def describe(table: Table) -> str:
    """A short picture of a table's first non-empty row, for 'no table found'."""
    for row in table.rows[:SEARCH_ROWS]:
        texts = []
        for i, slot in enumerate(row):
            if not slot.empty and (i == 0 or slot.key != row[i - 1].key):
                texts.append(slot.text if len(slot.text) <= 40 else slot.text[:39] + "…")
        if texts:
            return " | ".join(texts)
    return ""
