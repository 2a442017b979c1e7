"""Rendering: the view layer (`view.py`) and one writer per output format.

Imported only by commands that render, so `parplan validate` never loads
python-docx, openpyxl or jinja2.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

from .view import Appendix, appendix_for, attach_diagnostics

def appendices(models: list[tuple[Any, Any]], diagnostics: list[list[Any]] | None = None,
               sources: list[Any] | None = None) -> list[Appendix]:
    """(model, framework) pairs -> appendices numbered I, II, … when several.
    With `diagnostics` (one list per model), each appendix carries them for
    the review view (marked cells in HTML, comments in .xlsx)."""
    items = [appendix_for(model, framework, i, len(models)) for i, (model, framework) in enumerate(models)]
    if diagnostics is not None:
        for i, (item, diags) in enumerate(zip(items, diagnostics)):
            attach_diagnostics(item, diags, i, sources[i] if sources else None)
    return items


def writer(fmt: str) -> Callable[..., bytes]:
    """The function turning appendices into the bytes of one format."""
    if fmt == "docx":
        from .docx import to_bytes
        return to_bytes
    if fmt == "xlsx":
        from .xlsx import to_bytes
        return to_bytes
    if fmt in ("md", "html"):
        from .jinja import renderer
        return renderer(fmt)
    raise ValueError(fmt)


def render_bytes(fmt: str, items: list[Appendix], template: Path | None = None, blank: bool = False) -> bytes:
    if blank and fmt == "xlsx":   # the collection sheet: score columns empty, formulas kept
        from .xlsx import to_bytes
        return to_bytes(items, blank=True)
    if template is not None and fmt in ("md", "html"):
        from .jinja import user_template
        return user_template(template, fmt)(items)
    return writer(fmt)(items)
