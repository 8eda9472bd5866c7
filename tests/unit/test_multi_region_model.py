"""The multi-region model against the contract's formulas and an enumeration of outages."""

from __future__ import annotations

import itertools
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from widgets.multi_region.model import (
    MAX_REGIONS,
    Regions,
    availability_curve,
    availability_pct,
    nines,
    one_way_ms,
    sync_write_penalty_ms,
    writes_lost_on_failover,
)


@pytest.mark.parametrize(
    ("regions", "pct"), [(1, 99.9), (2, 99.9), (3, 99.9), (5, 90.0), (2, 99.999), (4, 99.5)]
)
def test_availability_matches_the_contract(regions: int, pct: float) -> None:
    """(1 - (1 - a)^regions) x 100, written again from the contract."""
    a = pct / 100
    assert availability_pct(pct, regions) == pytest.approx((1 - (1 - a) ** regions) * 100)


def test_one_region_is_the_region_itself() -> None:
    """One region: availability is the region's own; no penalty and no failover apply."""
    r = Regions(1, 99.9, 5585, 1000, "async", 200)
    assert r.availability_pct == pytest.approx(99.9)
    assert r.downtime_minutes == pytest.approx(43.2)
    assert r.sync_penalty_ms is None
    assert r.writes_lost is None
    assert not r.lag_below_floor


@pytest.mark.parametrize("regions", range(1, MAX_REGIONS + 1))
def test_matches_an_enumeration_of_region_states(regions: int) -> None:
    """Summing the probability of every up/down pattern with at least one region up gives
    the model's availability (independent failures)."""
    a = 0.97
    up = 0.0
    for states in itertools.product((True, False), repeat=regions):
        if any(states):
            up += math.prod(a if s else 1 - a for s in states)
    assert availability_pct(97.0, regions) == pytest.approx(100 * up, rel=1e-12)


@pytest.mark.parametrize(("km", "ms"), [(5585, 55.85), (100, 1.0), (20_000, 200.0), (10, 0.1)])
def test_sync_penalty_is_a_round_trip_over_fibre(km: float, ms: float) -> None:
    """distance / 100: light covers about 200 km per ms, there and back. New York to London
    (5,585 km) gives Grigorik's 56 ms round trip in fibre."""
    assert sync_write_penalty_ms(km) == pytest.approx(ms)
    assert one_way_ms(km) == pytest.approx(ms / 2)
    assert round(sync_write_penalty_ms(5585)) == 56


@pytest.mark.parametrize(("rps", "lag"), [(1000, 200), (3000, 500), (1, 1), (1e6, 60_000)])
def test_writes_lost(rps: float, lag: float) -> None:
    """Async: write_rps x lag_ms / 1000; sync: none."""
    assert writes_lost_on_failover(rps, lag, "async") == pytest.approx(rps * lag / 1000)
    assert writes_lost_on_failover(rps, lag, "sync") == 0.0
    r = Regions(2, 99.9, 5585, rps, "async", lag)
    assert r.writes_lost == pytest.approx(rps * lag / 1000)
    assert Regions(2, 99.9, 5585, rps, "sync", lag).writes_lost == 0.0


def test_lag_below_the_speed_of_light_is_flagged() -> None:
    """An async lag shorter than the one-way delay is impossible, and flagged; sync is not."""
    assert Regions(2, 99.9, 5585, 1000, "async", 20).lag_below_floor
    assert not Regions(2, 99.9, 5585, 1000, "async", 28).lag_below_floor
    assert not Regions(2, 99.9, 5585, 1000, "sync", 20).lag_below_floor


def test_curve_is_nines_by_region_count() -> None:
    """The chart's curve: 3, 6, 9, ... nines for regions at 99.9%."""
    curve = availability_curve(99.9)
    assert [x for x, _ in curve] == [1.0, 2.0, 3.0, 4.0, 5.0]
    assert [round(y, 9) for _, y in curve] == [3, 6, 9, 12, 15]
    assert nines(1e-6) == pytest.approx(6)


@settings(max_examples=200, deadline=None)
@given(st.integers(1, MAX_REGIONS - 1), st.floats(90.0, 99.999))
def test_another_region_never_hurts(regions: int, pct: float) -> None:
    """Adding a region never lowers the (independent) availability; it stays within 0-100."""
    lower, higher = availability_pct(pct, regions), availability_pct(pct, regions + 1)
    assert 0 < lower <= higher <= 100
    assert (
        Regions(regions + 1, pct, 100, 1, "async", 1).unavailability
        <= Regions(regions, pct, 100, 1, "async", 1).unavailability
    )


@settings(max_examples=200, deadline=None)
@given(st.floats(10, 20_000), st.floats(1, 1e6), st.floats(1, 60_000))
def test_costs_grow_with_distance_lag_and_writes(km: float, rps: float, lag: float) -> None:
    """The penalty grows with distance, the loss with lag, and in proportion with writes."""
    assert sync_write_penalty_ms(km * 1.5) > sync_write_penalty_ms(km) > 0
    assert writes_lost_on_failover(rps, lag * 2, "async") > writes_lost_on_failover(
        rps, lag, "async"
    )
    assert writes_lost_on_failover(rps * 2, lag, "async") == pytest.approx(
        2 * writes_lost_on_failover(rps, lag, "async")
    )  # in proportion to the write rate, as rps x lag is
