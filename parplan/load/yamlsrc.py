"""Safe YAML loading with a source map.

PyYAML composes the node tree (libyaml when available); we construct the
Python values ourselves so that parplan does not inherit PyYAML's surprises:

- a duplicate key is a diagnostic (PAR002), not a silent overwrite;
- plain scalars follow a small YAML 1.2-like schema: `~`/`null`/empty are
  None, integers are int, decimals are `Decimal` built from the source text
  (`0.1` is `Decimal("0.1")`, `2.50` keeps its scale), and everything else,
  `yes`/`no`/`on`/`off`, `true`/`false` and dates included, stays text;
- alias expansion and nesting depth are bounded (a "billion laughs" file is
  refused before anything is expanded), files are UTF-8 and of bounded size;
- every node's position is recorded by its path (`("entries", 3, "baseline")`)
  so that later checks can point at `file:line:col`.

Loading never raises for bad input: it returns diagnostics.
"""
from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from ..diagnostics import Diagnostic, bilingual

from yaml.constructor import BaseConstructor
from yaml.resolver import BaseResolver

try:
    from yaml.cyaml import CParser

    class _Loader(CParser, BaseConstructor, BaseResolver):  # type: ignore[misc]
        """libyaml's parser and composer; no implicit typing (we resolve scalars)."""

        def __init__(self, stream):
            CParser.__init__(self, stream)
            BaseConstructor.__init__(self)
            BaseResolver.__init__(self)
except ImportError:  # pragma: no cover - PyYAML without libyaml
    _Loader = None  # type: ignore[assignment]


class _PyLoader(yaml.reader.Reader, yaml.scanner.Scanner, yaml.parser.Parser, yaml.composer.Composer,
                BaseConstructor, BaseResolver):
    """The pure-Python composer, for inputs libyaml could recurse too deep on."""

    def __init__(self, stream):
        yaml.reader.Reader.__init__(self, stream)
        yaml.scanner.Scanner.__init__(self)
        yaml.parser.Parser.__init__(self)
        yaml.composer.Composer.__init__(self)
        BaseConstructor.__init__(self)
        BaseResolver.__init__(self)

MAX_BYTES = 8 * 1024 * 1024
MAX_DEPTH = 64
MAX_ALIAS_EXPANSION = 100_000
_FLOW_OPENERS_SAFE_FOR_LIBYAML = 5_000

_INT = re.compile(r"^[-+]?[0-9]+$")
_DECIMAL = re.compile(r"^[-+]?(\.[0-9]+|[0-9]+\.[0-9]*)([eE][-+]?[0-9]+)?$|^[-+]?[0-9]+[eE][-+]?[0-9]+$")
_NULL = {"", "~", "null", "Null", "NULL"}
_STD = "tag:yaml.org,2002:"
_SCALAR_TAGS = {_STD + t for t in ("str", "int", "float", "bool", "null", "timestamp", "merge", "value")}
# A parser's own limit (libyaml: "exceeded maximum nesting depth"), reported
# as parplan's PAR007 whatever the parser's bound is.
_PARSER_LIMIT = re.compile(r"nesting depth|maximum depth|too deep|exceeded", re.IGNORECASE)
_TOO_DEEP = ("lồng nhau quá sâu (tối đa {n} cấp)", "nested too deeply (at most {n} levels)")

@dataclass
class SourceMap:
    """Positions (1-based line, column) of every value node and mapping key."""

    file: str
    values: dict[tuple, tuple[int, int]] = field(default_factory=dict)
    keys: dict[tuple, tuple[int, int]] = field(default_factory=dict)
    lines: int = 1

    def at(self, path: tuple) -> tuple[int, int]:
        """The value node at `path`, or its nearest recorded ancestor."""
        path = tuple(path)
        while path:
            pos = self.values.get(path)
            if pos is not None:
                return pos
            path = path[:-1]
        return self.values.get((), (1, 1))

    def key_at(self, path: tuple) -> tuple[int, int]:
        """The key node of the mapping entry at `path` (falls back to `at`)."""
        pos = self.keys.get(tuple(path))
        return pos if pos is not None else self.at(path)

    def has(self, path: tuple) -> bool:
        return tuple(path) in self.values


@dataclass
class Loaded:
    data: Any
    source: SourceMap
    diagnostics: list[Diagnostic]

    @property
    def refused(self) -> bool:
        return self.data is None and bool(self.diagnostics)


class _Refuse(Exception):
    def __init__(self, code: str, line: int, column: int, detail: tuple[str, str]):
        super().__init__(detail[1])
        self.code, self.line, self.column, self.detail = code, line, column, detail


def read_bytes(path: Path, display: str) -> tuple[bytes | None, list[Diagnostic]]:
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            return None, [_refusal(display, 1, 1, bilingual(
                f"tệp quá lớn ({size:,} byte; tối đa {MAX_BYTES:,})".replace(",", "."),
                f"file too large ({size:,} bytes; at most {MAX_BYTES:,})"))]
        return path.read_bytes(), []
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        return None, [_refusal(display, 1, 1, bilingual(f"không đọc được tệp ({reason})",
                                                        f"cannot read the file ({reason})"))]


def load_path(path: Path, display: str | None = None) -> Loaded:
    display = display or str(path)
    raw, diags = read_bytes(path, display)
    if raw is None:
        return Loaded(None, SourceMap(display), diags)
    return load_bytes(raw, display)


def load_bytes(raw: bytes, display: str) -> Loaded:
    source = SourceMap(display)
    try:
        text = _decode(raw)
        source.lines = text.count("\n") + 1
        where = _Positions(text)
        node = _compose(text, where)
        builder = _Builder(source, where)
        data = builder.build(node, ()) if node is not None else None
        if data is None and not builder.diagnostics:
            line, col = source.at(())
            builder.diagnostics.append(Diagnostic("PAR004", display, line, col, params=(("detail", bilingual(
                "tệp rỗng: cần một bảng (mapping) có khóa 'kind'",
                "empty document: expected a mapping with a 'kind' key")),)))
        return Loaded(data, source, builder.diagnostics)
    except _Refuse as exc:
        return Loaded(None, source, [Diagnostic(exc.code, display, exc.line, exc.column,
                                                params=(("detail", exc.detail),))])


def _refusal(file: str, line: int, column: int, detail: tuple[str, str]) -> Diagnostic:
    return Diagnostic("PAR007", file, line, column, params=(("detail", detail),))


def _line_col(data: bytes | str, index: int) -> tuple[int, int]:
    before = data[:index]
    newline = b"\n" if isinstance(before, bytes) else "\n"
    line = before.count(newline) + 1
    col = index - (before.rfind(newline) + 1) + 1
    return line, col


# Office and PDF files given to a command that reads YAML: say what they are
# and what to do, not "NUL bytes" (issue 11). Detected by content.
_NOT_YAML = (
    (b"PK\x03\x04", ("đây là tệp Word/Excel (.docx/.xlsx), không phải YAML: dùng `parplan import TỆP -o KẾ-HOẠCH.yaml` "
                      "để chuyển bảng thành YAML rồi kiểm tra",
                      "this is a Word/Excel file (.docx/.xlsx), not YAML: use `parplan import FILE -o PLAN.yaml` "
                      "to turn its table into YAML, then check that")),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", ("đây là tệp Word/Excel cũ (.doc/.xls), không phải YAML: lưu lại dạng "
                                           ".docx/.xlsx rồi dùng `parplan import`",
                                           "this is an old Word/Excel file (.doc/.xls), not YAML: save it as "
                                           ".docx/.xlsx, then use `parplan import`")),
    (b"%PDF", ("đây là tệp PDF, không phải YAML: parplan không đọc PDF; dùng tệp Word/Excel gốc với `parplan import`",
               "this is a PDF file, not YAML: parplan does not read PDF; use the original Word/Excel file "
               "with `parplan import`")),
)


def office_kind(raw: bytes) -> tuple[str, str] | None:
    """The (vi, en) message for an office or PDF file, None for anything else."""
    for magic, message in _NOT_YAML:
        if raw.startswith(magic):
            return message
    return None


def _decode(raw: bytes) -> str:
    office = office_kind(raw)
    if office is not None:
        raise _Refuse("PAR007", 1, 1, bilingual(*office))
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise _Refuse("PAR007", 1, 1, bilingual(
            "tệp mã hóa UTF-16; hãy lưu lại dạng UTF-8", "the file is UTF-16; save it as UTF-8"))
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    nul = raw.find(b"\x00")
    if nul >= 0:
        line, col = _line_col(raw, nul)
        raise _Refuse("PAR007", line, col, bilingual(
            "tệp chứa byte NUL: có thể là tệp nhị phân hoặc mã hóa UTF-16/UTF-32; cần văn bản UTF-8",
            "the file contains NUL bytes: binary, or UTF-16/UTF-32; UTF-8 text is required"))
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, _ = _line_col(raw, exc.start)
        line_start = raw.rfind(b"\n", 0, exc.start) + 1
        col = len(raw[line_start:exc.start].decode("utf-8", errors="replace")) + 1  # in characters
        byte = raw[exc.start]
        raise _Refuse("PAR007", line, col, bilingual(
            f"không phải mã UTF-8 (byte 0x{byte:02X}); có thể tệp lưu theo bảng mã cp1258/TCVN3 (Windows): "
            "hãy lưu lại dạng UTF-8",
            f"not UTF-8 (byte 0x{byte:02X}); the file may be in cp1258/TCVN3 (Windows): save it as UTF-8")) from None


class _Positions:
    """Line and column (1-based) of a character offset, counting lines by
    "\n" only, as editors do: YAML also breaks lines at U+0085, U+2028 and
    U+2029, which would put diagnostics on lines no editor shows."""

    def __init__(self, text: str):
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def of(self, mark) -> tuple[int, int]:
        if mark is None:
            return 1, 1
        index = getattr(mark, "index", None)
        if not isinstance(index, int):
            return mark.line + 1, mark.column + 1
        line = bisect.bisect_right(self.starts, index)
        return line, index - self.starts[line - 1] + 1


def _compose(text: str, where: _Positions) -> yaml.Node | None:
    loader_cls = _Loader or _PyLoader
    if text.count("[") + text.count("{") > _FLOW_OPENERS_SAFE_FOR_LIBYAML:
        loader_cls = _PyLoader  # recursion in Python is caught; in C it could crash
    try:
        return yaml.compose(text, Loader=loader_cls)
    except yaml.MarkedYAMLError as exc:
        line, col = where.of(exc.problem_mark or exc.context_mark)
        if _PARSER_LIMIT.search(exc.problem or ""):
            # the parser's own bound (libyaml stops at 1 000 levels): past ours anyway
            raise _Refuse("PAR007", line, col, bilingual(_TOO_DEEP[0].format(n=MAX_DEPTH),
                                                         _TOO_DEEP[1].format(n=MAX_DEPTH))) from None
        detail = " ".join(p for p in (exc.context, exc.problem) if p)
        raise _Refuse("PAR001", line, col, bilingual(_vi_yaml_problem(exc.problem or "", exc.context or ""),
                                                     detail)) from None
    except yaml.reader.ReaderError as exc:
        line, col = _line_col(text, exc.position) if isinstance(exc.position, int) else (1, 1)
        char = exc.character
        shown = f" (U+{ord(char) if isinstance(char, str) else char:04X})" if char is not None else ""
        raise _Refuse("PAR001", line, col, bilingual(f"ký tự không được phép{shown}",
                                                     f"special characters are not allowed{shown}")) from None
    except yaml.YAMLError as exc:
        raise _Refuse("PAR001", 1, 1, bilingual(_vi_yaml_problem(str(exc)), str(exc))) from None
    except RecursionError:
        raise _Refuse("PAR007", 1, 1, bilingual(f"lồng nhau quá sâu (tối đa {MAX_DEPTH} cấp)",
                                                f"nested too deeply (at most {MAX_DEPTH} levels)")) from None


# The gist of every problem PyYAML's and libyaml's parsers report, in
# Vietnamese: a Vietnamese message never carries the parser's English text.
# Matched in order on the problem (then the context); the position is kept.
_VI_PROBLEMS = [
    (r"duplicate anchor", "neo (anchor) bị trùng"),
    (r"undefined alias", "bí danh (alias) chưa được định nghĩa"),
    (r"undefined tag handle|duplicate tag handle|non-specific tag|tag URI|expected '!'|while (?:scanning|parsing) a tag",
     "thẻ (tag) YAML không hợp lệ; parplan không dùng thẻ '!'"),
    (r"URI escape|URI escaped", "thẻ (tag) YAML không hợp lệ; parplan không dùng thẻ '!'"),
    (r"YAML directive|TAG directive|incompatible YAML document|while scanning a directive|directive",
     "chỉ thị YAML (%YAML/%TAG) không hợp lệ"),
    (r"mapping values are not allowed",
     "không được đặt giá trị mapping ở đây (thiếu dấu cách sau ':' hoặc thụt lề sai?)"),
    (r"mapping keys are not allowed", "không được đặt khóa ở đây (thụt lề sai?)"),
    (r"could not find expected ':'", "thiếu dấu ':' sau khóa"),
    (r"did not find expected key|expected <block end>", "không tìm thấy khóa như mong đợi (thụt lề sai?)"),
    (r"expected ',' or '\]'|',' or '\]'", "thiếu ',' hoặc ']'"),
    (r"expected ',' or '\}'|',' or '\}'", "thiếu ',' hoặc '}'"),
    (r"invalid indentation or unclosed", "thụt lề sai hoặc thiếu dấu đóng ']' / '}'"),
    (r"tab character", "có ký tự tab trong phần thụt lề; hãy dùng dấu cách"),
    (r"cannot start any token", "có ký tự không thể bắt đầu một giá trị (ví dụ tab, '@' hoặc '`')"),
    (r"single document|another document|document separator|document indicator|<document start>",
     "tệp chỉ được chứa một tài liệu YAML"),
    (r"unexpected end of stream", "tệp kết thúc đột ngột (thiếu dấu đóng ngoặc/nháy?)"),
    (r"sequence entries are not allowed|'-' indicator", "không được đặt dòng '- ' ở đây (thụt lề sai?)"),
    (r"escape", "chuỗi trong dấu nháy kép có ký tự thoát (\\) không hợp lệ; dùng dấu nháy đơn"),
    (r"comment or (?:a )?line break|whitespace or line break|expected ' '",
     "thiếu dấu cách hoặc xuống dòng sau ký hiệu YAML"),
    (r"block scalar|indentation indicator|chomping", "khối văn bản ('|' hoặc '>') viết sai"),
    (r"node content", "thiếu giá trị"),
    (r"quoted scalar", "chuỗi trong dấu nháy chưa được đóng"),
    (r"simple key", "khóa quá dài hoặc chưa kết thúc (thiếu ':'?)"),
    (r"alphabetic or numeric|anchor|alias", "tên neo/bí danh (& / *) không hợp lệ"),
    (r"special characters|control character|unacceptable character|UTF-8 octet",
     "có ký tự điều khiển không được phép"),
]
_VI_CONTEXTS = [
    (r"flow sequence", "trong danh sách [...]"),
    (r"flow mapping", "trong bảng {...}"),
    (r"block mapping", "trong một bảng khóa"),
    (r"block collection|block sequence", "trong một danh sách"),
    (r"quoted scalar", "trong một chuỗi có dấu nháy"),
]
_VI_PROBLEM_FALLBACK = "cú pháp YAML sai ở vị trí này"


def _vi_yaml_problem(problem: str, context: str = "") -> str:
    """The Vietnamese gist of a parser problem; never the parser's English."""
    vi = next((text for pattern, text in _VI_PROBLEMS if re.search(pattern, problem or "")), None)
    if vi is None:
        vi = next((text for pattern, text in _VI_PROBLEMS if re.search(pattern, context or "")),
                  _VI_PROBLEM_FALLBACK)
    where = next((text for pattern, text in _VI_CONTEXTS if re.search(pattern, context or "")), None)
    return f"{vi} ({where})" if where and where not in vi else vi


def _nfc(text: str) -> str:
    return text if text.isascii() else unicodedata.normalize("NFC", text)


def scalar_value(node: yaml.ScalarNode) -> Any:
    """The value of a scalar under parplan's schema (see module docstring)."""
    text = node.value
    if node.style:  # quoted or block scalar: always text
        return _nfc(text)
    if text in _NULL:
        return None
    if _INT.match(text):
        return int(text)
    if _DECIMAL.match(text):
        return Decimal(text)
    return _nfc(text)


class _Builder:
    """Builds Python values from the node graph, refusing alias bombs (each
    node built again through an alias counts), recursive aliases and deep
    nesting before they cost anything."""

    def __init__(self, source: SourceMap, where: _Positions):
        self.source = source
        self.where = where
        self.diagnostics: list[Diagnostic] = []
        self.built: set[int] = set()
        self.on_path: set[int] = set()
        self.expanded = 0

    def _refuse(self, node: yaml.Node, vi: str, en: str) -> _Refuse:
        line, col = self._pos(node)
        return _Refuse("PAR007", line, col, bilingual(vi, en))

    def _enter(self, node: yaml.Node, depth: int) -> None:
        key = id(node)
        if key in self.on_path:
            raise self._refuse(node, "bí danh (alias) đệ quy: một nút chứa chính nó",
                               "recursive alias: a node contains itself")
        if depth > MAX_DEPTH:
            raise self._refuse(node, _TOO_DEEP[0].format(n=MAX_DEPTH), _TOO_DEEP[1].format(n=MAX_DEPTH))
        if key in self.built:
            self.expanded += 1
            if self.expanded > MAX_ALIAS_EXPANSION:
                raise self._refuse(
                    node,
                    f"bí danh (alias) mở rộng quá nhiều (hơn {MAX_ALIAS_EXPANSION:,} nút): "
                    "có thể là tệp 'billion laughs'".replace(",", "."),
                    f"too many alias expansions (over {MAX_ALIAS_EXPANSION:,} nodes): a 'billion laughs' file?")
        else:
            self.built.add(key)

    def _pos(self, node: yaml.Node) -> tuple[int, int]:
        return self.where.of(node.start_mark)

    def _bad_tag(self, node: yaml.Node) -> None:
        line, col = self._pos(node)
        self.diagnostics.append(Diagnostic("PAR004", self.source.file, line, col, params=(("detail", bilingual(
            f"thẻ YAML không được hỗ trợ: {node.tag}", f"unsupported YAML tag: {node.tag}")),)))

    def build(self, node: yaml.Node, path: tuple, depth: int = 0) -> Any:
        self.source.values[path] = self._pos(node)
        if isinstance(node, yaml.ScalarNode):
            if id(node) in self.built:
                self._enter(node, depth)
            else:
                self.built.add(id(node))
            if node.tag not in _SCALAR_TAGS:
                self._bad_tag(node)
                return None
            return scalar_value(node)
        self._enter(node, depth)
        self.on_path.add(id(node))
        try:
            if isinstance(node, yaml.SequenceNode):
                if node.tag != _STD + "seq":
                    self._bad_tag(node)
                return [self.build(kid, path + (i,), depth + 1) for i, kid in enumerate(node.value)]
            if node.tag != _STD + "map":
                self._bad_tag(node)
            return self._mapping(node, path, depth)
        finally:
            self.on_path.discard(id(node))

    def _key(self, node: yaml.Node) -> str | None:
        """Keys are always text (`2021:` is the key "2021"), so a key written
        once as a number and once quoted is still a duplicate."""
        if isinstance(node, yaml.ScalarNode):
            value = scalar_value(node)
            if value is not None:
                return str(value)
            detail = bilingual("khóa rỗng (null) không hợp lệ", "a null key is not allowed")
        else:
            detail = bilingual("khóa phải là một giá trị đơn (chữ hoặc số)", "a key must be a plain scalar")
        line, col = self._pos(node)
        self.diagnostics.append(Diagnostic("PAR004", self.source.file, line, col, params=(("detail", detail),)))
        return None

    def _mapping(self, node: yaml.MappingNode, path: tuple, depth: int) -> dict:
        out: dict = {}
        first: dict = {}
        merges: list[yaml.Node] = []
        duplicates: list[tuple[yaml.Node, str]] = []
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode) and key_node.value == "<<" and not key_node.style:
                merges.append(value_node)
                continue
            key = self._key(key_node)
            if key is None:
                continue
            kpath = path + (key,)
            if key in first:
                duplicates.append((key_node, key))
                continue  # keep the first value: later checks see one value per key
            first[key] = self._pos(key_node)[0]
            self.source.keys[kpath] = self._pos(key_node)
            out[key] = self.build(value_node, kpath, depth + 1)
        for merge in merges:
            sources = merge.value if isinstance(merge, yaml.SequenceNode) else [merge]
            for src in sources:
                if not isinstance(src, yaml.MappingNode):
                    line, col = self._pos(src)
                    self.diagnostics.append(Diagnostic("PAR004", self.source.file, line, col, params=(("detail", bilingual(
                        "'<<' cần một mapping hoặc danh sách mapping", "'<<' needs a mapping or a list of mappings")),)))
                    continue
                for key_node, value_node in src.value:
                    key = self._key(key_node)
                    if key is not None and key not in out:
                        kpath = path + (key,)
                        self.source.keys.setdefault(kpath, self._pos(key_node))
                        out[key] = self.build(value_node, kpath, depth + 1)
        code = out.get("code")
        for key_node, key in duplicates:
            line, col = self._pos(key_node)
            self.diagnostics.append(Diagnostic(
                "PAR002", self.source.file, line, col, item=None if code is None else str(code), field=key,
                params=(("key", key), ("first_line", first[key]))))
        return out
