"""Numbers for people, as the queueing widgets (capacity, tier-split) show them."""

from __future__ import annotations

from live_widgets.core.format import compact, significant

TIMES = "\u00d7"


def share(fraction: float) -> str:
    """A fraction as a percentage, with enough decimals not to show 0.0% or 100.0% wrongly."""
    if fraction <= 0.0:
        return "0%"
    if fraction >= 1.0:
        return f"{fraction * 100:,.0f}%" if fraction >= 10 else f"{fraction * 100:.1f}%"
    for decimals in (1, 2, 3, 4):
        text = f"{fraction * 100:.{decimals}f}"
        if 0.0 < float(text) < 100.0:
            return text + "%"
    return "under 0.0001%" if fraction < 0.5 else "over 99.9999%"


def rate(value: float) -> str:
    """Requests a second: '0.1 req/s', '42.5 req/s', '333 req/s', '12,000 req/s', '2.6M req/s'."""
    if value >= 1_000_000:
        return f"{compact(value)} req/s"
    if value >= 100:
        return f"{value:,.0f} req/s"
    return f"{significant(value)} req/s"


def milliseconds(value: float) -> str:
    """A duration given in ms: '0.512 ms', '5.94 ms', '20 ms', '30.2 ms', '1,010 ms', '42 s', '3.1 hours'."""
    if value < 100:
        return f"{significant(value)} ms"
    if value < 10_000:
        return f"{value:,.0f} ms"
    seconds = value / 1000
    if seconds < 7_200:
        return f"{seconds:,.0f} s"
    hours = seconds / 3600
    if hours < 1_000_000:
        return f"{hours:,.1f} hours"
    return "over a million hours"


def times(value: float) -> str:
    """A ratio: '1.51\u00d7', '12\u00d7', '1,500\u00d7'."""
    if value < 10:
        return f"{value:.3g}{TIMES}"
    return f"{value:,.0f}{TIMES}"
