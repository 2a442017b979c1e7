"""Typed records for the four kinds of file. Pure: no I/O."""
from .budget import Budget
from .framework import Framework, Item
from .plan import Entry, Plan, Totals
from .targets import Targets

MODELS = {"framework": Framework, "plan": Plan, "targets": Targets, "budget": Budget}

__all__ = ["Budget", "Entry", "Framework", "Item", "MODELS", "Plan", "Targets", "Totals"]
