"""`kind: budget`: an estimate of costs by year and funding source (đồng)."""
from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BeforeValidator, Field

from .common import Code, Document, Flag, Money, Strict, Text, Year, _key_text


def _year_keys(raw):
    if isinstance(raw, dict):
        out = {}
        for key, value in raw.items():
            try:
                out[int(key)] = value
            except (TypeError, ValueError):
                out[key] = value
        return out
    return raw


ByYear = Annotated[dict[Year, Money], BeforeValidator(_year_keys)]
BySource = Annotated[dict[str, Money], BeforeValidator(_key_text)]


class BudgetItem(Strict):
    code: Code | None = Field(None, description="STT")
    name: Text = Field(description="Nội dung")
    by_year: ByYear = Field(default_factory=dict, description="Kinh phí theo năm (đồng)")
    by_source: BySource = Field(default_factory=dict, description="Kinh phí theo nguồn (đồng)")
    note: Text | None = Field(None, description="Ghi chú")


class DeclaredTotals(Strict):
    by_year: ByYear = Field(default_factory=dict, description="Dòng tổng theo năm, như in")
    by_source: BySource = Field(default_factory=dict, description="Dòng tổng theo nguồn, như in")
    total: Money | None = Field(None, description="Tổng cộng, như in")


class Budget(Strict):
    kind: Literal["budget"] = Field(description="Loại tệp: budget")
    unit: Text = Field(description="Đơn vị")
    title: Text = Field(description="Tên bảng")
    currency: Text = Field("đồng", description="Đơn vị tiền tệ")
    document: Document | None = Field(None, description="Văn bản Kế hoạch kèm theo")
    note: Text | None = Field(None, description="Ghi chú")
    years: list[Year] = Field(description="Các năm, theo thứ tự")
    sources: list[Text] = Field(description="Mã các nguồn kinh phí")
    source_labels: Annotated[dict[str, Text], BeforeValidator(_key_text)] = Field(
        default_factory=dict, description="Tên hiển thị của từng nguồn")
    items: list[BudgetItem] = Field(description="Các khoản kinh phí")
    declared_totals: DeclaredTotals | None = Field(None, description="Dòng tổng như in (được kiểm tra)")
    total_column: Flag = Field(False, description="true: in thêm cột Tổng cộng (tổng các năm của mỗi dòng) khi văn bản không in sẵn")

    def label(self, source: str) -> str:
        return self.source_labels.get(source, source)
