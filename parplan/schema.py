"""JSON Schema for the four kinds of file, generated from the pydantic models.

Editors use them through a modeline at the top of a YAML file:

    # yaml-language-server: $schema=../../schemas/plan.json

The schema describes what parplan *accepts*, not just the Python types: a
score may be written `1.5` or `"1,5"`, an amount `46080000` or
`"46.080.000"`, a code `"1.3.1"` (quoted, as docs/TRANSCRIBING.md asks) or a
bare number. The models' field types read raw values through
`BeforeValidator` functions (`parplan/model/common.py`); the generator below
recognises those functions and writes the matching JSON Schema, so the model
stays the single source of truth. Every field carries its Vietnamese
`description`; objects get a Vietnamese description here.

The repository ships the output under `schemas/` (`parplan schema --write
schemas`); a test fails when those files are stale.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic.json_schema import GenerateJsonSchema

from .model import MODELS
from .model import common as _types

KINDS = tuple(MODELS)  # framework, plan, targets, budget
DIALECT = "https://json-schema.org/draft/2020-12/schema"

_SCORE_TEXT = r"^\s*[+-]?(\d+([.,]\d*)?|[.,]\d+)\s*$"
_MONEY_TEXT = r"^\s*(\d+|\d{1,3}([. ]\d{3})+)\s*$"
_TEXT = {"type": ["string", "number"]}

# One JSON Schema per reader function of parplan/model/common.py.
_READERS: dict[Any, dict] = {
    _types._score: {"anyOf": [{"type": "number"}, {"type": "string", "pattern": _SCORE_TEXT}]},
    _types._money: {"anyOf": [{"type": "integer", "minimum": 0}, {"type": "string", "pattern": _MONEY_TEXT}]},
    _types._text: _TEXT,
    _types._code: {"type": ["string", "number"]},
    _types._year: {"anyOf": [{"type": "integer", "minimum": 1900, "maximum": 2200},
                             {"type": "string", "pattern": r"^\s*\d{4}\s*$"}]},
    _types._bool: {"anyOf": [{"type": "boolean"},
                             {"type": "string", "pattern": r"^\s*([Tt][Rr][Uu][Ee]|[Ff][Aa][Ll][Ss][Ee])\s*$"}]},
    _types._date: {"anyOf": [{"type": "string", "format": "date"}, {"type": "null"}]},
    _types._text_list: {"anyOf": [_TEXT, {"type": "array", "items": _TEXT}, {"type": "null"}]},
}

TITLES = {
    "framework": "parplan: bộ tiêu chí (kind: framework)",
    "plan": "parplan: kế hoạch, phụ lục mục tiêu và nhiệm vụ (kind: plan)",
    "targets": "parplan: bảng chỉ tiêu theo giai đoạn (kind: targets)",
    "budget": "parplan: bảng khái toán kinh phí (kind: budget)",
}

DESCRIPTIONS = {
    "Framework": "Bộ tiêu chí xác định Chỉ số CCHC: cây các lĩnh vực, tiêu chí, tiêu chí thành phần "
                 "với điểm tối đa; điểm tối đa của các mục con cộng lại bằng điểm của mục cha.",
    "Item": "Một lĩnh vực, tiêu chí hoặc tiêu chí thành phần của bộ tiêu chí.",
    "Plan": "Phụ lục kế hoạch cải thiện Chỉ số CCHC của một đơn vị trong một năm: mỗi dòng là một "
            "lĩnh vực/tiêu chí với điểm năm gốc, mục tiêu, nhiệm vụ và đơn vị chủ trì.",
    "Entry": "Một dòng của phụ lục: một lĩnh vực, tiêu chí hoặc tiêu chí thành phần.",
    "Totals": "Dòng TỔNG ĐIỂM như in trong phụ lục; được kiểm tra với tổng các lĩnh vực.",
    "Document": "Văn bản Kế hoạch mà phụ lục kèm theo (số, ngày, cơ quan ban hành).",
    "Targets": "Bảng chỉ tiêu CCHC theo giai đoạn: kết quả đã đạt và chỉ tiêu phấn đấu.",
    "Column": "Một cột giai đoạn của bảng chỉ tiêu.",
    "Group": "Một nhóm chỉ tiêu (ví dụ I, II).",
    "Indicator": "Một chỉ tiêu; không có values là dòng tiêu đề.",
    "Measure": "Dạng số của một giá trị chỉ tiêu, để parplan kiểm tra (ví dụ 90 % với op >=).",
    "Budget": "Bảng khái toán kinh phí theo năm và theo nguồn (đồng).",
    "BudgetItem": "Một khoản kinh phí.",
    "DeclaredTotals": "Dòng tổng như in trong bảng kinh phí; được kiểm tra với tổng các cột.",
}


class _Generator(GenerateJsonSchema):
    """pydantic's generator, taught parplan's readers and without English titles."""

    def function_before_schema(self, schema):
        function = schema.get("function", {}).get("function")
        known = _READERS.get(function)
        if known is not None:
            return json.loads(json.dumps(known))  # a fresh copy each time
        inner = super().function_before_schema(schema)
        if getattr(function, "__name__", "") == "_measure":  # targets: a bare value means `=`
            return {"anyOf": [{"type": "number"}, {"type": "string"}, inner]}
        return inner

    def field_title_should_be_set(self, schema) -> bool:
        return False


def _describe(node: dict, name: str) -> None:
    text = DESCRIPTIONS.get(name)
    if text:
        node["description"] = text


def schema_for(kind: str) -> dict:
    """The JSON Schema of one kind of file, as a dict."""
    model = MODELS[kind]
    body = model.model_json_schema(schema_generator=_Generator, mode="validation")
    for name, node in body.get("$defs", {}).items():
        _describe(node, name)
    _describe(body, model.__name__)
    body.pop("title", None)
    out = {"$schema": DIALECT, "title": TITLES.get(kind, f"parplan: {kind}")}
    out.update(body)
    return out


def schema_text(kind: str) -> str:
    """The schema as the text parplan prints and ships (stable, UTF-8, final newline)."""
    return json.dumps(schema_for(kind), ensure_ascii=False, indent=2) + "\n"


def write_schemas(folder: Path, overwrite: bool = False) -> list[Path]:
    """Write `<kind>.json` for every kind into `folder` (created if needed).
    An existing file parplan did not write stops it before anything is
    written (UsageError), unless `overwrite`."""
    from .output_files import check_writable, write_file

    folder = Path(folder)
    paths = [folder / f"{kind}.json" for kind in KINDS]
    check_writable(paths, overwrite)
    folder.mkdir(parents=True, exist_ok=True)
    for kind, path in zip(KINDS, paths):
        write_file(path, schema_text(kind).encode("utf-8"), "json")
    return paths
