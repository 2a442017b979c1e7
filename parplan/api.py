"""The library API: what the CLI and the tests call.

Nothing here prints or exits; every function returns data and diagnostics.
Rendering, diff and report live in their own modules and are imported only
by the commands that need them, so `validate` stays light.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

from .diagnostics import ERROR, WARNING, Diagnostic, sort_diagnostics
from .frameworks import Registry, default_dirs
from .load import Document, load_document
from .rules import check

YAML_SUFFIXES = (".yaml", ".yml")
OFFICE_SUFFIXES = (".docx", ".xlsx")                      # also found in folders
OLD_OFFICE_SUFFIXES = (".doc", ".xls")                    # found in folders too, to say how to convert them
REFUSED_SUFFIXES = (".doc", ".xls", ".pdf", ".docm", ".xlsm", ".odt", ".ods")   # named: told how to convert


class UsageError(Exception):
    """A mistake in how parplan was called (exit status 2), in two languages."""

    def __init__(self, vi: str, en: str):
        super().__init__(en)
        self.vi, self.en = vi, en

    def text(self, lang: str) -> str:
        return self.vi if lang == "vi" else self.en


@dataclass
class Checked:
    """A loaded document with every diagnostic about it (shape and rules)."""

    document: Document
    diagnostics: list[Diagnostic]
    registry: Registry

    @property
    def model(self):
        return self.document.model

    @property
    def kind(self) -> str | None:
        return self.document.kind

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == ERROR]

    @property
    def framework(self):
        framework_id = getattr(self.model, "framework", None)
        return self.registry.get(framework_id)[0] if framework_id else None


@dataclass
class Report:
    files: int = 0
    diagnostics: list[Diagnostic] = field(default_factory=list)
    # files whose shape is too broken for the sums to be checked (issue 11)
    unchecked: int = 0

    @property
    def without_target(self) -> int:
        """Criteria (leaves of improvement plans) without a target yet: PAR214."""
        return sum(1 for d in self.diagnostics if d.code == "PAR214")

    @property
    def errors(self) -> int:
        return sum(1 for d in self.diagnostics if d.severity == ERROR)

    @property
    def warnings(self) -> int:
        return sum(1 for d in self.diagnostics if d.severity == WARNING)

    def exit_status(self, strict: bool = False) -> int:
        return 1 if self.errors or (strict and self.warnings) else 0

    def as_dict(self, lang: str = "vi") -> dict:
        return {"files": self.files, "errors": self.errors, "warnings": self.warnings,
                "without_target": self.without_target, "unchecked": self.unchecked,
                "diagnostics": [d.as_dict(lang) for d in self.diagnostics]}


def registry_for(criteria: Iterable[Path] = (), cwd: Path | None = None) -> Registry:
    for folder in criteria:
        if not Path(folder).is_dir():
            raise UsageError(f"không có thư mục bộ tiêu chí: {folder}", f"no such criteria folder: {folder}")
    return Registry(default_dirs(list(criteria), cwd))


def checkable(path: Path) -> bool:
    """Whether a file found in a folder is one parplan checks: YAML, Word and
    Excel (.doc/.xls too, to be told how to convert them); not hidden files
    nor Office's `~$` lock files. The one place that decides it."""
    name = path.name
    return name.lower().endswith(YAML_SUFFIXES + OFFICE_SUFFIXES + OLD_OFFICE_SUFFIXES) \
        and not name.startswith((".", "~$"))


def _found_kinds(paths: Iterable[str | Path]) -> list[tuple[str, int]]:
    """What the given folders hold, by file extension (most frequent first)."""
    from collections import Counter

    kinds: Counter = Counter()
    for raw in paths:
        path = Path(raw)
        if not path.is_dir():
            continue
        for folder, dirs, files in os.walk(path, followlinks=False):
            dirs[:] = [d for d in dirs if not d.startswith(".")]
            for name in files:
                if not name.startswith("."):
                    kinds[Path(name).suffix.lower() or "-"] += 1
    return sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0]))


def require_checkable(paths: Iterable[str | Path], files: list[Path]) -> None:
    """Nothing to check is a usage error (exit 2), never a false all-clear:
    it names what the folders hold and what parplan looks for (issue 11)."""
    if files:
        return
    paths = list(paths)
    kinds = _found_kinds(paths)
    where = ", ".join(str(p) for p in paths)
    if kinds:
        found_vi = ", ".join(f"{n} tệp {k}" if k != "-" else f"{n} tệp không có đuôi" for k, n in kinds[:6])
        found_en = ", ".join(f"{n} {k} file{'s' if n != 1 else ''}" if k != "-"
                             else f"{n} file{'s' if n != 1 else ''} without an extension" for k, n in kinds[:6])
    else:
        found_vi, found_en = "thư mục không có tệp nào", "no files at all"
    pdf = any(k == ".pdf" for k, _ in kinds)
    hint_vi = "; tệp PDF: cần bản Word (.docx) hoặc Excel (.xlsx) của phụ lục" if pdf else ""
    hint_en = "; for a PDF, get the appendix as Word (.docx) or Excel (.xlsx)" if pdf else ""
    raise UsageError(
        f"không có gì để kiểm tra trong {where}: {'tìm thấy ' if kinds else ''}{found_vi}; "
        f"parplan kiểm tra các tệp .yaml, .yml, .docx, .xlsx{hint_vi}",
        f"nothing to check in {where}: {'found ' if kinds else ''}{found_en}; "
        f"parplan checks .yaml, .yml, .docx and .xlsx files{hint_en}")


def expand_paths(paths: Iterable[str | Path]) -> list[Path]:
    """Files as given, and every *.yaml/*.yml below each folder (sorted, no
    symlink loops). A missing path is a usage error."""
    out: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found: list[Path] = []
            for folder, dirs, files in os.walk(path, followlinks=False):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))   # .git, .venv, …
                found.extend(Path(folder) / name for name in sorted(files) if checkable(Path(name)))
            out.extend(found)
        elif path.exists() or path.is_symlink():
            out.append(path)
        else:
            raise UsageError(f"không có tệp hoặc thư mục: {raw}", f"no such file or folder: {raw}")
    return out


def office_file(path: Path) -> bool:
    """Can parplan check this file, and as what: True when it is read as a
    Word/Excel file (a zip holding word/document.xml or xl/workbook.xml is
    recognised by content; .doc/.xls/.pdf and damaged office files go the same
    way, to be refused with a diagnostic saying what to do); False: YAML."""
    try:
        with open(path, "rb") as handle:
            magic = handle.read(8)
    except OSError:
        return False
    if magic.startswith((b"PK\x03\x04", b"PK\x05\x06", b"\xd0\xcf\x11\xe0", b"%PDF")):
        return True
    return path.suffix.lower() in OFFICE_SUFFIXES + REFUSED_SUFFIXES


def check_file(path: Path, registry: Registry, display: str | None = None) -> Checked:
    if office_file(path):
        from .importers.office import check_office   # python-docx/openpyxl only for office files

        return check_office(path, registry, display or str(path))
    doc = load_document(path, display or str(path))
    diags = list(doc.diagnostics)
    if not doc.refused and doc.model is not None:
        diags.extend(check(doc, registry))
    return Checked(doc, sort_diagnostics(_unique(diags)), registry)


def _unique(diags: list[Diagnostic]) -> list[Diagnostic]:
    seen: set = set()
    out = []
    for d in diags:
        key = (d.code, d.file, d.line, d.column, d.item, d.field, d.location)
        if key not in seen:
            seen.add(key)
            out.append(d)
    return out


def iter_checked(files: list[Path], registry: Registry) -> Iterator[Checked]:
    for path in files:
        yield check_file(path, registry)


def validate(paths: Iterable[str | Path], criteria: Iterable[Path] = (), cwd: Path | None = None,
             jobs: int = 1, progress: Callable[[int, int], None] | None = None) -> Report:
    """Check files and folders; the report holds every diagnostic, sorted.

    Files are checked one at a time and only their diagnostics are kept, so
    memory does not grow with the number of files. `jobs` > 1 spreads the
    files over worker processes; the report is the same either way.
    `progress(done, total)` is called after each file."""
    paths = list(paths)
    files = expand_paths(paths)
    require_checkable(paths, files)
    registry = registry_for(criteria, cwd)
    report = Report(files=len(files))
    if jobs > 1 and len(files) > 1:
        import multiprocessing

        with multiprocessing.get_context("spawn" if os.name == "nt" else "fork").Pool(
                jobs, initializer=_worker_init, initargs=(registry.dirs,)) as pool:
            results = pool.imap(_worker_check, files, chunksize=max(1, min(16, len(files) // (jobs * 8) or 1)))
            for done, (diags, unchecked) in enumerate(results, start=1):
                report.diagnostics.extend(diags)
                report.unchecked += unchecked
                if progress:
                    progress(done, len(files))
    else:
        for done, checked in enumerate(iter_checked(files, registry), start=1):
            report.diagnostics.extend(checked.diagnostics)
            report.unchecked += checked.model is None
            if progress:
                progress(done, len(files))
    report.diagnostics = sort_diagnostics(_unique(report.diagnostics))
    return report


_WORKER_REGISTRY: Registry | None = None


def _worker_init(dirs: list[Path]) -> None:
    global _WORKER_REGISTRY
    _WORKER_REGISTRY = Registry(dirs)


def _worker_check(path: Path) -> tuple[list[Diagnostic], bool]:
    assert _WORKER_REGISTRY is not None
    checked = check_file(path, _WORKER_REGISTRY)
    return checked.diagnostics, checked.model is None


def check_paths(paths: Iterable[str | Path], criteria: Iterable[Path] = ()) -> tuple[list[Checked], Report]:
    """Load and check every file; the report collects their diagnostics."""
    paths = list(paths)
    files = expand_paths(paths)
    require_checkable(paths, files)
    registry = registry_for(criteria)
    checked = list(iter_checked(files, registry))
    report = Report(files=len(files), unchecked=sum(c.model is None for c in checked))
    report.diagnostics = sort_diagnostics(_unique([d for c in checked for d in c.diagnostics]))
    return checked, report


def _refuse_overwrite(outputs: dict[str, str | Path], inputs: list[Path], overwrite: bool = False) -> None:
    """Outputs must be writable files, never an input, and an existing file
    only when parplan wrote it or with `overwrite`: checked before any work."""
    from .output_files import check_writable

    sources = {p.resolve() for p in inputs}
    for target in outputs.values():
        if str(target) == "-":
            continue
        check_output_path(Path(target))
        if Path(target).resolve() in sources:
            raise UsageError(f"không ghi đè tệp đầu vào: {target}", f"refusing to overwrite an input file: {target}")
    check_writable(outputs.values(), overwrite, inputs)


def check_output_path(target: Path) -> None:
    """A usage error (exit 2) when `target` is a folder or its folder is missing."""
    if target.is_dir():
        raise UsageError(f"đường dẫn đầu ra là một thư mục, cần tên tệp: {target}",
                         f"the output is a folder, not a file name: {target}")
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise UsageError(f"không có thư mục để ghi tệp: {folder}", f"no such folder for the output: {folder}")


def render(paths: Iterable[str | Path], outputs: dict[str, str | Path], criteria: Iterable[Path] = (),
           force: bool = False, template: Path | None = None,
           overwrite: bool = False, blank: bool = False) -> tuple[Report, dict[str, bytes]]:
    """Render each input as one appendix into each requested format.

    `blank`: the .xlsx collection sheet (score columns empty, formulas kept),
    for units to fill in; only with the xlsx output alone.

    Returns the check report and the bytes per format; nothing is rendered
    when an input has errors, unless `force`. An existing output that
    parplan did not write is refused (UsageError) unless `overwrite`.
    Writing is left to the caller (`write_outputs`) so that tests can look
    at the bytes."""
    if not outputs:
        raise UsageError("chưa chọn định dạng đầu ra: dùng --docx, --xlsx, --md hoặc --html",
                         "no output requested: use --docx, --xlsx, --md or --html")
    if blank and set(outputs) != {"xlsx"}:
        raise UsageError("--blank chỉ dùng với --xlsx (bảng thu thập số liệu), không kèm --docx, --md, --html",
                         "--blank goes with --xlsx alone (the collection sheet), not with --docx, --md, --html")
    checked, report = check_paths(paths, criteria)
    _refuse_overwrite(outputs, [c.document.source.file and Path(c.document.file) for c in checked], overwrite)
    if template is not None and not Path(template).is_file():
        raise UsageError(f"không có tệp mẫu: {template}", f"no such template: {template}")
    for c in checked:
        if c.kind == "framework":
            raise UsageError(f"{c.document.file}: bộ tiêu chí không phải phụ lục để xuất; hãy xuất một kế hoạch",
                             f"{c.document.file}: a framework is not an appendix; render a plan")
    if report.errors and not force or any(c.model is None for c in checked):
        return report, {}
    from . import render as rendering

    models = [(c.model, c.framework) for c in checked]
    items = rendering.appendices(models, [c.diagnostics for c in checked], [c.document.source for c in checked])
    return report, {fmt: rendering.render_bytes(fmt, items, template, blank=blank) for fmt in outputs}


def write_outputs(outputs: dict[str, str | Path], data: dict[str, bytes], stdout=None) -> None:
    import sys

    from .output_files import write_file

    for fmt, target in outputs.items():
        if str(target) == "-":
            stream = stdout or sys.stdout.buffer
            stream.write(data[fmt])
            stream.flush()
        else:
            write_file(Path(target), data[fmt], fmt)  # sealed as parplan's own output
