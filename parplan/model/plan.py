"""`kind: plan`: one unit's appendix for one year (improvement or remediation)."""
from __future__ import annotations

from typing import Literal

from pydantic import Field

from .common import Code, Document, Flag, Score, Strict, Text, TextList, Year

class Entry(Strict):
    code: Code = Field(description="Mã tiêu chí, ví dụ \"1.3.1\"")
    label: Text | None = Field(None, description="Số thứ tự in trong phụ lục (I, II, 1, a)…), in thay cho mã khi có")
    name: Text | None = Field(None, description="Tên (bắt buộc khi kế hoạch không dùng bộ tiêu chí)")
    max: Score | None = Field(None, description="Điểm tối đa (điểm chuẩn)")
    applicable: Flag = Field(True, description="false: tiêu chí không áp dụng cho đơn vị (không tính vào tổng)")
    baseline: Score | None = Field(None, description="Điểm đạt được năm gốc (baseline_year)")
    target: Score | None = Field(None, description="Mục tiêu năm kế hoạch")
    deducted: Score | None = Field(None, description="Điểm bị trừ năm gốc (= điểm tối đa − điểm đạt được)")
    appraised: Score | None = Field(None, description="Điểm thẩm định")
    self_assessed: Score | None = Field(None, description="Điểm tự đánh giá")
    tasks: TextList = Field(default_factory=list, description="Nhiệm vụ/giải pháp, mỗi nhiệm vụ một dòng")
    lead: TextList = Field(default_factory=list, description="Đơn vị chủ trì (một hoặc nhiều đơn vị)")
    partners: TextList = Field(default_factory=list, description="Đơn vị phối hợp")
    reason: Text | None = Field(None, description="Lý do bị trừ điểm")
    deadline: Text | None = Field(None, description="Thời gian thực hiện")
    product: Text | None = Field(None, description="Sản phẩm")
    note: Text | None = Field(None, description="Ghi chú")


class Totals(Strict):
    max: Score | None = Field(None, description="Tổng điểm tối đa")
    baseline: Score | None = Field(None, description="Tổng điểm đạt được")
    target: Score | None = Field(None, description="Tổng mục tiêu")
    deducted: Score | None = Field(None, description="Tổng điểm bị trừ")


class Plan(Strict):
    kind: Literal["plan"] = Field(description="Loại tệp: plan")
    framework: Text | None = Field(None, description="Mã bộ tiêu chí; bỏ trống nếu kế hoạch tự mô tả (mỗi dòng có name, max)")
    unit: Text = Field(description="Đơn vị được đánh giá, ví dụ UBND tỉnh Đắk Nông")
    level: Literal["tinh", "huyen", "so", "xa"] | None = Field(None, description="Cấp: tinh | huyen | so | xa")
    year: Year = Field(description="Năm kế hoạch (Mục tiêu năm ...)")
    baseline_year: Year | None = Field(None, description="Năm của điểm đạt được; mặc định year − 1")
    layout: Literal["improvement", "remediation"] = Field("improvement", description="Mẫu phụ lục: improvement | remediation")
    unlisted: Literal["error", "full"] = Field("error", description="Tiêu chí không có dòng: error (báo lỗi) | full (tính đủ điểm)")
    document: Document | None = Field(None, description="Văn bản Kế hoạch kèm theo")
    note: Text | None = Field(None, description="Ghi chú")
    totals: Totals | None = Field(None, description="Dòng TỔNG ĐIỂM như in trong phụ lục (được kiểm tra)")
    entries: list[Entry] = Field(description="Các dòng của phụ lục")

    @property
    def base_year(self) -> int:
        return self.baseline_year if self.baseline_year is not None else self.year - 1
