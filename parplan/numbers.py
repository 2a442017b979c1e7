"""Every number parplan reads, sums, rounds or prints goes through this module.

Scores and money are `decimal.Decimal` (scores) and `int` (money) end to end:
no float anywhere. Parsing accepts what offices type (`"1,5"`, `"46.080.000"`);
formatting gives what Vietnamese documents print (`82,05`, `1.300.000.000`).
"""
from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

ZERO = Decimal(0)
MAX_SCORE_DECIMALS = 4
MAX_MAGNITUDE = 15  # digits before the point: no score or budget is near 10^15

_SCORE_TEXT = re.compile(r"^[+-]?(\d+([.,]\d*)?|[.,]\d+)$")
_MONEY_GROUPED = re.compile(r"^\d{1,3}([. ]\d{3})+$")
_MONEY_PLAIN = re.compile(r"^\d+$")


class NumberError(ValueError):
    """A value that cannot be read as the number it should be.

    `kind` says why: "unreadable", "decimals" (too many decimals), "fraction"
    (money with a decimal part), "negative" (money below zero).
    """

    def __init__(self, kind: str, text: str):
        super().__init__(f"{kind}: {text}")
        self.kind = kind
        self.text = text


def decimals(value: Decimal) -> int:
    """How many decimals `value` was written with (`Decimal("2.50")` -> 2)."""
    exponent = value.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def parse_score(raw: object) -> Decimal:
    """A score from what the loader gives: int, Decimal (from the YAML source
    text) or a string with a decimal comma or point. Raises NumberError."""
    if isinstance(raw, bool):
        raise NumberError("unreadable", str(raw))
    if isinstance(raw, int):
        value = Decimal(raw)
    elif isinstance(raw, Decimal):
        value = raw
    elif isinstance(raw, str):
        text = raw.strip().replace("\u00a0", "")
        if not _SCORE_TEXT.match(text):
            raise NumberError("unreadable", raw)
        value = Decimal(text.replace(",", "."))
    else:
        raise NumberError("unreadable", repr(raw))
    if not value.is_finite() or value.adjusted() > MAX_MAGNITUDE:
        raise NumberError("unreadable", str(raw)[:40])
    if decimals(value) > MAX_SCORE_DECIMALS:
        raise NumberError("decimals", str(raw))
    if value == 0:
        value = abs(value)  # "-0" is 0
    return value


_WITH_UNIT = re.compile(r"^\s*([+-]?\d+(?:[.,]\d+)?)\s*([^\d\s.,][^\d]*)$")
_WITH_SIGN = re.compile(r"^\s*(?:≥|≤|>=|<=|>|<|~|≈|khoảng|trên|dưới|tối thiểu|tối đa)\s*([+-]?\d+(?:[.,]\d+)?)\s*$",
                        re.IGNORECASE)


def number_in_text(text: str) -> tuple[str, str] | None:
    """The number in a score written with a unit (`1.5 điểm` -> ("1.5",
    "unit")) or a condition (`≥ 3,5` -> ("3,5", "comparison")); None when the
    text is not one number with words around it."""
    match = _WITH_SIGN.match(text)
    if match:
        return match.group(1), "comparison"
    match = _WITH_UNIT.match(text)
    if match:
        return match.group(1), "unit"
    return None


def parse_money(raw: object) -> int:
    """A whole, non-negative amount in đồng: an int, or a string with `.` or
    space as thousands separators (`"46.080.000"`). Raises NumberError."""
    if isinstance(raw, bool):
        raise NumberError("unreadable", str(raw))
    if isinstance(raw, int):
        if raw < 0:
            raise NumberError("negative", str(raw))
        if raw >= 10 ** (MAX_MAGNITUDE + 3):
            raise NumberError("unreadable", str(raw)[:40])
        return raw
    if isinstance(raw, Decimal):
        if not raw.is_finite() or raw.adjusted() > MAX_MAGNITUDE + 2:
            raise NumberError("unreadable", str(raw)[:40])
        if raw != raw.to_integral_value() or decimals(raw) > 0:
            raise NumberError("fraction", str(raw))
        if raw < 0:
            raise NumberError("negative", str(raw))
        return int(raw)
    if isinstance(raw, str):
        text = raw.strip().replace("\u00a0", " ")
        negative = text.startswith("-")
        body = text.lstrip("+-").strip()
        if len(body) > 30:
            raise NumberError("unreadable", raw[:40])
        if _MONEY_PLAIN.match(body) or _MONEY_GROUPED.match(body):
            if negative and int(re.sub(r"\D", "", body)) != 0:
                raise NumberError("negative", raw)
            return int(re.sub(r"\D", "", body))
        if re.match(r"^[\d. ]+,\d+$", body) or re.match(r"^\d+\.\d{1,2}$", body):
            raise NumberError("fraction", raw)
        raise NumberError("unreadable", raw)
    raise NumberError("unreadable", repr(raw))


def round_half_up(value: Decimal, places: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def matches_declared(declared: Decimal, derived: Decimal) -> bool:
    """SPEC 2.3: a declared value must equal the derived one, except that a
    value printed rounded (at least two decimals, but fewer than the derived
    value) matches when the derived value rounded half-up to that many
    decimals equals it. Whole and one-decimal values get no tolerance."""
    if declared == derived:
        return True
    places = decimals(declared)
    if places >= 2 and places < decimals(derived):
        return round_half_up(derived, places) == declared
    return False


def tidy(value: Decimal) -> Decimal:
    """A computed value without the trailing zeros arithmetic left (14.0 -> 14,
    1.50 -> 1.5), for messages about derived values."""
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()


def plain(value: Decimal | int | None) -> str | None:
    """Plain decimal form for JSON and messages: point, no grouping, no exponent."""
    if value is None:
        return None
    if isinstance(value, int):
        return str(value)
    text = format(value, "f")
    return "0" if text in ("-0", "-0.0") else text


def _group(digits: str, sep: str = ".") -> str:
    return f"{int(digits):,}".replace(",", sep)


def vi(value: Decimal | int | None, places: int | None = None, sign: bool = False) -> str:
    """Vietnamese print form: decimal comma, dot thousands (`82,05`,
    `1.300.000.000`). Decimals as written unless `places` fixes them (half-up).
    `sign` prints `+` on positive values and a true minus `−` on negative ones."""
    if value is None:
        return ""
    if isinstance(value, int):
        value = Decimal(value)
    if places is not None:
        value = round_half_up(value, places)
    text = format(value, "f")
    negative = text.startswith("-")
    text = text.lstrip("-")
    whole, _, frac = text.partition(".")
    out = _group(whole) + ("," + frac if frac else "")
    if out.strip("0,.") == "":
        negative = False
    if negative:
        return ("−" if sign else "-") + out
    return ("+" + out) if sign and value != 0 else out


def percent(part: Decimal, whole: Decimal) -> Decimal | None:
    """part / whole as a percentage with two decimals, half-up (`88.24`)."""
    if whole == 0:
        return None
    return round_half_up(part * 100 / whole, 2)
