"""What a rule sees: the document, where its nodes are, and derived trees."""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from typing import TYPE_CHECKING, Any

from ..diagnostics import Diagnostic
from ..numbers import plain

if TYPE_CHECKING:
    from ..frameworks import Registry
    from ..load import Document
    from ..model import Framework
    from ..rollup import PlanTree


@dataclass
class Context:
    doc: "Document"
    registry: "Registry"
    # Findings shared between rules of one run (e.g. which parents have a
    # PAR103, so the roll-up does not report the same mistake again).
    flags: dict[str, set[Any]] = field(default_factory=dict)

    @property
    def model(self) -> Any:
        return self.doc.model

    @property
    def file(self) -> str:
        return self.doc.file

    def at(self, *path: Any) -> tuple[int, int]:
        return self.doc.source.at(path)

    def key_at(self, *path: Any) -> tuple[int, int]:
        return self.doc.source.key_at(path)

    def has(self, *path: Any) -> bool:
        return self.doc.source.has(path)

    def diag(self, code: str, path: tuple, *, item: str | None = None, field: str | None = None,
             expected: Decimal | int | str | None = None, actual: Decimal | int | str | None = None,
             at_key: bool = False, **params: Any) -> Diagnostic:
        line, col = self.doc.source.key_at(path) if at_key else self.doc.source.at(path)
        as_text = lambda v: plain(v) if isinstance(v, (Decimal, int)) and not isinstance(v, bool) else v  # noqa: E731
        return Diagnostic(code, self.file, line, col, item=item, field=field,
                          expected=as_text(expected), actual=as_text(actual),
                          params=tuple(params.items()))

    @property
    def unknown(self) -> frozenset:
        """Paths of values that could not be read (dropped from the model)."""
        return getattr(self.doc, "unknown", frozenset())

    def flag(self, name: str) -> set[Any]:
        return self.flags.setdefault(name, set())

    # -- plans -------------------------------------------------------------
    @cached_property
    def framework_lookup(self) -> tuple["Framework | None", list[Diagnostic]]:
        framework_id = getattr(self.model, "framework", None)
        if not framework_id:
            return None, []
        return self.registry.get(framework_id)

    @property
    def framework(self) -> "Framework | None":
        return self.framework_lookup[0]

    @property
    def framework_missing(self) -> bool:
        return bool(getattr(self.model, "framework", None)) and self.framework is None

    @cached_property
    def tree(self) -> "PlanTree":
        from ..rollup import plan_tree

        return plan_tree(self.model, self.framework)
