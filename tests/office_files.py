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


def whole_plan_docx(path: Path) -> Path:
    """A whole Kế hoạch: its text, Phụ lục I (the plan table, criteria a), b) under
    numbered ones), Phụ lục II (indicators: result/target, groups I, II), Phụ lục III
    (budget in triệu đồng with a totals row). Planted: Phụ lục I area 1 baseline 3,5
    but its children add up to 3 (PAR203); Phụ lục III total for 2025 printed 120
    but the column adds up to 110 (PAR302)."""
    document = Document()
    for text in ("ỦY BAN NHÂN DÂN HUYỆN SÔNG MÃ", "KẾ HOẠCH", "Cải thiện Chỉ số CCHC năm 2025",
                 "Căn cứ Kế hoạch của UBND tỉnh, UBND huyện ban hành Kế hoạch như sau:",
                 "I. MỤC ĐÍCH, YÊU CẦU", "Nâng cao Chỉ số CCHC của huyện."):
        document.add_paragraph(text)
    for text in ("PHỤ LỤC I", "NHIỆM VỤ CẢI THIỆN CHỈ SỐ CCHC NĂM 2025",
                 "(Kèm theo Kế hoạch số 30/KH-UBND ngày 15 tháng 01 năm 2025 của UBND huyện Sông Mã)"):
        document.add_paragraph(text)
    word_table(document, [
        ["STT", "Lĩnh vực, tiêu chí", "Điểm tối đa", "Điểm đạt được năm 2024", "Mục tiêu năm 2025",
         "Nhiệm vụ, giải pháp", "Đơn vị chủ trì"],
        ["I", "CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH", "4", "3,5", "4", "", ""],
        ["1", "Kế hoạch CCHC", "2", "1,5", "2", "Ban hành kế hoạch đúng hạn.", "Phòng Nội vụ"],
        ["a)", "Ban hành đúng hạn", "1", "0,5", "1", "Trình trước 15/12.", "Phòng Nội vụ"],
        ["b)", "Đầy đủ nội dung", "1", "1", "1", "", ""],
        ["2", "Báo cáo CCHC", "2", "1,5", "2", "Báo cáo đúng hạn.", "Văn phòng HĐND và UBND"],
        ["", "TỔNG ĐIỂM", "4", "3,5", "4", "", ""],
    ])
    for text in ("PHỤ LỤC II", "CHỈ TIÊU CẢI CÁCH HÀNH CHÍNH GIAI ĐOẠN 2021-2025",
                 "(Kèm theo Kế hoạch số 30/KH-UBND ngày 15 tháng 01 năm 2025 của UBND huyện Sông Mã)"):
        document.add_paragraph(text)
    word_table(document, [
        ["STT", "Chỉ tiêu", "Kết quả đạt được năm 2024", "Chỉ tiêu phấn đấu năm 2025", "Ghi chú"],
        ["I", "CHỈ SỐ CỦA HUYỆN", "", "", ""],
        ["1", "Chỉ số CCHC", "Xếp thứ 5/12", "Nhóm dẫn đầu", ""],
        ["2", "Chỉ số SIPAS", "Đạt 85,2%", "Trên 87%", "Theo khảo sát"],
        ["II", "CÁC CHỈ TIÊU KHÁC", "", "", ""],
        ["1", "Hồ sơ TTHC giải quyết đúng hạn", "98%", "100%", ""],
        ["", "- Cấp huyện", "97%", "100%", ""],
    ], merges=[(1, 1, 1, 4), (4, 1, 4, 4)])
    for text in ("PHỤ LỤC III", "DỰ TOÁN KINH PHÍ THỰC HIỆN KẾ HOẠCH",
                 "(Kèm theo Kế hoạch số 30/KH-UBND ngày 15 tháng 01 năm 2025 của UBND huyện Sông Mã)",
                 "ĐVT: triệu đồng"):
        document.add_paragraph(text)
    word_table(document, [
        ["STT", "Nội dung", "Năm 2025", "Năm 2026", "Tổng cộng", "Ngân sách huyện", "Xã hội hóa"],
        ["1", "Tuyên truyền CCHC", "50", "60,5", "110,5", "100,5", "10"],
        ["2", "Kiểm tra CCHC", "60", "40", "100", "100", ""],
        ["", "Tổng cộng", "120", "100,5", "210,5", "200,5", "10"],
    ])
    document.save(path)
    return path


def periods_as_rows_xlsx(path: Path) -> Path:
    """Tây Ninh's Phụ lục 4: the periods are rows; each other column an indicator."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Phụ lục 4"
    rows = [
        ["Phụ lục 4"],
        ["Thống kê và so sánh số lượng tổ chức (Tính đến ngày 31 tháng 12 năm 2019)"],
        ["(Kèm theo Kế hoạch số 5/KH-UBND ngày 02 tháng 3 năm 2020 của UBND tỉnh Tây Ninh)"],
        ["Tỉnh, thành phố", "Giai đoạn", "Số cơ quan chuyên môn thuộc UBND cấp tỉnh", "Số Chi cục thuộc Sở",
         "Ghi chú"],
        ["Tây Ninh", "Giai đoạn 2001-2010 (Tính đến 12/2010)", 20, 12, ""],
        ["", "Giai đoạn 2011-2020 (Tính đến 12/2019)", 18, 9, "Sáp nhập 2 sở"],
    ]
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1):
            if value != "":
                sheet.cell(r, c, value)
    sheet.merge_cells("A5:A6")
    book.save(path)
    return path


def two_sheets_xlsx(path: Path) -> Path:
    """A workbook: sheet "PL I" the plan (title rows above the header), sheet
    "PL II" the budget in đồng. Planted: criterion 1.2 baseline "Đạt" (IMP101)."""
    book = Workbook()
    plan = book.active
    plan.title = "PL I"
    for row in (["PHỤ LỤC I"], ["KẾ HOẠCH CẢI THIỆN CHỈ SỐ CCHC NĂM 2025"],
                ["(Kèm theo Kế hoạch số 8/KH-UBND ngày 06 tháng 01 năm 2025 của UBND xã Chiềng Khoa)"],
                ["STT", "Tiêu chí", "Điểm tối đa", "Điểm đạt được năm 2024", "Mục tiêu năm 2025", "Ghi chú"],
                ["1", "Công tác chỉ đạo", 3, 2.5, 3, None],
                ["1.1", "Kế hoạch", 1.5, 1.5, 1.5, None],
                ["1.2", "Kiểm tra", 1.5, "Đạt", 1.5, "Đã kiểm tra 2 thôn"]):
        plan.append(row)
    budget = book.create_sheet("PL II")
    for row in (["PHỤ LỤC II"], ["KINH PHÍ THỰC HIỆN"], ["ĐVT: đồng"],
                ["STT", "Nội dung", "Năm 2025", "Ngân sách xã", "Ghi chú"],
                ["1", "Tuyên truyền", 5000000, 5000000, None],
                [None, "Tổng cộng", 5000000, 5000000, None]):
        budget.append(row)
    book.save(path)
    return path
