"""Every check of SPEC section 3 that needs a well-shaped model.

Rules are plain functions `rule(ctx) -> Iterable[Diagnostic]`, listed here per
kind of file, in one place. Shape errors (PAR001–PAR007) come from loading;
these rules give meaning errors and warnings.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Callable, Iterable

from ..diagnostics import Diagnostic
from . import budget, framework, plan, targets
from .context import Context

if TYPE_CHECKING:
    from ..frameworks import Registry
    from ..load import Document

Rule = Callable[[Context], Iterable[Diagnostic]]

RULES: dict[str, tuple[Rule, ...]] = {
    "framework": (
        framework.codes,              # PAR101 PAR102
        framework.max_positive,       # PAR105
        framework.children_add_up,    # PAR103 PAR104
    ),
    "plan": (
        plan.framework_found,         # PAR006 (+ the framework file's own problems)
        plan.codes,                   # PAR102 PAR204 PAR213
        plan.names_and_max,           # PAR005 PAR105 PAR206 PAR207
        plan.children_max,            # PAR103 PAR104
        plan.missing_leaves,          # PAR205
        plan.ranges,                  # PAR201 PAR202
        plan.rollup,                  # PAR203 PAR208
        plan.advice,                  # PAR209 PAR210 PAR211 PAR212
        plan.missing_numbers,         # PAR214 PAR215
        plan.lead_spellings,          # PAR216
    ),
    "targets": (
        targets.codes,                # PAR101
        targets.columns,              # PAR401
        targets.measures,             # PAR402 PAR403
    ),
    "budget": (
        budget.keys,                  # PAR003 (years and sources not declared)
        budget.items_add_up,          # PAR301
        budget.declared_totals,       # PAR302
    ),
}


def check(doc: "Document", registry: "Registry") -> list[Diagnostic]:
    """Run every rule for the document's kind; the model must be loaded."""
    if doc.model is None or doc.kind is None:
        return []
    ctx = Context(doc, registry)
    out: list[Diagnostic] = []
    for rule in RULES[doc.kind]:
        out.extend(rule(ctx))
    # the rolled-up tree the rules built, for callers that need it again
    # (summary, report): built once per file (rules never change it)
    doc.tree = ctx.__dict__.get("tree")
    return out
