"""Field types shared by the four kinds of file.

Each type reads what the loader gives (int, Decimal from the source text,
str, None) and raises a PydanticCustomError whose type names the rule code,
so that shape errors map to the right diagnostic in `load/errors.py`.
"""
from __future__ import annotations

import unicodedata
from datetime import date
from decimal import Decimal
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field
from pydantic_core import PydanticCustomError

from ..numbers import NumberError, parse_money, parse_score


def _score(raw: Any) -> Decimal:
    try:
        return parse_score(raw)
    except NumberError as exc:
        if exc.kind == "decimals":
            raise PydanticCustomError("par004", "at most 4 decimals: {text}", {"text": exc.text,
                                      "vi": f"điểm có quá 4 chữ số thập phân: {exc.text}"}) from None
        raise PydanticCustomError("par004", "not a score: {text}", {"text": exc.text,
                                  "vi": f"không đọc được số điểm: '{exc.text}'"}) from None


def _money(raw: Any) -> int:
    try:
        return parse_money(raw)
    except NumberError as exc:
        if exc.kind in ("fraction", "negative"):
            vi = "có phần thập phân" if exc.kind == "fraction" else "là số âm"
            en = "has a decimal part" if exc.kind == "fraction" else "is negative"
            raise PydanticCustomError("par303", "{text} " + en, {"text": exc.text,
                                      "vi": f"'{exc.text}' {vi}"}) from None
        raise PydanticCustomError("par004", "not an amount: {text}", {"text": exc.text,
                                  "vi": f"không đọc được số tiền: '{exc.text}'"}) from None


def _text(raw: Any) -> str:
    if isinstance(raw, str):
        return unicodedata.normalize("NFC", raw).strip()
    if isinstance(raw, bool) or raw is None or isinstance(raw, (dict, list)):
        raise PydanticCustomError("par004", "expected text", {"vi": "cần một chuỗi văn bản"})
    if isinstance(raw, (int, Decimal)):
        return str(raw)
    raise PydanticCustomError("par004", "expected text", {"vi": "cần một chuỗi văn bản"})


def _code(raw: Any) -> str:
    if isinstance(raw, (int, Decimal)) and not isinstance(raw, bool):
        return str(raw)  # Decimal keeps the source text's digits: 1.10 stays "1.10"
    if isinstance(raw, str):
        return raw.strip()
    raise PydanticCustomError("par004", "a code must be text such as \"1.3.1\"",
                              {"vi": "mã phải là chuỗi như \"1.3.1\""})


def _text_list(raw: Any) -> Any:
    if raw is None:
        return []
    if isinstance(raw, (str, int, Decimal)) and not isinstance(raw, bool):
        return [raw]
    return raw


def _key_text(raw: Any) -> Any:
    if isinstance(raw, dict):
        return {str(k) if isinstance(k, (int, Decimal)) and not isinstance(k, bool) else k: v
                for k, v in raw.items()}
    return raw


def _year(raw: Any) -> Any:
    if isinstance(raw, bool) or not isinstance(raw, (int, str)):
        raise PydanticCustomError("par004", "a year such as 2024", {"vi": "cần một năm, ví dụ 2024"})
    try:
        year = int(raw)
    except ValueError:
        raise PydanticCustomError("par004", "a year such as 2024", {"vi": "cần một năm, ví dụ 2024"}) from None
    if not 1900 <= year <= 2200:
        raise PydanticCustomError("par004", "a year such as 2024", {"vi": "cần một năm, ví dụ 2024"})
    return year


def _bool(raw: Any) -> bool:
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, str) and raw.strip().lower() in ("true", "false"):
        return raw.strip().lower() == "true"
    raise PydanticCustomError("par004", "expected true or false", {"vi": "cần true hoặc false"})


def _date(raw: Any) -> Any:
    if isinstance(raw, date) or raw is None:
        return raw
    if isinstance(raw, str):
        try:
            return date.fromisoformat(raw.strip())
        except ValueError:
            pass
    raise PydanticCustomError("par004", "a date as YYYY-MM-DD", {"vi": "ngày phải ghi dạng YYYY-MM-DD, ví dụ 2021-07-20"})


Score = Annotated[Decimal, BeforeValidator(_score)]
Money = Annotated[int, BeforeValidator(_money)]
Text = Annotated[str, BeforeValidator(_text)]
Code = Annotated[str, BeforeValidator(_code)]
Year = Annotated[int, BeforeValidator(_year)]
Flag = Annotated[bool, BeforeValidator(_bool)]
TextList = Annotated[list[Text], BeforeValidator(_text_list)]
Date = Annotated[date | None, BeforeValidator(_date)]


class Strict(BaseModel):
    """Base of every model: unknown keys are errors (PAR003), models are frozen."""

    model_config = ConfigDict(extra="forbid", frozen=True, arbitrary_types_allowed=True, defer_build=True)


class Document(Strict):
    """The Kế hoạch an appendix is attached to (used by renderers)."""

    number: Text | None = Field(None, description="Số hiệu văn bản, ví dụ 509/KH-UBND")
    date: Date = Field(None, description="Ngày ban hành (YYYY-MM-DD)")
    issuer: Text | None = Field(None, description="Cơ quan/người ban hành, ví dụ Chủ tịch UBND tỉnh Đắk Nông")
    place: Text | None = Field(None, description="Địa danh")
    title: Text | None = Field(None, description="Tên Kế hoạch")
    appendix_title: Text | None = Field(None, description="Tên phụ lục")

