"""`parplan init`: a new workspace (criteria/, plans/, templates/, pre-commit)."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import List, Optional

import typer

from .. import api
from .common import CriteriaOpt, Lang, LangOpt, NoForceOpt, OverwriteOpt, app, fail, language, refuse_force


@app.command("init")
def init(
    folder: Path = typer.Argument(Path("."), help="Thư mục tạo không gian làm việc (mặc định: thư mục hiện tại)."),
    framework: str = typer.Option("tinh-2020", "--framework", help="Bộ tiêu chí của kế hoạch mẫu (xem parplan frameworks)."),
    unit: Optional[str] = typer.Option(None, "--unit", help="Đơn vị, ví dụ \"UBND tỉnh Đắk Nông\"."),
    year: Optional[int] = typer.Option(None, "--year", help="Năm của kế hoạch mẫu (mặc định: năm sau)."),
    number: Optional[str] = typer.Option(None, "--number", help="Số hiệu Kế hoạch, ví dụ 120/KH-UBND."),
    date: Optional[str] = typer.Option(None, "--date", help="Ngày ban hành Kế hoạch (YYYY-MM-DD hoặc DD/MM/YYYY)."),
    issuer: Optional[str] = typer.Option(None, "--issuer",
                                         help="Cơ quan/người ban hành (mặc định: đơn vị), ví dụ \"Chủ tịch UBND tỉnh Đắk Nông\"."),
    overwrite: bool = OverwriteOpt,
    force: bool = NoForceOpt,
    lang: Optional[Lang] = LangOpt,
    criteria: Optional[List[Path]] = CriteriaOpt,
) -> None:
    """Tạo không gian làm việc: criteria/, plans/, templates/, pre-commit. / Create a workspace."""
    msg_lang = language(lang)
    refuse_force(force, msg_lang)
    from ..workspace import init_workspace

    if interactive():  # ask only at a terminal, never in a pipe or a script
        unit, number, date, issuer = _ask(unit, number, date, issuer, msg_lang)
    try:
        made = init_workspace(folder, framework, unit, year, overwrite=overwrite, criteria=criteria or [],
                              number=number, issued=date, issuer=issuer)
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


def interactive() -> bool:
    return sys.stdin.isatty()


def _ask(unit, number, date, issuer, lang: str):
    """Prompt for what was not given; an empty answer leaves it blank."""
    vi = lang == "vi"
    questions = (("unit", unit, "Đơn vị (ví dụ UBND tỉnh Đắk Nông)", "Unit (e.g. UBND tỉnh Đắk Nông)"),
                 ("number", number, "Số hiệu Kế hoạch (ví dụ 120/KH-UBND; bỏ trống nếu chưa có)",
                  "Plan number (e.g. 120/KH-UBND; empty if not issued yet)"),
                 ("date", date, "Ngày ban hành (YYYY-MM-DD; bỏ trống nếu chưa có)",
                  "Date issued (YYYY-MM-DD; empty if not issued yet)"),
                 ("issuer", issuer, "Cơ quan ban hành (bỏ trống: là đơn vị)", "Issued by (empty: the unit)"))
    answers = {}
    for key, given, q_vi, q_en in questions:
        answers[key] = given if given is not None else (
            typer.prompt(q_vi if vi else q_en, default="", show_default=False).strip() or None)
    return answers["unit"], answers["number"], answers["date"], answers["issuer"]
