"""Number formatting for people ($1.2M, 3.4k req/s, 53.1%) and for machines."""

from __future__ import annotations

import math

_SUFFIXES = ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "k"))


def plain_number(value: float) -> str:
    """A number as a person types it: 10,000,000 or 0.5 (no exponent)."""
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.6g}"


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
    text = f"{value:.{digits - 1}f}" if magnitude >= 1 else f"{value:.{digits}g}"
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
