"""How lead units (đơn vị chủ trì) are compared: one function that `report`
and the PAR216 warning both use (issue 11).

"Sở Nội Vụ", "Sở Nội vụ." and "Sở  Nội vụ" name one unit: names are compared
after NFC, case folding, collapsing whitespace and dropping trailing
punctuation.
"""
from __future__ import annotations

import unicodedata

_TRAILING = " \t.,;:·…-–—"


def normalise_lead(name: str) -> str:
    """The comparison key of a lead unit's name."""
    text = " ".join(unicodedata.normalize("NFC", name).split())
    return text.rstrip(_TRAILING).casefold()
