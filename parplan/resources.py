"""Where the files shipped inside the package live (frameworks, templates).

The repository keeps them at the top (`criteria/`, `templates/`); an install
puts them inside the package as `parplan.criteria` and `parplan.templates`.
"""
from __future__ import annotations

from importlib import resources
from pathlib import Path

_REPO = Path(__file__).resolve().parent.parent


def _shipped(name: str) -> Path:
    try:
        found = Path(str(resources.files(f"parplan.{name}")))
        if found.is_dir():
            return found
    except (ModuleNotFoundError, TypeError):
        pass
    return _REPO / name


def shipped_criteria_dir() -> Path:
    return _shipped("criteria")


def shipped_templates_dir() -> Path:
    return _shipped("templates")
