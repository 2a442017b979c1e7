"""`parplan summary`: many units' plans at once (issue 14, SPEC 5).

Pure library, no printing. Files are checked one at a time (or by worker
processes with `jobs` > 1, as `api.validate` does) and each plan is reduced
at once to a small record of its figures (`PlanFigures`); the loaded models
are dropped, so memory grows with the number of plans only by those records.

The arithmetic is `parplan.report`'s (areas, total, leaf losses, lead
units) and `parplan.diff`'s (target attainment); this module only adds them
up across plans:

- units: one row per plan (unit and year), ranked by baseline index within
  each plan year (competition ranking: ties share a rank, 1, 1, 3), with the
  change of rank from the unit's plan of the year before (positive = moved up);
- areas and criteria: where points are lost, per framework (self-describing
  plans are grouped by code, name and max), counting each unit once, by its
  latest plan in the selection;
- leads: at_stake and to_win per lead unit, summed over every plan;
- trends: per unit with several years, the index by year and whether each
  year's target total was met by the next plan's baseline total.

Every score is a `Decimal`; JSON prints them as plain decimal strings.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from .diagnostics import ERROR, WARNING, Diagnostic
from .diff import Attainment
from .numbers import ZERO, plain, tidy

SELF = ""   # the framework id under which self-describing plans are grouped


@dataclass(frozen=True)
class ItemKey:
    """One area or criterion, across plans: the same framework and code (and,
    for self-describing plans, the same name and max)."""

    kind: str                  # "area" | "criterion"
    framework: str             # framework id, or SELF
    code: str
    name: str                  # the name shown
    max: Decimal | None        # the framework's max (not reduced by N/A)
    same: tuple = ()           # what else must agree (self-describing: name, max)

    @property
    def ident(self) -> tuple:
        return (self.kind, self.framework, self.code, *self.same)


@dataclass
class PlanFigures:
    """What the summary keeps of one plan."""

    file: str
    unit: str
    unit_key: str
    year: int
    baseline_year: int
    layout: str
    framework: str | None
    level: str | None
    max: Decimal | None
    baseline: Decimal | None
    target: Decimal | None
    baseline_index: Decimal | None
    target_index: Decimal | None
    errors: int
    warnings: int
    without_target: int
    without_task: int
    # (key, baseline index) per area, in framework order
    areas: tuple[tuple[ItemKey, Decimal | None], ...] = ()
    # (key, points lost) per area and leaf that lost points
    losses: tuple[tuple[ItemKey, Decimal], ...] = ()
    # (lead, at_stake, to_win, leaves, any of them has a target)
    leads: tuple[tuple[str, Decimal, Decimal, int, bool], ...] = ()
    codes: tuple[str, ...] = ()     # diagnostic codes of the errors (for the marks)

    @property
    def gain(self) -> Decimal | None:
        if self.baseline is None or self.target is None:
            return None
        return tidy(self.target - self.baseline)


@dataclass
class Unreadable:
    """A file that could not be read as a plan: it is listed, with its errors."""

    file: str
    diagnostics: list[Diagnostic]


@dataclass
class Skipped:
    """A readable file of another kind (framework, targets, budget)."""

    file: str
    kind: str


# -- one file ---------------------------------------------------------------------

def figures(checked) -> PlanFigures | Unreadable | Skipped:
    """One checked file (api.Checked) reduced to what the summary keeps."""
    from .report import plan_report, unit_key
    from .rollup import plan_tree

    doc = checked.document
    errors = [d for d in checked.diagnostics if d.severity == ERROR]
    if doc.model is None:
        return Unreadable(doc.file, errors or list(checked.diagnostics))
    if checked.kind != "plan":
        return Skipped(doc.file, checked.kind or "?")
    plan = doc.model
    framework = checked.framework
    if plan.framework and framework is None:   # PAR006: nothing to score against
        return Unreadable(doc.file, errors)
    tree = doc.tree if doc.tree is not None else plan_tree(plan, framework)
    rep = plan_report(plan, framework, doc.file, tree=tree)
    scope = plan.framework or SELF

    def key(kind: str, node) -> ItemKey:
        name = node.name or (node.entry.name if node.entry is not None and node.entry.name else "") or ""
        same = () if plan.framework else (unit_key(name).casefold(), node.max)
        return ItemKey(kind, scope, node.code or "", name, node.max, same)

    areas: list[tuple[ItemKey, Decimal | None]] = []
    losses: list[tuple[ItemKey, Decimal]] = []
    for node, area in zip(tree.root.children, rep.areas):
        if not node.applicable:
            continue
        k = key("area", node)
        areas.append((k, area.baseline_index))
        if area.baseline is not None and area.max is not None and area.max - area.baseline > 0:
            losses.append((k, tidy(area.max - area.baseline)))
    without_target = without_task = 0
    for node in tree.nodes():
        if not node.is_leaf or not node.applicable or node.eff_max is None:
            continue
        baseline, target = node.value.get("baseline"), node.value.get("target")
        if target is None:
            without_target += 1
        below = target if target is not None else baseline
        if below is not None and below < node.eff_max and not (node.entry is not None and node.entry.tasks):
            without_task += 1
        if baseline is not None and node.eff_max - baseline > 0:
            losses.append((key("criterion", node), tidy(node.eff_max - baseline)))
    total = rep.total
    # the max the index is taken against: the applicable max (a declared
    # `totals.max` may be the nominal one, as an imported Word/Excel total row is)
    root = tree.root
    applicable = None if root.eff_max is None else (root.max if root.max == root.eff_max else tidy(root.eff_max))
    return PlanFigures(
        file=doc.file, unit=unit_key(plan.unit), unit_key=unit_key(plan.unit), year=plan.year,
        baseline_year=plan.base_year, layout=plan.layout, framework=plan.framework, level=plan.level,
        max=applicable if applicable is not None else total.max, baseline=total.baseline, target=total.target,
        baseline_index=total.baseline_index, target_index=total.target_index,
        errors=len(errors), warnings=sum(1 for d in checked.diagnostics if d.severity == WARNING),
        without_target=without_target, without_task=without_task,
        areas=tuple(areas), losses=tuple(losses),
        leads=tuple((lead.lead, lead.at_stake, lead.to_win, len(lead.items), lead.has_targets)
                    for lead in rep.leads),
        codes=tuple(sorted({d.code for d in errors})))


def summarise_file(path: Path, registry) -> PlanFigures | Unreadable | Skipped:
    from .api import check_file

    return figures(check_file(path, registry))


_WORKER_REGISTRY = None


def _worker_init(dirs: list[Path]) -> None:
    global _WORKER_REGISTRY
    from .frameworks import Registry

    _WORKER_REGISTRY = Registry(dirs)


def _worker(path: Path):
    return summarise_file(path, _WORKER_REGISTRY)


def iter_figures(files: list[Path], registry, jobs: int = 1,
                 progress: Callable[[int, int], None] | None = None) -> Iterator:
    """Each file's figures, in the order of `files`; `jobs` > 1 uses worker
    processes (as api.validate does). Only the small records cross over."""
    if jobs > 1 and len(files) > 1:
        import multiprocessing

        with multiprocessing.get_context("spawn" if os.name == "nt" else "fork").Pool(
                jobs, initializer=_worker_init, initargs=(registry.dirs,)) as pool:
            results = pool.imap(_worker, files, chunksize=max(1, min(16, len(files) // (jobs * 8) or 1)))
            for done, item in enumerate(results, start=1):
                if progress:
                    progress(done, len(files))
                yield item
        return
    for done, path in enumerate(files, start=1):
        item = summarise_file(path, registry)
        if progress:
            progress(done, len(files))
        yield item


# -- across plans -------------------------------------------------------------------

@dataclass
class UnitRow:
    plan: PlanFigures
    rank: int | None = None
    rank_change: int | None = None
    areas: dict[int, Decimal | None] = field(default_factory=dict)   # key id -> baseline index


@dataclass
class LossRow:
    key: ItemKey
    units_losing: int = 0
    points_lost: Decimal = ZERO
    order: int = 0


@dataclass
class LeadTotal:
    lead: str
    at_stake: Decimal = ZERO
    to_win: Decimal = ZERO
    items: int = 0
    plans: int = 0
    units: set = field(default_factory=set)
    order: int = 0
    has_targets: bool = False   # any criterion it leads has a target (else "chưa nhập mục tiêu", not 0)


@dataclass(frozen=True)
class Attain(Attainment):
    """`diff`'s attainment (a year's target against the next plan's
    baseline), with the plan year and the next plan's file."""

    year: int = 0        # the plan year whose target is checked
    file: str = ""       # the next plan, whose baseline is the score achieved


@dataclass
class Trend:
    unit: str
    rows: list[UnitRow]
    attainment: list[Attain]


@dataclass
class Summary:
    units: list[UnitRow]
    areas: list[LossRow]
    criteria: list[LossRow]
    leads: list[LeadTotal]
    trends: list[Trend]
    unreadable: list[Unreadable]
    skipped: list[Skipped]
    keys: list[ItemKey]           # area and criterion keys by id (area columns of the heat table)
    year: int | None = None       # the --year filter
    files: int = 0

    @property
    def area_columns(self) -> list[tuple[int, ItemKey]]:
        """The areas seen, per framework in order of first appearance."""
        return [(i, k) for i, k in enumerate(self.keys) if k.kind == "area"]

    @property
    def plans_with_errors(self) -> int:
        return sum(1 for row in self.units if row.plan.errors)

    def exit_status(self) -> int:
        return 1 if self.plans_with_errors or self.unreadable else 0


class Collector:
    """Adds plans one at a time; `finish()` ranks and totals. Keeps per plan
    only its figures; losses are kept for each unit's latest plan only."""

    def __init__(self, year: int | None = None):
        self.year = year
        self.rows: list[UnitRow] = []
        self.unreadable: list[Unreadable] = []
        self.skipped: list[Skipped] = []
        self.ids: dict[tuple, int] = {}
        self.keys: list[ItemKey] = []
        # unit -> (year, order, losses "id=lost;id=lost") of its latest plan
        self.latest: dict[str, tuple[int, int, str]] = {}
        self.leads: dict[str, LeadTotal] = {}
        self.files = 0
        self.before: list[UnitRow] = []   # with --year N: the plans for N − 1

    def _id(self, key: ItemKey) -> int:
        found = self.ids.get(key.ident)
        if found is None:
            found = self.ids[key.ident] = len(self.keys)
            self.keys.append(key)
        return found

    def add(self, item: PlanFigures | Unreadable | Skipped) -> None:
        self.files += 1
        if isinstance(item, Unreadable):
            self.unreadable.append(item)
            return
        if isinstance(item, Skipped):
            self.skipped.append(item)
            return
        if self.year is not None and item.year != self.year:
            if item.year == self.year - 1:    # ranked only, for the change of rank
                item.areas, item.losses, item.leads = (), (), ()
                self.before.append(UnitRow(item))
            return
        row = UnitRow(item, areas={self._id(k): index for k, index in item.areas})
        # kept as one short string: for 10,000 units a tuple of Decimals per
        # loss would cost ~10 KB per plan, this ~0.5 KB
        losses = ";".join(f"{self._id(k)}={plain(lost)}" for k, lost in item.losses)
        previous = self.latest.get(item.unit_key)
        if previous is None or item.year > previous[0]:
            self.latest[item.unit_key] = (item.year, len(self.rows), losses)
        for name, stake, win, count, has_targets in item.leads:
            lead = self.leads.get(name)
            if lead is None:
                lead = self.leads[name] = LeadTotal(name, order=len(self.leads))
            lead.at_stake += stake
            lead.to_win += win
            lead.items += count
            lead.has_targets = lead.has_targets or has_targets
            lead.plans += 1
            lead.units.add(item.unit_key)
        # what the row keeps: no per-plan lists beyond the area indexes
        item.areas, item.losses, item.leads = (), (), ()
        self.rows.append(row)

    def finish(self) -> Summary:
        rows = self.rows
        _rank(rows + self.before)
        totals: dict[int, LossRow] = {}
        for _year, _order, losses in self.latest.values():
            for pair in losses.split(";") if losses else ():
                key_text, _, lost_text = pair.partition("=")
                key_id, lost = int(key_text), Decimal(lost_text)
                row = totals.get(key_id)
                if row is None:
                    row = totals[key_id] = LossRow(self.keys[key_id], order=key_id)
                row.units_losing += 1
                row.points_lost += lost
        for row in totals.values():
            row.points_lost = tidy(row.points_lost)
        order = lambda r: (-r.points_lost, -r.units_losing, r.key.framework, _code_order(r.key.code), r.order)  # noqa: E731
        areas = sorted((r for r in totals.values() if r.key.kind == "area"), key=order)
        criteria = sorted((r for r in totals.values() if r.key.kind == "criterion"), key=order)
        for lead in self.leads.values():
            lead.at_stake, lead.to_win = tidy(lead.at_stake), tidy(lead.to_win)
        leads = sorted(self.leads.values(), key=lambda x: (-x.at_stake, -x.to_win, x.order))
        rows.sort(key=lambda r: (r.plan.year, r.rank is None, r.rank or 0, r.plan.unit, r.plan.file))
        return Summary(rows, areas, criteria, leads, _trends(rows), self.unreadable, self.skipped,
                       self.keys, self.year, self.files)


def _code_order(code: str) -> tuple:
    return tuple(int(p) if p.isdigit() else 0 for p in code.split("."))


def _rank(rows: list[UnitRow]) -> None:
    """Competition ranking by baseline index within each plan year (ties
    share a rank: 1, 1, 3); rank_change = last year's rank − this year's."""
    by_year: dict[int, list[UnitRow]] = {}
    for row in rows:
        by_year.setdefault(row.plan.year, []).append(row)
    for group in by_year.values():
        ranked = sorted((r for r in group if r.plan.baseline_index is not None),
                        key=lambda r: -r.plan.baseline_index)
        for n, row in enumerate(ranked):
            if n and ranked[n - 1].plan.baseline_index == row.plan.baseline_index:
                row.rank = ranked[n - 1].rank
            else:
                row.rank = n + 1
    ranks: dict[tuple[str, int], int] = {}
    for row in rows:
        if row.rank is not None:
            ranks.setdefault((row.plan.unit_key, row.plan.year), row.rank)
    for row in rows:
        before = ranks.get((row.plan.unit_key, row.plan.year - 1))
        if row.rank is not None and before is not None:
            row.rank_change = before - row.rank


def _trends(rows: list[UnitRow]) -> list[Trend]:
    """Units with plans for several years: rows by year, and each year's
    target total against the next plan's baseline total (when that plan's
    baseline year is this plan's year, as `diff` compares them)."""

    by_unit: dict[str, list[UnitRow]] = {}
    for row in rows:
        by_unit.setdefault(row.plan.unit_key, []).append(row)
    out = []
    for unit, group in by_unit.items():
        years = sorted({r.plan.year for r in group})
        if len(years) < 2:
            continue
        group = sorted(group, key=lambda r: (r.plan.year, r.plan.file))
        attained = []
        for row in group:
            nxt = next((r for r in group if r.plan.baseline_year == row.plan.year and r.plan.year > row.plan.year),
                       None)
            if nxt is None or row.plan.target is None or nxt.plan.baseline is None:
                continue
            attained.append(Attain(target=row.plan.target, achieved=nxt.plan.baseline,
                                   year=row.plan.year, file=nxt.plan.file))
        out.append(Trend(group[0].plan.unit, group, attained))
    return sorted(out, key=lambda t: t.unit)


def summarise(paths: Iterable[str | Path], criteria: Iterable[Path] = (), cwd: Path | None = None,
              jobs: int = 1, year: int | None = None,
              progress: Callable[[int, int], None] | None = None) -> Summary:
    """Summarise every plan under `paths` (files and folders, as validate
    reads them). Raises api.UsageError when there is nothing to summarise."""
    from . import api

    if year is not None and not 1900 <= year <= 2200:
        raise api.UsageError(f"năm không hợp lệ: {year} (cần một năm như 2024)",
                             f"not a valid year: {year} (expected a year such as 2024)")
    files = api.expand_paths(paths)
    if not files:
        raise api.UsageError("không có tệp kế hoạch nào để tổng hợp (cần tệp .yaml/.yml, .docx, .xlsx)",
                             "nothing to summarise: no plan files (.yaml/.yml, .docx, .xlsx) found")
    registry = api.registry_for(criteria, cwd)
    collector = Collector(year)
    for item in iter_figures(files, registry, jobs, progress):
        collector.add(item)
    summary = collector.finish()
    if not summary.units and (year is not None or not summary.unreadable):
        kinds = sorted({s.kind for s in summary.skipped})
        if year is not None:
            raise api.UsageError(f"không có kế hoạch năm {year} để tổng hợp",
                                 f"nothing to summarise: no plan for {year}")
        raise api.UsageError(
            "không có kế hoạch nào để tổng hợp" + (f" (chỉ có tệp loại: {', '.join(kinds)})" if kinds else ""),
            "nothing to summarise: no plans" + (f" (only files of kind: {', '.join(kinds)})" if kinds else ""))
    return summary


# -- JSON ---------------------------------------------------------------------------

def _unit_json(row: UnitRow, keys: list[ItemKey]) -> dict[str, Any]:
    p = row.plan
    return {"unit": p.unit, "year": p.year, "file": p.file, "layout": p.layout, "framework": p.framework,
            "max": plain(p.max), "baseline": plain(p.baseline), "target": plain(p.target),
            "baseline_index": plain(p.baseline_index), "target_index": plain(p.target_index),
            "gain": plain(p.gain), "errors": p.errors, "warnings": p.warnings,
            "without_target": p.without_target, "rank": row.rank, "rank_change": row.rank_change,
            "baseline_year": p.baseline_year, "level": p.level, "without_task": p.without_task,
            "error_codes": list(p.codes),
            "area_index": {keys[k].code: plain(index) for k, index in row.areas.items()}}


def _loss_json(row: LossRow) -> dict[str, Any]:
    k = row.key
    return {"code": k.code, "name": k.name, "max": plain(k.max), "units_losing": row.units_losing,
            "points_lost": plain(row.points_lost), "framework": k.framework or None}


def as_json(summary: Summary, lang: str = "vi") -> dict[str, Any]:
    """SPEC 5's keys (`units`, `areas`, `criteria`, `leads`), and `year`,
    `files`, `trends`, `unreadable`, `skipped` besides."""
    return {
        "year": summary.year,
        "files": summary.files,
        "units": [_unit_json(r, summary.keys) for r in summary.units],
        "areas": [_loss_json(r) for r in summary.areas],
        "criteria": [_loss_json(r) for r in summary.criteria],
        "leads": [{"lead": x.lead, "at_stake": plain(x.at_stake), "to_win": plain(x.to_win) if x.has_targets else None,
                   "items": x.items, "plans": x.plans, "units": len(x.units)} for x in summary.leads],
        "trends": [{"unit": t.unit,
                    "years": [{"year": r.plan.year, "baseline_year": r.plan.baseline_year, "file": r.plan.file,
                               "baseline": plain(r.plan.baseline), "target": plain(r.plan.target),
                               "baseline_index": plain(r.plan.baseline_index),
                               "target_index": plain(r.plan.target_index), "rank": r.rank} for r in t.rows],
                    "attainment": [{"year": a.year, "target": plain(a.target), "achieved": plain(a.achieved),
                                    "gap": plain(a.gap), "met": a.met, "file": a.file} for a in t.attainment]}
                   for t in summary.trends],
        "unreadable": [{"file": u.file, "errors": [d.as_dict(lang) for d in u.diagnostics]}
                       for u in summary.unreadable],
        "skipped": [{"file": s.file, "kind": s.kind} for s in summary.skipped],
    }
