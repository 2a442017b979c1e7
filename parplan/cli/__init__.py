"""The `parplan` command line. Each command lives in its own module and only
imports what it needs when it runs (validate never loads the render stack)."""
from __future__ import annotations

import os
import sys

from . import diff, frameworks, importer, init, new, render, report, schema, summary, validate  # noqa: F401  (registers the commands)
from .common import app

__all__ = ["app", "main"]


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        sys.stderr.write("parplan: đã dừng / interrupted\n")
        sys.exit(130)
    except SystemExit:
        raise
    except Exception as exc:  # a bug in parplan, not a user mistake
        if os.environ.get("PARPLAN_DEBUG"):
            raise
        sys.stderr.write(f"parplan: lỗi nội bộ / internal error: {type(exc).__name__}: {exc}\n"
                         "Chạy lại với PARPLAN_DEBUG=1 để xem chi tiết và báo lỗi cho nhóm phát triển.\n")
        sys.exit(3)
