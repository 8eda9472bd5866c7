"""The load-balancing set-up, its policies, and the theory the simulation must match.

A fleet of `servers` identical servers (optionally one at half speed) receives a Poisson
stream of requests at the rate that makes the fleet `utilisation` busy:

    arrival rate  lambda = utilisation x servers / S    (S = service_ms, per ms)

Each request needs an exponentially distributed amount of work with mean S (a server at
half speed takes twice as long) and waits in a first-come-first-served queue at the
server the policy picks. (A run of N requests is conditioned to bring exactly that load:
simulate.py says how; the theory below still applies.)

Theory for `random` with identical servers: splitting a Poisson stream at random gives
each server a Poisson stream of rate lambda / servers, so each is an M/M/1 queue with
utilisation rho, whose time in system is exponential with mean S / (1 - rho); its 99th
percentile is S ln(100) / (1 - rho) (L. Kleinrock, Queueing Systems, vol. 1, 1975:
the M/M/1 queue). The other policies have no such simple closed form: round robin makes each
server an E_k/M/1 queue, least connections is "join the shortest queue" (W. Winston,
"Optimality of the shortest line discipline", Journal of Applied Probability 14(1), 1977),
and two choices is the "power of two random choices" (M. Mitzenmacher, "The Power of
Two Choices in Randomized Load Balancing", IEEE Transactions on Parallel and Distributed
Systems 12(10), 2001), hence the simulation.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

Policy = Literal["round_robin", "random", "least_connections", "two_choices"]
POLICIES: tuple[Policy, ...] = ("round_robin", "random", "least_connections", "two_choices")
POLICY_NAMES: dict[Policy, str] = {
    "round_robin": "Round robin",
    "random": "Random",
    "least_connections": "Least connections",
    "two_choices": "Two choices",
}
SLOW_FACTOR = 2.0
"""A server at half speed takes twice as long for the same work."""
WARM_UP_SHARE = 0.1
"""The first tenth of the requests fill the queues from empty and are not measured."""


@dataclass(frozen=True)
class Setup:
    servers: int
    utilisation: float
    service_ms: float
    requests: int
    slow_server: bool
    seed: int

    @property
    def arrival_rate_per_ms(self) -> float:
        """lambda = utilisation x servers / S: the fleet's nominal capacity times rho."""
        return self.utilisation * self.servers / self.service_ms

    @property
    def slowness(self) -> tuple[float, ...]:
        """How long each server takes per unit of work: 1, or 2 for the half-speed one."""
        first = SLOW_FACTOR if self.slow_server else 1.0
        return (first,) + (1.0,) * (self.servers - 1)

    @property
    def capacity_share(self) -> float:
        """The fleet's real capacity as a share of its nominal one (servers - 0.5 of n)."""
        return sum(1.0 / f for f in self.slowness) / self.servers

    @property
    def warm_up(self) -> int:
        return int(self.requests * WARM_UP_SHARE)


def mm1_mean_ms(service_ms: float, rho: float) -> float:
    """Mean time in an M/M/1 queue: S / (1 - rho) (needs rho < 1)."""
    return service_ms / (1.0 - rho)


def mm1_quantile_ms(service_ms: float, rho: float, q: float) -> float:
    """The q-quantile of M/M/1 time in system, which is exponential: -ln(1 - q) S / (1 - rho)."""
    return -math.log(1.0 - q) * service_ms / (1.0 - rho)


def busiest_share(setup: Setup, policy: Policy) -> float:
    """How busy the fleet's most loaded server would be in the long run (>= 1: overloaded).

    Round robin and random give every server 1 / servers of the requests, so the slow
    server is SLOW_FACTOR x rho busy. Least connections and two choices steer work away
    from a long queue, so they are counted overloaded only when the whole fleet is:
    rho >= real capacity / nominal capacity. (Keeping up below that is not guaranteed
    for every policy; the simulation shows how close each comes.)
    """
    if policy in ("round_robin", "random"):
        return setup.utilisation * max(setup.slowness)
    return setup.utilisation / setup.capacity_share


def unbounded(setup: Setup, policy: Policy) -> bool:
    """True when the policy's queues grow without bound in the long run."""
    return busiest_share(setup, policy) >= 1.0
