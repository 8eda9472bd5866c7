"""Numbers for people, as the replication-lag widget shows them."""

from __future__ import annotations

from live_widgets.core.format import compact, counted


def duration_ms(value: float) -> str:
    """A time given in ms: '0.5 ms', '6 ms', '21 ms', '250 ms', '1.5 s', '12 min', '3.2 hours'."""
    if value <= 0:
        return "0 ms"
    if value < 0.01:
        return "under 0.01 ms"
    if value < 10:
        return f"{value:.2g} ms"
    if value < 1_000:
        return f"{value:.0f} ms"
    seconds = value / 1000
    if seconds < 60:
        return f"{seconds:.2g} s" if seconds < 10 else f"{seconds:.0f} s"
    if seconds < 3_600:
        return f"{seconds / 60:.2g} min" if seconds < 600 else f"{seconds / 60:.0f} min"
    hours = seconds / 3_600
    if hours < 48:
        return f"{hours:.2g} hours"
    days = hours / 24
    if days < 730:
        return f"{days:,.0f} days"
    years = days / 365
    return f"{years:,.0f} years" if years < 1_000_000 else "over a million years"


def writes(value: float) -> str:
    """'6 writes', '0.35 writes', '1 write', '1.2k writes'."""
    if value >= 1_000:
        return counted(compact(value), "write")
    if value >= 10:
        return counted(f"{value:.0f}", "write")
    if value <= 0:
        return "0 writes"
    if value < 0.01:
        return "under 0.01 writes"
    return counted(f"{value:.2g}", "write")


def writes_each_second(value: float) -> str:
    """A rate without its '/s': '1,000 writes', '0.5 writes', '1 write', '1.2M writes'."""
    if value >= 1_000_000:
        return counted(compact(value), "write")
    if value >= 100:
        return counted(f"{value:,.0f}", "write")
    if value < 0.01:
        return "under 0.01 writes"
    return counted(f"{value:.3g}", "write")


def rate(value: float) -> str:
    """'1,000 writes/s', '0.5 writes/s', '1 write/s', '1.2M writes/s'."""
    return f"{writes_each_second(value)}/s"
