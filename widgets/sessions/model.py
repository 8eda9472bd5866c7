"""Where sessions live: in each server's memory (sticky) or in a shared store.

Notation: N = `servers`, U = `active_users` (signed in at once, spread evenly over the
servers), T = `session_minutes` (mean session length), M = `added_servers`, K = N + M.

Failures and deploys
    in memory, sticky   users_logged_out_per_failure = U / N   (a crash loses its sessions)
                        users_logged_out_per_deploy  = U       (a full restart wipes them all)
    shared store        both 0: no server holds a session that others cannot read

Scaling out with sticky sessions
    Sessions end at random, each at rate 1/T (exponential lengths with mean T), and new
    logins arrive at the rate U/T that keeps U users signed in. The load balancer pins
    each new login to one of all K servers, evenly (round robin over the pool); a
    session never moves. At t = 0 the M new servers join, empty. In expectation, one
    old server (o) and one new server (n) follow

        do/dt = U/(K T) - o/T,   o(0) = U/N
        dn/dt = U/(K T) - n/T,   n(0) = 0

    whose solutions are

        o(t) = U/K + (U/N - U/K) e^(-t/T)
        n(t) = U/K (1 - e^(-t/T))

    The old servers' surplus decays exponentially with time constant T while the new
    servers fill towards the fair share U/K. "Balanced" means an old server carries at
    most 10 % more than a new one, o(t) <= (1 + e) n(t) with e = 0.1. Writing
    E = e^(-t/T) and multiplying by K/U:

        1 + (K/N - 1) E <= (1 + e)(1 - E)   <=>   E <= e / (K/N + e)

    so

        minutes_to_balance = T ln(1 + (1 + M/N) / e) = T ln(11 + 10 M / N)

    It does not depend on U, and it is at least T ln 11, about 2.4 T, however few
    servers are added: a new server fills only as fast as old sessions end.
    With a shared store every request may go to any server, so new servers take their
    share at once: minutes_to_balance = 0.

Sources: the two equations are the mean of an M/M/infinity system (every session is
its own "server" with an exponential holding time) started from a given population:
survivors of the initial population decay as e^(-t/T) and new arrivals fill up as
lambda T (1 - e^(-t/T)); see L. Kleinrock, Queueing Systems, Volume 1: Theory
(Wiley, 1975), chapter 3 (the M/M/infinity system), and L. Takacs, Introduction to the
Theory of Queues (Oxford University Press, 1962), for its behaviour over time. The test suite
checks the closed form against a step-by-step numerical integration.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

Store = Literal["in_memory_sticky", "shared_store"]

BALANCE_TOLERANCE = 0.1
"""Balanced: an old server carries at most this much more than a new one (10 %)."""


def balance_minutes(servers: int, added_servers: int, session_minutes: float) -> float:
    """T ln(1 + (1 + M/N) / e): minutes until old servers carry within 10 % of new ones."""
    ratio = added_servers / servers
    return session_minutes * math.log(1.0 + (1.0 + ratio) / BALANCE_TOLERANCE)


def old_server_sessions(
    t_minutes: float, servers: int, added_servers: int, active_users: float, session_minutes: float
) -> float:
    """o(t) = U/K + (U/N - U/K) e^(-t/T): expected sessions on one of the original servers."""
    fair = active_users / (servers + added_servers)
    decay = math.exp(-t_minutes / session_minutes)
    return fair + (active_users / servers - fair) * decay


def new_server_sessions(
    t_minutes: float, servers: int, added_servers: int, active_users: float, session_minutes: float
) -> float:
    """n(t) = U/K (1 - e^(-t/T)): expected sessions on one of the added servers."""
    fair = active_users / (servers + added_servers)
    return fair * -math.expm1(-t_minutes / session_minutes)


@dataclass(frozen=True)
class Fleet:
    """The app tier: how many servers, how many users, how long sessions last, where
    sessions live, and how many servers are added."""

    servers: int
    active_users: float
    session_minutes: float
    added_servers: int
    store: Store

    @property
    def sticky(self) -> bool:
        return self.store == "in_memory_sticky"

    @property
    def per_server(self) -> float:
        """Sessions on each server before scaling out: U / N."""
        return self.active_users / self.servers

    @property
    def fair_share(self) -> float:
        """Sessions per server once balanced after scaling out: U / (N + M)."""
        return self.active_users / (self.servers + self.added_servers)

    @property
    def users_logged_out_per_failure(self) -> float:
        """U / N in memory (that server's sessions die with it), 0 with a shared store."""
        return self.per_server if self.sticky else 0.0

    @property
    def users_logged_out_per_deploy(self) -> float:
        """U in memory (a full restart empties every server), 0 with a shared store."""
        return self.active_users if self.sticky else 0.0

    @property
    def sticky_balance_minutes(self) -> float:
        """What rebalancing would take with sticky sessions (whatever the store)."""
        return balance_minutes(self.servers, self.added_servers, self.session_minutes)

    @property
    def minutes_to_balance(self) -> float:
        """The closed form with sticky sessions; 0 with a shared store."""
        return self.sticky_balance_minutes if self.sticky else 0.0

    def old_at(self, t_minutes: float) -> float:
        return old_server_sessions(
            t_minutes, self.servers, self.added_servers, self.active_users, self.session_minutes
        )

    def new_at(self, t_minutes: float) -> float:
        return new_server_sessions(
            t_minutes, self.servers, self.added_servers, self.active_users, self.session_minutes
        )

    def minutes_to_fill(self, share: float) -> float:
        """When a new server reaches `share` (0-1) of the fair share: -T ln(1 - share)."""
        return -self.session_minutes * math.log1p(-share)


def curves(
    fleet: Fleet, t_max: float, points: int = 61
) -> tuple[tuple[tuple[float, float], ...], tuple[tuple[float, float], ...]]:
    """(t, o(t)) and (t, n(t)) from 0 to `t_max` minutes."""
    times = [t_max * i / (points - 1) for i in range(points)]
    old = tuple((t, fleet.old_at(t)) for t in times)
    new = tuple((t, fleet.new_at(t)) for t in times)
    return old, new
