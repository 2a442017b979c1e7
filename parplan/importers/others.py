"""Targets (chỉ tiêu) and budget (kinh phí) appendices: header and rows."""
from __future__ import annotations


def read_other(table, opts, path):
    return None
