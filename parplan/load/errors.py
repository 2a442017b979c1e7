"""Pydantic validation errors -> diagnostics at the exact node.

A pydantic error's `loc` is a path into the data (`("entries", 3, "max")`),
sometimes with a union member's name or a validator's tag in between; we keep
the parts that exist in the source map and point at that node, or at the
nearest parent for a missing key (the dagster approach).
"""
from __future__ import annotations

import difflib
from decimal import Decimal
from typing import Any

from pydantic import ValidationError

from ..diagnostics import Diagnostic, bilingual
from .yamlsrc import SourceMap

_TYPE_VI = {
    "string_type": "cần một chuỗi văn bản",
    "int_type": "cần một số nguyên",
    "int_parsing": "cần một số nguyên",
    "list_type": "cần một danh sách (các dòng bắt đầu bằng '- ')",
    "dict_type": "cần một bảng khóa: giá trị (mapping)",
    "model_type": "cần một bảng khóa: giá trị (mapping)",
    "model_attributes_type": "cần một bảng khóa: giá trị (mapping)",
    "literal_error": "giá trị không nằm trong danh sách cho phép",
    "bool_type": "cần true hoặc false",
    "bool_parsing": "cần true hoặc false",
    "date_from_datetime_parsing": "ngày phải ghi dạng YYYY-MM-DD",
}


def _path_in(source: SourceMap, loc: tuple) -> tuple:
    """The longest prefix-consistent path of `loc` that the source map knows."""
    path: tuple = ()
    for part in loc:
        if source.has(path + (part,)):
            path = path + (part,)
        elif isinstance(part, int) and source.has(path + (str(part),)):
            path = path + (str(part),)  # a year key, read as int by the model
        # else: a union member name or validator tag: skip it
    return path


def _item_of(data: Any, path: tuple) -> str | None:
    """The code of the nearest enclosing record (entry, item) on `path`."""
    node = data
    code = None
    for part in path:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            break
        if isinstance(node, dict) and "code" in node and node["code"] is not None:
            code = str(node["code"])
    return code


def pydantic_diagnostics(exc: ValidationError, data: Any, source: SourceMap,
                         known_fields: dict[tuple, list[str]] | None = None) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    seen: set[tuple] = set()
    for err in exc.errors(include_url=False):
        loc = tuple(err["loc"])
        etype = err["type"]
        ctx = err.get("ctx") or {}
        path = _path_in(source, loc)
        last = loc[-1] if loc else None
        item = _item_of(data, path)
        if etype == "extra_forbidden":
            line, col = source.key_at(path)
            key = str(last)
            choices = (known_fields or {}).get(_shape(path[:-1]), [])
            split = _split_number(data, source, path)
            meant = vietnamese_field(key, choices)
            close = [meant] if meant else difflib.get_close_matches(key, choices, n=1)
            hint = bilingual(f" (có phải '{close[0]}'?)", f" (did you mean '{close[0]}'?)") if close else ""
            extra: tuple = ()
            if split is not None:
                before, number = split
                written = f"{number},{key}"
                hint = bilingual(f" (dấu phẩy thập phân trong {{...}} tách số: viết '{written}' trong dấu nháy "
                                 f"hoặc {number}.{key})",
                                 f" (a decimal comma inside {{...}} splits the number: write '{written}' in "
                                 f"quotes or {number}.{key})")
                extra = (("split", before),)
                # shown at the number it splits ([totals.baseline], not [64])
                key_field = _field_name(before) or key
            else:
                key_field = key
            diag = Diagnostic("PAR003", source.file, line, col, item=item, field=key_field,
                              params=(("key", key), ("hint", hint)) + extra)
        elif etype == "missing":
            line, col = source.at(path)
            key = str(last)
            diag = Diagnostic("PAR005", source.file, line, col, item=item, field=key, params=(("key", key),))
        else:
            line, col = source.at(path)
            code = "PAR303" if etype == "par303" else "PAR004"
            field = _field_name(path)
            if etype in ("par004", "par303"):
                detail = bilingual(ctx.get("vi", err["msg"]), err["msg"])
                unit = number_hint(err.get("input"))
                if unit is not None:
                    detail = bilingual(detail[0] + unit[0], detail[1] + unit[1])
            elif etype == "literal_error":
                allowed = ctx.get("expected", "")
                detail = bilingual(f"'{err.get('input')}' không hợp lệ; chỉ nhận {allowed}",
                                   f"'{err.get('input')}' is not allowed; expected {allowed}")
            else:
                detail = bilingual(_TYPE_VI.get(etype, err["msg"]), err["msg"])
            diag = Diagnostic(code, source.file, line, col, item=item, field=field,
                              actual=None, params=(("detail", detail),))
        key = (diag.code, diag.line, diag.column)
        if key in seen:  # a union reports one mistake once per member
            continue
        seen.add(key)
        out.append(diag)
    return out


def _split_number(data: Any, source: SourceMap, path: tuple) -> tuple[tuple, Any] | None:
    """`{baseline: 84,64}`: YAML reads a decimal comma in a flow mapping as
    `baseline: 84` and a key `64`. Returns (the path of 84, 84) when the
    digit-only key sits right after a number, else None."""
    key = str(path[-1]) if path else ""
    if not (key.isdigit() and key.isascii()):
        return None
    node = data
    for part in path[:-1]:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return None
    if not isinstance(node, dict):
        return None
    keys = list(node)
    if key not in keys or keys.index(key) == 0:
        return None
    before = keys[keys.index(key) - 1]
    number = node[before]
    if isinstance(number, bool) or not isinstance(number, (int, Decimal)):
        return None
    where = path[:-1] + (before,)
    line, col = source.at(where)
    key_line, key_col = source.key_at(path)
    if line != key_line or key_col != col + len(str(number)) + 1:
        return None
    return where, number


# Field names as people type them in Vietnamese (without diacritics, with
# underscores): "did you mean" the real field.
VIETNAMESE_FIELDS = {
    "ma": "code", "ma_so": "code", "stt": "code", "ten": "name", "ten_tieu_chi": "name",
    "diem_toi_da": "max", "diem_chuan": "max", "toi_da": "max",
    "diem_dat_duoc": "baseline", "diem": "baseline", "diem_nam_truoc": "baseline", "ket_qua": "baseline",
    "muc_tieu": "target", "diem_muc_tieu": "target", "chi_tieu": "target",
    "diem_bi_tru": "deducted", "bi_tru": "deducted", "diem_tham_dinh": "appraised",
    "diem_tu_danh_gia": "self_assessed", "tu_danh_gia": "self_assessed",
    "nhiem_vu": "tasks", "giai_phap": "tasks", "nhiem_vu_giai_phap": "tasks",
    "don_vi_chu_tri": "lead", "chu_tri": "lead", "don_vi_phoi_hop": "partners", "phoi_hop": "partners",
    "ly_do": "reason", "nguyen_nhan": "reason", "thoi_gian": "deadline", "thoi_han": "deadline",
    "thoi_gian_thuc_hien": "deadline", "san_pham": "product", "ghi_chu": "note",
    "ap_dung": "applicable", "khong_ap_dung": "applicable",
    "loai": "kind", "don_vi": "unit", "nam": "year", "nam_goc": "baseline_year", "cap": "level",
    "bo_tieu_chi": "framework", "mau": "layout", "van_ban": "document", "tong": "totals",
    "tong_diem": "totals", "cac_dong": "entries", "dong": "entries", "tieu_chi": "entries",
    "so_hieu": "number", "ngay": "date", "noi_ban_hanh": "place", "tieu_de": "title",
}


def vietnamese_field(key: str, choices: list[str]) -> str | None:
    """The field a Vietnamese key means (`ghi_chú`, `Mục tiêu`, `diem-toi-da`), if it is one here."""
    import re
    import unicodedata

    bare = unicodedata.normalize("NFD", key.replace("đ", "d").replace("Đ", "D"))
    bare = "".join(c for c in bare if not unicodedata.combining(c)).lower()
    bare = re.sub(r"[\s\-.]+", "_", bare.strip())
    meant = VIETNAMESE_FIELDS.get(bare)
    return meant if meant in choices else None


def number_hint(raw: Any) -> tuple[str, str] | None:
    """A hint for a score written with a unit or a sign (`1.5 điểm`, `≥ 3,5`)."""
    from ..numbers import number_in_text

    if not isinstance(raw, str):
        return None
    found = number_in_text(raw)
    if found is None:
        return None
    number, kind = found
    if kind == "comparison":
        return (f" (chỉ ghi số, ví dụ {number}; điều kiện như '≥' ghi vào note)",
                f" (write the number only, e.g. {number}; put a condition such as '≥' in note)")
    return (f" (chỉ ghi số, không ghi đơn vị: {number})", f" (write the number only, without a unit: {number})")


def _field_name(path: tuple) -> str | None:
    """The field a value belongs to, from the enclosing record: `baseline`,
    `by_year.2021`, `totals.target`, `document.date`."""
    tail: list[str] = []
    for part in reversed(path):
        if isinstance(part, int):
            break
        tail.insert(0, str(part))
    if tail and tail[0] == "declared_totals" and len(tail) > 1:
        tail = tail[1:]
    return ".".join(tail) or None


def _shape(path: tuple) -> tuple:
    """A path with list indexes replaced by 0, to look up a model's fields."""
    return tuple(0 if isinstance(p, int) else p for p in path)


def field_names(model: type, prefix: tuple = ()) -> dict[tuple, list[str]]:
    """Known field names at every shape path of a model (for "did you mean")."""
    from typing import get_args, get_origin

    from pydantic import BaseModel

    out: dict[tuple, list[str]] = {prefix: list(model.model_fields)}
    for name, info in model.model_fields.items():
        stack = [info.annotation]
        while stack:
            ann = stack.pop()
            if isinstance(ann, type) and issubclass(ann, BaseModel):
                if ann is model:
                    continue
                sub = prefix + (name,)
                if get_origin(info.annotation) is list or "list" in str(info.annotation):
                    sub = sub + (0,)
                out.update(field_names(ann, sub))
            else:
                stack.extend(get_args(ann))
    return out
