"""Word and Excel files typed the way offices type them, with planted mistakes
(built with python-docx / openpyxl; shared by tests/test_office.py)."""
from __future__ import annotations

from pathlib import Path

from docx import Document
from openpyxl import Workbook

from test_import import word_table

HEADING = ("UBND HUYỆN MƯỜNG LA", "PHỤ LỤC I",
           "KẾ HOẠCH CẢI THIỆN CHỈ SỐ CCHC NĂM 2024",
           "(Kèm theo Kế hoạch số 12/KH-UBND ngày 10 tháng 3 năm 2024 của UBND huyện Mường La)")

# Two-row header: "Năm 2023" over "Điểm đạt được | Tỷ lệ (%)"; everything else merged
# down; a column-number row; the columns offices add (partners, time, product, cost, note).
YEAR_HEADER = [
    ["STT", "Lĩnh vực/Tiêu chí", "Điểm tối đa", "Năm 2023", "", "Mục tiêu năm 2024", "Nhiệm vụ, giải pháp",
     "Đơn vị chủ trì", "Cơ quan phối hợp", "Thời gian hoàn thành", "Sản phẩm", "Kinh phí", "Ghi chú"],
    ["", "", "", "Điểm đạt được", "Tỷ lệ (%)", "", "", "", "", "", "", "", ""],
    ["1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "13"],
]
YEAR_MERGES = [(0, c, 1, c) for c in (0, 1, 2, 5, 6, 7, 8, 9, 10, 11, 12)] + [(0, 3, 0, 4)]

# rows: (STT, name, max, baseline, ratio, target, tasks, lead, partners, deadline, product, cost, note)
YEAR_ROWS = [
    ["I", "CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH CCHC", "6", "5", "83,3", "6", "", "", "", "", "", "", ""],
    ["1", "Kế hoạch CCHC", "2", "2", "100", "2", "Ban hành kế hoạch CCHC đúng hạn.", "Phòng Nội vụ",
     "Các phòng chuyên môn", "Tháng 01/2024", "Kế hoạch", "5.000.000", ""],
    ["2", "Kiểm tra CCHC", "4", "3", "75", "4", "", "Phòng Nội vụ", "", "", "", "", ""],
    ["a)", "Kiểm tra theo kế hoạch", "2", "2", "100", "2", "Kiểm tra 30% đơn vị.", "Phòng Nội vụ", "", "Quý II",
     "", "", ""],
    # planted: the target 2,5 is above the max 2 (PAR201)
    ["b)", "Xử lý sau kiểm tra", "2", "1", "50", "2,5", "Theo dõi khắc phục.", "Phòng Nội vụ", "", "", "", "",
     "Ưu tiên"],
    ["II", "CẢI CÁCH THỂ CHẾ", "4", "3", "75", "4", "", "", "", "", "", "", ""],
    # planted: the baseline cell holds "≥ 3" (not certain: IMP101)
    ["1", "Xây dựng văn bản QPPL", "2", "≥ 3", "", "2", "Xây dựng văn bản đúng quy trình.", "Phòng Tư pháp",
     "", "", "", "", ""],
    ["2", "Rà soát văn bản QPPL", "2", "1,5 điểm", "75", "2", "Rà soát định kỳ.", "Phòng Tư pháp", "", "", "",
     "", ""],
    # planted: the total baseline 8 (the areas add up to 8 → right); target total 11 (areas: 10) PAR203/PAR302-like
    ["", "TỔNG ĐIỂM", "10", "8", "80", "11", "", "", "", "", "", "", ""],
]


def year_docx(path: Path) -> Path:
    document = Document()
    for text in HEADING:
        document.add_paragraph(text)
    rows = YEAR_HEADER + YEAR_ROWS
    merges = list(YEAR_MERGES)
    for r, row in enumerate(rows):
        if row[0] in ("I", "II"):
            merges.append((r, 6, r, 12))
    word_table(document, rows, merges)
    document.save(path)
    return path


def year_xlsx(path: Path) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.title = "Phụ lục"
    for r, text in enumerate(HEADING, start=1):
        sheet.cell(r, 1, text)
    top = len(HEADING) + 1
    for r, row in enumerate(YEAR_HEADER + YEAR_ROWS):
        for c, text in enumerate(row):
            if text:
                sheet.cell(top + r, c + 1, text)
    for r1, c1, r2, c2 in YEAR_MERGES:
        sheet.merge_cells(start_row=top + r1, start_column=c1 + 1, end_row=top + r2, end_column=c2 + 1)
    book.save(path)
    return path
