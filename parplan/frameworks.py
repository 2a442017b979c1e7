"""Finding frameworks: shipped with parplan, in the workspace, in --criteria.

Later sources override earlier ones for the same id: shipped < workspace
`criteria/` < each `--criteria DIR` in order. Files are loaded lazily, once.
A broken framework file is reported when a plan refers to its id.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from .diagnostics import Diagnostic
from .load import Document, load_document
from .model import Framework
from .resources import shipped_criteria_dir

_ID_LINE = re.compile(r"^id:\s*['\"]?([^'\"#\n]+?)['\"]?\s*(#.*)?$", re.M)
_FRAMEWORK_HEAD = re.compile(r"^kind:\s*['\"]?framework", re.M)


def framework_files(dirs: list[Path]):
    """(folder, path, id or None) of every `kind: framework` file in `dirs`,
    in order, found from the head of each file without parsing it."""
    for folder in dirs:
        if not folder.is_dir():
            continue
        for path in sorted(folder.glob("*.y*ml")):
            if path.suffix not in (".yaml", ".yml"):
                continue
            try:
                head = path.read_text(encoding="utf-8", errors="replace")[:20000]
            except OSError:
                continue
            if not _FRAMEWORK_HEAD.search(head):
                continue
            match = _ID_LINE.search(head)
            yield folder, path, match.group(1).strip() if match else None


def find_workspace(start: Path | None = None) -> Path | None:
    """The nearest folder upward from `start` that holds `criteria/` or `plans/`."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "criteria").is_dir() or (folder / "plans").is_dir():
            return folder
    return None


def default_dirs(extra: list[Path] | None = None, cwd: Path | None = None) -> list[Path]:
    dirs = [shipped_criteria_dir()]
    workspace = find_workspace(cwd)
    if workspace is not None:
        dirs.append(workspace / "criteria")
    dirs.extend(extra or [])
    out: list[Path] = []
    for d in dirs:
        try:
            resolved = d.resolve()
        except OSError:
            continue
        if resolved not in out:
            out.append(resolved)
    return out


@dataclass
class Entry:
    path: Path
    document: Document | None = None


@dataclass
class Registry:
    dirs: list[Path]
    _index: dict[str, Entry] | None = None
    _unnamed: list[Path] = field(default_factory=list)
    _reported: set[str] = field(default_factory=set)

    def _build(self) -> dict[str, Entry]:
        if self._index is not None:
            return self._index
        index: dict[str, Entry] = {}
        for _folder, path, ident in framework_files(self.dirs):
            if ident:
                index[ident] = Entry(path)
            else:
                self._unnamed.append(path)
        self._index = index
        return index

    def ids(self) -> list[str]:
        return sorted(self._build())

    def paths(self) -> dict[str, Path]:
        return {k: v.path for k, v in self._build().items()}

    def document(self, framework_id: str) -> Document | None:
        entry = self._build().get(framework_id)
        if entry is None:
            return None
        if entry.document is None:
            entry.document = load_document(entry.path, _display(entry.path))
        return entry.document

    def get(self, framework_id: str) -> tuple[Framework | None, list[Diagnostic]]:
        """The framework with this id, and (once per run) the diagnostics of
        its file if it is broken."""
        doc = self.document(framework_id)
        if doc is None:
            return None, []
        diags: list[Diagnostic] = []
        if framework_id not in self._reported:
            self._reported.add(framework_id)
            from .rules import check

            diags = list(doc.diagnostics) + (check(doc, self) if doc.model is not None else [])
        model = doc.model if isinstance(doc.model, Framework) and doc.model.id == framework_id else None
        if any(d.severity == "error" for d in diags) or model is None:
            self._broken = getattr(self, "_broken", set()) | {framework_id}
        if framework_id in getattr(self, "_broken", set()):
            return None, diags
        return model, diags

    def searched(self) -> str:
        return ", ".join(_display(d) for d in self.dirs)


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
