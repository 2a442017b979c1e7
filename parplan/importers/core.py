"""The format-independent part of import: pick the table, read its rows, build a plan.

Readers (`docx.py`, `xlsx.py`) give `Table`s; this module finds the appendix
table by its header (`labels.py`), follows it onto continuation tables, and
turns each row into a plan entry:

- codes from the STT column ("1.", "1.3.1", Roman "I" for an area, and codes
  numbered again from 1 under a Roman area);
- numbers with `numbers.parse_score` (decimal comma or point, scale kept),
  "Không áp dụng" as `applicable: false`;
- tasks split at line breaks and bullets, lead units also at ";", a
  "Phối hợp: …" line into partners;
- a cell merged across rows counts for every row it covers; a cell merged
  across columns fills the first field it covers, or every score column it
  covers (one score printed over "2023" and "2024");
- the TỔNG ĐIỂM / Tổng cộng row into `totals`; notes after it are skipped.

Every cell that cannot be read becomes a `Finding` with its table, row and
column; nothing is guessed.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Sequence

from ..numbers import NumberError, parse_score
from .labels import EXTRA, IGNORE, SCORES, Column, Header, find_header, fold, is_numbering
from .source import Cell, Finding, Slot, Table

_DASHES = {"-", "–", "—", "−", "_", "…", "..."}
_BULLET = re.compile(r"^\s*[-–—−•+*·▪●◦○■□✓✔➢➤►]\s*")
_INLINE_BULLET = re.compile(r"(?<=[;.,:])\s+[-–—•+*·▪●◦○■□✓✔➢➤►]\s+")
# "…như sau: - Thực hiện A. - Thực hiện B.": a list typed inside one paragraph;
# only after ":" or "." and before a capital, so "HĐND - UBND" stays whole
_INLINE_LIST = re.compile(r"(?<=[.:])\s+[-–—•+*·▪●◦○■□✓✔➢➤►]\s+(?=[^\W\d_])")
_CODE = re.compile(r"^\d+(\.\d+)*$")
_ROMAN = re.compile(r"^(X{0,3})(IX|IV|V?I{0,3})$")
_LETTER = re.compile(r"^([a-zđ])\s*[).]$")       # a) b) c), a. b.
_LETTERS = "abcdđeghiklmnopqrstuvxyfjwz"             # Vietnamese lists: a, b, c, d, đ, e, g…
_LATIN = "abcdefghijklmnopqrstuvwxyz"                # lists without "đ": a, b, c, d, e, f…
_LEADING_CODE = re.compile(r"^\s*([IVXLC]+|\d+(?:\s*\.\s*\d+)*)\s*[.)]?\s+(\S.*)$")
_TOTAL = re.compile(r"^(tong\b|cong$|cong (diem|so|chung)\b)")   # TỔNG ĐIỂM, Tổng cộng, Cộng (not "Cộng tác…")
_NOTE = re.compile(r"^(ghi chu|luu y|chu y|chu thich|nguon|note)\b")


def _is_note(text: str) -> bool:
    """A footnote row's text: "Ghi chú: …", "Lưu ý …", "(*) …", "* …"."""
    return text.lstrip().startswith(("*", "(*")) or bool(_NOTE.match(fold(text)))


_PARTNERS = re.compile(r"^\s*(đơn vị |cơ quan )?phối hợp\s*[:：]\s*", re.I)
_LEAD_PREFIX = re.compile(r"^\s*(đơn vị |cơ quan )?chủ trì\s*[:：]\s*", re.I)


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


# -- cells ----------------------------------------------------------------------

def read_code(text: str) -> tuple[str, str] | None:
    """("arabic", "1.3.1") or ("roman", "2") from an STT cell, None if unreadable."""
    letter = _LETTER.match(text.strip())
    if letter and (text.strip().endswith(")") or letter.group(1) not in "ivx"):
        return "letter", str(_LETTERS.index(letter.group(1)) + 1)
    text = re.sub(r"\s*\.\s*", ".", text.strip()).rstrip(".").strip()
    if _CODE.match(text):
        return "arabic", text
    upper = text.upper()
    if upper and _ROMAN.match(upper):
        values = {"I": 1, "V": 5, "X": 10}
        total = 0
        for i, ch in enumerate(upper):
            value = values[ch]
            total += -value if i + 1 < len(upper) and values[upper[i + 1]] > value else value
        return "roman", str(total)
    return None


def read_score(text: str) -> tuple[Decimal | None, bool, str | None]:
    """(value, not_applicable, problem) from a score cell's text.

    "1,5", "1.5", "-0,0259", "−1" (true minus), "8,5 điểm", "86,2482 (86,25)"
    (the precise value is kept) are read; "", "-" are no value; "Không áp dụng"
    marks the criterion as not applicable; anything else is a problem."""
    raw = text.replace("\u00a0", " ").strip()
    if not raw or raw in _DASHES:
        return None, False, None
    folded = fold(raw)
    if folded.startswith("khong ap dung") or folded in ("kad", "k a d"):
        return None, True, None
    value = re.sub(r"^[−–—]", "-", raw)
    value = re.sub(r"^([+-])\s+", r"\1", value)
    value = re.sub(r"\s*(điểm|đ)\.?$", "", value, flags=re.I)
    paren = re.fullmatch(r"(\S+)\s*\((\S+)\)", value)
    if paren:
        value = paren.group(1)
    try:
        return parse_score(value), False, None
    except NumberError as exc:
        return None, False, exc.kind


def split_items(lines: Sequence[str], semicolons: bool = False) -> list[str]:
    """One item per line (paragraph); bullets and dashes at the start of a line
    removed, and a line that starts with a bullet also split at bullets after
    punctuation ("- A; - B"). In a bulleted cell, a line without a bullet that
    goes on in lower case after an item without final punctuation continues
    that item. With `semicolons`, items are also split at ";" (lead units)."""
    items: list[str] = []
    bulleted = any(_BULLET.match(line) for line in lines)
    for line in lines:
        text = line.strip()
        if not text:
            continue
        if bulleted and items and not _BULLET.match(text) and text[0].islower() \
                and not items[-1].endswith((".", ";", ":", "!", "?")):
            items[-1] += " " + " ".join(text.split())   # a bulleted item typed over two paragraphs
            continue
        if _BULLET.match(text):
            parts = _INLINE_BULLET.split(text)
        else:
            parts = _INLINE_LIST.split(text)
            if not all(part[:1].isupper() for part in parts[1:]):
                parts = [text]
        for part in parts:
            part = _BULLET.sub("", part).strip()
            pieces = part.split(";") if semicolons else [part]
            items.extend(" ".join(p.split()) for p in pieces if p.strip())
    return items


def units(lines: Sequence[str]) -> tuple[list[str], list[str]]:
    """A lead cell -> (lead units, partners): a "Phối hợp: …" line goes to partners."""
    lead: list[str] = []
    partners: list[str] = []
    for line in lines:
        match = _PARTNERS.match(line)
        if match:
            partners.extend(split_items([line[match.end():]], semicolons=True))
        else:
            lead.extend(split_items([_LEAD_PREFIX.sub("", line)], semicolons=True))
    return lead, partners


def one_line(lines: Sequence[str]) -> str:
    return " ".join(" ".join(lines).split())


def paragraphs(lines: Sequence[str]) -> str:
    return "\n".join(line.strip() for line in lines if line.strip())


# -- the rows of a table -----------------------------------------------------------

@dataclass
class Value:
    lines: list[str]
    column: Column
    slot: Slot


@dataclass
class Segment:
    """A table (or a continuation of it on a later page) and where its rows start."""
    table: Table
    first_row: int


@dataclass
class Parsed:
    segments: list[Segment]
    header: Header
    entries: list[dict] = field(default_factory=list)
    totals: dict = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    origins: dict[str, tuple[Table, int]] = field(default_factory=dict)   # code -> (table, row)
    cells: dict[tuple, Cell] = field(default_factory=dict)   # data path -> where it was read (the source map)
    raw: dict[tuple, str] = field(default_factory=dict)      # data path -> text of a cell that could not be read
    skipped: list[tuple[Table, int]] = field(default_factory=list)        # rows left out on purpose
    total_row: tuple[Table, int] | None = None

    @property
    def table(self) -> Table:
        return self.segments[0].table


def _spans(row: Sequence[Slot]) -> list[list[int]]:
    spans: list[list[int]] = []
    for i, slot in enumerate(row):
        if spans and row[spans[-1][0]].key == slot.key:
            spans[-1].append(i)
        else:
            spans.append([i])
    return spans


def _values(row: Sequence[Slot], header: Header) -> dict[str, Value]:
    """The row's cells by field. A cell spanning columns fills the first field it
    covers, or every field when all are scores; columns under one spanning
    header label are read together."""
    out: dict[str, Value] = {}
    for span in _spans(row):
        columns = [header.columns[i] for i in span if header.columns[i].field not in (None, IGNORE)]
        if not columns:
            continue
        slot = row[span[0]]
        for column in (columns if all(c.field in SCORES for c in columns) else columns[:1]):
            have = out.get(column.field)
            if have is None:
                out[column.field] = Value(list(slot.lines), column, slot)
            elif have.column.group == column.group and have.slot.key != slot.key:
                have.lines.extend(slot.lines)
    # the code typed in one cell with the name: "I. CÔNG TÁC CHỈ ĐẠO…" in a cell
    # merged over STT and name, or in the name column when there is no STT
    code, name = out.get("code"), out.get("name")
    both = code if code is not None and (name is None or name.slot.key == code.slot.key) else None
    source = both or (name if code is None else None)
    if source is not None and not read_code(one_line(source.lines)):
        match = _LEADING_CODE.match(one_line(source.lines))
        if match and read_code(match.group(1)):
            out["code"] = Value([match.group(1)], (code or source).column, source.slot)
            out["name"] = Value([match.group(2)], (name or source).column, source.slot)
    return out


class RowReader:
    """Reads the data rows of one table (and its continuations) into entries."""

    def __init__(self, header: Header, segments: list[Segment]):
        self.header = header
        self.parsed = Parsed(segments, header)
        self.area: str | None = None          # the current Roman area's code
        self.relative: bool | None = None     # codes under it numbered from 1 again?
        self.last: str | None = None          # the last code not given by a letter (a), b) go under it)
        self.vietnamese = False               # its letters so far include "đ" (a, b, c, d, đ, e…)
        self.letter: str | None = None        # the letter of the row before, when it had one
        self.after_total = False

    def run(self) -> Parsed:
        for segment in self.parsed.segments:
            table = segment.table
            for index in range(segment.first_row, len(table.rows)):
                self.row(table, index)
        return self.parsed

    def _find(self, table: Table, row: int, value: Value, code: str, item: str | None, **params) -> None:
        column = value.column
        self.parsed.findings.append(Finding(code, table, row, column.number, column.label or None, item,
                                            column.field, tuple(params.items())))

    def row(self, table: Table, index: int) -> None:
        cells = table.rows[index]
        number = table.row_numbers[index]
        if all(s.empty for s in cells) or self.header.repeats(cells) or is_numbering(cells):
            return
        values = _values(cells, self.header)
        code_value, name_value = values.get("code"), values.get("name")
        code_text = one_line(code_value.lines) if code_value else ""
        name_text = one_line(name_value.lines) if name_value else ""
        code = read_code(code_text) if code_text else None
        if code is not None and code[0] == "roman" and self._next_letter(code_text):
            code = ("letter", str(_LETTERS.index(code_text.strip()[0]) + 1))   # h., i. — not the area "i."
        single = len({s.key for s in cells if not s.empty}) == 1
        if code is None and (_TOTAL.match(fold(name_text)) or _TOTAL.match(fold(code_text))):
            self.parsed.totals = self._scores(table, number, values, None, ("totals",))
            anchor = code_value or name_value
            self.parsed.cells[("totals",)] = Cell(table, number, anchor.column.number if anchor else None,
                                                  anchor.column.label if anchor else None)
            self.parsed.total_row = (table, number)
            self.after_total = True
            return
        if code is None and single and _is_note(one_line(next(s for s in cells if not s.empty).lines)):
            self.parsed.skipped.append((table, number))    # "Ghi chú: …", "(*) …" in one cell: a footnote
            return
        if self.after_total and (code is None or single):
            self.parsed.skipped.append((table, number))    # a note under the total row
            return
        if code is None:
            if code_text:
                self._find(table, number, code_value, "IMP102", None, text=code_text)
            else:
                anchor = name_value or next(iter(values.values()), None)
                text = one_line(next(s for s in cells if not s.empty).lines)
                if anchor is None:
                    self.parsed.skipped.append((table, number))
                    return
                self._find(table, number, anchor, "IMP103", None, text=text if len(text) <= 60 else text[:59] + "…")
            return
        if code[0] == "letter" and self.last is None:
            self._find(table, number, code_value, "IMP102", None, text=code_text)
            return
        full = self._full_code(*code)
        entry: dict = {"code": full}
        printed = code_text.strip().rstrip(".").strip() if code_text else ""
        if code_value is not None and printed and printed != full:
            entry["label"] = nfc(printed)
        if name_text:
            entry["name"] = nfc(name_text)
        path = ("entries", len(self.parsed.entries))
        cells = self.parsed.cells
        anchor = code_value or name_value
        cells[path] = Cell(table, number, anchor.column.number if anchor else None,
                           anchor.column.label if anchor else None)
        entry.update(self._scores(table, number, values, full, path))
        lines = {name: value.lines for name, value in values.items()}
        lead, partners = units(lines.get("lead", []))
        texts = {"tasks": split_items(lines.get("tasks", [])), "lead": lead,
                 "partners": partners + split_items(lines.get("partners", []), semicolons=True)}
        texts.update({name: paragraphs(lines.get(name, [])) for name in ("reason", "deadline", "product", "note")})
        for name, text in texts.items():
            if text:
                entry[name] = [nfc(x) for x in text] if isinstance(text, list) else nfc(text)
        for name in entry:
            value = values.get(name) or (values.get("lead") if name == "partners" else None)
            if value is not None and path + (name,) not in cells:
                cells[path + (name,)] = Cell(table, number, value.column.number, value.column.label)
        for column in self.header.columns:
            # a field the row leaves empty still has its cell: a rule about it
            # (no lead for the tasks, no max) points there, not at a neighbour
            if column.field not in (None, IGNORE) and path + (column.field,) not in cells:
                cells[path + (column.field,)] = Cell(table, number, column.number, column.label)
        self.parsed.entries.append(entry)
        self.parsed.origins.setdefault(full, (table, number))

    def _next_letter(self, text: str) -> bool:
        """A lower-case "i.", "v.", "x." right after h., u., v. (or w.) of the
        same list is its next letter, not a lower-case Roman number."""
        text = text.strip()
        if self.letter is None or not re.fullmatch(r"[ivx]\s*[.)]", text):
            return False
        order = _LETTERS if self.vietnamese else _LATIN
        return self.letter in order and order.index(text[0]) == order.index(self.letter) + 1

    def _full_code(self, kind: str, code: str) -> str:
        self.letter = _LETTERS[int(code) - 1] if kind == "letter" else None
        if kind == "letter":
            # a, b, c, d, đ, e (Vietnamese) or a, b, c, d, e, f (Latin): a list
            # that has no "đ" before its "e" is Latin, so e) is the 5th part
            letter = _LETTERS[int(code) - 1]
            self.vietnamese = self.vietnamese or letter == "đ"
            if not self.vietnamese:
                code = str(_LATIN.index(letter) + 1)
            return f"{self.last}.{code}"
        self.last = self._arabic_code(kind, code)
        self.vietnamese = False
        return self.last

    def _arabic_code(self, kind: str, code: str) -> str:
        if kind == "roman":
            self.area, self.relative = code, None
            return code
        if "." not in code and self.area is None:
            return code
        if self.area is not None:
            if self.relative is None:
                self.relative = not code.startswith(self.area + ".")
            if self.relative:
                return f"{self.area}.{code}"
        return code

    def _scores(self, table: Table, number: int, values: dict[str, Value], item: str | None,
                path: tuple = ()) -> dict:
        """The score cells of a row; `item` None for the total row. Each value's
        cell goes into the source map under `path`; the text of a cell that
        cannot be read is kept in `raw` (the written YAML keeps it, quoted)."""
        totals = item is None
        out: dict = {}
        for name in SCORES:
            value = values.get(name)
            if value is None or (totals and name == "self_assessed"):
                continue
            if value.slot.problem:
                self._find(table, number, value, value.slot.problem, item)
                continue
            text = one_line(value.lines)
            score, not_applicable, problem = read_score(text)
            where = Cell(table, number, value.column.number, value.column.label)
            if not_applicable and not totals:
                out["applicable"] = False
                self.parsed.cells.setdefault(path + ("applicable",), where)
            elif problem:
                detail = (" (quá 4 chữ số thập phân)", " (more than 4 decimals)") if problem == "decimals" else ("", "")
                self._find(table, number, value, "IMP101", item, text=text, detail=detail)
                self.parsed.raw[path + (name,)] = text
                self.parsed.cells[path + (name,)] = where
            elif score is not None:
                out[name] = score
                self.parsed.cells[path + (name,)] = where
        return out


def restore_max(entries: list[dict], totals: dict) -> None:
    """An appendix prints a parent's max less the max of its children marked
    "Không áp dụng" (SPEC 2.3: the effective max); a plan declares the full max.
    The full max is restored only where the children's max then add up to it
    exactly, so a table that prints full max is left as it is."""
    by_code, kids = _rows_by_parent(entries)
    reduced: dict[str | None, Decimal] = {}
    for code, row in [(e["code"], e) for e in reversed(list(by_code.values()))] + [(None, totals)]:
        children = kids.get(code, [])
        if row.get("max") is None or not children or any(c.get("max") is None for c in children):
            continue
        cut = sum((c["max"] if c.get("applicable") is False else reduced.get(c["code"], Decimal(0))
                   for c in children), start=Decimal(0))
        if cut and sum((c["max"] for c in children), start=Decimal(0)) == row["max"] + cut:
            row["max"] += cut
            reduced[code] = cut


def _rows_by_parent(entries: list[dict]) -> tuple[dict[str, dict], dict[str | None, list[dict]]]:
    """Each code's first row, and the rows under each code's nearest listed
    parent (None: top level), in table order."""
    by_code: dict[str, dict] = {}
    kids: dict[str | None, list[dict]] = {}
    for entry in entries:
        code = entry["code"]
        if code in by_code:
            continue
        by_code[code] = entry
        parts = code.split(".")
        parent = next((".".join(parts[:k]) for k in range(len(parts) - 1, 0, -1) if ".".join(parts[:k]) in by_code),
                      None)
        kids.setdefault(parent, []).append(entry)
    return by_code, kids


def derive_max(entries: list[dict], unreadable: set[int] = frozenset()) -> None:
    """A parent row that prints no max (an area heading merged across the
    whole row, or its max cell left empty) gets the sum of its children's
    max, when every child has one: exactly what the rules would require of
    it, so that a self-describing plan does not fail on a max the document
    never meant to state (PAR005). A max cell that could not be read
    (`unreadable`: entry indexes) is left to its IMP101."""
    index = {id(e): i for i, e in enumerate(entries)}
    by_code, kids = _rows_by_parent(entries)
    for code, row in reversed(list(by_code.items())):
        children = kids.get(code, [])
        if "max" in row or index[id(row)] in unreadable or not children:
            continue
        if all(isinstance(c.get("max"), Decimal) for c in children):
            row["max"] = sum((c["max"] for c in children), start=Decimal(0))


# -- the table, and the pages it continues on ------------------------------------------

def _same_columns(a: Header, b: Header) -> bool:
    return [c.field for c in a.columns] == [c.field for c in b.columns]


def continuation(tables: list[Table], index: int, header: Header,
                 overrides: list[tuple[str, str]]) -> list[Segment]:
    """The table at `index` and the tables that continue it on later pages: same
    width, no new "Phụ lục" heading between them, and either the same header
    repeated or no header at all (rows going on)."""
    first = tables[index]
    segments = [Segment(first, header.start + header.size)]
    if first.sheet is not None:
        return segments
    for table in tables[index + 1:]:
        if table.width != first.width or any(fold(p).startswith("phu luc") for p in table.heading):
            break
        again = find_header(table, overrides)
        if again is not None:
            if not _same_columns(again, header):
                break
            segments.append(Segment(table, again.start + again.size))
            continue
        rows = [r for r in table.rows if not all(s.empty for s in r) and not is_numbering(r)]
        code = _values(rows[0], header).get("code") if rows else None
        if code is None or read_code(one_line(code.lines)) is None:
            break
        segments.append(Segment(table, 0))
    return segments


def settle_columns(header: Header, segments: list[Segment]) -> list[Finding]:
    """Leave one column (or one group of columns under a spanning label) per
    field, and report the columns whose cells are therefore left out: not
    recognised (IMP104), or a second column for a field already read
    (IMP105). Only columns holding something below the header are reported."""
    table = segments[0].table
    out: list[Finding] = []
    first_of: dict[str, Column] = {}
    for column in header.columns:
        if column.field in EXTRA:
            what = EXTRA[column.field]
            column.field = None
            if _has_data(header, segments, column):
                out.append(Finding("IMP110", table, None, column.number, column.label or None,
                                   params=(("text", column.bottom or column.label), ("what", what[0]),
                                           ("what_en", what[1]), ("kind", "plan"), ("kind_vi", "kế hoạch"))))
            continue
        if column.field and column.field != IGNORE:
            first = first_of.setdefault(column.field, column)
            if first.group == column.group:
                continue
            column.field = None
            if _has_data(header, segments, column):
                out.append(Finding("IMP105", table, None, column.number, column.label or None, field=first.field,
                                   params=(("text", column.label), ("first", first.number))))
        elif column.field is None and _has_data(header, segments, column):
            out.append(Finding("IMP104", table, None, column.number, column.label or None,
                               params=(("text", column.label or f"#{column.number}"),)))
    return out


def _has_data(header: Header, segments: list[Segment], column: Column) -> bool:
    for segment in segments:
        for row in segment.table.rows[segment.first_row:]:
            slot = row[column.index]
            if slot.empty or is_numbering(row) or header.repeats(row):
                continue
            left = row[column.index - 1] if column.index else None
            if left is None or left.key != slot.key:     # not just a cell spanning in from the left
                return True
    return False


def read_rows(tables: list[Table], index: int, header: Header, overrides: list[tuple[str, str]]) -> Parsed:
    segments = continuation(tables, index, header, overrides)
    findings = settle_columns(header, segments)
    parsed = RowReader(header, segments).run()
    parsed.findings = findings + parsed.findings
    return parsed


# -- what the lines above the table say -------------------------------------------------

@dataclass
class Heading:
    appendix_title: str | None = None
    number: str | None = None
    date: date | None = None
    issuer: str | None = None
    year: int | None = None


def read_heading(lines: Sequence[str]) -> Heading:
    """The appendix title and the "(Kèm theo Kế hoạch số … ngày … của …)" line."""
    lines = [" ".join(nfc(x).split()) for x in lines if x.strip() and not set(x.strip()) <= set("―—–-_=*. ")]
    out = Heading()
    attached_at = None
    for i, line in enumerate(lines):
        if re.match(r"^\(?\s*(ban hanh )?kem theo\b", fold(line)):
            attached_at = i
    label_at = max((i for i, line in enumerate(lines) if fold(line).startswith("phu luc")
                    and (attached_at is None or i < attached_at)), default=None)
    end = attached_at if attached_at is not None else len(lines)
    if label_at is not None:
        title_lines = lines[label_at + 1:end]
    else:   # no "Phụ lục" line: the line above "(Kèm theo …)", if there is one
        title_lines = lines[end - 1:end] if attached_at is not None else []
    if title_lines:
        out.appendix_title = " ".join(title_lines)
    if attached_at is None:
        return out
    attached = lines[attached_at]
    if ")" not in attached and attached_at + 1 < len(lines):
        attached += " " + lines[attached_at + 1]
    number = re.search(r"\bsố[:\s]*([^\s,()]*/[^\s,()]+)", attached, re.I)
    if number and "…" not in number.group(1) and "..." not in number.group(1) and not number.group(1).startswith("/"):
        out.number = number.group(1)
    when = re.search(r"ngày\s*(\d{1,2})\s*(?:tháng|/|-)\s*(\d{1,2})\s*(?:năm|/|-)\s*(\d{4})", attached, re.I)
    if when:
        try:
            out.date = date(int(when.group(3)), int(when.group(2)), int(when.group(1)))
        except ValueError:
            pass
    year = re.findall(r"năm\s*(\d{4})", attached, re.I)
    out.year = out.date.year if out.date else (int(year[-1]) if year else None)
    issuer = re.search(r"\bcủa\s+(.+?)[).\s]*$", attached, re.I)
    if issuer:
        out.issuer = issuer.group(1).strip()
    return out


def unit_of(issuer: str | None) -> str | None:
    """'Chủ tịch UBND tỉnh Đắk Nông' -> 'UBND tỉnh Đắk Nông'."""
    if not issuer:
        return None
    match = re.search(r"\b(UBND|Ủy ban nhân dân|Uỷ ban nhân dân)\b.*", issuer, re.I)
    return match.group(0) if match else issuer


def level_of(unit: str | None) -> str | None:
    folded = fold(unit or "")
    for level, pattern in (("tinh", r"^(ubnd|uy ban nhan dan) tinh\b"),
                           ("huyen", r"^(ubnd|uy ban nhan dan) (huyen|quan|thi xa)\b"),
                           ("xa", r"^(ubnd|uy ban nhan dan) (xa|phuong|thi tran)\b"),
                           ("so", r"^so\b")):
        if re.match(pattern, folded):
            return level
    return None


def heading_lines(table: Table, header: Header) -> list[str]:
    """Paragraphs above the table, and rows of the table (or sheet) above its header."""
    lines = list(table.heading)
    for row in table.rows[:header.start]:
        seen: list = []
        for slot in row:
            if not slot.empty and slot.key not in seen:
                seen.append(slot.key)
                lines.append(slot.text)
    return lines
