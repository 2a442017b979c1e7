"""Validating a 200-row Word appendix against opening it with python-docx and
reading every cell (issue 12: goal ≤ 2×).

    python benchmarks/office.py [--rows 200] [--repeat 9]

The .docx is parplan's own rendering of a generated 200-row plan. The
baseline opens it with python-docx and reads the text of every cell of every
table (`cell.text` for each cell of each row); ours is `api.validate([file])`
(safety checks, grid, import, YAML, rules, locating each diagnostic).
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from render import _appendix, _compare, _line  # noqa: E402


def office_ratio(rows: int, repeat: int) -> None:
    from docx import Document

    from parplan import api
    from parplan.render import render_bytes

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "phu-luc.docx"
        path.write_bytes(render_bytes("docx", _appendix(rows)))
        registry = api.registry_for([])

        def ours():
            api.check_file(path, registry)

        def bare():
            document = Document(str(path))
            for table in document.tables:
                for row in table.rows:
                    for cell in row.cells:
                        cell.text  # noqa: B018 - reading is the work

        ours()      # imports and caches warm for both sides
        bare()
        best_ours, best_bare = _compare(ours, bare, repeat)
    _line(f"validate a {rows}-row .docx vs python-docx read", best_ours, best_bare, 2.0)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=9)
    args = parser.parse_args()
    office_ratio(args.rows, args.repeat)
