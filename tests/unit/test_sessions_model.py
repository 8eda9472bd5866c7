"""The sessions model: failures, deploys, and the closed form for rebalancing after a
scale-out, checked against a step-by-step numerical integration."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from widgets.sessions.model import (
    BALANCE_TOLERANCE,
    Fleet,
    balance_minutes,
    new_server_sessions,
    old_server_sessions,
)


def integrate(
    servers: int, added: int, users: float, session_minutes: float, steps_per_t: int = 2_000
) -> tuple[float, list[tuple[float, float, float]]]:
    """Step the fleet forward in small time steps (classic Runge-Kutta): every minute a
    share 1/T of each server's sessions ends, and U/T new logins spread evenly over all
    servers. Returns the first time an old server carries at most 10% more than a new
    one (linearly interpolated between steps) and the trajectory (t, old, new)."""
    k = servers + added
    logins_per_server = users / session_minutes / k
    dt = session_minutes / steps_per_t

    def slope(x: float) -> float:
        return logins_per_server - x / session_minutes

    def step(x: float) -> float:
        k1 = slope(x)
        k2 = slope(x + dt / 2 * k1)
        k3 = slope(x + dt / 2 * k2)
        k4 = slope(x + dt * k3)
        return x + dt / 6 * (k1 + 2 * k2 + 2 * k3 + k4)

    old, new, t = users / servers, 0.0, 0.0
    trajectory = [(t, old, new)]
    gap_before = old - (1 + BALANCE_TOLERANCE) * new
    for _ in range(steps_per_t * 20):
        old, new, t = step(old), step(new), t + dt
        trajectory.append((t, old, new))
        gap = old - (1 + BALANCE_TOLERANCE) * new
        if gap <= 0:
            return t - dt * gap / (gap - gap_before), trajectory
        gap_before = gap
    raise AssertionError("never balanced")


@pytest.mark.parametrize(
    ("servers", "added", "users", "session_minutes"),
    [
        (4, 4, 10_000, 30),  # the chapter's doubling
        (1, 1, 100, 10),
        (10, 1, 50_000, 20),  # one extra server: close to T ln 11
        (2, 20, 1_000, 60),  # a tenfold scale-out
        (100, 100, 1_000_000, 5),
        (3, 7, 333, 1_440),
    ],
)
def test_closed_form_matches_step_by_step_integration(
    servers: int, added: int, users: float, session_minutes: float
) -> None:
    """T ln(11 + 10 M/N) equals the balance time found by integrating the two rate equations."""
    found, _ = integrate(servers, added, users, session_minutes)
    assert balance_minutes(servers, added, session_minutes) == pytest.approx(found, rel=1e-6)


def test_curves_match_the_integration_everywhere() -> None:
    """o(t) and n(t) in closed form follow the integrated trajectory at every step."""
    _, trajectory = integrate(4, 4, 10_000, 30)
    for t, old, new in trajectory[::50]:
        assert old_server_sessions(t, 4, 4, 10_000, 30) == pytest.approx(old, rel=1e-9)
        assert new_server_sessions(t, 4, 4, 10_000, 30) == pytest.approx(new, rel=1e-9, abs=1e-9)


def test_worked_values() -> None:
    """Doubling 4 servers with 30-minute sessions: 30 ln 21 = 91.3 minutes; one server added
    to ten: 30 ln 12; the fill times T ln 2 and T ln 10."""
    assert balance_minutes(4, 4, 30) == pytest.approx(30 * math.log(21))
    assert balance_minutes(4, 4, 30) == pytest.approx(91.336, abs=1e-3)
    assert balance_minutes(10, 1, 30) == pytest.approx(30 * math.log(12))
    fleet = Fleet(4, 10_000, 30, 4, "in_memory_sticky")
    assert fleet.minutes_to_fill(0.5) == pytest.approx(30 * math.log(2))
    assert fleet.minutes_to_fill(0.9) == pytest.approx(30 * math.log(10))


def test_failures_and_deploys_by_store() -> None:
    """In memory: U/N per crash and U per deploy; with a shared store: 0, 0 and balance at once."""
    sticky = Fleet(5, 20_000, 30, 2, "in_memory_sticky")
    assert sticky.users_logged_out_per_failure == 4_000
    assert sticky.users_logged_out_per_deploy == 20_000
    assert sticky.minutes_to_balance == pytest.approx(30 * math.log(11 + 10 * 2 / 5))
    shared = Fleet(5, 20_000, 30, 2, "shared_store")
    assert shared.users_logged_out_per_failure == 0
    assert shared.users_logged_out_per_deploy == 0
    assert shared.minutes_to_balance == 0
    assert shared.sticky_balance_minutes == sticky.minutes_to_balance


fleets = st.builds(
    Fleet,
    servers=st.integers(1, 100),
    active_users=st.floats(10, 1e7),
    session_minutes=st.floats(1, 1_440),
    added_servers=st.integers(1, 100),
    store=st.just("in_memory_sticky"),
)


@settings(max_examples=200, deadline=None)
@given(fleets, st.floats(0, 1))
def test_users_are_conserved_and_balance_is_where_the_ratio_is_one_point_one(
    fleet: Fleet, share_of_balance: float
) -> None:
    """N o(t) + M n(t) = U at all times, o >= n, and o = 1.1 n exactly at the balance time."""
    t_balance = fleet.minutes_to_balance
    t = share_of_balance * 3 * t_balance
    total = fleet.servers * fleet.old_at(t) + fleet.added_servers * fleet.new_at(t)
    assert total == pytest.approx(fleet.active_users, rel=1e-9)
    assert fleet.old_at(t) >= fleet.new_at(t)
    assert fleet.old_at(t_balance) == pytest.approx(1.1 * fleet.new_at(t_balance), rel=1e-9)
    if t < t_balance * (1 - 1e-9):
        assert fleet.old_at(t) > 1.1 * fleet.new_at(t)


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 100), st.integers(1, 99), st.floats(1, 1_440))
def test_balance_time_monotone_and_bounded(servers: int, added: int, minutes: float) -> None:
    """More added servers take longer, more old ones shorter; never below T ln 11, linear in T."""
    t = balance_minutes(servers, added, minutes)
    assert t >= minutes * math.log(11) * (1 - 1e-12)
    assert balance_minutes(servers, added + 1, minutes) > t
    assert balance_minutes(servers + 1, added, minutes) < t
    assert balance_minutes(servers, added, 2 * minutes) == pytest.approx(2 * t)


@settings(max_examples=100, deadline=None)
@given(fleets, st.floats(10, 1e7))
def test_balance_time_does_not_depend_on_users(fleet: Fleet, other_users: float) -> None:
    """Only N, M and T set the balance time: the number of users cancels out."""
    other = Fleet(
        fleet.servers, other_users, fleet.session_minutes, fleet.added_servers, fleet.store
    )
    assert other.minutes_to_balance == pytest.approx(fleet.minutes_to_balance)


def test_seeded_simulation_of_single_sessions_follows_the_curves() -> None:
    """A seeded simulation of whole sessions (each ends at random, new logins pinned round
    robin over all servers) stays within 2% of o(t) and n(t): the rate equations follow
    from the stated assumptions."""
    import random

    rng = random.Random(7)
    servers, added, users, minutes = 4, 4, 40_000, 30.0
    dt = 0.1  # minutes per step; each session ends within a step with probability dt / T
    counts = [users // servers] * servers + [0] * added
    next_server = 0
    for step in range(1, 911):
        counts = [c - rng.binomialvariate(c, dt / minutes) for c in counts]
        logins = rng.binomialvariate(100 * users, dt / minutes / 100)  # mean U dt / T
        for _ in range(logins):
            counts[next_server] += 1
            next_server = (next_server + 1) % len(counts)
        if step in (300, 600, 910):
            t = step * dt
            old = sum(counts[:servers]) / servers
            new = sum(counts[servers:]) / added
            assert old == pytest.approx(old_server_sessions(t, 4, 4, users, minutes), rel=0.02)
            assert new == pytest.approx(new_server_sessions(t, 4, 4, users, minutes), rel=0.02)
