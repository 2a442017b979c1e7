"""Importers: an existing Word or Excel appendix -> a plan YAML.

    import_file(path, ...) -> ImportResult

One reader per format (`docx.py`, `xlsx.py`) turns the file into tables; one
core (`labels.py` for the header, `core.py` for the rows) turns the appendix
table into a plan, which is written with `dump.dump_plan` and checked like any
plan file. Nothing here prints or writes files: the `import` command does.
Only that command imports this package, so `parplan validate` never loads
python-docx or openpyxl for it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Sequence

from ..api import UsageError, registry_for
from ..diagnostics import ERROR, WARNING, Diagnostic, sort_diagnostics
from ..dump import _QuotedCode, dump, dump_plan
from ..load import load_text
from ..rules import check
from .core import (Heading, Parsed, derive_max, heading_lines, level_of, read_heading, read_rows, restore_max,
                   unit_of)
from .labels import LOOKED_FOR, Header, describe, find_header, fold, parse_columns, strict_header
from . import safety
from .source import Finding, Table

__all__ = ["ImportResult", "Options", "import_file", "import_tables", "SUPPORTED"]

SUPPORTED = ".docx (Word 2007+), .xlsx (Excel 2007+)"


class _Counted:
    """Errors and warnings of an import: the written file's own check and
    the cells that could not be read."""

    @property
    def errors(self) -> int:
        return sum(1 for d in self.diagnostics if d.severity == ERROR) + \
            sum(1 for f in self.findings if f.severity == ERROR)

    @property
    def warnings(self) -> int:
        return sum(1 for d in self.diagnostics if d.severity == WARNING) + \
            sum(1 for f in self.findings if f.severity == WARNING)


@dataclass
class ImportResult(_Counted):
    """What an import found and made; `text` is the plan YAML to write."""

    source: str
    output: str                  # where the caller writes `text` ('-': stdout)
    format: str                  # docx | xlsx
    parsed: Parsed
    heading: Heading
    plan: dict
    text: str
    diagnostics: list[Diagnostic]                  # the plan's own check, at the output's lines
    others: list[Table] = field(default_factory=list)   # other tables that also look like appendices

    @property
    def findings(self) -> list[Finding]:
        return self.parsed.findings



# -- which format --------------------------------------------------------------

def sniff(path: Path) -> str:
    """'docx' or 'xlsx' from the file's content (checked for safety first,
    `safety.sniff`); a clear usage error otherwise."""
    if not path.exists():
        raise UsageError(f"không có tệp: {path}", f"no such file: {path}")
    if not path.is_file():
        raise UsageError(f"không phải tệp: {path}", f"not a file: {path}")
    try:
        return safety.sniff(path)
    except safety.Refused as exc:
        raise UsageError(f"{path}: {exc.vi}", f"{path}: {exc.en}") from None


def read_tables(path: Path, fmt: str) -> list[Table]:
    """The file's tables; UsageError for a file that cannot be read."""
    try:
        return read_safely(path, fmt)
    except safety.Refused as exc:
        raise UsageError(f"{path}: không đọc được tệp .{fmt}: {exc.vi}",
                         f"{path}: cannot read the .{fmt} file: {exc.en}") from None


def read_safely(path: Path, fmt: str) -> list[Table]:
    """The file's tables; `safety.Refused` for a damaged or oversized one
    (the libraries raise many kinds of errors on a damaged file)."""
    if fmt == "docx":
        from .docx import read
    else:
        from .xlsx import read
    try:
        return read(path)
    except safety.Refused:
        raise
    except MemoryError:
        raise safety.Refused("IMP108", "tệp cần quá nhiều bộ nhớ để đọc", "the file needs too much memory") from None
    except Exception as exc:  # noqa: BLE001 - any library error on a damaged file
        raise safety.Refused("IMP107", f"tệp bị hỏng ({type(exc).__name__}: {exc}); mở tệp trong Word/Excel "
                             "để sửa rồi lưu lại, hoặc xin lại tệp gốc",
                             f"the file is damaged ({type(exc).__name__}: {exc}); open it in Word/Excel to "
                             "repair it and save it again, or ask for the original") from None


# -- which table -------------------------------------------------------------------

def _rank(header: Header) -> int:
    return header.score() + (2 if "max" in header.fields else 0)


def choose(tables: list[Table], fmt: str, overrides, sheet: str | None, table: int | None
           ) -> tuple[int, Header, list[Table]]:
    """(index of the appendix table, its header, other tables that would also do)."""
    candidates = list(range(len(tables)))
    if sheet is not None:
        if fmt != "xlsx":
            raise UsageError("--sheet chỉ dùng cho tệp .xlsx", "--sheet is for .xlsx files")
        names = [t.sheet for t in tables]
        if sheet in names:
            candidates = [names.index(sheet)]
        elif sheet.isdigit() and 1 <= int(sheet) <= len(tables):
            candidates = [int(sheet) - 1]
        else:
            raise UsageError(f"không có trang tính '{sheet}' (có: {', '.join(map(str, names))})",
                             f"no sheet '{sheet}' (sheets: {', '.join(map(str, names))})")
    if table is not None:
        if not 1 <= table <= len(tables):
            raise UsageError(f"không có bảng {table} (tệp có {len(tables)} bảng)",
                             f"no table {table} (the file has {len(tables)})")
        candidates = [table - 1]
    found: list[tuple[int, Header]] = []
    for index in candidates:
        header = find_header(tables[index], overrides)
        if header is not None:
            found.append((index, header))
    if not found:
        raise _not_found(tables, candidates, fmt, overrides)
    index, header = max(found, key=lambda f: _rank(f[1]))   # first of the best
    others = [tables[i] for i, _ in found if i != index]
    return index, strict_header(tables[index], header, overrides), others


def _not_found(tables: list[Table], candidates: list[int], fmt: str, overrides) -> UsageError:
    wanted = ", ".join(LOOKED_FOR)
    if not tables:
        what = "không có bảng nào" if fmt == "docx" else "không có trang tính nào"
        return UsageError(f"không tìm thấy bảng phụ lục: tệp {what}; cần một bảng có hàng tiêu đề như: {wanted}",
                          f"no appendix table found: the file has no {'table' if fmt == 'docx' else 'sheet'}; "
                          f"expected a table whose header has labels like: {wanted}")
    seen_vi, seen_en = [], []
    for index in candidates[:6]:
        t = tables[index]
        picture = describe(t) or "(trống)"
        seen_vi.append(f"  {t.label('vi')}: {picture}")
        seen_en.append(f"  {t.label('en')}: {describe(t) or '(empty)'}")
    more = len(candidates) - 6
    if more > 0:
        seen_vi.append(f"  … và {more} bảng khác")
        seen_en.append(f"  … and {more} more")
    given = ", ".join(f"{name}={label}" for name, label in overrides)
    return UsageError(
        "không tìm thấy bảng phụ lục: cần hàng tiêu đề có cột STT hoặc Lĩnh vực/Tiêu chí, ít nhất một cột điểm, "
        f"và tổng cộng ba cột nhận ra được, với nhãn như: {wanted}.\nĐã thấy:\n" + "\n".join(seen_vi)
        + (f"\nCác cột đã chỉ định (--columns {given}) chưa đủ để nhận ra bảng, hoặc không có trong bảng nào"
           if given else "\nNếu nhãn cột khác thường, chỉ định bằng --columns \"max=Điểm tối đa,baseline=Điểm 2023\""),
        "no appendix table found: expected a header row with an STT or Lĩnh vực/Tiêu chí column, at least one "
        f"score column, and three recognised columns in all, labelled like: {wanted}.\nSeen:\n" + "\n".join(seen_en)
        + (f"\nThe columns given (--columns {given}) are not enough to recognise a table, or are in no table"
           if given else "\nFor unusual labels, map them with --columns \"max=Điểm tối đa,baseline=Điểm 2023\""))


# -- the plan --------------------------------------------------------------------------

def _framework_entries(entries: list[dict], framework) -> None:
    """Against a framework, names and max equal to the framework's are left out
    (area names compared ignoring case: appendices print them in capitals)."""
    items = {item.code: item for item, _ in framework.walk()}
    for entry in entries:
        item = items.get(entry["code"])
        if item is None:
            continue
        name = entry.get("name")
        if name is not None:
            printed, expected = " ".join(name.split()), " ".join(item.name.split())
            if printed == expected or ("." not in entry["code"] and printed.upper() == expected.upper()):
                del entry["name"]
        if entry.get("max") is not None and entry["max"] == item.max:
            del entry["max"]


def build_plan(parsed: Parsed, heading: Heading, framework_id: str | None, framework, unit: str | None,
               year: int | None, baseline_year: int | None) -> dict:
    header = parsed.header
    years = {c.field: c.year for c in header.columns if c.field in ("baseline", "target") and c.year}
    baseline_year = baseline_year or years.get("baseline")
    year = year or years.get("target") or heading.year or (baseline_year + 1 if baseline_year else None)
    unit = unit or unit_of(heading.issuer)
    remediation = bool(header.fields & {"deducted", "reason"}) and "target" not in header.fields
    plan: dict = {"kind": "plan"}
    if framework_id:
        plan["framework"] = framework_id
    if unit:
        plan["unit"] = unit
    level = level_of(unit) or (framework.level if framework is not None else None)
    if level:
        plan["level"] = level
    if year:
        plan["year"] = year
    if baseline_year:
        plan["baseline_year"] = baseline_year
    plan["layout"] = "remediation" if remediation else "improvement"
    plan["unlisted"] = "full" if remediation else "error"
    document = {"number": heading.number, "date": heading.date, "issuer": heading.issuer,
                "appendix_title": heading.appendix_title}
    document = {k: v for k, v in document.items() if v}
    if document:
        plan["document"] = document
    entries = [dict(e) for e in parsed.entries]
    totals = dict(parsed.totals)
    restore_max(entries, totals)
    derive_max(entries, {p[1] for p in parsed.raw if len(p) == 3 and p[0] == "entries" and p[2] == "max"})
    if totals:
        plan["totals"] = totals
    if framework is not None:
        _framework_entries(entries, framework)
    plan["entries"] = entries
    return plan


def yaml_header(source: str, parsed: Parsed, lang: str) -> str:
    """The comment at the top of the written plan: where it came from, how the
    columns were read, and every cell still to be fixed by hand."""
    vi = lang == "vi"
    tables = ", ".join(s.table.label(lang) for s in parsed.segments)
    lines = [f"Nhập bằng `parplan import` từ {source} ({tables})." if vi else
             f"Imported with `parplan import` from {source} ({tables}).",
             "Cột:" if vi else "Columns:"]
    lines += [f"  {c.number}. {c.label or '—'} -> {c.field}" for c in parsed.header.columns
              if c.field and c.field != "ignore"]
    if parsed.findings:
        lines.append("Ô/cột chưa đọc được (sửa tay trong tệp này):" if vi else
                     "Cells and columns not read (fix them by hand in this file):")
        for finding in parsed.findings:
            lines.append(f"- {finding.where(lang)}: {finding.code} {finding.message(lang)}")
    return "\n".join(lines)


def target_for(path: Path, output: str | Path | None, overwrite: bool) -> str:
    """Where the plan goes: `output`, '-' for stdout, or the input with .yaml.
    Never the input itself; an existing file only when parplan wrote it
    (output_files.check_writable) or with `overwrite`."""
    target = str(output) if output is not None else str(path.with_suffix(".yaml"))
    if target == "-":
        return target
    where = Path(target)
    if where.exists() and path.exists() and where.resolve() == path.resolve():
        raise UsageError(f"không ghi đè tệp đầu vào: {target}", f"refusing to overwrite the input file: {target}")
    if where.is_dir():
        raise UsageError(f"{target} là thư mục; hãy cho tên tệp, ví dụ {where / path.with_suffix('.yaml').name}",
                         f"{target} is a folder; give a file name, e.g. {where / path.with_suffix('.yaml').name}")
    from ..output_files import check_writable

    check_writable([where], overwrite, [path])
    return target


@dataclass(frozen=True)
class Options:
    """How to read the table and what to put in the plan beyond it."""

    framework: str | None = None
    columns: Sequence[str] = ()
    sheet: str | None = None
    table: int | None = None
    unit: str | None = None
    year: int | None = None
    baseline_year: int | None = None
    criteria: Sequence[Path] = ()
    lang: str = "vi"


def import_file(path: str | Path, output: str | Path | None = None, *, overwrite: bool = False,
                **options) -> ImportResult:
    """Read the appendix table of a .docx/.xlsx into a plan and check it.

    `output` is where the caller will write `result.text` ('-' for stdout;
    default: the input with .yaml): checked first (never the input, an
    existing file only when parplan wrote it or with `overwrite`), and named
    in the diagnostics.
    `options` are the fields of `Options`. Raises UsageError (exit 2) for a
    file that cannot be imported: unsupported format, no appendix table, a
    bad option."""
    path = Path(path)
    target = target_for(path, output, overwrite)
    fmt = sniff(path)
    return import_tables(read_tables(path, fmt), fmt, str(path), target, Options(**options))


def import_tables(tables: list[Table], fmt: str, source: str, target: str, opts: Options) -> ImportResult:
    """The core of `import_file`, from tables already read (tests feed it grids)."""
    overrides = parse_columns(opts.columns)
    registry = registry_for(list(opts.criteria))
    framework = None
    if opts.framework:
        if opts.framework not in registry.ids():
            raise UsageError(f"không tìm thấy bộ tiêu chí '{opts.framework}' (đã tìm trong: {registry.searched()}; "
                             f"có: {', '.join(registry.ids()) or '—'})",
                             f"unknown framework '{opts.framework}' (searched: {registry.searched()}; "
                             f"known: {', '.join(registry.ids()) or '-'})")
        framework, _ = registry.get(opts.framework)
    index, header, others = choose(tables, fmt, overrides, opts.sheet, opts.table)
    parsed = read_rows(tables, index, header, overrides)
    others = [t for t in others if all(t is not s.table for s in parsed.segments)]
    heading = read_heading(heading_lines(tables[index], header))
    plan = build_plan(parsed, heading, opts.framework, framework, opts.unit, opts.year, opts.baseline_year)
    comment = yaml_header(Path(source).name, parsed, opts.lang)
    display = "<stdout>" if target == "-" else target
    text = dump_plan(with_raw(plan, parsed.raw), comment)
    diagnostics = checked_as_written(dump_plan(plan, comment), text, display, registry)
    return ImportResult(source, target, fmt, parsed, heading, plan, text, sort_diagnostics(diagnostics), others)


def checked_as_written(clean: str, written: str, display: str, registry) -> list[Diagnostic]:
    """The diagnostics of the plan without the unreadable cells (those are
    already reported, IMP101), at the lines of the text as written (which
    keeps those cells' text, so `validate` of the file reports them too)."""
    import dataclasses

    from .office import path_at

    document = load_text(clean, display)
    diagnostics = list(document.diagnostics)
    if not document.refused and document.model is not None:
        diagnostics.extend(check(document, registry))
    if clean == written:
        return diagnostics
    target = load_text(written, display).source
    out = []
    for d in diagnostics:
        path = path_at(document.source, d.line, d.column)
        line, column = target.at(path) if path else (d.line, d.column)
        out.append(dataclasses.replace(d, line=line, column=column))
    return out


# -- every appendix of a file ------------------------------------------------------------

@dataclass
class Appendix:
    """One appendix found in a file: its kind, the document built from it (a
    plain dict, as the YAML will hold it), and where each value came from."""

    kind: str                        # plan | targets | budget
    table: Table                     # its (first) table
    data: dict
    cells: dict                      # data path -> Cell (the source map)
    raw: dict                        # data path -> text of a cell that could not be read
    findings: list[Finding]
    heading: Heading
    parsed: object = None            # the plan reader's Parsed, for the import report

    def text(self, header: str = "", raw: bool = False) -> str:
        """The YAML; with `raw`, unreadable cells keep their text (quoted), so
        that validating the written file reports them too."""
        data = with_raw(self.data, self.raw) if raw else self.data
        return dump_plan(data, header) if self.kind == "plan" else dump(data, header)

    def load(self, display: str):
        """The document loaded and typed as the loader does for YAML, straight
        from the data (no YAML written and parsed again): its source map gives
        each value path its own pseudo line, which `office.locate` turns back
        into the cell the value came from."""
        from ..load import _typed
        from ..load.yamlsrc import Loaded, SourceMap

        source = SourceMap(display)
        counter = iter(range(1, 1 << 30))

        def walk(node, path: tuple) -> None:
            source.values[path] = (next(counter), 1)
            if isinstance(node, dict):
                for key, value in node.items():      # keys as the YAML source map has them: text
                    source.keys[path + (str(key),)] = (next(counter), 1)
                    walk(value, path + (str(key),))
            elif isinstance(node, list):
                for i, value in enumerate(node):
                    walk(value, path + (i,))

        # unreadable cells keep their text, so the loader reads each as an
        # unknown value (anywhere in [0, max]) rather than a missing one
        data = with_raw(self.data, self.raw)
        walk(data, ())
        source.lines = next(counter)
        return _typed(Loaded(data, source, []))


def with_raw(data: dict, raw: dict) -> dict:
    import copy

    out = copy.deepcopy(data)
    for path, text in raw.items():
        node = out
        try:
            for part in path[:-1]:
                if isinstance(node, dict) and part not in node:
                    node[part] = {}
                node = node[part]
            node[path[-1]] = _QuotedCode(text)   # always quoted: never read as a number
        except (KeyError, IndexError, TypeError):
            continue
    return out


def appendices(tables: list[Table], fmt: str, path: Path | None = None, for_validate: bool = False,
               opts: Options | None = None) -> list[Appendix]:
    """Every appendix table of the file, in order (a table continued on the next
    page is one appendix)."""
    opts = opts or Options()
    overrides = parse_columns(opts.columns)
    consumed: set[int] = set()
    out: list[Appendix] = []
    for index, table in enumerate(tables):
        if id(table) in consumed:
            continue
        header = find_header(table, overrides)
        other = None
        if header is not None and not overrides and not is_scored(header):
            other = other_appendix(table, opts, path if for_validate else None)
            if other is not None:
                out.append(other)
                continue
        if header is not None:
            parsed = read_rows(tables, index, header, overrides)
            consumed.update(id(s.table) for s in parsed.segments)
            heading = read_heading(heading_lines(table, header))
            plan = build_plan(parsed, heading, None, None, opts.unit, opts.year, opts.baseline_year)
            out.append(Appendix("plan", table, plan, parsed.cells, parsed.raw, parsed.findings, heading, parsed))
            continue
        other = other_appendix(table, opts, None)
        if other is not None:
            out.append(other)
    _share_unit(out, path.stem if for_validate and path is not None else None)
    return out


def _share_unit(found: list[Appendix], fallback: str | None) -> None:
    """Appendices of one file belong to one Kế hoạch: one that does not say its
    unit or document (a sheet without the "(Kèm theo …)" line) takes them from
    the first that does. In `validate`, a unit found nowhere is the file's name
    (the sender; not a mistake in the table)."""
    unit = next((a.data["unit"] for a in found if a.data.get("unit")), None) or fallback
    document = next((a.data["document"] for a in found if a.data.get("document", {}).get("issuer")), None)
    for appendix in found:
        data = appendix.data
        if document is not None:
            mine = data.setdefault("document", {})
            for key in ("number", "date", "issuer"):
                if key in document and key not in mine:
                    mine[key] = document[key]
        if not data.get("unit") and unit:
            items = list(data.items())
            data.clear()
            data.update(items[:1] + [("unit", unit)] + items[1:])


def is_scored(header: Header) -> bool:
    """A plan table talks about points: a max column, or a score column whose
    label says "điểm". Otherwise a table with result/target or year columns is
    an indicators (targets) or budget table."""
    return any(c.field == "max" or (c.field in ("baseline", "target", "deducted", "self_assessed")
                                    and "diem" in fold(c.label)) for c in header.columns)


def other_appendix(table: Table, opts: Options, path: Path | None) -> Appendix | None:
    """A targets or budget appendix (`others.py`), or None."""
    from .others import read_other

    return read_other(table, opts, path)


# -- importing every appendix --------------------------------------------------------------

@dataclass
class Written(_Counted):
    """One appendix imported, ready to write to `output`."""

    appendix: Appendix
    output: str
    text: str
    diagnostics: list[Diagnostic]

    @property
    def findings(self) -> list[Finding]:
        return self.appendix.findings



KIND_VI = {"plan": "kế hoạch", "targets": "chỉ tiêu", "budget": "kinh phí"}


def appendix_names(found: list[Appendix]) -> list[str]:
    """phu-luc-i.yaml, phu-luc-ii.yaml…: the number printed in the "Phụ lục …"
    line above each table, else its position (I, II, …)."""
    names: list[str] = []
    for position, appendix in enumerate(found, start=1):
        printed = None
        table = appendix.table
        above = [next((slot.text for slot in row if not slot.empty), "") for row in table.rows[:12]]
        for line in [table.sheet or ""] + table.heading + above:
            match = re.match(r"^phu luc\s+([0-9]+|[ivxlc]+)\b", fold(line))
            if match and printed is None:
                printed = match.group(1)
        stem = f"phu-luc-{printed or _roman(position).lower()}"
        name, n = stem, 2
        while f"{name}.yaml" in names:
            name, n = f"{stem}-{n}", n + 1
        names.append(f"{name}.yaml")
    return names


def _roman(n: int) -> str:
    out = ""
    for value, letters in ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out, n = out + letters, n - value
    return out


def written(appendix: Appendix, source: str, target: str, opts: Options) -> Written:
    vi = opts.lang == "vi"
    lines = [f"Nhập bằng `parplan import` từ {Path(source).name} ({appendix.table.label(opts.lang)}), "
             f"phụ lục {KIND_VI[appendix.kind]}." if vi else
             f"Imported with `parplan import` from {Path(source).name} ({appendix.table.label(opts.lang)}), "
             f"a {appendix.kind} appendix."]
    if appendix.findings:
        lines.append("Ô/cột chưa đọc được (sửa tay trong tệp này):" if vi else
                     "Cells and columns not read (fix them by hand in this file):")
        lines += [f"- {f.where(opts.lang)}: {f.code} {f.message(opts.lang)}" for f in appendix.findings]
    comment = "\n".join(lines)
    display = "<stdout>" if target == "-" else target
    text = appendix.text(comment, raw=True)
    registry = registry_for(list(opts.criteria))
    diagnostics = checked_as_written(appendix.text(comment), text, display, registry)
    return Written(appendix, target, text, sort_diagnostics(diagnostics))


def import_any(path: str | Path, output: str | Path | None = None, *, overwrite: bool = False,
               **options) -> ImportResult | list[Written]:
    """`parplan import`: the one plan (`ImportResult`, as `import_file`), or
    every appendix of the file (`Written`s: plans, targets, budgets).

    With `--columns`/`--sheet`, or `--table N` on a plan table, as before. A
    file with one appendix goes to `output` (a file); with several, `output`
    must be a folder (`-o DIR/`) and each is written there as phu-luc-i.yaml…"""
    path = Path(path)
    opts = Options(**options)
    folder = output is not None and str(output) != "-" and (str(output).endswith(("/", "\\"))
                                                             or Path(output).is_dir())
    if opts.columns or opts.sheet is not None:
        return import_file(path, output, overwrite=overwrite, **options)
    fmt = sniff(path)
    tables = read_tables(path, fmt)
    if opts.table is not None:
        if not 1 <= opts.table <= len(tables):
            raise UsageError(f"không có bảng {opts.table} (tệp có {len(tables)} bảng)",
                             f"no table {opts.table} (the file has {len(tables)})")
        table = tables[opts.table - 1]
        header = find_header(table)
        other = None if header is not None and is_scored(header) else other_appendix(table, opts, None)
        if other is None:
            return _one_plan(path, output, overwrite, fmt, tables, opts, folder)
        target = str(Path(output) / appendix_names([other])[0]) if folder else target_for(path, output, overwrite)
        _check_targets(path, [target], overwrite)
        return [written(other, str(path), target, opts)]
    found = appendices(tables, fmt, opts=opts)
    if not found:
        return _one_plan(path, output, overwrite, fmt, tables, opts, folder)    # says what was looked for
    if not folder:
        if len(found) > 1 and any(a.kind == "plan" for a in found):
            # -o FILE: the plan appendix, as before (the others are named in the report)
            return _one_plan(path, output, overwrite, fmt, tables, opts, False)
        if len(found) > 1:
            listing_vi = ", ".join(f"{a.table.label('vi')} ({KIND_VI[a.kind]})" for a in found)
            listing_en = ", ".join(f"{a.table.label('en')} ({a.kind})" for a in found)
            raise UsageError(f"{path}: có {len(found)} phụ lục: {listing_vi}; dùng -o THƯ_MỤC/ để ghi mỗi phụ lục "
                             "một tệp (phu-luc-i.yaml, …), hoặc --table N để chọn một",
                             f"{path}: {len(found)} appendices: {listing_en}; use -o FOLDER/ to write one file each "
                             "(phu-luc-i.yaml, …), or --table N to pick one")
        if found[0].kind == "plan":
            return _one_plan(path, output, overwrite, fmt, tables, replace(opts, table=tables.index(found[0].table) + 1),
                             False)
        target = target_for(path, output, overwrite)
        return [written(found[0], str(path), target, opts)]
    where = Path(output)
    if where.exists() and not where.is_dir():
        raise UsageError(f"{where} không phải thư mục", f"{where} is not a folder")
    targets = [str(where / name) for name in appendix_names(found)]
    _check_targets(path, targets, overwrite)
    return [written(a, str(path), t, opts) for a, t in zip(found, targets)]


def _check_targets(path: Path, targets: list[str], overwrite: bool) -> None:
    """Every target writable before any is written: never the input, and an
    existing file only when parplan wrote it or with `overwrite`."""
    for target in targets:
        if target != "-" and Path(target).exists() and Path(target).resolve() == path.resolve():
            raise UsageError(f"không ghi đè tệp đầu vào: {target}", f"refusing to overwrite the input file: {target}")
    from ..output_files import check_writable

    check_writable([t for t in targets if t != "-"], overwrite, [path])


def _one_plan(path: Path, output, overwrite: bool, fmt: str, tables: list[Table], opts: Options,
              folder: bool) -> ImportResult:
    if folder:
        output = Path(output) / appendix_names([Appendix("plan", tables[(opts.table or 1) - 1], {}, {}, {}, [],
                                                          Heading())])[0]
    target = target_for(path, output, overwrite)
    return import_tables(tables, fmt, str(path), target, opts)
