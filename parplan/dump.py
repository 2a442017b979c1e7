"""Writing plans and other documents back to YAML that parplan reads exactly.

Decimals are written from their exact text (`2.50` stays `2.50`), codes that
would read as numbers are quoted (`"1.10"`), text stays UTF-8 (NFC), and keys
keep the order of the SPEC's examples. Used by `new` and `import`.
"""
from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import yaml

from .numbers import plain

PLAN_KEYS = ("kind", "framework", "unit", "level", "year", "baseline_year", "layout", "unlisted",
             "document", "note", "totals", "entries")
ENTRY_KEYS = ("code", "label", "name", "max", "applicable", "baseline", "target", "deducted", "appraised",
              "self_assessed", "tasks", "lead", "partners", "reason", "deadline", "product", "note")


class _Dumper(yaml.SafeDumper):
    pass


def _decimal(dumper: yaml.SafeDumper, value: Decimal) -> yaml.Node:
    text = plain(value) or "0"
    return dumper.represent_scalar("tag:yaml.org,2002:float" if "." in text else "tag:yaml.org,2002:int", text)


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(Decimal, _decimal)
_Dumper.add_representer(str, _str)
_Dumper.add_representer(date, lambda d, v: d.represent_scalar("tag:yaml.org,2002:str", v.isoformat()))


def _ordered(data: dict, keys: tuple[str, ...]) -> dict:
    out = {k: data[k] for k in keys if k in data}
    out.update({k: v for k, v in data.items() if k not in out})
    return out


def _clean_entry(entry: dict) -> dict:
    out = {k: v for k, v in entry.items() if v not in (None, [], "") and not (k == "applicable" and v is True)}
    if isinstance(out.get("lead"), list) and len(out["lead"]) == 1:
        out["lead"] = out["lead"][0]
    if isinstance(out.get("code"), str):
        out["code"] = _QuotedCode(out["code"])
    return _ordered(out, ENTRY_KEYS)


class _QuotedCode(str):
    """A code always written in quotes, so `1.10` is never read as a number."""


_Dumper.add_representer(_QuotedCode, lambda d, v: d.represent_scalar("tag:yaml.org,2002:str", str(v), style='"'))


def plan_data(plan: Any) -> dict:
    """A Plan model (or a dict of the same shape) as an ordered plain dict."""
    data = plan.model_dump(mode="python", exclude_none=True) if hasattr(plan, "model_dump") else dict(plan)
    for key in ("layout",):
        if data.get(key) == "improvement":
            data.pop(key)
    if data.get("unlisted") == "error":
        data.pop("unlisted")
    if "document" in data:
        data["document"] = {k: v for k, v in data["document"].items() if v not in (None, "")}
        if not data["document"]:
            data.pop("document")
    if "totals" in data:
        data["totals"] = {k: v for k, v in data["totals"].items() if v is not None}
        if not data["totals"]:
            data.pop("totals")
    data["entries"] = [_clean_entry(e) for e in data.get("entries", [])]
    return _ordered(data, PLAN_KEYS)


def dump(data: Any, header: str = "") -> str:
    """YAML text for `data` (plain dicts, lists, Decimal, str, int, date)."""
    body = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100,
                     default_flow_style=False, indent=2)
    lines = "".join(f"# {line}\n" if line else "#\n" for line in header.splitlines())
    return lines + body


def dump_plan(plan: Any, header: str = "") -> str:
    return dump(plan_data(plan), header)
