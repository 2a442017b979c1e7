"""Rendering a 200-row plan against writing a bare table of the same size.

    python benchmarks/render.py [--rows 200] [--repeat 5]

Goals (issue "Render"): .docx ≤ 1.5× a bare python-docx table, .xlsx ≤ 1.5×
a bare openpyxl sheet. The bare baselines write the same cell texts with no
styling, so the ratio is what parplan's layout work costs.
"""
from __future__ import annotations

import argparse
import io
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))


def _appendix(rows: int):
    from generate import plan_text

    from parplan.load import load_text
    from parplan.render import appendices

    model = load_text(plan_text(7, rows), "bench.yaml").model
    return appendices([(model, None)])


def _compare(ours, bare, repeat: int) -> tuple[float, float]:
    """Best time of each, measured alternately so that a noisy neighbour slows
    both sides alike."""
    best = [float("inf"), float("inf")]
    for _ in range(repeat):
        for i, fn in enumerate((ours, bare)):
            start = time.perf_counter()
            fn()
            best[i] = min(best[i], time.perf_counter() - start)
    return best[0], best[1]


def docx_ratio(rows: int, repeat: int) -> None:
    from docx import Document

    from parplan.render.docx import to_bytes

    items = _appendix(rows)
    texts = items[0].texts()

    def bare() -> None:
        doc = Document()
        table = doc.add_table(rows=len(texts), cols=len(texts[0]))
        for row, values in zip(table.rows, texts):
            for cell, value in zip(row.cells, values):
                cell.text = value
        doc.save(io.BytesIO())

    ours, base = _compare(lambda: to_bytes(items), bare, repeat)
    _line(f"{len(texts) - 1}-row plan to .docx", ours, base, 1.5)


def xlsx_ratio(rows: int, repeat: int) -> None:
    from openpyxl import Workbook

    from parplan.render.xlsx import to_bytes

    items = _appendix(rows)
    texts = items[0].texts()

    def bare() -> None:
        wb = Workbook()
        ws = wb.active
        for values in texts:
            ws.append(values)
        wb.save(io.BytesIO())

    ours, base = _compare(lambda: to_bytes(items), bare, repeat)
    _line(f"{len(texts) - 1}-row plan to .xlsx", ours, base, 1.5)


def _line(name: str, ours: float, base: float, goal: float) -> None:
    ratio = ours / base
    print(f"{name:<48} {ours:>9.3f}s  vs {base:>9.3f}s  ratio {ratio:5.2f}×  goal ≤ {goal}×  "
          f"{'ok' if ratio <= goal else 'MISSED'}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    docx_ratio(args.rows, args.repeat)
    xlsx_ratio(args.rows, args.repeat)
