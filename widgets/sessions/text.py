"""Numbers for people, as the sessions widget shows them."""

from __future__ import annotations

from live_widgets.core.format import counted


def users(value: float) -> str:
    """'2,500 users', 'about 3,333 users', '1 user', '0 users', and below one on average
    'about 0.1 users' (a share of one, not 'about 0 users')."""
    return f"{count(value)} {'user' if count(value) in ('1', 'about 1') else 'users'}"


def count(value: float) -> str:
    """An average number of sessions or users: '2,500', 'about 3,333' (to a whole one), and
    below one 'about 0.59' (two digits), so a share of one never reads as 'about 0'."""
    whole = round(value)
    if abs(value - whole) < 1e-9:
        return f"{whole:,}"
    if value < 1:
        return f"about {value:.2g}"
    return f"about {whole:,}"


def sessions(value: float) -> str:
    """'about 3,333 sessions', 'about 1 session', 'about 0.59 sessions', '2,500 sessions'."""
    amount = count(value)
    return f"{amount} {'session' if amount in ('1', 'about 1') else 'sessions'}"


def share(fraction: float) -> str:
    """A fraction as a percentage: '25%', '33.3%', '0.1%'."""
    percent = fraction * 100
    if percent == round(percent):
        return f"{percent:.0f}%"
    return f"{percent:.3g}%"


def minutes(value: float) -> str:
    """A duration given in minutes: '0 min', '7.5 min', '91 min', '4.2 hours', '2.3 days'."""
    if value <= 0:
        return "0 min"
    if value < 10:
        return f"{value:.2g} min"
    if value < 180:
        return f"{value:,.0f} min"
    hours = value / 60
    if hours < 48:
        return f"{hours:.2g} hours" if hours < 10 else f"{hours:,.0f} hours"
    return f"{hours / 24:,.1f} days"


def servers(count: int) -> str:
    return counted(count, "server")
