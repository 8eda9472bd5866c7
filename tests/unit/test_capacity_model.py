"""The capacity widget's M/M/c model against independent computations and its properties."""

from __future__ import annotations

import itertools
import math
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from widgets.capacity.model import (
    Box,
    arrival_for_response,
    erlang_b,
    erlang_c,
    max_rps,
    offered_load,
    response_curve,
    response_ms,
)


def birth_death(arrival_rps: float, service_ms: float, cores: int) -> tuple[float, float]:
    """Solve the M/M/c birth-death chain numerically: (P(wait), mean response ms).

    Balance across each cut gives p(n) = p(n-1) x lambda / (min(n, c) mu); sum the
    terms until the geometric tail is negligible, then P(wait) = P(N >= c) and the
    mean response time comes from Little's law, W = L / lambda. No Erlang formula is
    used, so this checks the model's formulas independently.
    """
    lam, mu = arrival_rps, 1000.0 / service_ms
    term, total, waiting, in_system, n = 1.0, 1.0, 0.0, 0.0, 0
    while True:
        n += 1
        term *= lam / (min(n, cores) * mu)
        total += term
        in_system += n * term
        if n >= cores:
            waiting += term
        if n > cores and term < 1e-18 * total:
            break
    return waiting / total, in_system / total / lam * 1000.0


def exact_erlang_c(cores: int, load: Fraction) -> Fraction:
    """Erlang C from its closed form, in exact rational arithmetic."""
    terms = [load**k / math.factorial(k) for k in range(cores)]
    top = load**cores / math.factorial(cores) * cores / (cores - load)
    return top / (sum(terms, Fraction(0)) + top)


@pytest.mark.parametrize(
    ("arrival_rps", "service_ms", "cores"),
    [
        (150, 20, 4),  # the widget's defaults
        (10, 50, 1),
        (49.5, 20, 1),  # one core at 99%
        (180, 20, 4),
        (199, 20, 4),  # four cores at 99.5%
        (1, 0.1, 1),  # almost idle
        (3_000, 10, 32),
        (6_300, 10, 64),  # 64 cores at 98.4%
        (9_000, 10, 100),
    ],
)
def test_erlang_c_and_response_match_the_birth_death_chain(
    arrival_rps: float, service_ms: float, cores: int
) -> None:
    """Erlang C and S + C S / (c - a) equal the numerically solved chain, edges included."""
    box = Box(arrival_rps, service_ms, cores)
    wait, response = birth_death(arrival_rps, service_ms, cores)
    assert box.wait_probability == pytest.approx(wait, rel=1e-9)
    assert box.mean_response_ms == pytest.approx(response, rel=1e-9)


@pytest.mark.parametrize(
    ("cores", "load"),
    [(1, Fraction(1, 2)), (2, Fraction(3, 2)), (4, Fraction(3)), (8, Fraction(15, 2)), (20, 19)],
)
def test_erlang_c_matches_the_exact_closed_form(cores: int, load: Fraction) -> None:
    """The recursion-based Erlang C equals the textbook closed form computed exactly."""
    assert erlang_c(cores, float(load)) == pytest.approx(
        float(exact_erlang_c(cores, load)), rel=1e-12
    )


def test_erlang_b_matches_its_closed_form() -> None:
    """B(c, a) = (a^c / c!) / sum_k a^k / k!, for a few cases."""
    for cores, load in ((1, 0.5), (3, 2.0), (10, 7.5), (30, 25.0)):
        terms = [load**k / math.factorial(k) for k in range(cores + 1)]
        assert erlang_b(cores, load) == pytest.approx(terms[-1] / sum(terms), rel=1e-12)


def test_one_core_is_the_mm1_queue() -> None:
    """c = 1: P(wait) = rho and the response time is S / (1 - rho) = 1 / (mu - lambda)."""
    for rho in (0.1, 0.5, 0.7, 0.9, 0.999):
        box = Box(rho * 50.0, 20.0, 1)
        assert box.wait_probability == pytest.approx(rho, rel=1e-12)
        assert box.mean_response_ms == pytest.approx(20.0 / (1 - rho), rel=1e-9)
        assert box.mean_response_ms == pytest.approx(1000.0 / (50.0 - rho * 50.0), rel=1e-9)


def test_contract_formulas_at_the_defaults() -> None:
    """a = 150 x 20 / 1000 = 3 Erlangs on 4 cores: rho 0.75, 200 req/s, C = 27/53."""
    box = Box(150, 20, 4)
    assert offered_load(150, 20) == pytest.approx(3.0)
    assert box.utilisation == pytest.approx(0.75)
    assert box.max_rps == pytest.approx(4 * 1000 / 20)
    assert box.wait_probability == pytest.approx(27 / 53, rel=1e-12)
    assert box.mean_response_ms == pytest.approx(20 + 27 / 53 * 20 / (4 - 3), rel=1e-12)
    assert box.in_progress == pytest.approx(150 * box.mean_response_ms / 1000)


@pytest.mark.parametrize(("arrival", "cores"), [(200, 4), (250, 4), (50, 1), (100_000, 256)])
def test_saturated_box_has_no_steady_state(arrival: float, cores: int) -> None:
    """rho >= 1 (exactly 1 included): no wait probability and no response time."""
    box = Box(arrival, 20, cores)
    assert box.utilisation >= 1
    assert not box.stable
    assert box.wait_probability is None
    assert box.mean_response_ms is None
    assert response_ms(arrival, 20, cores) is None
    with pytest.raises(ValueError):
        erlang_c(cores, box.load)


def test_just_below_saturation_stays_finite_and_positive() -> None:
    """At rho a hair under 1 the formulas stay finite, positive and huge."""
    for cores in (1, 4, 256):
        arrival = max_rps(20, cores) * (1 - 1e-12)
        box = Box(arrival, 20, cores)
        assert box.stable
        value = box.mean_response_ms
        assert value is not None and math.isfinite(value) and value > 1e6


def test_arrival_for_response_inverts_the_response_time() -> None:
    """The bisection finds the arrival rate at which the response reaches the target."""
    rate = arrival_for_response(20, 4, 100)
    assert response_ms(rate, 20, 4) == pytest.approx(100, rel=1e-6)
    assert arrival_for_response(20, 4, 20) == 0.0


def test_response_curve_is_the_hockey_stick() -> None:
    """The curve starts at S with no load, rises monotonically and ends at the top."""
    points = response_curve(20, 4, 160)
    assert points[0] == (0.0, 20.0)
    assert all(b[0] > a[0] and b[1] >= a[1] for a, b in itertools.pairwise(points))
    assert points[-1][1] == pytest.approx(160, rel=1e-6)
    assert points[-1][0] < 200
    assert len(points) <= 100


arrivals = st.floats(min_value=1.0, max_value=100_000.0)
services = st.floats(min_value=0.1, max_value=10_000.0)
core_counts = st.integers(min_value=1, max_value=256)


@settings(max_examples=200, deadline=None)
@given(arrivals, services, core_counts)
def test_bounds_hold_everywhere(arrival: float, service: float, cores: int) -> None:
    """0 <= B <= C <= 1, the response time is at least S, and Little's law holds."""
    box = Box(arrival, service, cores)
    assert box.utilisation == pytest.approx(arrival * service / 1000 / cores)
    if not box.stable:
        assert box.mean_response_ms is None
        return
    c = box.wait_probability
    response = box.mean_response_ms
    assert c is not None and response is not None
    assert 0.0 <= erlang_b(cores, box.load) <= c * (1 + 1e-12)
    assert 0.0 <= c <= 1.0
    assert math.isfinite(response) and response >= service


@settings(max_examples=150, deadline=None)
@given(st.floats(0.01, 0.99), st.floats(0.01, 0.99), services, core_counts)
def test_more_traffic_never_helps(r1: float, r2: float, service: float, cores: int) -> None:
    """Waiting chance and response time only grow with the arrival rate."""
    low, high = sorted((r1, r2))
    a = Box(low * max_rps(service, cores), service, cores)
    b = Box(high * max_rps(service, cores), service, cores)
    assert a.wait_probability is not None and b.wait_probability is not None
    assert a.mean_response_ms is not None and b.mean_response_ms is not None
    assert a.wait_probability <= b.wait_probability * (1 + 1e-12)
    assert a.mean_response_ms <= b.mean_response_ms * (1 + 1e-12)


@settings(max_examples=150, deadline=None)
@given(arrivals, services, st.integers(min_value=1, max_value=255))
def test_one_more_core_never_hurts(arrival: float, service: float, cores: int) -> None:
    """Adding a core never raises the waiting chance or the response time."""
    fewer, more = Box(arrival, service, cores), Box(arrival, service, cores + 1)
    if not fewer.stable:
        return
    assert more.stable
    assert more.wait_probability is not None and fewer.wait_probability is not None
    assert more.mean_response_ms is not None and fewer.mean_response_ms is not None
    assert more.wait_probability <= fewer.wait_probability * (1 + 1e-12)
    assert more.mean_response_ms <= fewer.mean_response_ms * (1 + 1e-12)
