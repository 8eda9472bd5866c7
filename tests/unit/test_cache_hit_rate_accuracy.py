"""The fast cache model against an exact reference that sums every rank one by one."""

from __future__ import annotations

import math
from functools import lru_cache
from itertools import repeat
from operator import add, mul, truediv

import pytest

from widgets.cache_hit_rate.model import (
    Policy,
    characteristic_time,
    hit_rate,
    make_workload,
)

TOLERANCE = 0.005  # 0.5 percentage points, the widget's accuracy promise
RPS = 1000.0
SKEWS = (0.0, 0.5, 0.8, 1.0, 1.2, 2.0)


@lru_cache(maxsize=4)
def zipf_probabilities(keys: int, skew: float) -> tuple[float, ...]:
    weights = [i ** (-skew) for i in range(1, keys + 1)]
    total = math.fsum(weights)
    return tuple(w / total for w in weights)


def lru_ttl_stay(rate: float, t: float, ttl: float) -> float:
    """E[min(G, D)] as the model documents it, written out again independently."""
    if ttl <= t:
        return ttl
    if rate * t > 500:
        return ttl
    x = rate * t
    # E[S] = T (e^x - 1 - x) / x, by its series when x is small (no cancellation)
    mean_run = (
        t * sum(x**k / math.factorial(k + 1) for k in range(1, 12))
        if x < 0.1
        else (math.expm1(x) / rate - t)
    )
    if mean_run == 0.0:
        return t
    m = mean_run / -math.expm1(-x)
    return t + mean_run * -math.expm1(-(ttl - t) / m)


def exact_state(
    probs: tuple[float, ...], policy: Policy, t: float, ttl: float
) -> tuple[float, float]:
    """(sum_i o_i, sum_i p_i o_i) over every key, t and ttl in seconds (ttl may be inf)."""
    n = len(probs)
    if policy == "lru" and ttl == math.inf:
        # o_i = 1 - exp(-lambda_i T), summed without cancellation (all terms positive)
        minus_o = list(map(math.expm1, map(mul, probs, repeat(-RPS * t, n))))
        return -sum(minus_o), -sum(map(mul, probs, minus_o))
    if policy == "fifo" or t == math.inf:
        tau = min(t, ttl)
        ys = list(map(mul, probs, repeat(RPS * tau, n)))
        occupancy = list(map(truediv, ys, map(add, repeat(1.0, n), ys)))
        return sum(occupancy), sum(map(mul, probs, occupancy))
    size = 0.0
    hits = 0.0
    for p in probs:
        y = RPS * p * lru_ttl_stay(RPS * p, t, ttl)
        o = y / (1.0 + y)
        size += o
        hits += p * o
    return size, hits


def exact_hit_rate(keys: int, skew: float, policy: Policy, size: int, ttl: float) -> float:
    """The model's equations solved exactly: all N ranks, root of sum_i o_i(T) = C."""
    probs = zipf_probabilities(keys, skew)
    if policy == "lfu":
        if ttl == math.inf:
            return math.fsum(probs[:size])
        return math.fsum(p * (RPS * p * ttl) / (1 + RPS * p * ttl) for p in probs[:size])
    limit, unlimited = exact_state(probs, "fifo", math.inf, ttl)
    if size >= limit:
        return 1.0 if ttl == math.inf else unlimited
    guess = characteristic_time(make_workload(keys, skew, RPS, ttl), policy, size)
    return exact_state(probs, policy, solve(probs, policy, size, ttl, guess), ttl)[1]


def solve(probs: tuple[float, ...], policy: Policy, size: int, ttl: float, guess: float) -> float:
    """T with sum_i o_i(T) = size to 1e-10 relative, by Illinois in ln T.

    The fast model's T only narrows the first bracket; the answer is checked on the
    exact sums, so a wrong guess costs iterations, not accuracy."""

    def f(u: float) -> float:
        return exact_state(probs, policy, math.exp(u), ttl)[0] - size

    floor = math.log(size / RPS)  # sum_i o_i(T) <= R T, so the root is above this
    lo = hi = max(math.log(guess), floor)
    f_lo = f_hi = f(lo)
    step = 1e-7
    while f_lo > 0:
        hi, f_hi = lo, f_lo
        lo = max(lo - step, floor)
        f_lo, step = f(lo), step * 10
    while f_hi < 0:
        lo, f_lo = hi, f_hi
        hi += step
        f_hi, step = f(hi), step * 10
    if f_lo == 0:
        return math.exp(lo)
    for _ in range(300):
        u = (lo * f_hi - hi * f_lo) / (f_hi - f_lo)
        value = f(u)
        if abs(value) <= 1e-10 * size:
            return math.exp(u)
        if value < 0:
            lo, f_lo, f_hi = u, value, f_hi / 2
        else:
            hi, f_hi, f_lo = u, value, f_lo / 2
    raise AssertionError("reference root-finder did not converge")


def sizes_for(keys: int) -> list[int]:
    candidates = {1, keys // 1000, keys // 100, keys // 10, keys // 2, keys - 1}
    return sorted(c for c in candidates if 1 <= c <= keys)


def check(keys: int, skew: float, policy: Policy, size: int, ttl_s: float) -> None:
    workload = make_workload(keys, skew, RPS, ttl_s)
    fast = hit_rate(workload, policy, size)
    exact = exact_hit_rate(keys, skew, policy, size, ttl_s if ttl_s > 0 else math.inf)
    assert abs(fast - exact) <= TOLERANCE, (keys, skew, policy, size, ttl_s, fast, exact)


@pytest.mark.parametrize("skew", SKEWS)
@pytest.mark.parametrize("keys", [10, 1_000, 100_000])
def test_matches_exact_sums_without_ttl(keys: int, skew: float) -> None:
    """Every policy's hit rate is within 0.5 pp of the exact equations, no TTL."""
    for size in sizes_for(keys):
        for policy in ("lru", "fifo", "lfu"):
            check(keys, skew, policy, size, 0.0)


@pytest.mark.parametrize("skew", SKEWS)
@pytest.mark.parametrize("keys", [10, 1_000, 100_000])
def test_matches_exact_sums_with_ttl(keys: int, skew: float) -> None:
    """With TTLs of C / R and 3 C / R (around T: both regimes) every policy is within 0.5 pp."""
    for size in sizes_for(keys):
        for policy in ("lru", "fifo", "lfu"):
            check(keys, skew, policy, size, size / RPS)
            check(keys, skew, policy, size, 3.0 * size / RPS)


@pytest.mark.parametrize("skew", SKEWS)
def test_matches_exact_sums_at_a_million_keys(skew: float) -> None:
    """At N = 1,000,000 the compressed tail still matches rank-by-rank sums within 0.5 pp."""
    for size in (1_000, 100_000):
        for policy in ("lru", "fifo", "lfu"):
            check(1_000_000, skew, policy, size, 0.0)
    check(1_000_000, skew, "lfu", 1_000, 1.0)


def test_ttl_at_a_million_keys() -> None:
    """LRU and FIFO with a TTL at N = 1,000,000 (the slowest exact sums) are within 0.5 pp."""
    check(1_000_000, 1.0, "lru", 10_000, 20.0)
    check(1_000_000, 0.8, "fifo", 10_000, 10.0)
