"""The `parplan` command: thin typer commands over `parplan.api`, one module each.

Each command parses its options, calls the library, prints, and returns an
exit status: 0 no errors, 1 the input has errors, 2 usage error. User mistakes
never end in a traceback: `main()` turns them into a message and status 2.
"""
from __future__ import annotations

import sys
from enum import Enum
from typing import Optional

import typer

from .. import api
from ..diagnostics import message_lang

# -- usage errors in the reader's language (issue 11) ----------------------
# typer's own messages ("No such option", "Missing argument", …) are English
# f-strings; parplan prints them in Vietnamese unless --lang en or
# PARPLAN_LANG=en. --lang is parsed after those errors, so the language is
# read from the raw arguments of the call.
import re as _re

from typer.core import TyperGroup as _TyperGroup

_CALL_ARGS: list[str] = []


class _Group(_TyperGroup):
    def main(self, *args, **kwargs):  # type: ignore[override]
        raw = kwargs.get("args", args[0] if args else None)
        _CALL_ARGS[:] = [str(a) for a in (sys.argv[1:] if raw is None else raw)]
        return super().main(*args, **kwargs)


def usage_lang() -> str:
    """The language of a usage error: --lang in the arguments, else PARPLAN_LANG."""
    words = list(_CALL_ARGS)
    for i, word in enumerate(words):
        if word == "--lang" and i + 1 < len(words) and words[i + 1] in ("vi", "en"):
            return words[i + 1]
        if word in ("--lang=vi", "--lang=en"):
            return word.split("=", 1)[1]
    return message_lang()


_INNER_VI = [
    (r"^Value error, (.*)$", "{0}"),
    (r"^(.+) is not one of (.+)\.$", "{0} không thuộc các giá trị {1}."),
    (r"^(.+) is not a valid integer( range)?\.?$", "cần một số nguyên"),
    (r"^(.+) is not a valid float( range)?\.?$", "cần một số"),
    (r"^(.+) is not a valid boolean\.?$", "cần true hoặc false"),
    (r"^(.+) is not in the range x>=(.+)\.$", "cần lớn hơn hoặc bằng {1}"),
    (r"^(.+) is not in the range x<=(.+)\.$", "cần nhỏ hơn hoặc bằng {1}"),
    (r"^(.+) is not in the range (.+)\.$", "{0} nằm ngoài khoảng {1}."),
    (r"^(.+) is not (.+)\.$", "{0} không phải {1}."),
    (r"^Input should be greater than or equal to (.+)$", "cần lớn hơn hoặc bằng {0}"),
    (r"^Input should be less than or equal to (.+)$", "cần nhỏ hơn hoặc bằng {0}"),
    (r"^Input should be greater than (.+)$", "cần lớn hơn {0}"),
    (r"^Input should be a valid integer.*$", "cần một số nguyên"),
    (r"^Input should be a valid number.*$", "cần một số"),
    (r"^Input should be a valid boolean.*$", "cần true hoặc false"),
    (r"^(File|Directory|Path) (.+) does not exist\.?$", "{1} không tồn tại."),
    (r"^(File|Directory|Path) (.+) is a directory\.?$", "{1} là một thư mục."),
    (r"^(File|Directory|Path) (.+) is a file\.?$", "{1} là một tệp."),
]

_OUTER_VI = [
    (r"^No such option: (\S+) \(Possible options: (.+)\)$", "không có tùy chọn {0} (có thể là: {1})"),
    (r"^No such option: (.+)$", "không có tùy chọn {0}"),
    (r"^No such option '(.+?)'\. Did you mean '(.+)'\?$", "không có tùy chọn {0} (có thể là: {1})"),
    (r"^No such option '(.+?)'\.?$", "không có tùy chọn {0}"),
    (r"^No such command '(.+)'\. Did you mean '(.+)'\?$", "không có lệnh '{0}'. Có phải '{1}'?"),
    (r"^No such command '(.+)'\.$", "không có lệnh '{0}'."),
    (r"^Missing command\.?$", "thiếu lệnh."),
    (r"^Missing argument '(.+?)'\.(.*)$", "thiếu đối số '{0}'.{1}"),
    (r"^Missing option '(.+?)'\.(.*)$", "thiếu tùy chọn '{0}'.{1}"),
    (r"^Missing parameter: (.+)$", "thiếu tham số {0}"),
    (r"^Missing (\w+)(.*)$", "thiếu tham số{1}"),
    (r"^Got unexpected extra argument\(s\) \((.*)\)$", "thừa đối số không mong đợi ({0})"),
    (r"^Got unexpected extra arguments? \((.*)\)$", "thừa đối số không mong đợi ({0})"),
    (r"^Option '(.+)' requires an argument\.$", "tùy chọn '{0}' cần một giá trị."),
    (r"^Option '(.+)' requires (\d+) arguments\.$", "tùy chọn '{0}' cần {1} giá trị."),
    (r"^Option '(.+)' does not take a value\.$", "tùy chọn '{0}' không nhận giá trị."),
    (r"^Invalid value for (.+?): (.*)$", "giá trị không hợp lệ cho {0}: {1!inner}"),
    (r"^Invalid value: (.*)$", "giá trị không hợp lệ: {0!inner}"),
]


def _apply(rules: list, text: str) -> str | None:
    for pattern, template in rules:
        match = _re.match(pattern, text, _re.S)
        if match is None:
            continue
        groups = list(match.groups())
        out = template
        for i, value in enumerate(groups):
            if "{%d!inner}" % i in out:
                out = out.replace("{%d!inner}" % i, translate_inner(value or ""))
            out = out.replace("{%d}" % i, value or "")
        return out
    return None


def translate_inner(text: str) -> str:
    out = _apply(_INNER_VI, text)
    if out is not None and out != text and _re.match(r"^Value error, ", text):
        return translate_inner(out)
    return out if out is not None else text


def translate_usage_error(message: str, lang: str) -> str:
    """typer/click's English message in `lang` (unknown ones stay English)."""
    if lang != "vi":
        return message
    out = _apply(_OUTER_VI, message)
    return out if out is not None else message


def _show(self, file=None) -> None:
    """Replaces typer's ClickException.show: same layout, in the reader's language."""
    lang = usage_lang()
    stream = file if file is not None else sys.stderr
    ctx = getattr(self, "ctx", None)
    if ctx is not None:
        usage = ctx.get_usage()
        if lang == "vi":
            usage = _re.sub(r"^Usage: ", "Cách dùng: ", usage).replace("[OPTIONS]", "[TÙY CHỌN]")
        hint = ""
        if ctx.command.get_help_option(ctx) is not None:
            command, option = ctx.command_path, ctx.help_option_names[0]
            hint = (f"Xem '{command} {option}' để biết cách dùng.\n" if lang == "vi"
                    else f"Try '{command} {option}' for help.\n")
        stream.write(f"{usage}\n{hint}\n")
    label = "Lỗi" if lang == "vi" else "Error"
    stream.write(f"{label}: {translate_usage_error(self.format_message(), lang)}\n")
    stream.flush()


def _install_usage_translation() -> None:
    """typer ≥ 0.2x bundles its own click (typer._click); older typer uses
    click itself: patch whichever the installed typer raises."""
    modules = []
    for name in ("typer._click.exceptions", "click.exceptions"):
        try:
            modules.append(__import__(name, fromlist=["UsageError"]))
        except ImportError:
            continue
    for exceptions in modules:
        exceptions.ClickException.show = _show   # type: ignore[method-assign]
        exceptions.UsageError.show = _show       # type: ignore[method-assign]


_install_usage_translation()


# -- help pages in the reader's language (issue 11 point 7, review qa11) ----
# typer's own labels go through gettext in typer.core ("Options",
# "Arguments", "Commands", "default: …", "required"); click's formatter
# writes "Usage: " and the help option's "Show this message and exit.".
_HELP_VI = {
    "Options": "Tùy chọn",
    "Arguments": "Đối số",
    "Commands": "Lệnh",
    "default: {default}": "mặc định: {default}",
    "required": "bắt buộc",
    "env var: {var}": "biến môi trường: {var}",
    "(dynamic)": "(tính khi chạy)",
    "Aborted!": "Đã hủy!",
}
_HELP_TEXT_VI = {"Show this message and exit.": "Hiện trang trợ giúp này rồi thoát."}
_METAVAR_VI = (("<list[Path]>", "<đường dẫn…>"), ("<int range>", "<số nguyên>"), ("<int>", "<số nguyên>"),
               ("<str>", "<chữ>"), ("<path>", "<đường dẫn>"), ("<integer>", "<số nguyên>"))


def _term_vi(term: str) -> str:
    for english, vietnamese in _METAVAR_VI:
        term = term.replace(english, vietnamese)
    return term


def help_gettext(message: str) -> str:
    """typer's gettext: its label in Vietnamese unless --lang en / PARPLAN_LANG=en."""
    return _HELP_VI.get(message, message) if usage_lang() == "vi" else message


def _install_help_translation() -> None:
    """typer ≥ 0.2x formats help with its bundled click (typer._click); older
    typer with click itself: translate whichever is installed."""
    import importlib

    for name in ("typer.core", "typer._click.core", "click.core", "click.decorators"):
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        if hasattr(module, "_"):
            module._ = help_gettext              # type: ignore[attr-defined]
    for name in ("typer._click.formatting", "click.formatting"):
        try:
            _patch_formatter(importlib.import_module(name).HelpFormatter)
        except ImportError:
            continue


def _patch_formatter(HelpFormatter) -> None:
    write_usage, write_dl = HelpFormatter.write_usage, HelpFormatter.write_dl

    def _write_usage(self, prog, args="", prefix=None):
        if prefix is None and usage_lang() == "vi":
            prefix = "Cách dùng: "
            args = args.replace("[OPTIONS]", "[TÙY CHỌN]").replace("COMMAND [ARGS]...", "LỆNH [ĐỐI SỐ]...")
        return write_usage(self, prog, args, prefix)

    def _write_dl(self, rows, *args, **kwargs):
        if usage_lang() == "vi":
            rows = [(_term_vi(term), _HELP_TEXT_VI.get(text, text)) for term, text in rows]
        return write_dl(self, rows, *args, **kwargs)

    HelpFormatter.write_usage = _write_usage     # type: ignore[method-assign]
    HelpFormatter.write_dl = _write_dl           # type: ignore[method-assign]


_install_help_translation()


app = typer.Typer(
    cls=_Group,
    add_completion=False,
    no_args_is_help=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    help="parplan: kế hoạch nâng cao Chỉ số CCHC (PAR Index) — kiểm tra số liệu và xuất phụ lục.\n\n"
         "PAR Index improvement plans: exact checks and the official appendix.",
)


class Lang(str, Enum):
    vi = "vi"
    en = "en"


class Format(str, Enum):
    text = "text"
    json = "json"


LangOpt = typer.Option(None, "--lang", help="Ngôn ngữ thông báo: vi (mặc định) | en. Also PARPLAN_LANG.")
CriteriaOpt = typer.Option(None, "--criteria", help="Thư mục bộ tiêu chí bổ sung (có thể lặp lại).")
OverwriteOpt = typer.Option(False, "--overwrite",
                            help="Ghi đè cả tệp đã có không do parplan tạo, hoặc đã sửa sau khi parplan ghi "
                                 "(tệp parplan ghi mà chưa ai sửa thì được ghi lại không cần hỏi); "
                                 "không bao giờ ghi đè tệp đầu vào.")
# `--force` means one thing everywhere: go on despite errors in the input. A
# command that has no such meaning refuses it with a pointer to --overwrite.
NoForceOpt = typer.Option(False, "--force", hidden=True)


def refuse_force(force: bool, lang: str) -> None:
    """Exit 2 when `--force` was given to a command where it means nothing."""
    if force:
        fail(api.UsageError("--force chỉ có nghĩa \"vẫn chạy khi đầu vào có lỗi\" và không dùng cho lệnh này; "
                            "để ghi đè tệp đã có, dùng --overwrite",
                            "--force only means \"go on despite errors in the input\" and does not apply to this "
                            "command; to replace an existing file, use --overwrite"), lang)


def _version(value: bool) -> None:
    if value:
        from .. import __version__

        sys.stdout.write(f"parplan {__version__}\n")
        raise typer.Exit(0)


@app.callback()
def _root(version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                       help="In số phiên bản. / Print the version.")) -> None:
    """parplan: kế hoạch nâng cao Chỉ số CCHC (PAR Index). / PAR Index improvement plans."""


def language(lang: Optional[Lang]) -> str:
    return message_lang(lang.value if lang else None)


def fail(exc: api.UsageError, lang: str) -> None:
    """Print a usage error and exit with status 2."""
    sys.stderr.write(f"parplan: {exc.text(lang)}\n")
    raise typer.Exit(2)


def write_output(target: str, data: bytes, lang: str, announce: bool = False, kind: str | None = None) -> None:
    """Write a command's output atomically ("-" = standard output), creating
    its folder, sealed as parplan's own when `kind` names a text format
    (output_files.seal_text); a file that cannot be written is a usage error
    (exit 2)."""
    if target == "-":
        sys.stdout.write(data.decode("utf-8"))
        return
    from pathlib import Path

    from ..output_files import write_file

    path = Path(target)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_file(path, data, kind)
    except OSError as exc:
        fail(api.UsageError(f"không ghi được {target}: {exc.strerror or exc}",
                            f"cannot write {target}: {exc.strerror or exc}"), lang)
    if announce:
        sys.stderr.write(f"{'đã ghi' if lang == 'vi' else 'wrote'} {target}\n")
