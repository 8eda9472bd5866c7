"""The queue-backlog model: the contract's fluid formulas, a step-by-step simulation of
the backlog, and workers_needed against a brute-force search."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from widgets.queue_backlog.model import Burst, backlog_curve, workers_needed


def step_simulation(burst: Burst, dt: float) -> tuple[float, float, float]:
    """Advance the backlog in small steps of dt seconds: jobs in at the current rate, out at
    capacity while any wait. Returns the peak, when it empties after the burst, and the
    wait of the job that arrives as the burst ends (FIFO: the backlog ahead of it / c)."""
    c = burst.capacity_rps
    backlog, peak = 0.0, 0.0
    for _ in range(round(burst.burst_s / dt)):
        backlog = max(0.0, backlog + (burst.burst_rps - c) * dt)
        peak = max(peak, backlog)
    wait_at_end = backlog / c
    empty_after = 0.0
    while backlog > 0:
        backlog = max(0.0, backlog + (burst.arrival_rps - c) * dt)
        empty_after += dt
    return peak, empty_after, wait_at_end


@pytest.mark.parametrize(
    ("arrival", "burst_rate", "burst_s", "workers", "job_ms"),
    [
        (20, 100, 600, 12, 400),  # the defaults
        (20, 100, 600, 37, 400),
        (0.1, 100, 600, 8, 400),  # the chapter's email burst, almost nothing after it
        (5, 50, 60, 3, 100),
        (100, 100, 30, 20, 150),  # no burst at all
    ],
)
def test_contract_formulas_and_step_simulation(
    arrival: float, burst_rate: float, burst_s: float, workers: int, job_ms: float
) -> None:
    """capacity, peak, drain and wait from the contract, and the same from small time steps."""
    burst = Burst(arrival, burst_rate, burst_s, workers, job_ms, 60)
    c = workers * 1000 / job_ms
    assert burst.capacity_rps == pytest.approx(c)
    peak = max(0.0, burst_rate - c) * burst_s
    assert burst.peak_backlog == pytest.approx(peak)
    assert burst.drain_s == pytest.approx(peak / (c - arrival))
    assert burst.max_wait_s == pytest.approx(peak / c)
    simulated_peak, simulated_drain, simulated_wait = step_simulation(burst, dt=0.01)
    assert burst.peak_backlog == pytest.approx(simulated_peak, rel=1e-6, abs=1e-6)
    assert burst.drain_s == pytest.approx(simulated_drain, abs=0.02)
    assert burst.max_wait_s == pytest.approx(simulated_wait, rel=1e-6, abs=1e-6)


def test_worked_defaults() -> None:
    """100 jobs/s for 600 s against 30 jobs/s, 20 after: 42,000 jobs, 4,200 s, 1,400 s, 37 workers."""
    burst = Burst(20, 100, 600, 12, 400, 60)
    assert burst.capacity_rps == 30
    assert burst.peak_backlog == 42_000
    assert burst.drain_s == 4_200
    assert burst.max_wait_s == pytest.approx(1_400)
    assert burst.workers_needed == 37


@pytest.mark.parametrize(("workers", "arrival"), [(8, 20), (6, 20), (1, 100_000)])
def test_backlog_that_never_drains(workers: int, arrival: float) -> None:
    """arrival >= capacity: no peak, drain or wait; workers_needed still answers."""
    burst = Burst(arrival, max(arrival, 100), 600, workers, 400, 60)
    assert not burst.drains
    assert burst.peak_backlog is None and burst.drain_s is None and burst.max_wait_s is None
    assert burst.workers_needed * 1000 / 400 > arrival


def brute_force_workers(
    arrival: float, burst_rate: float, burst_s: float, job_ms: float, target: float
) -> int:
    """Count up from one worker until normal traffic fits and the longest wait meets the target."""
    workers = 1
    while True:
        c = workers * 1000 / job_ms
        if c > arrival and max(0.0, burst_rate - c) * burst_s / c <= target:
            return workers
        workers += 1


@pytest.mark.parametrize(
    ("arrival", "burst_rate", "burst_s", "job_ms", "target"),
    [
        (20, 100, 600, 400, 60),
        (20, 100, 600, 400, 600),
        (20, 100, 600, 400, 86_400),  # a lax target: normal traffic decides
        (0.1, 0.1, 1, 1, 1),
        (10, 1_000, 3_600, 2_000, 1),
        (7, 7, 10, 3_000, 5),
    ],
)
def test_workers_needed_against_brute_force(
    arrival: float, burst_rate: float, burst_s: float, job_ms: float, target: float
) -> None:
    """The closed-form bound, rounded, finds the same worker count as counting up one by one."""
    assert workers_needed(arrival, burst_rate, burst_s, job_ms, target) == brute_force_workers(
        arrival, burst_rate, burst_s, job_ms, target
    )


bursts = st.builds(
    Burst,
    arrival_rps=st.floats(0.1, 1_000),
    burst_rps=st.floats(0.1, 10_000),
    burst_s=st.floats(1, 86_400),
    workers=st.integers(1, 10_000),
    job_ms=st.floats(1, 3_600_000),
    wait_target_s=st.floats(1, 86_400),
).filter(lambda b: b.arrival_rps <= b.burst_rps)


@settings(max_examples=300, deadline=None)
@given(bursts)
def test_workers_needed_is_the_fewest_that_meet_the_target(burst: Burst) -> None:
    """With workers_needed the wait meets the target and normal traffic fits; with one fewer not."""
    needed = burst.workers_needed
    enough = Burst(burst.arrival_rps, burst.burst_rps, burst.burst_s, needed, burst.job_ms, 1)
    assert enough.drains
    assert enough.max_wait_s is not None and enough.max_wait_s <= burst.wait_target_s
    if needed > 1:
        fewer = Burst(
            burst.arrival_rps, burst.burst_rps, burst.burst_s, needed - 1, burst.job_ms, 1
        )
        assert not fewer.drains or (fewer.max_wait_s or 0) > burst.wait_target_s


@settings(max_examples=300, deadline=None)
@given(bursts)
def test_more_workers_never_hurt(burst: Burst) -> None:
    """One more worker: capacity up, and peak, drain and wait no larger."""
    more = Burst(
        burst.arrival_rps,
        burst.burst_rps,
        burst.burst_s,
        burst.workers + 1,
        burst.job_ms,
        burst.wait_target_s,
    )
    assert more.capacity_rps > burst.capacity_rps
    if burst.drains:
        for name in ("peak_backlog", "drain_s", "max_wait_s"):
            assert getattr(more, name) <= getattr(burst, name) * (1 + 1e-12) + 1e-12


@settings(max_examples=200, deadline=None)
@given(bursts)
def test_backlog_curve_peaks_at_the_end_of_the_burst(burst: Burst) -> None:
    """The chart's backlog is never negative, empty before the burst, and at most the peak."""
    drain = burst.drain_s
    t_end = 2 * burst.burst_s + (drain if drain is not None else 0.0)
    curve = backlog_curve(burst, t_end, 0.1 * t_end)
    assert curve[0][1] == 0.0
    assert all(b >= 0 for _, b in curve)
    if burst.peak_backlog is not None:
        assert max(b for _, b in curve) == pytest.approx(burst.peak_backlog)
        assert curve[-1][1] == pytest.approx(0.0, abs=1e-6 * max(1.0, burst.peak_backlog))
