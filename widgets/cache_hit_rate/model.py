"""How often a cache answers a read, for LRU, FIFO and an ideal cache, with or without a TTL.

Workload (the independent reference model, IRM): reads arrive as a Poisson stream of
R reads per second, and each read asks for key i (rank 1 = most popular) with Zipf
probability p_i = i^-s / H(N, s), independently of all other reads. So key i is read
as its own Poisson stream of rate lambda_i = R p_i. Sums over all N keys are done on
the compressed popularity of `widgets.cache_hit_rate.popularity`.

Capacity: the characteristic time T (Che's approximation). In a full LRU cache of C
items, a key that is not read for T seconds falls off the end, where T is the same for
every key and is fixed by the cache holding C items on average:

    sum_i o_i(T) = C,        hit rate h = sum_i p_i o_i(T),

with o_i the fraction of time key i spends in the cache; with Poisson reads this is
also the chance that a read of key i is a hit. Che, Tung and Wang (2002), "Hierarchical
Web caching systems: modeling, design and experimental results", IEEE JSAC 20(7);
Fricker, Robert and Roberts (2012) explain why it is so accurate. Per key:

* LRU: every read restarts the clock, so o_i = 1 - exp(-lambda_i T).
* FIFO: the clock starts when the key is fetched and hits do not restart it, so the key
  stays exactly T after each miss; a renewal argument gives
  o_i = lambda_i T / (1 + lambda_i T).
  Dan and Towsley (1990); Martina, Garetto and Leonardi (2014), "A unified approach to
  the performance analysis of caching systems", IEEE INFOCOM, arXiv:1307.6702.
* LFU here is the ideal cache for independent reads: it always holds the C most popular
  keys, so h = sum_{i<=C} p_i (no T needed). No policy can beat it under the IRM.

Time to live (TTL) D, set when a key is fetched and not extended by hits; expired items
are removed at once (as memcached's LRU crawler and Redis's active expiry try to do),
so they free space. This is the TTL-cache view of Fofack, Nain, Neglia and Towsley
(2014), "Performance evaluation of hierarchical TTL-based cache networks", Computer
Networks 65, and Martina et al. (2014): each key carries timers, and T is found as
before from sum_i o_i(T) = C.

* TTL alone (no capacity limit): a miss starts a cycle of D seconds with lambda_i D
  hits on average, then the next read misses: o_i = lambda_i D / (1 + lambda_i D).
* FIFO + TTL: both timers start at the fetch, so the key stays min(T, D):
  o_i = lambda_i min(T, D) / (1 + lambda_i min(T, D)).
* LRU + TTL: the key leaves at min(G, D), where G is when a gap of T seconds without a
  read first happens (G >= T, E[G] = (exp(lambda T) - 1) / lambda). Then
  o_i = lambda_i L / (1 + lambda_i L) with L = E[min(G, D)]: exactly L = D when D <= T.
  When D > T the exact L is an alternating series that is slow and numerically fragile,
  so this widget uses its own approximation (not taken from the papers above): G = T + S,
  where S (the run of reads before the fatal gap) is 0 with probability exp(-lambda T)
  and otherwise exponential, with the mean that keeps E[S] exact:
  L = T + E[S] (1 - exp(-(D - T) / m)),  E[S] = (exp(lambda T) - 1) / lambda - T,
  m = E[S] / (1 - exp(-lambda T)).
  It is exact for D <= T, for D -> infinity and for lambda -> 0, and within 0.5
  percentage points per key of the exact series wherever the tests compare them
  (lambda T from 0.001 to 50, D / T up to 60); trace-driven simulation agrees too.
* LFU + TTL: the C most popular keys each expire and are fetched again:
  h = sum_{i<=C} p_i lambda_i D / (1 + lambda_i D). Space freed by expiries is not
  used for other keys, so with short TTLs LRU and FIFO can beat this "ideal".
* If even with no capacity evictions fewer than C items are fresh at once
  (sum_i lambda_i D / (1 + lambda_i D) <= C), the cache never fills: T is infinite
  and every policy has the TTL-only hit rate.

The outputs follow from h: database reads R (1 - h); load reduction 1 / (1 - h) (capped
at 1,000,000, shown as "no misses" when h = 1); mean latency of a cache-aside read, where
every read pays the cache lookup and a miss also pays the database: hit_ms + (1 - h) miss_ms.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from widgets.cache_hit_rate.popularity import Popularity, zipf_popularity, zipf_sum

Policy = Literal["lru", "fifo", "lfu"]
POLICIES: tuple[Policy, ...] = ("lru", "fifo", "lfu")

NO_EXPIRY = math.inf
MAX_LOAD_REDUCTION = 1_000_000.0
"""1 / (1 - h) is reported up to this; beyond it the database sees virtually nothing."""

_FULL_OCCUPANCY = 0.999
"""The chart's sweep of T stops once even the rarest key is cached this often."""


@dataclass(frozen=True)
class Workload:
    """Who reads what: N keys with Zipf(s) popularity, R reads/s, TTL D in seconds
    (NO_EXPIRY, i.e. infinity, when entries never expire)."""

    popularity: Popularity
    read_rps: float
    ttl_s: float = NO_EXPIRY

    @property
    def keys(self) -> int:
        return self.popularity.keys


def make_workload(keys: int, skew: float, read_rps: float, ttl_s: float) -> Workload:
    """A workload; a TTL of 0 (or less) means entries never expire."""
    ttl = ttl_s if ttl_s > 0 else NO_EXPIRY
    return Workload(zipf_popularity(keys, skew), read_rps, ttl)


# --- one key: the fraction of time it is in the cache (= its hit probability) ----------


def ttl_key_occupancy(rate: float, ttl: float) -> float:
    """TTL only: lambda D / (1 + lambda D); 1 without expiry."""
    if ttl == NO_EXPIRY:
        return 1.0
    y = rate * ttl
    return y / (1.0 + y)


def fifo_key_occupancy(rate: float, t: float, ttl: float) -> float:
    """FIFO (+ TTL): a key stays tau = min(T, D) after a miss: lambda tau / (1 + lambda tau)."""
    y = rate * min(t, ttl)
    return y / (1.0 + y)


def lru_key_occupancy(rate: float, t: float, ttl: float) -> float:
    """LRU: 1 - exp(-lambda T); with a TTL D: lambda L / (1 + lambda L), L = E[min(G, D)]."""
    x = rate * t
    if ttl == NO_EXPIRY:
        return -math.expm1(-x)
    stay = lru_time_in_cache(rate, t, ttl)
    y = rate * stay
    return y / (1.0 + y)


def lru_time_in_cache(rate: float, t: float, ttl: float) -> float:
    """L = E[min(G, D)]: how long a fetched key stays in an LRU cache with TTL D.

    G >= T is when the key first goes T seconds unread. For D <= T this is exactly D.
    Otherwise G = T + S with S approximated as 0 with probability exp(-lambda T) and
    else exponential with mean m, matching E[S] = (exp(lambda T) - 1) / lambda - T:
    L = T + E[S] (1 - exp(-(D - T) / m)),  m = E[S] / (1 - exp(-lambda T)).
    """
    if ttl <= t:
        return ttl
    x = rate * t
    if x > 500.0:  # a gap of T is then all but impossible: only the TTL removes the key
        return ttl
    if x < 1e-4:  # E[S] = T (x/2 + x^2/6 + x^3/24 + ...) without cancellation
        mean_run = t * x * (0.5 + x * (1.0 / 6.0 + x / 24.0))
    else:
        mean_run = math.expm1(x) / rate - t
    lasting = -math.expm1(-x)
    if mean_run <= 0.0 or lasting <= 0.0:
        return t
    run_scale = mean_run / lasting
    stay = t + mean_run * -math.expm1(-(ttl - t) / run_scale)
    return min(stay, ttl) if math.isfinite(stay) else ttl


KeyOccupancy = Callable[[float, float, float], float]
_OCCUPANCY: dict[str, KeyOccupancy] = {"lru": lru_key_occupancy, "fifo": fifo_key_occupancy}


# --- the whole cache -------------------------------------------------------------------


@dataclass(frozen=True)
class CacheState:
    """Expected items in the cache and hit rate at one characteristic time."""

    size: float
    hit_rate: float
    characteristic_time_s: float


def state_at(workload: Workload, policy: Policy, t: float) -> CacheState:
    """sum_i o_i(T) items and hit rate sum_i p_i o_i(T) at characteristic time T (lru, fifo)."""
    occupancy = _OCCUPANCY[policy]
    rps, ttl = workload.read_rps, workload.ttl_s
    size = 0.0
    hits = 0.0
    for count, prob in zip(workload.popularity.counts, workload.popularity.probs, strict=True):
        o = occupancy(rps * prob, t, ttl)
        size += count * o
        hits += count * prob * o
    return CacheState(size, min(max(hits, 0.0), 1.0), t)


def unlimited_state(workload: Workload) -> CacheState:
    """No capacity evictions (T infinite): N items and h = 1, or the TTL-only values."""
    if workload.ttl_s == NO_EXPIRY:
        return CacheState(float(workload.keys), 1.0, math.inf)
    size = 0.0
    hits = 0.0
    for count, prob in zip(workload.popularity.counts, workload.popularity.probs, strict=True):
        o = ttl_key_occupancy(workload.read_rps * prob, workload.ttl_s)
        size += count * o
        hits += count * prob * o
    return CacheState(size, min(max(hits, 0.0), 1.0), math.inf)


_LOG_T_MAX = 700.0
"""ln of the largest characteristic time tried (exp(710) overflows a float)."""


def characteristic_time(workload: Workload, policy: Policy, size: float) -> float:
    """T (seconds) with sum_i o_i(T) = size; infinite when the cache never fills.

    The root is bracketed by size / R (no key can be cached for longer than it takes to
    be read: sum_i o_i(T) <= R T) and by a T at which even the rarest key is cached
    size / N of the time (or by D with a TTL), then found by regula falsi (Illinois) on
    ln(size) against ln T, which is nearly a straight line, to a relative error of 1e-12.
    """
    limit = unlimited_state(workload).size
    if size >= limit:
        return math.inf
    rps = workload.read_rps
    if workload.ttl_s != NO_EXPIRY:
        t_high = workload.ttl_s
    else:
        rarest = rps * min(workload.popularity.probs)
        share = size / workload.keys
        t_high = -math.log1p(-share) / rarest if policy == "lru" else share / (1 - share) / rarest
    lo, hi = math.log(size / rps), math.log(max(t_high, size / rps))
    target = math.log(size)

    def excess(u: float) -> float:
        return math.log(max(state_at(workload, policy, math.exp(u)).size, 1e-300)) - target

    f_lo, f_hi = excess(lo), excess(hi)
    while f_hi <= 0.0:  # guard against rounding in the bracket
        if hi >= _LOG_T_MAX:
            # The occupancy only creeps towards `size` (a TTL cache a hair short of
            # everything it could ever hold): within rounding, it never fills.
            return math.inf
        hi += 1.0
        f_hi = excess(hi)
    if f_lo >= 0.0:
        return math.exp(lo)
    side = 0
    for _ in range(200):
        u = (lo * f_hi - hi * f_lo) / (f_hi - f_lo)
        f = excess(u)
        if abs(f) <= 1e-12 or hi - lo <= 1e-14:
            return math.exp(u)
        if f < 0.0:
            lo, f_lo = u, f
            if side == -1:
                f_hi /= 2.0
            side = -1
        else:
            hi, f_hi = u, f
            if side == 1:
                f_lo /= 2.0
            side = 1
    return math.exp((lo + hi) / 2.0)


def hit_rate(workload: Workload, policy: Policy, size: float) -> float:
    """The hit rate h of a cache of `size` items (see the module docstring)."""
    if policy == "lfu":
        return ideal_hit_rate(workload, size)
    t = characteristic_time(workload, policy, size)
    if t == math.inf:
        return unlimited_state(workload).hit_rate
    return state_at(workload, policy, t).hit_rate


def ideal_hit_rate(workload: Workload, size: float) -> float:
    """Ideal static top-C cache: sum_{i<=C} p_i, times lambda_i D / (1 + lambda_i D) with a TTL."""
    pop = workload.popularity
    top = min(math.floor(size), pop.keys)
    if top < 1:
        return 0.0
    if workload.ttl_s == NO_EXPIRY:
        return min(zipf_sum(1, top, pop.skew) / zipf_sum(1, pop.keys, pop.skew), 1.0)
    head = zipf_popularity(pop.keys, pop.skew, top)
    rps, ttl = workload.read_rps, workload.ttl_s
    hits = math.fsum(
        n * p * ttl_key_occupancy(rps * p, ttl)
        for n, p in zip(head.counts, head.probs, strict=True)
    )
    return min(hits, 1.0)


# --- the chart: hit rate against cache size --------------------------------------------


def hit_rate_curve(
    workload: Workload, policy: Policy, points_per_decade: float = 5.0
) -> tuple[tuple[float, float], ...]:
    """(cache size, hit rate) points for sizes 1..N, ready to plot on a log size axis.

    For LRU and FIFO this sweeps T on a log grid and computes (sum_i o_i(T),
    sum_i p_i o_i(T)) directly, with no root-finding per point; once the cache can no
    longer fill, the curve stays flat. For LFU it accumulates the ranks in order.
    """
    if policy == "lfu":
        return _ideal_curve(workload)
    keys = float(workload.keys)
    limit = unlimited_state(workload)
    rarest = workload.read_rps * min(workload.popularity.probs)
    if policy == "lru":
        t_full = -math.log1p(-_FULL_OCCUPANCY) / rarest
    else:
        t_full = _FULL_OCCUPANCY / (1.0 - _FULL_OCCUPANCY) / rarest
    t_start, t_end = 1.0 / workload.read_rps, min(t_full, workload.ttl_s)
    points = [(1.0, hit_rate(workload, policy, 1.0))]
    if t_end > t_start:
        steps = max(8, min(160, math.ceil(math.log10(t_end / t_start) * points_per_decade)))
        ratio = (t_end / t_start) ** (1.0 / steps)
        for step in range(1, steps + 1):
            state = state_at(workload, policy, t_start * ratio**step)
            if points[-1][0] < state.size < min(limit.size, keys):
                points.append((state.size, state.hit_rate))
    if points[-1][0] < limit.size < keys:
        points.append((limit.size, limit.hit_rate))
    if points[-1][0] < keys:
        points.append((keys, limit.hit_rate))
    return tuple(points)


def _ideal_curve(workload: Workload) -> tuple[tuple[float, float], ...]:
    """Top-C sums at each node's cumulative rank: exact (closed form) without a TTL; with
    a TTL, node by node (within 0.3 percentage points, for drawing only)."""
    rps, ttl = workload.read_rps, workload.ttl_s
    pop = workload.popularity
    norm = zipf_sum(1, pop.keys, pop.skew)
    points: list[tuple[float, float]] = []
    size = 0.0
    hits = 0.0
    for count, prob in zip(pop.counts, pop.probs, strict=True):
        size += count
        if ttl == NO_EXPIRY:
            top = min(round(size), pop.keys)
            points.append((float(top), min(zipf_sum(1, top, pop.skew) / norm, 1.0)))
        else:
            hits += count * prob * ttl_key_occupancy(rps * prob, ttl)
            points.append((size, min(hits, 1.0)))
    points[-1] = (float(pop.keys), points[-1][1])
    return tuple(points)


# --- what the reader sees --------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    """The widget's key outputs."""

    hit_rate: float
    db_reads_per_s: float
    load_reduction: float
    mean_latency_ms: float

    @property
    def no_misses(self) -> bool:
        return self.hit_rate >= 1.0


def outcome(hit: float, read_rps: float, hit_ms: float, miss_ms: float) -> Outcome:
    """Database reads R (1 - h), load reduction 1 / (1 - h), latency hit_ms + (1 - h) miss_ms."""
    miss = 1.0 - hit
    load = MAX_LOAD_REDUCTION if miss * MAX_LOAD_REDUCTION <= 1.0 else 1.0 / miss
    return Outcome(hit, read_rps * miss, load, hit_ms + miss * miss_ms)
