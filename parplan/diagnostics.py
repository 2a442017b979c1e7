"""Diagnostics: the one record every problem becomes, and the catalogue of codes.

A diagnostic is immutable and carries where (file, line, column, item, field),
what (code, severity) and the numbers involved. Its message is rendered from
the catalogue in the reader's language at output time, so the same check can
be printed in Vietnamese or English.
"""
from __future__ import annotations

import os
import dataclasses
from dataclasses import dataclass
from typing import Any

ERROR, WARNING, INFO = "error", "warning", "info"
LANGS = ("vi", "en")


@dataclass(frozen=True)
class Rule:
    code: str
    severity: str
    vi: str
    en: str


def _r(code: str, severity: str, vi: str, en: str) -> tuple[str, Rule]:
    return code, Rule(code, severity, vi, en)


# The stable codes of SPEC section 3. Templates take the diagnostic's params
# plus {expected} and {actual}. Never reuse a code for another meaning.
CATALOGUE: dict[str, Rule] = dict([
    _r("PAR001", ERROR, "không phải YAML hợp lệ: {detail}", "not valid YAML: {detail}"),
    _r("PAR002", ERROR, "khóa '{key}' bị lặp trong cùng một bảng (đã khai báo ở dòng {first_line})",
       "duplicate key '{key}' in a mapping (first given on line {first_line})"),
    _r("PAR003", ERROR, "trường không được hỗ trợ: '{key}'{hint}", "unknown field '{key}'{hint}"),
    _r("PAR004", ERROR, "giá trị không hợp lệ: {detail}", "wrong value: {detail}"),
    _r("PAR005", ERROR, "thiếu trường bắt buộc '{key}'", "missing required field '{key}'"),
    _r("PAR006", ERROR, "không tìm thấy bộ tiêu chí '{framework}' (đã tìm trong: {searched})",
       "unknown framework '{framework}' (searched: {searched})"),
    _r("PAR007", ERROR, "tệp bị từ chối: {detail}", "input refused: {detail}"),
    _r("PAR101", ERROR, "mã '{item}' bị trùng (đã có ở dòng {first_line})",
       "duplicate code '{item}' (first on line {first_line})"),
    _r("PAR102", ERROR, "mã '{item}' không hợp lệ: {detail}", "malformed code '{item}': {detail}"),
    _r("PAR103", ERROR, "tổng điểm tối đa của các mục con là {expected_vi}, khác điểm tối đa {actual_vi} của mục {item}{hint}",
       "children's max add up to {expected}, not the max {actual} of item {item}{hint}"),
    _r("PAR104", ERROR, "tổng điểm tối đa của các lĩnh vực là {expected_vi}, khác tổng khai báo {actual_vi}",
       "top-level max add up to {expected}, not the declared total {actual}"),
    _r("PAR105", ERROR, "điểm tối đa phải lớn hơn 0 (đang là {actual_vi})", "max must be > 0 (is {actual})"),
    _r("PAR201", ERROR, "{field_vi} {actual_vi} vượt quá điểm tối đa {expected_vi}",
       "{field} {actual} is above the max {expected}"),
    _r("PAR202", ERROR, "{field_vi} {actual_vi} nhỏ hơn 0", "{field} {actual} is below 0"),
    _r("PAR203", ERROR, "{field_vi} ghi {actual_vi} nhưng cộng từ các mục con được {expected_vi}{hint}",
       "{field} is declared as {actual} but its children add up to {expected}{hint}"),
    _r("PAR204", ERROR, "mã '{item}' không có trong bộ tiêu chí '{framework}'{hint}",
       "code '{item}' is not in framework '{framework}'{hint}"),
    _r("PAR205", ERROR, "tiêu chí '{item}' ({name}) của bộ tiêu chí chưa có dòng trong kế hoạch",
       "framework leaf '{item}' ({name}) has no entry"),
    _r("PAR206", ERROR, "điểm tối đa {actual_vi} khác bộ tiêu chí ({expected_vi})",
       "max {actual} differs from the framework ({expected})"),
    _r("PAR207", WARNING, "tên khác bộ tiêu chí: '{actual}' / bộ tiêu chí ghi '{expected}'",
       "name differs from the framework: '{actual}' / framework: '{expected}'"),
    _r("PAR208", ERROR, "{detail}", "{detail}"),
    _r("PAR209", WARNING, "mục tiêu {actual_vi} thấp hơn điểm đã đạt {expected_vi}",
       "target {actual} is below the baseline {expected}"),
    _r("PAR210", WARNING, "mục tiêu {actual_vi} chưa đạt tối đa {expected_vi} nhưng chưa có nhiệm vụ, giải pháp",
       "target {actual} is below the max {expected} but there is no task"),
    _r("PAR211", WARNING, "có nhiệm vụ nhưng chưa có đơn vị chủ trì", "has tasks but no lead unit"),
    _r("PAR212", WARNING, "năm gốc {actual} không phải năm trước năm kế hoạch ({expected})",
       "baseline_year {actual} is not year − 1 ({expected})"),
    _r("PAR213", ERROR, "mã '{item}' có hai dòng trong kế hoạch (dòng kia ở dòng {first_line}){hint}",
       "duplicate entry for code '{item}' (the other on line {first_line}){hint}"),
    _r("PAR214", WARNING, "tiêu chí chưa có mục tiêu", "criterion has no target yet"),
    _r("PAR215", WARNING, "tiêu chí chưa có điểm đạt được (các tiêu chí khác đã có)",
       "criterion has no baseline (other criteria have one)"),
    _r("PAR216", WARNING, "đơn vị chủ trì '{actual}' viết khác '{expected}' (dòng {first_line}): hai cách viết của một đơn vị",
       "lead unit '{actual}' is written differently from '{expected}' (line {first_line}): one unit written two ways"),
    _r("PAR301", ERROR, "{detail}", "{detail}"),
    _r("PAR302", ERROR, "dòng tổng ghi {actual_vi} nhưng cộng cột được {expected_vi}",
       "declared total {actual} but the column adds up to {expected}"),
    _r("PAR303", ERROR, "số tiền phải là số nguyên không âm (đồng): {detail}",
       "amount must be a whole non-negative number of đồng: {detail}"),
    _r("PAR401", ERROR, "giá trị cho cột chưa khai báo '{key}' (các cột: {columns}){more}",
       "value for undeclared column '{key}' (columns: {columns}){more}"),
    _r("PAR402", ERROR, "tỷ lệ {actual_vi}% nằm ngoài khoảng 0–100", "percentage {actual}% outside 0–100"),
    _r("PAR403", WARNING, "chỉ tiêu {actual_vi}{unit} thấp hơn kết quả đã đạt {expected_vi}{unit}",
       "target {actual}{unit} is below the result already achieved {expected}{unit}"),
    # Reading a Word/Excel file (`parplan import`, and `validate` of a .docx/.xlsx).
    _r("IMP101", ERROR, "không đọc được số điểm '{text}'{detail}: sửa ô thành một số",
       "cannot read the score '{text}'{detail}: make the cell a number"),
    _r("IMP102", ERROR, "không đọc được STT '{text}' (cần dạng 1, 1.3.1, I, a)); dòng bị bỏ qua",
       "cannot read the number '{text}' in the STT column (expected 1, 1.3.1, I or a)); row left out"),
    _r("IMP103", ERROR, "dòng không có STT; dòng bị bỏ qua: '{text}'",
       "row without a number in the STT column; row left out: '{text}'"),
    _r("IMP104", WARNING, "không nhận ra cột '{text}'; nội dung cột bị bỏ qua (dùng --columns để chỉ định)",
       "column '{text}' not recognised, its cells are left out (map it with --columns)"),
    _r("IMP105", WARNING, "cột '{text}' cũng là {field}, đã đọc từ cột {first}; cột này bị bỏ qua",
       "column '{text}' is also {field}, already read from column {first}; this column is left out"),
    _r("IMP106", ERROR, "ô có công thức nhưng tệp không lưu giá trị đã tính; mở và lưu lại tệp trong Excel",
       "formula cell without a computed value saved in the file; open and save it in Excel"),
    _r("IMP107", ERROR, "không đọc được tệp: {detail}", "cannot read the file: {detail}"),
    _r("IMP108", ERROR, "tệp bị từ chối vì không an toàn hoặc quá lớn: {detail}",
       "file refused as unsafe or too large: {detail}"),
    _r("IMP109", ERROR, "không tìm thấy bảng phụ lục nào để kiểm tra: {detail}",
       "no appendix table to check: {detail}"),
    _r("IMP110", WARNING, "cột '{text}' ({what}) không có trong {kind_vi}; nội dung cột bị bỏ qua",
       "column '{text}' ({what_en}) has no place in a {kind}; its cells are left out"),
    _r("IMP111", ERROR, "số tiền '{text}' không đọc được{detail}; ô bị bỏ trống",
       "cannot read the amount '{text}'{detail}; left out"),
])

FIELD_VI = {
    "max": "điểm tối đa", "baseline": "điểm đạt được", "target": "mục tiêu",
    "deducted": "điểm bị trừ", "appraised": "điểm thẩm định", "self_assessed": "điểm tự đánh giá",
    "totals.max": "tổng điểm tối đa", "totals.baseline": "tổng điểm đạt được",
    "totals.target": "tổng mục tiêu", "totals.deducted": "tổng điểm bị trừ",
}


def message_lang(explicit: str | None = None) -> str:
    lang = explicit or os.environ.get("PARPLAN_LANG") or "vi"
    return lang if lang in LANGS else "vi"


@dataclass(frozen=True)
class Location:
    """Where in a Word/Excel file: table (sheet) number, row and column as the
    user counts them (1-based), the column's label; for .xlsx the sheet name
    and the cell ("D14"). Office diagnostics carry it instead of line/column."""

    table: int | None = None
    row: int | None = None
    column: int | None = None
    label: str | None = None
    sheet: str | None = None
    cell: str | None = None

    @property
    def sort_key(self) -> tuple:
        return (self.table or 0, self.row or 0, self.column or 0)

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"table": self.table, "row": self.row, "column": self.column, "label": self.label}
        if self.sheet is not None:
            out["sheet"] = self.sheet
            out["cell"] = self.cell
        return out

    def text(self, lang: str = "vi") -> str:
        """`bảng 2, dòng 14, cột «Điểm đạt được»` / `Phụ lục!D14, cột «Điểm đạt được»`
        (a whole column of a sheet: `Phụ lục, cột E «Tỷ lệ (%)»`)."""
        vi = lang == "vi"
        column_word = "cột" if vi else "column"
        parts: list[str] = []
        name = None
        if self.sheet is not None:
            parts.append(f"{self.sheet}!{self.cell}" if self.cell else self.sheet)
            if not self.cell and self.column is not None:
                letters, n = "", self.column
                while n:
                    n, rest = divmod(n - 1, 26)
                    letters = chr(65 + rest) + letters
                name = letters
            if not self.cell and self.row is not None:
                parts.append(f"{'dòng' if vi else 'row'} {self.row}")
        else:
            if self.table is not None:
                parts.append(f"{'bảng' if vi else 'table'} {self.table}")
            if self.row is not None:
                parts.append(f"{'dòng' if vi else 'row'} {self.row}")
            if not self.label and self.column is not None:
                name = str(self.column)
        if self.label:
            parts.append(f"{column_word} {name + ' ' if name else ''}«{self.label}»")
        elif name:
            parts.append(f"{column_word} {name}")
        return ", ".join(parts)


@dataclass(frozen=True)
class Diagnostic:
    code: str
    file: str
    line: int | None
    column: int | None
    item: str | None = None
    field: str | None = None
    expected: str | None = None
    actual: str | None = None
    params: tuple[tuple[str, Any], ...] = dataclasses.field(default=(), compare=False)
    severity: str = ""
    location: Location | None = dataclasses.field(default=None, compare=False)

    def __post_init__(self) -> None:
        if not self.severity:
            object.__setattr__(self, "severity", CATALOGUE[self.code].severity)

    @property
    def sort_key(self) -> tuple:
        where = self.location.sort_key if self.location is not None else ()
        return (self.file, self.line or 0, self.column or 0, where, self.code, self.item or "", self.field or "")

    def message(self, lang: str = "vi") -> str:
        from .numbers import vi as vi_number
        from decimal import Decimal

        rule = CATALOGUE[self.code]
        values: dict[str, Any] = {"item": self.item, "field": self.field, "expected": self.expected,
                                  "actual": self.actual, "hint": "", "detail": "", "unit": "", "more": "",
                                  "text": "", "first": "", "what": "", "what_en": "", "kind": "", "kind_vi": ""}
        values.update(dict(self.params))
        for name in ("expected", "actual"):
            raw = values.get(name)
            try:
                values[name + "_vi"] = vi_number(Decimal(raw)) if raw is not None else ""
            except Exception:  # not a number (names, years): print as is
                values[name + "_vi"] = raw
        for name in ("expected", "actual"):
            if values[name] is None:
                values[name] = ""
        field_name = self.field or ""
        values["field_vi"] = FIELD_VI.get(field_name, field_name)
        template = rule.vi if lang == "vi" else rule.en
        if lang == "vi" and isinstance(values.get("detail"), tuple):
            values["detail"] = values["detail"][0]
        elif isinstance(values.get("detail"), tuple):
            values["detail"] = values["detail"][1]
        for name in ("hint", "more"):
            if isinstance(values.get(name), tuple):
                values[name] = values[name][0 if lang == "vi" else 1]
        return template.format(**values)

    def as_dict(self, lang: str = "vi") -> dict[str, Any]:
        out = {"code": self.code, "severity": self.severity, "file": self.file, "line": self.line,
               "column": self.column, "item": self.item, "field": self.field,
               "message": self.message(lang), "expected": self.expected, "actual": self.actual}
        if self.location is not None:
            out["location"] = self.location.as_dict()
        return out


def bilingual(vi: str, en: str) -> tuple[str, str]:
    """A free-text detail given in both languages; the message picks one."""
    return (vi, en)


def sort_diagnostics(diags: list[Diagnostic]) -> list[Diagnostic]:
    return sorted(diags, key=lambda d: d.sort_key)
