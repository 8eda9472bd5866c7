"""Fan-out makes the tail common; an error budget turns an error rate into time.

Fan-out. A request calls `fanout` backends in parallel and waits for all of them. Each
call is slow (slower than some threshold) with probability p = slow_pct / 100,
independently. The request is slow if any call is:

    slow_request_pct = (1 - (1 - p)^fanout) x 100

Source: J. Dean and L. A. Barroso, "The Tail at Scale", Communications of the ACM 56(2),
2013: with 1% of calls slower than 1 s, 63% of requests that wait for 100 such calls are
slower than 1 s.

Error budget. An SLO of slo_pct % good requests over 30 days allows a fraction
1 - slo_pct / 100 of requests to fail. Counted as full outage over a 30-day month:

    error_budget_minutes = (1 - slo_pct / 100) x 43,200
    burn_rate            = (error_pct / 100) / (1 - slo_pct / 100)
    hours_to_exhaust     = 720 / burn_rate       (a full budget, the error rate held)

A burn rate of 1 spends the budget in exactly the 30 days; at 0 errors it is never spent.
Source: The Site Reliability Workbook (O'Reilly, 2018), chapter 5, "Alerting on SLOs":
burn rate, and paging at 14.4 (2% of a 30-day budget in one hour, all of it in 50 hours).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

MINUTES_PER_MONTH = 43_200.0
HOURS_PER_MONTH = 720.0
MAX_FANOUT = 1000


def slow_request_fraction(fanout: int, slow_pct: float) -> float:
    """1 - (1 - p)^fanout, computed as -expm1(fanout x log1p(-p)) to keep tiny values."""
    p = slow_pct / 100.0
    if p >= 1.0:
        return 1.0
    return -math.expm1(fanout * math.log1p(-p))


def slow_request_pct(fanout: int, slow_pct: float) -> float:
    """(1 - (1 - slow_pct/100)^fanout) x 100."""
    return 100.0 * slow_request_fraction(fanout, slow_pct)


def allowed_error_fraction(slo_pct: float) -> float:
    """1 - slo_pct / 100: the share of requests the SLO lets fail."""
    return (100.0 - slo_pct) / 100.0


def error_budget_minutes(slo_pct: float) -> float:
    """(1 - slo_pct/100) x 43,200: the budget as minutes of full outage a month."""
    return allowed_error_fraction(slo_pct) * MINUTES_PER_MONTH


def burn_rate(error_pct: float, slo_pct: float) -> float:
    """(error_pct/100) / (1 - slo_pct/100): how many times faster than sustainable.

    Rounded to 10 significant digits: the inputs are decimals that binary floats only
    approximate, so 0.01% errors against a 99.99% SLO would otherwise give 0.99999999999949
    and read as "below 1" beside a rate shown as 1x."""
    return float(f"{(error_pct / 100.0) / allowed_error_fraction(slo_pct):.10g}")


def hours_to_exhaust(error_pct: float, slo_pct: float) -> float | None:
    """720 / burn rate: hours until a full budget is gone; None when nothing burns (or so
    little that the time would overflow a float: never, in practice)."""
    rate = burn_rate(error_pct, slo_pct)
    if rate <= 0.0:
        return None
    hours = HOURS_PER_MONTH / rate
    return hours if math.isfinite(hours) else None


@dataclass(frozen=True)
class Tail:
    """A fan-out request and the service's SLO and current error rate."""

    fanout: int
    slow_pct: float
    slo_pct: float
    error_pct: float

    @property
    def slow_fraction(self) -> float:
        return slow_request_fraction(self.fanout, self.slow_pct)

    @property
    def slow_request_pct(self) -> float:
        return slow_request_pct(self.fanout, self.slow_pct)

    @property
    def budget_minutes(self) -> float:
        return error_budget_minutes(self.slo_pct)

    @property
    def burn_rate(self) -> float:
        return burn_rate(self.error_pct, self.slo_pct)

    @property
    def hours_to_exhaust(self) -> float | None:
        return hours_to_exhaust(self.error_pct, self.slo_pct)


def fanout_curve(slow_pct: float, points: int = 61) -> tuple[tuple[float, float], ...]:
    """(fan-out, slow requests %) at whole fan-outs from 1 to 1,000, spaced on a log scale."""
    values = sorted({round(10 ** (3 * i / (points - 1))) for i in range(points)} | {1, MAX_FANOUT})
    return tuple((float(n), slow_request_pct(n, slow_pct)) for n in values)
