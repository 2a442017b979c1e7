"""Fuzzing: validate and render never raise, never hang, and point inside the file.

`pytest -m fuzz` runs a few hundred cases (part of the default run too);
`pytest -m fuzz --fuzz-long` runs twenty times more. The mutator is seeded, so
a failure names the seed that reproduces it.
"""
from __future__ import annotations

import random
import signal
from contextlib import contextmanager

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parplan import api
from parplan.load import load_text
from parplan.rules import check

from conftest import ROOT

pytestmark = pytest.mark.fuzz

SOURCES = sorted(p for p in (ROOT / "plans").rglob("*.yaml"))
NASTY_VALUES = ["1e999999999", "-1e999", ".nan", ".inf", "-.inf", "NaN", "Infinity", "-0", "99999999999999999999",
                "-5", "0.00001", "1,5,0", "'1.5'", "[1, 2]", "{a: 1}", "~", "", "yes", "2021-07-20", "&a x", "*nope",
                "!!python/object:os.system", "\"\\x00\"", "1_000", "0x1F", "１２"]
NASTY_TEXT = ["\u0000", "\u0007", "\u200b", "\ufeff", "\u202e", "Sở Nội vụ", "Nội vụ", "\U0001F600", "\t",
              "\r", "\\", "\"", "'", ":", "- ", "#", "{", "[", "&", "*", "|", ">", "%", "@", "`"]


@contextmanager
def time_limit(seconds: int):
    def handler(signum, frame):
        raise TimeoutError(f"no answer within {seconds} s")

    old = signal.signal(signal.SIGALRM, handler)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def mutate(text: str, rng: random.Random) -> str:
    lines = text.splitlines(keepends=True) or ["\n"]
    for _ in range(rng.randint(1, 4)):
        op = rng.randrange(9)
        i = rng.randrange(len(lines))
        if op == 0 and len(lines) > 1:                               # delete a line
            del lines[i]
        elif op == 1:                                                # duplicate a line
            lines.insert(i, lines[i])
        elif op == 2:                                                # swap values between fields
            j = rng.randrange(len(lines))
            a, b = lines[i].partition(": "), lines[j].partition(": ")
            if a[1] and b[1]:
                lines[i], lines[j] = a[0] + a[1] + b[2], b[0] + b[1] + a[2]
        elif op == 3:                                                # change indentation
            lines[i] = " " * rng.choice([0, 1, 3, 5, 8]) + lines[i].lstrip(" ")
        elif op == 4:                                                # insert odd characters
            pos = rng.randrange(len(lines[i]) + 1)
            lines[i] = lines[i][:pos] + rng.choice(NASTY_TEXT) + lines[i][pos:]
        elif op == 5:                                                # a nasty value
            head, sep, _ = lines[i].partition(": ")
            if sep:
                lines[i] = head + sep + rng.choice(NASTY_VALUES) + "\n"
        elif op == 6:                                                # deep nesting
            depth = rng.choice([10, 70, 300])
            lines.insert(i, "x: " + "[" * depth + "]" * depth + "\n")
        elif op == 7:                                                # truncate
            cut = rng.randrange(sum(len(l) for l in lines) + 1)
            return "".join(lines)[:cut]
        else:                                                        # a huge number
            head, sep, _ = lines[i].partition(": ")
            if sep:
                lines[i] = head + sep + rng.choice(["1" * 400, "-" + "9" * 50, "0." + "0" * 300 + "1"]) + "\n"
    return "".join(lines)


def assert_sound(report, text: str) -> None:
    n_lines = text.count("\n") + 1
    for d in report.diagnostics:
        assert 1 <= d.line <= n_lines, (d, n_lines)
        assert d.column >= 1
        assert d.message("vi") and d.message("en")


def test_mutated_real_plans_never_crash(tmp_path, monkeypatch, fuzz_scale):
    monkeypatch.chdir(ROOT)
    cases = 300 * fuzz_scale
    rng = random.Random(20261123)
    for n in range(cases):
        seed = rng.randrange(2**32)
        case_rng = random.Random(seed)
        source = case_rng.choice(SOURCES)
        text = mutate(source.read_text(encoding="utf-8"), case_rng)
        path = tmp_path / f"case-{n}.yaml"
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
        with time_limit(10):
            report = api.validate([path])
        assert_sound(report, text)
        if n % 15 == 0:   # render some of them too, forced, in every format
            with time_limit(20):
                try:
                    api.render([path], {"docx": "a", "xlsx": "b", "md": "c", "html": "d"}, force=True)
                except api.UsageError:
                    pass   # e.g. the mutation turned the plan into a framework


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2000))
def test_arbitrary_bytes_never_crash_the_loader(data):
    from parplan.load.yamlsrc import load_bytes

    loaded = load_bytes(data, "x.yaml")
    assert loaded.data is not None or loaded.diagnostics or data.strip() == b""


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=600))
def test_arbitrary_text_gives_diagnostics_inside_the_file(text):
    doc = load_text("kind: plan\nunit: A\nyear: 2025\nentries:\n" + text, "x.yaml")
    from parplan.frameworks import Registry

    diags = doc.diagnostics + (check(doc, Registry([])) if doc.model is not None else [])
    n_lines = ("kind: plan\nunit: A\nyear: 2025\nentries:\n" + text).count("\n") + 1
    for d in diags:
        assert 1 <= d.line <= n_lines + 1
