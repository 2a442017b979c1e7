"""`parplan init`: a new workspace (criteria/, plans/, templates/, pre-commit)."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import List, Optional

import typer

from .. import api
from .common import CriteriaOpt, Lang, LangOpt, app, fail, language


@app.command("init")
def init(
    folder: Path = typer.Argument(Path("."), help="Thư mục tạo không gian làm việc (mặc định: thư mục hiện tại)."),
    framework: str = typer.Option("tinh-2020", "--framework", help="Bộ tiêu chí của kế hoạch mẫu (xem parplan frameworks)."),
    unit: Optional[str] = typer.Option(None, "--unit", help="Đơn vị, ví dụ \"UBND tỉnh Đắk Nông\"."),
    year: Optional[int] = typer.Option(None, "--year", help="Năm của kế hoạch mẫu (mặc định: năm nay)."),
    force: bool = typer.Option(False, "--force", help="Vẫn tạo trong thư mục đã có nội dung (ghi đè các tệp mẫu)."),
    lang: Optional[Lang] = LangOpt,
    criteria: Optional[List[Path]] = CriteriaOpt,
) -> None:
    """Tạo không gian làm việc: criteria/, plans/, templates/, pre-commit. / Create a workspace."""
    msg_lang = language(lang)
    from ..workspace import init_workspace

    try:
        made = init_workspace(folder, framework, unit, year, force=force, criteria=criteria or [])
    except api.UsageError as exc:
        fail(exc, msg_lang)
    vi = msg_lang == "vi"
    out = sys.stdout
    out.write((f"Đã tạo không gian làm việc parplan trong {folder}:\n" if vi
               else f"Created a parplan workspace in {folder}:\n"))
    for rel in made.files:
        mark = (" (ghi đè)" if vi else " (replaced)") if rel in made.replaced else ""
        out.write(f"  {rel.as_posix()}{mark}\n")
    out.write((f"Kế hoạch mẫu năm {made.year}: {made.plan.as_posix()} (bộ tiêu chí {made.framework}); "
               "điền baseline, target, tasks, lead.\n" if vi
               else f"Starter plan for {made.year}: {made.plan.as_posix()} (framework {made.framework}); "
                    "fill in baseline, target, tasks, lead.\n"))
    here = folder.resolve() == Path.cwd().resolve()
    if vi:
        out.write("Ba lệnh tiếp theo" + ("" if here else f" (trong thư mục {folder}: cd {folder})") + ":\n")
    else:
        out.write("Next three commands" + ("" if here else f" (inside {folder}: cd {folder})") + ":\n")
    for command in made.next_commands():
        out.write(f"  {command}\n")
    raise typer.Exit(0)
