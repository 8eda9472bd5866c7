"""The cache model's formulas: hand-checked cases, identities and properties."""

from __future__ import annotations

import math
from decimal import Decimal, localcontext
from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from widgets.cache_hit_rate.model import (
    MAX_LOAD_REDUCTION,
    POLICIES,
    Policy,
    characteristic_time,
    fifo_key_occupancy,
    hit_rate,
    hit_rate_curve,
    lru_key_occupancy,
    lru_time_in_cache,
    make_workload,
    outcome,
    state_at,
    unlimited_state,
)

GOLDEN = (math.sqrt(5.0) - 1.0) / 2.0

policies = st.sampled_from(POLICIES)
skews = st.floats(min_value=0.0, max_value=2.0)
key_counts = st.integers(min_value=10, max_value=10_000_000)
rates = st.floats(min_value=1.0, max_value=10_000_000.0)
ttls = st.floats(min_value=0.001, max_value=86_400.0)


@st.composite
def key_and_sizes(draw: st.DrawFn) -> tuple[int, int, int]:
    keys = draw(key_counts)
    a = draw(st.integers(min_value=1, max_value=keys))
    b = draw(st.integers(min_value=1, max_value=keys))
    return keys, min(a, b), max(a, b)


# --- hand-checked tiny cases ------------------------------------------------------------


def test_lru_two_keys_by_hand() -> None:
    """N = 2, s = 1, C = 1: z = exp(-T/3) solves z^2 + z = 1, so h = (2z + z^2) / 3."""
    workload = make_workload(2, 1.0, 1.0, 0.0)
    assert hit_rate(workload, "lru", 1) == pytest.approx((2 * GOLDEN + GOLDEN**2) / 3, abs=1e-12)
    assert characteristic_time(workload, "lru", 1) == pytest.approx(-3 * math.log(GOLDEN), rel=1e-9)


def test_fifo_two_keys_by_hand() -> None:
    """N = 2, s = 1, C = 1: a = T/3 solves 2a^2 = 1, so h = (3 - sqrt 2) / 3."""
    workload = make_workload(2, 1.0, 1.0, 0.0)
    assert hit_rate(workload, "fifo", 1) == pytest.approx((3 - math.sqrt(2.0)) / 3, abs=1e-12)
    assert characteristic_time(workload, "fifo", 1) == pytest.approx(3 / math.sqrt(2.0), rel=1e-9)


def test_lfu_three_keys_by_hand() -> None:
    """N = 3, s = 1, C = 2: the two most popular keys get (1 + 1/2) / (1 + 1/2 + 1/3) = 9/11."""
    assert hit_rate(make_workload(3, 1.0, 1.0, 0.0), "lfu", 2) == pytest.approx(9 / 11, abs=1e-12)


def test_ttl_only_two_keys_by_hand() -> None:
    """N = 2, s = 1, R = 1, D = 3, C = N: lambda D = (2, 1), h = (2/3)(2/3) + (1/3)(1/2) = 11/18."""
    workload = make_workload(2, 1.0, 1.0, 3.0)
    for policy in POLICIES:
        assert hit_rate(workload, policy, 2) == pytest.approx(11 / 18, abs=1e-12)


def test_short_ttl_means_the_cache_never_fills() -> None:
    """N = 2, s = 1, R = 1, D = 1, C = 1: only 0.4 + 0.25 items are fresh, h = 0.35 (LFU 4/15)."""
    workload = make_workload(2, 1.0, 1.0, 1.0)
    assert unlimited_state(workload).size == pytest.approx(0.65, abs=1e-12)
    assert characteristic_time(workload, "lru", 1) == math.inf
    assert hit_rate(workload, "lru", 1) == pytest.approx(0.35, abs=1e-12)
    assert hit_rate(workload, "fifo", 1) == pytest.approx(0.35, abs=1e-12)
    assert hit_rate(workload, "lfu", 1) == pytest.approx(4 / 15, abs=1e-12)


@pytest.mark.parametrize("keys", [10, 1_000, 123_457, 10_000_000])
@pytest.mark.parametrize("fraction", [0.0001, 0.01, 0.3, 0.999])
def test_uniform_popularity_gives_c_over_n(keys: int, fraction: float) -> None:
    """s = 0: LFU is C/N exactly, and LRU = FIFO = C/N too (every key looks the same)."""
    size = max(1, round(keys * fraction))
    workload = make_workload(keys, 0.0, 1_000.0, 0.0)
    assert hit_rate(workload, "lfu", size) == pytest.approx(size / keys, rel=1e-9)
    assert hit_rate(workload, "lru", size) == pytest.approx(size / keys, rel=1e-7)
    assert hit_rate(workload, "fifo", size) == pytest.approx(size / keys, rel=1e-7)


def test_full_cache_hits_everything() -> None:
    """C = N without a TTL: nothing is ever evicted, so every policy hits 100%."""
    workload = make_workload(1_000, 0.9, 100.0, 0.0)
    for policy in POLICIES:
        assert hit_rate(workload, policy, 1_000) == 1.0


def test_known_value_at_defaults() -> None:
    """Defaults (N = 100,000, C = 1,000, s = 1): LRU 50.6%, FIFO 46.5%, LFU 61.9%."""
    workload = make_workload(100_000, 1.0, 1_000.0, 0.0)
    assert hit_rate(workload, "lru", 1_000) == pytest.approx(0.5062, abs=5e-4)
    assert hit_rate(workload, "fifo", 1_000) == pytest.approx(0.4648, abs=5e-4)
    assert hit_rate(workload, "lfu", 1_000) == pytest.approx(0.6191, abs=5e-4)


# --- one key ---------------------------------------------------------------------------


def test_per_key_limits() -> None:
    """LRU + TTL stays D when D <= T, tends to LRU's E[G] as D grows, FIFO keeps min(T, D)."""
    assert lru_time_in_cache(2.0, 5.0, 3.0) == 3.0
    assert lru_time_in_cache(2.0, 1.0, 1e9) == pytest.approx(math.expm1(2.0) / 2.0, rel=1e-9)
    assert lru_key_occupancy(2.0, 1.0, math.inf) == pytest.approx(1 - math.exp(-2.0))
    assert lru_key_occupancy(2.0, 1.0, 1e9) == pytest.approx(1 - math.exp(-2.0), rel=1e-9)
    assert fifo_key_occupancy(2.0, 1.0, 0.5) == pytest.approx(0.5)
    assert fifo_key_occupancy(2.0, 1.0, math.inf) == pytest.approx(2 / 3)


def exact_lru_ttl_stay(rate: float, t: float, ttl: float) -> float:
    """E[min(G, D)] exactly: inverting the Laplace transform (1 - e^{-(l+s)T}) / (s + l e^{-(l+s)T})
    of P(G > t) gives an alternating series, summed in 80-digit decimals (heavy cancellation)."""
    with localcontext() as ctx:
        ctx.prec = 80
        lam, big_t, d = Decimal(rate), Decimal(t), Decimal(ttl)
        a = -lam * (-lam * big_t).exp()
        total = Decimal(0)
        k = 0
        factorial = Decimal(1)
        while d - k * big_t > 0:
            factorial *= k + 1
            total += a**k * (d - k * big_t) ** (k + 1) / factorial
            tail = d - (k + 1) * big_t
            if tail > 0:
                total -= (-lam * big_t).exp() * a**k * tail ** (k + 1) / factorial
            k += 1
        return float(total)


@pytest.mark.parametrize("rate", [0.01, 0.1, 0.5, 1.0, 2.0, 5.0, 10.0])
@pytest.mark.parametrize("t", [0.1, 0.5, 1.0, 2.0, 5.0])
def test_lru_ttl_approximation_against_exact_renewal(rate: float, t: float) -> None:
    """LRU + TTL per key: the documented approximation is within 0.5 pp of the exact solution."""
    for ttl in (0.2, 1.0, 3.0, 10.0, 30.0):
        if ttl / t > 60:
            continue
        exact = exact_lru_ttl_stay(rate, t, ttl)
        approx = lru_time_in_cache(rate, t, ttl)
        h_exact = rate * exact / (1 + rate * exact)
        h_approx = rate * approx / (1 + rate * approx)
        assert abs(h_exact - h_approx) <= 0.005, (rate, t, ttl, h_exact, h_approx)


# --- identities ------------------------------------------------------------------------


@given(st.floats(min_value=0.0, max_value=1.0), rates, st.floats(0, 1000), st.floats(0, 10_000))
def test_output_identities(hit: float, rps: float, hit_ms: float, miss_ms: float) -> None:
    """db reads = R (1 - h), latency = hit_ms + (1 - h) miss_ms, load = 1 / (1 - h) (capped)."""
    result = outcome(hit, rps, hit_ms, miss_ms)
    assert result.db_reads_per_s == pytest.approx(rps * (1 - hit))
    assert result.mean_latency_ms == pytest.approx(hit_ms + (1 - hit) * miss_ms)
    if (1 - hit) * MAX_LOAD_REDUCTION > 1:
        assert result.load_reduction == pytest.approx(1 / (1 - hit))
    else:
        assert result.load_reduction == MAX_LOAD_REDUCTION
    assert 1.0 <= result.load_reduction <= MAX_LOAD_REDUCTION
    assert result.no_misses == (hit >= 1.0)


def test_no_misses_is_capped_not_infinite() -> None:
    """h = 1 gives a finite, capped load reduction and no database reads."""
    result = outcome(1.0, 500.0, 1.0, 10.0)
    assert result.no_misses
    assert result.load_reduction == MAX_LOAD_REDUCTION
    assert result.db_reads_per_s == 0.0
    assert result.mean_latency_ms == 1.0


def test_characteristic_time_fills_the_cache() -> None:
    """At the solved T the expected number of cached items is C."""
    workload = make_workload(1_000_000, 0.9, 5_000.0, 30.0)
    for policy in ("lru", "fifo"):
        t = characteristic_time(workload, policy, 20_000)
        assert state_at(workload, policy, t).size == pytest.approx(20_000, rel=1e-9)


# --- properties ------------------------------------------------------------------------


@settings(deadline=None, max_examples=60)
@given(key_and_sizes(), skews, policies, st.one_of(st.just(0.0), ttls), rates)
def test_hit_rate_rises_with_cache_size(
    sizes: tuple[int, int, int], skew: float, policy: Policy, ttl: float, rps: float
) -> None:
    """A bigger cache never has a lower hit rate (any policy, with or without TTL)."""
    keys, small, big = sizes
    workload = make_workload(keys, skew, rps, ttl)
    low, high = hit_rate(workload, policy, small), hit_rate(workload, policy, big)
    assert 0.0 <= low <= high + 1e-9 <= 1.0 + 1e-9


@settings(deadline=None, max_examples=60)
@given(key_and_sizes(), skews)
def test_lfu_beats_lru_beats_fifo(sizes: tuple[int, int, int], skew: float) -> None:
    """Without TTL, under independent Zipf reads: ideal LFU >= LRU >= FIFO."""
    keys, size, _ = sizes
    workload = make_workload(keys, skew, 1_000.0, 0.0)
    lfu, lru, fifo = (hit_rate(workload, p, size) for p in ("lfu", "lru", "fifo"))
    assert lfu >= lru - 1e-9
    assert lru >= fifo - 1e-9


@settings(deadline=None, max_examples=60)
@given(key_and_sizes(), skews, policies, ttls, rates)
def test_ttl_never_raises_the_hit_rate(
    sizes: tuple[int, int, int], skew: float, policy: Policy, ttl: float, rps: float
) -> None:
    """Expiry only removes entries: with a TTL the hit rate is at most the no-TTL one."""
    keys, size, _ = sizes
    with_ttl = hit_rate(make_workload(keys, skew, rps, ttl), policy, size)
    without = hit_rate(make_workload(keys, skew, rps, 0.0), policy, size)
    assert 0.0 <= with_ttl <= without + 1e-9


@settings(deadline=None, max_examples=40)
@given(key_and_sizes(), skews, policies, ttls, rates)
def test_longer_ttl_never_lowers_the_hit_rate(
    sizes: tuple[int, int, int], skew: float, policy: Policy, ttl: float, rps: float
) -> None:
    """Doubling the TTL keeps entries longer, so the hit rate cannot fall."""
    keys, size, _ = sizes
    short = hit_rate(make_workload(keys, skew, rps, ttl), policy, size)
    long = hit_rate(make_workload(keys, skew, rps, 2 * ttl), policy, size)
    assert short <= long + 1e-9


@settings(deadline=None, max_examples=40)
@given(key_counts, skews, policies, st.one_of(st.just(0.0), ttls), rates)
def test_curve_is_a_rising_path_over_the_axis(
    keys: int, skew: float, policy: Policy, ttl: float, rps: float
) -> None:
    """The chart's points run from size 1 to N, in order, with hit rates rising inside 0..1."""
    points = hit_rate_curve(make_workload(keys, skew, rps, ttl), policy)
    assert points[0][0] == pytest.approx(1.0)
    assert points[-1][0] == keys
    for (x0, y0), (x1, y1) in pairwise(points):
        assert x0 < x1
        assert 0.0 <= y0 <= y1 + 1e-9 <= 1.0 + 1e-9


@settings(deadline=None, max_examples=30)
@given(key_and_sizes(), skews, st.sampled_from(("lru", "fifo")), st.one_of(st.just(0.0), ttls))
def test_curve_agrees_with_the_point_model(
    sizes: tuple[int, int, int], skew: float, policy: Policy, ttl: float
) -> None:
    """Points on the LRU/FIFO chart are the model's hit rate at their own cache size."""
    keys, _, _ = sizes
    workload = make_workload(keys, skew, 1_000.0, ttl)
    points = hit_rate_curve(workload, policy)
    for size, h in points[1 : len(points) - 1 : 7]:
        assert h == pytest.approx(hit_rate(workload, policy, size), abs=1e-6)
