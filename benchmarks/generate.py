"""Generated plans for benchmarks: consistent, self-describing, ~100 entries."""
from __future__ import annotations

import random
from decimal import Decimal
from pathlib import Path


def plan_text(seed: int, entries: int = 100) -> str:
    rng = random.Random(seed)
    areas = 8
    per_area = max(1, entries // areas - 1)
    out = ["kind: plan", f"unit: UBND xã Thử nghiệm {seed}", "year: 2025", "entries:"]
    for a in range(1, areas + 1):
        kids = []
        for k in range(1, per_area + 1):
            mx = Decimal(rng.randint(1, 8)) / 2
            base = min(mx, Decimal(rng.randint(0, 16)) / 4)
            kids.append((f"{a}.{k}", mx, base))
        out.append(f'  - code: "{a}"\n    name: Lĩnh vực {a}\n    max: {sum(m for _, m, _ in kids)}\n'
                   f'    baseline: {sum(b for *_, b in kids)}\n    target: {sum(m for _, m, _ in kids)}')
        for code, mx, base in kids:
            out.append(f'  - code: "{code}"\n    name: Tiêu chí {code} về cải cách hành chính\n'
                       f'    max: {mx}\n    baseline: {base}\n    target: {mx}\n'
                       f'    tasks:\n      - Thực hiện đầy đủ nhiệm vụ của tiêu chí {code}.\n'
                       f'    lead: Phòng Nội vụ')
    return "\n".join(out) + "\n"


def write_plans(folder: Path, count: int, entries_per_plan: int = 100) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(count):
        path = folder / f"plan-{i:05d}.yaml"
        path.write_text(plan_text(i, entries_per_plan), encoding="utf-8")
        paths.append(path)
    return paths
