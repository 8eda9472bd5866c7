"""The Universal Scalability Law model, its peak, Amdahl's special case and the prices."""

from __future__ import annotations

import itertools
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from widgets.cost_ladder.prices import load_price_book
from widgets.scaling_curve.machines import M5_SIZES, big_machine, compare
from widgets.scaling_curve.model import (
    Scaling,
    amdahl_limit,
    curve,
    efficiency,
    peak_nodes,
    relative_throughput,
)


def usl(n: float, sigma: float, kappa: float) -> float:
    """The contract's formula, written again: N / (1 + sigma (N - 1) + kappa N (N - 1))."""
    return n / (1 + sigma * (n - 1) + kappa * n * (n - 1))


@pytest.mark.parametrize(
    ("n", "sigma", "kappa", "expected"),
    [
        (1, 0.05, 0.0005, 1.0),
        (16, 0.05, 0.0005, 16 / 1.87),  # the widget's defaults, worked by hand
        (16, 0.05, 0.0, 16 / 1.75),
        (1024, 0.0, 0.0, 1024.0),
        (100, 0.5, 0.01, 100 / (1 + 49.5 + 99)),
    ],
)
def test_throughput_by_hand(n: int, sigma: float, kappa: float, expected: float) -> None:
    """X(N) at hand-worked points, including X(1) = 1 and linear scaling at 0, 0."""
    assert relative_throughput(n, sigma, kappa) == pytest.approx(expected, rel=1e-12)
    assert efficiency(n, sigma, kappa) == pytest.approx(expected / n, rel=1e-12)


def brute_force_peak(sigma: float, kappa: float) -> int:
    """The whole number of nodes with the largest X, by trying them all (ties: fewer)."""
    limit = 4 * math.ceil(math.sqrt((1 - sigma) / kappa)) + 10
    return max(range(1, limit), key=lambda n: (usl(n, sigma, kappa), -n))


@pytest.mark.parametrize(
    ("sigma", "kappa"),
    [(0.05, 0.0005), (0.0, 0.01), (0.5, 0.01), (0.1, 0.0001), (0.02, 0.00002), (0.3, 0.003)],
)
def test_peak_is_the_best_whole_number_of_nodes(sigma: float, kappa: float) -> None:
    """peak_nodes equals a brute-force search, and is next to sqrt((1 - sigma) / kappa)."""
    peak = peak_nodes(sigma, kappa)
    assert peak == brute_force_peak(sigma, kappa)
    assert abs(peak - math.sqrt((1 - sigma) / kappa)) < 1
    reading = Scaling(16, sigma, kappa)
    assert reading.peak_throughput == pytest.approx(usl(peak, sigma, kappa))


def test_defaults_peak_at_44_nodes() -> None:
    """sqrt(0.95 / 0.0005) = 43.6: X(44) = 44/4.096 is a hair above X(43) = 43/4.003."""
    assert peak_nodes(0.05, 0.0005) == 44
    assert usl(44, 0.05, 0.0005) > usl(43, 0.05, 0.0005)


def test_kappa_zero_is_amdahls_law_with_no_peak() -> None:
    """kappa = 0: no peak, X = N / (1 + sigma (N - 1)) below the ceiling 1 / sigma."""
    assert peak_nodes(0.05, 0.0) is None
    reading = Scaling(1024, 0.05, 0.0)
    assert reading.amdahl and reading.peak_throughput is None
    assert reading.throughput == pytest.approx(1024 / (1 + 0.05 * 1023))
    assert reading.throughput < amdahl_limit(0.05) == pytest.approx(20)
    assert amdahl_limit(0.0) is None
    assert Scaling(500, 0.0, 0.0).throughput == 500


def test_curve_samples_whole_node_counts_to_the_end() -> None:
    """At most 80 points, from 1 node to the last, on the law."""
    points = curve(0.05, 0.0005, 1024)
    assert len(points) <= 80
    assert points[0] == (1.0, 1.0) and points[-1][0] == 1024
    assert all(y == pytest.approx(usl(x, 0.05, 0.0005)) for x, y in points)


sigmas = st.floats(min_value=0.0, max_value=0.5)
kappas = st.floats(min_value=0.0, max_value=0.01)
nodes = st.integers(min_value=1, max_value=1024)


@settings(max_examples=200, deadline=None)
@given(nodes, sigmas, kappas)
def test_bounds(n: int, sigma: float, kappa: float) -> None:
    """0 < X(N) <= N, efficiency in (0, 1], and X(N) never beats Amdahl's with kappa = 0."""
    x = relative_throughput(n, sigma, kappa)
    assert 0 < x <= n * (1 + 1e-12)
    assert 0 < efficiency(n, sigma, kappa) <= 1 + 1e-12
    assert x <= relative_throughput(n, sigma, 0.0) * (1 + 1e-12)


@settings(max_examples=200, deadline=None)
@given(nodes, sigmas, sigmas, kappas, kappas)
def test_more_contention_or_coherency_never_helps(
    n: int, s1: float, s2: float, k1: float, k2: float
) -> None:
    """X(N) falls (or stays) as sigma or kappa grows."""
    lo_s, hi_s = sorted((s1, s2))
    lo_k, hi_k = sorted((k1, k2))
    assert relative_throughput(n, hi_s, lo_k) <= relative_throughput(n, lo_s, lo_k) * (1 + 1e-12)
    assert relative_throughput(n, lo_s, hi_k) <= relative_throughput(n, lo_s, lo_k) * (1 + 1e-12)


@settings(max_examples=100, deadline=None)
@given(sigmas, st.floats(min_value=1e-5, max_value=0.01))
def test_throughput_rises_to_the_peak_then_falls(sigma: float, kappa: float) -> None:
    """With kappa > 0, X grows up to peak_nodes and shrinks after it."""
    peak = peak_nodes(sigma, kappa)
    assert peak is not None
    xs = [usl(n, sigma, kappa) for n in range(1, 3 * peak)]
    assert all(b >= a * (1 - 1e-12) for a, b in itertools.pairwise(xs[:peak]))
    assert all(b <= a * (1 + 1e-12) for a, b in itertools.pairwise(xs[peak - 1 :]))


def test_big_machine_is_the_smallest_m5_that_is_big_enough() -> None:
    """1 -> m5.large, 5 -> m5.4xlarge (8 units), 16 -> m5.8xlarge, 48 -> m5.24xlarge, 49 -> none."""
    assert [s.units for s in M5_SIZES] == [1, 2, 4, 8, 16, 24, 32, 48]
    cases = {1: "m5.large", 5: "m5.4xlarge", 16: "m5.8xlarge", 48: "m5.24xlarge"}
    for n, name in cases.items():
        size = big_machine(n)
        assert size is not None and size.name == name
    assert big_machine(49) is None


def test_prices_come_from_the_cost_ladder_price_book() -> None:
    """Fleet = N x m5.large hourly list price x 730; the big machine = its units x the same."""
    book = load_price_book()
    hourly = book.ec2_m5_large.value / book.ec2_m5_large.per
    assert hourly == pytest.approx(0.096)
    at16 = compare(16, book)
    assert at16.fleet_monthly == pytest.approx(16 * hourly * 730)
    assert at16.big_monthly == pytest.approx(16 * hourly * 730)
    at5 = compare(5, book)
    assert at5.big_monthly == pytest.approx(8 * hourly * 730)
    assert at5.big_monthly > at5.fleet_monthly
    at100 = compare(100, book)
    assert at100.big is None and at100.big_monthly is None
    assert at100.fleet_monthly == pytest.approx(100 * hourly * 730)
