"""Targets (chỉ tiêu) and budget (kinh phí) appendices: a table -> a document.

A **targets** table has an STT column, a name column (Chỉ tiêu, Các mục
tiêu/chỉ tiêu, Nội dung) and period columns (a year, "Kết quả đạt được…",
"Chỉ tiêu phấn đấu…"). Rows with a Roman STT, or without a code and printed
in capitals, start a group; the other rows are indicators, their cells kept as
text ("Đạt 90% trở lên"). A table whose periods are rows ("Giai đoạn
2001-2010", as in Tây Ninh's Phụ lục 4) is read the other way round: each
period row becomes a column and each other column an indicator.

A **budget** table has a name column, year columns and/or funding-source
columns (Ngân sách…, Nguồn…, xã hội hóa), a Tổng column, and is about money
(a "Kinh phí" title or column, an "ĐVT: đồng / triệu đồng" line). Amounts are
converted to whole đồng exactly ("1.234,5" triệu đồng = 1.234.500.000); the
Tổng cộng row becomes `declared_totals`.
"""
from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from ..numbers import NumberError, parse_money
from .core import Heading, heading_lines, nfc, one_line, paragraphs, read_code, read_heading, unit_of
from .labels import SEARCH_ROWS, Column, fold, is_numbering, make_header, year_in, _continues_header
from .source import Cell, Finding, Table

_TOTAL = re.compile(r"^(tong\b|cong$|cong (chung|so)\b)")
_RESULT = re.compile(r"\bket qua\b|\bdat duoc\b|\bthuc hien\b|\bthuc te\b|\buoc\b")
_TARGET = re.compile(r"\bchi tieu phan dau\b|\bphan dau\b|\bmuc tieu\b|\bke hoach\b|\bdu kien\b|\bchi tieu\b")
_NAME = re.compile(r"\bchi tieu\b|\bnoi dung\b|\bten\b|\bnhiem vu\b|\bhang muc\b|\bkhoan muc\b|\bcac muc tieu\b")
_SOURCE = re.compile(r"\bngan sach\b|\bnguon\b|\bxa hoi hoa\b|\bvon\b|\bnstw\b|\bnsdp\b|\bns\b")
_TOTAL_COLUMN = re.compile(r"^(tong|tong cong|tong so|cong|tong kinh phi|tong du toan|tong nhu cau)\b")
_PERIOD_COLUMN = re.compile(r"^(giai doan|nam|ky|thoi ky|thoi diem)$")


_MEASURE = re.compile(r"(?P<pre>đạt|trên|dưới|tối thiểu|ít nhất|không dưới|không quá|từ|≥|>=|>|≤|<=|<)?\s*"
                      r"(?P<num>\d{1,3}(?:,\d{1,4})?|\d{1,3}(?:\.\d{1,2})?)\s*(?P<unit>%)?\s*"
                      r"(?P<post>trở lên|trở xuống)?", re.I)
_YEAR_FIRST = re.compile(r"(?:năm|cuối năm|đến năm) (?:19|20)\d\d\s*[,:]?\s*", re.I)
_OPS = {"trên": ">", ">": ">", "dưới": "<", "<": "<", "≥": ">=", ">=": ">=", "tối thiểu": ">=", "ít nhất": ">=",
        "không dưới": ">=", "từ": ">=", "trở lên": ">=", "≤": "<=", "<=": "<=", "không quá": "<=",
        "trở xuống": "<=", "đạt": "="}


def measure_of(text: str) -> dict | None:
    """The number an indicator cell states, when that is certain: "100%",
    "Đạt 37,5%", "Trên 30%", "Đạt 90% trở lên", "≥ 3,5"; None for anything
    else ("Nhóm B", "1.000", "Năm 2019"); a leading year ("Năm 2019 đạt
    90,61%") and a final full stop ("Tối thiểu 90%.") are not part of it."""
    text = " ".join(text.split()).rstrip(".;")
    year = _YEAR_FIRST.match(text)        # "Năm 2019 đạt 90,61%": the year says when, not how much
    match = _MEASURE.fullmatch(text[year.end():] if year and year.end() < len(text) else text)
    if not match:
        return None
    pre, post = (match.group("pre") or "").lower(), (match.group("post") or "").lower()
    if pre and post and pre != "đạt":
        return None                      # "trên 30% trở lên": two comparisons
    if not match.group("unit") and not pre and not post:
        return None                      # a bare number: a count? a score? not certain
    op = _OPS.get(post) or _OPS.get(pre) or "="
    out: dict = {"value": Decimal(match.group("num").replace(",", "."))}
    if match.group("unit"):
        out["unit"] = "%"
    if op != "=":
        out["op"] = op
    return out


def _kind_of_label(label: str) -> str | None:
    folded = fold(label)
    if not folded:
        return None
    if re.fullmatch(r"(stt|tt|so tt|so thu tu)", folded):
        return "code"
    if re.search(r"\bghi chu\b", folded):
        return "note"
    if re.search(r"\bdon vi tinh\b|^dvt$", folded):
        return "measure_unit"
    return "other"


def _role(label: str) -> str | None:
    folded = fold(label)
    if _RESULT.search(folded):
        return "result"
    if _TARGET.search(folded):
        return "target"
    return None


def read_other(table: Table, opts, path) -> "object | None":
    """The table as a targets or budget appendix, or None."""
    for start in range(min(len(table.rows), SEARCH_ROWS)):
        row = table.rows[start]
        if len({s.key for s in row if not s.empty}) < 2 or is_numbering(row):
            continue
        size = 1
        while size < 3 and start + size < len(table.rows) and \
                _continues_header(table.rows[start + size], table.rows[start + size - 1]) and \
                len({s.key for s, a in zip(table.rows[start + size], table.rows[start + size - 1])
                     if not s.empty and s.key != a.key}) >= 2:     # not a group row merged across
            size += 1
        header = make_header(table, start, size)
        if any(re.search(r"\bdiem\b", fold(c.label)) for c in header.columns):
            return None       # points: a plan table (--columns maps unusual labels)
        found = _budget(table, header, opts, path) or _targets(table, header, opts, path)
        if found is not None:
            return found
    return None


def _name_column(columns: list[Column]) -> Column | None:
    for column in columns:
        if _NAME.search(fold(column.bottom)) or _NAME.search(fold(column.label)):
            return column
    return None


def _data_rows(table: Table, header) -> list[int]:
    out = []
    for index in range(header.start + header.size, len(table.rows)):
        row = table.rows[index]
        if all(s.empty for s in row) or is_numbering(row) or header.repeats(row):
            continue
        out.append(index)
    return out


def _text(table: Table, index: int, column: Column | None) -> str:
    if column is None:
        return ""
    return paragraphs(table.rows[index][column.index].lines)


def _common(heading: Heading, table: Table, opts, path, kind: str) -> dict:
    unit = opts.unit or unit_of(heading.issuer)
    data: dict = {"kind": kind}
    if unit:
        data["unit"] = unit
    data["title"] = heading.appendix_title or f"Phụ lục ({table.label('vi')})"
    document = {"number": heading.number, "date": heading.date, "issuer": heading.issuer,
                "appendix_title": heading.appendix_title}
    document = {k: v for k, v in document.items() if v}
    if document:
        data["document"] = document
    return data


def _appendix(kind, table, data, cells, raw, findings, heading):
    from . import Appendix

    return Appendix(kind, table, data, cells, raw, findings, heading)


# -- targets ---------------------------------------------------------------------------

def _key(column: Column, used: set[str]) -> str:
    role = _role(column.bottom) or _role(column.label)
    years = re.findall(r"\b(?:19|20|21)\d\d\b", column.bottom or column.label)
    for key in ([role] if role else []) + (years[:1] if len(set(years)) == 1 else []) + [f"c{column.number}"]:
        if key not in used:
            used.add(key)
            return key
    key = f"c{column.number}"
    used.add(key)
    return key


def _targets(table: Table, header, opts, path):
    columns = header.columns
    code = next((c for c in columns if _kind_of_label(c.bottom) == "code"), None)
    note = next((c for c in columns if _kind_of_label(c.bottom) == "note"), None)
    by_row = next((c for c in columns if _PERIOD_COLUMN.match(fold(c.bottom))), None)
    if by_row is not None:
        return _targets_by_row(table, header, columns, by_row, note, opts, path)
    name = _name_column([c for c in columns if c is not code])
    if name is None:
        return None
    rest = [c for c in columns if c not in (code, name, note) and c.index > name.index and (c.bottom or c.label)]
    rest = [c for i, c in enumerate(rest) if i == 0 or c.group != rest[i - 1].group]   # a cell spanning columns once
    periods = [c for c in rest if year_in(c.label) or _role(c.label)]
    if not periods:
        return None
    heading = read_heading(heading_lines(table, header))
    data = _common(heading, table, opts, path, "targets")
    used: set[str] = set()
    keys = [_key(c, used) for c in periods]
    data["columns"] = [{"key": k, "label": nfc(c.bottom or c.label)} for k, c in zip(keys, periods)]
    cells: dict = {}
    findings: list[Finding] = []
    groups: list[dict] = []
    for index in _data_rows(table, header):
        number = table.row_numbers[index]
        code_text = _text(table, index, code).rstrip(".").strip() if code else ""
        name_text = one_line(table.rows[index][name.index].lines)
        values = {k: _text(table, index, c) for k, c in zip(keys, periods)}
        if not name_text and not code_text:
            continue
        parsed = read_code(code_text) if code_text else None
        same_cell = code is not None and table.rows[index][code.index].key == table.rows[index][name.index].key
        group_row = (parsed is not None and parsed[0] == "roman") or \
            (not code_text and not any(values.values()) and name_text.upper() == name_text
             and any(ch.isalpha() for ch in name_text)) or (same_cell and not any(values.values()))
        if group_row:
            group: dict = {}
            if code_text and not same_cell:
                group["code"] = nfc(code_text)
            group["name"] = nfc(name_text)
            group["items"] = []
            groups.append(group)
            cells[("groups", len(groups) - 1)] = Cell(table, number, (code or name).number, (code or name).bottom)
            continue
        if not groups:
            groups.append({"name": data["title"], "items": []})
            cells[("groups", 0)] = Cell(table, number, name.number, None)
        items = groups[-1]["items"]
        item: dict = {}
        if code_text:
            item["code"] = nfc(code_text)
        item["name"] = nfc(re.sub(r"^[-–+•]\s*", "", name_text))
        if any(values.values()):
            item["values"] = {k: nfc(v) for k, v in values.items()}
            measures = {k: m for k, m in ((k, measure_of(v)) for k, v in values.items()) if m is not None}
            if measures:
                item["measures"] = measures
        if note is not None and _text(table, index, note):
            item["note"] = nfc(_text(table, index, note))
        where = ("groups", len(groups) - 1, "items", len(items))
        cells[where] = Cell(table, number, (code or name).number, (code or name).bottom)
        for k, c in zip(keys, periods):
            cells[where + ("values", k)] = Cell(table, number, c.number, c.bottom or c.label)
            cells[where + ("measures", k)] = cells[where + ("values", k)]
        items.append(item)
    if not groups:
        return None
    data["groups"] = groups
    return _appendix("targets", table, data, cells, {}, findings, heading)


def _targets_by_row(table: Table, header, columns, by_row: Column, note, opts, path):
    """Periods printed as rows: each period row is a column of the document,
    each other column an indicator (Tây Ninh's Phụ lục 4)."""
    rows = [i for i in _data_rows(table, header) if table.rows[i][by_row.index].text]
    if not rows or not all(re.search(r"(19|20|21)\d\d", table.rows[i][by_row.index].text) for i in rows):
        return None
    skip = {by_row.index} | ({note.index} if note is not None else set())
    skip |= {c.index for c in columns if c.index < by_row.index}          # "Tỉnh, thành phố" before the periods
    indicators = [c for c in columns if c.index not in skip and (c.bottom or c.label)]
    if not indicators:
        return None
    heading = read_heading(heading_lines(table, header))
    data = _common(heading, table, opts, path, "targets")
    used: set[str] = set()
    keys = []
    for i in rows:
        years = re.findall(r"(?:19|20|21)\d\d(?:\s*-\s*(?:19|20|21)\d\d)?", table.rows[i][by_row.index].text)
        key = re.sub(r"\s+", "", years[0]) if years else f"r{table.row_numbers[i]}"
        while key in used:
            key += "b"
        used.add(key)
        keys.append(key)
    data["columns"] = [{"key": k, "label": nfc(table.rows[i][by_row.index].text)} for k, i in zip(keys, rows)]
    cells: dict = {("groups", 0): Cell(table, table.row_numbers[rows[0]], by_row.number, None)}
    items = []
    for n, column in enumerate(indicators):
        values = {k: nfc(_text(table, i, column)) for k, i in zip(keys, rows)}
        item = {"name": nfc(column.bottom or column.label), "values": values}
        items.append(item)
        where = ("groups", 0, "items", n)
        cells[where] = Cell(table, table.row_numbers[header.start], column.number, column.bottom or column.label)
        for k, i in zip(keys, rows):
            cells[where + ("values", k)] = Cell(table, table.row_numbers[i], column.number, column.bottom or column.label)
    if note is not None:      # a note per period row: kept in the document's note
        notes = [f"{table.rows[i][by_row.index].text}: {_text(table, i, note)}" for i in rows if _text(table, i, note)]
        if notes:
            data["note"] = nfc("; ".join(notes))
    data["groups"] = [{"name": data["title"], "items": items}]
    return _appendix("targets", table, data, cells, {}, [], heading)


# -- budget ----------------------------------------------------------------------------

def _scale(lines: list[str]) -> int | None:
    """đồng per printed unit, from an "ĐVT: triệu đồng" line; None if not said."""
    for line in lines:
        folded = fold(line)
        match = re.search(r"\b(dvt|don vi tinh|don vi)\b\s*(ty|trieu|nghin|ngan)?\s*dong\b", folded)
        if match:
            return {"ty": 10 ** 9, "trieu": 10 ** 6, "nghin": 1000, "ngan": 1000}.get(match.group(2), 1)
    return None


def _source_key(label: str) -> str:
    folded = fold(label)
    if "xa hoi hoa" in folded:
        return "xa_hoi_hoa"
    if re.search(r"\bngan sach\b|\bns\b", folded):
        if re.search(r"\btw\b|\btrung uong\b", folded):
            return "ngan_sach_trung_uong"
        if re.search(r"\bdia phuong\b|\btinh\b|\bhuyen\b|\bxa\b", folded):
            return "ngan_sach_dia_phuong"
    return "_".join(folded.split()) or "nguon"


def parse_amount(text: str, scale: int) -> tuple[int | None, bool]:
    """(amount in đồng, readable) from a printed amount; (None, True) for empty or "-"."""
    raw = re.sub(r"\s*(đồng|đ|triệu|tr\.?đ)\.?$", "", text.replace("\u00a0", " ").strip(), flags=re.I).strip()
    if not raw or raw in ("-", "–", "—", "0"):
        return (0, True) if raw == "0" else (None, True)
    if scale == 1:
        try:
            return parse_money(raw), True
        except NumberError:
            if re.fullmatch(r"\d{1,3}(,\d{3})+", raw):        # "18,579,080,000": commas as thousands
                return int(raw.replace(",", "")), True
            return None, False
    if re.fullmatch(r"\d{1,3}(\.\d{3})+(,\d+)?", raw):
        number = raw.replace(".", "").replace(",", ".")
    elif re.fullmatch(r"\d+(,\d+)?", raw):
        number = raw.replace(",", ".")
    elif re.fullmatch(r"\d+\.\d+", raw):
        number = raw
    else:
        return None, False
    try:
        value = Decimal(number) * scale
    except InvalidOperation:
        return None, False
    if value != value.to_integral_value():
        return None, False
    return int(value), True


def _budget(table: Table, header, opts, path):
    columns = header.columns
    code = next((c for c in columns if _kind_of_label(c.bottom) == "code"), None)
    name = _name_column([c for c in columns if c is not code])
    if name is None:
        return None
    note = next((c for c in columns if _kind_of_label(c.bottom) == "note"), None)
    years: list[tuple[int, Column]] = []
    sources: list[tuple[str, Column]] = []
    total = None
    for column in columns:
        if column in (code, name, note) or column.index < name.index:
            continue
        bottom = fold(column.bottom)
        if _SOURCE.search(bottom):
            sources.append((_source_key(column.bottom), column))
        elif _TOTAL_COLUMN.match(bottom) and total is None:
            total = column
        elif year_in(column.bottom) and re.fullmatch(r"(nam\s*)?(19|20|21)\d\d", bottom):
            years.append((year_in(column.bottom), column))
    if not years and not sources:
        return None
    lines = heading_lines(table, header)
    money = _scale(lines)
    about_money = money is not None or any(re.search(r"\bkinh phi\b|\bdu toan\b|\bdong\b", fold(x)) for x in lines) \
        or bool(sources) or any(re.search(r"\bkinh phi\b", fold(c.label)) for c in columns)
    if not about_money:
        return None
    scale = money or 1
    heading = read_heading([x for x in lines if not re.match(r"^\(?\s*(dvt|don vi tinh)\b", fold(x))])
    data = _common(heading, table, opts, path, "budget")
    data["currency"] = "đồng"
    data["years"] = [y for y, _ in years]
    keys: list[str] = []
    for key, _ in sources:
        while key in keys:
            key += "_2"
        keys.append(key)
    data["sources"] = keys
    data["source_labels"] = {k: nfc(c.bottom) for k, (_, c) in zip(keys, sources)}
    cells: dict = {}
    raw: dict = {}
    findings: list[Finding] = []
    items: list[dict] = []
    declared: dict = {}

    def amounts(index: int, where: tuple, into: dict, item: str | None) -> None:
        number = table.row_numbers[index]
        for part, pairs in (("by_year", [(y, c) for y, c in years]), ("by_source", list(zip(keys, (c for _, c in sources))))):
            for key, column in pairs:
                text = one_line(table.rows[index][column.index].lines)
                value, ok = parse_amount(text, scale)
                cell = Cell(table, number, column.number, column.bottom or column.label)
                if not ok:
                    findings.append(Finding("IMP111", table, number, column.number, column.bottom or None, item,
                                            part, (("text", text), ("detail", ("", "")))))
                    raw[where + (part, key)] = text
                    cells[where + (part, key)] = cell
                elif value is not None:
                    into.setdefault(part, {})[key] = value
                    cells[where + (part, key)] = cell

    for index in _data_rows(table, header):
        number = table.row_numbers[index]
        code_text = _text(table, index, code).rstrip(".").strip() if code else ""
        name_text = one_line(table.rows[index][name.index].lines)
        if not name_text and not code_text:
            continue
        if not code_text and (_TOTAL.match(fold(name_text)) or _TOTAL.match(fold(_text(table, index, code)))):
            amounts(index, ("declared_totals",), declared, None)
            cells[("declared_totals",)] = Cell(table, number, name.number, None)
            if total is not None:
                text = one_line(table.rows[index][total.index].lines)
                value, ok = parse_amount(text, scale)
                if value is not None:
                    declared["total"] = value
                    cells[("declared_totals", "total")] = Cell(table, number, total.number, total.bottom)
            continue
        item: dict = {}
        if code_text:
            item["code"] = nfc(code_text)
        item["name"] = nfc(name_text)
        where = ("items", len(items))
        cells[where] = Cell(table, number, (code or name).number, (code or name).bottom)
        amounts(index, where, item, code_text or None)
        if note is not None and _text(table, index, note):
            item["note"] = nfc(_text(table, index, note))
        items.append(item)
    if not items:
        return None
    data["items"] = items
    if declared:
        data["declared_totals"] = declared
    return _appendix("budget", table, data, cells, raw, findings, heading)
