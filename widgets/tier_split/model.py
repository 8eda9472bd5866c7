"""One box against two: the data-tier split as two M/M/c queues.

Every request needs `web_ms` of CPU in the application and `db_ms` in the database.

    one box     one M/M/c queue with c = cores and S = web_ms + db_ms
    split       a web box (M/M/c, S = web_ms) and a database box (M/M/c, S = db_ms),
                c = cores each; every request visits both, and pays `network_ms`
                for the round trip between them

    one_box_max_rps      cores x 1000 / (web_ms + db_ms)
    split_max_rps        min(cores x 1000 / web_ms, cores x 1000 / db_ms)
    one_box_response_ms  the one box's M/M/c mean response time
    split_response_ms    web box's + database box's mean response times + network_ms
    bottleneck           the box that saturates first: the one with more CPU per request

Adding the two boxes' mean times treats them as independent M/M/c queues in series.
For Poisson arrivals and exponential service that is exact for the means (the output
of an M/M/c queue is again Poisson: Burke's theorem, P. J. Burke, "The Output of a
Queuing System", Operations Research 4(6), 1956; a series of such queues is a Jackson
network). The M/M/c formulas themselves are in widgets.capacity.model (Kleinrock,
Queueing Systems, vol. 1, 1975).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from widgets.capacity.model import Box, max_rps

Bottleneck = Literal["web", "database"]


@dataclass(frozen=True)
class Tiers:
    """The workload and the hardware: per-request CPU in each tier, cores per box."""

    arrival_rps: float
    web_ms: float
    db_ms: float
    cores: int
    network_ms: float

    @property
    def one_box(self) -> Box:
        """Web and database on the same cores: one queue, the two CPU times added."""
        return Box(self.arrival_rps, self.web_ms + self.db_ms, self.cores)

    @property
    def web_box(self) -> Box:
        return Box(self.arrival_rps, self.web_ms, self.cores)

    @property
    def db_box(self) -> Box:
        return Box(self.arrival_rps, self.db_ms, self.cores)

    @property
    def one_box_max_rps(self) -> float:
        return max_rps(self.web_ms + self.db_ms, self.cores)

    @property
    def split_max_rps(self) -> float:
        """The smaller of the two boxes' capacities: the request needs both."""
        return min(max_rps(self.web_ms, self.cores), max_rps(self.db_ms, self.cores))

    @property
    def bottleneck(self) -> Bottleneck:
        """The box that saturates first (the web box when both need the same CPU)."""
        return "database" if self.db_ms > self.web_ms else "web"

    @property
    def one_box_response_ms(self) -> float | None:
        """Mean response time of the single box, or None when it cannot keep up."""
        return self.one_box.mean_response_ms

    @property
    def split_response_ms(self) -> float | None:
        """Web box + database box + the network round trip, or None if either is overloaded."""
        return split_response_ms(
            self.arrival_rps, self.web_ms, self.db_ms, self.cores, self.network_ms
        )


def split_response_ms(
    arrival_rps: float, web_ms: float, db_ms: float, cores: int, network_ms: float
) -> float | None:
    """Mean response time of the split set-up, or None when either box cannot keep up."""
    web = Box(arrival_rps, web_ms, cores).mean_response_ms
    db = Box(arrival_rps, db_ms, cores).mean_response_ms
    if web is None or db is None:
        return None
    return web + db + network_ms


def split_curve(
    web_ms: float, db_ms: float, cores: int, network_ms: float, top_ms: float, points: int = 61
) -> tuple[tuple[float, float], ...]:
    """(arrival rate, split response time) from no load to where it reaches `top_ms`."""
    capacity = min(max_rps(web_ms, cores), max_rps(db_ms, cores))
    floor = web_ms + db_ms + network_ms
    if top_ms <= floor:
        return ((0.0, floor),)
    lo, hi = 0.0, capacity
    for _ in range(60):  # the response time only grows with the arrival rate
        mid = (lo + hi) / 2
        value = split_response_ms(mid, web_ms, db_ms, cores, network_ms)
        if value is None or value > top_ms:
            hi = mid
        else:
            lo = mid
    out: list[tuple[float, float]] = []
    for i in range(points):
        rate = lo * (1.0 - (1.0 - i / (points - 1)) ** 2)
        value = split_response_ms(rate, web_ms, db_ms, cores, network_ms)
        if value is not None:
            out.append((rate, value))
    return tuple(out)
