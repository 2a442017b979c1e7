"""`parplan frameworks`: the frameworks parplan can use from here."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import List, Optional

import typer

from .. import api
from ..output import print_json
from .common import CriteriaOpt, Format, Lang, LangOpt, app, fail, language

ORIGIN = {"vi": {"shipped": "có sẵn", "workspace": "không gian làm việc", "criteria": "--criteria"},
          "en": {"shipped": "shipped", "workspace": "workspace", "criteria": "--criteria"}}


@app.command()
def frameworks(
    format: Format = typer.Option(Format.text, "--format", help="text | json"),
    lang: Optional[Lang] = LangOpt,
    criteria: Optional[List[Path]] = CriteriaOpt,
) -> None:
    """Liệt kê bộ tiêu chí: có sẵn, của không gian làm việc, --criteria. / List frameworks."""
    msg_lang = language(lang)
    from ..numbers import plain, vi
    from ..workspace import _display, list_frameworks

    try:
        found = list_frameworks(criteria or [])
    except api.UsageError as exc:
        fail(exc, msg_lang)
    if format is Format.json:
        print_json({"frameworks": [{
            "id": f.id, "title": f.title, "level": f.level, "applies_from": f.applies_from,
            "applies_to": f.applies_to, "total": plain(f.total), "items_per_level": f.per_level,
            "adds_up": f.adds_up, "errors": f.errors, "origin": f.origin, "file": _display(f.file),
            "overridden_by": _display(f.overridden_by) if f.overridden_by else None} for f in found]})
        raise typer.Exit(1 if any(f.errors for f in found) else 0)
    is_vi = msg_lang == "vi"
    head = (["id", "cấp", "năm áp dụng", "tổng điểm", "số mục theo cấp", "cộng đúng", "nguồn"] if is_vi
            else ["id", "level", "years", "total", "items per level", "adds up", "source"])
    rows = []
    for f in found:
        years = f"{f.applies_from or ''}–{f.applies_to or ''}" if (f.applies_from or f.applies_to) else ""
        ok = ("có" if is_vi else "yes") if f.adds_up else (f"không ({f.errors} lỗi)" if is_vi else f"no ({f.errors} errors)")
        where = f"{ORIGIN[msg_lang][f.origin]}: {_display(f.file)}"
        if f.overridden_by is not None:
            where += (f" (bị thay bởi {_display(f.overridden_by)})" if is_vi
                      else f" (overridden by {_display(f.overridden_by)})")
        rows.append([f.id, f.level or "", years, vi(f.total) if f.total is not None else "",
                     " / ".join(str(n) for n in f.per_level), ok, where])
    if not rows:
        sys.stdout.write("không có bộ tiêu chí nào\n" if is_vi else "no frameworks found\n")
        raise typer.Exit(0)
    widths = [max(len(r[i]) for r in [head, *rows]) for i in range(len(head))]
    for row in [head, *rows]:
        sys.stdout.write("  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip() + "\n")
    bad = [f for f in found if f.errors]
    if bad:
        sys.stderr.write(("parplan: bộ tiêu chí có lỗi; xem: parplan validate " if is_vi
                          else "parplan: frameworks with errors; see: parplan validate ")
                         + " ".join(_display(f.file) for f in bad) + "\n")
    raise typer.Exit(1 if bad else 0)
