"""Pydantic validation errors -> diagnostics at the exact node.

A pydantic error's `loc` is a path into the data (`("entries", 3, "max")`),
sometimes with a union member's name or a validator's tag in between; we keep
the parts that exist in the source map and point at that node, or at the
nearest parent for a missing key (the dagster approach).
"""
from __future__ import annotations

import difflib
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
            close = difflib.get_close_matches(key, choices, n=1)
            hint = bilingual(f" (có phải '{close[0]}'?)", f" (did you mean '{close[0]}'?)") if close else ""
            diag = Diagnostic("PAR003", source.file, line, col, item=item, field=key,
                              params=(("key", key), ("hint", hint)))
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
