"""A burst against a worker pool, as a fluid queue.

Jobs normally arrive at `arrival_rps`. For `burst_s` seconds they arrive at `burst_rps`
instead (a burst: at least the normal rate). `workers` workers each take `job_ms` per
job, so together they finish at most

    capacity_rps = workers x 1000 / job_ms   (c)

jobs a second. In the fluid model jobs are a continuous flow: the backlog B(t) grows at
(arrival - c) when arrivals exceed capacity and shrinks at (c - arrival) while there is
a backlog, never below 0. Starting empty (arrival_rps < c before the burst), the burst
builds the backlog linearly, and once it ends the backlog drains linearly:

    peak_backlog  = max(0, burst_rps - c) x burst_s           (jobs)
    drain_s       = peak_backlog / (c - arrival_rps)          (s after the burst ends)
    max_wait_s    = peak_backlog / c                          (s: the job at the back of
                    the peak queue waits for everything ahead of it, served at c, first
                    in first out)

These exist only while arrival_rps < c. Otherwise the backlog left by the burst never
shrinks: it stays, or keeps growing, for as long as the load lasts.

workers_needed is the fewest workers for which arrival_rps < c and max_wait_s <=
`wait_target_s`. With c < burst_rps the wait condition reads
(burst_rps - c) burst_s <= wait_target_s c, that is

    c >= burst_rps x burst_s / (burst_s + wait_target_s)

so workers_needed = the smallest whole W with W x 1000 / job_ms above arrival_rps and
at least that bound.

Source: the deterministic fluid approximation of a queue, in which a queue grows and
drains at the difference of the arrival and service rates: G. F. Newell, Applications
of Queueing Theory, 2nd edition (Chapman and Hall, 1982), the chapter "Deterministic
fluid approximation: single server" (a rush hour is its running example). The fluid
model ignores randomness: real arrivals and job times vary, so real queues are a little
longer and a queue near capacity is slower to drain than this says.
"""

from __future__ import annotations

import math
from dataclasses import dataclass


def capacity_rps(workers: int, job_ms: float) -> float:
    """workers x 1000 / job_ms: the most jobs a second the pool finishes."""
    return workers * 1000.0 / job_ms


def wait_for(capacity: float, burst_rps: float, burst_s: float) -> float:
    """The longest wait, peak backlog / capacity, for a pool of this capacity."""
    return max(0.0, burst_rps - capacity) * burst_s / capacity


def workers_needed(
    arrival_rps: float, burst_rps: float, burst_s: float, job_ms: float, wait_target_s: float
) -> int:
    """The fewest workers that keep up with normal traffic and keep the longest wait of
    the burst within `wait_target_s` (see the module docstring)."""

    def enough(workers: int) -> bool:
        capacity = capacity_rps(workers, job_ms)
        return capacity > arrival_rps and wait_for(capacity, burst_rps, burst_s) <= wait_target_s

    bound = burst_rps * burst_s / (burst_s + wait_target_s)
    guess = max(
        1,
        math.ceil(bound * job_ms / 1000.0),
        math.floor(arrival_rps * job_ms / 1000.0) + 1,
    )
    while guess > 1 and enough(guess - 1):  # rounding may have overshot
        guess -= 1
    while not enough(guess):  # or undershot
        guess += 1
    return guess


@dataclass(frozen=True)
class Burst:
    """The traffic (normal rate, burst rate and length), the pool and the wait target."""

    arrival_rps: float
    burst_rps: float
    burst_s: float
    workers: int
    job_ms: float
    wait_target_s: float

    @property
    def capacity_rps(self) -> float:
        return capacity_rps(self.workers, self.job_ms)

    @property
    def drains(self) -> bool:
        """True while normal traffic stays below capacity: only then does a backlog drain."""
        return self.arrival_rps < self.capacity_rps

    @property
    def growth_rps(self) -> float:
        """How fast the backlog grows during the burst: max(0, burst - c)."""
        return max(0.0, self.burst_rps - self.capacity_rps)

    @property
    def peak_backlog(self) -> float | None:
        """max(0, burst - c) x burst_s, or None when the backlog never drains."""
        return self.growth_rps * self.burst_s if self.drains else None

    @property
    def drain_s(self) -> float | None:
        """peak / (c - arrival): seconds after the burst until the queue is empty."""
        peak = self.peak_backlog
        return None if peak is None else peak / (self.capacity_rps - self.arrival_rps)

    @property
    def max_wait_s(self) -> float | None:
        """peak / c: the wait of the job at the back of the queue at its peak."""
        peak = self.peak_backlog
        return None if peak is None else peak / self.capacity_rps

    @property
    def workers_needed(self) -> int:
        return workers_needed(
            self.arrival_rps, self.burst_rps, self.burst_s, self.job_ms, self.wait_target_s
        )

    @property
    def target_backlog(self) -> float:
        """The backlog that takes exactly `wait_target_s` to clear at capacity."""
        return self.wait_target_s * self.capacity_rps

    def backlog_at(self, t: float) -> float:
        """B(t), t in seconds from the start of the burst (the queue is empty before it)."""
        if t <= 0:
            return 0.0
        c = self.capacity_rps
        during = min(t, self.burst_s)
        backlog = max(0.0, self.burst_rps - c) * during
        if t > self.burst_s:
            backlog = max(0.0, backlog + (self.arrival_rps - c) * (t - self.burst_s))
        return backlog


def backlog_curve(burst: Burst, t_end: float, lead: float) -> tuple[tuple[float, float], ...]:
    """(t, B(t)) from -lead to t_end: the corners of the piecewise-linear backlog."""
    times = {-lead, 0.0, t_end}
    if burst.burst_s < t_end:
        times.add(burst.burst_s)
    drain = burst.drain_s
    if drain is not None and burst.burst_s + drain < t_end:
        times.add(burst.burst_s + drain)
    return tuple((t, burst.backlog_at(t)) for t in sorted(times))
