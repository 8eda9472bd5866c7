"""Availability of a chain of synchronous calls, with retries at every hop.

A request passes through `depth` services in a row (the gateway calls A, A calls B, and
so on). Each call attempt succeeds with probability a = availability_pct / 100, attempts
fail independently of each other, and each hop makes up to `retries` extra attempts
after a failure. Then:

    one hop fails          q = (1 - a)^(retries + 1)     (every attempt at that hop fails)
    chain_availability     (1 - q)^depth                 (every hop must succeed)
    downtime per month     (1 - chain) x 43,200 minutes  (a month is 30 days)
    worst-case amplification   (retries + 1)^depth

The amplification counts the calls that reach the deepest service for one request when
every hop fails and retries: each of the (retries + 1) attempts at the first hop makes
(retries + 1) attempts at the second, and so on down the chain.

Assumptions, and what breaks them: independent failures are what make a retry useful.
A service that is down (a crash, an overload, a bad deploy) fails every attempt, so
retries add load and no availability; the formula is then the optimistic bound.

Sources: availability of components in series (a product) and of redundant attempts
(one minus the product of their failure probabilities) is standard reliability theory,
e.g. K. S. Trivedi, Probability and Statistics with Reliability, Queuing, and Computer
Science Applications, 2nd ed. (Wiley, 2002), on series and parallel systems; B. Treynor,
M. Dahlin, V. Rau and B. Beyer, "The Calculus of Service Availability", ACM Queue 15(2),
2017, apply it to a service and its critical dependencies. Retry amplification across
layers: M. Ulrich, "Addressing Cascading Failures", in Site Reliability Engineering
(O'Reilly, 2016), chapter 22 (three layers each making 4 attempts: 4^3 = 64 attempts on
the database).

Numerics: 1 - (1 - q)^depth is computed as -expm1(depth x log1p(-q)), which keeps its
digits when q is tiny (retries at a highly available service), where the plain formula
would round the chain to exactly 100%.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

MINUTES_PER_MONTH = 43_200.0
"""A 30-day month: 30 x 24 x 60 minutes."""
MAX_DEPTH = 20
"""The deepest chain the widget draws and accepts."""


def attempt_failure(availability_pct: float) -> float:
    """1 - a: the chance that one call attempt fails."""
    return (100.0 - availability_pct) / 100.0


def hop_failure(availability_pct: float, retries: int) -> float:
    """q = (1 - a)^(retries + 1): every attempt at one hop fails."""
    return attempt_failure(availability_pct) ** (retries + 1)


def chain_unavailability(depth: int, availability_pct: float, retries: int) -> float:
    """1 - (1 - q)^depth: the chance that a request through the chain fails."""
    return -math.expm1(depth * math.log1p(-hop_failure(availability_pct, retries)))


def chain_availability_pct(depth: int, availability_pct: float, retries: int) -> float:
    """(1 - (1 - a)^(retries + 1))^depth x 100."""
    return 100.0 * (1.0 - chain_unavailability(depth, availability_pct, retries))


def downtime_minutes_per_month(depth: int, availability_pct: float, retries: int) -> float:
    """(1 - chain availability) x 43,200: failed minutes in a 30-day month."""
    return chain_unavailability(depth, availability_pct, retries) * MINUTES_PER_MONTH


def worst_case_amplification(depth: int, retries: int) -> int:
    """(retries + 1)^depth: calls reaching the deepest service when every hop fails."""
    return (retries + 1) ** depth


@dataclass(frozen=True)
class Chain:
    """A chain of `depth` services, each `availability_pct` available per attempt."""

    depth: int
    availability_pct: float
    retries: int

    @property
    def unavailability(self) -> float:
        """1 - chain availability, as a fraction."""
        return chain_unavailability(self.depth, self.availability_pct, self.retries)

    @property
    def availability_pct_chain(self) -> float:
        return chain_availability_pct(self.depth, self.availability_pct, self.retries)

    @property
    def downtime_minutes(self) -> float:
        return downtime_minutes_per_month(self.depth, self.availability_pct, self.retries)

    @property
    def amplification(self) -> int:
        return worst_case_amplification(self.depth, self.retries)

    @property
    def hop_unavailability(self) -> float:
        """q: one hop fails, after all its attempts."""
        return hop_failure(self.availability_pct, self.retries)

    @property
    def without_retries(self) -> Chain:
        """The same chain with no retries, for comparison."""
        return Chain(self.depth, self.availability_pct, 0)

    @property
    def one_service_downtime_minutes(self) -> float:
        """What one service alone fails in a month: (1 - a) x 43,200."""
        return attempt_failure(self.availability_pct) * MINUTES_PER_MONTH


def availability_curve(
    availability_pct: float, retries: int, max_depth: int = MAX_DEPTH
) -> tuple[tuple[float, float], ...]:
    """(depth, chain availability %) for depth 1 to max_depth."""
    return tuple(
        (float(d), chain_availability_pct(d, availability_pct, retries))
        for d in range(1, max_depth + 1)
    )
