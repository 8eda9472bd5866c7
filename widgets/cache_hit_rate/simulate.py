"""The Simulate button: replay a seeded random trace through a real cache and count hits.

Reads are drawn independently from the same Zipf popularity as the model, arriving as a
Poisson stream of R reads per second (simulated time, used only for the TTL). The caches
are the real thing, not formulas:

* LRU: an OrderedDict; a hit moves the key to the back, a miss evicts from the front.
* FIFO: an OrderedDict in fetch order; hits change nothing.
* LFU (ideal): only the C most popular ranks are ever cached (a static cache).
* TTL: each entry remembers when it was fetched, hits do not extend it, and entries are
  removed as soon as they expire, so they free space (as the model assumes).

A warm-up of about three characteristic times T (at least 20,000 and at most 250,000
reads) runs before 150,000 measured reads, with the fixed seed 20261122, so the same
inputs always give the same answer.

Sampling Zipf ranks over up to ten million keys: ranks 1..4096 by bisection over their
cumulative weights; beyond that, exactly, by rejection: draw x with density proportional
to x^-s on [4097, N + 1) by its closed-form inverse CDF, take rank i = floor(x), and
accept with probability i^-s / (c integral_i^{i+1} x^-s dx), where c bounds that ratio.
Rejections are rarer than 1 in 4,000.
"""

from __future__ import annotations

import math
import random
from bisect import bisect_right
from collections import OrderedDict, deque
from dataclasses import dataclass
from itertools import accumulate
from typing import Protocol

from live_widgets.core.format import plain_number, share
from live_widgets.core.spec import Params
from live_widgets.core.view import OutputValue, View
from widgets.cache_hit_rate.model import (
    NO_EXPIRY,
    characteristic_time,
    hit_rate,
)
from widgets.cache_hit_rate.popularity import power_integral, zipf_sum
from widgets.cache_hit_rate.setup import CacheSetup, setup_from_params
from widgets.cache_hit_rate.text import POLICY_NAMES

SEED = 20261122
MEASURED_READS = 150_000
MIN_WARMUP_READS = 20_000
MAX_WARMUP_READS = 250_000
WARMUP_CHARACTERISTIC_TIMES = 3.0
SAMPLER_HEAD = 4096


class ZipfSampler:
    """Draws ranks 1..N with probability proportional to i^-s, exactly."""

    def __init__(self, keys: int, skew: float, head: int = SAMPLER_HEAD) -> None:
        self.keys = keys
        self.skew = skew
        head = max(1, min(keys, head))
        self.cumulative = list(accumulate(i ** (-skew) for i in range(1, head + 1)))
        self.head_weight = self.cumulative[-1]
        self.tail_first = head + 1
        if keys > head:
            a = float(self.tail_first)
            self.bound = a ** (-skew) / power_integral(a, a + 1.0, skew)
            self.tail_log_span = math.log((keys + 1.0) / a)
            tail_weight = self.bound * power_integral(a, keys + 1.0, skew)
        else:
            self.bound = 1.0
            self.tail_log_span = 0.0
            tail_weight = 0.0
        self.total_weight = self.head_weight + tail_weight

    def __call__(self, rng: random.Random) -> int:
        while True:
            u = rng.random() * self.total_weight
            if u < self.head_weight:
                return min(bisect_right(self.cumulative, u) + 1, self.tail_first - 1)
            rank = self._tail_rank(rng.random())
            accept = rng.random() * self.bound
            if accept <= 1.0 or accept <= rank ** (-self.skew) / power_integral(
                rank, rank + 1.0, self.skew
            ):
                return rank

    def _tail_rank(self, v: float) -> int:
        """floor(x) for x with density proportional to x^-s on [tail_first, N + 1)."""
        k = 1.0 - self.skew
        span = self.tail_log_span
        log_x = v * span if k == 0.0 else math.log1p(v * math.expm1(k * span)) / k
        return min(int(self.tail_first * math.exp(log_x)), self.keys)


class Cache(Protocol):
    def read(self, key: int, now: float) -> bool:
        """Serve one read at time `now`: True for a hit; a miss fetches the key."""
        ...


class LruCache:
    """Least recently used, with optional TTL from fetch time (expired entries removed)."""

    def __init__(self, capacity: int, ttl: float) -> None:
        self.capacity = capacity
        self.ttl = ttl
        self.entries: OrderedDict[int, float] = OrderedDict()
        self.fetches: deque[tuple[float, int]] = deque()

    def read(self, key: int, now: float) -> bool:
        entries = self.entries
        if self.ttl != NO_EXPIRY:
            fetches = self.fetches
            expired = now - self.ttl
            while fetches and fetches[0][0] <= expired:
                fetched, old = fetches.popleft()
                if entries.get(old) == fetched:
                    del entries[old]
        if key in entries:
            entries.move_to_end(key)
            return True
        entries[key] = now
        if self.ttl != NO_EXPIRY:
            self.fetches.append((now, key))
        if len(entries) > self.capacity:
            entries.popitem(last=False)
        return False


class FifoCache:
    """First in, first out, with optional TTL from fetch time (expired entries removed)."""

    def __init__(self, capacity: int, ttl: float) -> None:
        self.capacity = capacity
        self.ttl = ttl
        self.entries: OrderedDict[int, float] = OrderedDict()

    def read(self, key: int, now: float) -> bool:
        entries = self.entries
        if self.ttl != NO_EXPIRY:
            expired = now - self.ttl
            while entries and next(iter(entries.values())) <= expired:
                entries.popitem(last=False)
        if key in entries:
            return True
        entries[key] = now
        if len(entries) > self.capacity:
            entries.popitem(last=False)
        return False


class StaticTopCache:
    """The ideal cache for independent reads: holds ranks 1..C (fetched again after expiry)."""

    def __init__(self, capacity: int, ttl: float) -> None:
        self.capacity = capacity
        self.ttl = ttl
        self.fetched: dict[int, float] = {}

    def read(self, key: int, now: float) -> bool:
        if key > self.capacity:
            return False
        if self.ttl == NO_EXPIRY:
            return True  # preloaded: the top C keys never leave
        fetched = self.fetched.get(key)
        if fetched is not None and now - fetched < self.ttl:
            return True
        self.fetched[key] = now
        return False


@dataclass(frozen=True)
class SimulationResult:
    """Hits among the measured reads of one seeded trace, and how it was run."""

    simulated_hit_rate: float
    predicted_hit_rate: float
    measured_reads: int
    warmup_reads: int
    memory_reads: float
    """About how many reads the cache 'remembers' (T R): the warm-up should cover it."""


def make_cache(setup: CacheSetup) -> Cache:
    ttl = setup.ttl_s if setup.ttl_s > 0 else NO_EXPIRY
    if setup.policy == "lru":
        return LruCache(setup.cache_size, ttl)
    if setup.policy == "fifo":
        return FifoCache(setup.cache_size, ttl)
    return StaticTopCache(setup.cache_size, ttl)


def memory_reads(setup: CacheSetup) -> float:
    """Reads until the cache forgets its start: T R for LRU and FIFO (T capped by the TTL);
    for the static cache with a TTL, the mean gap between reads of its rarest key, capped."""
    workload = setup.workload
    ttl = workload.ttl_s
    if setup.policy == "lfu":
        if ttl == NO_EXPIRY:
            return 0.0
        rarest = math.pow(setup.cache_size, -setup.skew) / zipf_sum(1, setup.keys, setup.skew)
        return min(ttl * setup.read_rps, 1.0 / rarest)
    t = characteristic_time(workload, setup.policy, setup.cache_size)
    return min(t, ttl) * setup.read_rps


def run_simulation(setup: CacheSetup, measured: int = MEASURED_READS) -> SimulationResult:
    """Replay warm-up + measured reads through the chosen cache; count measured hits."""
    rng = random.Random(SEED)
    sample = ZipfSampler(setup.keys, setup.skew)
    cache = make_cache(setup)
    memory = memory_reads(setup)
    wanted = WARMUP_CHARACTERISTIC_TIMES * memory
    warmup = (
        MAX_WARMUP_READS if wanted > MAX_WARMUP_READS else max(MIN_WARMUP_READS, math.ceil(wanted))
    )
    timed = setup.ttl_s > 0
    rate = setup.read_rps
    now = 0.0
    for _ in range(warmup):
        if timed:
            now += rng.expovariate(rate)
        cache.read(sample(rng), now)
    hits = 0
    for _ in range(measured):
        if timed:
            now += rng.expovariate(rate)
        if cache.read(sample(rng), now):
            hits += 1
    predicted = hit_rate(setup.workload, setup.policy, setup.cache_size)
    return SimulationResult(hits / measured, predicted, measured, warmup, memory)


def _gap(points: float) -> str:
    """The simulation's lead over the model, '+0.3 percentage points', or that they agree to
    within 0.05 points (where a signed rounding would read '-0.0')."""
    if round(points, 1) == 0:
        return "less than 0.05 percentage points apart"
    return f"{points:+.1f} percentage points"


def simulate_view(params: Params) -> View:
    """The Simulate action's view: simulated against predicted hit rate."""
    setup = setup_from_params(params)
    result = run_simulation(setup)
    simulated, predicted = result.simulated_hit_rate, result.predicted_hit_rate
    name = POLICY_NAMES[setup.policy]
    summary = (
        f"Simulated {name}: {share(simulated)} of {plain_number(result.measured_reads)} reads hit "
        f"the cache; the model predicts {share(predicted)} ({_gap((simulated - predicted) * 100)})."
    )
    error = 200 * math.sqrt(max(simulated * (1 - simulated), 1e-12) / result.measured_reads)
    notes = [
        f"One trace of {plain_number(result.measured_reads)} measured reads after "
        f"{plain_number(result.warmup_reads)} warm-up reads, random seed {SEED}; the same inputs "
        f"always replay the same trace. Chance alone moves a trace this long by roughly "
        f"\u00b1{error:.1f} percentage points.",
    ]
    if WARMUP_CHARACTERISTIC_TIMES * result.memory_reads > result.warmup_reads:
        memory = (
            "never forgets a key (it can hold them all)"
            if math.isinf(result.memory_reads)
            else f"remembers about {plain_number(round(result.memory_reads))} reads"
        )
        notes.append(
            f"This cache {memory}, more than the warm-up can cover, so the simulation still "
            f"counts cold-start misses and understates the steady-state hit rate that the "
            f"model predicts."
        )
    return View(
        outputs=(
            OutputValue("simulated_hit_rate", simulated, share(simulated)),
            OutputValue("predicted_hit_rate", predicted, share(predicted)),
        ),
        summary=summary,
        notes=tuple(notes),
    )
