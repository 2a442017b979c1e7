"""Opt-in: `parplan summary` over many plans without running out of memory
(issue 14: 10,000 plans). Not run in CI: it takes minutes.

    python benchmarks/summary_memory.py [--plans 10000] [--jobs 1]

Generates the plans (benchmarks/generate.py: ~100 entries each, every plan a
different unit, the worst case for the per-unit tables), then runs, each in
a fresh process, `validate` and `summary` over them and prints each one's
peak resident memory (getrusage) and time, and summary's peak against
validate's. validate keeps only diagnostics, so its peak is the floor; the
summary adds one small record per plan (a few hundred bytes of figures and
area indexes), not the plans.
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from generate import write_plans  # noqa: E402

CODE = """
import resource, sys, time
from parplan import api, summary
folder, what, jobs = sys.argv[1], sys.argv[2], int(sys.argv[3])
start = time.perf_counter()
if what == "summary":
    data = summary.summarise([folder], jobs=jobs)
    count = len(data.units)
else:
    count = api.validate([folder], jobs=jobs).files
took = time.perf_counter() - start
print(count, took, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def measure(folder: Path, what: str, jobs: int) -> tuple[int, float, float]:
    out = subprocess.run([sys.executable, "-c", CODE, str(folder), what, str(jobs)], capture_output=True,
                         text=True, cwd=ROOT, check=True).stdout.split()
    return int(out[0]), float(out[1]), int(out[2]) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--plans", type=int, default=10000)
    parser.add_argument("--jobs", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        start = time.perf_counter()
        write_plans(folder, args.plans, entries_per_plan=100)
        print(f"generated {args.plans} plans in {time.perf_counter() - start:.1f}s")
        v_count, v_time, v_peak = measure(folder, "validate", args.jobs)
        s_count, s_time, s_peak = measure(folder, "summary", args.jobs)
        assert v_count == s_count == args.plans, (v_count, s_count)
        print(f"validate: {v_time:7.1f}s  peak RSS {v_peak:7.1f}MB")
        print(f"summary : {s_time:7.1f}s  peak RSS {s_peak:7.1f}MB  "
              f"(+{s_peak - v_peak:.1f}MB, {1024 * (s_peak - v_peak) / args.plans:.1f}KB per plan; "
              f"time ratio {s_time / v_time:.2f}×)")


if __name__ == "__main__":
    main()
