"""Numbers for people, as the CDN widget shows them."""

from __future__ import annotations

from live_widgets.core.format import compact


def rate(value: float) -> str:
    """Requests a second: '0 req/s', '0.05 req/s', '100 req/s', '5,000 req/s', '1.2M req/s'."""
    if value <= 0:
        return "0 req/s"
    if value >= 1_000_000:
        return f"{compact(value)} req/s"
    if value >= 100:
        return f"{value:,.0f} req/s"
    if value < 0.01:
        return "under 0.01 req/s"
    return f"{value:.3g} req/s"


def ms(value: float) -> str:
    """Milliseconds: '45 ms', '7.5 ms', '1,250 ms', 'under 0.01 ms'."""
    if value <= 0:
        return "0 ms"
    if value < 0.01:
        return "under 0.01 ms"
    if value < 10:
        return f"{value:.2g} ms"
    return f"{value:,.0f} ms"


def pct(value: float) -> str:
    """A percentage given as 0-100: '90%', '99.5%', '99.99%', 'under 0.01%'."""
    if 0 < value < 0.01:
        return "under 0.01%"
    if 99.99 < value < 100:
        return "over 99.99%"
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return f"{text}%"


def times(value: float) -> str:
    """A ratio: '10\u00d7', '2.5\u00d7', '1,000\u00d7'."""
    if value < 10:
        return f"{value:.2g}\u00d7"
    return f"{value:,.0f}\u00d7"
