"""A second, independent generator of Word and Excel appendices typed the way
people type them (tests/test_office_variants.py).

The content is a shipped plan made consistent (parents and the TỔNG row add
up, no leaf above its max, every task with a lead), so the truth is known
cell by cell. Each `Style` varies what offices really vary: header wording
(with or without diacritics, line breaks inside cells, a two-row header),
STT styles, area rows merged across the table or filled in, numbers as text
with a decimal comma, "1,50", "1.5" or real numeric cells, a title and a
"Kèm theo" line above the table, a TỔNG row, a notes row and empty rows after
it, a table split over two Word tables with the header repeated, an Excel
table starting at B5 with hidden columns and other sheets around it.

`build(style, path, plant)` writes the file and returns the truth rows and the
planted mistakes with where they must be reported.
"""
from __future__ import annotations

import dataclasses
from decimal import Decimal
from pathlib import Path

import yaml
from docx import Document
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from conftest import ROOT

D = Decimal


# -- the truth: a shipped plan made consistent ---------------------------------------------

@dataclasses.dataclass
class Row:
    code: str
    name: str
    max: Decimal
    baseline: Decimal
    target: Decimal
    tasks: list[str]
    lead: list[str]

    @property
    def depth(self) -> int:
        return self.code.count(".")


def _flatten(items, out):
    for item in items:
        out[str(item["code"])] = item
        _flatten(item.get("items", []), out)
    return out


def _dec(value) -> Decimal:
    return D(str(value))


def truth(plan: str) -> list[Row]:
    """The plan's rows, in order, with every parent (and so the total) the
    sum of its children and every leaf within its max."""
    data = yaml.safe_load((ROOT / "plans" / plan).read_text(encoding="utf-8"))
    names = {}
    if data.get("framework"):
        names = _flatten(yaml.safe_load((ROOT / "criteria" / f"{data['framework']}.yaml").read_text(
            encoding="utf-8"))["items"], {})
    from parplan.leads import normalise_lead

    spelling: dict[str, str] = {}   # a lead unit written two ways (PAR216) keeps its first spelling
    rows = []
    for entry in data["entries"]:
        code = str(entry["code"])
        known = names.get(code, {})
        tasks = [t for t in entry.get("tasks", []) or []]
        lead = entry.get("lead") or []
        lead = [lead] if isinstance(lead, str) else list(lead)
        if tasks and not lead:
            lead = ["Phòng Nội vụ"]
        lead = [spelling.setdefault(normalise_lead(name), name) for name in lead]
        rows.append(Row(code, " ".join(str(entry.get("name", known.get("name"))).split()),
                        _dec(entry.get("max", known.get("max"))), _dec(entry["baseline"]),
                        _dec(entry.get("target", entry["baseline"])), tasks, lead))
    children = {r.code: [c for c in rows if c.code.rsplit(".", 1)[0] == r.code and c.depth == r.depth + 1]
                for r in rows}
    for row in reversed(rows):
        kids = children[row.code]
        if kids:
            row.max = sum((k.max for k in kids), D(0))
            row.baseline = sum((k.baseline for k in kids), D(0))
            row.target = sum((k.target for k in kids), D(0))
        else:
            row.baseline = min(row.baseline, row.max)
            row.target = min(max(row.target, row.baseline), row.max)
    return rows


def totals(rows: list[Row]) -> tuple[Decimal, Decimal, Decimal]:
    areas = [r for r in rows if r.depth == 0]
    return tuple(sum((getattr(a, f) for a in areas), D(0)) for f in ("max", "baseline", "target"))


# -- styles ---------------------------------------------------------------------------------

LABELS = {
    # field: one wording per "wording" index (0 accents and line breaks, 1 no diacritics, 2 other words)
    "code": ["STT", "TT", "Số\nTT"],
    "name": ["Lĩnh vực/Tiêu chí/\nTiêu chí thành phần", "Linh vuc, tieu chi", "Nội dung đánh giá"],
    "max": ["Điểm\nchuẩn", "Diem toi da", "Điểm số tối đa"],
    "baseline": ["Điểm đạt được năm 2023", "Diem dat duoc nam 2023", "Kết quả năm 2023"],
    "target": ["Mục tiêu\n2024", "Muc tieu nam 2024", "Chỉ tiêu phấn đấu năm 2024"],
    "tasks": ["Nhiệm vụ, giải pháp", "Nhiem vu, giai phap", "Nội dung thực hiện"],
    "lead": ["Cơ quan chủ trì", "Don vi chu tri", "Đơn vị thực hiện"],
    "ratio": ["Tỷ lệ (%)", "Ty le (%)", "Tỷ lệ\n(%)"],
    "note": ["Ghi chú", "Ghi chu", "Ghi chú"],
}


@dataclasses.dataclass
class Style:
    name: str
    fmt: str = "docx"                 # docx | xlsx
    wording: int = 0                  # index into LABELS
    two_row: str = ""                 # "" | "group" ("Điểm số" over the score columns) | "year" (Năm 2023 over score | %)
    ratio: bool = False               # a "Tỷ lệ (%)" column beside the baseline
    note: bool = False                # a "Ghi chú" column at the end
    numbers_row: bool = False         # (1) (2) (3) … under the header
    stt: str = "decimal"              # decimal | dotted ("1.", "1.1.") | roman (I; 1, 2 restarting; a), b))
    area: str = "filled"              # filled | merged (STT+name merged into one cell "I. NAME") | across (the
    #                                   whole row one cell "I. NAME", no scores)
    numbers: str = "comma"            # comma | point | padded ("1,50") | numeric (xlsx real numbers)
    caps: bool = True                 # area names in capitals
    heading: bool = True              # title paragraphs and "Kèm theo" above the table
    total: str = "TỔNG ĐIỂM"          # the totals row's words ("" for none)
    total_first: bool = False         # the totals row right under the header, before the areas
    merge_lead: bool = False          # one lead cell merged down over consecutive rows with the same lead
    roman_dots: bool = False          # roman: "I.", "1.", "a." instead of "I", "1", "a)"
    after: bool = False               # a notes row and empty rows after the table
    split: int = 0                    # docx: the table is continued in a second table from this data row
    at: tuple[int, int] = (1, 1)      # xlsx: (row, column) of the header's first cell when heading=False
    hidden: bool = False              # xlsx: an empty hidden helper column inside the table
    sheets: bool = False              # xlsx: a "Hướng dẫn" sheet first and a "Tổng hợp" sheet after
    bullets: bool = False             # tasks as "- task" lines
    letters: str = "vi"               # roman: parts lettered a, b, c, d, đ, e (vi) or a … e, f (latin)


FIELDS = ["code", "name", "max", "baseline", "ratio", "target", "tasks", "lead", "note"]


def columns(style: Style) -> list[str]:
    out = [f for f in FIELDS if (f != "ratio" or style.ratio) and (f != "note" or style.note)]
    if style.hidden:
        out.insert(out.index("tasks"), "hidden")
    return out


def header_rows(style: Style, cols: list[str]) -> tuple[list[list[str]], list[tuple[int, int, int, int]]]:
    """The header rows and their merges (row1, col1, row2, col2), relative to the header."""
    label = {f: LABELS[f][style.wording] for f in LABELS}
    label["hidden"] = ""
    if not style.two_row:
        rows = [[label[f] for f in cols]]
        merges = []
    else:
        top = [label[f] for f in cols]
        low = ["" for _ in cols]
        merges = []
        if style.two_row == "group":
            # "Điểm số" over "Năm 2023 đạt được" | "Mục tiêu 2024" (and the ratio column)
            group = [i for i, f in enumerate(cols) if f in ("max", "baseline", "ratio", "target")]
            for i in group:
                low[i] = {"max": "Tối đa", "baseline": "Năm 2023 đạt được", "ratio": "Tỷ lệ (%)",
                          "target": "Mục tiêu 2024"}[cols[i]]
                top[i] = ""
            top[group[0]] = "Điểm số"
            merges.append((0, group[0], 0, group[-1]))
        else:
            # "Năm 2023" over "Điểm đạt được" | "Tỷ lệ (%)"
            group = [i for i, f in enumerate(cols) if f in ("baseline", "ratio")]
            for i in group:
                low[i] = {"baseline": "Điểm đạt được", "ratio": "Tỷ lệ (%)"}[cols[i]]
                top[i] = ""
            top[group[0]] = "Năm 2023"
            if len(group) > 1:
                merges.append((0, group[0], 0, group[-1]))
        for i in range(len(cols)):
            if not low[i]:
                merges.append((0, i, 1, i))
        rows = [top, low]
    if style.numbers_row:
        rows.append([f"({i + 1})" for i in range(len(cols))])
    return rows, merges


ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]
LETTERS = {"vi": "abcdđeghiklmnopq", "latin": "abcdefghijklmnop"}


def printed_code(style: Style, code: str) -> str:
    parts = code.split(".")
    if style.stt == "dotted":
        return code + "."
    if style.stt == "roman":
        dot = "." if style.roman_dots else ""
        if len(parts) == 1:
            return ROMAN[int(parts[0]) - 1] + dot
        if len(parts) == 2:
            return parts[1] + dot
        return LETTERS[style.letters][int(parts[2]) - 1] + ("." if style.roman_dots else ")")
    return code


def number(style: Style, value: Decimal):
    if style.numbers == "numeric" and style.fmt == "xlsx":
        return int(value) if value == value.to_integral() else float(value)
    text = format(value.normalize(), "f") if value != 0 else "0"
    if style.numbers == "padded" and "." not in text:
        text = text + ".00" if value != value.to_integral() else text
    elif style.numbers == "padded":
        whole, frac = text.split(".")
        text = whole + "." + frac.ljust(2, "0")
    return text if style.numbers == "point" else text.replace(".", ",")


def ratio(row: Row) -> str:
    return format((row.baseline * 100 / row.max).quantize(D("0.1")), "f").replace(".", ",")


# -- planted mistakes -----------------------------------------------------------------------

@dataclasses.dataclass
class Plant:
    """A mistake typed into one cell: `kind` decides the cell and the text."""
    kind: str                 # unreadable | parent | nolead | over
    code: str                 # the row it is typed in
    text: str = ""            # unreadable: the cell's text


def planted_cells(rows: list[Row], plants: list[Plant]) -> tuple[dict, list[tuple]]:
    """{(code, field): text or value} overriding the truth, and the expected
    (code, item, field) of each mistake."""
    by_code = {r.code: r for r in rows}
    cells: dict = {}
    expected = []
    for p in plants:
        row = by_code[p.code]
        if p.kind == "unreadable":              # a leaf's baseline "Đạt" / "≥ 3,5": IMP101
            cells[(p.code, "baseline")] = p.text
            expected.append(("IMP101", p.code, "baseline"))
        elif p.kind == "parent":                # an area's target printed 0,25 too high (and so is TỔNG)
            cells[(p.code, "target")] = row.target + D("0.25") if row.target + D("0.25") <= row.max \
                else row.target - D("0.25")
            cells[("total", "target")] = totals(rows)[2] + (cells[(p.code, "target")] - row.target)
            expected.append(("PAR203", p.code, "target"))
        elif p.kind == "nolead":                # tasks without a lead unit: PAR211 (a warning)
            assert row.tasks, p
            cells[(p.code, "lead")] = []
            expected.append(("PAR211", p.code, "lead"))
        elif p.kind == "over":                  # a leaf's baseline above its max: PAR201, parents follow
            extra = D("0.5")
            cells[(p.code, "baseline")] = row.max + extra
            code = p.code
            while "." in code:                  # printed parents carry the excess too (summed by hand)
                code = code.rsplit(".", 1)[0]
                cells[(code, "baseline")] = by_code[code].baseline + (row.max + extra - row.baseline)
            cells[("total", "baseline")] = totals(rows)[1] + (row.max + extra - row.baseline)
            # one mistake, one error: a parent (or the total) pushed above its own
            # max only by adding up the leaf as written is not reported (11.L1)
            expected.append(("PAR201", p.code, "baseline"))
    return cells, expected


# -- writing --------------------------------------------------------------------------------

HEADING = ("ỦY BAN NHÂN DÂN HUYỆN THUẬN CHÂU", "PHỤ LỤC I",
           "KẾ HOẠCH CẢI THIỆN CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2024",
           "(Kèm theo Kế hoạch số 45/KH-UBND ngày 12 tháng 3 năm 2024 của UBND huyện Thuận Châu)")
NOTE = "Ghi chú: điểm năm 2023 theo Quyết định công bố Chỉ số CCHC của UBND tỉnh."


def data_rows(style: Style, rows: list[Row], cols: list[str], cells: dict) -> tuple[list[list], list, list]:
    """The table's data rows (cell values), the merges inside them (relative to
    the first data row) and the code printed in each row (None for others)."""
    out, merges, codes = [], [], []

    def value(row_code, field, truth_value):
        return cells.get((row_code, field), truth_value)

    for row in rows:
        line = []
        for f in cols:
            if f == "code":
                line.append(printed_code(style, row.code))
            elif f == "name":
                line.append(row.name.upper() if style.caps and row.depth == 0 else row.name)
            elif f in ("max", "baseline", "target"):
                v = value(row.code, f, getattr(row, f))
                line.append(number(style, v) if isinstance(v, Decimal) else v)
            elif f == "ratio":
                line.append(ratio(row))
            elif f == "tasks":
                line.append("\n".join(("- " + t if style.bullets else t) for t in row.tasks))
            elif f == "lead":
                line.append("\n".join(value(row.code, "lead", row.lead)))
            else:
                line.append("")
        if style.area == "across" and row.depth == 0:
            # the area's heading merged across the whole row: no scores printed
            line = [f"{printed_code(style, row.code).rstrip('.')}. {line[1]}"] + [""] * (len(cols) - 1)
            merges.append((len(out), 0, len(out), len(cols) - 1))
        if style.area == "merged" and row.depth == 0:
            line[0] = f"{printed_code(style, row.code).rstrip('.')}. {line[1]}"
            line[1] = ""
            merges.append((len(out), 0, len(out), 1))
        out.append(line)
        codes.append(row.code)
    if style.merge_lead and "lead" in cols:
        c = cols.index("lead")
        r = 0
        while r < len(out):
            end = r
            while end + 1 < len(out) and out[r][c] and out[end + 1][c] == out[r][c]:
                end += 1
            if end > r:
                for k in range(r + 1, end + 1):
                    out[k][c] = ""
                merges.append((r, c, end, c))
            r = end + 1
    if style.total:
        m, b, t = totals(rows)
        at = 0 if style.total_first else len(out)
        line = []
        for f in cols:
            if f == "name":
                line.append(style.total)
            elif f in ("max", "baseline", "target"):
                v = cells.get(("total", f), {"max": m, "baseline": b, "target": t}[f])
                line.append(number(style, v))
            else:
                line.append("")
        out.insert(at, line)
        codes.insert(at, "total")
        merges = [(a + (a >= at), b, c + (c >= at), d) for a, b, c, d in merges] if at < len(out) - 1 else merges
    if style.after:
        out.append([NOTE] + [""] * (len(cols) - 1))
        merges.append((len(out) - 1, 0, len(out) - 1, len(cols) - 1))
        codes.append(None)
        for _ in range(2):
            out.append([""] * len(cols))
            codes.append(None)
    return out, merges, codes


def word_table(document, rows, merges):
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    table.style = document.styles["Table Grid"]
    covered = set()
    for r1, c1, r2, c2 in merges:
        table.cell(r1, c1).merge(table.cell(r2, c2))
        covered |= {(r, c) for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)} - {(r1, c1)}
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            if (r, c) in covered or text in ("", None):
                continue
            first, *more = str(text).split("\n")
            cell = table.cell(r, c)
            cell.paragraphs[0].text = first
            for line in more:
                cell.add_paragraph(line)


@dataclasses.dataclass
class Built:
    path: Path
    rows: list[Row]
    expected: list[tuple]      # (code, item, field, table, row, column number, cell or None)
    cols: list[str]
    style: Style


def build(style: Style, path: Path, plan: str = "dak-rlap/2024.yaml", plants: list[Plant] = ()) -> Built:
    rows = truth(plan)
    cols = columns(style)
    cells, mistakes = planted_cells(rows, list(plants))
    head, head_merges = header_rows(style, cols)
    body, body_merges, codes = data_rows(style, rows, cols, cells)
    field_col = {f: i for i, f in enumerate(cols)}

    def where_in_body(item, field):
        key = "total" if item is None else item
        return codes.index(key), field_col[field.split(".")[-1]]

    expected = []
    ignored = [c for c, f in enumerate(cols) if f == "ratio"]   # one warning per column left out (IMP110)
    if style.fmt == "docx":
        document = Document()
        if style.heading:
            for text in HEADING:
                document.add_paragraph(text)
        split = style.split or len(body)
        parts = [(0, body[:split], [m for m in body_merges if m[0] < split])]
        if style.split:
            parts.append((split, body[split:], [(a - split, b, c - split, d) for a, b, c, d in body_merges
                                                if a >= split]))
        for number_, (start, part, merges) in enumerate(parts):
            if number_:
                document.add_paragraph("")
            shifted = [(a + len(head), b, c + len(head), d) for a, b, c, d in merges]
            word_table(document, head + part, head_merges + shifted)
        for code, item, field in mistakes:
            r, c = where_in_body(item, field)
            table = 2 if style.split and r >= split else 1
            row = len(head) + (r - split if table == 2 else r) + 1
            expected.append((code, item, field, table, row, c + 1, None))
        expected += [("IMP110", None, None, 1, None, c + 1, None) for c in ignored]
        document.save(path)
    else:
        book = Workbook()
        sheet = book.active
        if style.sheets:
            sheet.title = "Hướng dẫn"
            sheet["A1"] = "Điền điểm vào các ô trống; không sửa cột STT."
            sheet = book.create_sheet("Phụ lục I")
        else:
            sheet.title = "Phụ lục I"
        top, left = style.at
        if style.heading:
            for i, text in enumerate(HEADING):
                sheet.cell(top + i, left, text)
            top += len(HEADING)
        for r, line in enumerate(head + body):
            for c, v in enumerate(line):
                if v not in ("", None):
                    sheet.cell(top + r, left + c, v)
        for r1, c1, r2, c2 in head_merges + [(a + len(head), b, c + len(head), d) for a, b, c, d in body_merges]:
            sheet.merge_cells(start_row=top + r1, start_column=left + c1, end_row=top + r2, end_column=left + c2)
        if style.hidden:
            sheet.column_dimensions[get_column_letter(left + cols.index("hidden"))].hidden = True
        if style.sheets:
            other = book.create_sheet("Tổng hợp")
            other.append(["Đơn vị", "Số tiêu chí"])
            other.append(["Thuận Châu", len(rows)])
        for code, item, field in mistakes:
            r, c = where_in_body(item, field)
            row = top + len(head) + r
            expected.append((code, item, field, 2 if style.sheets else 1, row, left + c,
                             f"{get_column_letter(left + c)}{row}"))
        expected += [("IMP110", None, None, 2 if style.sheets else 1, None, left + c, None) for c in ignored]
        book.save(path)
    return Built(path, rows, expected, cols, style)


# -- measuring an import ----------------------------------------------------------------------

def accuracy(built: Built, plan: dict, plants: list[Plant] = ()) -> tuple[int, int, list]:
    """(cells right, cells compared, the wrong ones) of an imported plan
    against the truth; a planted cell is compared with what was typed."""
    cells, _ = planted_cells(built.rows, list(plants))
    got = {str(e["code"]): e for e in plan.get("entries", [])}
    right = total = 0
    wrong = []
    for row in built.rows:
        entry = got.get(row.code, {})
        checks = {
            "code": (row.code in got),
            "name": str(entry.get("name", "")).casefold() == row.name.casefold(),
            "max": entry.get("max") == row.max,
        }
        for f in ("baseline", "target"):
            if built.style.area == "across" and row.depth == 0:
                checks[f] = f not in entry          # not printed: derived from the children, never invented
                continue
            want = cells.get((row.code, f), getattr(row, f))
            have = entry.get(f)
            checks[f] = (have == want) if isinstance(want, Decimal) else (have in (None, want))
        if row.tasks:
            checks["tasks"] = entry.get("tasks") == row.tasks
        lead = cells.get((row.code, "lead"), row.lead)
        if lead:
            have = entry.get("lead")
            checks["lead"] = ([have] if isinstance(have, str) else have) == lead
        for f, ok in checks.items():
            total += 1
            right += bool(ok)
            if not ok:
                wrong.append((row.code, f, entry.get(f)))
    if built.style.total:
        m, b, t = totals(built.rows)
        want = {"max": m, "baseline": cells.get(("total", "baseline"), b),
                "target": cells.get(("total", "target"), t)}
        have = plan.get("totals") or {}
        for f, v in want.items():
            total += 1
            right += have.get(f) == v
            if have.get(f) != v:
                wrong.append(("totals", f, have.get(f)))
    return right, total, wrong



# -- a whole Kế hoạch: its text, the plan appendix, the indicators, the budget -----------------

def _targets_rows(codes_fix: dict[str, str]) -> tuple[list[dict], list[tuple]]:
    """Yên Châu's indicator appendix (groups and items, texts as printed)."""
    data = yaml.safe_load((ROOT / "plans/yen-chau/2021-2025-chi-tieu.yaml").read_text(encoding="utf-8"))
    rows = []
    for group in data["groups"]:
        rows.append({"group": True, "code": str(group["code"]), "name": group["name"]})
        for item in group.get("items", []):
            code = codes_fix.get(f"{group['code']}/{item['code']}", str(item["code"]))
            values = item.get("values", {})
            rows.append({"group": False, "code": code, "name": item["name"], "result": values.get("result", ""),
                         "target": values.get("target", "")})
    return rows, [(c["key"], c["label"]) for c in data["columns"]]


def _money(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def _budget() -> tuple[list[dict], list[int], list[str], dict]:
    data = yaml.safe_load((ROOT / "plans/yen-chau/2021-2025-kinh-phi.yaml").read_text(encoding="utf-8"))
    items = [{"code": str(i["code"]), "name": i["name"],
              "by_year": {int(y): int(str(v).replace(".", "")) for y, v in i.get("by_year", {}).items()},
              "by_source": {k: int(str(v).replace(".", "")) for k, v in i.get("by_source", {}).items()}}
             for i in data["items"]]
    return items, [int(y) for y in data["years"]], list(data["sources"]), data["source_labels"]


def _targets_expected(targets: list[dict], first: int) -> list[tuple]:
    """The indicator table's own slips (as `parplan validate` of the shipped
    YAML reports them), at their rows; `first`: the row of the header."""
    def row(group: str, code: str, last: bool = False) -> int:
        current, found = None, []
        for i, r in enumerate(targets):
            if r["group"]:
                current = r["code"]
            elif current == group and r["code"] == code:
                found.append(first + 1 + i)
        return found[-1] if last else found[0]
    return [("PAR101", "3.3", "code", 2, row("II", "3.3", last=True), 1),
            ("PAR403", "1.3", "measures.target", 2, row("II", "1.3"), 4),
            ("PAR403", "2", "measures.target", 2, row("I", "2"), 4),
            ("PAR403", "7.14", "measures.target", 2, row("II", "7.14"), 4)]


@dataclasses.dataclass
class WholePlan:
    path: Path
    rows: list[Row]
    expected: list[tuple]          # (code, item, field, table, row, column)
    targets: list[dict]
    budget: list[dict]


def whole_plan(path: Path, fmt: str = "docx") -> WholePlan:
    """A Kế hoạch as a district sends it: its text, Phụ lục I (Đắk R'Lấp's plan,
    numbered I, 1, 2 with a two-row header), Phụ lục II (Yên Châu's indicators:
    groups merged across the row), Phụ lục III (Yên Châu's budget in đồng with
    years, a total column, sources and a Tổng cộng row). In .xlsx each appendix
    is a sheet. Planted: area 3's target printed 0,25 high (PAR203, with TỔNG
    following it); the budget's 2022 total printed 1.000.000 high (PAR302).
    The indicators are as printed, with the document's own slips that the
    shipped YAML keeps: "3.3" typed twice in group II (PAR101), and three
    targets below the result already reached (PAR403 warnings)."""
    style = Style("whole", fmt=fmt, stt="roman", two_row="group", heading=False)
    rows = truth("dak-rlap/2024.yaml")
    cols = columns(style)
    cells, mistakes = planted_cells(rows, [Plant("parent", "3")])
    head, head_merges = header_rows(style, cols)
    body, body_merges, codes = data_rows(style, rows, cols, cells)
    targets, target_cols = _targets_rows({})
    t_head = ["STT", "Chỉ tiêu"] + [label for _, label in target_cols]
    t_body, t_merges = [], []
    for r in targets:
        if r["group"]:
            t_body.append([r["code"], r["name"].upper()] + [""] * len(target_cols))
            t_merges.append((len(t_body), 1, len(t_body), len(t_head) - 1))
        else:
            t_body.append([r["code"], r["name"], r["result"], r["target"]])
    items, years, sources, labels = _budget()
    b_head = ["STT", "Nội dung"] + [f"Năm {y}" for y in years] + ["Tổng cộng"] + [labels[s] for s in sources]
    b_body = []
    for item in items:
        b_body.append([item["code"], item["name"]] + [_money(item["by_year"][y]) if y in item["by_year"] else ""
                                                      for y in years]
                      + [_money(sum(item["by_year"].values()))]
                      + [_money(item["by_source"][s]) if s in item["by_source"] else "" for s in sources])
    year_totals = {y: sum(i["by_year"].get(y, 0) for i in items) for y in years}
    year_totals[2022] += 1_000_000                                      # planted: PAR302
    b_body.append(["", "Tổng cộng"] + [_money(year_totals[y]) for y in years]
                  + [_money(sum(sum(i["by_year"].values()) for i in items))]
                  + [_money(sum(i["by_source"].get(s, 0) for i in items)) if any(s in i["by_source"] for i in items)
                     else "" for s in sources])
    expected = []
    for code, item, field in mistakes:
        key = "total" if item is None else item
        expected.append((code, item, field, 1, len(head) + codes.index(key) + 1, cols.index(field.split(".")[-1]) + 1))
    heading_i = ["PHỤ LỤC I", "MỤC TIÊU, NHIỆM VỤ, GIẢI PHÁP CẢI THIỆN CHỈ SỐ CCHC NĂM 2024",
                 "(Kèm theo Kế hoạch số 88/KH-UBND ngày 05 tháng 3 năm 2024 của UBND huyện Đắk R'Lấp)"]
    heading_ii = ["PHỤ LỤC II", "CHỈ TIÊU CẢI CÁCH HÀNH CHÍNH GIAI ĐOẠN 2021-2025",
                  "(Kèm theo Kế hoạch số 88/KH-UBND ngày 05 tháng 3 năm 2024 của UBND huyện Đắk R'Lấp)"]
    heading_iii = ["PHỤ LỤC III", "KHÁI TOÁN KINH PHÍ THỰC HIỆN", "ĐVT: đồng"]
    if fmt == "docx":
        document = Document()
        for text in ("ỦY BAN NHÂN DÂN HUYỆN ĐẮK R'LẤP", "Số: 88/KH-UBND", "KẾ HOẠCH",
                     "Cải thiện Chỉ số CCHC năm 2024", "I. MỤC ĐÍCH, YÊU CẦU",
                     "1. Nâng cao Chỉ số CCHC của huyện; phấn đấu đạt 95,5 điểm.", "II. NHIỆM VỤ",
                     "Chi tiết tại Phụ lục I, Phụ lục II và Phụ lục III kèm theo."):
            document.add_paragraph(text)
        for heading, (rows_, merges) in ((heading_i, (head + body, head_merges + [
                (a + len(head), b, c + len(head), d) for a, b, c, d in body_merges])),
                (heading_ii, ([t_head] + t_body, t_merges)), (heading_iii, ([b_head] + b_body, []))):
            for text in heading:
                document.add_paragraph(text)
            word_table(document, rows_, merges)
        document.save(path)
        expected.append(("PAR302", None, "by_year.2022", 3, len(b_body) + 1, 4))
        expected += _targets_expected(targets, 1)
    else:
        book = Workbook()
        for number, (title, heading, rows_, merges) in enumerate((
                ("PL I", heading_i, head + body, head_merges + [(a + len(head), b, c + len(head), d)
                                                               for a, b, c, d in body_merges]),
                ("PL II", heading_ii, [t_head] + t_body, t_merges),
                ("PL III", heading_iii, [b_head] + b_body, []))):
            sheet = book.active if number == 0 else book.create_sheet(title)
            sheet.title = title
            for i, text in enumerate(heading, start=1):
                sheet.cell(i, 1, text)
            top = len(heading) + 1
            for r, line in enumerate(rows_):
                for c, v in enumerate(line):
                    if v not in ("", None):
                        sheet.cell(top + r, c + 1, v)
            for r1, c1, r2, c2 in merges:
                sheet.merge_cells(start_row=top + r1, start_column=c1 + 1, end_row=top + r2, end_column=c2 + 1)
        book.save(path)
        expected = [(c, i, f, t, r + 3, col) for c, i, f, t, r, col in expected]
        expected.append(("PAR302", None, "by_year.2022", 3, len(b_body) + 4, 4))
        expected += _targets_expected(targets, 4)
    return WholePlan(path, rows, expected, targets, items)


# -- Word content controls (forms made from templates) -------------------------------------------

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _wrap(element, kind: str = "sdt"):
    """Put `element` inside a content control (w:sdt/w:sdtContent) or w:customXml, where it stood."""
    from lxml import etree

    parent = element.getparent()
    index = parent.index(element)
    if kind == "sdt":
        outer = etree.Element(W + "sdt")
        etree.SubElement(outer, W + "sdtPr")
        inner = etree.SubElement(outer, W + "sdtContent")
    else:
        outer = etree.Element(W + "customXml")
        outer.set(W + "element", "row")
        inner = outer
    parent.remove(element)
    inner.append(element)
    parent.insert(index, outer)


def with_content_controls(path: Path) -> None:
    """The file's tables as a form made from a template: every other data row
    in a repeating-section content control, the score cells of the other rows
    in cell content controls, one row in w:customXml, and the second table
    (if any) inside a block content control."""
    document = Document(path)
    tables = [t._tbl for t in document.tables]
    first = tables[0]
    rows = first.tr_lst
    for i, tr in enumerate(rows[2:], start=2):
        if i % 2 == 0:
            _wrap(tr)
        elif i % 7 == 0:
            _wrap(tr, "customXml")
        else:
            for tc in tr.tc_lst[2:5]:
                for p in list(tc.iterchildren(W + "p")):
                    _wrap(p)
    if len(tables) > 1:
        _wrap(tables[1])
    document.save(path)


def with_placeholders(path: Path) -> int:
    """Every empty cell of the first table given an empty content control that
    shows Word's placeholder text (a blank form); returns how many."""
    from lxml import etree

    document = Document(path)
    count = 0
    for tr in document.tables[0]._tbl.tr_lst:
        for tc in tr.tc_lst:
            paragraphs = list(tc.iterchildren(W + "p"))
            if any("".join(t.text or "" for t in p.iter(W + "t")).strip() for p in paragraphs) or tc.vMerge:
                continue
            p = paragraphs[0]
            sdt = etree.SubElement(p, W + "sdt")
            props = etree.SubElement(sdt, W + "sdtPr")
            etree.SubElement(props, W + "showingPlcHdr")
            run = etree.SubElement(etree.SubElement(sdt, W + "sdtContent"), W + "r")
            etree.SubElement(run, W + "t").text = "Nhấp hoặc gõ nhẹ vào đây để nhập văn bản."
            count += 1
    document.save(path)
    return count
