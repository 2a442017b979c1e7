"""parplan's speed and memory figures, each measured against a baseline in the
same run (the machines are shared and noisy: compare ratios, not seconds).

    python benchmarks/run.py [--plans 1000] [--repeat 5]

Prints one line per figure: the measurement, its baseline, the ratio and the
goal (issue "Hardening and speed"). Exit status 0 even when a goal is missed:
this reports, it does not gate.
"""
from __future__ import annotations

import argparse
import glob
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))

from generate import write_plans  # noqa: E402


def median_time(cmd: list[str], repeat: int, cwd: Path) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def line(name: str, value: str, baseline: str, ratio: float, goal: float, unit: str = "×") -> None:
    verdict = "ok" if ratio <= goal else "MISSED"
    print(f"{name:<48} {value:>10}  vs {baseline:>10}  ratio {ratio:5.2f}{unit}  goal ≤ {goal}{unit}  {verdict}")


def cold_start(repeat: int) -> None:
    import shutil

    exe = shutil.which("parplan")   # the installed command, as a user runs it
    parplan = ([exe] if exe else [sys.executable, "-m", "parplan"]) + ["validate", "plans/dak-nong/2021.yaml"]
    base = [sys.executable, "-c", "import typer, yaml, pydantic"]
    ours, theirs = median_time(parplan, repeat, ROOT), median_time(base, repeat, ROOT)
    line("cold start: validate dak-nong/2021", f"{ours:.3f}s", f"{theirs:.3f}s", ours / theirs, 2.5)


def batch(folder: Path, repeat: int) -> None:
    import yaml

    from parplan import api

    files = sorted(glob.glob(str(folder / "*.yaml")))

    def parse_only() -> None:
        for f in files:
            with open(f, encoding="utf-8") as handle:
                yaml.load(handle.read(), Loader=yaml.CSafeLoader)

    def ours() -> None:
        report = api.validate([folder])
        assert report.files == len(files) and report.errors == 0, report.errors

    t_base = min(_timed(parse_only) for _ in range(max(1, repeat // 2)))
    t_ours = min(_timed(ours) for _ in range(max(1, repeat // 2)))
    line(f"validate {len(files)} plans in one process", f"{t_ours:.2f}s", f"{t_base:.2f}s",
         t_ours / t_base, 3.0)
    peak_rss(folder)
    summary_ratio(folder, repeat)


def summary_ratio(folder: Path, repeat: int) -> None:
    """`summary` against `validate` on the same plans (issue 14: ≤ 1.5×)."""
    from parplan import api, summary

    files = len(glob.glob(str(folder / "*.yaml")))

    def validate() -> None:
        api.validate([folder])

    def summarise() -> None:
        data = summary.summarise([folder])
        assert len(data.units) == files, len(data.units)

    # interleaved, minimum of each: the machine is shared, and a load spike
    # during one series would otherwise decide the ratio
    t_validate = t_summary = float("inf")
    for _ in range(max(1, repeat // 2)):
        t_validate = min(t_validate, _timed(validate))
        t_summary = min(t_summary, _timed(summarise))
    line(f"summary of {files} plans vs validate", f"{t_summary:.2f}s", f"{t_validate:.2f}s",
         t_summary / t_validate, 1.5)


def _timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def peak_rss(folder: Path) -> None:
    code = ("import resource, sys; from parplan import api; api.validate([sys.argv[1]]); "
            "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)")
    base_code = "import resource, yaml, pydantic, typer; print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"
    ours = int(subprocess.run([sys.executable, "-c", code, str(folder)], capture_output=True, text=True,
                              cwd=ROOT, check=True).stdout) / 1024
    base = int(subprocess.run([sys.executable, "-c", base_code], capture_output=True, text=True,
                              check=True).stdout) / 1024
    verdict = "ok" if ours <= 150 else "MISSED"
    print(f"{'peak RSS validating those plans':<48} {ours:>8.1f}MB  (interpreter + imports alone: {base:.1f}MB)"
          f"  goal ≤ 150MB  {verdict}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--plans", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    print(f"parplan benchmarks ({os.cpu_count()} cores; medians/minimums of repeated runs)")
    cold_start(max(args.repeat, 9))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        write_plans(folder, args.plans, entries_per_plan=100)
        batch(folder, args.repeat)
    from render import docx_ratio, xlsx_ratio

    docx_ratio(200, args.repeat)
    xlsx_ratio(200, max(args.repeat, 9))
    from office import office_ratio

    office_ratio(200, max(args.repeat, 9))


if __name__ == "__main__":
    main()
