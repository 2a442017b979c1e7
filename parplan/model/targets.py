"""`kind: targets`: a table of indicators by period (chỉ tiêu)."""
from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BeforeValidator, Field

from .common import Code, Document, Score, Strict, Text, _key_text


class Column(Strict):
    key: Code = Field(description="Khóa cột, dùng trong values")
    label: Text = Field(description="Tiêu đề cột như in")
    role: Literal["result", "target"] | None = Field(
        None, description="result (kết quả đã đạt) | target (chỉ tiêu); mặc định theo khóa")

    @property
    def kind(self) -> str | None:
        if self.role:
            return self.role
        return self.key if self.key in ("result", "target") else None


class Measure(Strict):
    value: Score = Field(description="Giá trị số")
    unit: Text | None = Field(None, description="Đơn vị, ví dụ %")
    op: Literal[">=", ">", "=", "<=", "<"] = Field("=", description="So sánh: >=, >, =, <=, <")


def _measure(raw):
    if isinstance(raw, (int, Decimal, str)) and not isinstance(raw, bool):
        return {"value": raw}
    return raw


class Indicator(Strict):
    code: Code | None = Field(None, description="STT như in (có thể bỏ trống)")
    name: Text = Field(description="Chỉ tiêu")
    values: Annotated[dict[str, Text | None], BeforeValidator(_key_text)] | None = Field(
        None, description="Giá trị theo cột; không có values là dòng tiêu đề")
    measures: Annotated[dict[str, Annotated[Measure, BeforeValidator(_measure)]], BeforeValidator(_key_text)] | None = Field(
        None, description="Dạng số của giá trị (được kiểm tra)")
    note: Text | None = Field(None, description="Ghi chú")


class Group(Strict):
    code: Code | None = Field(None, description="Mã nhóm, ví dụ I")
    name: Text | None = Field(None, description="Tên nhóm")
    items: list[Indicator] = Field(default_factory=list, description="Các chỉ tiêu")


class Targets(Strict):
    kind: Literal["targets"] = Field(description="Loại tệp: targets")
    unit: Text = Field(description="Đơn vị")
    title: Text = Field(description="Tên bảng")
    document: Document | None = Field(None, description="Văn bản Kế hoạch kèm theo")
    note: Text | None = Field(None, description="Ghi chú")
    columns: list[Column] = Field(description="Các cột giai đoạn, theo thứ tự")
    groups: list[Group] = Field(description="Các nhóm chỉ tiêu")
