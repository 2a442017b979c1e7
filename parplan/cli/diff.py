"""`parplan diff`: compare two plans, given as files or as plan years.

A year is looked up among the workspace's plans: every `*.yaml`/`*.yml` of
`kind: plan` under `plans/` and `examples/` of the workspace (the nearest
folder upward that holds `criteria/` or `plans/`), matched on its `year:`
and, with `--unit` or when one side is a file, on its `unit:`.
"""
from __future__ import annotations

import os
import re
import sys
import unicodedata
from enum import Enum
from pathlib import Path
from typing import List, Optional

import typer

from .. import api
from .common import CriteriaOpt, Lang, LangOpt, OverwriteOpt, app, fail, language

YEAR = re.compile(r"^\d{4}$")
SEARCHED = ("plans", "examples")


class DiffFormat(str, Enum):
    text = "text"
    json = "json"
    md = "md"


@app.command()
def diff(
    a: str = typer.Argument(..., metavar="A", help="Kế hoạch cũ: tệp .yaml hoặc năm kế hoạch (ví dụ 2021)."),
    b: str = typer.Argument(..., metavar="B", help="Kế hoạch mới: tệp .yaml hoặc năm kế hoạch (ví dụ 2022)."),
    unit: Optional[str] = typer.Option(None, "--unit", help="Đơn vị (khi nhiều đơn vị có kế hoạch cho các năm đó)."),
    format: Optional[DiffFormat] = typer.Option(None, "--format", help="text (mặc định) | json | md"),
    docx: Optional[Path] = typer.Option(None, "--docx", help="Ghi bảng so sánh ra tệp Word (.docx, khổ ngang)."),
    mapping: Optional[Path] = typer.Option(None, "--map", help="Tệp đối chiếu mã cũ → mã mới (xem docs/diff.md)."),
    only_changes: bool = typer.Option(False, "--only-changes", help="Chỉ hiện các dòng có thay đổi (text, md, docx)."),
    overwrite: bool = OverwriteOpt,
    lang: Optional[Lang] = LangOpt,
    criteria: Optional[List[Path]] = CriteriaOpt,
) -> None:
    """So sánh hai kế hoạch (hai năm hoặc hai tệp). / Compare two plans: years, targets against results, framework changes."""
    from .. import diff as diffing
    from ..render import diffview
    from ..output import print_diagnostics, print_json

    msg_lang = language(lang)
    try:
        path_a, path_b = resolve(a, b, unit)
        codes, limits = read_mapping(mapping) if mapping is not None else ({}, {})
        _check_output(docx, [path_a, path_b] + ([mapping] if mapping else []), overwrite)
        checked, report = api.check_paths([path_a, path_b], criteria or [])
        for c in checked:
            if c.model is not None and c.kind != "plan":
                raise api.UsageError(f"{c.document.file}: không phải kế hoạch (kind: {c.kind}); diff so sánh hai kế hoạch",
                                     f"{c.document.file}: not a plan (kind: {c.kind}); diff compares two plans")
        broken = [c for c in checked if c.model is None or (c.model.framework and c.framework is None)]
        if broken:
            print_diagnostics([d for c in broken for d in c.errors], msg_lang, stream=sys.stderr,
                              summary=(report.files, report.errors, report.warnings))
            raise typer.Exit(1)
        sides = [diffing.side(c.model, c.framework, c.document.file) for c in checked]
        _check_limits(limits, sides)
        cmp = diffing.diff(sides[0], sides[1], codes)
    except (api.UsageError, diffing.DiffError) as exc:
        fail(exc, msg_lang)

    for vi_note, en_note in cmp.notes:
        sys.stderr.write(f"parplan: {vi_note if msg_lang == 'vi' else en_note}\n")
    shown = format or (None if docx is not None else DiffFormat.text)
    if shown is DiffFormat.json:
        print_json(diffview.as_dict(cmp))
    elif shown is DiffFormat.md:
        sys.stdout.write(diffview.markdown(cmp, msg_lang, only_changes))
    elif shown is DiffFormat.text:
        _print_text(diffview.renderables(cmp, msg_lang, only_changes))
    if docx is not None:
        from ..output_files import write_file
        from ..render.docx import to_bytes

        try:
            write_file(docx, to_bytes([diffview.appendix(cmp, only_changes)]))
        except OSError as exc:
            fail(api.UsageError(f"không ghi được {docx}: {exc.strerror or exc}",
                                f"cannot write {docx}: {exc.strerror or exc}"), msg_lang)
        sys.stderr.write(f"{'đã ghi' if msg_lang == 'vi' else 'wrote'} {docx}\n")
    for c in {c.document.file: c for c in checked}.values():
        if c.errors:
            n = len(c.errors)
            sys.stderr.write(
                f"parplan: {c.document.file}: {n} lỗi số liệu; bảng so sánh dùng số ghi trong tệp "
                f"(xem: parplan validate {c.document.file})\n" if msg_lang == "vi" else
                f"parplan: {c.document.file}: {n} error{'s' if n != 1 else ''} in the numbers; the comparison "
                f"uses the values as written (see: parplan validate {c.document.file})\n")
    raise typer.Exit(report.exit_status())


def _print_text(renderables: list) -> None:
    from rich.console import Console

    from ..output import is_terminal

    terminal = is_terminal(sys.stdout)
    # In a pipe rich would assume 80 columns: give the table room unless COLUMNS says otherwise.
    width = None if terminal or os.environ.get("COLUMNS") else 132
    console = Console(file=sys.stdout, highlight=False, width=width)
    for item in renderables:
        console.print(item)


def _check_output(target: Optional[Path], inputs: list[Path], overwrite: bool = False) -> None:
    """Refuse, before any work, an output that would overwrite an input or
    cannot be written, or an existing file parplan did not write (unless
    `overwrite`)."""
    if target is None:
        return
    if target.resolve() in {p.resolve() for p in inputs}:
        raise api.UsageError(f"không ghi đè tệp đầu vào: {target}", f"refusing to overwrite an input file: {target}")
    if target.is_dir():
        raise api.UsageError(f"{target} là thư mục, không phải tệp .docx", f"{target} is a folder, not a .docx file")
    if not target.parent.is_dir():
        raise api.UsageError(f"không có thư mục để ghi: {target.parent}", f"no such folder to write to: {target.parent}")
    from ..output_files import check_writable

    check_writable([target], overwrite, inputs)


# -- A and B: files, or years among the workspace's plans ----------------------

def _norm(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split()).casefold()


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def _argument(raw: str) -> Path | int:
    path = Path(raw)
    if path.is_file():
        return path
    if YEAR.match(raw):
        return int(raw)
    if path.is_dir():
        raise api.UsageError(f"{raw} là thư mục; A và B là tệp kế hoạch hoặc năm (ví dụ 2021)",
                             f"{raw} is a folder; A and B are plan files or years (e.g. 2021)")
    raise api.UsageError(f"không có tệp: {raw} (A và B là tệp kế hoạch hoặc năm, ví dụ 2021)",
                         f"no such file: {raw} (A and B are plan files or years, e.g. 2021)")


def _head(path: Path) -> tuple[str | None, int | None, str | None]:
    """kind, year and unit as the file writes them (no checks: the chosen
    files are checked in full later)."""
    from ..load.yamlsrc import load_path

    data = load_path(path).data
    if not isinstance(data, dict):
        return None, None, None
    year = data.get("year")
    try:
        year = int(year) if not isinstance(year, bool) and year is not None else None
    except (TypeError, ValueError):
        year = None
    unit = data.get("unit")
    return data.get("kind"), year, unit.strip() if isinstance(unit, str) else None


def workspace_plans(workspace: Path) -> list[tuple[Path, int, str | None]]:
    """(file, year, unit) of every plan under the workspace's plans/ and examples/."""
    folders = [workspace / name for name in SEARCHED if (workspace / name).is_dir()]
    out = []
    for path in api.expand_paths(folders) if folders else []:
        kind, year, unit = _head(path)
        if kind == "plan" and year is not None:
            out.append((path, year, unit))
    return out


def _matching(query: str, units: set[str]) -> set[str]:
    exact = {u for u in units if _norm(u) == _norm(query)}
    return exact or {u for u in units if _norm(query) in _norm(u)}


def resolve(a: str, b: str, unit: str | None = None, cwd: Path | None = None) -> tuple[Path, Path]:
    """The two plan files to compare. Raises api.UsageError (exit 2)."""
    from ..frameworks import find_workspace

    args = [_argument(a), _argument(b)]
    years = sorted({x for x in args if isinstance(x, int)})
    if not years:
        return args[0], args[1]
    workspace = find_workspace(cwd)
    if workspace is None:
        raise api.UsageError(
            f"không tìm thấy thư mục làm việc (thư mục có plans/ hoặc criteria/) để tìm kế hoạch năm "
            f"{', '.join(map(str, years))}; hãy chạy lệnh trong thư mục làm việc hoặc chỉ rõ tệp",
            f"no workspace (a folder with plans/ or criteria/) to look up the plans for "
            f"{', '.join(map(str, years))}; run parplan inside a workspace or give the files")
    where = " và ".join(str(workspace / name) for name in SEARCHED)
    where_en = " and ".join(str(workspace / name) for name in SEARCHED)
    plans = workspace_plans(workspace)
    by_year = {y: [(p, u) for p, year, u in plans if year == y] for y in years}
    known = sorted({year for _, year, _ in plans})
    for year in years:
        if not by_year[year]:
            listed = ", ".join(map(str, known)) or "không có"
            raise api.UsageError(f"không có kế hoạch năm {year} trong {where} (các năm có kế hoạch: {listed})",
                                 f"no plan for {year} in {where_en} (years with plans: "
                                 f"{', '.join(map(str, known)) or 'none'})")
    given = [x for x in args if isinstance(x, Path)]
    if unit is None and given:
        unit = _head(given[0])[2]
    units_by_year = {y: {u for _, u in by_year[y] if u} for y in years}
    if unit is not None:
        chosen: set[str] = set()
        for year in years:
            found = _matching(unit, units_by_year[year])
            if not found:
                listed = "; ".join(sorted(units_by_year[year]))
                raise api.UsageError(f"không có kế hoạch năm {year} của đơn vị '{unit}' (năm {year} có: {listed})",
                                     f"no plan for {year} of unit '{unit}' ({year} has: {listed})")
            if len(found) > 1:
                raise api.UsageError(f"'{unit}' khớp nhiều đơn vị: {'; '.join(sorted(found))}; hãy ghi đủ tên",
                                     f"'{unit}' matches several units: {'; '.join(sorted(found))}; give the full name")
            chosen |= found
        wanted = {_norm(u) for u in chosen}
    else:
        common = set.intersection(*({_norm(u) for u in units_by_year[y]} for y in years))
        names = sorted({u for y in years for u in units_by_year[y] if _norm(u) in common})
        if len(common) > 1:
            raise api.UsageError(
                f"nhiều đơn vị có kế hoạch năm {' và '.join(map(str, years))}: {'; '.join(names)}; "
                f"chọn một bằng --unit, ví dụ --unit \"{names[0]}\"",
                f"several units have plans for {' and '.join(map(str, years))}: {'; '.join(names)}; "
                f"choose one with --unit, e.g. --unit \"{names[0]}\"")
        if not common:
            detail = "; ".join(f"{y}: {', '.join(sorted(units_by_year[y])) or '?'}" for y in years)
            raise api.UsageError(
                f"không có đơn vị nào có kế hoạch cho cả năm {' và '.join(map(str, years))} ({detail}); "
                f"hãy chỉ rõ hai tệp",
                f"no unit has plans for both {' and '.join(map(str, years))} ({detail}); give the two files")
        wanted = common
    files: dict[int, Path] = {}
    for year in years:
        found = [p for p, u in by_year[year] if u and _norm(u) in wanted]
        if len(found) > 1:
            listed = ", ".join(_display(p) for p in found)
            raise api.UsageError(f"có nhiều kế hoạch năm {year} của cùng đơn vị: {listed}; hãy chỉ rõ tệp",
                                 f"several plans for {year} of the same unit: {listed}; give the file")
        files[year] = Path(_display(found[0]))
    resolved = [files[x] if isinstance(x, int) else x for x in args]
    return resolved[0], resolved[1]


# -- --map -------------------------------------------------------------------

def read_mapping(path: Path) -> tuple[dict[str, str | None], dict[str, str]]:
    """Old code -> new code, and the optional framework ids it is written for
    (`from`, `to`). A broken mapping file is a usage error."""
    from .. import diff as diffing
    from ..load.yamlsrc import load_path

    if not path.is_file():
        raise api.UsageError(f"không có tệp đối chiếu: {path}", f"no such mapping file: {path}")
    loaded = load_path(path, str(path))
    problems = [(f"{path}:{d.line}:{d.column}: {d.code} {d.message('vi')}",
                 f"{path}:{d.line}:{d.column}: {d.code} {d.message('en')}") for d in loaded.diagnostics]
    codes: dict[str, str | None] = {}
    if loaded.data is not None:
        codes, found = diffing.mapping_from_data(loaded.data)
        for where, vi_text, en_text in found:
            line, col = loaded.source.at(where)
            problems.append((f"{path}:{line}:{col}: {vi_text}", f"{path}:{line}:{col}: {en_text}"))
    if problems:
        raise api.UsageError("tệp đối chiếu có lỗi:\n  " + "\n  ".join(p[0] for p in problems),
                             "the mapping file has errors:\n  " + "\n  ".join(p[1] for p in problems))
    limits = {k: loaded.data[k] for k in ("from", "to") if loaded.data.get(k)}
    return codes, limits


def _check_limits(limits: dict[str, str], sides: list) -> None:
    for key, side, label in (("from", sides[0], "A"), ("to", sides[1], "B")):
        wanted = limits.get(key)
        if wanted is not None and side.info.framework != wanted:
            actual = side.info.framework or "tự mô tả"
            raise api.UsageError(
                f"tệp đối chiếu dành cho {key}: {wanted}, nhưng {label} dùng bộ tiêu chí {actual}",
                f"the mapping is for {key}: {wanted}, but {label} uses framework "
                f"{side.info.framework or 'self-described'}")
