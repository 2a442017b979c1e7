"""Markdown and HTML through jinja2 templates.

Templates get strings only (formatted in `view.py`); a missing variable is an
error (StrictUndefined), HTML is autoescaped, and a user's `--template` runs
in a sandbox that cannot reach Python internals.
"""
from __future__ import annotations

from pathlib import Path
from typing import Callable

import jinja2
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError

from ..resources import shipped_templates_dir
from .view import Appendix

TEMPLATE_NAMES = {"md": "appendix.md.j2", "html": "appendix.html.j2"}


class TemplateProblem(Exception):
    """A user template that cannot be used (syntax, unknown variable, sandbox)."""


def _md_cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", "<br>")


def _env(loader: jinja2.BaseLoader, fmt: str, sandboxed: bool) -> jinja2.Environment:
    cls = ImmutableSandboxedEnvironment if sandboxed else jinja2.Environment
    env = cls(loader=loader, undefined=jinja2.StrictUndefined, autoescape=(fmt == "html"),
              trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.filters["md_cell"] = _md_cell
    return env


def _context(items: list[Appendix]) -> dict:
    return {"appendices": items}


def renderer(fmt: str) -> Callable[[list[Appendix]], bytes]:
    env = _env(jinja2.FileSystemLoader(str(shipped_templates_dir())), fmt, sandboxed=False)
    template = env.get_template(TEMPLATE_NAMES[fmt])
    return lambda items: template.render(_context(items)).encode("utf-8")


def user_template(path: Path, fmt: str) -> Callable[[list[Appendix]], bytes]:
    env = _env(jinja2.FileSystemLoader(str(Path(path).resolve().parent)), fmt, sandboxed=True)
    try:
        template = env.get_template(Path(path).name)
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateProblem(f"mẫu {path}:{exc.lineno}: lỗi cú pháp / syntax error: {exc.message}") from None

    def render(items: list[Appendix]) -> bytes:
        try:
            return template.render(_context(items)).encode("utf-8")
        except SecurityError as exc:
            raise TemplateProblem(f"mẫu {path}: bị chặn vì truy cập nội bộ Python / blocked by the sandbox: {exc}") from None
        except jinja2.UndefinedError as exc:
            raise TemplateProblem(f"mẫu {path}: biến không tồn tại / undefined variable: {exc.message}") from None
        except jinja2.TemplateError as exc:
            raise TemplateProblem(f"mẫu {path}: {exc}") from None

    return render
