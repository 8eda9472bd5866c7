"""Number formatting for people ($1.2M, 3.4k req/s, 53.1%) and for machines."""

from __future__ import annotations

import math

_SUFFIXES = ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "k"))


def plain_number(value: float) -> str:
    """A number as a person types it, to 6 significant digits and never with an exponent:
    10,000,000, 0.5, 0.000000119209."""
    if float(value).is_integer():
        return f"{int(value):,}"
    text = f"{value:,.6g}"
    if "e" not in text:
        return text
    if abs(value) >= 1:
        return f"{value:,.0f}"
    decimals = 5 - math.floor(math.log10(abs(value)))
    return f"{value:.{decimals}f}".rstrip("0")


def significant(value: float, digits: int = 3) -> str:
    """`digits` significant digits, never an exponent: 0.00512, 5.12, 512, 5,120, and
    'under 0.0001' where Python would switch to one (a reader's numbers, not a machine's)."""
    if value == 0 or not math.isfinite(value):
        return "0" if value == 0 else "n/a"
    if abs(value) >= 10**digits:
        return f"{value:,.0f}"
    text = f"{value:.{digits}g}"
    if "e" in text:  # below 0.0001
        return "under 0.0001" if value > 0 else "just under 0"
    return text


def counted(amount: int | str, singular: str, plural: str | None = None) -> str:
    """An amount and its noun, singular when the amount reads '1': '1 server', '2 servers',
    '1.5 servers' (given as text), '1,024 shards' (a whole number gets its thousands
    separators), '1 copy' (plural given: 'copies')."""
    shown = f"{amount:,}" if isinstance(amount, int) else amount
    noun = singular if shown == "1" else (plural or singular + "s")
    return f"{shown} {noun}"


def per_second(amount: int | str, singular: str, plural: str | None = None) -> str:
    """A rate of things counted: '1 write/s', '2.5 writes/s', '1,024 jobs/s' (`counted`
    with '/s' after the noun)."""
    return f"{counted(amount, singular, plural)}/s"


def first_upper(text: str) -> str:
    """`text` with its first letter raised, the rest untouched ('10M jobs/s' stays '10M',
    where str.capitalize would make it '10m', milli)."""
    return text[:1].upper() + text[1:]


def compact(value: float, digits: int = 2) -> str:
    """3400 -> '3.4k', 1_200_000 -> '1.2M', 42 -> '42', 0.25 -> '0.25'."""
    if not math.isfinite(value):
        return "n/a"
    magnitude = abs(value)
    for threshold, suffix in _SUFFIXES:
        if magnitude >= threshold * 0.9995:
            return f"{_significant(value / threshold, digits)}{suffix}"
    if magnitude >= 100 or value == int(value):
        return f"{value:,.0f}"
    return _significant(value, digits)


def _significant(value: float, digits: int) -> str:
    magnitude = abs(value)
    if magnitude >= 100:
        return f"{value:,.0f}"
    if magnitude >= 10:
        return (
            f"{value:.{max(digits - 2, 0)}f}".rstrip("0").rstrip(".")
            if digits > 2
            else f"{value:.0f}"
        )
    text = f"{value:.{digits - 1}f}" if magnitude >= 1 else significant(value, digits)
    return text.rstrip("0").rstrip(".") if "." in text else text


def usd(value: float) -> str:
    """Money for people: $0.42, $48, $1,250, $1.2M."""
    if value < 0:
        return "-" + usd(-value)
    if value < 1:
        return f"${value:.2f}"
    if value < 10_000:
        return f"${value:,.0f}"
    return "$" + compact(value)


def share(fraction: float) -> str:
    """A fraction as a percentage with enough decimals never to show 0.0% or 100.0%
    wrongly: '16.5%', '0.02%', 'under 0.0001%'."""
    if fraction <= 0.0:
        return "0%"
    if fraction >= 1.0:
        return "100%"
    for decimals in (1, 2, 3, 4):
        text = f"{fraction * 100:.{decimals}f}"
        if 0.0 < float(text) < 100.0:
            return text + "%"
    return "under 0.0001%" if fraction < 0.5 else "over 99.9999%"


def percent(fraction: float, decimals: int = 1) -> str:
    """0.5312 -> '53.1%'."""
    return f"{fraction * 100:.{decimals}f}%"


def machine(value: float | int | str) -> str:
    """The `data-value` text: plain, stable across CPython builds (6 significant digits)."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int):
        return str(value)
    if not math.isfinite(value):
        return "NaN"
    text = f"{value:.6g}"
    return text
