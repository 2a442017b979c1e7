"""Opening a Word/Excel file that came from someone else, safely.

A .docx or .xlsx is a zip of XML parts. Before any library reads it, the
archive is checked from its directory alone (no part decompressed): how many
parts, how big each one says it is once decompressed, and how much it
expands (a zip bomb expands a few kilobytes into gigabytes). Then every XML
part is scanned, in bounded chunks, for a DTD: Office never writes one, and a
DTD is what entity bombs ("billion laughs") and external entities (XXE: read
a local file or a URL) need. A part that declares one is refused, so no XML
parser ever sees an entity declaration. python-docx and openpyxl parse with
lxml, `resolve_entities=False` and no network, as a second line.

`Refused` carries the diagnostic code (IMP107: cannot be read, with what to
do; IMP108: unsafe or too large) and the detail in both languages.
"""
from __future__ import annotations

import zipfile
from pathlib import Path

MAX_BYTES = 50 * 1024 * 1024          # the file itself
MAX_MEMBERS = 5000                    # parts in the archive
MAX_UNPACKED = 300 * 1024 * 1024      # all parts together, decompressed
MAX_PART = 100 * 1024 * 1024          # one part, decompressed
MAX_RATIO = 200                       # decompressed / compressed, for parts over 1 MB
CHUNK = 1 << 16

SUPPORTED_VI = "chỉ đọc được .docx (Word 2007 trở đi) và .xlsx (Excel 2007 trở đi)"
SUPPORTED_EN = "only .docx (Word 2007+) and .xlsx (Excel 2007+) can be read"
CONVERT_VI = ("mở tệp trong Word/Excel và lưu lại dạng .docx/.xlsx "
              "(hoặc: soffice --headless --convert-to docx tệp.doc / --convert-to xlsx tệp.xls)")
CONVERT_EN = ("open it in Word/Excel and save it as .docx/.xlsx "
              "(or: soffice --headless --convert-to docx file.doc / --convert-to xlsx file.xls)")


class Refused(Exception):
    def __init__(self, code: str, vi: str, en: str):
        super().__init__(en)
        self.code, self.vi, self.en = code, vi, en

    @property
    def detail(self) -> tuple[str, str]:
        return (self.vi, self.en)


def _size(n: int) -> str:
    return f"{n / (1024 * 1024):.0f} MB" if n >= 1024 * 1024 else f"{n} B"


def sniff(path: Path) -> str:
    """'docx' or 'xlsx' from the file's content; `Refused` otherwise."""
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            magic = handle.read(8)
    except OSError as exc:
        raise Refused("IMP107", f"không mở được tệp ({exc.strerror or exc})",
                      f"cannot open the file ({exc.strerror or exc})") from None
    if size > MAX_BYTES:
        raise Refused("IMP108", f"tệp {_size(size)}, quá giới hạn {_size(MAX_BYTES)}",
                      f"the file is {_size(size)}, over the {_size(MAX_BYTES)} limit")
    if magic.startswith(b"\xd0\xcf\x11\xe0"):
        raise Refused("IMP107", f"tệp Word/Excel 97–2003 (.doc, .xls) hoặc tệp có mật khẩu; {SUPPORTED_VI}: "
                      f"{CONVERT_VI}; tệp có mật khẩu thì gỡ mật khẩu rồi lưu lại",
                      f"a Word/Excel 97-2003 file (.doc, .xls) or a password-protected file; {SUPPORTED_EN}: "
                      f"{CONVERT_EN}; remove the password of a protected file and save it again")
    if magic.startswith(b"%PDF"):
        raise Refused("IMP107", f"tệp PDF; {SUPPORTED_VI}: hãy dùng bản Word/Excel gốc của phụ lục",
                      f"a PDF file; {SUPPORTED_EN}: use the appendix's Word/Excel original")
    if not magic.startswith(b"PK"):
        raise Refused("IMP107", f"không phải tệp .docx/.xlsx (nội dung không phải tệp nén Office); {SUPPORTED_VI}",
                      f"not a .docx/.xlsx file (its content is not an Office zip); {SUPPORTED_EN}")
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            check_archive(infos)
            names = {i.filename for i in infos}
            fmt = "docx" if "word/document.xml" in names else "xlsx" if "xl/workbook.xml" in names else None
            if fmt is None:
                raise Refused("IMP107", f"tệp nén không chứa văn bản Word hay bảng tính Excel; {SUPPORTED_VI}",
                              f"the zip holds no Word document and no Excel workbook; {SUPPORTED_EN}")
            for info in infos:
                if info.filename.endswith((".xml", ".rels", ".vml")):
                    scan_part(archive, info)
    except Refused:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError, RuntimeError,
            NotImplementedError) as exc:
        raise Refused("IMP107", f"tệp bị hỏng hoặc không đầy đủ ({type(exc).__name__}: {exc}); mở tệp trong "
                      "Word/Excel để sửa rồi lưu lại, hoặc xin lại tệp gốc",
                      f"the file is damaged or incomplete ({type(exc).__name__}: {exc}); open it in Word/Excel "
                      "to repair it and save it again, or ask for the original") from None
    return fmt


def check_archive(infos: list[zipfile.ZipInfo]) -> None:
    """Refuse an archive whose directory promises too much (zip bomb)."""
    if len(infos) > MAX_MEMBERS:
        raise Refused("IMP108", f"tệp nén có {len(infos)} phần, quá {MAX_MEMBERS}",
                      f"the zip has {len(infos)} parts, over {MAX_MEMBERS}")
    total = 0
    for info in infos:
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > MAX_PART or (info.file_size > 1024 * 1024 and ratio > MAX_RATIO):
            raise Refused("IMP108", f"phần '{info.filename}' giải nén ra {_size(info.file_size)} "
                          f"(gấp {ratio:.0f} lần): nghi là bom nén (zip bomb)",
                          f"part '{info.filename}' unpacks to {_size(info.file_size)} ({ratio:.0f} times its "
                          "packed size): looks like a zip bomb")
    if total > MAX_UNPACKED:
        raise Refused("IMP108", f"các phần giải nén ra {_size(total)}, quá {_size(MAX_UNPACKED)}",
                      f"the parts unpack to {_size(total)}, over {_size(MAX_UNPACKED)}")


def scan_part(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
    """Refuse an XML part that declares a DTD or entities (never in Office files).
    Reads at most the part's declared size (zipfile stops there), in chunks."""
    tail = b""
    read = 0
    with archive.open(info) as stream:
        while True:
            chunk = stream.read(CHUNK)
            if not chunk:
                return
            read += len(chunk)
            if read > MAX_PART:
                raise Refused("IMP108", f"phần '{info.filename}' quá lớn", f"part '{info.filename}' is too large")
            window = (tail + chunk).upper()
            if b"<!DOCTYPE" in window or b"<!ENTITY" in window:
                raise Refused("IMP108", f"phần '{info.filename}' khai báo DTD/thực thể XML (<!DOCTYPE, <!ENTITY>): "
                              "tệp Office không bao giờ có; có thể là bom thực thể hoặc đọc trộm tệp (XXE)",
                              f"part '{info.filename}' declares an XML DTD/entities (<!DOCTYPE, <!ENTITY>): Office "
                              "never writes them; an entity bomb or an external-entity (XXE) attack")
            tail = chunk[-16:]
