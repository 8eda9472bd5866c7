"""An asynchronous replica as a network delay plus an M/M/1 apply queue.

Every write committed on the primary travels to the replica (one-way delay D =
`network_ms`) and then waits for the replica's apply stream, which applies writes one
at a time. Writes arrive at random (Poisson, lambda = `write_rps`) and each takes an
exponentially distributed time to apply, at most mu = `apply_rps` a second. The time a
write spends at the replica is then the sojourn time of an M/M/1 queue, which is
exponentially distributed with rate mu - lambda (mean 1/(mu - lambda)), as long as
lambda < mu.

    mean_lag_ms              D + 1000 / (mu - lambda)
    stale_read_probability   P(lag > a) for a read `read_after_ms` = a after the write:
                             1                                   if a < D
                             exp(-(mu - lambda)(a - D) / 1000)   otherwise
    writes_lost_on_failover  lambda x mean_lag_ms / 1000: by Little's law, the writes
                             committed on the primary but not yet applied on the replica
                             at a random moment, the ones an asynchronous failover to it
                             puts at risk
    quorum_overlap           w + r - n: with n copies, a write acknowledged by w and a read
                             that asks r, at least w + r - n copies are in both sets;
                             above 0 every read reaches a copy with the latest write

When lambda >= mu the replica cannot keep up: its backlog, and the lag, grow without
bound for as long as the load lasts, so the mean lag and the writes at risk have no
value, and in time every read-back is stale.

Sources: L. Kleinrock, Queueing Systems, Volume 1: Theory (Wiley, 1975), chapter 3,
for the M/M/1 queue and its exponential sojourn-time distribution with rate mu - lambda;
J. D. C. Little, "A Proof for the Queuing Formula: L = lambda W", Operations Research
9(3), 1961; D. K. Gifford, "Weighted Voting for Replicated Data", SOSP 1979, for
read and write quorums that must overlap (w + r > n). Real replicas apply in batches and
in parallel, and their lag has heavier tails than this model: read it as the shape of
the problem (lag explodes as writes approach the apply capacity), not as a forecast.
"""

from __future__ import annotations

import math
from dataclasses import dataclass


def overlap(n: int, w: int, r: int) -> int:
    """w + r - n: copies certain to be in both the write set and the read set."""
    return w + r - n


@dataclass(frozen=True)
class Replica:
    """One asynchronous replica: write load, apply capacity, network delay, read timing."""

    write_rps: float
    apply_rps: float
    network_ms: float
    read_after_ms: float

    @property
    def utilisation(self) -> float:
        """lambda / mu: how busy the apply stream is."""
        return self.write_rps / self.apply_rps

    @property
    def stable(self) -> bool:
        """True while lambda < mu: only then does the lag settle."""
        return self.write_rps < self.apply_rps

    @property
    def spare_rps(self) -> float:
        """mu - lambda: the rate at which the replica catches up (negative when it cannot)."""
        return self.apply_rps - self.write_rps

    @property
    def mean_apply_ms(self) -> float | None:
        """1000 / (mu - lambda): mean time a write spends queued and applied at the replica."""
        return 1000.0 / self.spare_rps if self.stable else None

    @property
    def mean_lag_ms(self) -> float | None:
        """D + 1000 / (mu - lambda), or None when the lag grows without bound."""
        apply = self.mean_apply_ms
        return None if apply is None else self.network_ms + apply

    def lag_exceeds(self, ms: float) -> float:
        """P(lag > ms): 1 before the network delay has passed, then an exponential tail."""
        if not self.stable or ms < self.network_ms:
            return 1.0
        return math.exp(-self.spare_rps * (ms - self.network_ms) / 1000.0)

    @property
    def stale_read_probability(self) -> float:
        """P(lag > read_after_ms); 1 when the replica cannot keep up (in time)."""
        return self.lag_exceeds(self.read_after_ms)

    def lag_quantile_ms(self, share: float) -> float | None:
        """The lag that a `share` (0-1) of writes beat: D - 1000 ln(1 - share) / (mu - lambda)."""
        if not self.stable:
            return None
        return self.network_ms - 1000.0 * math.log1p(-share) / self.spare_rps

    @property
    def writes_lost_on_failover(self) -> float | None:
        """lambda x mean lag (Little's law), or None when the backlog grows without bound."""
        lag = self.mean_lag_ms
        return None if lag is None else self.write_rps * lag / 1000.0


def stale_curve(
    replica: Replica, x_max: float, points: int = 81
) -> tuple[tuple[float, float], ...]:
    """(read_after_ms, P(lag > read_after_ms)) from 0 to `x_max`, the bend at D included."""
    xs = {x_max * i / (points - 1) for i in range(points)}
    if 0.0 < replica.network_ms < x_max:
        xs.add(replica.network_ms)
    return tuple((x, replica.lag_exceeds(x)) for x in sorted(xs))
