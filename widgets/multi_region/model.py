"""Several regions: availability, the price of synchronous writes, and lost writes.

Availability (the optimistic bound). Each of `regions` full copies of the stack is up a
fraction a = region_availability_pct / 100 of the time, and the product is up while at
least one region is:

    availability = 1 - (1 - a)^regions

That holds only if regions fail independently and failover is instant. Shared causes (a
global configuration push, one software release deployed everywhere, a shared control
plane or DNS provider) fail regions together, and every failover takes time; real
availability is lower. Source: availability of redundant components, standard
reliability theory (e.g. K. S. Trivedi, Probability and Statistics with Reliability,
Queuing, and Computer Science Applications, 2nd ed., Wiley, 2002, parallel systems).

Synchronous write penalty. A synchronous write waits until another region has stored it:
at least one round trip. Light in optical fibre travels about 200,000 km/s (a refractive
index near 1.5), i.e. about 200 km per ms one way, 100 km per ms there and back:

    sync_write_penalty_ms = distance_km / 100

a lower bound: real routes are longer than the straight line and routers add delay.
Source: I. Grigorik, High Performance Browser Networking (O'Reilly, 2013), chapter 1,
"Primer on Latency and Bandwidth" (New York to London, 5,585 km: 56 ms round trip in
fibre).

Writes lost on failover. With asynchronous replication the other regions lag the
writer by lag_ms; when the writer's region fails, the writes of that window are lost
(the recovery point, RPO):

    async: writes_lost_on_failover = write_rps x lag_ms / 1000        sync: 0

The lag can never be shorter than the one-way delay, distance_km / 200 ms.
With one region there is no other region to copy to: no penalty and no failover.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

Replication = Literal["sync", "async"]

FIBRE_KM_PER_MS_ROUND_TRIP = 100.0
"""Light in fibre: about 200 km per ms one way, so 100 km of distance per ms of round trip."""
MINUTES_PER_MONTH = 43_200.0
MAX_REGIONS = 5


def unavailability(region_availability_pct: float, regions: int) -> float:
    """(1 - a)^regions: every region down at once (independent failures)."""
    return ((100.0 - region_availability_pct) / 100.0) ** regions


def availability_pct(region_availability_pct: float, regions: int) -> float:
    """(1 - (1 - a)^regions) x 100: the optimistic bound."""
    return 100.0 * (1.0 - unavailability(region_availability_pct, regions))


def sync_write_penalty_ms(distance_km: float) -> float:
    """distance_km / 100: one round trip over fibre (a lower bound)."""
    return distance_km / FIBRE_KM_PER_MS_ROUND_TRIP


def one_way_ms(distance_km: float) -> float:
    """distance_km / 200: the least possible replication lag."""
    return distance_km / (2.0 * FIBRE_KM_PER_MS_ROUND_TRIP)


def writes_lost_on_failover(write_rps: float, lag_ms: float, replication: Replication) -> float:
    """Async: write_rps x lag_ms / 1000; sync: 0."""
    return 0.0 if replication == "sync" else write_rps * lag_ms / 1000.0


@dataclass(frozen=True)
class Regions:
    """A product running in `regions` regions `distance_km` apart."""

    regions: int
    region_availability_pct: float
    distance_km: float
    write_rps: float
    replication: Replication
    lag_ms: float

    @property
    def unavailability(self) -> float:
        return unavailability(self.region_availability_pct, self.regions)

    @property
    def availability_pct(self) -> float:
        return availability_pct(self.region_availability_pct, self.regions)

    @property
    def downtime_minutes(self) -> float:
        """All regions down at once, in a 30-day month (independent failures)."""
        return self.unavailability * MINUTES_PER_MONTH

    @property
    def single(self) -> bool:
        """One region: nothing to replicate to, nothing to fail over to."""
        return self.regions == 1

    @property
    def sync_penalty_ms(self) -> float | None:
        """The round trip a synchronous write waits for; None with one region."""
        return None if self.single else sync_write_penalty_ms(self.distance_km)

    @property
    def writes_lost(self) -> float | None:
        """Writes an unplanned failover loses; None with one region (no failover)."""
        if self.single:
            return None
        return writes_lost_on_failover(self.write_rps, self.lag_ms, self.replication)

    @property
    def lag_floor_ms(self) -> float:
        return one_way_ms(self.distance_km)

    @property
    def lag_below_floor(self) -> bool:
        """An async lag shorter than light takes to cross: not physically possible."""
        return self.replication == "async" and not self.single and self.lag_ms < self.lag_floor_ms


def nines(unavailable: float) -> float:
    """-log10(unavailability): 3 for 99.9%."""
    return -math.log10(unavailable)


def availability_curve(
    region_availability_pct: float, max_regions: int = MAX_REGIONS
) -> tuple[tuple[float, float], ...]:
    """(regions, nines of availability) for 1 to max_regions regions."""
    return tuple(
        (float(n), nines(unavailability(region_availability_pct, n)))
        for n in range(1, max_regions + 1)
    )
