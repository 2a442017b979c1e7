"""Loading a file into a typed model, with diagnostics instead of exceptions."""
from __future__ import annotations

import copy
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..diagnostics import Diagnostic, bilingual
from ..model import MODELS
from .errors import field_names, pydantic_diagnostics
from .yamlsrc import Loaded, SourceMap, load_bytes, load_path

__all__ = ["Document", "load_document", "load_text", "SourceMap"]


@dataclass
class Document:
    """One loaded file: its kind, its model (None when the shape is broken),
    its source map and the diagnostics found while loading."""

    file: str
    kind: str | None
    model: Any
    source: SourceMap
    diagnostics: list[Diagnostic] = field(default_factory=list)
    refused: bool = False  # PAR001/PAR007: nothing else is checked
    # Paths of values that could not be read (PAR004/PAR303 at load): they are
    # left out of the model, which is still checked; rules read each as
    # unknown (anywhere in [0, its max] for a score).
    unknown: frozenset = frozenset()
    tree: Any = None  # the plan's rolled-up tree, once the rules have built it

    @property
    def ok(self) -> bool:
        return self.model is not None


@lru_cache(maxsize=None)
def _known_fields(kind: str) -> dict[tuple, list[str]]:
    return field_names(MODELS[kind])


def load_document(path: Path, display: str | None = None) -> Document:
    return _typed(load_path(path, display or str(path)))


def load_text(text: str | bytes, display: str = "<text>") -> Document:
    raw = text.encode("utf-8") if isinstance(text, str) else text
    return _typed(load_bytes(raw, display))


def _typed(loaded: Loaded) -> Document:
    source, diags, data = loaded.source, list(loaded.diagnostics), loaded.data
    if data is None:
        refused = any(d.code in ("PAR001", "PAR007") for d in diags)
        return Document(source.file, None, None, source, diags, refused=refused)
    if not isinstance(data, dict):
        line, col = source.at(())
        diags.append(Diagnostic("PAR004", source.file, line, col, params=(("detail", bilingual(
            "tệp phải là một bảng khóa: giá trị (mapping) có khóa 'kind', không phải danh sách hay giá trị đơn",
            "the file must hold one mapping with a 'kind' key, not a list or a scalar")),)))
        return Document(source.file, None, None, source, diags)
    kind = data.get("kind")
    if kind is not None and not isinstance(kind, str):
        kind = str(kind) if isinstance(kind, (int, float)) else repr(kind)
    if kind is None:
        line, col = source.at(())
        diags.append(Diagnostic("PAR005", source.file, line, col, field="kind", params=(("key", "kind"),)))
        return Document(source.file, None, None, source, diags)
    if kind not in MODELS:
        line, col = source.at(("kind",))
        diags.append(Diagnostic("PAR004", source.file, line, col, field="kind", params=(("detail", bilingual(
            f"kind '{kind}' không hợp lệ; chỉ nhận: {', '.join(MODELS)}",
            f"unknown kind '{kind}'; expected one of: {', '.join(MODELS)}")),)))
        return Document(source.file, None, None, source, diags)
    model_cls = MODELS[kind]
    try:
        model = model_cls.model_validate(data)
    except ValidationError as exc:
        shape = pydantic_diagnostics(exc, data, source, _known_fields(kind))
        already = {(d.line, d.column) for d in diags}   # the loader said it first (bad tag, bad key)
        shape = [d for d in shape if (d.line, d.column) not in already]
        diags.extend(shape)
        model = None
        # `{baseline: 84,64}` split by YAML into 84 and a key 64: the 84 is
        # not the number meant, so it is unknown too (one mistake, one PAR003)
        splits = frozenset(dict(d.params)["split"] for d in shape if "split" in dict(d.params))
        if splits:
            data = copy.deepcopy(data)
            for where in splits:
                node: Any = data
                for part in where[:-1]:
                    node = node[part]
                node.pop(where[-1], None)
        if all(d.code == "PAR003" for d in shape):
            # Unknown keys only: report them, then check the rest of the file as
            # if they were not there, so a typo does not hide real mistakes.
            model = _without_extras(model_cls, data, exc)
            if model is not None and splits:
                return Document(source.file, kind, model, source, diags, unknown=splits)
        else:
            # A value that cannot be read makes only that value unknown: drop
            # it (and unknown keys) and check the rest of the file (issue 11).
            model, unknown = _without_bad_values(model_cls, data, exc)
            if model is not None:
                return Document(source.file, kind, model, source, diags, unknown=unknown | splits)
    return Document(source.file, kind, model, source, diags)


# Fields whose unreadable value is dropped (and read as unknown) rather than
# stopping every check: optional numbers and texts of a record.
DROPPABLE = frozenset({"max", "baseline", "target", "deducted", "appraised", "self_assessed",
                       "name", "reason", "deadline", "product", "note", "lead", "partners", "tasks"})


def _data_path(data: Any, loc: tuple) -> tuple | None:
    """The path in `data` that a pydantic `loc` names (union member names and
    validator tags skipped), or None when it does not lead to a value."""
    node, path = data, ()
    for part in loc:
        if isinstance(node, dict) and part in node:
            node, path = node[part], path + (part,)
        elif isinstance(node, dict) and isinstance(part, int) and str(part) in node:
            node, path = node[str(part)], path + (str(part),)   # a year key, read as int by the model
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            node, path = node[part], path + (part,)
    return path or None


def _without_bad_values(model_cls: type, data: dict, exc: ValidationError) -> tuple[Any, frozenset]:
    pruned = copy.deepcopy(data)
    unknown: set[tuple] = set()
    for err in exc.errors(include_url=False):
        if err["type"] == "missing":
            return None, frozenset()
        path = _data_path(data, tuple(err["loc"]))
        # only a key of a record inside a list (`entries[3].baseline`) or of
        # a top-level record (`totals.target`): never a required top field
        if path is None or len(path) < 2 or not isinstance(path[-1], str):
            return None, frozenset()
        if err["type"] != "extra_forbidden":
            amount = len(path) >= 3 and path[-2] in ("by_year", "by_source")   # a budget cell
            if path[-1] not in DROPPABLE and not amount:
                return None, frozenset()
            unknown.add(path)
        node: Any = pruned
        try:
            for part in path[:-1]:
                node = node[part]
            node.pop(path[-1], None)
        except (KeyError, IndexError, TypeError, AttributeError):
            return None, frozenset()
    try:
        return model_cls.model_validate(pruned), frozenset(unknown)
    except ValidationError:
        return None, frozenset()


def _without_extras(model_cls: type, data: dict, exc: ValidationError) -> Any:
    pruned = copy.deepcopy(data)
    for err in exc.errors(include_url=False):
        node: Any = pruned
        loc = err["loc"]
        try:
            for part in loc[:-1]:
                node = node[part]
            del node[loc[-1]]
        except (KeyError, IndexError, TypeError):
            return None
    try:
        return model_cls.model_validate(pruned)
    except ValidationError:
        return None
