"""A seeded discrete-event simulation of four load-balancing policies on the same traffic.

One random stream (random.Random(seed)) draws every request's arrival time (Poisson:
exponential gaps) and its amount of work (exponential, mean S). All four policies get
exactly these requests, so their differences come from the policy, not from luck in the
traffic. Random and two choices draw their server picks from streams of their own,
seeded from the same seed. The draws depend on the seed and the number of requests
only, so they are kept (lru_cache): dragging servers, utilisation or service time
rescales the same draws instead of drawing them again.

The run brings exactly the load that was asked for: the gaps are scaled so that the N
requests take exactly N / lambda ms to arrive, and the work so that it averages exactly
S. N exponential gaps divided by their sum are distributed as the N pieces of an
interval cut at N - 1 uniformly random points, independent of the sum, so the arrivals
are a Poisson stream conditioned on its N-th arrival coming at exactly N / lambda; the
work is exponential work conditioned on its total. Without that, a run of N requests
carries a load off by about sqrt(2 / N) (2 % at 5,000 requests), and at 80 % busy a 1 %
error in the load moves a queue's mean by 4 %: conditioning takes that luck out. Over
40 to 80 seeds, 5,000 conditioned requests give means steadier from seed to seed than
10,000 plain draws did, and p99s, which rest on the largest 1 % of the times, a little
less steady for least connections and two choices (PERFORMANCE.md has the figures).

Each server serves one request at a time, first come first served, so a request
assigned to server s at time t finishes at max(t, when s is next free) + work x its
slowness; its response time is the wait plus that service time. Least connections and
two choices need the number of requests at each server (queued or in service) when a
request arrives. For least connections, a heap of finish times removes finished
requests as the clock passes them: every request is pushed and popped once, so a run
costs O(requests x log requests), plus O(servers) for the minimum. Two choices looks
at two servers only, and counts from each server's own deque of finish times.

Least connections breaks ties in rotation (after the server it chose last), as NGINX's
least_conn does with round robin among equals; two choices picks two different
servers at random and sends the request to the one with fewer, the first on a tie.
"""

from __future__ import annotations

import heapq
import math
import random
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate

from live_widgets.core.parts import Parts, finish
from widgets.load_balancing.model import POLICIES, Policy, Setup


@dataclass(frozen=True)
class Traffic:
    """The requests every policy sees: arrival times and work, both in ms."""

    arrivals: tuple[float, ...]
    work: tuple[float, ...]


def traffic(setup: Setup) -> Traffic:
    """Poisson arrivals at the set-up's rate and exponential work of mean S, from the seed,
    conditioned on bringing exactly the set-up's load (module docstring).

    `random.expovariate(rate)` is -ln(1 - U) / rate: a unit draw scaled. The unit draws,
    each divided by their mean, depend only on the seed and the number of requests, so
    they are kept (`_unit_draws`) and a change of servers, utilisation or service time
    only rescales them."""
    return finish(traffic_in_parts(setup))


def traffic_in_parts(setup: Setup) -> Parts[Traffic]:
    """`traffic`, stopping between the arrivals and the work."""
    gaps, sizes = _unit_draws(setup.seed, setup.requests)
    rate = setup.arrival_rate_per_ms
    per_work = 1.0 / setup.service_ms
    arrivals = tuple(accumulate(gap / rate for gap in gaps))
    yield
    return Traffic(arrivals, tuple(size / per_work for size in sizes))


@lru_cache(maxsize=2)  # 6.4 MB each at 100,000 requests (32 bytes a float in a tuple)
def _unit_draws(seed: int, requests: int) -> tuple[tuple[float, ...], tuple[float, ...]]:
    """Each request's gap and work as unit-rate exponential draws, -ln(1 - U), drawn in
    the order `random.Random(seed).expovariate` would (the gap, then the work), each
    list divided by its own mean: both then average exactly 1 (module docstring)."""
    draw = random.Random(seed).random
    log = math.log
    gaps: list[float] = []
    sizes: list[float] = []
    for _ in range(requests):
        gaps.append(-log(1.0 - draw()))
        sizes.append(-log(1.0 - draw()))
    return _to_mean_one(gaps), _to_mean_one(sizes)


def _to_mean_one(draws: list[float]) -> tuple[float, ...]:
    """The draws scaled so that their mean is 1 (to rounding)."""
    scale = len(draws) / math.fsum(draws)
    return tuple(d * scale for d in draws)


def _picker_seed(seed: int, policy: Policy) -> str:
    """A separate, reproducible random stream per policy (string seeds hash with SHA-512)."""
    return f"load-balancing:{seed}:{policy}"


@lru_cache(maxsize=2)  # random's and two choices' for one seed; 9.6 MB at 100,000 requests
def _picks(seed: int, policy: Policy, count: int) -> tuple[float, ...]:
    """The first `count` draws of the policy's own stream, kept like the traffic's: a
    change of servers, utilisation or service time scales the same draws again."""
    draw = random.Random(_picker_seed(seed, policy)).random
    return tuple(draw() for _ in range(count))


PART = 1_000
"""Requests simulated between two points where the work may stop (core/parts.py): about
1-5 ms of a browser's Python at a time, so newer values from the reader wait no longer.
The steps between policies (summaries, set-ups) are parts of their own for the same reason."""


def response_times(setup: Setup, requests: Traffic, policy: Policy) -> list[float]:
    """Every request's time in the system (ms) under `policy`, in arrival order."""
    return finish(response_times_in_parts(setup, requests, policy))


def response_times_in_parts(setup: Setup, requests: Traffic, policy: Policy) -> Parts[list[float]]:
    """`response_times`, in parts of PART requests (a server at a time for round robin)."""
    if policy == "round_robin":
        return (yield from _round_robin(setup, requests))
    if policy == "random":
        return (yield from _random(setup, requests))
    if policy == "least_connections":
        return (yield from _least_connections(setup, requests))
    if policy == "two_choices":
        return (yield from _two_choices(setup, requests))
    raise ValueError(f"unknown policy {policy!r}")


def _parts(requests: Traffic) -> Iterator[tuple[int, tuple[float, ...], tuple[float, ...]]]:
    """The traffic PART requests at a time: the first one's index, arrivals and work."""
    for start in range(0, len(requests.arrivals), PART):
        end = start + PART
        yield start, requests.arrivals[start:end], requests.work[start:end]


def _random(setup: Setup, requests: Traffic) -> Parts[list[float]]:
    """Each request goes to a server drawn from random's own stream."""
    slowness = setup.slowness
    n = len(slowness)
    free_at = [0.0] * n
    out = [0.0] * len(requests.arrivals)
    picks = _picks(setup.seed, "random", len(requests.arrivals))
    for start, arrivals, work in _parts(requests):
        chosen = [int(u * n) for u in picks[start : start + len(arrivals)]]
        pairs = zip(arrivals, work, chosen, strict=True)
        for j, (t, w, s) in enumerate(pairs, start):
            busy_until, service = free_at[s], w * slowness[s]
            if busy_until <= t:  # idle: served at once
                free_at[s] = t + service
                out[j] = service
            else:  # waits for the requests ahead of it
                free_at[s] = busy_until + service
                out[j] = busy_until - t + service
        yield
    return out


def _least_connections(setup: Setup, requests: Traffic) -> Parts[list[float]]:
    """Each request goes to a server with the fewest requests, ties in rotation."""
    slowness = setup.slowness
    n = len(slowness)
    free_at = [0.0] * n
    out = [0.0] * len(requests.arrivals)
    counts = [0] * n
    finishing: list[tuple[float, int]] = []
    push, pop = heapq.heappush, heapq.heappop
    after = 0
    for start, arrivals, work in _parts(requests):
        for j, (t, w) in enumerate(zip(arrivals, work, strict=True), start):
            while finishing and finishing[0][0] <= t:
                counts[pop(finishing)[1]] -= 1
            fewest = min(counts)
            try:
                s = counts.index(fewest, after)
            except ValueError:
                s = counts.index(fewest)
            after = s + 1 if s + 1 < n else 0
            busy_until, service = free_at[s], w * slowness[s]
            if busy_until <= t:
                done = t + service
                out[j] = service
            else:
                done = busy_until + service
                out[j] = busy_until - t + service
            free_at[s] = done
            counts[s] += 1
            push(finishing, (done, s))
        yield
    return out


def _round_robin(setup: Setup, requests: Traffic) -> Parts[list[float]]:
    """Round robin sends server s requests s, s + n, s + 2n, ...: each server's own
    queue is simulated from its slice of the traffic, and its times go back into theirs."""
    slowness = setup.slowness
    n = len(slowness)
    out = [0.0] * len(requests.arrivals)
    for s, factor in enumerate(slowness):
        busy_until = 0.0
        times: list[float] = []
        add = times.append
        for t, w in zip(requests.arrivals[s::n], requests.work[s::n], strict=True):
            service = w * factor
            if busy_until <= t:  # idle: served at once
                busy_until = t + service
                add(service)
            else:  # waits for the requests ahead of it
                add(busy_until - t + service)
                busy_until = busy_until + service
        out[s::n] = times
        yield
    return out


def _two_choices(setup: Setup, requests: Traffic) -> Parts[list[float]]:
    """Two choices needs the count at two servers only. A server serves in arrival order,
    so its finish times only grow: each server keeps those still to come in a deque,
    dropping from the front the ones the clock has passed. What remains is its count,
    and the last is when it is next free (none left: it is idle). Every request is
    appended and dropped once, so the whole run stays O(requests), with no heap."""
    slowness = setup.slowness
    n = len(slowness)
    out: list[float] = []
    add = out.append
    queues: list[deque[float]] = [deque() for _ in range(n)]
    picks = _picks(setup.seed, "two_choices", 2 * len(requests.arrivals))
    others = n - 1
    for start, arrivals, work in _parts(requests):
        firsts = picks[2 * start : 2 * (start + len(arrivals)) : 2]
        seconds = picks[2 * start + 1 : 2 * (start + len(arrivals)) : 2]
        for t, w, u, v in zip(arrivals, work, firsts, seconds, strict=True):
            a = int(u * n)
            b = int(v * others)
            if b >= a:
                b += 1
            queue_a, queue_b = queues[a], queues[b]
            while queue_a and queue_a[0] <= t:
                queue_a.popleft()
            while queue_b and queue_b[0] <= t:
                queue_b.popleft()
            if len(queue_b) < len(queue_a):
                queue, service = queue_b, w * slowness[b]
            else:
                queue, service = queue_a, w * slowness[a]
            if queue:  # waits for the requests ahead of it
                busy_until = queue[-1]
                queue.append(busy_until + service)
                add(busy_until - t + service)
            else:  # idle: served at once
                queue.append(t + service)
                add(service)
        yield
    return out


@dataclass(frozen=True)
class Result:
    """One policy's measured response times (after the warm-up)."""

    policy: Policy
    mean_ms: float
    p99_ms: float
    measured: int


def percentile(sorted_values: list[float], q: float) -> float:
    """The nearest-rank q-quantile of an ascending list: the ceil(q n)-th smallest."""
    rank = max(1, math.ceil(q * len(sorted_values)))
    return sorted_values[rank - 1]


def summarise(setup: Setup, policy: Policy, times: list[float]) -> Result:
    """Mean and p99 of the requests after the warm-up. The p99 is the same nearest-rank
    value as `percentile` on the sorted list, found among the largest 1 % only."""
    kept = times[setup.warm_up :]
    rank = max(1, math.ceil(0.99 * len(kept)))
    p99 = heapq.nlargest(len(kept) - rank + 1, kept)[-1]
    return Result(policy, math.fsum(kept) / len(kept), p99, len(kept))


def run_policy(setup: Setup, policy: Policy, requests: Traffic | None = None) -> Result:
    """One policy on the set-up's traffic (drawn from the seed unless given)."""
    requests = traffic(setup) if requests is None else requests
    return summarise(setup, policy, response_times(setup, requests, policy))


def run_all(setup: Setup) -> tuple[Result, ...]:
    """Every policy on the same traffic, in POLICIES order."""
    return finish(run_all_in_parts(setup))


def run_all_in_parts(setup: Setup) -> Parts[tuple[Result, ...]]:
    """`run_all` in parts (core/parts.py): each policy's simulation stops every PART requests."""
    requests = yield from traffic_in_parts(setup)
    yield
    results = []
    for policy in POLICIES:
        times = yield from response_times_in_parts(setup, requests, policy)
        results.append(summarise(setup, policy, times))
        yield  # the summary (the largest 1 % of the times) is a part of its own
    return tuple(results)
