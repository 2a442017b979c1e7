"""Shared helpers for the test suite."""
from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CASES = Path(__file__).resolve().parent / "cases"


def dedent(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


@pytest.fixture
def write(tmp_path):
    """write("name.yaml", yaml_text) -> Path, with the text dedented."""
    def _write(name: str, text: str) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(dedent(text), encoding="utf-8")
        return path
    return _write


def tuples(diags, severity: str | None = None):
    return [(d.code, d.line, d.column, d.item, d.field) for d in diags
            if severity is None or d.severity == severity]


def pytest_addoption(parser):
    parser.addoption("--fuzz-long", action="store_true", default=False,
                     help="run the fuzz suite with many more cases (pytest -m fuzz --fuzz-long)")


@pytest.fixture
def fuzz_scale(request) -> int:
    return 20 if request.config.getoption("--fuzz-long") else 1


@pytest.fixture
def build_count(monkeypatch):
    """How many YAML nodes the loader built: bounded work instead of a
    wall-clock threshold (the machines are shared and noisy)."""
    from parplan.load import yamlsrc

    calls = {"n": 0}
    real = yamlsrc._Builder.build

    def counting(self, node, path, depth=0):
        calls["n"] += 1
        return real(self, node, path, depth)

    monkeypatch.setattr(yamlsrc._Builder, "build", counting)
    return calls
