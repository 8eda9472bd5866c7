"""The tier-split model against an independent M/M/c formula, a simulation and properties."""

from __future__ import annotations

import heapq
import itertools
import math
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import widgets.capacity.model as capacity
import widgets.tier_split.model as tier_split
from widgets.tier_split.model import Tiers, split_curve, split_response_ms


def mmc_response(arrival_rps: float, service_ms: float, cores: int) -> float:
    """M/M/c mean time in system from the closed form of Erlang C (Kleinrock), written
    again here: C = (a^c/c!) (c/(c-a)) / (sum_{k<c} a^k/k! + (a^c/c!) (c/(c-a)))."""
    a = arrival_rps * service_ms / 1000
    top = a**cores / math.factorial(cores) * cores / (cores - a)
    c = top / (sum(a**k / math.factorial(k) for k in range(cores)) + top)
    return service_ms + c * service_ms / (cores - a)


def test_reuses_the_capacity_model_rather_than_a_copy() -> None:
    """tier_split imports Box and max_rps from widgets.capacity.model (no second copy)."""
    assert tier_split.Box is capacity.Box
    assert tier_split.max_rps is capacity.max_rps


@pytest.mark.parametrize(
    ("arrival", "web", "db", "cores", "net"),
    [
        (150, 12, 8, 4, 0.5),  # the widget's defaults
        (100, 5, 20, 2, 1.0),  # the database is the bottleneck
        (190, 12, 8, 4, 0.0),  # one box at 95%
        (300, 12, 8, 4, 0.5),  # one box overloaded, split at 90% (web)
        (10, 10, 10, 1, 2.0),  # one core each, equal work
    ],
)
def test_outputs_follow_the_contract(
    arrival: float, web: float, db: float, cores: int, net: float
) -> None:
    """Capacities, both response times and the bottleneck, from the contract's formulas."""
    t = Tiers(arrival, web, db, cores, net)
    assert t.one_box_max_rps == pytest.approx(cores * 1000 / (web + db))
    assert t.split_max_rps == pytest.approx(min(cores * 1000 / web, cores * 1000 / db))
    assert t.bottleneck == ("database" if db > web else "web")
    if arrival < t.one_box_max_rps:
        assert t.one_box_response_ms == pytest.approx(
            mmc_response(arrival, web + db, cores), rel=1e-9
        )
    else:
        assert t.one_box_response_ms is None
    if arrival < t.split_max_rps:
        expected = mmc_response(arrival, web, cores) + mmc_response(arrival, db, cores) + net
        assert t.split_response_ms == pytest.approx(expected, rel=1e-9)
    else:
        assert t.split_response_ms is None


def simulate_two_tiers(
    arrival_rps: float, web_ms: float, db_ms: float, cores: int, requests: int, seed: int
) -> float:
    """Mean time through a web M/M/c queue then a database M/M/c queue, by simulation."""
    rng = random.Random(seed)
    clock, arrivals = 0.0, []
    for _ in range(requests):
        clock += rng.expovariate(arrival_rps / 1000)
        arrivals.append(clock)

    def fifo(times: list[float], mean: float) -> list[float]:
        free = [0.0] * cores  # when each core is next free
        out = []
        for t in times:
            start = max(t, heapq.heappop(free))
            done = start + rng.expovariate(1 / mean)
            heapq.heappush(free, done)
            out.append(done)
        return out

    web_done = fifo(arrivals, web_ms)
    order = sorted(range(requests), key=web_done.__getitem__)  # the database sees departures
    db_done = fifo([web_done[i] for i in order], db_ms)
    total = sum(db_done[k] - arrivals[i] for k, i in enumerate(order))
    return total / requests


def test_sum_of_the_two_queues_matches_a_simulation() -> None:
    """The split's mean (network aside) is the sum of two M/M/c means (Burke's theorem):
    a 120,000-request simulation agrees within 1.5% (its standard error is about 0.3%)."""
    simulated = simulate_two_tiers(150, 12, 8, 4, 120_000, seed=7)
    model = split_response_ms(150, 12, 8, 4, 0.0)
    assert model is not None
    assert simulated == pytest.approx(model, rel=0.015)


def test_split_curve_rises_to_the_top() -> None:
    """The split curve starts at web + db + network and climbs monotonically to the top."""
    points = split_curve(12, 8, 4, 0.5, 160)
    assert points[0] == (0.0, pytest.approx(20.5))
    assert all(b[1] >= a[1] for a, b in itertools.pairwise(points))
    assert points[-1][1] == pytest.approx(160, rel=1e-6)
    assert points[-1][0] < 1000 * 4 / 12


times_ms = st.floats(min_value=0.1, max_value=10_000.0)
arrivals = st.floats(min_value=1.0, max_value=100_000.0)


@settings(max_examples=200, deadline=None)
@given(arrivals, times_ms, times_ms, st.integers(1, 256), st.floats(0.0, 100.0))
def test_splitting_never_loses_capacity_or_speed(
    arrival: float, web: float, db: float, cores: int, net: float
) -> None:
    """Split capacity >= one box's; without the network hop the split is never slower."""
    t = Tiers(arrival, web, db, cores, net)
    assert t.split_max_rps >= t.one_box_max_rps
    one, split = t.one_box_response_ms, t.split_response_ms
    if one is not None:
        assert split is not None
        assert split - net <= one * (1 + 1e-9)
        assert split >= web + db + net
    if split is None:
        assert one is None


@settings(max_examples=100, deadline=None)
@given(times_ms, times_ms, st.integers(1, 256))
def test_bottleneck_is_the_first_box_to_saturate(web: float, db: float, cores: int) -> None:
    """Just above the split capacity, the named bottleneck box is the one overloaded."""
    t = Tiers(1.0, web, db, cores, 0.0)
    above = Tiers(t.split_max_rps * 1.001, web, db, cores, 0.0)
    named = above.db_box if t.bottleneck == "database" else above.web_box
    assert not named.stable
