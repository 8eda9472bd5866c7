"""Numbers for people, as the queue-backlog widget shows them."""

from __future__ import annotations

from live_widgets.core.format import compact, counted, per_second


def rate(value: float) -> str:
    """Jobs a second: '0.5 jobs/s', '1 job/s', '30 jobs/s', '2,500 jobs/s', '1.2M jobs/s'."""
    if value >= 1_000_000:
        return f"{compact(value)} jobs/s"
    if value >= 100:
        return f"{value:,.0f} jobs/s"
    if value < 0.0001:
        return "under 0.0001 jobs/s"
    return per_second(f"{value:.3g}", "job")


def jobs(value: float) -> str:
    """'0 jobs', '1 job', '42,000 jobs', '3.5M jobs'."""
    if value >= 1_000_000:
        return f"{compact(value)} jobs"
    whole = round(value)
    if whole == 0 and value > 0:
        return "under 1 job"
    return counted(whole, "job")


def duration(seconds: float) -> str:
    """'0 s', '0.5 s', '48.6 s', '23 min', '5.2 hours', '12 days', '3 years'."""
    if seconds <= 0:
        return "0 s"
    if seconds < 0.01:
        return "under 0.01 s"
    if seconds < 10:
        return f"{seconds:.2g} s"
    if seconds < 120:
        return f"{seconds:.0f} s"
    minutes = seconds / 60
    if minutes < 120:
        return f"{minutes:.0f} min"
    hours = minutes / 60
    if hours < 48:
        return f"{hours:.2g} hours" if hours < 10 else f"{hours:.0f} hours"
    days = hours / 24
    if days < 730:
        return f"{days:,.0f} days"
    years = days / 365
    return f"{years:,.0f} years" if years < 1_000_000 else "over a million years"


def number(value: float) -> str:
    """A plain count with three significant figures, never in exponent notation: '8', '0.002'."""
    if value >= 1_000:
        return f"{value:,.0f}"
    return f"{value:.3g}" if value >= 0.0001 else "under 0.0001"


def workers(count: int) -> str:
    return counted(count, "worker")
