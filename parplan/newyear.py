"""`parplan new`: next year's plan from this year's, and reading published results.

The new plan keeps what carries over from one year to the next and leaves
out what belongs to the old year:

- kept: framework, unit, level, layout, unlisted; every row's tasks, lead
  units, partners, deadline, product, note and `applicable: false`; the
  document's issuer and place, and its titles with the years moved on;
- moved on: `year` (default: old year + 1), `baseline_year` (= year − 1);
- emptied: `baseline` (until the year's published results are entered),
  `target` (last year's target is kept as a comment on that line), and the
  old year's `deducted`, `appraised`, `self_assessed`, `reason`, `totals`,
  document number and date, top-level note.

A plan scored against a framework gets one entry for every framework item,
in framework order, each with the item's name and max as a comment; a
self-describing plan keeps its own entries (with their names and max).

`--results FILE` fills the baselines from published results: a YAML mapping
`"1.1": 1.5` (or a list of `{code: ..., score: ...}`), or a CSV/XLSX table
with a code column and a score column (headers such as `code`/`mã` and
`score`/`điểm`), and derives `deducted` = max − baseline. Every problem in
the results (unknown code, score above max, below 0, unreadable, duplicate,
a published parent score that its children do not add up to) is reported
like `validate` reports it, at the line of the results file, and nothing is
written.

Text layout: `parplan.dump.dump_plan` writes the YAML; `annotate()` then adds
comments and empty `baseline:`/`target:` keys to each entry (the result is
read back and compared with what was meant, so an annotation can never
change the data).
"""
from __future__ import annotations

import csv
import io
import os
import re
import unicodedata
from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path
from typing import Any, Iterable

from .api import UsageError, check_file, registry_for
from .diagnostics import ERROR, WARNING, Diagnostic, bilingual, sort_diagnostics
from .dump import dump_plan
from .frameworks import Registry
from .load import load_text
from .load.yamlsrc import load_path
from .model import Plan
from .numbers import NumberError, parse_score, plain, tidy
from .rollup import code_parts, plan_tree

RESULT_SUFFIXES = (".yaml", ".yml", ".csv", ".xlsx")
# Errors about last year's numbers: they do not carry over (baselines and
# targets are emptied), so they do not stop `new`. Any other error in the
# source plan does (its structure would carry over, or data would be lost).
NUMBER_CODES = {"PAR201", "PAR202", "PAR203", "PAR208"}
# A results file that cannot be read as a table of scores at all.
UNREADABLE = {"PAR001", "PAR005", "PAR007"}
CODE_HEADERS = {"code", "mã", "ma", "mã tiêu chí", "ma tieu chi", "mã số", "stt", "tt"}
SCORE_HEADERS = {"score", "điểm", "diem", "baseline", "điểm đạt được", "diem dat duoc", "kết quả", "ket qua",
                 "điểm thẩm định", "diem tham dinh", "tổng điểm", "tong diem"}
SCHEMA_LINE = re.compile(r"^#\s*yaml-language-server:\s*\$schema=(\S+)\s*$", re.M)


# -- published results --------------------------------------------------------

@dataclass(frozen=True)
class ResultRow:
    code: str
    score: Decimal
    line: int          # of the score
    column: int        # of the score (YAML: character column; CSV/XLSX: column number)
    code_line: int
    code_column: int


@dataclass
class Results:
    file: str
    rows: list[ResultRow] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    score_label: str | None = None     # the score column's header (CSV/XLSX)
    score_year: int | None = None      # the year it names ("Điểm 2023 đạt được"), if any

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == ERROR]


def read_results(path: Path, display: str | None = None) -> Results:
    """Published scores by code, from .yaml/.yml, .csv or .xlsx. Never raises
    for bad content: problems are diagnostics (PAR004, PAR005, PAR007, PAR101,
    PAR102)."""
    display = display or str(path)
    suffix = Path(path).suffix.lower()
    if suffix in (".yaml", ".yml"):
        results = _read_yaml(Path(path), display)
    elif suffix == ".csv":
        results = _read_table(_csv_rows(Path(path), display), display)
    elif suffix == ".xlsx":
        results = _read_table(_xlsx_rows(Path(path), display), display)
    else:
        raise UsageError(f"tệp kết quả phải là .yaml, .csv hoặc .xlsx: {path}",
                         f"a results file must be .yaml, .csv or .xlsx: {path}")
    results.diagnostics = sort_diagnostics(results.diagnostics)
    return results


class _Unreadable(Exception):
    def __init__(self, diagnostic: Diagnostic):
        super().__init__(diagnostic.code)
        self.diagnostic = diagnostic


def _score_problem(file: str, line: int, column: int, raw: Any, code: str | None) -> Diagnostic:
    text = raw if isinstance(raw, str) else str(raw)
    return Diagnostic("PAR004", file, line, column, item=code, field="baseline", params=(("detail", bilingual(
        f"không đọc được số điểm: '{text}'", f"not a score: '{text}'")),))


def _score(raw: Any, file: str, line: int, column: int, code: str) -> Decimal | Diagnostic:
    if isinstance(raw, float):  # an Excel number cell: its shortest exact text, never float arithmetic
        raw = Decimal(int(raw)) if raw.is_integer() else Decimal(repr(raw))
    try:
        return parse_score(raw)
    except NumberError as exc:
        if exc.kind == "decimals":
            return Diagnostic("PAR004", file, line, column, item=code, field="baseline", params=(("detail", bilingual(
                f"điểm có quá 4 chữ số thập phân: {exc.text}", f"at most 4 decimals: {exc.text}")),))
        return _score_problem(file, line, column, raw, code)


class _Collector:
    """Rows of a results file, with the checks every format shares."""

    def __init__(self, file: str):
        self.results = Results(file)
        self.first: dict[str, int] = {}

    def add(self, code_raw: Any, score_raw: Any, code_at: tuple[int, int], score_at: tuple[int, int]) -> None:
        file = self.results.file
        (line, code_col), (score_line, score_col) = code_at, score_at
        code = _code_text(code_raw)
        empty = score_raw is None or (isinstance(score_raw, str) and score_raw.strip() in ("", "-", "–"))
        if not code or empty and code_parts(code) is None:
            return  # a heading, a blank or a total row
        if code_parts(code) is None:
            self.results.diagnostics.append(Diagnostic("PAR102", file, line, code_col, item=code, field="code",
                                                        params=(("detail", bilingual(
                                                            "cần các số nguyên dương nối bằng dấu chấm, ví dụ 1.3.1",
                                                            "expected dot-separated positive integers such as 1.3.1")),)))
            return
        if code in self.first:
            self.results.diagnostics.append(Diagnostic("PAR101", file, line, code_col, item=code, field="code",
                                                       params=(("first_line", self.first[code]),)))
            return
        self.first[code] = line
        if empty:
            return
        if isinstance(score_raw, (bool, list, dict)) or not isinstance(score_raw, (int, float, Decimal, str)):
            self.results.diagnostics.append(_score_problem(file, score_line, score_col, score_raw, code))
            return
        value = _score(score_raw, file, score_line, score_col, code)
        if isinstance(value, Diagnostic):
            self.results.diagnostics.append(value)
            return
        self.results.rows.append(ResultRow(code, value, score_line, score_col, line, code_col))


def _code_text(raw: Any) -> str:
    if raw is None or isinstance(raw, bool):
        return ""
    if isinstance(raw, float):
        text = str(int(raw)) if raw.is_integer() else repr(raw)
    else:
        text = str(raw)
    text = unicodedata.normalize("NFC", text).strip()
    return text[:-1] if text.endswith(".") and code_parts(text[:-1]) is not None else text


def _read_yaml(path: Path, display: str) -> Results:
    loaded = load_path(path, display)
    collector = _Collector(display)
    data, source = loaded.data, loaded.source
    if data is None and not any(d.code in ("PAR001", "PAR007") for d in loaded.diagnostics):
        collector.results.diagnostics.append(Diagnostic("PAR005", display, 1, 1, field="code", params=(
            ("key", "code: score"),)))  # an empty file
        return collector.results
    collector.results.diagnostics.extend(loaded.diagnostics)
    if data is None:
        return collector.results
    if isinstance(data, dict):
        for key, value in data.items():
            collector.add(key, value, source.key_at((key,)), source.at((key,)))
    elif isinstance(data, list):
        for i, row in enumerate(data):
            line, col = source.at((i,))
            if not isinstance(row, dict) or "code" not in row:
                collector.results.diagnostics.append(Diagnostic("PAR005", display, line, col, field="code",
                                                                params=(("key", "code"),)))
                continue
            score_key = next((k for k in ("score", "baseline", "điểm") if k in row), None)
            code_at = source.at((i, "code"))
            collector.add(row["code"], row.get(score_key) if score_key else None, code_at,
                          source.at((i, score_key)) if score_key else code_at)
    else:
        line, col = source.at(())
        collector.results.diagnostics.append(Diagnostic("PAR004", display, line, col, params=(("detail", bilingual(
            "tệp kết quả phải là một bảng mã: điểm, ví dụ \"1.1\": 1.5, hoặc danh sách {code, score}",
            "a results file must map codes to scores (\"1.1\": 1.5), or list {code, score} rows")),)))
    return collector.results


def _header(text: Any) -> str:
    return " ".join(unicodedata.normalize("NFC", str(text or "")).casefold().split()).rstrip(":")


def _read_table(rows: Iterable[tuple[int, list[Any]]] | Diagnostic, display: str) -> Results:
    """Rows of (line, cells) from a CSV or a sheet: find the header (among
    the first 20 rows), then read the code and score columns."""
    collector = _Collector(display)
    if isinstance(rows, Diagnostic):
        collector.results.diagnostics.append(rows)
        return collector.results
    columns: tuple[int, int] | None = None
    seen = 0
    try:
        for line, cells in rows:
            if columns is None:
                seen += 1
                names = [_header(c) for c in cells]
                code_at = next((i for i, n in enumerate(names) if n in CODE_HEADERS), None)
                score_at = next((i for i, n in enumerate(names) if n in SCORE_HEADERS), None)
                if code_at is not None and score_at is None:
                    score_at = _labelled_score(names)
                if code_at is not None and score_at is not None:
                    columns = (code_at, score_at)
                    collector.results.score_label = str(cells[score_at]).strip()
                    collector.results.score_year = _label_year(names[score_at])
                elif seen >= 20:
                    break
                continue
            code_at, score_at = columns
            code = cells[code_at] if code_at < len(cells) else None
            score = cells[score_at] if score_at < len(cells) else None
            collector.add(code, score, (line, code_at + 1), (line, score_at + 1))
    except _Unreadable as exc:
        collector.results.diagnostics.append(exc.diagnostic)
        return collector.results
    if columns is None:
        collector.results.diagnostics.append(Diagnostic("PAR005", display, 1, 1, field="code", params=(
            ("key", "code, score (mã, điểm)"),)))  # no header row naming a code and a score column
    return collector.results


def _labelled_score(names: list[str]) -> int | None:
    """The score column by the labels `parplan import` knows ("Điểm 2023 đạt
    được", "Điểm thẩm định", "Kết quả năm 2023"): a workbook parplan rendered,
    or an appendix typed by people, is a results file too."""
    from .importers.labels import field_for

    return next((i for i, n in enumerate(names) if n and field_for(n) == "baseline"), None)


def _label_year(name: str) -> int | None:
    from .importers.labels import year_in

    return year_in(name)


def _refused(display: str, vi: str, en: str, line: int = 1, column: int = 1) -> Diagnostic:
    return Diagnostic("PAR007", display, line, column, params=(("detail", bilingual(vi, en)),))


def _csv_rows(path: Path, display: str):
    try:
        raw = path.read_bytes()
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        return _refused(display, f"không đọc được tệp ({reason})", f"cannot read the file ({reason})")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[:exc.start].count(b"\n") + 1
        return _refused(display, "không phải mã UTF-8: hãy lưu tệp CSV dạng UTF-8 (CSV UTF-8 trong Excel)",
                        "not UTF-8: save the CSV as UTF-8 (\"CSV UTF-8\" in Excel)", line)
    if "\x00" in text:
        return _refused(display, "tệp chứa byte NUL: cần văn bản CSV UTF-8", "the file contains NUL bytes: UTF-8 CSV is required")
    first = next((ln for ln in text.splitlines() if ln.strip()), "")
    delimiter = max((";", ",", "\t"), key=lambda d: (first.count(d), d == ","))

    def rows():
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        start = 1
        try:
            for cells in reader:
                yield start, cells
                start = reader.line_num + 1
        except csv.Error as exc:
            raise _Unreadable(Diagnostic("PAR001", display, reader.line_num or 1, 1, params=(("detail", bilingual(
                f"CSV không hợp lệ: {exc}", f"not valid CSV: {exc}")),))) from None

    return rows()


def _xlsx_rows(path: Path, display: str):
    import zipfile

    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = load_workbook(path, read_only=False, data_only=True)
    except (OSError, zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, TypeError) as exc:
        return _refused(display, f"không đọc được tệp Excel (.xlsx): {type(exc).__name__}",
                        f"cannot read the Excel (.xlsx) file: {type(exc).__name__}")
    sheet = book.worksheets[0]
    from .importers.xlsx import exact_numbers

    exact = exact_numbers(path, sheet.title)
    return ((n, [_exact(exact, n, c, v) for c, v in enumerate(values, 1)])
            for n, values in enumerate(sheet.iter_rows(min_row=1, values_only=True), 1))


def _exact(exact: dict[tuple[int, int], Decimal | None], row: int, column: int, value: Any) -> Any:
    """A sheet cell as a results value: numbers exactly as the file stores
    them (not binary floats), formulas computed (none over empty cells), and
    "Không áp dụng" as no score."""
    if (row, column) in exact and (value is None or isinstance(value, (int, float)) and not isinstance(value, bool)):
        return exact[(row, column)]
    if isinstance(value, str) and _header(value).startswith("không áp dụng"):
        return None
    return value


# -- the new plan -------------------------------------------------------------

@dataclass
class Note:
    """What `annotate()` adds to one entry: a comment on its code line, and
    lines inserted after its code/name/max/applicable/baseline keys."""

    comment: str | None = None
    insert: list[str] = field(default_factory=list)


_CODE_LINE = re.compile(r'^(?P<indent> *)- code: "(?P<code>[^"\\]*)"$')
_HEAD_KEYS = ("name:", "max:", "applicable:", "baseline:")


def blank_document_keys(text: str, document: dict | None) -> str:
    """Show where the new document's number and date go: empty `number:` and
    `date:` keys (with a comment) under `document:` when they are not set."""
    if not document:
        return text
    blanks = [line for key, line in (("number", "  number:  # số hiệu khi ban hành, ví dụ 120/KH-UBND"),
                                     ("date", "  date:  # ngày ban hành, YYYY-MM-DD")) if not document.get(key)]
    if not blanks:
        return text
    return text.replace("\ndocument:\n", "\ndocument:\n" + "\n".join(blanks) + "\n", 1)


def annotate(text: str, notes: dict[str, Note]) -> str:
    """Add comments and empty keys to the entries of a plan written by
    `dump_plan` (entries are `- code: "..."` lines, keys two spaces further)."""
    lines = text.split("\n")
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        match = _CODE_LINE.match(line)
        note = notes.get(match.group("code")) if match else None
        if note is None:
            out.append(line)
            i += 1
            continue
        comment = " ".join((note.comment or "").split())
        out.append(f"{line}  # {comment}" if comment else line)
        key_indent = " " * (len(match.group("indent")) + 2)
        i += 1
        while i < len(lines):
            nxt = lines[i]
            head = nxt.startswith(key_indent) and nxt[len(key_indent):].startswith(_HEAD_KEYS)
            continued = nxt.startswith(key_indent + " ") and out and out[-1].startswith(key_indent)
            if not (head or continued):
                break
            out.append(nxt)
            i += 1
        out.extend(key_indent + extra for extra in note.insert)
    return "\n".join(out)


@dataclass
class NewYear:
    source: str
    output: str                       # display name ("-" for standard output)
    text: str | None                  # None when nothing is to be written
    diagnostics: list[Diagnostic]     # errors that stopped it, or the new plan's warnings
    year: int = 0
    entries: int = 0
    filled: int = 0                   # baselines taken from the results

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == ERROR]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == WARNING]


def default_output(source: Path, year: int) -> Path:
    return Path(source).parent / f"{year}.yaml"


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve() or (a.exists() and b.exists() and os.path.samefile(a, b))
    except OSError:
        return False


def new_plan(source: str | Path, year: int | None = None, output: str | Path | None = None,
             results: str | Path | None = None, criteria: Iterable[Path] = (), overwrite: bool = False,
             registry: Registry | None = None) -> NewYear:
    """Next year's plan from `source`. Usage mistakes raise UsageError (exit
    2); problems in the inputs come back as diagnostics with no text."""
    source = Path(source)
    if not source.exists():
        raise UsageError(f"không có tệp kế hoạch: {source}", f"no such plan file: {source}")
    if not source.is_file():
        raise UsageError(f"--from cần một tệp kế hoạch, không phải thư mục: {source}",
                         f"--from needs a plan file, not a folder: {source}")
    results_path = Path(results) if results is not None else None
    if results_path is not None:
        if not results_path.is_file():
            raise UsageError(f"không có tệp kết quả: {results_path}", f"no such results file: {results_path}")
        if results_path.suffix.lower() not in RESULT_SUFFIXES:
            raise UsageError(f"tệp kết quả phải là .yaml, .csv hoặc .xlsx: {results_path}",
                             f"a results file must be .yaml, .csv or .xlsx: {results_path}")
    if year is not None and not 1900 <= year <= 2200:
        raise UsageError(f"năm không hợp lệ: {year}", f"not a valid year: {year}")

    registry = registry or registry_for(criteria)
    checked = check_file(source, registry)
    plan = checked.model
    if checked.kind is not None and checked.kind != "plan":
        raise UsageError(f"{source}: --from cần một kế hoạch (kind: plan), tệp này là kind: {checked.kind}",
                         f"{source}: --from needs a plan (kind: plan), this file is kind: {checked.kind}")
    year = year if year is not None else (plan.year + 1 if isinstance(plan, Plan) else None)
    if year is not None and not 1900 <= year <= 2200:
        raise UsageError(f"năm không hợp lệ: {year}", f"not a valid year: {year}")
    out_path = None if str(output) == "-" else Path(output) if output is not None else (
        default_output(source, year) if year is not None else None)
    display = "-" if str(output) == "-" else str(out_path) if out_path is not None else "-"
    if out_path is not None:
        for given, what_vi, what_en in ((source, "kế hoạch nguồn", "the source plan"),
                                        (results_path, "tệp kết quả", "the results file")):
            if given is not None and _same_file(out_path, given):
                raise UsageError(f"không ghi đè tệp đầu vào ({what_vi}): {out_path}",
                                 f"refusing to overwrite an input file ({what_en}): {out_path}")
        if out_path.is_dir():
            raise UsageError(f"-o là một thư mục: {out_path}", f"-o is a folder: {out_path}")
        from .output_files import check_writable

        check_writable([out_path], overwrite)  # a plan parplan wrote and nobody edited is replaced

    result = NewYear(str(source), display, None, [], year or 0)
    if plan is None:
        result.diagnostics = [d for d in checked.diagnostics if d.severity == ERROR]
        return result
    structural = [d for d in checked.errors if d.code not in NUMBER_CODES]
    framework = checked.framework
    if structural or (plan.framework and framework is None):
        result.diagnostics = structural or checked.errors
        return result

    published = read_results(results_path, str(results_path)) if results_path is not None else None
    if published is not None and published.score_year is not None and published.score_year != year - 1:
        raise UsageError(
            f"{results_path}: cột «{published.score_label}» là điểm năm {published.score_year}, nhưng kế hoạch "
            f"năm {year} cần điểm năm {year - 1}; chọn đúng tệp kết quả, hoặc --year {published.score_year + 1}",
            f"{results_path}: column «{published.score_label}» holds {published.score_year} scores, but the {year} "
            f"plan needs {year - 1} scores; pick the right results file, or --year {published.score_year + 1}")
    if published is not None and any(d.code in UNREADABLE for d in published.errors):
        result.diagnostics = published.errors
        return result

    return _build(result, plan, framework, source, published, registry)


def _document(plan: Plan, year: int) -> dict | None:
    doc = plan.document
    if doc is None:
        return None
    moves = {str(plan.year): str(year), str(plan.base_year): str(year - 1)}
    pattern = re.compile(r"(?<!\d)(" + "|".join(re.escape(k) for k in moves) + r")(?!\d)")
    moved = lambda text: pattern.sub(lambda m: moves[m.group(1)], text) if text else None  # noqa: E731
    out = {"issuer": doc.issuer, "place": doc.place, "title": moved(doc.title),
           "appendix_title": moved(doc.appendix_title)}
    return {k: v for k, v in out.items() if v} or None


_CARRIED = ("tasks", "lead", "partners", "deadline", "product", "note")


def _carry(code: str, entry, with_name: bool) -> dict:
    row: dict[str, Any] = {"code": code}
    if entry is None:
        return row
    if with_name:
        row["name"], row["max"] = entry.name, entry.max
    if not entry.applicable:
        row["applicable"] = False
    for key in _CARRIED:
        row[key] = getattr(entry, key)
    return row


def _build(result: NewYear, plan: Plan, framework, source: Path, published: Results | None,
           registry: Registry) -> NewYear:
    year = result.year
    tree = plan_tree(plan, framework)
    if framework is not None:
        nodes = list(tree.nodes())
        rows = [_carry(n.code, n.entry, with_name=False) for n in nodes]
        names = {n.code: n for n in nodes}
    else:
        seen: set[str] = set()
        rows = []
        for entry in plan.entries:
            if entry.code not in seen:
                seen.add(entry.code)
                rows.append(_carry(entry.code, entry, with_name=True))
        names = tree.by_code
    by_code = {row["code"]: row for row in rows}

    unknown: list[Diagnostic] = []
    given: dict[str, ResultRow] = {}
    if published is not None:
        where = framework.id if framework is not None else str(source)
        for r in published.rows:
            if r.code not in by_code:
                unknown.append(Diagnostic("PAR204", published.file, r.code_line, r.code_column, item=r.code, field="code",
                                          params=(("framework", where),)))
                continue
            given[r.code] = r
            by_code[r.code]["baseline"] = r.score
    problems = (published.errors if published is not None else []) + unknown

    data: dict[str, Any] = {
        "kind": "plan", "framework": plan.framework, "unit": plan.unit, "level": plan.level, "year": year,
        "baseline_year": year - 1, "layout": plan.layout, "unlisted": plan.unlisted,
        "document": _document(plan, year), "entries": rows,
    }
    data = {k: v for k, v in data.items() if v is not None}
    if given:  # deducted = max − baseline, where the score is in range
        new_tree = plan_tree(load_text(dump_plan(data)).model, framework)
        for code, r in given.items():
            node = new_tree.by_code.get(code)
            if node is not None and node.applicable and node.eff_max is not None and 0 <= r.score <= node.eff_max:
                by_code[code]["deducted"] = tidy(node.eff_max - r.score)

    text = _text(data, plan, framework, source, published, given, names, result.output)
    display = result.output if result.output != "-" else "<stdout>"
    doc = load_text(text, display)
    from .rules import check

    diags = list(doc.diagnostics) + (check(doc, registry) if doc.model is not None else [])
    if published is not None:
        diags = [_relocate(d, given, published.file) for d in diags]
    result.entries = len(rows)
    result.filled = len(given)
    problems += [d for d in diags if d.severity == ERROR]
    if problems:
        result.diagnostics = sort_diagnostics(problems)
        return result
    result.text = text
    result.diagnostics = sort_diagnostics(diags)
    return result


def _relocate(d: Diagnostic, given: dict[str, ResultRow], file: str) -> Diagnostic:
    """A diagnostic about a published score points at the results file."""
    row = given.get(d.item or "")
    if row is None or d.field not in ("baseline", "deducted"):
        return d
    return replace(d, file=file, line=row.line, column=row.column, field="baseline")


def _text(data: dict, plan: Plan, framework, source: Path, published: Results | None,
          given: dict[str, ResultRow], nodes: dict, output: str) -> str:
    year, old, base = data["year"], plan.year, data["year"] - 1
    notes: dict[str, Note] = {}
    for row in data["entries"]:
        code = row["code"]
        node = nodes.get(code)
        old_entry = node.entry if node is not None else None
        comment = None
        if framework is not None and node is not None:
            comment = f"{node.name} (tối đa {plain(node.max)})" if node.max is not None else node.name
        note = Note(comment)
        if row.get("applicable", True) is not False:
            is_leaf = node is None or node.is_leaf
            if "baseline" not in row and (published is None or is_leaf):
                note.insert.append("baseline:")
            last = old_entry.target if old_entry is not None else None
            if last is not None:
                note.insert.append(f"target:  # mục tiêu năm {old}: {plain(last)}")
            elif plan.layout == "improvement":
                note.insert.append("target:")
        notes[code] = note
    if published is not None:
        baseline_line = (f"baseline: điểm năm {base} từ {published.file} ({len(given)} dòng); "
                         f"deducted = max − baseline; dòng chưa có điểm để trống.")
    else:
        baseline_line = (f"baseline: điểm năm {base} đạt được; để trống đến khi có kết quả công bố (điền tay, "
                         f"hoặc tạo lại bằng `parplan new ... --results KẾT-QUẢ.csv --overwrite`).")
    header = "\n".join([
        f"Kế hoạch năm {year} của {plan.unit}, tạo bằng `parplan new` từ {source.as_posix()}.",
        baseline_line,
        (f"target: mục tiêu năm {year}, cần điền; mục tiêu năm {old} ghi ở chú thích cùng dòng để tham khảo."
         if plan.layout == "improvement" else f"reason: lý do bị trừ điểm năm {base}, cần điền lại."),
        f"Nhiệm vụ, đơn vị chủ trì, thời gian và sản phẩm chép từ năm {old}: rà soát lại cho năm {year}.",
        f"Kiểm tra: parplan validate {output if output != '-' else 'TỆP.yaml'}",
    ])
    body = blank_document_keys(annotate(dump_plan(data, header), notes), data.get("document"))
    modeline = _schema_modeline(source, output)
    text = (modeline + "\n" if modeline else "") + body
    plain_model = load_text(dump_plan(data)).model
    if load_text(text).model != plain_model:  # an annotation must never change the data
        raise AssertionError("parplan.newyear.annotate changed the plan; please report this bug")
    return text


def _schema_modeline(source: Path, output: str) -> str | None:
    """The source's `# yaml-language-server: $schema=...` line, its relative
    path re-based for the new file's folder."""
    try:
        head = source.read_text(encoding="utf-8", errors="replace")[:4000]
    except OSError:
        return None
    match = SCHEMA_LINE.search(head)
    if match is None:
        return None
    target = match.group(1)
    if output != "-" and "://" not in target and not os.path.isabs(target):
        absolute = (source.parent / target).resolve()
        try:
            target = Path(os.path.relpath(absolute, Path(output).resolve().parent)).as_posix()
        except ValueError:  # another drive on Windows
            target = absolute.as_posix()
    return f"# yaml-language-server: $schema={target}"
