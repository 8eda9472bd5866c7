"""One box as an M/M/c queue: random arrivals, random CPU times, c cores, one queue.

Requests arrive at random (a Poisson stream of `arrival_rps` a second). Each needs an
exponentially distributed amount of CPU time with mean S = `service_ms`. Any free core
takes the oldest waiting request. With a = arrival_rps x S / 1000 (the offered load in
Erlangs: how many cores' worth of work arrives):

    utilisation        rho = a / c
    max_rps            c x 1000 / S          (the cores' combined speed)
    wait_probability   C(c, a), Erlang's C formula: the share of requests that find
                       every core busy and wait in the queue
    mean_response_ms   S + C(c, a) x S / (c - a)   (mean wait + mean service)

The last two exist only while rho < 1; at rho >= 1 more work arrives than the cores
can do, and the queue (and every request's wait) grows without bound.

Sources: L. Kleinrock, Queueing Systems, Volume 1: Theory (Wiley, 1975), chapter 3:
the M/M/m queue (Erlang's C formula and the mean time in system) and Erlang's loss
system M/M/m/m (Erlang's B formula). Erlang C is computed here from Erlang B, with
B's standard recursion
    B(0, a) = 1,   B(k, a) = a B(k-1, a) / (k + a B(k-1, a)),
and the identity C = B / (1 - rho (1 - B)), which follows from the two closed forms.
The recursion never forms a^c or c!, so it stays accurate for hundreds of cores.
"""

from __future__ import annotations

from dataclasses import dataclass


def offered_load(arrival_rps: float, service_ms: float) -> float:
    """a = arrival_rps x service_ms / 1000: cores' worth of work arriving (Erlangs)."""
    return arrival_rps * service_ms / 1000.0


def max_rps(service_ms: float, cores: int) -> float:
    """The most requests a second c cores finish: c x 1000 / S."""
    return cores * 1000.0 / service_ms


def erlang_b(cores: int, load: float) -> float:
    """Erlang's B formula B(c, a) by its recursion (see the module docstring)."""
    b = 1.0
    for k in range(1, cores + 1):
        b = load * b / (k + load * b)
    return b


def erlang_c(cores: int, load: float) -> float:
    """Erlang's C formula: the probability that an arriving request waits (needs a < c)."""
    if not 0.0 <= load < cores:
        raise ValueError(f"Erlang C needs 0 <= a < c (got a = {load}, c = {cores})")
    b = erlang_b(cores, load)
    return b / (1.0 - (load / cores) * (1.0 - b))


@dataclass(frozen=True)
class Box:
    """One M/M/c box: its load and, while it keeps up, its waiting and response time."""

    arrival_rps: float
    service_ms: float
    cores: int

    @property
    def load(self) -> float:
        """Offered load a in Erlangs."""
        return offered_load(self.arrival_rps, self.service_ms)

    @property
    def utilisation(self) -> float:
        """rho = a / c (above 1 when more work arrives than the cores can do)."""
        return self.load / self.cores

    @property
    def max_rps(self) -> float:
        return max_rps(self.service_ms, self.cores)

    @property
    def stable(self) -> bool:
        """True while rho < 1: only then does the queue settle to a finite mean."""
        return self.utilisation < 1.0

    @property
    def wait_probability(self) -> float | None:
        """Erlang C while stable, else None (every request ends up waiting, ever longer)."""
        return erlang_c(self.cores, self.load) if self.stable else None

    @property
    def mean_wait_ms(self) -> float | None:
        """Mean time in the queue before a core takes the request: C S / (c - a)."""
        c = self.wait_probability
        if c is None:
            return None
        return c * self.service_ms / (self.cores - self.load)

    @property
    def mean_response_ms(self) -> float | None:
        """Mean time in the box, waiting plus service: S + C S / (c - a)."""
        wait = self.mean_wait_ms
        return None if wait is None else self.service_ms + wait

    @property
    def in_progress(self) -> float | None:
        """Requests in the box on average, by Little's law: arrival rate x response time."""
        response = self.mean_response_ms
        return None if response is None else self.arrival_rps * response / 1000.0


def response_ms(arrival_rps: float, service_ms: float, cores: int) -> float | None:
    """Mean response time of an M/M/c box, or None when it cannot keep up."""
    return Box(arrival_rps, service_ms, cores).mean_response_ms


def arrival_for_response(service_ms: float, cores: int, target_ms: float) -> float:
    """The arrival rate at which the mean response time reaches `target_ms` (> S).

    Response time only grows with the arrival rate, so bisection finds it.
    """
    if target_ms <= service_ms:
        return 0.0
    lo, hi = 0.0, max_rps(service_ms, cores)
    for _ in range(60):
        mid = (lo + hi) / 2
        value = response_ms(mid, service_ms, cores)
        if value is None or value > target_ms:
            hi = mid
        else:
            lo = mid
    return lo


def response_curve(
    service_ms: float, cores: int, top_ms: float, points: int = 61
) -> tuple[tuple[float, float], ...]:
    """(arrival rate, mean response time) from no load up to where it reaches `top_ms`.

    Points crowd towards the end, where the curve turns steep (the hockey stick).
    """
    end = arrival_for_response(service_ms, cores, top_ms)
    out: list[tuple[float, float]] = []
    for i in range(points):
        share = 1.0 - (1.0 - i / (points - 1)) ** 2
        rate = end * share
        value = response_ms(rate, service_ms, cores)
        if value is not None:
            out.append((rate, value))
    return tuple(out)
