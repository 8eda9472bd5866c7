"""Numbers for people: availabilities with enough nines, durations, very large counts.

Shared by the call-chain, multi-region and tail-latency widgets, whose outputs are all
"how often does it fail, and for how long".
"""

from __future__ import annotations

import math

from live_widgets.core.format import counted

CENTURY_HOURS = 100 * 365 * 24.0
"""Past this a duration is only 'more than a century'."""
MAX_DECIMALS = 10
"""Past this many decimals an availability is shown as a count of nines instead."""


def nines(unavailability: float) -> float:
    """-log10(1 - availability): 3 for 99.9%, 6 for 99.9999%."""
    return -math.log10(unavailability)


def availability_text(unavailability: float) -> str:
    """An availability given as its complement: '99.5%', '99.9999%', '12.2%'.

    Shows two significant digits of the unavailability, so it never rounds a chain that
    can fail up to 100%; past 8 decimals it says how many nines instead.
    """
    if unavailability <= 0.0:
        return "100%"
    if unavailability >= 1.0:
        return "0%"
    pct = unavailability * 100.0
    decimals = max(1, math.ceil(-math.log10(pct) - 1e-9) + 1)
    if decimals > MAX_DECIMALS:
        return f"over 99.{'9' * (MAX_DECIMALS - 2)}% (about {nines(unavailability):.0f} nines)"
    while decimals <= MAX_DECIMALS:
        text = f"{100.0 - pct:.{decimals}f}"
        if float(text) < 100.0:
            break
        decimals += 1
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text + "%"


def share_text(fraction: float) -> str:
    """A share that may be tiny or near 1: '9.6%', '0.0012%', '63.4%', 'nearly 100%'."""
    if fraction <= 0.0:
        return "0%"
    if fraction >= 1.0:
        return "100%"
    if fraction > 0.5:
        text = availability_text(1.0 - fraction)
        return "nearly 100%" if text.startswith("over") else text
    pct = fraction * 100.0
    if pct < 1e-6:
        return "under 0.000001%"
    decimals = max(1, math.ceil(-math.log10(pct) - 1e-9) + 1)
    text = f"{pct:.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text + "%"


def minutes_text(minutes: float) -> str:
    """A duration given in minutes: '216 minutes (3.6 hours)', '43.2 minutes', '2.6 seconds'."""
    if minutes >= 120.0:
        return f"{minutes:,.0f} minutes ({minutes / 60:,.1f} hours)"
    if minutes >= 1.0:
        return counted(f"{minutes:.3g}", "minute")
    seconds = minutes * 60.0
    if seconds >= 1.0:
        return counted(f"{seconds:.2g}", "second")
    if seconds >= 0.001:
        ms = seconds * 1000
        return f"{ms:.2g} ms" if ms < 10 else f"{ms:,.0f} ms"
    return "under a millisecond"


def hours_text(hours: float) -> str:
    """A duration given in hours: '144 hours (6 days)', '50 hours', '26 minutes', '26 seconds'."""
    if hours >= CENTURY_HOURS:
        return "more than a century"
    if hours >= 48.0:
        return f"{hours:,.0f} hours ({hours / 24:,.1f} days)".replace(".0 days", " days")
    if hours >= 1.0:
        return counted(f"{hours:.3g}", "hour")
    return minutes_text(hours * 60.0)


def odds_text(probability: float) -> str:
    """A small probability as odds: '0.1%', '1 in 1 million', '1 in 10^30'."""
    if probability >= 0.001:
        return share_text(probability)
    n = 1.0 / probability
    if n < 1e15:
        return "1 in " + count_text(round(n))
    return f"1 in 10^{math.log10(n):.0f}"


_WORDS = ((1e12, "trillion"), (1e9, "billion"), (1e6, "million"))


def count_text(value: int) -> str:
    """A whole count: '32', '1,024', '3.7 million', '3,656 trillion'."""
    if value < 1_000_000:
        return f"{value:,}"
    for threshold, word in _WORDS:
        if value >= threshold:
            scaled = value / threshold
            return f"{scaled:,.0f} {word}" if scaled >= 10 else f"{scaled:.2g} {word}"
    return f"{value:,}"  # pragma: no cover - the loop always returns
