"""Numbers for people, as this widget shows them."""

from __future__ import annotations

from live_widgets.core.format import compact, per_second, plain_number

TIMES = "\u00d7"

POLICY_NAMES = {"lru": "LRU", "fifo": "FIFO", "lfu": "LFU (ideal)"}


def reads_per_second(value: float) -> str:
    """'4.94 reads/s', '469 reads/s', '12,000 reads/s', '1.2M reads/s', 'under 0.01 reads/s',
    '1 read/s'."""
    if value <= 0.0:
        return "0 reads/s"
    if value < 0.01:
        return "under 0.01 reads/s"
    if value >= 1_000_000:
        return f"{compact(value)} reads/s"
    if value >= 100:
        return f"{value:,.0f} reads/s"
    return per_second(f"{value:.3g}", "read")


def times_less(value: float, no_misses: bool, capped: bool) -> str:
    """The load reduction 1 / (1 - h) as '2.02\u00d7 less', with the no-miss cases said in words."""
    if no_misses:
        return "no misses: the database gets no reads"
    if capped:
        return f"over {plain_number(value)}{TIMES} less"
    number = f"{value:.3g}" if value < 1000 else plain_number(round(value))
    return f"{number}{TIMES} less"


def milliseconds(value: float) -> str:
    """'5.94 ms', '10.9 ms', '1,010 ms'."""
    if value < 10:
        return f"{value:.2f} ms"
    if value < 100:
        return f"{value:.1f} ms"
    return f"{value:,.0f} ms"


def duration(seconds: float) -> str:
    """A TTL for people: '45 s', '5 min', '2.5 h'."""
    if seconds < 120:
        return f"{plain_number(seconds)} s"
    if seconds < 7200:
        return f"{seconds / 60:.3g} min"
    return f"{seconds / 3600:.3g} h"
