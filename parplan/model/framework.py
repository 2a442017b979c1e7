"""`kind: framework`: the scoring framework (bộ tiêu chí), a tree of items."""
from __future__ import annotations

from typing import Literal

from pydantic import Field

from .common import Code, Score, Strict, Text, Year


class Item(Strict):
    code: Code = Field(description="Mã tiêu chí, các số nguyên dương nối bằng dấu chấm, ví dụ \"1.3.1\"")
    name: Text = Field(description="Tên lĩnh vực/tiêu chí/tiêu chí thành phần")
    max: Score = Field(description="Điểm tối đa (điểm chuẩn)")
    method: Literal["tham_dinh", "dtxhh", "sipas"] | None = Field(
        None, description="Cách chấm: tham_dinh (thẩm định), dtxhh (điều tra xã hội học), sipas")
    note: Text | None = Field(None, description="Ghi chú")
    items: list["Item"] = Field(default_factory=list, description="Các tiêu chí con")


class Framework(Strict):
    kind: Literal["framework"] = Field(description="Loại tệp: framework")
    id: Text = Field(description="Mã định danh duy nhất, kế hoạch tham chiếu bằng mã này")
    title: Text = Field(description="Tên bộ tiêu chí")
    level: Literal["tinh", "huyen", "so", "xa"] = Field(description="Cấp áp dụng: tinh | huyen | so | xa")
    issued_by: Text | None = Field(None, description="Cơ quan ban hành")
    decision: Text | None = Field(None, description="Văn bản ban hành (căn cứ pháp lý)")
    applies_from: Year | None = Field(None, description="Năm đánh giá đầu tiên áp dụng")
    applies_to: Year | None = Field(None, description="Năm đánh giá cuối cùng áp dụng")
    total: Score = Field(description="Tổng điểm tối đa của bộ tiêu chí")
    note: Text | None = Field(None, description="Ghi chú")
    items: list[Item] = Field(description="Các lĩnh vực (cấp 1) và tiêu chí con")

    def walk(self):
        """Every item in framework order, with its path of indexes."""
        stack = [(item, ("items", i)) for i, item in reversed(list(enumerate(self.items)))]
        while stack:
            item, path = stack.pop()
            yield item, path
            stack.extend((kid, path + ("items", i)) for i, kid in reversed(list(enumerate(item.items))))
