"""The replication-lag model: the contract's formulas, the M/M/1 sojourn time against a
seeded simulation, and quorum overlap against brute force."""

from __future__ import annotations

import itertools
import math
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from widgets.replication_lag.model import Replica, overlap, stale_curve


@pytest.mark.parametrize(
    ("write", "apply", "network", "read_after"),
    [
        (1_000, 1_200, 1, 10),  # the defaults
        (1_150, 1_200, 1, 10),  # near capacity
        (100, 10_000, 40, 45),  # cross-region, fast replica
        (1, 2, 0, 1_000),
        (50_000, 50_001, 200, 60_000),  # one spare write a second
    ],
)
def test_contract_formulas(write: float, apply: float, network: float, read_after: float) -> None:
    """mean lag = D + 1000/(mu - lambda); stale = exp(-(mu - lambda)(a - D)/1000);
    lost = lambda x lag / 1000, each written again from the contract."""
    replica = Replica(write, apply, network, read_after)
    lag = network + 1000 / (apply - write)
    assert replica.mean_lag_ms == pytest.approx(lag)
    assert replica.stale_read_probability == pytest.approx(
        math.exp(-(apply - write) * (read_after - network) / 1000)
    )
    assert replica.writes_lost_on_failover == pytest.approx(write * lag / 1000)


def test_worked_defaults() -> None:
    """1,000 writes/s, 1,200 apply, 1 ms, read after 10 ms: 6 ms lag, e^-1.8 stale, 6 writes."""
    replica = Replica(1_000, 1_200, 1, 10)
    assert replica.mean_lag_ms == pytest.approx(6.0)
    assert replica.stale_read_probability == pytest.approx(math.exp(-1.8))
    assert replica.writes_lost_on_failover == pytest.approx(6.0)
    assert replica.lag_quantile_ms(0.99) == pytest.approx(1 + 5 * math.log(100))


def test_reading_before_the_network_delay_is_always_stale() -> None:
    """a < D: probability 1; at a = D it is still 1 (continuous), then it falls."""
    assert Replica(1_000, 1_200, 40, 39.9).stale_read_probability == 1.0
    assert Replica(1_000, 1_200, 40, 40).stale_read_probability == pytest.approx(1.0)
    assert Replica(1_000, 1_200, 40, 41).stale_read_probability < 1.0


@pytest.mark.parametrize("write", [1_200, 1_500, 100_000])
def test_overloaded_replica_has_no_steady_lag(write: float) -> None:
    """lambda >= mu: no mean lag, no count of writes at risk, and every read-back stale in time."""
    replica = Replica(write, 1_200, 1, 10_000)
    assert not replica.stable
    assert replica.mean_lag_ms is None
    assert replica.writes_lost_on_failover is None
    assert replica.lag_quantile_ms(0.99) is None
    assert replica.stale_read_probability == 1.0


def simulate_sojourns(write: float, apply: float, count: int, seed: int) -> list[float]:
    """Seeded M/M/1 by Lindley's recursion: each write waits for the one ahead of it."""
    rng = random.Random(seed)
    wait, out = 0.0, []
    for _ in range(count):
        service = rng.expovariate(apply)
        out.append(wait + service)
        wait = max(0.0, wait + service - rng.expovariate(write))
    return out


@pytest.mark.parametrize(("write", "apply"), [(500, 1_000), (1_000, 1_200)])
def test_apply_time_is_exponential_with_rate_mu_minus_lambda(write: float, apply: float) -> None:
    """A simulated M/M/1 queue's sojourn times have the model's mean and exponential tail."""
    sojourns = simulate_sojourns(write, apply, 400_000, seed=3)[10_000:]
    replica = Replica(write, apply, 0.0, 0.0)
    mean_ms = 1000 * sum(sojourns) / len(sojourns)
    assert mean_ms == pytest.approx(replica.mean_apply_ms, rel=0.06)
    for ms in (2.0, 5.0, 10.0):
        simulated = sum(1 for s in sojourns if s * 1000 > ms) / len(sojourns)
        assert simulated == pytest.approx(replica.lag_exceeds(ms), abs=0.02)


@pytest.mark.parametrize("n", range(1, 7))
def test_quorum_overlap_against_brute_force(n: int) -> None:
    """w + r - n is the smallest intersection of any w-set and r-set of n copies, and reads
    always meet the latest write exactly when it is above 0."""
    copies = range(n)
    for w in range(1, n + 1):
        for r in range(1, n + 1):
            smallest = min(
                len(set(ws) & set(rs))
                for ws in itertools.combinations(copies, w)
                for rs in itertools.combinations(copies, r)
            )
            assert smallest == max(0, overlap(n, w, r))
            assert (smallest > 0) == (overlap(n, w, r) > 0)


replicas = st.builds(
    Replica,
    write_rps=st.floats(1, 100_000),
    apply_rps=st.floats(1, 200_000),
    network_ms=st.floats(0, 200),
    read_after_ms=st.floats(1, 60_000),
)


@settings(max_examples=300, deadline=None)
@given(replicas, st.floats(0, 1e4))
def test_probability_bounds_and_monotonicity(replica: Replica, later: float) -> None:
    """0 <= P <= 1; reading later never raises it; more writes never lower it."""
    p = replica.stale_read_probability
    assert 0.0 <= p <= 1.0
    waited = Replica(
        replica.write_rps, replica.apply_rps, replica.network_ms, replica.read_after_ms + later
    )
    assert waited.stale_read_probability <= p
    busier = Replica(
        replica.write_rps * 1.1, replica.apply_rps, replica.network_ms, replica.read_after_ms
    )
    assert busier.stale_read_probability >= p


@settings(max_examples=300, deadline=None)
@given(replicas)
def test_lag_grows_with_load_and_is_at_least_the_network_delay(replica: Replica) -> None:
    """The mean lag exceeds D, rises with the write rate, and Little's law links it to the writes at risk."""
    lag = replica.mean_lag_ms
    if lag is None:
        assert replica.write_rps >= replica.apply_rps
        return
    assert lag > replica.network_ms
    busier = Replica(
        replica.write_rps * 0.5 + replica.apply_rps * 0.5, replica.apply_rps, replica.network_ms, 1
    )
    if busier.write_rps > replica.write_rps and busier.mean_lag_ms is not None:
        assert busier.mean_lag_ms >= lag
    assert replica.writes_lost_on_failover == pytest.approx(replica.write_rps * lag / 1000)


def test_curve_starts_at_one_and_falls() -> None:
    """The chart's curve: 1 up to D, then decreasing, with the bend at D sampled."""
    replica = Replica(1_000, 1_200, 5, 10)
    curve = stale_curve(replica, 50.0)
    assert (5.0, 1.0) in curve
    assert all(p == 1.0 for x, p in curve if x <= 5.0)
    values = [p for _, p in curve]
    assert values == sorted(values, reverse=True)
    assert len(curve) <= 100
